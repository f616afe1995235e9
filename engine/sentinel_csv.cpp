#include "sentinel_csv.h"

#include "alert_format.h"

#include <algorithm>
#include <cstdio>

namespace sharescope {

bool looksLikeSentinelCsv(const char *data, size_t size)
{
    std::string_view head(data, std::min<size_t>(size, 8192));
    head = head.substr(0, head.find('\n'));
    const auto has = [&](std::string_view name) { return head.find(name) != std::string_view::npos; };
    return (has("EventName") && (has("RequestParameters") || has("AwsEventId")))
        || (has("\"eventname\"") && has("\"requestparameters\""));  // Athena's results (all fields quoted)
}

bool CsvReader::next(std::vector<std::string> &fields, size_t &start, size_t &end)
{
    fields.clear();
    // Skip blank lines between records.
    while (m_pos < m_size && (m_data[m_pos] == '\n' || m_data[m_pos] == '\r'))
        ++m_pos;
    if (m_pos >= m_size)
        return false;
    start = m_pos;
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (;;) {
        if (m_pos >= m_size) {
            if (quoted)
                m_error = "a quoted field is not closed before the end of the file (from byte " + std::to_string(start) + ")";
            fields.push_back(std::move(field));
            end = m_pos;
            return true;
        }
        const char c = m_data[m_pos++];
        if (quoted) {
            if (c == '"') {
                if (m_pos < m_size && m_data[m_pos] == '"') {
                    field += '"';
                    ++m_pos;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
            end = m_pos - 1;
            if (c == '\r' && m_pos < m_size && m_data[m_pos] == '\n')
                ++m_pos;
            fields.push_back(std::move(field));
            return true;
        } else {
            field += c;
        }
    }
}

std::vector<std::string> sentinelColumns(const std::vector<std::string> &header)
{
    std::vector<std::string> out;
    for (std::string name : header) {
        if (size_t bracket = name.find(" ["); bracket != std::string::npos)
            name.resize(bracket);  // "TimeGenerated [UTC]"
        out.push_back(std::move(name));
    }
    return out;
}

namespace {

// "21/04/2025, 09:45:54.000" (the portal's locale format) -> "2025-04-21T09:45:54.000Z".
// Day first, as the portal writes it outside the US, unless only the second number can be a day.
std::string isoTime(const std::string &s)
{
    int a, b, y, h, m, sec, ms = 0;
    if (std::sscanf(s.c_str(), "%d/%d/%d, %d:%d:%d.%d", &a, &b, &y, &h, &m, &sec, &ms) < 6)
        return s;
    int day = a, month = b;
    if (b > 12 && a <= 12)
        std::swap(day, month);
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, month, day, h, m, sec, ms);
    return out;
}

} // namespace

std::string sentinelRowJson(const std::vector<std::string> &columns, const std::vector<std::string> &row)
{
    std::string out = "{";
    for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, columns[i]);
        out += ':';
        appendJsonString(out, columns[i] == "TimeGenerated" ? isoTime(row[i]) : row[i]);
    }
    return out + '}';
}

std::string sentinelRowJsonFromText(std::string_view headerLine, std::string_view rowText)
{
    std::vector<std::string> header, row;
    size_t start, end;
    CsvReader h(headerLine.data(), headerLine.size());
    CsvReader r(rowText.data(), rowText.size());
    if (!h.next(header, start, end) || !r.next(row, start, end))
        return {};
    return sentinelRowJson(sentinelColumns(header), row);
}

} // namespace sharescope
