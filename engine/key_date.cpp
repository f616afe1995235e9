#include "key_date.h"

#include "event_time.h"

#include <cstdio>
#include <vector>

namespace sharescope {

namespace {

constexpr int64_t kMinuteMs = 60 * 1000LL;
constexpr int64_t kDayMs = 86400 * 1000LL;

// ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE...: the account is 12 digits and the
// region has no underscore. Digest and Insights files (CloudTrail-Digest_, -Insight_) do not match.
std::optional<KeyDelivery> fromFileName(std::string_view name)
{
    constexpr std::string_view kMarker = "_CloudTrail_";
    if (name.size() < 12 + kMarker.size() || name.substr(12, kMarker.size()) != kMarker)
        return std::nullopt;
    int ignored;
    for (size_t i = 0; i < 12; ++i)
        if (!readDigits(name, i, 1, ignored))
            return std::nullopt;
    const size_t region = 12 + kMarker.size();
    const size_t stamp = name.find('_', region);
    if (stamp == std::string_view::npos || stamp == region)
        return std::nullopt;
    int y, mo, d, h, mi;
    const size_t at = stamp + 1;
    if (!readDigits(name, at, 4, y) || !readDigits(name, at + 4, 2, mo) || !readDigits(name, at + 6, 2, d)
        || at + 14 >= name.size() || name[at + 8] != 'T' || !readDigits(name, at + 9, 2, h) || !readDigits(name, at + 11, 2, mi)
        || name[at + 13] != 'Z' || name[at + 14] != '_')
        return std::nullopt;
    if (!isCivilDate(y, mo, d) || h > 23 || mi > 59)
        return std::nullopt;
    KeyDelivery k;
    k.earliestMs = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kDayMs + (h * 60 + mi) * kMinuteMs;
    k.latestMs = k.earliestMs + kMinuteMs;  // the name keeps the minute, not the seconds
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d UTC", y, mo, d, h, mi);
    k.text = text;
    return k;
}

// .../CloudTrail/REGION/YYYY/MM/DD/<file>
std::optional<KeyDelivery> fromFolders(std::string_view path)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            parts.push_back(path.substr(start, i - start));
            start = i + 1;
        }
    }
    if (parts.size() < 6)
        return std::nullopt;
    const size_t n = parts.size();
    std::string_view trail = parts[n - 6], yearText = parts[n - 4], monthText = parts[n - 3], dayText = parts[n - 2];
    int y, mo, d;
    if (trail != "CloudTrail" || parts[n - 5].empty() || yearText.size() != 4 || monthText.size() != 2 || dayText.size() != 2
        || !readDigits(yearText, 0, 4, y) || !readDigits(monthText, 0, 2, mo) || !readDigits(dayText, 0, 2, d) || !isCivilDate(y, mo, d))
        return std::nullopt;
    KeyDelivery k;
    k.earliestMs = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kDayMs;
    k.latestMs = k.earliestMs + kDayMs;
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, mo, d);
    k.text = text;
    return k;
}

} // namespace

std::optional<KeyDelivery> deliveryFromKey(std::string_view path)
{
    const size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (std::optional<KeyDelivery> k = fromFileName(name))
        return k;
    return fromFolders(path);
}

std::string rangeSkipReason(std::string_view path, const TimeRange &range)
{
    if (range.any())
        return {};
    const std::optional<KeyDelivery> key = deliveryFromKey(path);
    if (!key)
        return {};
    if (range.fromMs && key->latestMs + kEarlyDeliveryMarginMs <= *range.fromMs)
        return "outside the time range by its S3 key: delivered " + key->text + ", before the range starts ("
            + formatUtcSeconds(*range.fromMs) + ")";
    if (range.toMs && key->earliestMs - kLateDeliveryMarginMs > *range.toMs)
        return "outside the time range by its S3 key: delivered " + key->text + ", more than 24 hours after the range ends ("
            + formatUtcSeconds(*range.toMs) + ")";
    return {};
}

} // namespace sharescope
