#include "alert_format.h"

#include "alert_fields.h"
#include "alert_key.h"
#include "text_safety.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace sharescope {

void appendJsonString(std::string &out, std::string_view s)
{
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

namespace {

std::string csvField(const std::string &value);

} // namespace

std::string csvCell(const std::string &value)
{
    return csvField(value);
}

std::vector<AlertField> csvColumns(bool extended)
{
    std::vector<AlertField> columns;
    for (const FieldSpec &spec : kAlertFields)
        if (fieldApplies(spec, extended))
            columns.push_back(spec.field);
    return columns;
}

namespace {

std::string csvField(const std::string &value)
{
    // User agents and names in the logs are chosen by whoever made the call: no formula,
    // no raw control byte and no invisible character reaches the spreadsheet (text_safety.h).
    const std::string s = csvSafeText(value);
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace

namespace {

size_t displayWidth(const std::string &s)
{
    // Count UTF-8 code points, not bytes, so that columns line up.
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

std::string alertToJson(const Alert &a, const std::string &filePath)
{
    std::string out = "{";
    for (const FieldSpec &spec : kAlertFields) {
        if (!fieldApplies(spec, a.extended))
            continue;
        const FieldValue v = fieldValue(a, spec.field);
        if (v.kind == FieldValue::Kind::Null && spec.has(field_flags::OmitWhenEmpty))
            continue;
        if (out.size() > 1)
            out += ',';
        appendJsonString(out, spec.key);
        out += ':';
        switch (v.kind) {
        case FieldValue::Kind::Null: out += "null"; break;
        case FieldValue::Kind::Text: appendJsonString(out, v.text); break;
        case FieldValue::Kind::Bool: out += v.flag ? "true" : "false"; break;
        case FieldValue::Kind::Number: out += std::to_string(v.number); break;
        case FieldValue::Kind::List:
            out += '[';
            for (size_t i = 0; i < v.list->size(); ++i) {
                out += i ? "," : "";
                appendJsonString(out, (*v.list)[i]);
            }
            out += ']';
            break;
        }
    }
    out += ",\"alertKey\":";
    appendJsonString(out, alertKeyText(a));
    out += ",\"source\":{\"file\":";
    appendJsonString(out, filePath);
    out += ",\"record\":" + std::to_string(a.location.record) + ",\"offset\":" + std::to_string(a.location.offset)
        + ",\"length\":" + std::to_string(a.location.length)
        + (a.location.inner >= 0 ? ",\"inner\":" + std::to_string(a.location.inner) : std::string()) + "}}";
    return out;
}

void writeAlerts(std::ostream &out, OutputFormat format, const std::vector<Alert> &alerts,
                 const std::vector<std::string> &filePaths, bool toTerminal)
{
    auto pathOf = [&](const Alert &a) -> const std::string & { return filePaths.at(a.location.fileIndex); };
    const bool extended = !alerts.empty() && alerts.front().extended;
    switch (format) {
    case OutputFormat::Jsonl:
        for (const Alert &a : alerts)
            out << (toTerminal ? printable(alertToJson(a, pathOf(a))) : alertToJson(a, pathOf(a))) << '\n';
        return;
    case OutputFormat::Csv: {
        // Every field the jsonl carries (lists joined by "; "), then where the event is.
        const std::vector<AlertField> columns = csvColumns(extended || alerts.empty());
        for (size_t i = 0; i < columns.size(); ++i)
            out << (i ? "," : "") << fieldSpec(columns[i]).key;
        out << ",source\r\n";
        for (const Alert &a : alerts) {
            for (size_t i = 0; i < columns.size(); ++i)
                out << (i ? "," : "") << csvField(fieldText(a, columns[i]));
            out << ',' << csvField(pathOf(a) + ':' + std::to_string(a.location.record)) << "\r\n";
        }
        return;
    }
    case OutputFormat::Table: {
        // The columns an analyst reads first; jsonl and csv carry everything.
        std::vector<AlertField> shown;
        for (const FieldSpec &spec : kAlertFields)
            if (spec.has(extended ? field_flags::TableExtended : field_flags::TableSentinel))
                shown.push_back(spec.field);
        std::vector<std::vector<std::string>> cells;
        std::vector<size_t> width;
        std::vector<std::string> header;
        for (AlertField f : shown) {
            header.emplace_back(fieldSpec(f).key);
            width.push_back(header.back().size());
        }
        for (const Alert &a : alerts) {
            std::vector<std::string> row;
            for (size_t i = 0; i < shown.size(); ++i) {
                row.push_back(printable(fieldText(a, shown[i])));
                if (row.back().empty())
                    row.back() = *fieldSpec(shown[i]).whenAbsent ? fieldSpec(shown[i]).whenAbsent : "-";
                width[i] = std::max(width[i], displayWidth(row.back()));
            }
            cells.push_back(std::move(row));
        }
        auto printRow = [&](const std::vector<std::string> &row) {
            std::string line;
            for (size_t i = 0; i < row.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size())
                    line += std::string(width[i] - displayWidth(row[i]) + 2, ' ');
            }
            out << line << '\n';
        };
        printRow(header);
        for (const auto &row : cells)
            printRow(row);
        return;
    }
    }
}

} // namespace sharescope
