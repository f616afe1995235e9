#include "event_format.h"

#include <array>

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// Field order: Name, Source, Id, Time, Region, SourceIp, UserAgent, ErrorCode,
// ActorAccount, ActorArn, IdentityType, EventType, Recipient, Request, Response,
// Resources, ServiceDetails, SharedEventId, UserName.
constexpr std::array<EventFormat, 4> kFormats = {{
    // CloudTrail record contents (AWS CloudTrail User Guide, "CloudTrail record contents").
    {"CloudTrail", "eventName",
     {"eventName", "eventSource", "eventID", "eventTime", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
      "userIdentity.accountId", "userIdentity.arn", "userIdentity.type", "eventType", "recipientAccountId",
      "requestParameters", "responseElements", "resources", "serviceEventDetails", "sharedEventID", "userIdentity.userName"},
     false, false},
    // Microsoft Sentinel's AWSCloudTrail table (Azure Monitor Logs reference, "AWSCloudTrail").
    {"Sentinel AWSCloudTrail", "EventName",
     {"EventName", "EventSource", "AwsEventId", "TimeGenerated", "AWSRegion", "SourceIpAddress", "UserAgent", "ErrorCode",
      "UserIdentityAccountId", "UserIdentityArn", "UserIdentityType", "EventTypeName", "RecipientAccountId",
      "RequestParameters", "ResponseElements", "Resources", "ServiceEventDetails", "SharedEventId", "UserIdentityUserName"},
     true, false},
    // Athena's CloudTrail table (Athena User Guide, "Create the table for CloudTrail logs in Athena
    // using partition projection"): Hive lower-cases the names; UNLOAD writes useridentity as an
    // object, the CSV results of `sharescope query` carry its fields as flat columns.
    {"Athena CloudTrail table", "eventname",
     {"eventname", "eventsource", "eventid", "eventtime", "awsregion", "sourceipaddress", "useragent", "errorcode",
      "useridentity.accountid|useridentity_accountid", "useridentity.arn|useridentity_arn",
      "useridentity.type|useridentity_type", "eventtype", "recipientaccountid", "requestparameters", "responseelements",
      "resources_json|resources", "serviceeventdetails", "sharedeventid", "useridentity.username|useridentity_username"},
     true, false},
    // OCSF API Activity (class 6003) as Amazon Security Lake writes CloudTrail management events;
    // the mapping of ocsf/examples (CloudTrail, OCSF 1.1), with the 1.0 names as alternatives
    // (account_uid; uuid for the ARN when uid held the principal id). Source v1 tables keep
    // the request in unmapped.
    {"OCSF API Activity", "",
     {"api.operation", "api.service.name", "metadata.uid", "time|time_dt", "cloud.region",
      "src_endpoint.ip|src_endpoint.domain", "http_request.user_agent", "api.response.error",
      "actor.user.account.uid|actor.user.account_uid", "actor.user.uuid|actor.user.uid", "actor.user.type",
      "metadata.event_code", "cloud.account.uid|cloud.account_uid", "api.request.data|unmapped.requestParameters",
      "api.response.data|unmapped.responseElements", "resources", "unmapped.serviceEventDetails",
      "unmapped.sharedEventID", "actor.user.name"},
     false, true},
}};

// The value at a dotted path, JSON null counting as absent.
std::optional<element> at(element e, std::string_view dotted)
{
    while (!dotted.empty()) {
        const size_t dot = dotted.find('.');
        const std::string_view key = dotted.substr(0, dot);
        dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
        element child;
        if (e.type() != element_type::OBJECT || e.get_object().at_key(key).get(child) != simdjson::SUCCESS)
            return std::nullopt;
        e = child;
    }
    if (e.type() == element_type::NULL_VALUE)
        return std::nullopt;
    return e;
}

bool isOcsfRecord(element record)
{
    std::optional<element> op = at(record, "api.operation");
    return op && op->type() == element_type::STRING;
}

} // namespace

std::span<const EventFormat> eventFormats() { return kFormats; }

const EventFormat *recogniseEvent(element record)
{
    if (record.type() != element_type::OBJECT)
        return nullptr;
    const simdjson::dom::object obj = record.get_object();
    for (const EventFormat &f : kFormats) {
        element dummy;
        if (f.nameKey.empty() ? isOcsfRecord(record) : obj.at_key(f.nameKey).get(dummy) == simdjson::SUCCESS)
            return &f;
    }
    return nullptr;
}

std::optional<FormatValue> findField(const EventFormat &format, element record, EventField field)
{
    std::string_view alternatives = format.paths[static_cast<size_t>(field)];
    while (!alternatives.empty()) {
        const size_t bar = alternatives.find('|');
        const std::string_view path = alternatives.substr(0, bar);
        alternatives = bar == std::string_view::npos ? std::string_view() : alternatives.substr(bar + 1);
        if (std::optional<element> v = at(record, path)) {
            std::string_view s;
            if (format.emptyIsAbsent && v->get_string().get(s) == simdjson::SUCCESS && s.empty())
                continue;
            return FormatValue{*v, path};
        }
    }
    return std::nullopt;
}

} // namespace sharescope
