#include "alert_json.h"

#include "alert_fields.h"
#include "event_time.h"

#include <simdjson.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sharescope::session {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The catalogue's jsonl keys, for one pass over an object's members.
const std::unordered_map<std::string_view, AlertField> &fieldsByKey()
{
    static const std::unordered_map<std::string_view, AlertField> byKey = [] {
        std::unordered_map<std::string_view, AlertField> m;
        for (const FieldSpec &spec : kAlertFields)
            m.emplace(spec.key, spec.field);
        return m;
    }();
    return byKey;
}

// A JSON number as a count: negative is 0, a fraction is cut (as QJsonValue::toDouble then
// a cast did, without the cast's undefined cases).
uint64_t countOf(element e)
{
    uint64_t u = 0;
    int64_t i = 0;
    double d = 0;
    if (e.get_uint64().get(u) == simdjson::SUCCESS)
        return u;
    if (e.get_int64().get(i) == simdjson::SUCCESS)
        return 0;  // only a negative number is an int64 and not a uint64
    if (e.get_double().get(d) == simdjson::SUCCESS && d > 0)
        return d < 1.8e19 ? static_cast<uint64_t>(d) : UINT64_MAX;
    return 0;
}

std::string_view stringOf(element e)
{
    std::string_view s;
    return e.get_string().get(s) == simdjson::SUCCESS ? s : std::string_view();
}

} // namespace

bool alertFromJson(const QByteArray &line, Alert &a, QString &filePath)
{
    // One parser a thread: a case's alerts are read on every core (Investigation::loadAlertJson).
    thread_local simdjson::dom::parser parser, keyParser;
    filePath.clear();
    element doc;
    if (parser.parse(line.constData(), static_cast<size_t>(line.size()), true).get(doc) != simdjson::SUCCESS
        || doc.type() != element_type::OBJECT)
        return false;
    a = Alert();
    for (const FieldSpec &spec : kAlertFields)
        setField(a, spec.field, std::nullopt);
    std::string joined;
    for (auto [key, v] : doc.get_object()) {
        if (key == "severity")
            a.extended = true;  // only extended alerts carry it
        if (key == "alertKey") {
            // The ordinal is the last element of the key; the rest of the key follows from the fields.
            element parts;
            simdjson::dom::array items;
            const std::string_view text = stringOf(v);  // empty (and no pointer) when not a string
            if (!text.empty() && keyParser.parse(text.data(), text.size()).get(parts) == simdjson::SUCCESS && parts.get_array().get(items) == simdjson::SUCCESS
                && items.size() > 0) {
                int64_t ordinal = 0;
                a.keyOrdinal = items.at(items.size() - 1).get_int64().get(ordinal) == simdjson::SUCCESS ? static_cast<uint16_t>(ordinal) : 0;
            }
            continue;
        }
        if (key == "source") {
            if (v.type() != element_type::OBJECT)
                continue;
            for (auto [sourceKey, sv] : v.get_object()) {
                if (sourceKey == "file") {
                    const std::string_view file = stringOf(sv);
                    filePath = QString::fromUtf8(file.data(), static_cast<qsizetype>(file.size()));
                } else if (sourceKey == "record") {
                    a.location.record = countOf(sv);
                } else if (sourceKey == "offset") {
                    a.location.offset = countOf(sv);
                } else if (sourceKey == "length") {
                    a.location.length = countOf(sv);
                } else if (sourceKey == "inner") {
                    int64_t inner = -1;
                    a.location.inner = sv.get_int64().get(inner) == simdjson::SUCCESS && inner >= -1 && inner <= INT32_MAX ? static_cast<int32_t>(inner) : 0;
                }
            }
            continue;
        }
        const auto field = fieldsByKey().find(key);
        if (field == fieldsByKey().end())
            continue;
        switch (v.type()) {
        case element_type::NULL_VALUE:
            break;
        case element_type::BOOL:
            setField(a, field->second, std::string(v.get_bool().value() ? "true" : "false"));
            break;
        case element_type::INT64:
        case element_type::UINT64:
        case element_type::DOUBLE:  // a count (FieldType::Count)
            setField(a, field->second, std::to_string(countOf(v)));
            break;
        case element_type::ARRAY: {
            joined.clear();
            size_t n = 0;
            for (element item : v.get_array())
                (n++ ? joined += '\x1f' : joined) += stringOf(item);
            setField(a, field->second, n ? std::optional<std::string>(joined) : std::nullopt, '\x1f');
            break;
        }
        default:  // a string; an object reads as empty text
            setField(a, field->second, std::string(stringOf(v)));
            break;
        }
    }
    a.eventTimeMs = a.eventTime ? parseEventTimeMs(*a.eventTime).value_or(0) : 0;
    return true;
}

} // namespace sharescope::session
