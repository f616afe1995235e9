#pragma once
// The accounts an analyst trusts: alerts whose added account is on the list are
// hidden. Kept apart from detection so that changing it never needs a rescan.

#include "alert.h"

#include "alert_key.h"

#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace sharescope {

// The one rule of trust, shared by the command line and the window: an alert is
// hidden when its grantee (account, organisation, OU or raw value such as a
// canonical user) is trusted, or any organisation or OU its grant is limited to or
// lies within (alert.orgLimits: aws:PrincipalOrgID, an OU's organisation and parent
// OUs). `isTrusted` answers for one value.
template <typename Value, typename Range, typename IsTrusted>
bool hiddenByTrust(const Value &grantee, const Range &orgLimits, IsTrusted &&isTrusted)
{
    if (isTrusted(grantee))
        return true;
    for (const auto &org : orgLimits)
        if (isTrusted(org))
            return true;
    return false;
}

// Whether an allow-list entry still trusts at `nowMs`: until its expiry (none: for ever).
// An expired entry hides nothing; the window flags it instead. The `--trusted` text
// format has no expiry, so every value read from it is in force.
constexpr bool trustInForce(std::optional<int64_t> expiresMs, int64_t nowMs)
{
    return !expiresMs || nowMs < *expiresMs;
}

class TrustList {
public:
    // Parses the `--trusted` text format: one value per line, `#` starts a comment,
    // blank lines are ignored, surrounding whitespace is trimmed.
    static TrustList fromText(std::string_view text);
    // Returns false and sets `error` when the file cannot be read, is not a regular
    // file (a FIFO or device is refused without blocking) or is larger than kMaxFileBytes.
    static bool loadFile(const std::string &path, TrustList &out, std::string &error);
    static constexpr long kMaxFileBytes = 64l << 20;

    void add(std::string value) { m_values.insert(std::move(value)); }
    bool remove(const std::string &value) { return m_values.erase(value) > 0; }
    // Exact, case-sensitive, as the rule's `AddedAccount in (TrustedAccounts)`.
    bool contains(std::string_view value) const { return m_values.find(value) != m_values.end(); }
    // hiddenByTrust() over this list: the grantee, or an organisation or OU its grant
    // is limited to or lies within (an OU's organisation and parent OUs, aws:PrincipalOrgID).
    bool trusts(const Alert &alert) const;
    const std::set<std::string, std::less<>> &values() const { return m_values; }
    bool empty() const { return m_values.empty(); }

private:
    std::set<std::string, std::less<>> m_values;
};

} // namespace sharescope
