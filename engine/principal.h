#pragma once
// Who a policy or permission names, and the conditions that narrow it: an
// account, everyone, an organisation, a service acting for an account... and the
// values that are not accounts at all (CloudFront identities, services, IAM ids).

#include "grant.h"

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

struct PrincipalInfo {
    GranteeKind kind = GranteeKind::Unknown;
    std::string account;   // 12 digits, "*", o-…, ou-…
    bool isService = false;
    bool notAnAccount = false;  // an AWS-owned identity such as CloudFront's: never reported
    bool hidden = false;        // HIDDEN_DUE_TO_SECURITY_REASONS: cannot be evaluated
};

PrincipalInfo classifyPrincipal(std::string_view value);
bool isAccountId(std::string_view s);

// The conditions of a statement that say *who* (organisation, account, source);
// network limits and external ids do not narrow who and are only described. Nor do
// negated, IfExists and ForAllValues operators (they pass when the key is absent, as
// for an anonymous caller), nor values with wildcards.
struct Narrowing {
    std::vector<std::string> orgIds, ouIds, accounts;
    std::vector<std::string> sourceResources;  // aws:SourceArn values that name no account (arn:aws:s3:::bucket)
    std::vector<std::string> described;        // every condition, as "key = value"
    bool narrows() const { return !orgIds.empty() || !ouIds.empty() || !accounts.empty() || !sourceResources.empty(); }
};

Narrowing readConditions(std::optional<simdjson::dom::element> condition);

// Turns one named principal into grants on `base` (copied), applying the narrowing.
void addPrincipalGrants(const Grant &base, std::string_view principal, const Narrowing &narrowing, std::vector<Grant> &out);

} // namespace sharescope
