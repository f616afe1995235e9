// Permissions written as lists rather than policies: Serverless Application Repository
// application policies and VPC endpoint service permissions.
#include "detectors.h"
#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

#include <functional>

namespace sharescope {

using json::element;

namespace {

// The value under `key` or its capitalised form (EC2 logs newer APIs with their request object's names).
std::optional<element> either(element e, std::string_view key, std::string_view capitalised)
{
    auto v = json::at(e, {key});
    return v ? v : json::at(e, {capitalised});
}

// Principal lists in EC2's shapes: a string, strings, {"content": …}, or {"item": [...]}.
void forEachPrincipal(std::optional<element> list, const std::function<void(std::string_view, int)> &f)
{
    if (auto items = list ? json::at(*list, {"item"}) : std::nullopt)
        list = items;
    json::forEachOne(list, [&](element v, int i) {
        if (auto s = json::str(v))
            f(*s, i);
        else if (auto content = json::str(v, {"content"}))
            f(*content, i);
    });
}

} // namespace

// PutApplicationPolicy: statements of principals (account ids or "*"), actions, and
// principalOrgIDs that limit "*" to organisations (Serverless Application Repository
// API reference, ApplicationPolicyStatement). The policy is replaced as a whole.
void detectServerlessRepoPolicy(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("ServerlessApplication", json::str(*ctx.request, {"applicationId"}));
    base.via = "policy";
    const size_t first = out.grants.size();
    json::forEachOne(json::at(*ctx.request, {"statements"}), [&](element statement, int i) {
        Grant g = base;
        json::forEachOne(json::at(statement, {"actions"}), [&](element a, int) {
            if (auto s = json::str(a))
                g.access.push_back("serverlessrepo:" + std::string(*s));
        });
        if (auto sid = json::str(statement, {"statementId"}))
            g.statementId = std::string(*sid);
        Narrowing narrowing;
        json::forEachOne(json::at(statement, {"principalOrgIDs"}), [&](element o, int) {
            if (auto s = json::str(o))  // written into the policy as this condition
                narrowing.add("StringEquals", "aws:PrincipalOrgID", std::string(*s));
        });
        const std::string at = json::indexed(ctx.path("statements"), i) + ".principals";
        json::forEachOne(json::at(statement, {"principals"}), [&](element p, int k) {
            if (auto s = json::str(p)) {
                g.path = json::indexed(at, k);
                addPrincipalGrants(g, *s, narrowing, out.grants);
            }
        });
    });
    Revocation replaced = Revocation::policyReplaced(base.resourceType, base.resourceId, {});
    for (size_t i = first; i < out.grants.size(); ++i)
        replaced.keeps.push_back(grantKey(out.grants[i]));
    out.revocations.push_back(std::move(replaced));
}

// ModifyVpcEndpointServicePermissions: principals allowed to connect to an endpoint
// service ("*" is anyone; PrivateLink Guide, "Manage permissions").
void detectVpcEndpointServicePermissions(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    element req = *ctx.request;
    std::string prefix;
    if (auto wrapped = json::at(req, {"ModifyVpcEndpointServicePermissionsRequest"})) {
        req = *wrapped;
        prefix = "ModifyVpcEndpointServicePermissionsRequest.";
    }
    auto id = json::str(either(req, "serviceId", "ServiceId"));
    Grant base = ctx.base("VPCEndpointService", id);
    base.access = {"ec2:CreateVpcEndpoint"};
    const bool lower = json::at(req, {"addAllowedPrincipals"}) || json::at(req, {"removeAllowedPrincipals"});
    const std::string addKey = lower ? "addAllowedPrincipals" : "AddAllowedPrincipals";
    forEachPrincipal(either(req, "addAllowedPrincipals", "AddAllowedPrincipals"), [&](std::string_view p, int i) {
        Grant g = base;
        g.path = json::indexed(ctx.path(prefix + addKey), i);
        addPrincipalGrants(g, p, Narrowing{}, out.grants);
    });
    forEachPrincipal(either(req, "removeAllowedPrincipals", "RemoveAllowedPrincipals"), [&](std::string_view p, int) {
        const PrincipalInfo info = classifyPrincipal(p);
        out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, info.account.empty() ? std::string(p) : info.account));
    });
}

} // namespace sharescope
