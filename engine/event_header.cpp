#include "event_header.h"

#include "cloudtrail_event.h"
#include "kusto_value.h"

namespace sharescope {

EventHeader EventHeader::of(const CloudTrailEvent &event)
{
    EventHeader h;
    auto owned = [](std::optional<std::string_view> v) { return v ? SharedText(std::string(*v)) : SharedText(); };
    h.eventId = event.eventId();
    h.eventTime = event.eventTime();
    h.eventName = owned(event.eventName());
    h.eventSource = owned(event.eventSource());
    h.awsRegion = event.awsRegion();
    h.actorAccountId = event.actorAccountId();
    std::optional<std::string> arn = event.actorArn();
    if (arn)
        h.userAccount = kusto::splitField(*arn, '/', -1);
    h.actorArn = std::move(arn);
    h.sourceIp = event.sourceIp();
    h.userAgent = event.userAgent();
    h.errorCode = event.errorCode();
    return h;
}

void EventHeader::applyTo(Alert &a) const
{
    a.eventId = eventId;
    a.eventTime = eventTime;
    a.eventName = eventName;
    a.eventSource = eventSource;
    a.awsRegion = awsRegion;
    a.actorAccountId = actorAccountId;
    a.userAccount = userAccount;
    a.actorArn = actorArn;
    a.sourceIp = sourceIp;
    a.userAgent = userAgent;
    a.errorCode = errorCode;
}

} // namespace sharescope
