#include "detectors.h"

#include "kusto_value.h"

#include <array>

namespace sharescope {

namespace {

// Every event name a detector wants. Resource policies share one reader and differ only in where the policy sits.
constexpr std::array<DetectorEntry, 65> kDetectors = {{
    {"ModifyImageAttribute", false, "", detectEc2Image},
    {"ModifySnapshotAttribute", false, "", detectEc2Snapshot},
    {"DisableImageBlockPublicAccess", false, "", detectEc2BlockPublicAccess},
    {"DisableSnapshotBlockPublicAccess", false, "", detectEc2BlockPublicAccess},
    {"ModifyDBSnapshotAttribute", false, "", detectRdsSnapshot},
    {"ModifyDBClusterSnapshotAttribute", false, "", detectRdsSnapshot},
    {"AuthorizeSnapshotAccess", false, "redshift.amazonaws.com", detectRedshiftSnapshot},
    {"RevokeSnapshotAccess", false, "redshift.amazonaws.com", detectRedshiftSnapshot},
    {"ModifyDocumentPermission", false, "ssm.amazonaws.com", detectSsmDocument},
    {"CreateIdentityPool", false, "cognito-identity.amazonaws.com", detectCognitoIdentityPool},
    {"UpdateIdentityPool", false, "cognito-identity.amazonaws.com", detectCognitoIdentityPool},
    {"UpdateProjectVisibility", false, "codebuild.amazonaws.com", detectCodeBuildVisibility},
    {"CreateResourceShare", false, "ram.amazonaws.com", detectRamShare},
    {"AssociateResourceShare", false, "ram.amazonaws.com", detectRamShare},
    {"DisassociateResourceShare", false, "ram.amazonaws.com", detectRamShare},
    {"PutBucketPolicy", false, "", detectS3BucketPolicy},
    {"DeleteBucketPolicy", false, "", detectS3BucketPolicy},
    {"PutBucketAcl", false, "", detectS3Acl},
    {"PutObjectAcl", false, "", detectS3Acl},
    {"DeleteBucketPublicAccessBlock", false, "", detectS3PublicAccessBlock},
    {"PutBucketPublicAccessBlock", false, "", detectS3PublicAccessBlock},
    {"DeleteAccountPublicAccessBlock", false, "", detectS3PublicAccessBlock},
    {"PutAccountPublicAccessBlock", false, "", detectS3PublicAccessBlock},
    {"AddPermission", true, "lambda.amazonaws.com", detectLambdaPermission},
    {"RemovePermission", true, "lambda.amazonaws.com", detectLambdaRemovePermission},
    {"AddLayerVersionPermission", true, "lambda.amazonaws.com", detectLambdaLayerPermission},
    {"RemoveLayerVersionPermission", true, "lambda.amazonaws.com", detectLambdaLayerPermission},
    {"AddPermission", false, "sqs.amazonaws.com", detectQueueTopicPermission},
    {"RemovePermission", false, "sqs.amazonaws.com", detectQueueTopicPermission},
    {"AddPermission", false, "sns.amazonaws.com", detectQueueTopicPermission},
    {"RemovePermission", false, "sns.amazonaws.com", detectQueueTopicPermission},
    {"CreateFunctionUrlConfig", true, "lambda.amazonaws.com", detectLambdaFunctionUrl},
    {"UpdateFunctionUrlConfig", true, "lambda.amazonaws.com", detectLambdaFunctionUrl},
    {"UpdateAssumeRolePolicy", false, "iam.amazonaws.com", detectIamTrustPolicy},
    {"CreateRole", false, "iam.amazonaws.com", detectIamTrustPolicy},
    {"CreateGrant", false, "kms.amazonaws.com", detectKmsGrant},
    {"RevokeGrant", false, "kms.amazonaws.com", detectKmsGrant},
    {"RetireGrant", false, "kms.amazonaws.com", detectKmsGrant},
    {"PutKeyPolicy", false, "kms.amazonaws.com", detectResourcePolicy},
    {"CreateKey", false, "kms.amazonaws.com", detectResourcePolicy},
    {"SetRepositoryPolicy", false, "ecr.amazonaws.com", detectResourcePolicy},
    {"PutRegistryPolicy", false, "ecr.amazonaws.com", detectResourcePolicy},
    {"SetQueueAttributes", false, "sqs.amazonaws.com", detectResourcePolicy},
    {"CreateQueue", false, "sqs.amazonaws.com", detectResourcePolicy},
    {"SetTopicAttributes", false, "sns.amazonaws.com", detectResourcePolicy},
    {"CreateTopic", false, "sns.amazonaws.com", detectResourcePolicy},
    {"PutResourcePolicy", false, "", detectResourcePolicy},       // Secrets Manager, Glue, CloudWatch Logs, DynamoDB, Kinesis, any other
    {"DeleteResourcePolicy", false, "", detectResourcePolicy},
    {"PutAccessPointPolicy", false, "s3.amazonaws.com", detectResourcePolicy},
    {"PutMultiRegionAccessPointPolicy", false, "s3.amazonaws.com", detectResourcePolicy},
    {"CreateRestApi", false, "apigateway.amazonaws.com", detectResourcePolicy},
    {"UpdateRestApi", false, "apigateway.amazonaws.com", detectApiGatewayPolicy},
    {"PutApplicationPolicy", false, "serverlessrepo.amazonaws.com", detectServerlessRepoPolicy},
    {"ModifyVpcEndpointServicePermissions", false, "ec2.amazonaws.com", detectVpcEndpointServicePermissions},
    {"UpdateResourceShare", false, "ram.amazonaws.com", detectRamShare},
    {"SetVaultAccessPolicy", false, "glacier.amazonaws.com", detectResourcePolicy},
    {"PutFileSystemPolicy", false, "elasticfilesystem.amazonaws.com", detectResourcePolicy},
    {"PutBackupVaultAccessPolicy", false, "backup.amazonaws.com", detectResourcePolicy},
    {"PutPermission", false, "events.amazonaws.com", detectEventBridgePermission},
    {"RemovePermission", false, "events.amazonaws.com", detectEventBridgePermission},
    {"PutDestinationPolicy", false, "logs.amazonaws.com", detectResourcePolicy},
    {"CreateElasticsearchDomain", false, "", detectResourcePolicy},
    {"UpdateElasticsearchDomainConfig", false, "", detectResourcePolicy},
    {"CreateDomain", false, "es.amazonaws.com", detectResourcePolicy},
    {"UpdateDomainConfig", false, "es.amazonaws.com", detectResourcePolicy},
}};

// A size larger than the list would leave empty entries that match an empty name.
constexpr bool everyEntryNamed()
{
    for (const DetectorEntry &d : kDetectors)
        if (d.eventName.empty() || !d.detect)
            return false;
    return true;
}
static_assert(everyEntryNamed(), "kDetectors' size must be the number of its entries");

bool matches(const DetectorEntry &d, std::string_view name)
{
    return d.prefix ? name.substr(0, d.eventName.size()) == d.eventName : name == d.eventName;
}

} // namespace

DetectorFn findDetector(std::string_view eventName, std::string_view eventSource)
{
    for (const DetectorEntry &d : kDetectors)
        if (matches(d, eventName) && (d.eventSource.empty() || d.eventSource == eventSource))
            return d.detect;
    return nullptr;
}

std::span<const DetectorEntry> detectorEntries() { return kDetectors; }

} // namespace sharescope
