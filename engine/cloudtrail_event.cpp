#include "cloudtrail_event.h"

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

static std::optional<std::string_view> stringAt(element obj, std::string_view key)
{
    element e;
    if (obj.type() != element_type::OBJECT || obj.get_object().at_key(key).get(e) != simdjson::SUCCESS)
        return std::nullopt;
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS)
        return std::nullopt;
    return s;
}

static std::optional<std::string> textAt(element obj, std::string_view key)
{
    element e;
    if (obj.type() != element_type::OBJECT || obj.get_object().at_key(key).get(e) != simdjson::SUCCESS)
        return std::nullopt;
    return kusto::toString(kusto::Value::of(e, {}));
}

CloudTrailEvent::CloudTrailEvent(element root)
    : m_root(root)
{
    element dummy;
    m_sentinelRow = root.type() == element_type::OBJECT
        && root.get_object().at_key("eventName").get(dummy) != simdjson::SUCCESS
        && root.get_object().at_key("EventName").get(dummy) == simdjson::SUCCESS;
}

std::optional<std::string> CloudTrailEvent::text(std::string_view cloudTrailKey, std::string_view sentinelColumn) const
{
    return textAt(m_root, m_sentinelRow ? sentinelColumn : cloudTrailKey);
}

std::optional<std::string> CloudTrailEvent::identityText(std::string_view key, std::string_view sentinelColumn) const
{
    if (m_sentinelRow) {
        auto v = textAt(m_root, sentinelColumn);
        if (v && v->empty())
            return std::nullopt;
        return v;
    }
    element identity;
    if (m_root.get_object().at_key("userIdentity").get(identity) != simdjson::SUCCESS)
        return std::nullopt;
    return textAt(identity, key);
}

std::optional<std::string_view> CloudTrailEvent::eventName() const
{
    return stringAt(m_root, m_sentinelRow ? "EventName" : "eventName");
}

std::optional<std::string_view> CloudTrailEvent::eventSource() const
{
    return stringAt(m_root, m_sentinelRow ? "EventSource" : "eventSource");
}

std::optional<std::string> CloudTrailEvent::eventId() const { return text("eventID", "AwsEventId"); }
std::optional<std::string> CloudTrailEvent::eventTime() const { return text("eventTime", "TimeGenerated"); }
std::optional<std::string> CloudTrailEvent::awsRegion() const { return text("awsRegion", "AWSRegion"); }
std::optional<std::string> CloudTrailEvent::sourceIp() const { return text("sourceIPAddress", "SourceIpAddress"); }
std::optional<std::string> CloudTrailEvent::userAgent() const { return text("userAgent", "UserAgent"); }
std::optional<std::string> CloudTrailEvent::eventType() const { return text("eventType", "EventTypeName"); }

std::optional<std::string> CloudTrailEvent::recipientAccountId() const { return text("recipientAccountId", "RecipientAccountId"); }

std::optional<std::string> CloudTrailEvent::identityType() const
{
    return identityText("type", "UserIdentityType");
}

std::optional<std::string> CloudTrailEvent::errorCode() const
{
    auto code = text("errorCode", "ErrorCode");
    if (code && code->empty())
        return std::nullopt;
    return code;
}

std::optional<std::string> CloudTrailEvent::actorAccountId() const
{
    return identityText("accountId", "UserIdentityAccountId");
}

std::optional<std::string> CloudTrailEvent::actorArn() const
{
    return identityText("arn", "UserIdentityArn");
}

kusto::Value CloudTrailEvent::requestParametersRaw() const
{
    return kusto::member(kusto::Value::of(m_root, {}), m_sentinelRow ? "RequestParameters" : "requestParameters");
}

kusto::Value CloudTrailEvent::responseElementsRaw() const
{
    return kusto::member(kusto::Value::of(m_root, {}), m_sentinelRow ? "ResponseElements" : "responseElements");
}

} // namespace sharescope
