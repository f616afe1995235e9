#pragma once
// Deny statements narrow only what they match (IAM policy evaluation logic, IAM
// User Guide: an explicit Deny overrides an Allow only for the requests it covers).
// A Deny removes a grant when it covers all the Allow's actions (Action / NotAction)
// and resources (Resource / NotResource) and applies to its principal; a Deny whose
// conditions are all "unless the caller is in organisation/account X" keeps X only;
// a Deny with NotPrincipal keeps exactly the principals it names; a Deny with any
// other condition applies only sometimes and narrows no one.

#include "grant.h"

#include <simdjson.h>

#include <string>
#include <vector>

namespace sharescope {

// What an Allow statement covers, to compare with the Denies.
struct StatementScope {
    std::vector<std::string> actions;    // Action values; empty with NotAction or none: everything
    std::vector<std::string> resources;  // Resource values; empty with NotResource or none: everything
    static StatementScope of(simdjson::dom::element statement);
};

struct DenyStatement {
    StatementScope scope;
    std::vector<std::string> notActions, notResources;
    bool everyone = false;                    // Principal "*"
    std::vector<std::string> principals;      // accounts (or raw values) named by Principal
    bool hasNotPrincipal = false;
    std::vector<std::string> notPrincipals;   // accounts named by NotPrincipal: the only ones it spares
    bool conditional = false;                 // a condition that does not say who: applies only sometimes
    std::vector<std::string> keepAccounts, keepOrgs, keepOus, keepOuPaths;  // "deny unless …": who is spared
    std::vector<std::string> keepLimits;      // "deny unless through vpce-…/from 10.0.0.0/8": not public, owner unknown
    std::vector<std::string> described;       // "Deny StringNotEquals aws:PrincipalOrgID o-…"
};

std::vector<DenyStatement> readDenies(simdjson::dom::element policy);

// Narrows the grants out[first..] that one Allow statement (`allow`) produced.
void applyDenies(const std::vector<DenyStatement> &denies, const StatementScope &allow, std::vector<Grant> &out, size_t first);

// Glob match with * and ? (IAM's wildcards).
bool globMatch(std::string_view pattern, std::string_view text, bool ignoreCase);

} // namespace sharescope
