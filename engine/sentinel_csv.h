#pragma once
// Sentinel's AWSCloudTrail table exported as CSV (RFC 4180): a header naming the
// columns, one row per event, JSON columns (RequestParameters, ...) as text.
// Each row becomes the same JSON object a JSON export would hold, so the rest of
// the engine reads it as any other Sentinel row.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

// A header line that names EventName and RequestParameters (or AwsEventId), or
// Athena's CSV results of `sharescope query --select` ("eventname", "requestparameters"):
// the rows of both are read the same way, as objects of their columns (event_format.h).
bool looksLikeSentinelCsv(const char *data, size_t size);

class CsvReader {
public:
    CsvReader(const char *data, size_t size) : m_data(data), m_size(size) {}
    // Reads the next record into `fields`; `start`/`end` delimit it. False at the end.
    // A quote left open at the end of the data sets error().
    bool next(std::vector<std::string> &fields, size_t &start, size_t &end);
    const std::string &error() const { return m_error; }
    size_t position() const { return m_pos; }  // where the next record starts

private:
    const char *m_data;
    size_t m_size, m_pos = 0;
    std::string m_error;
};

// Column names without the export's " [UTC]" suffixes.
std::vector<std::string> sentinelColumns(const std::vector<std::string> &header);
// One row as a JSON object of strings; TimeGenerated's locale format becomes ISO 8601.
std::string sentinelRowJson(const std::vector<std::string> &columns, const std::vector<std::string> &row);

// The JSON object for a row read back by its byte range (the header is re-read from the file's start).
std::string sentinelRowJsonFromText(std::string_view headerLine, std::string_view rowText);

} // namespace sharescope
