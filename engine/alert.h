#pragma once
// One sharing finding: who shared what with whom, and where in the logs it was recorded.

#include "alert_enums.h"
#include "shared_text.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sharescope {

// Where an event lives, so its raw text can be read back on demand instead of kept in memory.
struct EventLocation {
    uint32_t fileIndex = 0;   // index into the scan's file list
    uint64_t record = 0;      // index of the event within its file's container
    uint64_t offset = 0;      // byte offset of the record in the (decompressed) file
    uint64_t length = 0;      // byte length of the record
    int32_t inner = -1;       // in a wrapper that had to be parsed whole: the index in its Records/Events array
};

using OptString = std::optional<std::string>;

// The event's own values (eventId … errorCode) are SharedText: every alert of an event
// points at one copy of them (event_header.h).
struct Alert {
    SharedText eventId;
    SharedText eventTime;
    int64_t eventTimeMs = 0;      // eventTime parsed once (finishEventAlerts); 0 when absent or unreadable
    SharedText eventName;
    SharedText eventSource;
    SharedText awsRegion;
    std::string resourceType;     // AMI, EBSSnapshot, RDSSnapshot, S3Bucket, LambdaFunction
    OptString sharedResourceId;
    std::string addedAccount;     // the rule's normalised AddedAccount
    SharedText actorAccountId;     // userIdentity.accountId
    SharedText userAccount;        // last '/' field of userIdentity.arn (the rule's UserAccount)
    SharedText actorArn;
    SharedText sourceIp;
    SharedText userAgent;
    SharedText errorCode;          // null when the call succeeded
    std::string firingPath;       // JSON path of the value that fired, e.g. requestParameters.launchPermission.add.items[0].userId
    EventLocation location;

    // Extended mode only (see extended_rule.h).
    bool extended = false;
    GranteeKind granteeKind = GranteeKind::None;  // None also for guardrail changes
    std::string grantee;          // the raw value as written in the event
    std::string granteeName;      // who the added account is, when AWS documents it as its own (resources/known_aws_accounts)
    bool isPublic = false;
    std::vector<std::string> conditions;  // narrowing conditions in force, "key = value"
    std::vector<std::string> access;      // actions or operations granted
    Severity severity = Severity::None;
    bool sentinel = false;        // rule 0236 raises this alert for the same event
    std::string cannotEvaluate;   // why the grant could not be read (severity low)
    OptString revokedAt;          // a later revocation of the same grant in the loaded logs
    // Was the share used (use_index.h): the grantee's calls on the resource after the share.
    uint32_t uses = 0;
    OptString usedAt;             // the first use
    std::vector<std::string> useEvents;  // eventIDs of the first uses (kListedUses at most)
    OptString usedAfterRevocation;  // the first use after revokedAt
    std::string statementId;      // to match a later RemovePermission
    std::string via;              // how it was granted ("policy" or empty), for revocations
    std::vector<std::string> orgLimits;  // aws:PrincipalOrgID in force: trusting every one of them hides the alert
    uint16_t keyOrdinal = 0;      // tells apart alerts of one event whose grant identity is the same (alert_key.h)
    std::shared_ptr<const std::string> eventJson;  // the event's JSON, when ScanOptions::keepEventJson asks

    Outcome outcome() const { return errorCode ? Outcome::Failed : Outcome::Succeeded; }
};

// Called once for the alerts an event raised, [first, end of `alerts`): parses their
// times and numbers alerts that share a grant identity, so that every AlertKey is unique.
void finishEventAlerts(std::vector<Alert> &alerts, size_t first);

} // namespace sharescope
