#pragma once
// Decides from the raw bytes of a record, before any parse, whether it can matter:
// it looks at every `"eventName"` (or Sentinel's `"EventName"`) key in the record
// and asks the detectors whether that name interests them. Conservative: a name
// it cannot read plainly (escapes, odd spacing) makes the record a candidate.

#include <cstddef>
#include <functional>
#include <string_view>

namespace sharescope {

enum class RecordKind {
    NotAnEvent,  // no eventName key anywhere: not a CloudTrail event (or a wrapper we must parse)
    Ordinary,    // an event that no detector wants
    Candidate,   // parse it and run the detectors
};

// `wanted` receives an event name lower-cased (at most 127 characters).
using NameFilter = bool (*)(std::string_view lowerCaseName);

RecordKind classifyRecord(const char *begin, const char *end, NameFilter wanted);

} // namespace sharescope
