#include "cloudtrail_event.h"

#include "event_time.h"

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

CloudTrailEvent::CloudTrailEvent(element root)
    : m_root(root)
{
    m_format = recogniseEvent(root);
    if (!m_format)
        m_format = &eventFormats().front();
}

std::optional<std::string_view> CloudTrailEvent::plainString(EventField field) const
{
    std::optional<FormatValue> v = findField(*m_format, m_root, field);
    std::string_view s;
    if (!v || v->value.get_string().get(s) != simdjson::SUCCESS)
        return std::nullopt;
    return s;
}

std::optional<std::string> CloudTrailEvent::text(EventField field) const
{
    std::optional<FormatValue> v = findField(*m_format, m_root, field);
    if (!v)
        return std::nullopt;
    return kusto::toString(kusto::Value::of(v->value, std::string(v->path)));
}

kusto::Value CloudTrailEvent::raw(EventField field) const
{
    if (std::optional<FormatValue> v = findField(*m_format, m_root, field))
        return kusto::Value::of(v->value, std::string(v->path));
    std::string_view paths = m_format->paths[static_cast<size_t>(field)];
    return kusto::Value::null(std::string(paths.substr(0, paths.find('|'))));
}

std::optional<std::string_view> CloudTrailEvent::eventName() const { return plainString(EventField::Name); }
std::optional<std::string_view> CloudTrailEvent::eventSource() const { return plainString(EventField::Source); }
std::optional<std::string> CloudTrailEvent::eventId() const { return text(EventField::Id); }
std::optional<std::string> CloudTrailEvent::awsRegion() const { return text(EventField::Region); }
std::optional<std::string> CloudTrailEvent::sourceIp() const { return text(EventField::SourceIp); }
std::optional<std::string> CloudTrailEvent::userAgent() const { return text(EventField::UserAgent); }
std::optional<std::string> CloudTrailEvent::eventType() const { return text(EventField::EventType); }
std::optional<std::string> CloudTrailEvent::recipientAccountId() const { return text(EventField::Recipient); }
std::optional<std::string> CloudTrailEvent::identityType() const { return text(EventField::IdentityType); }
std::optional<std::string> CloudTrailEvent::actorAccountId() const { return text(EventField::ActorAccount); }
std::optional<std::string> CloudTrailEvent::actorArn() const { return text(EventField::ActorArn); }

std::optional<std::string> CloudTrailEvent::eventTime() const
{
    std::optional<FormatValue> v = findField(*m_format, m_root, EventField::Time);
    if (v && m_format->timeInEpochMillis) {
        int64_t ms = 0;
        if (v->value.get_int64().get(ms) == simdjson::SUCCESS)
            return isoTimeFromEpochMillis(ms);
    }
    return v ? kusto::toString(kusto::Value::of(v->value, {})) : std::nullopt;
}

std::optional<std::string> CloudTrailEvent::errorCode() const
{
    auto code = text(EventField::ErrorCode);
    if (code && code->empty())
        return std::nullopt;
    return code;
}

kusto::Value CloudTrailEvent::requestParametersRaw() const { return raw(EventField::Request); }
kusto::Value CloudTrailEvent::responseElementsRaw() const { return raw(EventField::Response); }
kusto::Value CloudTrailEvent::resourcesRaw() const { return raw(EventField::Resources); }
kusto::Value CloudTrailEvent::serviceEventDetailsRaw() const { return raw(EventField::ServiceDetails); }
std::optional<std::string> CloudTrailEvent::sharedEventId() const { return text(EventField::SharedEventId); }
std::optional<std::string> CloudTrailEvent::userName() const { return text(EventField::UserName); }

} // namespace sharescope
