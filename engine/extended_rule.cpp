#include "extended_rule.h"

#include "aws_accounts.h"
#include "detectors.h"
#include "resource_name.h"

#include <algorithm>
#include <map>

namespace sharescope {

namespace {

Severity severityOf(const Grant &g, bool failed)
{
    if (g.guardrail)
        return Severity::Info;
    if (failed || !g.cannotEvaluate.empty() || g.kind == GranteeKind::Organization || g.kind == GranteeKind::OrganizationalUnit)
        return Severity::Low;
    if (g.isPublic || (g.trustPolicy && g.kind != GranteeKind::Unknown))
        return Severity::High;
    if (g.trustPolicy)  // an IAM unique id in a trust policy: the principal it named was deleted
        return Severity::Low;
    return Severity::Medium;
}

// Rule 0236's AddedAccount for the same grant: "all" (public RDS) and any "*" mean everyone.
std::string sentinelKey(const std::string &added)
{
    return added == "all" ? std::string("*") : added;
}

void appendNew(std::vector<std::string> &to, const std::vector<std::string> &from)
{
    for (const std::string &v : from)
        if (std::find(to.begin(), to.end(), v) == to.end())
            to.push_back(v);
}

// One grant, one alert: a policy naming the same grantee twice (two statements, a
// role ARN and :root) gives one grant listing both ways it was named.
void mergeSameGrantee(std::vector<Grant> &grants)
{
    std::vector<Grant> merged;
    for (Grant &g : grants) {
        auto same = std::find_if(merged.begin(), merged.end(), [&](const Grant &m) {
            return !grantKey(g).empty() && grantKey(m) == grantKey(g) && m.kind == g.kind && m.resourceType == g.resourceType
                && m.resourceId == g.resourceId && m.isPublic == g.isPublic && m.cannotEvaluate == g.cannotEvaluate
                && m.guardrail == g.guardrail;
        });
        if (same == merged.end()) {
            merged.push_back(std::move(g));
            continue;
        }
        if (same->grantee != g.grantee && same->grantee.find(g.grantee) == std::string::npos)
            same->grantee += ", " + g.grantee;
        appendNew(same->conditions, g.conditions);
        appendNew(same->access, g.access);
        // Limited to an organisation only if every way it was named is.
        if (g.orgLimits.empty())
            same->orgLimits.clear();
    }
    grants = std::move(merged);
}

} // namespace

bool ExtendedRule::mayMatchEventName(std::string_view lower)
{
    return matchesCandidate(candidateEventNames(false), lower);
}

void ExtendedRule::evaluate(const CloudTrailEvent &event, std::vector<Alert> &out, std::vector<TimedRevocation> &revocations,
                            ExtendedStats &stats)
{
    const std::optional<std::string_view> name = event.eventName();
    if (!name)
        return;
    const std::string_view source = event.eventSource().value_or("");
    m_sentinelAlerts.clear();
    m_sentinel.evaluate(event, m_sentinelAlerts);

    Findings found;
    if (DetectorFn detect = findDetector(*name, source)) {
        m_parsers.reset();
        auto asElement = [&](const kusto::Value &v) -> std::optional<simdjson::dom::element> {
            if (v.kind != kusto::Value::Kind::Json || v.json.type() == simdjson::dom::element_type::NULL_VALUE)
                return std::nullopt;
            if (v.json.type() == simdjson::dom::element_type::STRING)  // Sentinel keeps these as JSON text
                return m_parsers.parse(v.json.get_string().value_unsafe());
            return v.json;
        };
        const kusto::Value request = event.requestParametersRaw();
        DetectContext ctx{*name, source, asElement(request), asElement(event.responseElementsRaw()), request.path, m_parsers};
        if (!ctx.request && request.kind == kusto::Value::Kind::Json && request.json.type() == simdjson::dom::element_type::STRING) {
            // Parameters given as text that cannot be read (hidden, or cut short): say so, never stay silent.
            Grant g;
            g.resourceType = std::string(source.substr(0, source.find('.'))) + " resource";
            g.kind = GranteeKind::Unknown;
            g.path = request.path;
            g.cannotEvaluate = request.json.get_string().value_unsafe().find("HIDDEN_DUE_TO_SECURITY_REASONS") != std::string_view::npos
                ? "the request parameters are hidden in the log (HIDDEN_DUE_TO_SECURITY_REASONS)"
                : "the request parameters are not valid JSON";
            found.grants.push_back(std::move(g));
        } else {
            detect(ctx, found);
        }
    }

    const std::optional<std::string> errorCode = event.errorCode();
    const std::optional<std::string> time = event.eventTime();
    // The owner is the resource's account: the one its ARN names, else the account whose
    // trail received the event (a caller from another account acting on our key is
    // logged in our trail too), else the caller's.
    const std::optional<std::string> actorAccount = event.actorAccountId();
    const std::optional<std::string> recipient = event.recipientAccountId();
    const std::optional<std::string> eventOwner = recipient ? recipient : actorAccount;
    mergeSameGrantee(found.grants);

    if (!errorCode)
        for (Revocation &r : found.revocations) {
            if (r.accountWide && r.resourceId.empty() && eventOwner)
                r.resourceId = *eventOwner;  // named as its grants are
            revocations.push_back({std::move(r), time.value_or("")});
        }

    const size_t first = out.size();
    for (Grant &g : found.grants) {
        std::optional<std::string> owner = accountOfResource(g.resourceId);
        if (!owner)
            owner = eventOwner;
        if (g.accountWide && g.resourceId.empty() && owner)
            g.resourceId = *owner;
        const bool accountLike = g.kind == GranteeKind::Account || g.kind == GranteeKind::ServiceForAccount;
        if (accountLike && owner && g.account == *owner)
            continue;  // shared with itself
        if (actorAccount && owner && *actorAccount != *owner && event.identityType().value_or("") != "AWSService")
            g.conditions.push_back("called by account " + *actorAccount + ", not the owner " + *owner);
        Alert a;
        a.extended = true;
        a.eventId = event.eventId();
        a.eventTime = time;
        a.eventName = std::string(*name);
        a.eventSource = source.empty() ? std::nullopt : std::optional<std::string>(std::string(source));
        a.awsRegion = event.awsRegion();
        a.resourceType = g.resourceType;
        a.sharedResourceId = g.resourceId.empty() ? std::nullopt : std::optional<std::string>(g.resourceId);
        a.addedAccount = g.account;
        a.actorAccountId = event.actorAccountId();
        a.actorArn = event.actorArn();
        if (a.actorArn)
            a.userAccount = kusto::splitField(*a.actorArn, '/', -1);
        a.sourceIp = event.sourceIp();
        a.userAgent = event.userAgent();
        a.errorCode = errorCode;
        a.firingPath = g.path;
        a.granteeKind = g.guardrail ? GranteeKind::None : g.kind;
        a.grantee = g.grantee;
        if (accountLike)
            a.granteeName = std::string(awsServiceAccountName(g.account));
        a.isPublic = g.isPublic;
        a.conditions = std::move(g.conditions);
        a.access = std::move(g.access);
        a.severity = severityOf(g, errorCode.has_value());
        a.cannotEvaluate = g.cannotEvaluate;
        a.statementId = g.statementId;
        a.via = g.via;
        a.orgLimits = g.orgLimits;
        for (const Alert &s : m_sentinelAlerts)
            a.sentinel = a.sentinel || (!g.guardrail && sentinelKey(s.addedAccount) == a.addedAccount);
        out.push_back(std::move(a));
    }
    // What rule 0236 raises here that is not sharing (a CloudFront identity, an org-limited "*", ...).
    for (const Alert &s : m_sentinelAlerts) {
        const bool matched = std::any_of(out.begin() + static_cast<long>(first), out.end(),
                                         [&](const Alert &a) { return a.addedAccount == sentinelKey(s.addedAccount); });
        stats.sentinelOnly += !matched;
    }
}

void RevocationIndex::add(std::vector<TimedRevocation> revocations)
{
    for (TimedRevocation &r : revocations) {
        auto &list = m_byResource[{r.revocation.resourceType, canonicalResourceId(r.revocation.resourceType, r.revocation.resourceId)}];
        auto at = std::upper_bound(list.begin(), list.end(), r.time, [](const std::string &t, const TimedRevocation &x) { return t < x.time; });
        list.insert(at, std::move(r));
    }
}

std::optional<std::string> RevocationIndex::revokedAt(const Alert &a) const
{
    if (!a.extended || a.granteeKind == GranteeKind::None || a.errorCode)
        return std::nullopt;
    auto it = m_byResource.find({a.resourceType, canonicalResourceId(a.resourceType, a.sharedResourceId.value_or(""))});
    if (it == m_byResource.end())
        return std::nullopt;
    const std::string time = a.eventTime.value_or("");
    const std::string &key = a.addedAccount.empty() ? a.grantee : a.addedAccount;
    for (const TimedRevocation &r : it->second) {
        if (r.time <= time)
            continue;
        const Revocation &v = r.revocation;
        if (!v.via.empty() && v.via != a.via)
            continue;  // a new bucket policy does not touch an ACL grant
        const bool ends = (!v.account.empty() && v.account == key)
            || (!v.statementId.empty() && v.statementId == a.statementId)
            || (v.replaces && std::find(v.keeps.begin(), v.keeps.end(), key) == v.keeps.end());
        if (ends)
            return r.time;
    }
    return std::nullopt;
}

void applyRevocations(std::vector<Alert> &alerts, const std::vector<TimedRevocation> &revocations)
{
    RevocationIndex index;
    index.add(revocations);
    for (Alert &a : alerts)
        a.revokedAt = index.revokedAt(a);
}

} // namespace sharescope
