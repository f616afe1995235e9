#include "extended_rule.h"

#include "aws_accounts.h"
#include "detectors.h"
#include "event_header.h"
#include "resource_name.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

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
    // One pass with an index by what makes two grants the same: a policy naming 40,000
    // accounts stays linear.
    std::vector<Grant> merged;
    merged.reserve(grants.size());
    std::unordered_map<std::string, size_t> index;
    std::string key;
    for (Grant &g : grants) {
        if (grantKey(g).empty()) {
            merged.push_back(std::move(g));
            continue;
        }
        key.clear();
        for (const std::string *part : std::initializer_list<const std::string *>{&grantKey(g), &g.resourceType, &g.resourceId, &g.cannotEvaluate})
            (key += *part) += '\x1f';
        key += static_cast<char>('0' + static_cast<int>(g.kind));
        key += g.isPublic ? 'p' : '-';
        key += g.guardrail ? 'g' : '-';
        auto [at, fresh] = index.try_emplace(key, merged.size());
        if (fresh) {
            merged.push_back(std::move(g));
            continue;
        }
        Grant &same = merged[at->second];
        if (same.grantee != g.grantee && same.grantee.find(g.grantee) == std::string::npos)
            same.grantee += ", " + g.grantee;
        appendNew(same.conditions, g.conditions);
        appendNew(same.access, g.access);
        // Limited to an organisation only if every way it was named is.
        if (g.orgLimits.empty())
            same.orgLimits.clear();
    }
    grants = std::move(merged);
}

} // namespace

bool ExtendedRule::mayMatchEventName(std::string_view lower)
{
    return isCandidateName(false, lower);
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

    // The event's own values, read once and shared by every alert it raises. An empty
    // eventSource is none, as the grants' resource types read it.
    EventHeader header = EventHeader::of(event);
    if (source.empty())
        header.eventSource.reset();
    const bool failed = header.errorCode.has_value();
    // The owner is the resource's account: the one its ARN names, else the account whose
    // trail received the event (a caller from another account acting on our key is
    // logged in our trail too), else the caller's.
    const std::optional<std::string> actorAccount = event.actorAccountId();
    const std::optional<std::string> recipient = event.recipientAccountId();
    const std::optional<std::string> eventOwner = recipient ? recipient : actorAccount;
    mergeSameGrantee(found.grants);

    if (!failed)
        for (Revocation &r : found.revocations) {
            if (r.accountWide && r.resourceId.empty() && eventOwner)
                r.resourceId = *eventOwner;  // named as its grants are
            revocations.push_back({std::move(r), header.eventTime.value_or("")});
        }

    // The accounts rule 0236 raises for this event, as extended mode names them (once, not per alert).
    std::unordered_set<std::string> sentinelKeys;
    for (const Alert &s : m_sentinelAlerts)
        sentinelKeys.insert(sentinelKey(s.addedAccount));

    const size_t first = out.size();
    out.reserve(first + found.grants.size());
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
        header.applyTo(a);
        a.resourceType = g.resourceType;
        a.sharedResourceId = g.resourceId.empty() ? std::nullopt : std::optional<std::string>(g.resourceId);
        a.addedAccount = g.account;
        a.firingPath = g.path;
        a.granteeKind = g.guardrail ? GranteeKind::None : g.kind;
        a.grantee = g.grantee;
        if (accountLike)
            a.granteeName = std::string(awsServiceAccountName(g.account));
        a.isPublic = g.isPublic;
        a.conditions = std::move(g.conditions);
        a.access = std::move(g.access);
        a.severity = severityOf(g, failed);
        a.cannotEvaluate = g.cannotEvaluate;
        a.statementId = g.statementId;
        a.via = g.via;
        a.orgLimits = g.orgLimits;
        a.sentinel = !g.guardrail && sentinelKeys.count(a.addedAccount) > 0;
        out.push_back(std::move(a));
    }
    // What rule 0236 raises here that is not sharing (a CloudFront identity, an org-limited "*", ...).
    std::unordered_set<std::string_view> raised;
    for (size_t i = first; i < out.size(); ++i)
        raised.insert(out[i].addedAccount);
    for (const Alert &s : m_sentinelAlerts)
        stats.sentinelOnly += raised.count(sentinelKey(s.addedAccount)) == 0;
    // An event of thousands of grants must not keep its rule 0236 alerts' room for good.
    if (m_sentinelAlerts.capacity() > 1024)
        std::vector<Alert>().swap(m_sentinelAlerts);
}

namespace {

// Keeps `list` sorted by time as revocations arrive in any order.
template <class T, class TimeOf>
void insertByTime(std::vector<T> &list, T item, TimeOf timeOf)
{
    auto at = std::upper_bound(list.begin(), list.end(), timeOf(item), [&](const std::string &t, const T &x) { return t < timeOf(x); });
    list.insert(at, std::move(item));
}

} // namespace

void RevocationIndex::add(std::vector<TimedRevocation> revocations)
{
    for (TimedRevocation &r : revocations) {
        Resource &res = m_byResource[{r.revocation.resourceType, canonicalResourceId(r.revocation.resourceType, r.revocation.resourceId)}];
        if (!r.revocation.account.empty() && r.revocation.statementId.empty() && !r.revocation.replaces) {
            std::vector<TimedRevocation> &list = res.byGrantee[r.revocation.account];
            insertByTime(list, std::move(r), [](const TimedRevocation &x) -> const std::string & { return x.time; });
            continue;
        }
        Other o;
        o.keeps.insert(r.revocation.keeps.begin(), r.revocation.keeps.end());
        o.revocation = std::move(r);
        insertByTime(res.others, std::move(o), [](const Other &x) -> const std::string & { return x.revocation.time; });
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
    // A new bucket policy does not touch an ACL grant: only revocations made the same way count.
    auto sameWay = [&](const Revocation &v) { return v.via.empty() || v.via == a.via; };
    std::optional<std::string> earliest;
    // Lists are sorted by time: the first later one that ends the grant is the earliest of its kind.
    if (auto g = it->second.byGrantee.find(key); g != it->second.byGrantee.end())
        for (auto r = std::upper_bound(g->second.begin(), g->second.end(), time,
                                       [](const std::string &t, const TimedRevocation &x) { return t < x.time; });
             r != g->second.end(); ++r)
            if (sameWay(r->revocation)) {
                earliest = r->time;
                break;
            }
    for (const Other &o : it->second.others) {
        if (o.revocation.time <= time || !sameWay(o.revocation.revocation))
            continue;
        if (earliest && *earliest <= o.revocation.time)
            break;
        const Revocation &v = o.revocation.revocation;
        const bool ends = (!v.account.empty() && v.account == key) || (!v.statementId.empty() && v.statementId == a.statementId)
            || (v.replaces && o.keeps.count(key) == 0);
        if (ends) {
            earliest = o.revocation.time;
            break;
        }
    }
    return earliest;
}

void applyRevocations(std::vector<Alert> &alerts, const std::vector<TimedRevocation> &revocations)
{
    RevocationIndex index;
    index.add(revocations);
    for (Alert &a : alerts)
        a.revokedAt = index.revokedAt(a);
}

} // namespace sharescope
