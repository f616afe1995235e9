#include "alert_fields.h"

#include <cstdlib>

namespace sharescope {

std::optional<AlertField> fieldByKey(std::string_view key)
{
    for (const FieldSpec &f : kAlertFields)
        if (key == f.key)
            return f.field;
    return std::nullopt;
}

namespace {

FieldValue text(const std::string &s) { return {FieldValue::Kind::Text, s, false, nullptr}; }
FieldValue text(const char *s) { return {FieldValue::Kind::Text, s, false, nullptr}; }
FieldValue optText(const OptString &s) { return s ? text(*s) : FieldValue{}; }
FieldValue optText(const SharedText &s) { return s ? text(*s) : FieldValue{}; }
FieldValue nonEmpty(const std::string &s) { return s.empty() ? FieldValue{} : text(s); }
FieldValue flag(bool b) { return {FieldValue::Kind::Bool, {}, b, nullptr}; }
FieldValue list(const std::vector<std::string> &v) { return {FieldValue::Kind::List, {}, false, &v}; }
FieldValue count(uint64_t n) { return {FieldValue::Kind::Number, {}, false, nullptr, n}; }

std::vector<std::string> splitList(const std::string &s, char sep)
{
    std::vector<std::string> out;
    if (s.empty())
        return out;
    size_t start = 0;
    for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + 1)
        out.push_back(s.substr(start, at - start));
    out.push_back(s.substr(start));
    return out;
}

} // namespace

FieldValue fieldValue(const Alert &a, AlertField f)
{
    switch (f) {
    case AlertField::EventTime: return optText(a.eventTime);
    case AlertField::Severity: return a.extended ? text(severityName(a.severity)) : FieldValue{};
    case AlertField::EventName: return optText(a.eventName);
    case AlertField::ResourceType: return text(a.resourceType);
    case AlertField::SharedResourceId: return optText(a.sharedResourceId);
    // An extended alert whose grantee is no account (a canonical user, an e-mail) has none.
    case AlertField::AddedAccount: return a.extended && a.addedAccount.empty() ? FieldValue{} : text(a.addedAccount);
    case AlertField::GranteeKind: return a.extended ? text(granteeKindName(a.granteeKind)) : FieldValue{};
    case AlertField::Grantee: return text(a.grantee);
    case AlertField::GranteeName: return nonEmpty(a.granteeName);
    case AlertField::Access: return list(a.access);
    case AlertField::Conditions: return list(a.conditions);
    case AlertField::ActorAccountId: return optText(a.actorAccountId);
    case AlertField::UserAccount: return optText(a.userAccount);
    case AlertField::ActorArn: return optText(a.actorArn);
    case AlertField::SourceIp: return optText(a.sourceIp);
    case AlertField::AwsRegion: return optText(a.awsRegion);
    case AlertField::ErrorCode: return optText(a.errorCode);
    case AlertField::Outcome: return text(outcomeName(a.outcome()));
    case AlertField::Sentinel: return flag(a.sentinel);
    case AlertField::RevokedAt: return optText(a.revokedAt);
    case AlertField::Uses: return count(a.uses);
    case AlertField::UsedAt: return optText(a.usedAt);
    case AlertField::UseEvents: return list(a.useEvents);
    case AlertField::UsedAfterRevocation: return optText(a.usedAfterRevocation);
    case AlertField::Public: return flag(a.isPublic);
    case AlertField::EventSource: return optText(a.eventSource);
    case AlertField::EventId: return optText(a.eventId);
    case AlertField::UserAgent: return optText(a.userAgent);
    case AlertField::MatchedPath: return text(a.firingPath);
    case AlertField::StatementId: return nonEmpty(a.statementId);
    case AlertField::CannotEvaluate: return nonEmpty(a.cannotEvaluate);
    case AlertField::Via: return nonEmpty(a.via);
    case AlertField::OrgLimits: return list(a.orgLimits);
    case AlertField::Count: break;
    }
    return {};
}

std::string fieldText(const Alert &a, AlertField f)
{
    const FieldValue v = fieldValue(a, f);
    switch (v.kind) {
    case FieldValue::Kind::Null: return {};
    case FieldValue::Kind::Text: return std::string(v.text);
    case FieldValue::Kind::Bool: return v.flag ? "true" : "false";
    case FieldValue::Kind::Number: return std::to_string(v.number);
    case FieldValue::Kind::List: {
        std::string out;
        for (const std::string &s : *v.list)
            out += (out.empty() ? "" : "; ") + s;
        return out;
    }
    }
    return {};
}

void setField(Alert &a, AlertField f, const std::optional<std::string> &t, char sep)
{
    const std::string s = t.value_or("");
    switch (f) {
    case AlertField::EventTime: a.eventTime = t; break;
    case AlertField::Severity: a.severity = parseSeverity(s).value_or(Severity::None); break;
    case AlertField::EventName: a.eventName = t; break;
    case AlertField::ResourceType: a.resourceType = s; break;
    case AlertField::SharedResourceId: a.sharedResourceId = t; break;
    case AlertField::AddedAccount: a.addedAccount = s; break;
    case AlertField::GranteeKind: a.granteeKind = parseGranteeKind(s).value_or(GranteeKind::None); break;
    case AlertField::Grantee: a.grantee = s; break;
    case AlertField::GranteeName: a.granteeName = s; break;
    case AlertField::Access: a.access = splitList(s, sep); break;
    case AlertField::Conditions: a.conditions = splitList(s, sep); break;
    case AlertField::ActorAccountId: a.actorAccountId = t; break;
    case AlertField::UserAccount: a.userAccount = t; break;
    case AlertField::ActorArn: a.actorArn = t; break;
    case AlertField::SourceIp: a.sourceIp = t; break;
    case AlertField::AwsRegion: a.awsRegion = t; break;
    case AlertField::ErrorCode: a.errorCode = t; break;
    case AlertField::Outcome: break;  // follows errorCode
    case AlertField::Sentinel: a.sentinel = s == "true"; break;
    case AlertField::RevokedAt: a.revokedAt = t; break;
    case AlertField::Uses: a.uses = static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10)); break;
    case AlertField::UsedAt: a.usedAt = t; break;
    case AlertField::UseEvents: a.useEvents = splitList(s, sep); break;
    case AlertField::UsedAfterRevocation: a.usedAfterRevocation = t; break;
    case AlertField::Public: a.isPublic = s == "true"; break;
    case AlertField::EventSource: a.eventSource = t; break;
    case AlertField::EventId: a.eventId = t; break;
    case AlertField::UserAgent: a.userAgent = t; break;
    case AlertField::MatchedPath: a.firingPath = s; break;
    case AlertField::StatementId: a.statementId = s; break;
    case AlertField::CannotEvaluate: a.cannotEvaluate = s; break;
    case AlertField::Via: a.via = s; break;
    case AlertField::OrgLimits: a.orgLimits = splitList(s, sep); break;
    case AlertField::Count: break;
    }
}

} // namespace sharescope
