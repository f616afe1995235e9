#pragma once
// The join of shares to their uses (resource_use.h): for each alert, the calls its
// grantee made on the shared resource after the share, in the loaded logs.

#include "alert.h"
#include "resource_use.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace sharescope {

// The eventIDs an alert lists (Alert::useEvents); `uses` counts them all.
constexpr size_t kListedUses = 10;

struct UseSummary {
    uint32_t count = 0;
    const ResourceUse *first = nullptr;            // the earliest use
    const ResourceUse *afterRevocation = nullptr;  // the earliest use after the alert's revokedAt
};

class UseIndex {
public:
    // Uses in any order and any number of batches.
    void add(std::vector<ResourceUse> uses);
    bool empty() const { return m_byResource.empty(); }

    // Which uses belong to `alert`: a successful grant (not a guardrail change) on the same
    // resource, whatever its spelling; a use at or after the share's eventTime; by the
    // account granted, or — for a public grant — by anyone from outside (recognise()
    // keeps only those). Organisation, OU and canonical-user grantees cannot be told
    // from a caller's account and get none.
    UseSummary summarize(const Alert &alert) const;
    // The same uses in time order, at most `limit` (the pointers live until the next add()).
    std::vector<const ResourceUse *> usesOf(const Alert &alert, size_t limit = std::numeric_limits<size_t>::max()) const;

private:
    template <class F> void forEachUse(const Alert &alert, F &&f) const;
    std::unordered_map<std::string, std::vector<ResourceUse>> m_byResource;  // each sorted by time
};

// Sets uses, usedAt, useEvents and usedAfterRevocation on each alert; revokedAt must be set first.
void applyUses(std::vector<Alert> &alerts, const UseIndex &uses);
void applyUses(Alert &alert, const UseIndex &uses);

// What UseIndex files a resource under: its type and canonical name (resource_name.h).
std::string useResourceKey(std::string_view resourceType, std::string_view resourceId);

} // namespace sharescope
