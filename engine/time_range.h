#pragma once
// The time range a scan looks at (`sharescope scan --from/--to`, the window's Time
// Range…): events whose eventTime falls outside it are dropped before detection,
// and log files whose S3 key says they were delivered clearly outside it are not
// read at all (key_date.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

struct TimeRange {
    // Inclusive bounds in milliseconds since the epoch (UTC); nullopt: open on that side.
    std::optional<int64_t> fromMs, toMs;

    bool any() const { return !fromMs && !toMs; }  // no bound: every event is in range
    bool contains(int64_t ms) const { return (!fromMs || ms >= *fromMs) && (!toMs || ms <= *toMs); }
};

// Reads a bound as a user writes it: "2025-04-30" is the whole UTC day (its first
// millisecond as a start, its last as an end, so `--to 2025-04-30` includes all of
// the 30th); "2025-04-30T12:00:00Z" (fraction and a "+02:00" offset allowed) is that
// instant. A time without its zone, a date that does not exist (2025-02-30) or any
// other text gives nullopt and a sentence in *error saying why.
std::optional<int64_t> parseRangeStart(std::string_view text, std::string *error);
std::optional<int64_t> parseRangeEnd(std::string_view text, std::string *error);

// The range in words for messages: "2025-04-29T00:00:00Z to 2025-04-30T23:59:59Z",
// "from 2025-04-29T00:00:00Z", "until …", "any time".
std::string describeRange(const TimeRange &range);

} // namespace sharescope
