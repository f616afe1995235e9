// Amazon S3: bucket policies, bucket and object ACLs (grants and canned ACLs),
// and the public-access-block guardrails.
#include "acl_actions.h"
#include "detectors.h"
#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

namespace sharescope {

using json::element;

void detectS3BucketPolicy(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("S3Bucket", json::str(*ctx.request, {"bucketName"}));
    if (ctx.eventName == "DeleteBucketPolicy") {
        out.revocations.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, {}));
        return;
    }
    std::optional<element> policy = json::at(*ctx.request, {"bucketPolicy"});
    std::string path = ctx.path("bucketPolicy");
    if (!policy) {
        // Older events carry the policy as text under "policy" (a string, or an array of one).
        policy = json::at(*ctx.request, {"policy"});
        path = ctx.path("policy");
        if (policy && policy->type() == json::element_type::ARRAY) {
            std::optional<element> first;
            json::forEachOne(policy, [&](element e, int i) { if (i == 0) first = e; });
            policy = first;
            path += "[0]";
        }
    }
    PolicyRead read = readPolicy(policy, path, base, ctx.parsers, out.grants);
    addReplacement(read, base, out.revocations);
}

void detectS3Acl(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    const bool object = ctx.eventName == "PutObjectAcl";
    std::string id(json::str(*ctx.request, {"bucketName"}).value_or(""));
    if (object)
        id += '/' + std::string(json::str(*ctx.request, {"key"}).value_or(""));
    Grant base = ctx.base(object ? "S3Object" : "S3Bucket", std::string_view(id));
    base.via = "acl";
    const size_t first = out.grants.size();

    // A canned ACL in the header.
    json::forEachOne(json::at(*ctx.request, {"x-amz-acl"}), [&](element v, int i) {
        auto acl = json::str(v);
        if (!acl)
            return;
        if (*acl == "public-read" || *acl == "public-read-write" || *acl == "authenticated-read") {
            Grant g = base;
            g.access = cannedAclActions(*acl, object);
            g.path = json::indexed(ctx.path("x-amz-acl"), i);
            addPrincipalGrants(g, "*", Narrowing{}, out.grants);
            out.grants.back().grantee = std::string(*acl);
        }
    });

    // Grants in the request headers: x-amz-grant-read: uri="http://acs.amazonaws.com/groups/global/AllUsers", id="…"
    for (std::string_view header : {"x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp",
                                    "x-amz-grant-full-control"}) {
        json::forEachOne(json::at(*ctx.request, {header}), [&](element v, int i) {
            auto text = json::str(v);
            if (!text)
                return;
            for (std::string_view rest = *text; !rest.empty();) {
                const size_t comma = rest.find(',');
                std::string_view item = rest.substr(0, comma);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
                const size_t eq = item.find('=');
                if (eq == std::string_view::npos)
                    continue;
                std::string_view type = item.substr(0, eq), value = item.substr(eq + 1);
                while (!type.empty() && type.front() == ' ')
                    type.remove_prefix(1);
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                    value = value.substr(1, value.size() - 2);
                Grant g = base;
                g.access = aclPermissionActions(header.substr(12), object);  // after "x-amz-grant-": "read", "full-control", ...
                g.path = json::indexed(ctx.path(header), i);
                const bool everyone = value.find("/global/AllUsers") != std::string_view::npos
                    || value.find("/global/AuthenticatedUsers") != std::string_view::npos;
                if (kusto::equalsNoCase(type, "uri") && everyone) {
                    addPrincipalGrants(g, "*", Narrowing{}, out.grants);
                    out.grants.back().grantee = std::string(value);
                } else if (kusto::equalsNoCase(type, "id")) {
                    addPrincipalGrants(g, value, Narrowing{}, out.grants);
                } else if (kusto::equalsNoCase(type, "emailAddress")) {
                    g.kind = GranteeKind::Unknown;
                    g.grantee = std::string(value);
                    out.grants.push_back(std::move(g));
                }
            }
        });
    }

    auto owner = json::str(*ctx.request, {"AccessControlPolicy", "Owner", "ID"});
    const std::string grantsPath = ctx.path("AccessControlPolicy.AccessControlList.Grant");
    json::forEachOne(json::at(*ctx.request, {"AccessControlPolicy", "AccessControlList", "Grant"}), [&](element grant, int i) {
        Grant g = base;
        if (auto permission = json::str(grant, {"Permission"}))
            g.access = aclPermissionActions(*permission, object);
        const std::string at = json::indexed(grantsPath, i) + ".Grantee";
        if (auto uri = json::str(grant, {"Grantee", "URI"})) {
            // AllUsers is anyone; AuthenticatedUsers is anyone with an AWS account: both public.
            if (uri->find("/global/AllUsers") != std::string_view::npos || uri->find("/global/AuthenticatedUsers") != std::string_view::npos) {
                g.path = at + ".URI";
                addPrincipalGrants(g, "*", Narrowing{}, out.grants);
                out.grants.back().grantee = std::string(*uri);
            }
            return;
        }
        if (auto canonical = json::str(grant, {"Grantee", "ID"})) {
            if (owner && *canonical == *owner)
                return;  // the bucket owner's own grant
            g.path = at + ".ID";
            addPrincipalGrants(g, *canonical, Narrowing{}, out.grants);
            return;
        }
        if (auto mail = json::str(grant, {"Grantee", "EmailAddress"})) {
            g.path = at + ".EmailAddress";
            g.kind = GranteeKind::Unknown;  // an e-mail names an account owner, not an account id
            g.grantee = std::string(*mail);
            out.grants.push_back(std::move(g));
        }
    });
    // An ACL is set whole: grantees it no longer names lose their access.
    Revocation replaced = Revocation::policyReplaced(base.resourceType, base.resourceId, {});
    replaced.via = "acl";
    for (size_t i = first; i < out.grants.size(); ++i)
        replaced.keeps.push_back(grantKey(out.grants[i]));
    out.revocations.push_back(std::move(replaced));
}

void detectS3PublicAccessBlock(DetectContext &ctx, Findings &out)
{
    const bool account = ctx.eventName.find("Account") != std::string_view::npos;
    Grant g = ctx.base(account ? "S3AccountPublicAccessBlock" : "S3BucketPublicAccessBlock",
                       ctx.request && !account ? json::str(*ctx.request, {"bucketName"}) : std::nullopt);
    g.accountWide = account;  // the account's own setting: named by the owner's id
    g.guardrail = true;
    g.kind = GranteeKind::None;
    g.path = ctx.requestPath;
    if (kusto::startsWithNoCase(ctx.eventName, "Delete")) {
        out.grants.push_back(std::move(g));
        return;
    }
    // A Put that turns any of the four blocks off weakens the guardrail too.
    if (!ctx.request)
        return;
    auto config = json::at(*ctx.request, {"PublicAccessBlockConfiguration"});
    if (!config || config->type() != json::element_type::OBJECT)
        return;
    for (auto field : config->get_object()) {
        const bool off = (field.value.type() == json::element_type::BOOL && !field.value.get_bool().value_unsafe())
            || (field.value.type() == json::element_type::STRING && kusto::equalsNoCase(field.value.get_string().value_unsafe(), "false"));
        if (off) {
            g.access.push_back(std::string(field.key) + " = false");
            g.path = ctx.path("PublicAccessBlockConfiguration." + std::string(field.key));
        }
    }
    if (!g.access.empty())
        out.grants.push_back(std::move(g));
}

} // namespace sharescope
