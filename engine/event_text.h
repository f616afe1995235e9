#pragma once
// Turns the raw bytes of a record back into the event an analyst wants to read:
// unwraps lookup-events items and EventBridge envelopes, and pretty-prints with
// key order kept, remembering the line of every value so a path can be found.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

// One value of the event, for a tree view: parents come before their children.
struct JsonNode {
    int parent = -1;       // index in PrettyEvent::nodes, -1 for the root
    std::string key;       // property name, or "[i]" for an array element
    std::string value;     // scalar text (strings unquoted); empty for objects and arrays
    std::string path;
    enum class Kind { Object, Array, String, Number, Bool, Null } kind = Kind::Null;
    int childCount = 0;
    bool embeddedJson = false;  // a string holding JSON (a policy as text): its parsed values are its children
};

struct PrettyEvent {
    // A record of many megabytes keeps its whole text, but its tree and line map only
    // for the first kMaxValues values: a window shows those in milliseconds, where half
    // a million tree items would block it for seconds and take gigabytes.
    static constexpr size_t kMaxValues = 10000;

    std::string text;                  // indented JSON, keys in their original order
    std::map<std::string, int> lines;  // JSON path (e.g. requestParameters.items[0].userId) -> 0-based line
    std::vector<JsonNode> nodes;       // the same values as a tree
    size_t valuesLeftOut = 0;          // values past kMaxValues: in `text`, not in `nodes` or `lines`
    std::string error;                 // set when the record is not valid JSON
};

// `raw` is the record as the scanner located it (EventLocation offset/length, and
// `inner` when the record is a wrapper holding several events).
PrettyEvent prettyEvent(std::string_view raw, int inner = -1);

// Reads a record back from its file: JSON as it is, a Sentinel CSV row as its JSON object.
bool readEventText(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error);

} // namespace sharescope
