#pragma once
// Rule 0236 ("Resource Shared with Unknown External Account - AWS") exactly as
// Sentinel's Kusto evaluates it, over one event at a time. The allow-list is not
// applied here: it is a filter on the alerts (TrustList), so it can change without a rescan.

#include "alert.h"
#include "candidate_events.h"
#include "cloudtrail_event.h"

#include <vector>

namespace sharescope {

class Rule0236 {
public:
    // True when an event with this name could raise an alert; compared without
    // case, so it is a superset of the rule's own test (used by the prefilter).
    static bool mayMatchEventName(std::string_view lowerCaseName);
    // SharingEvents: the names the rule lists, and Lambda's AddPermission prefix.
    static std::span<const EventNamePattern> eventNames();

    // Appends the alerts the rule raises for `event` (location left for the caller).
    void evaluate(const CloudTrailEvent &event, std::vector<Alert> &out);

private:
    kusto::Value parseJson(const kusto::Value &v);

    // parse_json() of a string column needs its own document that lives while we evaluate.
    simdjson::dom::parser m_textParser;
};

} // namespace sharescope
