#include "resource_use.h"

#include "event_time.h"
#include "json_access.h"
#include "principal.h"
#include "resource_name.h"

#include <algorithm>
#include <array>

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// Where the used resource is named in the event.
enum class Where : uint8_t {
    SnapshotDetail,  // serviceEventDetails.snapshotId
    RoleArn,         // requestParameters.roleArn
    KmsKey,          // resources[] of type AWS::KMS::Key, else requestParameters.keyId
    BucketName,      // requestParameters.bucketName
    FunctionName,    // requestParameters.functionName
    SecretId,        // requestParameters.secretId
    QueueUrl,        // requestParameters.queueUrl
    TopicArn,        // requestParameters.topicArn
    RepositoryName,  // requestParameters.repositoryName
};

struct UseSpec {
    std::string_view lowerName;  // the event name lower-cased, as the prefilter gives it
    std::string_view resourceType;
    Where where;
    UseInterest interest;
};

constexpr UseInterest X = UseInterest::CrossAccount, A = UseInterest::Always;

// Sorted by lowerName (so a name listed twice shows). What each call leaves in the owner's trail:
// - EBS: EBS User Guide, "Share an Amazon EBS snapshot" ▸ "CloudTrail logging for shared
//   snapshots" (ebs-modifying-snapshot-permissions.html): SharedSnapshotCopyInitiated and
//   SharedSnapshotVolumeCreated, serviceEventDetails.snapshotId; userIdentity.accountId is the
//   account that copied it or made a volume, recipientAccountId the trail's (the consumer's
//   own copy has the two equal, and is no use of a share of ours).
// - STS: IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail": an
//   AssumeRole from another account is logged in both (userIdentity type AWSAccount, the
//   caller's accountId); AssumeRoleWithSAML/WithWebIdentity only in the role's account, the
//   caller named by identityProvider and userName (CloudTrail userIdentity element).
// - KMS: KMS Developer Guide, "Logging AWS KMS API calls with AWS CloudTrail": a successful
//   use by another account is logged in the key owner's account too; the key is in
//   resources[] (Decrypt's request has no keyId).
// - S3: S3 User Guide, "Amazon S3 CloudTrail events" ▸ object-level actions in cross-account
//   scenarios: the bucket owner receives the data event when it owns the object or has
//   permission on it; resources[AWS::S3::Bucket].accountId is the owner.
// - Lambda: Lambda Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail":
//   Invoke data events, authorized requests only; resources[AWS::Lambda::Function].
// - Secrets Manager, SQS, SNS, ECR: their CloudTrail pages do not say the owner receives a
//   cross-account call; when its trail holds one (CloudTrail's general data-event rule:
//   "both API callers and resource owners can receive events"), it is read the same way.
constexpr std::array kUses = {
    UseSpec{"assumerole", "IAMRole", Where::RoleArn, X},
    UseSpec{"assumerolewithsaml", "IAMRole", Where::RoleArn, A},
    UseSpec{"assumerolewithwebidentity", "IAMRole", Where::RoleArn, A},
    UseSpec{"batchgetimage", "ECRRepository", Where::RepositoryName, X},
    UseSpec{"completemultipartupload", "S3Bucket", Where::BucketName, X},
    UseSpec{"copyobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"creategrant", "KMSKey", Where::KmsKey, X},
    UseSpec{"createmultipartupload", "S3Bucket", Where::BucketName, X},
    UseSpec{"decrypt", "KMSKey", Where::KmsKey, X},
    UseSpec{"deletemessage", "SQSQueue", Where::QueueUrl, X},
    UseSpec{"deleteobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"deleteobjects", "S3Bucket", Where::BucketName, X},
    UseSpec{"describekey", "KMSKey", Where::KmsKey, X},
    UseSpec{"describesecret", "Secret", Where::SecretId, X},
    UseSpec{"encrypt", "KMSKey", Where::KmsKey, X},
    UseSpec{"generatedatakey", "KMSKey", Where::KmsKey, X},
    UseSpec{"generatedatakeypair", "KMSKey", Where::KmsKey, X},
    UseSpec{"generatedatakeypairwithoutplaintext", "KMSKey", Where::KmsKey, X},
    UseSpec{"generatedatakeywithoutplaintext", "KMSKey", Where::KmsKey, X},
    UseSpec{"generatemac", "KMSKey", Where::KmsKey, X},
    UseSpec{"getdownloadurlforlayer", "ECRRepository", Where::RepositoryName, X},
    UseSpec{"getobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"getobjectacl", "S3Bucket", Where::BucketName, X},
    UseSpec{"getobjectattributes", "S3Bucket", Where::BucketName, X},
    UseSpec{"getobjecttagging", "S3Bucket", Where::BucketName, X},
    UseSpec{"getpublickey", "KMSKey", Where::KmsKey, X},
    UseSpec{"getsecretvalue", "Secret", Where::SecretId, X},
    UseSpec{"headobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"invoke", "LambdaFunction", Where::FunctionName, X},
    UseSpec{"listobjects", "S3Bucket", Where::BucketName, X},
    UseSpec{"listobjectsv2", "S3Bucket", Where::BucketName, X},
    UseSpec{"listobjectversions", "S3Bucket", Where::BucketName, X},
    UseSpec{"publish", "SNSTopic", Where::TopicArn, X},
    UseSpec{"putimage", "ECRRepository", Where::RepositoryName, X},
    UseSpec{"putobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"putobjectacl", "S3Bucket", Where::BucketName, X},
    UseSpec{"putsecretvalue", "Secret", Where::SecretId, X},
    UseSpec{"receivemessage", "SQSQueue", Where::QueueUrl, X},
    UseSpec{"reencrypt", "KMSKey", Where::KmsKey, X},
    UseSpec{"restoreobject", "S3Bucket", Where::BucketName, X},
    UseSpec{"selectobjectcontent", "S3Bucket", Where::BucketName, X},
    UseSpec{"sendmessage", "SQSQueue", Where::QueueUrl, X},
    UseSpec{"sharedsnapshotcopyinitiated", "EBSSnapshot", Where::SnapshotDetail, A},
    UseSpec{"sharedsnapshotvolumecreated", "EBSSnapshot", Where::SnapshotDetail, A},
    UseSpec{"sign", "KMSKey", Where::KmsKey, X},
    UseSpec{"uploadpart", "S3Bucket", Where::BucketName, X},
    UseSpec{"verify", "KMSKey", Where::KmsKey, X},
    UseSpec{"verifymac", "KMSKey", Where::KmsKey, X},
};

constexpr bool eachNameOnce()
{
    for (size_t i = 1; i < kUses.size(); ++i)
        if (!(kUses[i - 1].lowerName < kUses[i].lowerName))
            return false;
    return true;
}
static_assert(eachNameOnce(), "kUses must be sorted by lowerName, each name once");

// The uses by name in an open-addressing table (FNV-1a, linear probing): every record
// that no detector wants asks, so a lookup is one hash and, mostly, no comparison at all.
constexpr uint32_t nameHash(std::string_view s)
{
    uint32_t h = 2166136261u;
    for (char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

struct UseTable {
    static constexpr size_t kSlots = 256;  // a power of two, well above kUses.size()
    std::array<int16_t, kSlots> slot{};
    constexpr UseTable()
    {
        for (int16_t &s : slot)
            s = -1;
        for (size_t i = 0; i < kUses.size(); ++i) {
            size_t at = nameHash(kUses[i].lowerName) & (kSlots - 1);
            while (slot[at] >= 0)
                at = (at + 1) & (kSlots - 1);
            slot[at] = static_cast<int16_t>(i);
        }
    }
    const UseSpec *find(std::string_view lower) const
    {
        for (size_t at = nameHash(lower) & (kSlots - 1); slot[at] >= 0; at = (at + 1) & (kSlots - 1))
            if (kUses[static_cast<size_t>(slot[at])].lowerName == lower)
                return &kUses[static_cast<size_t>(slot[at])];
        return nullptr;
    }
};
constexpr UseTable kUseTable;

const UseSpec *findUse(std::string_view lower) { return kUseTable.find(lower); }

std::string lowered(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    return out;
}

// A JSON value of the event as an element: objects and arrays as they are, JSON text
// (Sentinel's and Athena's columns) parsed.
std::optional<element> asElement(const kusto::Value &v, TextParsers &parsers)
{
    if (v.kind != kusto::Value::Kind::Json || v.json.type() == element_type::NULL_VALUE)
        return std::nullopt;
    if (v.json.type() == element_type::STRING)
        return parsers.parse(v.json.get_string().value_unsafe());
    return v.json;
}

// The resources[] entry of `type` (CloudTrail's ARN/accountId/type, Athena's lower-case
// keys, OCSF's uid): its ARN and the account it names.
struct ListedResource {
    std::string_view arn, account;
};
std::optional<ListedResource> listedResource(std::optional<element> resources, std::string_view type)
{
    std::optional<ListedResource> found;
    json::forEachOne(resources, [&](element item, int) {
        if (found)
            return;
        if (item.type() == element_type::ARRAY) {
            // Athena's resources cast to JSON by an engine that writes a ROW as an array of its
            // values (Presto, "Cast to JSON"): in the table's order, arn, accountid, type.
            simdjson::dom::array a = item.get_array();
            if (a.size() == 3 && json::str(a.at(2).value_unsafe()).value_or("") == type)
                found = ListedResource{json::str(a.at(0).value_unsafe()).value_or(""), json::str(a.at(1).value_unsafe()).value_or("")};
            return;
        }
        if (item.type() != element_type::OBJECT)
            return;
        const std::string_view t = json::str(json::at(item, {"type"})).value_or("");
        if (t != type)
            return;
        ListedResource r;
        r.arn = json::str(json::at(item, {"ARN"})).value_or(json::str(json::at(item, {"arn"})).value_or(json::str(json::at(item, {"uid"})).value_or("")));
        r.account = json::str(json::at(item, {"accountId"}))
                        .value_or(json::str(json::at(item, {"accountid"})).value_or(json::str(json::at(item, {"owner", "account", "uid"})).value_or("")));
        if (!r.arn.empty())
            found = r;
    });
    return found;
}

// The resources[] type that names the resource (CloudTrail record contents, "resources").
constexpr std::string_view listedType(Where w)
{
    switch (w) {
    case Where::RoleArn: return "AWS::IAM::Role";
    case Where::KmsKey: return "AWS::KMS::Key";
    case Where::BucketName: return "AWS::S3::Bucket";
    case Where::FunctionName: return "AWS::Lambda::Function";
    default: return "";
    }
}

constexpr std::string_view requestKey(Where w)
{
    switch (w) {
    case Where::RoleArn: return "roleArn";
    case Where::KmsKey: return "keyId";
    case Where::BucketName: return "bucketName";
    case Where::FunctionName: return "functionName";
    case Where::SecretId: return "secretId";
    case Where::QueueUrl: return "queueUrl";
    case Where::TopicArn: return "topicArn";
    case Where::RepositoryName: return "repositoryName";
    case Where::SnapshotDetail: return "";
    }
    return "";
}

} // namespace

UseInterest useInterest(std::string_view lowerCaseName)
{
    const UseSpec *spec = findUse(lowerCaseName);
    return spec ? spec->interest : UseInterest::None;
}

std::vector<std::string_view> useEventNames(UseInterest interest)
{
    std::vector<std::string_view> names;
    for (const UseSpec &s : kUses)
        if (s.interest == interest)
            names.push_back(s.lowerName);
    return names;
}

std::optional<ResourceUse> UseRecogniser::recognise(const CloudTrailEvent &event)
{
    const std::optional<std::string_view> name = event.eventName();
    if (!name || name->size() > 64)
        return std::nullopt;
    const UseSpec *spec = findUse(lowered(*name));
    if (!spec || event.errorCode())
        return std::nullopt;  // a refused call is an attempt, not a use
    m_parsers.reset();

    ResourceUse use;
    use.resourceType = std::string(spec->resourceType);
    std::string id;
    std::string owner;  // the resource's account, when the event says
    if (spec->where == Where::SnapshotDetail) {
        // Not every such event carries its details (a hostile or damaged log): then no use.
        if (std::optional<element> details = asElement(event.serviceEventDetailsRaw(), m_parsers))
            id = std::string(json::str(json::at(*details, {"snapshotId"})).value_or(""));
    } else {
        // resources[] names the resource as its owner knows it (an unqualified ARN, and the
        // owner's account): Decrypt's request often has no keyId, Invoke's functionName may
        // be null or carry an alias.
        if (std::string_view type = listedType(spec->where); !type.empty())
            if (auto listed = listedResource(asElement(event.resourcesRaw(), m_parsers), type)) {
                id = std::string(listed->arn);
                owner = std::string(listed->account);
            }
        if (id.empty())
            if (std::optional<element> request = asElement(event.requestParametersRaw(), m_parsers))
                id = std::string(json::str(json::at(*request, {requestKey(spec->where)})).value_or(""));
    }
    if (id.empty())
        return std::nullopt;
    if (owner.empty())
        owner = accountOfResource(id).value_or(event.recipientAccountId().value_or(""));
    use.resourceId = canonicalResourceId(spec->resourceType, id);

    const std::string identity = event.identityType().value_or("");
    if (identity == "WebIdentityUser" || identity == "SAMLUser") {
        use.subject = event.userName().value_or("");
    } else {
        use.account = event.actorAccountId().value_or("");
        // S3 writes an unauthenticated caller as "anonymous" (seen in real logs) or, in AWS's
        // Athena example, "ANONYMOUS_PRINCIPAL" (S3 User Guide, "Identifying Amazon S3 requests
        // using CloudTrail").
        if (kusto::equalsNoCase(use.account, "anonymous") || kusto::equalsNoCase(use.account, "ANONYMOUS_PRINCIPAL"))
            use.account = "anonymous";
        if (use.account.empty() || (!owner.empty() && use.account == owner))
            return std::nullopt;  // the owner's own call, or an AWS service's on its behalf
    }
    use.time = event.eventTime().value_or("");
    use.timeMs = parseEventTimeMs(use.time).value_or(0);
    use.eventName = std::string(*name);
    use.eventId = event.eventId().value_or("");
    return use;
}

} // namespace sharescope
