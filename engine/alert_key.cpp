#include "alert_key.h"

#include "alert_format.h"
#include "event_time.h"

#include <unordered_map>

namespace sharescope {

std::string_view grantIdentity(const Alert &a)
{
    return a.addedAccount.empty() ? std::string_view(a.grantee) : std::string_view(a.addedAccount);
}

std::string alertKeyText(std::string_view eventId, std::string_view resourceType, std::string_view resourceId,
                         std::string_view grantee, std::string_view statementId, uint16_t ordinal)
{
    std::string out = "[";
    for (std::string_view part : {eventId, resourceType, resourceId, grantee, statementId}) {
        appendJsonString(out, part);
        out += ',';
    }
    out += std::to_string(ordinal);
    out += ']';
    return out;
}

std::string alertKeyText(const Alert &a)
{
    return alertKeyText(a.eventId.value_or(""), a.resourceType, a.sharedResourceId.value_or(""), grantIdentity(a), a.statementId,
                        a.keyOrdinal);
}

uint64_t alertKeyHash(std::string_view text)
{
    uint64_t h = 14695981039346656037ull;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

void finishEventAlerts(std::vector<Alert> &alerts, size_t first)
{
    const size_t count = alerts.size() - first;
    for (size_t i = first; i < alerts.size(); ++i)
        alerts[i].eventTimeMs = alerts[i].eventTime ? parseEventTimeMs(*alerts[i].eventTime).value_or(0) : 0;
    if (count < 2)
        return;
    // Most events raise a handful of alerts: look back. A policy naming thousands of
    // accounts must stay linear: count keys in a map instead.
    if (count <= 32) {
        for (size_t i = first; i < alerts.size(); ++i) {
            Alert &a = alerts[i];
            a.keyOrdinal = 0;
            for (size_t j = first; j < i; ++j) {
                const Alert &b = alerts[j];
                if (b.resourceType == a.resourceType && b.sharedResourceId == a.sharedResourceId && grantIdentity(b) == grantIdentity(a)
                    && b.statementId == a.statementId && b.keyOrdinal >= a.keyOrdinal)
                    a.keyOrdinal = static_cast<uint16_t>(b.keyOrdinal + 1);
            }
        }
        return;
    }
    std::unordered_map<std::string, uint16_t> seen;
    seen.reserve(count);
    for (size_t i = first; i < alerts.size(); ++i) {
        Alert &a = alerts[i];
        a.keyOrdinal = 0;
        a.keyOrdinal = seen[alertKeyText(a)]++;
    }
}

} // namespace sharescope
