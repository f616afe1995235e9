#include "event_text.h"

#include "alert_format.h"
#include "container_reader.h"
#include "log_file.h"
#include "json_access.h"
#include "policy_reader.h"
#include "sentinel_csv.h"

#include <sys/stat.h>

#include <algorithm>
#include <mutex>

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
        const int self = addNode(e, parent, std::move(key), path);
        if (self != kLeftOut)
            m_out.lines.emplace(path, m_line);
        if (e.type() == element_type::STRING && self != kLeftOut)
            addEmbeddedJson(e.get_string().value_unsafe(), path, self);
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
    static constexpr int kLeftOut = -2;  // a value past PrettyEvent::kMaxValues: text only

    // Appends the tree node for `e` and returns its index, or kLeftOut once the tree is full.
    int addNode(element e, int parent, std::string key, const std::string &path)
    {
        if (parent == kLeftOut || m_out.nodes.size() >= PrettyEvent::kMaxValues) {
            ++m_out.valuesLeftOut;
            return kLeftOut;
        }
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
        return static_cast<int>(m_out.nodes.size()) - 1;
    }

    // Policies often arrive as JSON text (or URL-encoded JSON text): the tree shows
    // them parsed, under the string, with the same paths the detectors report.
    void addEmbeddedJson(std::string_view text, const std::string &path, int self)
    {
        const size_t first = text.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos)
            return;
        std::string decoded;
        if (text.substr(first, 3) == "%7B" || text.substr(first, 3) == "%7b") {
            decoded = urlDecode(text);
            text = decoded;
        } else if (text[first] != '{' && text[first] != '[') {
            return;
        }
        simdjson::dom::parser parser;
        element parsed;
        if (parser.parse(text.data(), text.size(), true).get(parsed) != simdjson::SUCCESS)
            return;
        m_out.nodes[static_cast<size_t>(self)].embeddedJson = true;
        treeOnly(parsed, path, self);
    }

    void treeOnly(element e, const std::string &path, int parent)
    {
        auto add = [&](element child, std::string childPath, std::string key) {
            const int self = addNode(child, parent, std::move(key), childPath);
            if (self != kLeftOut && (child.type() == element_type::OBJECT || child.type() == element_type::ARRAY))
                treeOnly(child, childPath, self);
        };
        if (e.type() == element_type::OBJECT) {
            for (auto field : e.get_object())
                add(field.value, path + '.' + std::string(field.key), std::string(field.key));
        } else if (e.type() == element_type::ARRAY) {
            size_t i = 0;
            for (element item : e.get_array()) {
                add(item, path + '[' + std::to_string(i) + ']', '[' + std::to_string(i) + ']');
                ++i;
            }
        }
    }

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

namespace {

// The order a Sentinel CSV export's dates were read in by the scan: decided again from
// all of the file's dates, as the scan decided it (a pass over its rows, none parsed as
// JSON). Kept for the last file asked about, while its size and time stay the same, so
// that stepping through one export's alerts reads it once.
DateOrder csvDateOrder(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return kDefaultDateOrder;
    static std::mutex lock;
    static std::string lastPath;
    static off_t lastSize = -1;
    static timespec lastTime{};
    static DateOrder lastOrder = kDefaultDateOrder;
    {
        std::lock_guard guard(lock);
        if (path == lastPath && st.st_size == lastSize && st.st_mtim.tv_sec == lastTime.tv_sec && st.st_mtim.tv_nsec == lastTime.tv_nsec)
            return lastOrder;
    }
    WindowBuffer buffer;
    OpenedLog log = openLog(path, buffer, 256u << 10);
    if (!log.window)
        return kDefaultDateOrder;
    ContainerReader reader(+[](std::string_view) { return false; });  // no row is wanted: only their dates are noted
    const DateOrder order = reader.read(*log.window, 0, [](const CloudTrailEvent &, const EventLocation &) {}).csvDates.fileOrder();
    std::lock_guard guard(lock);
    lastPath = path;
    lastSize = st.st_size;
    lastTime = st.st_mtim;
    lastOrder = order;
    return order;
}

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
        out = sentinelRowJsonFromText(std::string_view(head).substr(0, head.find('\n')), out, csvDateOrder(path));
    }
    return true;
}

PrettyEvent prettyEvent(std::string_view raw, int inner)
{
    PrettyEvent out;
    simdjson::dom::parser parser, innerParser;
    element root;
    if (auto err = parser.parse(raw.data(), raw.size(), true).get(root)) {
        out.error = std::string("not valid JSON: ") + simdjson::error_message(err);
        return out;
    }
    element event = root;
    if (inner >= 0 && root.type() == element_type::OBJECT) {  // one event of a wrapper
        std::optional<element> list = json::at(root, {"Records"});
        if (!list)
            list = json::at(root, {"Events"});
        if (!list)
            list = json::at(root, {"QueryResultRows"});  // CloudTrail Lake: the row's cells, as they arrived
        if (list && list->type() == element_type::ARRAY) {
            element item;
            if (list->get_array().at(static_cast<size_t>(inner)).get(item) == simdjson::SUCCESS)
                event = item;
        }
    }
    if (event.type() == element_type::OBJECT) {
        std::string_view text;
        element detail;
        if (event.get_object().at_key("CloudTrailEvent").get_string().get(text) == simdjson::SUCCESS) {
            element unwrapped;
            if (innerParser.parse(text.data(), text.size(), true).get(unwrapped) == simdjson::SUCCESS)
                event = unwrapped;
        } else if (json::at(event, {"detail-type"}) && event.get_object().at_key("detail").get(detail) == simdjson::SUCCESS
                   && detail.type() == element_type::OBJECT) {
            event = detail;
        }
    }
    Printer(out).value(event, {}, 0);
    return out;
}

} // namespace sharescope
