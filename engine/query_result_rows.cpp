#include "query_result_rows.h"

#include "alert_format.h"
#include "kusto_value.h"

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

bool isMapColumn(std::string_view key)
{
    return kusto::equalsNoCase(key, "requestparameters") || kusto::equalsNoCase(key, "responseelements");
}

// `text` (a map column's JSON text) with every string member that holds a JSON object
// or array written as that JSON; the text unchanged when it is not an object.
std::string unfoldMap(std::string_view text, simdjson::dom::parser &scratch)
{
    element map;
    if (scratch.parse(text.data(), text.size(), true).get(map) != simdjson::SUCCESS || map.type() != element_type::OBJECT)
        return {};
    std::string out = "{";
    simdjson::dom::parser inner;
    for (auto field : map.get_object()) {
        if (out.size() > 1)
            out += ',';
        appendJsonString(out, field.key);
        out += ':';
        std::string_view s;
        element nested;
        if (field.value.get_string().get(s) == simdjson::SUCCESS && !s.empty() && (s.front() == '{' || s.front() == '[')
            && inner.parse(s.data(), s.size(), true).get(nested) == simdjson::SUCCESS)
            out += simdjson::minify(nested);
        else
            out += simdjson::minify(field.value);
    }
    return out + '}';
}

} // namespace

std::optional<std::string> queryRowJson(element row, simdjson::dom::parser &scratch)
{
    if (row.type() != element_type::ARRAY)
        return std::nullopt;
    std::string out = "{";
    for (element cell : row.get_array()) {
        if (cell.type() != element_type::OBJECT)
            return std::nullopt;
        for (auto field : cell.get_object()) {
            if (out.size() > 1)
                out += ',';
            appendJsonString(out, field.key);
            out += ':';
            std::string_view s;
            std::string unfolded;
            if (isMapColumn(field.key) && field.value.get_string().get(s) == simdjson::SUCCESS
                && !(unfolded = unfoldMap(s, scratch)).empty())
                out += unfolded;
            else
                out += simdjson::minify(field.value);
        }
    }
    return out + '}';
}

} // namespace sharescope
