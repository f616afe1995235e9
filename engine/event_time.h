#pragma once
// CloudTrail times ("2024-03-14T10:20:00Z", with optional fraction and offset, or
// the "2024-03-14 10:20:00" some exports write) as milliseconds since the epoch,
// parsed once when an alert is made so that nothing downstream parses text again.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

// nullopt when `text` is not such a time (then sort it first, as the model does).
std::optional<int64_t> parseEventTimeMs(std::string_view text);

// The `n` decimal digits of `s` at `at` as a number; false when they are not all there or not all digits.
bool readDigits(std::string_view s, size_t at, size_t n, int &out);

// The UTC time as CloudTrail writes it ("2024-03-14T10:20:00Z"; ".123" before the Z
// when there are milliseconds): how epoch-millisecond times (OCSF) are shown.
std::string isoTimeFromEpochMillis(int64_t ms);

// Days since 1970-01-01 of a proleptic Gregorian date (`m` 1-12; `d` is not checked against the month).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
// Whether y-m-d is a date that exists (2025-02-29 does not).
bool isCivilDate(int y, int m, int d);

// `ms` as "2025-04-30T12:00:00Z" (UTC, whole seconds: the milliseconds are cut off).
std::string formatUtcSeconds(int64_t ms);

} // namespace sharescope
