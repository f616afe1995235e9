// Resource policies read by the shared policy reader: IAM trust policies, KMS,
// ECR, SQS, SNS, Secrets Manager, Glue, CloudWatch Logs, Glacier, EFS, Backup,
// OpenSearch; plus KMS grants and EventBridge bus permissions.
#include "detectors.h"
#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

#include <array>

namespace sharescope {

using json::element;

namespace {

// Where each API keeps its policy and names its resource.
struct PolicySpot {
    std::string_view eventName;
    std::string_view eventSource;  // empty: any
    std::array<std::string_view, 3> policy;  // key path; later keys empty when shorter
    std::string_view idKey;
    std::string_view resourceType;
};

constexpr std::array<PolicySpot, 24> kSpots = {{
    {"PutKeyPolicy", "", {"policy", "", ""}, "keyId", "KMSKey"},
    {"CreateKey", "", {"policy", "", ""}, "", "KMSKey"},
    {"SetRepositoryPolicy", "", {"policyText", "", ""}, "repositoryName", "ECRRepository"},
    {"PutRegistryPolicy", "", {"policyText", "", ""}, "", "ECRRegistry"},
    {"SetQueueAttributes", "", {"attributes", "Policy", ""}, "queueUrl", "SQSQueue"},
    {"CreateQueue", "", {"attributes", "Policy", ""}, "queueName", "SQSQueue"},
    {"SetTopicAttributes", "", {"attributeValue", "", ""}, "topicArn", "SNSTopic"},
    {"CreateTopic", "", {"attributes", "Policy", ""}, "name", "SNSTopic"},
    {"PutResourcePolicy", "secretsmanager.amazonaws.com", {"resourcePolicy", "", ""}, "secretId", "Secret"},
    {"PutResourcePolicy", "glue.amazonaws.com", {"policyInJson", "", ""}, "resourceArn", "GlueCatalog"},
    {"PutResourcePolicy", "logs.amazonaws.com", {"policyDocument", "", ""}, "policyName", "LogsResourcePolicy"},
    {"PutDestinationPolicy", "", {"accessPolicy", "", ""}, "destinationName", "LogsDestination"},
    {"SetVaultAccessPolicy", "", {"policy", "policy", ""}, "vaultName", "GlacierVault"},
    {"PutFileSystemPolicy", "", {"policy", "", ""}, "fileSystemId", "EFSFileSystem"},
    {"PutBackupVaultAccessPolicy", "", {"policy", "", ""}, "backupVaultName", "BackupVault"},
    {"CreateElasticsearchDomain", "", {"accessPolicies", "", ""}, "domainName", "OpenSearchDomain"},
    {"UpdateElasticsearchDomainConfig", "", {"accessPolicies", "", ""}, "domainName", "OpenSearchDomain"},
    {"CreateDomain", "", {"accessPolicies", "", ""}, "domainName", "OpenSearchDomain"},
    {"UpdateDomainConfig", "", {"accessPolicies", "", ""}, "domainName", "OpenSearchDomain"},
    // DynamoDB and Kinesis Data Streams resource-based policies (their PutResourcePolicy API references).
    {"PutResourcePolicy", "dynamodb.amazonaws.com", {"policy", "", ""}, "resourceArn", "DynamoDBTable"},
    {"PutResourcePolicy", "kinesis.amazonaws.com", {"policy", "", ""}, "resourceARN", "KinesisStream"},
    // S3 access points and Multi-Region Access Points (S3 Control; XML bodies logged under the request's name).
    {"PutAccessPointPolicy", "s3.amazonaws.com", {"PutAccessPointPolicyRequest", "Policy", ""}, "name", "S3AccessPoint"},
    {"PutMultiRegionAccessPointPolicy", "s3.amazonaws.com", {"PutMultiRegionAccessPointPolicyRequest", "Details", "Policy"}, "", "S3MultiRegionAccessPoint"},
    {"CreateRestApi", "apigateway.amazonaws.com", {"createRestApiInput", "policy", ""}, "", "APIGatewayRestApi"},
}};

// Any other service's PutResourcePolicy (Bedrock, CodeBuild, Redshift, SSM, VPC Lattice,
// Network Firewall, ...): the policy and the resource under their usual names.
constexpr std::array<std::string_view, 5> kAnyPolicyKeys = {"policy", "resourcePolicy", "policyDocument", "policyInJson", "policyText"};
constexpr std::array<std::string_view, 4> kAnyResourceKeys = {"resourceArn", "resourceARN", "resourceId", "arn"};

std::optional<element> policyAt(element request, const PolicySpot &spot)
{
    if (spot.policy[1].empty())
        return json::at(request, {spot.policy[0]});
    if (spot.policy[2].empty())
        return json::at(request, {spot.policy[0], spot.policy[1]});
    return json::at(request, {spot.policy[0], spot.policy[1], spot.policy[2]});
}

std::string policyPath(const PolicySpot &spot)
{
    std::string path(spot.policy[0]);
    for (size_t i = 1; i < spot.policy.size() && !spot.policy[i].empty(); ++i)
        path += '.' + std::string(spot.policy[i]);
    return path;
}

// A successful replacement of a whole policy ends the grants it no longer names.
void readAndReplace(DetectContext &ctx, const Grant &base, std::optional<element> policy, const std::string &path, Findings &out)
{
    PolicyRead read = readPolicy(policy, path, base, ctx.parsers, out.grants);
    addReplacement(read, base, out.revocations);
}

} // namespace

void detectResourcePolicy(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    // DeleteResourcePolicy names its resource as the Put does: every grant of the policy ends.
    const bool deleting = ctx.eventName == "DeleteResourcePolicy";
    const std::string_view putName = deleting ? std::string_view("PutResourcePolicy") : ctx.eventName;
    for (const PolicySpot &spot : kSpots) {
        if (spot.eventName != putName || (!spot.eventSource.empty() && spot.eventSource != ctx.eventSource))
            continue;
        // SNS names the attribute being set; only its Policy attribute grants anything.
        if (ctx.eventName == "SetTopicAttributes") {
            auto attribute = json::str(*ctx.request, {"attributeName"});
            if (!attribute || *attribute != "Policy")
                return;
        }
        std::optional<std::string_view> id = spot.idKey.empty() ? std::nullopt : json::str(*ctx.request, {spot.idKey});
        if (!id && ctx.eventName == "CreateKey" && ctx.response)
            id = json::str(*ctx.response, {"keyMetadata", "keyId"});
        if (!id && ctx.eventName == "PutMultiRegionAccessPointPolicy")
            id = json::str(*ctx.request, {"PutMultiRegionAccessPointPolicyRequest", "Details", "Name"});
        if (!id && ctx.eventName == "CreateRestApi" && ctx.response)
            id = json::str(*ctx.response, {"id"});
        Grant base = ctx.base(std::string(spot.resourceType), id);
        // The registry and the Data Catalog are the account's own: named by its id when the request names none.
        base.accountWide = spot.resourceType == "ECRRegistry" || spot.resourceType == "GlueCatalog";
        if (deleting) {
            out.revocations.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, {}));
            return;
        }
        readAndReplace(ctx, base, policyAt(*ctx.request, spot), ctx.path(policyPath(spot)), out);
        return;
    }
    if (putName != "PutResourcePolicy")
        return;
    std::optional<std::string_view> id;
    for (std::string_view key : kAnyResourceKeys)
        if (!id)
            id = json::str(*ctx.request, {key});
    Grant base = ctx.base(std::string(ctx.eventSource.substr(0, ctx.eventSource.find('.'))) + " resource", id);
    if (deleting) {
        out.revocations.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, {}));
        return;
    }
    for (std::string_view key : kAnyPolicyKeys)
        if (auto policy = json::at(*ctx.request, {key})) {
            readAndReplace(ctx, base, policy, ctx.path(key), out);
            return;
        }
}

// API Gateway: a REST API's policy changes through UpdateRestApi's patch operations on "/policy".
void detectApiGatewayPolicy(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("APIGatewayRestApi", json::str(*ctx.request, {"restApiId"}));
    std::optional<element> ops = json::at(*ctx.request, {"patchOperations"});
    std::string at = "patchOperations";
    if (!ops) {
        ops = json::at(*ctx.request, {"patch", "patchOperations"});
        at = "patch.patchOperations";
    }
    json::forEachOne(ops, [&](element op, int i) {
        if (json::str(op, {"path"}).value_or("") != "/policy")
            return;
        const std::string verb(json::str(op, {"op"}).value_or("replace"));
        if (verb == "remove")
            out.revocations.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, {}));
        else
            readAndReplace(ctx, base, json::at(op, {"value"}), ctx.path(json::indexed(at, i) + ".value"), out);
    });
}

void detectIamTrustPolicy(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    const bool create = ctx.eventName == "CreateRole";
    Grant base = ctx.base("IAMRole", json::str(*ctx.request, {"roleName"}));
    base.trustPolicy = true;  // whoever it names can assume the role: the classic backdoor
    const std::string key = create ? "assumeRolePolicyDocument" : "policyDocument";
    readAndReplace(ctx, base, json::at(*ctx.request, {key}), ctx.path(key), out);
}

void detectKmsGrant(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("KMSKey", json::str(*ctx.request, {"keyId"}));
    if (ctx.eventName != "CreateGrant") {  // RevokeGrant, RetireGrant: the grant id ends it
        if (auto id = json::str(*ctx.request, {"grantId"}))
            out.revocations.push_back(Revocation::ofStatement(base.resourceType, base.resourceId, std::string(*id)));
        return;
    }
    if (ctx.response)
        if (auto id = json::str(*ctx.response, {"grantId"}))
            base.statementId = std::string(*id);
    json::forEachOne(json::at(*ctx.request, {"operations"}), [&](element v, int) {
        if (auto op = json::str(v))  // grant operations are the KMS actions of the same names
            base.access.push_back("kms:" + std::string(*op));
    });
    Narrowing none;
    for (std::string_view key : {"granteePrincipal", "retiringPrincipal"}) {
        if (auto principal = json::str(*ctx.request, {key})) {
            Grant g = base;
            g.path = ctx.path(key);
            if (key == "retiringPrincipal")
                g.access = {"kms:RetireGrant"};
            addPrincipalGrants(g, *principal, none, out.grants);
        }
    }
}

void detectEventBridgePermission(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    Grant base = ctx.base("EventBus", std::optional<std::string_view>(json::str(*ctx.request, {"eventBusName"}).value_or("default")));
    if (ctx.eventName == "RemovePermission") {
        if (auto sid = json::str(*ctx.request, {"statementId"}))
            out.revocations.push_back(Revocation::ofStatement(base.resourceType, base.resourceId, std::string(*sid)));
        else if (auto all = json::at(*ctx.request, {"removeAllPermissions"}); all && all->is_bool() && all->get_bool().value_unsafe())
            out.revocations.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, {}));
        return;
    }
    if (auto policy = json::at(*ctx.request, {"policy"})) {
        readAndReplace(ctx, base, policy, ctx.path("policy"), out);
        return;
    }
    if (auto action = json::str(*ctx.request, {"action"}))
        base.access = {std::string(*action)};
    if (auto sid = json::str(*ctx.request, {"statementId"}))
        base.statementId = std::string(*sid);
    base.path = ctx.path("principal");
    Narrowing narrowing;
    auto key = json::str(*ctx.request, {"condition", "key"});
    auto value = json::str(*ctx.request, {"condition", "value"});
    auto type = json::str(*ctx.request, {"condition", "type"});  // EventBridge's only type: StringEquals
    if (key && value)
        narrowing.add(std::string(type.value_or("StringEquals")), std::string(*key), std::string(*value));
    if (auto principal = json::str(*ctx.request, {"principal"}))
        addPrincipalGrants(base, *principal, narrowing, out.grants);
}

void detectQueueTopicPermission(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    // SQS and SNS keep their own permission API beside their policies: accounts and actions by label.
    const bool queue = ctx.eventSource == "sqs.amazonaws.com";
    Grant base = ctx.base(queue ? "SQSQueue" : "SNSTopic", json::str(*ctx.request, {queue ? "queueUrl" : "topicArn"}));
    auto label = json::str(*ctx.request, {"label"});
    if (ctx.eventName == "RemovePermission") {
        if (label)
            out.revocations.push_back(Revocation::ofStatement(base.resourceType, base.resourceId, std::string(*label)));
        return;
    }
    if (label)
        base.statementId = std::string(*label);
    // Actions by bare name ("SendMessage", "Publish"); the policy AWS writes prefixes the service.
    const std::string prefix = queue ? "sqs:" : "sns:";
    for (std::string_view key : {"actions", "actionName", "actionNames"})
        json::forEachOne(json::at(*ctx.request, {key}), [&](element v, int) {
            if (auto a = json::str(v))
                base.access.push_back(a->find(':') == std::string_view::npos ? prefix + std::string(*a) : std::string(*a));
        });
    for (std::string_view key : {"aWSAccountIds", "aWSAccountId", "AWSAccountIds", "AWSAccountId"}) {
        json::forEachOne(json::at(*ctx.request, {key}), [&](element v, int i) {
            if (auto acct = json::str(v)) {
                Grant g = base;
                g.path = json::indexed(ctx.path(key), i);
                addPrincipalGrants(g, *acct, Narrowing{}, out.grants);
            }
        });
    }
}

} // namespace sharescope
