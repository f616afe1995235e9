#include "event_text.h"

#include "alert_format.h"
#include "file_data.h"
#include "json_access.h"
#include "sentinel_csv.h"

#include <algorithm>

#include <simdjson.h>

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

class Printer {
public:
    explicit Printer(PrettyEvent &out) : m_out(out) {}

    void value(element e, const std::string &path, int indent, int parent = -1, std::string key = {})
    {
        m_out.lines.emplace(path, m_line);
        const int self = static_cast<int>(m_out.nodes.size());
        {
            JsonNode node;
            node.parent = parent;
            node.key = std::move(key);
            node.path = path;
            switch (e.type()) {
            case element_type::OBJECT: node.kind = JsonNode::Kind::Object; break;
            case element_type::ARRAY: node.kind = JsonNode::Kind::Array; break;
            case element_type::STRING:
                node.kind = JsonNode::Kind::String;
                node.value = std::string(e.get_string().value_unsafe());
                break;
            case element_type::BOOL: node.kind = JsonNode::Kind::Bool; node.value = simdjson::minify(e); break;
            case element_type::NULL_VALUE: node.kind = JsonNode::Kind::Null; node.value = "null"; break;
            default: node.kind = JsonNode::Kind::Number; node.value = simdjson::minify(e); break;
            }
            if (parent >= 0)
                ++m_out.nodes[static_cast<size_t>(parent)].childCount;
            m_out.nodes.push_back(std::move(node));
        }
        switch (e.type()) {
        case element_type::OBJECT: {
            auto obj = e.get_object().value_unsafe();
            if (obj.size() == 0) {
                m_out.text += "{}";
                return;
            }
            m_out.text += '{';
            bool first = true;
            for (auto field : obj) {
                m_out.text += first ? "" : ",";
                first = false;
                newline(indent + 1);
                appendJsonString(m_out.text, field.key);
                m_out.text += ": ";
                const std::string child = path.empty() ? std::string(field.key) : path + '.' + std::string(field.key);
                value(field.value, child, indent + 1, self, std::string(field.key));
            }
            newline(indent);
            m_out.text += '}';
            return;
        }
        case element_type::ARRAY: {
            auto arr = e.get_array().value_unsafe();
            if (arr.size() == 0) {
                m_out.text += "[]";
                return;
            }
            m_out.text += '[';
            size_t i = 0;
            for (element item : arr) {
                m_out.text += i ? "," : "";
                newline(indent + 1);
                value(item, path + '[' + std::to_string(i) + ']', indent + 1, self, '[' + std::to_string(i) + ']');
                ++i;
            }
            newline(indent);
            m_out.text += ']';
            return;
        }
        case element_type::STRING:
            appendJsonString(m_out.text, e.get_string().value_unsafe());
            return;
        default:
            m_out.text += simdjson::minify(e);
            return;
        }
    }

private:
    void newline(int indent)
    {
        m_out.text += '\n';
        m_out.text.append(static_cast<size_t>(indent) * 2, ' ');
        ++m_line;
    }

    PrettyEvent &m_out;
    int m_line = 0;
};

} // namespace

bool readEventText(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    if (!readFileRange(path, offset, length, out, error))
        return false;
    const size_t first = out.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && out[first] != '{' && out[first] != '[') {
        // A row of a CSV export: its meaning is in the header line.
        std::string head;
        if (!readFileRange(path, 0, std::min<uint64_t>(offset, 1u << 16), head, error))
            return false;
        out = sentinelRowJsonFromText(std::string_view(head).substr(0, head.find('\n')), out);
    }
    return true;
}

PrettyEvent prettyEvent(std::string_view raw)
{
    PrettyEvent out;
    simdjson::dom::parser parser, inner;
    element root;
    if (auto err = parser.parse(raw.data(), raw.size(), true).get(root)) {
        out.error = std::string("not valid JSON: ") + simdjson::error_message(err);
        return out;
    }
    element event = root;
    if (root.type() == element_type::OBJECT) {
        std::string_view text;
        element detail;
        if (root.get_object().at_key("CloudTrailEvent").get_string().get(text) == simdjson::SUCCESS) {
            if (inner.parse(text.data(), text.size(), true).get(event) != simdjson::SUCCESS)
                event = root;
        } else if (json::at(root, {"detail-type"}) && root.get_object().at_key("detail").get(detail) == simdjson::SUCCESS
                   && detail.type() == element_type::OBJECT) {
            event = detail;
        }
    }
    Printer(out).value(event, {}, 0);
    return out;
}

} // namespace sharescope
