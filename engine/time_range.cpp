#include "time_range.h"

#include "event_time.h"

namespace sharescope {

namespace {

constexpr int64_t kDayMs = 86400 * 1000LL;

bool isDigits(std::string_view s)
{
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return !s.empty();
}

int number(std::string_view s)
{
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

// "YYYY-MM-DD" as the first millisecond of that UTC day.
std::optional<int64_t> dayStart(std::string_view s, std::string *error)
{
    if (s.size() < 10 || !isDigits(s.substr(0, 4)) || s[4] != '-' || !isDigits(s.substr(5, 2)) || s[7] != '-'
        || !isDigits(s.substr(8, 2))) {
        if (error)
            *error = "'" + std::string(s) + "' is not a date (YYYY-MM-DD) or an ISO 8601 time (2025-04-30T12:00:00Z)";
        return std::nullopt;
    }
    const int y = number(s.substr(0, 4)), m = number(s.substr(5, 2)), d = number(s.substr(8, 2));
    if (!isCivilDate(y, m, d)) {
        if (error)
            *error = "'" + std::string(s.substr(0, 10)) + "' is not a date that exists";
        return std::nullopt;
    }
    return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kDayMs;
}

// Either form; `endOfDay` makes a bare date its last millisecond.
std::optional<int64_t> parseBound(std::string_view s, bool endOfDay, std::string *error)
{
    std::optional<int64_t> day = dayStart(s, error);
    if (!day)
        return std::nullopt;
    if (s.size() == 10)
        return endOfDay ? *day + kDayMs - 1 : *day;
    // A time: it must say its zone, or the same text would mean another instant on another machine.
    const char last = s.back();
    const bool zone = last == 'Z' || last == 'z'
        || (s.size() > 19 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-' || s[s.size() - 5] == '+' || s[s.size() - 5] == '-'));
    if (s[10] != 'T' && s[10] != 't') {
        if (error)
            *error = "'" + std::string(s) + "' is not a date (YYYY-MM-DD) or an ISO 8601 time (2025-04-30T12:00:00Z)";
        return std::nullopt;
    }
    if (!zone) {
        if (error)
            *error = "'" + std::string(s) + "' has no time zone: add Z for UTC (2025-04-30T12:00:00Z)";
        return std::nullopt;
    }
    std::optional<int64_t> ms = parseEventTimeMs(s);
    if (!ms && error)
        *error = "'" + std::string(s) + "' is not an ISO 8601 time (2025-04-30T12:00:00Z)";
    return ms;
}

} // namespace

std::optional<int64_t> parseRangeStart(std::string_view text, std::string *error)
{
    return parseBound(text, false, error);
}

std::optional<int64_t> parseRangeEnd(std::string_view text, std::string *error)
{
    return parseBound(text, true, error);
}

std::string describeRange(const TimeRange &range)
{
    if (range.fromMs && range.toMs)
        return formatUtcSeconds(*range.fromMs) + " to " + formatUtcSeconds(*range.toMs);
    if (range.fromMs)
        return "from " + formatUtcSeconds(*range.fromMs);
    if (range.toMs)
        return "until " + formatUtcSeconds(*range.toMs);
    return "any time";
}

} // namespace sharescope
