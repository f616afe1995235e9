#include "use_index.h"

#include "event_time.h"
#include "resource_name.h"

#include <algorithm>

namespace sharescope {

std::string useResourceKey(std::string_view type, std::string_view id)
{
    std::string key(type);
    key += '\x1f';
    key += canonicalResourceId(type, id);
    return key;
}

namespace {

bool grantCovers(const Alert &a, const ResourceUse &u)
{
    if (a.isPublic || a.granteeKind == GranteeKind::Public)
        return true;
    return a.granteeKind == GranteeKind::Account && !u.account.empty() && u.account == a.addedAccount;
}

} // namespace

void UseIndex::add(std::vector<ResourceUse> uses)
{
    for (ResourceUse &u : uses) {
        std::vector<ResourceUse> &list = m_byResource[useResourceKey(u.resourceType, u.resourceId)];  // resourceId is canonical already
        auto at = std::upper_bound(list.begin(), list.end(), u.timeMs,
                                   [](int64_t t, const ResourceUse &x) { return t < x.timeMs; });
        list.insert(at, std::move(u));
    }
}

template <class F>
void UseIndex::forEachUse(const Alert &a, F &&f) const
{
    if (!a.extended || a.granteeKind == GranteeKind::None || a.errorCode || !a.sharedResourceId)
        return;
    auto it = m_byResource.find(useResourceKey(a.resourceType, *a.sharedResourceId));
    if (it == m_byResource.end())
        return;
    const std::vector<ResourceUse> &list = it->second;
    // Sorted by time: start at the share (a use of unknown time cannot be placed after it).
    auto from = a.eventTimeMs ? std::lower_bound(list.begin(), list.end(), a.eventTimeMs,
                                                 [](const ResourceUse &x, int64_t t) { return x.timeMs < t; })
                              : list.begin();
    for (; from != list.end(); ++from)
        if (grantCovers(a, *from) && !f(*from))
            return;
}

UseSummary UseIndex::summarize(const Alert &a) const
{
    UseSummary s;
    const int64_t revokedMs = a.revokedAt ? parseEventTimeMs(*a.revokedAt).value_or(0) : 0;
    forEachUse(a, [&](const ResourceUse &u) {
        ++s.count;
        if (!s.first)
            s.first = &u;
        if (revokedMs && !s.afterRevocation && u.timeMs > revokedMs)
            s.afterRevocation = &u;
        return true;
    });
    return s;
}

std::vector<const ResourceUse *> UseIndex::usesOf(const Alert &a, size_t limit) const
{
    std::vector<const ResourceUse *> out;
    if (limit == 0)
        return out;
    forEachUse(a, [&](const ResourceUse &u) {
        out.push_back(&u);
        return out.size() < limit;
    });
    return out;
}

void applyUses(Alert &a, const UseIndex &uses)
{
    const UseSummary s = uses.summarize(a);
    a.uses = s.count;
    a.usedAt = s.first ? OptString(s.first->time) : std::nullopt;
    a.usedAfterRevocation = s.afterRevocation ? OptString(s.afterRevocation->time) : std::nullopt;
    a.useEvents.clear();
    for (const ResourceUse *u : uses.usesOf(a, kListedUses))
        a.useEvents.push_back(u->eventId);
}

void applyUses(std::vector<Alert> &alerts, const UseIndex &uses)
{
    if (uses.empty())
        return;
    for (Alert &a : alerts)
        applyUses(a, uses);
}

} // namespace sharescope
