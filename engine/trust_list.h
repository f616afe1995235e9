#pragma once
// The accounts an analyst trusts: alerts whose added account is on the list are
// hidden. Kept apart from detection so that changing it never needs a rescan.

#include "alert.h"

#include <set>
#include <string>
#include <string_view>

namespace sharescope {

class TrustList {
public:
    // Parses the `--trusted` text format: one value per line, `#` starts a comment,
    // blank lines are ignored, surrounding whitespace is trimmed.
    static TrustList fromText(std::string_view text);
    // Returns false and sets `error` when the file cannot be read.
    static bool loadFile(const std::string &path, TrustList &out, std::string &error);

    void add(std::string value) { m_values.insert(std::move(value)); }
    bool remove(const std::string &value) { return m_values.erase(value) > 0; }
    // Exact, case-sensitive, as the rule's `AddedAccount in (TrustedAccounts)`.
    bool contains(std::string_view value) const { return m_values.find(value) != m_values.end(); }
    // An alert is trusted when its added account is, or — for grantees that are not
    // accounts — its raw grantee, or an organisation or OU its grant is limited to or
    // lies within (orgLimits: an OU's organisation and parent OUs, aws:PrincipalOrgID).
    bool trusts(const Alert &alert) const;
    const std::set<std::string, std::less<>> &values() const { return m_values; }
    bool empty() const { return m_values.empty(); }

private:
    std::set<std::string, std::less<>> m_values;
};

} // namespace sharescope
