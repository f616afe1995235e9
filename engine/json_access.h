#pragma once
// Small helpers for reading a parsed event: follow a key path, read a string,
// walk "one value or an array of them" (a shape AWS uses everywhere).

#include <simdjson.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sharescope::json {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The value at `path` (object keys only), or nullopt.
inline std::optional<element> at(element e, std::initializer_list<std::string_view> path)
{
    for (std::string_view key : path) {
        if (e.type() != element_type::OBJECT)
            return std::nullopt;
        element child;
        if (e.get_object().at_key(key).get(child) != simdjson::SUCCESS)
            return std::nullopt;
        e = child;
    }
    return e;
}

inline std::optional<std::string_view> str(std::optional<element> e)
{
    std::string_view s;
    if (!e || e->get_string().get(s) != simdjson::SUCCESS)
        return std::nullopt;
    return s;
}

inline std::optional<std::string_view> str(element e, std::initializer_list<std::string_view> path)
{
    return str(at(e, path));
}

// Calls f(element, index) for each item of an array, or once (index 0) for a lone value.
template <class F>
void forEachOne(std::optional<element> e, F &&f)
{
    if (!e || e->type() == element_type::NULL_VALUE)
        return;
    if (e->type() == element_type::ARRAY) {
        size_t i = 0;
        for (element item : e->get_array())
            f(item, static_cast<int>(i++));
        return;
    }
    f(*e, -1);  // -1: not an array element
}

inline std::string indexed(const std::string &path, int index)
{
    return index < 0 ? path : path + '[' + std::to_string(index) + ']';
}

} // namespace sharescope::json
