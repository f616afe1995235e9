#pragma once
// When a CloudTrail log file was delivered, as its S3 key says, so that files
// outside a time range are skipped without being opened.
//
// AWS CloudTrail User Guide, "Finding your CloudTrail log files" and "CloudTrail
// log file name format" (docs.aws.amazon.com/awscloudtrail/latest/userguide/
// get-and-view-cloudtrail-log-files.html, cloudtrail-log-file-examples.html):
//   [bucket/][prefix/]AWSLogs/[o-org/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/
//       ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz
// where YYYY/MM/DD is the day the file was published and YYYYMMDDTHHmmZ the minute
// it was delivered (UTC); "a log file delivered at a specific time can contain
// records written at any point before that time".

#include "time_range.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

struct KeyDelivery {
    int64_t earliestMs = 0, latestMs = 0;  // the file was delivered in [earliest, latest)
    std::string text;                      // "2025-04-30 00:10 UTC" (file name) or "2025-04-30" (folders)
};

// The delivery time the file name carries (to the minute), else the day its
// YYYY/MM/DD folders under CloudTrail/REGION/ carry; nullopt when the path has
// neither (any other file: it is read).
std::optional<KeyDelivery> deliveryFromKey(std::string_view path);

// How far from its delivery time a file's events may lie, on each side of the range.
//
// Before the range: a file delivered before the range starts holds only earlier records (AWS's
// note above), so no margin is needed; 15 minutes are kept anyway, for the clocks of
// the service that stamps eventTime and of CloudTrail that names the file.
constexpr int64_t kEarlyDeliveryMarginMs = 15 * 60 * 1000LL;
// After the range: "CloudTrail typically delivers logs within an average of about 5 minutes of
// an API call. This time is not guaranteed" ("Getting and viewing your CloudTrail log
// files"). A file delivered at 00:10 on the day after the range may well hold its last
// events, so files are read until a whole day (24 hours, ~300 times the typical delay)
// after the range ends. Not covered: files CloudTrail redelivers after a trail was
// misconfigured (it retries for up to 30 days); widen the range for those.
constexpr int64_t kLateDeliveryMarginMs = 24 * 3600 * 1000LL;

// Why the file at `path` cannot hold an event of `range`, judged by its key alone
// with the margins above ("" when it may, or when the key carries no date).
std::string rangeSkipReason(std::string_view path, const TimeRange &range);

} // namespace sharescope
