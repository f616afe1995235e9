// A Sentinel CSV export: every row becomes a JSON object, and when the export is
// valid UTF-8 that object must be valid JSON (the engine parses it next), read
// whole or read back from the row's own bytes.
#include "sentinel_csv.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using namespace sharescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    looksLikeSentinelCsv(bytes, size);
    const bool utf8 = simdjson::validate_utf8(bytes, size);
    CsvReader reader(bytes, size);
    std::vector<std::string> header, row;
    size_t start = 0, end = 0;
    if (!reader.next(header, start, end))
        return 0;
    const std::string_view headerLine(bytes + start, end - start);
    const std::vector<std::string> columns = sentinelColumns(header);
    simdjson::dom::parser parser;
    simdjson::dom::element value;
    CsvDateReading dates;
    const size_t timeColumn = static_cast<size_t>(std::find(columns.begin(), columns.end(), "TimeGenerated") - columns.begin());
    while (reader.next(row, start, end)) {
        if (start > end || end > size)
            std::abort();
        if (timeColumn < row.size())
            dates.note(row[timeColumn]);
        const std::string json = sentinelRowJson(columns, row, dates);
        if (utf8 && parser.parse(json).get(value) != simdjson::SUCCESS)
            std::abort();
        sentinelRowJsonFromText(headerLine, std::string_view(bytes + start, end - start), dates.fileOrder());
    }
    dates.notice();
    return 0;
}
