#pragma once
// Who a policy or permission names, and the conditions that narrow it: an
// account, everyone, an organisation, a service acting for an account... and the
// values that are not accounts at all (CloudFront identities, services, IAM ids,
// AWS's own infrastructure).

#include "grant.h"
#include "narrowing.h"

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
    bool notAnAccount = false;  // an AWS-owned identity (CloudFront's, AWS Internal, aws:ec2-infrastructure): never reported
    std::vector<std::string> within;  // for an OU: its organisation and parent OUs, outermost first
    bool hidden = false;        // HIDDEN_DUE_TO_SECURITY_REASONS: cannot be evaluated
};

PrincipalInfo classifyPrincipal(std::string_view value);
bool isAccountId(std::string_view s);

// Turns one named principal into grants on `base` (copied), applying the narrowing.
void addPrincipalGrants(const Grant &base, std::string_view principal, const Narrowing &narrowing, std::vector<Grant> &out);

} // namespace sharescope
