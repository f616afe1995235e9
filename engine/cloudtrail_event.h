#pragma once
// Uniform access to one event in any of the formats of event_format.h
// (a CloudTrail record, a Sentinel row, an Athena row, an OCSF record).

#include "event_format.h"
#include "kusto_value.h"

#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

class CloudTrailEvent {
public:
    // `root` must be a JSON object; its format is recognised by recogniseEvent (CloudTrail when none).
    explicit CloudTrailEvent(simdjson::dom::element root);

    const EventFormat &format() const { return *m_format; }
    simdjson::dom::element root() const { return m_root; }

    std::optional<std::string_view> eventName() const;
    std::optional<std::string_view> eventSource() const;
    std::optional<std::string> eventId() const;
    std::optional<std::string> awsRegion() const;
    std::optional<std::string> sourceIp() const;
    std::optional<std::string> userAgent() const;
    std::optional<std::string> eventTime() const;      // ISO 8601 (OCSF's epoch milliseconds converted)
    std::optional<std::string> errorCode() const;      // an empty code counts as absent
    std::optional<std::string> actorAccountId() const; // userIdentity.accountId
    std::optional<std::string> actorArn() const;       // userIdentity.arn
    std::optional<std::string> eventType() const;
    std::optional<std::string> recipientAccountId() const;
    std::optional<std::string> identityType() const;   // userIdentity.type: IAMUser, AssumedRole, AWSService, ...

    // The raw requestParameters value: an object in CloudTrail, JSON text in Sentinel and Athena,
    // either in OCSF; its path says where it was found.
    kusto::Value requestParametersRaw() const;
    kusto::Value responseElementsRaw() const;
    // What finding a share's uses reads (resource_use.h): the resources array (an array in
    // CloudTrail and Athena, JSON text in Sentinel), serviceEventDetails (object or text),
    // sharedEventID and userIdentity.userName.
    kusto::Value resourcesRaw() const;
    kusto::Value serviceEventDetailsRaw() const;
    std::optional<std::string> sharedEventId() const;
    std::optional<std::string> userName() const;

private:
    std::optional<std::string> text(EventField field) const;
    std::optional<std::string_view> plainString(EventField field) const;
    kusto::Value raw(EventField field) const;

    simdjson::dom::element m_root;
    const EventFormat *m_format;
};

} // namespace sharescope
