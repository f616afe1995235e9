#include "alert_format.h"

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

void appendField(std::string &out, std::string_view key, const OptString &value)
{
    out += ',';
    appendJsonString(out, key);
    out += ':';
    if (value)
        appendJsonString(out, *value);
    else
        out += "null";
}

// The columns of the CSV and table formats, in order.
struct Column {
    const char *title;
    std::string (*get)(const Alert &, const std::string &path);
};

std::string orEmpty(const OptString &s) { return s ? *s : std::string(); }

const std::array<Column, 18> kColumns = {{
    {"eventTime", [](const Alert &a, const std::string &) { return orEmpty(a.eventTime); }},
    {"eventName", [](const Alert &a, const std::string &) { return orEmpty(a.eventName); }},
    {"resourceType", [](const Alert &a, const std::string &) { return a.resourceType; }},
    {"sharedResourceId", [](const Alert &a, const std::string &) { return orEmpty(a.sharedResourceId); }},
    {"addedAccount", [](const Alert &a, const std::string &) { return a.addedAccount; }},
    {"actorAccountId", [](const Alert &a, const std::string &) { return orEmpty(a.actorAccountId); }},
    {"userAccount", [](const Alert &a, const std::string &) { return orEmpty(a.userAccount); }},
    {"sourceIPAddress", [](const Alert &a, const std::string &) { return orEmpty(a.sourceIp); }},
    {"awsRegion", [](const Alert &a, const std::string &) { return orEmpty(a.awsRegion); }},
    {"errorCode", [](const Alert &a, const std::string &) { return orEmpty(a.errorCode); }},
    {"eventSource", [](const Alert &a, const std::string &) { return orEmpty(a.eventSource); }},
    {"eventID", [](const Alert &a, const std::string &) { return orEmpty(a.eventId); }},
    {"actorArn", [](const Alert &a, const std::string &) { return orEmpty(a.actorArn); }},
    {"userAgent", [](const Alert &a, const std::string &) { return orEmpty(a.userAgent); }},
    {"source", [](const Alert &a, const std::string &path) { return path + ':' + std::to_string(a.location.record); }},
    {"severity", [](const Alert &a, const std::string &) { return a.severity; }},
    {"granteeKind", [](const Alert &a, const std::string &) { return a.granteeKind; }},
    {"sentinel", [](const Alert &a, const std::string &) { return std::string(a.extended ? (a.sentinel ? "yes" : "no") : ""); }},
}};

std::string csvField(const std::string &value, bool toTerminal)
{
    // A cell that a spreadsheet would run as a formula gets a leading apostrophe:
    // user agents and names in the logs are chosen by whoever made the call.
    std::string s = toTerminal ? printable(value) : value;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        s.insert(s.begin(), '\'');
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

std::string printable(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            out += '?';
            continue;
        }
        // C1 controls (U+0080-U+009F: C2 80-9F) and bidirectional overrides and
        // isolates (U+202A-U+202E, U+2066-U+2069: E2 80 AA-AE, E2 81 A6-A9) can drive a
        // terminal or make one account id look like another.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            out += '?';
            ++i;
            continue;
        }
        if (c == 0xE2 && i + 2 < s.size()) {
            const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
            if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
                out += '?';
                i += 2;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    return out;
}

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
    appendJsonString(out, "eventID");
    out += ':';
    if (a.eventId)
        appendJsonString(out, *a.eventId);
    else
        out += "null";
    appendField(out, "eventTime", a.eventTime);
    appendField(out, "eventName", a.eventName);
    appendField(out, "eventSource", a.eventSource);
    appendField(out, "awsRegion", a.awsRegion);
    appendField(out, "resourceType", a.resourceType);
    appendField(out, "sharedResourceId", a.sharedResourceId);
    if (a.extended && a.addedAccount.empty())
        appendField(out, "addedAccount", OptString());  // the grantee is no account
    else
        appendField(out, "addedAccount", a.addedAccount);
    appendField(out, "actorAccountId", a.actorAccountId);
    appendField(out, "userAccount", a.userAccount);
    appendField(out, "actorArn", a.actorArn);
    appendField(out, "sourceIPAddress", a.sourceIp);
    appendField(out, "userAgent", a.userAgent);
    appendField(out, "errorCode", a.errorCode);
    appendField(out, "matchedPath", a.firingPath);
    if (a.extended) {
        auto list = [&](const char *key, const std::vector<std::string> &values) {
            out += ",\"";
            out += key;
            out += "\":[";
            for (size_t i = 0; i < values.size(); ++i) {
                out += i ? "," : "";
                appendJsonString(out, values[i]);
            }
            out += ']';
        };
        appendField(out, "granteeKind", a.granteeKind);
        appendField(out, "grantee", a.grantee);
        if (!a.granteeName.empty())
            appendField(out, "granteeName", a.granteeName);
        out += std::string(",\"public\":") + (a.isPublic ? "true" : "false");
        list("conditions", a.conditions);
        list("access", a.access);
        appendField(out, "outcome", std::string(a.errorCode ? "failed" : "succeeded"));
        appendField(out, "severity", a.severity);
        out += std::string(",\"sentinel\":") + (a.sentinel ? "true" : "false");
        appendField(out, "revokedAt", a.revokedAt);
        if (!a.cannotEvaluate.empty())
            appendField(out, "cannotEvaluate", a.cannotEvaluate);
    }
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
    switch (format) {
    case OutputFormat::Jsonl:
        for (const Alert &a : alerts)
            out << (toTerminal ? printable(alertToJson(a, pathOf(a))) : alertToJson(a, pathOf(a))) << '\n';
        return;
    case OutputFormat::Csv:
        for (size_t i = 0; i < kColumns.size(); ++i)
            out << (i ? "," : "") << kColumns[i].title;
        out << "\r\n";
        for (const Alert &a : alerts) {
            for (size_t i = 0; i < kColumns.size(); ++i)
                out << (i ? "," : "") << csvField(kColumns[i].get(a, pathOf(a)), toTerminal);
            out << "\r\n";
        }
        return;
    case OutputFormat::Table: {
        // The table shows the columns an analyst reads first; jsonl and csv carry everything.
        std::vector<size_t> shown = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        if (!alerts.empty() && alerts.front().extended)
            shown = {0, 15, 1, 2, 3, 4, 16, 5, 6, 9, 17};
        std::vector<std::vector<std::string>> cells;
        std::vector<size_t> width;
        std::vector<std::string> header;
        for (size_t c : shown) {
            header.emplace_back(kColumns[c].title);
            width.push_back(header.back().size());
        }
        for (const Alert &a : alerts) {
            std::vector<std::string> row;
            for (size_t i = 0; i < shown.size(); ++i) {
                row.push_back(printable(kColumns[shown[i]].get(a, pathOf(a))));
                if (row.back().empty())
                    row.back() = shown[i] == 9 ? "ok" : "-";
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
