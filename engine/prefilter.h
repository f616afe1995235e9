#pragma once
// Decides from the raw bytes of a record, before any parse, whether it can matter:
// it finds the record's own top-level event-name key (event_format.h: `"eventName"`,
// Sentinel's `"EventName"`, Athena's `"eventname"`)
// — not one nested deeper — and asks the detectors whether that name interests them.
// Conservative: when it is unsure (an escape before the key, a name it cannot read
// plainly, no plain top-level key at all) the record is parsed.

#include <cstddef>
#include <functional>
#include <string_view>

namespace sharescope {

enum class RecordKind {
    NotAnEvent,  // no plain top-level eventName key: not an event, a wrapper or an envelope (parse it)
    Ordinary,    // an event that no detector wants
    Candidate,   // parse it and run the detectors
};

// `wanted` receives an event name lower-cased (at most 127 characters).
using NameFilter = bool (*)(std::string_view lowerCaseName);

RecordKind classifyRecord(const char *begin, const char *end, NameFilter wanted);

} // namespace sharescope
