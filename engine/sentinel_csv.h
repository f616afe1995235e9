#pragma once
// Sentinel's AWSCloudTrail table exported as CSV (RFC 4180): a header naming the
// columns, one row per event, JSON columns (RequestParameters, ...) as text.
// Each row becomes the same JSON object a JSON export would hold, so the rest of
// the engine reads it as any other Sentinel row.
//
// The portal writes `TimeGenerated [UTC]` in the browser's locale ("21/04/2025,
// 09:45:54.000", "4/21/2025, 9:45:54.000 AM", "2020/10/16 0:00:01.403"), not in
// ISO 8601 (MicrosoftDocs/azure-docs#66181: the export was changed "to match the
// UI"). So whether 04/05/2025 is 4 May or 5 April is decided per file, from all of
// its dates (CsvDateReading). ISO 8601 times are read as they are.

#include <cstddef>
#include <cstdint>
#include <optional>
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

// Which of a locale date's first two numbers is the day.
enum class DateOrder { DayFirst, MonthFirst };

// When no date of a file settles it: day first, as most of the locales the portal
// formats for write it (en-GB, fr, de, es, it, pt, ...) and as ShareScope always read
// these exports; a US export is month-first and settles itself as soon as one date
// falls after the 12th. Which reading a file got is always said (notice()).
constexpr DateOrder kDefaultDateOrder = DateOrder::DayFirst;

// How one file's TimeGenerated dates are read: decided per file, never per row.
// A date whose first number is over 12 shows the file is day-first; one whose second
// number is over 12, month-first; both in one file make it inconsistent (each date
// that only one reading fits is read that way). Dates that fit both (04/05/2025)
// follow the file; when nothing in the file settles it, kDefaultDateOrder.
//
// A reader sees a file a window at a time and cannot look ahead at every row, and
// memory must stay bounded; so the order is settled on the way: note() takes every
// row's date as it comes (cheap: a few numbers), iso() reads a date with what the file
// has shown so far. If the whole file then settles on another order than some
// ambiguous date was read with (04/05 read day-first before 04/21 came), the file
// is read again with that order forced (needsSecondPass(); the scanner does it): one
// extra pass for such files only, and every date read as the whole file says.
class CsvDateReading {
public:
    CsvDateReading() = default;
    // `forced`: ambiguous dates are read in that order whatever the file shows (a second pass).
    explicit CsvDateReading(std::optional<DateOrder> forced) : m_forced(forced) {}

    // Takes one row's TimeGenerated text as evidence (every row, before iso() for it).
    void note(std::string_view text);
    // The row's time as ISO 8601 ("2025-04-21T09:45:54.000Z"); text that is not a date is returned as it is.
    std::string iso(std::string_view text);

    // The order the whole file settles on (after every row was noted).
    DateOrder fileOrder() const;
    // Some ambiguous date was read in another order than fileOrder(): read the file again with it forced.
    bool needsSecondPass() const;
    // What the analyst must be told, or "": "dates like 04/05/2025 read as day/month
    // (4 May 2025), the default: no date in the file settles it (…)", or that the file
    // mixes both orders. Nothing when the file settles its order.
    std::string notice() const;

private:
    DateOrder orderSoFar() const;

    std::optional<DateOrder> m_forced;
    uint64_t m_dayFirst = 0, m_monthFirst = 0, m_ambiguous = 0;  // rows of each kind
    uint64_t m_readDayFirst = 0, m_readMonthFirst = 0;           // ambiguous dates iso() read each way
    std::string m_dayFirstExample, m_monthFirstExample, m_ambiguousExample;
};

// Column names without the export's " [UTC]" suffixes.
std::vector<std::string> sentinelColumns(const std::vector<std::string> &header);
// One row as a JSON object of strings; TimeGenerated becomes ISO 8601 as `dates` reads it.
std::string sentinelRowJson(const std::vector<std::string> &columns, const std::vector<std::string> &row, CsvDateReading &dates);

// The JSON object for a row read back by its byte range (the header is re-read from the
// file's start), its date read in `order` (the order the scan settled on for that file).
std::string sentinelRowJsonFromText(std::string_view headerLine, std::string_view rowText, DateOrder order);

} // namespace sharescope
