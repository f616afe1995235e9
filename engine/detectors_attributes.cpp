// Sharing by attribute: EC2 images and snapshots, RDS and Redshift snapshots,
// SSM documents, CodeBuild projects, RAM shares, and EC2's block-public-access switches.
#include "detectors.h"
#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

namespace sharescope {

using json::element;

namespace {

// `raw` is the value as written when it differs from the principal it means ("all" means "*").
void addAccountGrant(const Grant &base, std::string_view value, const std::string &path, Findings &out, std::string_view raw = {})
{
    Grant g = base;
    g.path = path;
    const size_t before = out.grants.size();
    addPrincipalGrants(g, value, Narrowing{}, out.grants);
    if (!raw.empty() && out.grants.size() > before)
        out.grants.back().grantee = std::string(raw);
}

// "all" in the attribute APIs (RDS, SSM, EC2 groups) is everyone.
std::string_view everyoneOr(std::string_view value)
{
    return kusto::equalsNoCase(value, "all") ? std::string_view("*") : value;
}

// The lists RDS and SSM take: accounts (or "all") to add, accounts to remove.
void accountLists(DetectContext &ctx, const Grant &base, std::string_view addKey, std::string_view removeKey, Findings &out)
{
    json::forEachOne(json::at(*ctx.request, {addKey}), [&](element v, int i) {
        if (auto s = json::str(v))
            addAccountGrant(base, everyoneOr(*s), json::indexed(ctx.path(addKey), i), out, *s);
    });
    json::forEachOne(json::at(*ctx.request, {removeKey}), [&](element v, int) {
        if (auto s = json::str(v))
            out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, std::string(everyoneOr(*s))));
    });
}

// launchPermission / createVolumePermission: {"add": {"items": [...]}, "remove": {...}}
void permissionItems(DetectContext &ctx, std::string_view attribute, const char *type, std::string_view idKey,
                     std::vector<std::string> access, Findings &out)
{
    Grant base = ctx.base(type, json::str(*ctx.request, {idKey}));
    base.access = std::move(access);
    for (std::string_view verb : {"add", "remove"}) {
        const std::string path = ctx.path(std::string(attribute) + '.' + std::string(verb) + ".items");
        json::forEachOne(json::at(*ctx.request, {attribute, verb, "items"}), [&](element item, int i) {
            const std::string at = json::indexed(path, i);
            for (std::string_view key : {"userId", "group", "organizationArn", "organizationalUnitArn"}) {
                auto value = json::str(item, {key});
                if (!value)
                    continue;
                std::string grantee(key == "group" ? everyoneOr(*value) : *value);
                if (verb == "add")
                    addAccountGrant(base, grantee, at + '.' + std::string(key), out, *value);
                else
                    out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, classifyPrincipal(grantee).account));
            }
        });
    }
}

} // namespace

void detectEc2Image(DetectContext &ctx, Findings &out)
{
    if (ctx.request)
        permissionItems(ctx, "launchPermission", "AMI", "imageId", {"ec2:RunInstances", "ec2:CopyImage"}, out);
}

void detectEc2Snapshot(DetectContext &ctx, Findings &out)
{
    if (ctx.request)
        permissionItems(ctx, "createVolumePermission", "EBSSnapshot", "snapshotId", {"ec2:CreateVolume", "ec2:CopySnapshot"}, out);
}

void detectEc2BlockPublicAccess(DetectContext &ctx, Findings &out)
{
    Grant g = ctx.base(ctx.eventName == "DisableImageBlockPublicAccess" ? "EC2ImageBlockPublicAccess" : "EBSSnapshotBlockPublicAccess",
                       std::nullopt);
    g.accountWide = true;  // a setting of the account (per region): named by the owner's id
    g.guardrail = true;
    g.kind = GranteeKind::None;
    g.path = ctx.requestPath;
    out.grants.push_back(std::move(g));
}

void detectRdsSnapshot(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    auto attribute = json::str(*ctx.request, {"attributeName"});
    if (!attribute || !kusto::equalsNoCase(*attribute, "restore"))
        return;
    const bool cluster = ctx.eventName == "ModifyDBClusterSnapshotAttribute";
    Grant base = ctx.base(cluster ? "RDSClusterSnapshot" : "RDSSnapshot",
                          json::str(*ctx.request, {cluster ? "dBClusterSnapshotIdentifier" : "dBSnapshotIdentifier"}));
    base.access = cluster ? std::vector<std::string>{"rds:RestoreDBClusterFromSnapshot", "rds:CopyDBClusterSnapshot"}
                          : std::vector<std::string>{"rds:RestoreDBInstanceFromDBSnapshot", "rds:CopyDBSnapshot"};
    accountLists(ctx, base, "valuesToAdd", "valuesToRemove", out);  // "all" makes the snapshot public
}

void detectRedshiftSnapshot(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    auto id = json::str(*ctx.request, {"snapshotIdentifier"});
    if (!id)
        id = json::str(*ctx.request, {"snapshotArn"});
    Grant base = ctx.base("RedshiftSnapshot", id);
    base.access = {"redshift:RestoreFromClusterSnapshot"};
    auto account = json::str(*ctx.request, {"accountWithRestoreAccess"});
    if (!account)
        return;
    if (ctx.eventName == "AuthorizeSnapshotAccess")
        addAccountGrant(base, *account, ctx.path("accountWithRestoreAccess"), out);
    else
        out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, std::string(*account)));
}

void detectSsmDocument(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("SSMDocument", json::str(*ctx.request, {"name"}));
    base.access = {"ssm:GetDocument", "ssm:SendCommand"};
    accountLists(ctx, base, "accountIdsToAdd", "accountIdsToRemove", out);  // "All" shares the document publicly
}

void detectCodeBuildVisibility(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("CodeBuildProject", json::str(*ctx.request, {"projectArn"}));
    auto visibility = json::str(*ctx.request, {"projectVisibility"});
    if (!visibility)
        return;
    if (*visibility == "PUBLIC_READ") {
        base.access = {"codebuild:BatchGetBuilds", "codebuild:BatchGetProjects", "logs:GetLogEvents"};  // the public build history
        addAccountGrant(base, "*", ctx.path("projectVisibility"), out);
    } else {
        out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, "*"));
    }
}

void detectRamShare(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    // The share is the resource (a later Disassociate names it); what it holds is its access.
    std::optional<std::string_view> share = json::str(*ctx.request, {"resourceShareArn"});
    if (!share && ctx.response)
        share = json::str(*ctx.response, {"resourceShare", "resourceShareArn"});
    if (!share)
        share = json::str(*ctx.request, {"name"});
    Grant base = ctx.base("RAMResourceShare", share);
    // allowExternalPrincipals (default true) lets the share reach accounts outside the organisation
    // (AWS RAM User Guide, "Sharing with AWS accounts outside your organization").
    auto external = json::at(*ctx.request, {"allowExternalPrincipals"});
    if (external && external->is_bool()) {
        const bool allowed = external->get_bool().value_unsafe();
        if (ctx.eventName == "UpdateResourceShare") {
            if (allowed) {  // the share's guardrail switched off: info, as the S3 and EC2 block-public-access switches
                Grant g = base;
                g.guardrail = true;
                g.kind = GranteeKind::None;
                g.access = {"allowExternalPrincipals = true"};
                g.path = ctx.path("allowExternalPrincipals");
                out.grants.push_back(std::move(g));
            }
            return;
        }
        base.conditions.push_back(std::string("allowExternalPrincipals ") + (allowed ? "true" : "false"));
    }
    json::forEachOne(json::at(*ctx.request, {"resourceArns"}), [&](element v, int) {
        if (auto s = json::str(v))
            base.access.emplace_back(*s);
    });
    const bool removing = ctx.eventName == "DisassociateResourceShare";
    json::forEachOne(json::at(*ctx.request, {"principals"}), [&](element v, int i) {
        auto s = json::str(v);
        if (!s)
            return;
        if (removing)
            out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, classifyPrincipal(*s).account));
        else
            addAccountGrant(base, *s, json::indexed(ctx.path("principals"), i), out);
    });
}

} // namespace sharescope

namespace sharescope {

// Amazon Cognito identity pools: allowUnauthenticatedIdentities gives AWS credentials
// (the pool's unauthenticated role) to anyone who asks (Amazon Cognito Developer Guide,
// "Identity pools (federated identities) authentication flow"; CreateIdentityPool API).
void detectCognitoIdentityPool(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    std::optional<std::string_view> id = json::str(*ctx.request, {"identityPoolId"});
    if (!id && ctx.response)
        id = json::str(*ctx.response, {"identityPoolId"});
    if (!id)
        id = json::str(*ctx.request, {"identityPoolName"});
    Grant base = ctx.base("CognitoIdentityPool", id);
    auto open = json::at(*ctx.request, {"allowUnauthenticatedIdentities"});
    if (!open || !open->is_bool())
        return;
    if (!open->get_bool().value_unsafe()) {
        out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, "*"));
        return;
    }
    base.access = {"cognito-identity:GetId", "cognito-identity:GetCredentialsForIdentity"};
    addAccountGrant(base, "*", ctx.path("allowUnauthenticatedIdentities"), out);
    out.grants.back().grantee = "allowUnauthenticatedIdentities";
}

} // namespace sharescope
