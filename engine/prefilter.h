#pragma once
// Decides from the raw bytes of a record, before any parse, whether it can matter:
// it finds the record's own top-level event-name key (event_format.h: `"eventName"`,
// Sentinel's `"EventName"`, Athena's `"eventname"`)
// — not one nested deeper — and asks the detectors whether that name interests them.
// Conservative: when it is unsure (an escape before the key, a name it cannot read
// plainly, no plain top-level key at all) the record is parsed.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace sharescope {

enum class RecordKind {
    NotAnEvent,  // no plain top-level eventName key: not an event, a wrapper or an envelope (parse it)
    Ordinary,    // an event that no detector wants
    Candidate,   // parse it and run the detectors
};

// `wanted` receives an event name lower-cased (at most 127 characters).
using NameFilter = bool (*)(std::string_view lowerCaseName);

// Events that may be the use of a share (resource_use.h): most of them are ordinary
// calls within one account (GetObject, Decrypt, AssumeRole), so only those that carry
// a sign of coming from outside are parsed.
enum class UseInterest : uint8_t {
    None,
    CrossAccount,  // parse it when it shows a cross-account or anonymous call (see classifyRecord)
    Always,        // parse it (rare events: a shared snapshot's copy, a federated AssumeRole)
};
using UseFilter = UseInterest (*)(std::string_view lowerCaseName);

// Candidate when `wanted` takes the name, or when `uses` (may be null) takes it and the
// record qualifies. A CloudTrail record qualifies for UseInterest::CrossAccount when a
// `"sharedEventID"` key sits in its last kUseMarkerTail bytes (CloudTrail writes it near
// the end: "CloudTrail record contents", sharedEventID, present only when the event is
// delivered to more than one account) and no `"AWSService"` caller comes before its name
// key (a service acting for the account: userIdentity type AWSService names no account),
// or when `"anonymous"` comes before its name key in its first kAnonymousHead bytes (an
// unauthenticated S3 request's userIdentity.accountId; CloudTrail writes userIdentity
// first, and that one is short). A record in another format's keys always qualifies: its key
// order is not CloudTrail's.
RecordKind classifyRecord(const char *begin, const char *end, NameFilter wanted, UseFilter uses = nullptr);
// The tail covers the keys CloudTrail writes after sharedEventID (vpcEndpointId and
// vpcEndpointAccountId, eventCategory, tlsDetails, sessionCredentialFromConsole: about
// 300 bytes together; 80 to 150 in the public datasets).
constexpr size_t kUseMarkerTail = 384;
constexpr size_t kAnonymousHead = 256;

} // namespace sharescope
