#include "sentinel_csv.h"

#include "alert_format.h"
#include "event_time.h"

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

// A time as the portal writes it in a locale: two numbers and a four-digit year, or the
// year first ("2020/10/16"); '/' or '.' between them; then ", " or " " and H:MM[:SS[.fff]],
// and AM/PM in 12-hour locales.
struct LocaleTime {
    std::string_view date;  // "04/05/2025", for messages
    int a = 0, b = 0, year = 0;  // the numbers in their order (year-first: a is the month, b the day)
    bool yearFirst = false;
    int hour = 0, minute = 0, second = 0, ms = 0;
};

bool number(std::string_view s, size_t &at, int maxDigits, int &out, int *digits = nullptr)
{
    int n = 0, count = 0;
    while (at < s.size() && count < maxDigits && s[at] >= '0' && s[at] <= '9') {
        n = n * 10 + (s[at++] - '0');
        ++count;
    }
    if (digits)
        *digits = count;
    out = n;
    return count > 0;
}

std::optional<LocaleTime> parseLocaleTime(std::string_view s)
{
    LocaleTime t;
    size_t at = 0;
    int n1, n2, n3, d1, d3;
    if (!number(s, at, 4, n1, &d1) || at >= s.size() || (s[at] != '/' && s[at] != '.'))
        return std::nullopt;
    const char sep = s[at++];
    if (!number(s, at, 2, n2) || at >= s.size() || s[at] != sep)
        return std::nullopt;
    ++at;
    if (!number(s, at, 4, n3, &d3))
        return std::nullopt;
    if (d1 == 4) {
        t.yearFirst = true;
        t.year = n1, t.a = n2, t.b = n3;
    } else if (d3 == 4 && d1 <= 2) {
        t.a = n1, t.b = n2, t.year = n3;
    } else {
        return std::nullopt;
    }
    t.date = s.substr(0, at);
    if (at < s.size() && s[at] == ',')
        ++at;
    if (at >= s.size() || s[at] != ' ')
        return std::nullopt;
    while (at < s.size() && s[at] == ' ')
        ++at;
    if (!number(s, at, 2, t.hour) || at >= s.size() || s[at] != ':' || !number(s, ++at, 2, t.minute))
        return std::nullopt;
    if (at < s.size() && s[at] == ':' && !number(s, ++at, 2, t.second))
        return std::nullopt;
    if (at < s.size() && s[at] == '.') {
        // Milliseconds from the first three digits of the fraction (".5" is 500 ms).
        int scale = 100, digits = 0;
        for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++digits, scale /= 10)
            t.ms += scale > 0 ? (s[at] - '0') * scale : 0;
        if (digits == 0)
            return std::nullopt;
    }
    while (at < s.size() && s[at] == ' ')
        ++at;
    if (at + 2 <= s.size() && (s[at + 1] == 'M' || s[at + 1] == 'm')) {
        const char ap = s[at];
        if ((ap != 'A' && ap != 'a' && ap != 'P' && ap != 'p') || t.hour < 1 || t.hour > 12)
            return std::nullopt;
        t.hour = t.hour % 12 + (ap == 'P' || ap == 'p' ? 12 : 0);
        at += 2;
    }
    while (at < s.size() && s[at] == ' ')
        ++at;
    if (at != s.size() || t.hour > 23 || t.minute > 59 || t.second > 60)
        return std::nullopt;
    return t;
}

enum class Kind { NotADate, Settled, DayFirst, MonthFirst, Ambiguous };

// What one date says about the file's order. Settled: ISO, year-first, or both numbers equal.
Kind kindOf(const LocaleTime &t)
{
    if (!t.yearFirst && (t.a < 1 || t.b < 1 || t.a > 31 || t.b > 31))
        return Kind::NotADate;
    if (t.yearFirst || t.a == t.b)
        return Kind::Settled;
    if (t.a > 12 && t.b <= 12)
        return Kind::DayFirst;
    if (t.b > 12 && t.a <= 12)
        return Kind::MonthFirst;
    return t.a <= 12 && t.b <= 12 ? Kind::Ambiguous : Kind::NotADate;
}

const char *monthName(int m)
{
    static const char *const kNames[] = {"January", "February", "March", "April", "May", "June",
                                         "July", "August", "September", "October", "November", "December"};
    return m >= 1 && m <= 12 ? kNames[m - 1] : "?";
}

// "dates like 04/05/2025 read as day/month (4 May 2025)"
std::string readingOf(const std::string &example, DateOrder order)
{
    const std::optional<LocaleTime> t = parseLocaleTime(example + " 00:00");
    std::string out = "dates like " + example + " read as " + (order == DateOrder::DayFirst ? "day/month" : "month/day");
    if (t) {
        const int day = order == DateOrder::DayFirst ? t->a : t->b, month = order == DateOrder::DayFirst ? t->b : t->a;
        out += " (" + std::to_string(day) + ' ' + monthName(month) + ' ' + std::to_string(t->year) + ')';
    }
    return out;
}

} // namespace

void CsvDateReading::note(std::string_view text)
{
    const std::optional<LocaleTime> t = parseLocaleTime(text);
    if (!t)
        return;  // ISO 8601, or not a time: says nothing about the order
    auto keep = [&](uint64_t &count, std::string &example) {
        if (count++ == 0)
            example = std::string(t->date);
    };
    switch (kindOf(*t)) {
    case Kind::DayFirst: keep(m_dayFirst, m_dayFirstExample); break;
    case Kind::MonthFirst: keep(m_monthFirst, m_monthFirstExample); break;
    case Kind::Ambiguous: keep(m_ambiguous, m_ambiguousExample); break;
    default: break;
    }
}

DateOrder CsvDateReading::orderSoFar() const
{
    if (m_dayFirst > 0 && m_monthFirst == 0)
        return DateOrder::DayFirst;
    if (m_monthFirst > 0 && m_dayFirst == 0)
        return DateOrder::MonthFirst;
    return kDefaultDateOrder;  // nothing settles it yet, or the file mixes both
}

DateOrder CsvDateReading::fileOrder() const
{
    return orderSoFar();  // once every row is noted, what the file shows so far is what it shows
}

bool CsvDateReading::needsSecondPass() const
{
    return (fileOrder() == DateOrder::DayFirst ? m_readMonthFirst : m_readDayFirst) > 0;
}

std::string CsvDateReading::iso(std::string_view text)
{
    const std::optional<LocaleTime> t = parseLocaleTime(text);
    if (!t)
        return std::string(text);
    int day, month;
    switch (kindOf(*t)) {
    case Kind::NotADate:
        return std::string(text);
    case Kind::DayFirst: day = t->a, month = t->b; break;
    case Kind::MonthFirst: day = t->b, month = t->a; break;
    case Kind::Settled: day = t->yearFirst ? t->b : t->a, month = t->yearFirst ? t->a : t->b; break;
    case Kind::Ambiguous: {
        const DateOrder order = m_forced.value_or(orderSoFar());
        ++(order == DateOrder::DayFirst ? m_readDayFirst : m_readMonthFirst);
        day = order == DateOrder::DayFirst ? t->a : t->b;
        month = order == DateOrder::DayFirst ? t->b : t->a;
        break;
    }
    }
    if (!isCivilDate(t->year, month, day))
        return std::string(text);
    char out[48];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t->year, month, day, t->hour, t->minute, t->second, t->ms);
    return out;
}

std::string CsvDateReading::notice() const
{
    const DateOrder order = fileOrder();
    if (m_dayFirst > 0 && m_monthFirst > 0) {
        std::string out = "its dates are written both day first (" + m_dayFirstExample + ") and month first (" + m_monthFirstExample
            + "): each date that only one reading fits is read that way";
        if (m_ambiguous > 0)
            out += "; " + readingOf(m_ambiguousExample, order) + ", the default, for the "
                + std::to_string(m_ambiguous) + (m_ambiguous == 1 ? " date that fits both" : " dates that fit both");
        return out;
    }
    if (m_ambiguous > 0 && m_dayFirst == 0 && m_monthFirst == 0)
        return readingOf(m_ambiguousExample, order) + ", the default: no date in the file settles it ("
            + std::to_string(m_ambiguous) + (m_ambiguous == 1 ? " date fits" : " dates fit") + " both readings)";
    return {};
}

std::string sentinelRowJson(const std::vector<std::string> &columns, const std::vector<std::string> &row, CsvDateReading &dates)
{
    std::string out = "{";
    for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, columns[i]);
        out += ':';
        appendJsonString(out, columns[i] == "TimeGenerated" ? dates.iso(row[i]) : row[i]);
    }
    return out + '}';
}

std::string sentinelRowJsonFromText(std::string_view headerLine, std::string_view rowText, DateOrder order)
{
    if (headerLine.substr(0, 3) == "\xEF\xBB\xBF")
        headerLine.remove_prefix(3);  // the export's byte order mark is not part of the first column's name
    std::vector<std::string> header, row;
    size_t start, end;
    CsvReader h(headerLine.data(), headerLine.size());
    CsvReader r(rowText.data(), rowText.size());
    if (!h.next(header, start, end) || !r.next(row, start, end))
        return {};
    CsvDateReading dates(order);
    return sentinelRowJson(sentinelColumns(header), row, dates);
}

} // namespace sharescope
