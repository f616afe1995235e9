#include "kusto_value.h"

#include "alert_format.h"

#include <algorithm>
#include <cctype>

namespace sharescope::kusto {

using simdjson::dom::element_type;

Value Value::of(simdjson::dom::element e, std::string p)
{
    Value v;
    v.kind = Kind::Json;
    v.json = e;
    v.path = std::move(p);
    return v;
}

bool Value::isNull() const
{
    return kind == Kind::Null || (kind == Kind::Json && json.type() == element_type::NULL_VALUE);
}

Value member(const Value &v, std::string_view key)
{
    std::string path = v.path.empty() ? std::string(key) : v.path + '.' + std::string(key);
    if (v.kind == Value::Kind::Bag) {
        if (v.bagKey == key)
            return Value::of(v.json, std::move(path));
        return Value::null(std::move(path));
    }
    if (v.kind != Value::Kind::Json || v.json.type() != element_type::OBJECT)
        return Value::null(std::move(path));
    simdjson::dom::element child;
    // at_key compares keys byte for byte: case-sensitive, as Kusto's property access.
    if (v.json.get_object().at_key(key).get(child) != simdjson::SUCCESS)
        return Value::null(std::move(path));
    return Value::of(child, std::move(path));
}

std::vector<Value> mvExpand(const Value &v)
{
    std::vector<Value> rows;
    if (v.kind == Value::Kind::Bag) {  // a single-property bag expands to itself
        rows.push_back(v);
        return rows;
    }
    if (v.kind == Value::Kind::Null) {
        rows.push_back(v);
        return rows;
    }
    switch (v.json.type()) {
    case element_type::ARRAY: {
        size_t i = 0;
        for (simdjson::dom::element e : v.json.get_array())
            rows.push_back(Value::of(e, v.path + '[' + std::to_string(i++) + ']'));
        break;
    }
    case element_type::OBJECT:
        for (auto field : v.json.get_object()) {
            Value bag;
            bag.kind = Value::Kind::Bag;
            bag.bagKey = field.key;
            bag.json = field.value;
            bag.path = v.path;
            rows.push_back(std::move(bag));
        }
        break;
    default:
        rows.push_back(v);
        break;
    }
    return rows;
}

std::optional<std::string> toString(const Value &v)
{
    if (v.isNull())
        return std::nullopt;
    if (v.kind == Value::Kind::Bag) {
        std::string out = "{";
        appendJsonString(out, v.bagKey);
        out += ':' + simdjson::minify(v.json) + '}';
        return out;
    }
    switch (v.json.type()) {
    case element_type::STRING:
        return std::string(v.json.get_string().value_unsafe());
    default:
        return simdjson::minify(v.json);
    }
}

static char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && equalsNoCase(s.substr(0, prefix.size()), prefix);
}

bool endsWithNoCase(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && equalsNoCase(s.substr(s.size() - suffix.size()), suffix);
}

std::optional<std::string> splitField(std::string_view s, char sep, int index)
{
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            fields.push_back(s.substr(start));
            break;
        }
        fields.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    long i = index < 0 ? static_cast<long>(fields.size()) + index : index;
    if (i < 0 || i >= static_cast<long>(fields.size()))
        return std::nullopt;
    return std::string(fields[static_cast<size_t>(i)]);
}

} // namespace sharescope::kusto
