#pragma once
// The extended detection: every way a resource leaves the zone of trust
// (detectors.h), with the owner logic, severities, and — for each alert — whether
// rule 0236 raises it for the same event, by running that rule on the event.

#include "alert.h"
#include "cloudtrail_event.h"
#include "grant.h"
#include "policy_reader.h"
#include "rule0236.h"

#include <map>
#include <unordered_map>
#include <unordered_set>
#include <optional>
#include <vector>

namespace sharescope {

struct TimedRevocation {
    Revocation revocation;
    std::string time;  // eventTime of the (successful) revoking call
};

struct ExtendedStats {
    uint64_t sentinelOnly = 0;  // alerts rule 0236 raises that are not sharing
};

class ExtendedRule {
public:
    static bool mayMatchEventName(std::string_view lowerCaseName);

    void evaluate(const CloudTrailEvent &event, std::vector<Alert> &out, std::vector<TimedRevocation> &revocations,
                  ExtendedStats &stats);

private:
    Rule0236 m_sentinel;
    TextParsers m_parsers;
    std::vector<Alert> m_sentinelAlerts;
};

// The revocations seen in the loaded logs, by resource, to answer "was this grant
// ended later?" — for the command line at the end, for the window as they arrive.
class RevocationIndex {
public:
    void add(std::vector<TimedRevocation> revocations);
    // The time of the earliest later revocation that ends the grant behind `alert`.
    std::optional<std::string> revokedAt(const Alert &alert) const;
    bool empty() const { return m_byResource.empty(); }

private:
    // By resource; within one, a grantee's own revocations by grantee (a 40,000-account
    // `remove` stays linear), the others (by statement, a replacing policy) in one list.
    // Each list sorted by time.
    struct Other {
        TimedRevocation revocation;
        std::unordered_set<std::string> keeps;  // a replacing policy's grantees, as a set
    };
    struct Resource {
        std::unordered_map<std::string, std::vector<TimedRevocation>> byGrantee;
        std::vector<Other> others;
    };
    std::map<std::pair<std::string, std::string>, Resource> m_byResource;
};

// Sets revokedAt on each alert that a later revocation in `revocations` ends.
void applyRevocations(std::vector<Alert> &alerts, const std::vector<TimedRevocation> &revocations);

} // namespace sharescope
