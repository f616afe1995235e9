#pragma once
// Kusto's `dynamic` semantics over a simdjson DOM, as rule 0236 relies on them
// (see shared/reference/kusto-semantics.md): member access that yields null on
// anything but an object, mv-expand (kind=bag) and tostring().

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope::kusto {

// A dynamic value: null, a JSON value, or the single-entry property bag that
// mv-expand makes out of each property of an object.
struct Value {
    enum class Kind { Null, Json, Bag };
    Kind kind = Kind::Null;
    simdjson::dom::element json;     // Json: the value; Bag: the property's value
    std::string_view bagKey;         // Bag only
    std::string path;                // where the value sits in the event, for highlighting

    static Value null(std::string p = {}) { Value v; v.path = std::move(p); return v; }
    static Value of(simdjson::dom::element e, std::string p);
    bool isNull() const;
};

// x.key — null unless x is an object (or a bag) holding key. Keys are case-sensitive.
Value member(const Value &v, std::string_view key);

// mv-expand: one row per array element or object property; null or a scalar
// gives one row; an empty array or object gives none.
std::vector<Value> mvExpand(const Value &v);

// tostring(): strings as they are, other scalars as their JSON text, arrays and
// bags as compact JSON; null (and JSON null) as nullopt.
std::optional<std::string> toString(const Value &v);

// Case-insensitive (ASCII) helpers matching Kusto's =~, startswith, endswith, contains.
bool equalsNoCase(std::string_view a, std::string_view b);
bool startsWithNoCase(std::string_view s, std::string_view prefix);
bool endsWithNoCase(std::string_view s, std::string_view suffix);

// split(s, sep)[index]; negative indexes count from the end. nullopt when out of range.
std::optional<std::string> splitField(std::string_view s, char sep, int index);

} // namespace sharescope::kusto
