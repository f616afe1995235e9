#include "event_time.h"

#include <cstdio>

namespace sharescope {

// The well-known civil-from-days inverse.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool isCivilDate(int y, int m, int d)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string formatUtcSeconds(int64_t ms)
{
    // Floor division, so that times before 1970 format too.
    const int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    return isoTimeFromEpochMillis(seconds * 1000);
}

namespace {

// The inverse of daysFromCivil: a proleptic Gregorian date from days since 1970-01-01.
void civilFromDays(int64_t z, int64_t &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

} // namespace

bool readDigits(std::string_view s, size_t at, size_t n, int &out)
{
    if (at + n > s.size())
        return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

std::optional<int64_t> parseEventTimeMs(std::string_view s)
{
    int y, mo, d, h, mi, sec;
    if (!readDigits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !readDigits(s, 5, 2, mo) || s[7] != '-' || !readDigits(s, 8, 2, d)
        || (s[10] != 'T' && s[10] != ' ') || !readDigits(s, 11, 2, h) || s[13] != ':' || !readDigits(s, 14, 2, mi) || s[16] != ':'
        || !readDigits(s, 17, 2, sec))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    size_t at = 19;
    int ms = 0;
    if (at < s.size() && s[at] == '.') {
        // Milliseconds from the first three fraction digits; the rest only need to be digits.
        int scale = 100;
        for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, scale /= 10)
            ms += scale > 0 ? (s[at] - '0') * scale : 0;
    }
    int64_t offsetMinutes = 0;
    if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
        ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
        int oh, om;
        const bool colon = at + 3 < s.size() && s[at + 3] == ':';
        if (!readDigits(s, at + 1, 2, oh) || !readDigits(s, at + (colon ? 4 : 3), 2, om))
            return std::nullopt;
        offsetMinutes = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
        at += colon ? 6 : 5;
    }
    if (at != s.size())
        return std::nullopt;
    const int64_t seconds = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec
        - offsetMinutes * 60;
    return seconds * 1000 + ms;
}

std::string isoTimeFromEpochMillis(int64_t ms)
{
    const int64_t dayMs = 86400000;
    int64_t days = ms / dayMs, rest = ms % dayMs;
    if (rest < 0) {
        rest += dayMs;
        --days;
    }
    int64_t y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    const auto secs = static_cast<unsigned>(rest / 1000), millis = static_cast<unsigned>(rest % 1000);
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u", static_cast<long long>(y), m, d, secs / 3600,
                          secs / 60 % 60, secs % 60);
    if (millis)
        n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%03u", millis);
    buf[n++] = 'Z';
    return std::string(buf, static_cast<size_t>(n));
}

} // namespace sharescope
