#pragma once
// The one seam between the ways an event can be written and the detectors.
// Each format says how to recognise one of its records, where the prefilter
// finds its event name, and where each field the detectors read sits in it:
//  - CloudTrail (delivery files, lookup-events, EventBridge): camelCase keys;
//  - Sentinel's AWSCloudTrail table (JSON or CSV export): its column names;
//  - Athena (UNLOAD JSON lines, CSV results of `sharescope query`, CloudTrail
//    Lake results): Hive's lower-case column names, requestparameters as JSON text;
//  - OCSF API Activity (Amazon Security Lake): the OCSF attributes.
// Containers that are not JSON objects (CSV rows, CloudTrail Lake's rows of
// single-key objects) become an object of one of these before the detectors run.
//
// Splitting is the container's business, not the format's, because one format comes
// in several containers (an Athena row as a JSON line, in an UNLOAD file, or as a CSV
// row): container_reader.h splits a file into records whatever their format, and
// event_text.h reads one record back from its location, so the event pane shows it
// as it arrived. A new format is one entry below; a new container, one shape there.

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace sharescope {

enum class EventField : unsigned char {
    Name, Source, Id, Time, Region, SourceIp, UserAgent, ErrorCode,
    ActorAccount, ActorArn, IdentityType, EventType, Recipient, Request, Response,
    // What finding a share's uses needs (resource_use.h).
    Resources, ServiceDetails, SharedEventId, UserName,
    Count
};

struct EventFormat {
    std::string_view name;     // for messages: "CloudTrail", "OCSF API Activity", ...
    // The top-level key holding the event name, which also recognises the format;
    // empty when the name is nested (OCSF: api.operation), so the prefilter cannot see it.
    std::string_view nameKey;
    // Where each field sits: dotted key paths, alternatives separated by '|', the first present wins.
    std::array<std::string_view, static_cast<size_t>(EventField::Count)> paths;
    bool emptyIsAbsent = false;   // flat exports write a missing value as an empty cell
    bool timeInEpochMillis = false;
};

// Every format, in the order a record is tried (and the prefilter's key precedence).
std::span<const EventFormat> eventFormats();

// The format of `record` (a JSON object), or nullptr when it is no event of any.
const EventFormat *recogniseEvent(simdjson::dom::element record);

// The value at one alternative of `format`'s path for `field`, and which alternative
// it was (for showing where a value was found). Nullopt when none is present.
struct FormatValue {
    simdjson::dom::element value;
    std::string_view path;
};
std::optional<FormatValue> findField(const EventFormat &format, simdjson::dom::element record, EventField field);

} // namespace sharescope
