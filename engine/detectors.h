#pragma once
// The extended detectors: one small function per way AWS records a share
// (shared/reference/sharing-apis.md), each turning one event into grants,
// revocations and guardrail changes. The registry says which event names each wants.

#include "cloudtrail_event.h"
#include "grant.h"
#include "policy_reader.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sharescope {

struct DetectContext {
    std::string_view eventName;
    std::string_view eventSource;
    std::optional<simdjson::dom::element> request;   // requestParameters, parsed when it came as text
    std::optional<simdjson::dom::element> response;  // responseElements
    std::string requestPath;                          // "requestParameters" (or Sentinel's column name)
    TextParsers &parsers;

    // A grant with the fields every detector fills the same way.
    Grant base(std::string resourceType, std::optional<std::string_view> resourceId) const
    {
        Grant g;
        g.resourceType = std::move(resourceType);
        g.resourceId = resourceId ? std::string(*resourceId) : std::string();
        return g;
    }
    std::string path(std::string_view rest) const { return requestPath + '.' + std::string(rest); }
};

using DetectorFn = void (*)(DetectContext &, Findings &);

struct DetectorEntry {
    std::string_view eventName;    // exact, or a prefix when `prefix` (Lambda names carry API versions)
    bool prefix;
    std::string_view eventSource;  // empty: any
    DetectorFn detect;
};

// The detector for this event, or nullptr.
DetectorFn findDetector(std::string_view eventName, std::string_view eventSource);
// The registry: every event name a detector reads (candidate_events.h lists them for the prefilter and the queries).
std::span<const DetectorEntry> detectorEntries();

// The families, defined in detectors_*.cpp.
void detectEc2Image(DetectContext &, Findings &);
void detectEc2Snapshot(DetectContext &, Findings &);
void detectEc2BlockPublicAccess(DetectContext &, Findings &);
void detectRdsSnapshot(DetectContext &, Findings &);
void detectRedshiftSnapshot(DetectContext &, Findings &);
void detectSsmDocument(DetectContext &, Findings &);
void detectCodeBuildVisibility(DetectContext &, Findings &);
void detectRamShare(DetectContext &, Findings &);
void detectCognitoIdentityPool(DetectContext &, Findings &);
void detectServerlessRepoPolicy(DetectContext &, Findings &);
void detectVpcEndpointServicePermissions(DetectContext &, Findings &);
void detectApiGatewayPolicy(DetectContext &, Findings &);
void detectS3BucketPolicy(DetectContext &, Findings &);
void detectS3Acl(DetectContext &, Findings &);
void detectS3PublicAccessBlock(DetectContext &, Findings &);
void detectLambdaPermission(DetectContext &, Findings &);
void detectLambdaRemovePermission(DetectContext &, Findings &);
void detectLambdaLayerPermission(DetectContext &, Findings &);
void detectLambdaFunctionUrl(DetectContext &, Findings &);
void detectIamTrustPolicy(DetectContext &, Findings &);
void detectKmsGrant(DetectContext &, Findings &);
void detectResourcePolicy(DetectContext &, Findings &);
void detectEventBridgePermission(DetectContext &, Findings &);
void detectQueueTopicPermission(DetectContext &, Findings &);

} // namespace sharescope
