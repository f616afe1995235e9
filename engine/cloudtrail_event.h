#pragma once
// Uniform access to one event, whether it came as a CloudTrail record
// (camelCase JSON) or as a row of Sentinel's AWSCloudTrail table (its columns).

#include "kusto_value.h"

#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

class CloudTrailEvent {
public:
    // `root` must be a JSON object. Sentinel rows are recognised by their EventName column.
    explicit CloudTrailEvent(simdjson::dom::element root);

    bool isSentinelRow() const { return m_sentinelRow; }
    simdjson::dom::element root() const { return m_root; }

    std::optional<std::string_view> eventName() const;
    std::optional<std::string_view> eventSource() const;
    std::optional<std::string> eventId() const;
    std::optional<std::string> eventTime() const;
    std::optional<std::string> awsRegion() const;
    std::optional<std::string> sourceIp() const;
    std::optional<std::string> userAgent() const;
    std::optional<std::string> errorCode() const;      // empty Sentinel cells count as absent
    std::optional<std::string> actorAccountId() const; // userIdentity.accountId
    std::optional<std::string> actorArn() const;       // userIdentity.arn
    std::optional<std::string> eventType() const;
    std::optional<std::string> recipientAccountId() const;
    std::optional<std::string> identityType() const;   // userIdentity.type: IAMUser, AssumedRole, AWSService, ...

    // The raw requestParameters value: an object in CloudTrail, a JSON string in Sentinel.
    kusto::Value requestParametersRaw() const;
    kusto::Value responseElementsRaw() const;

private:
    std::optional<std::string> text(std::string_view cloudTrailKey, std::string_view sentinelColumn) const;
    std::optional<std::string> identityText(std::string_view key, std::string_view sentinelColumn) const;

    simdjson::dom::element m_root;
    bool m_sentinelRow = false;
};

} // namespace sharescope
