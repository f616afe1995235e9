#pragma once
// Was the share used? CloudTrail records, in the resource owner's trail, some of the
// calls another account makes on a shared resource. This file recognises them; the
// join to the alerts is in use_index.h.
//
// What is recognised, per resource type (the document each rule follows is named
// next to its entry in resource_use.cpp):
//   EBSSnapshot     SharedSnapshotCopyInitiated, SharedSnapshotVolumeCreated (service events)
//   IAMRole         AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML
//   KMSKey          the cryptographic operations, CreateGrant, DescribeKey, ...
//   S3Bucket        object-level data events (GetObject, PutObject, ListObjects, ...)
//   LambdaFunction  Invoke (a data event)
//   Secret          GetSecretValue, DescribeSecret, PutSecretValue
//   SQSQueue, SNSTopic, ECRRepository: their data-plane calls
// AMIs and RDS snapshots leave nothing in the owner's trail when another account uses them.

#include "alert.h"
#include "cloudtrail_event.h"
#include "policy_reader.h"
#include "prefilter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

struct ResourceUse {
    std::string resourceType;   // as alerts name it (EBSSnapshot, IAMRole, ...)
    std::string resourceId;     // canonical (resource_name.h), so that every spelling meets
    // Who used it: the caller's account (userIdentity.accountId), "anonymous" for an
    // unauthenticated S3 request, empty for a federated caller (web identity, SAML),
    // who belongs to no account.
    std::string account;
    std::string subject;        // a federated caller: userIdentity.userName (the token's subject)
    std::string time;           // eventTime as written
    int64_t timeMs = 0;         // 0 when unreadable
    std::string eventName;
    std::string eventId;
    EventLocation location;
};

// The prefilter's question (prefilter.h): is an event of this name maybe a use?
UseInterest useInterest(std::string_view lowerCaseName);

// The lower-case names of the events of one interest, for queries that fetch uses (lake_query.h).
std::vector<std::string_view> useEventNames(UseInterest interest);

class UseRecogniser {
public:
    // The use `event` records, if it is one: a successful call of a recognised kind, on a
    // named resource, by a caller from outside the resource's account (a different
    // account, anonymous or federated). Calls within the owner's account are no use of a
    // share. `location` is left for the caller to set.
    std::optional<ResourceUse> recognise(const CloudTrailEvent &event);

private:
    TextParsers m_parsers;  // Sentinel's and Athena's JSON text columns
};

} // namespace sharescope
