#include "deny_statements.h"

#include "json_access.h"
#include "kusto_value.h"
#include "narrowing.h"
#include "principal.h"

#include <algorithm>
#include <cctype>

namespace sharescope {

using json::element;

bool globMatch(std::string_view p, std::string_view t, bool ignoreCase)
{
    // Iterative matcher with backtracking to the last '*'.
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    auto same = [&](char a, char b) {
        return ignoreCase ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)) : a == b;
    };
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || same(p[pi], t[ti]))) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

namespace {

std::vector<std::string> strings(std::optional<element> e)
{
    std::vector<std::string> out;
    json::forEachOne(e, [&](element v, int) {
        if (auto s = json::str(v))
            out.emplace_back(*s);
    });
    return out;
}

bool anyMatches(const std::vector<std::string> &patterns, std::string_view text, bool ignoreCase)
{
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::string &p) { return globMatch(p, text, ignoreCase); });
}

// The Allow's actions (empty: everything) that the Deny covers, case-insensitively.
std::vector<std::string> coveredActions(const DenyStatement &d, const std::vector<std::string> &allowed)
{
    const std::vector<std::string> everything{"*"};
    std::vector<std::string> covered;
    for (const std::string &a : allowed.empty() ? everything : allowed) {
        const bool denied = !d.notActions.empty()
            // an Allow pattern overlapping an exception is not wholly covered
            ? std::none_of(d.notActions.begin(), d.notActions.end(), [&](const std::string &n) { return globMatch(n, a, true) || globMatch(a, n, true); })
            : d.scope.actions.empty() || anyMatches(d.scope.actions, a, true);
        if (denied)
            covered.push_back(a);
    }
    return covered;
}

// Does the Deny cover every resource the Allow names? A Deny on another path narrows nothing here.
bool coversResources(const DenyStatement &d, const StatementScope &allow)
{
    const std::vector<std::string> everything{"*"};
    const std::vector<std::string> &resources = allow.resources.empty() ? everything : allow.resources;
    return std::all_of(resources.begin(), resources.end(), [&](const std::string &r) {
        if (!d.notResources.empty())
            return std::none_of(d.notResources.begin(), d.notResources.end(),
                                [&](const std::string &n) { return globMatch(n, r, false) || globMatch(r, n, false); });
        return d.scope.resources.empty() || anyMatches(d.scope.resources, r, false);
    });
}

// A condition value of the form "deny unless the caller is X": what it spares, or false.
bool readKeep(const ConditionValue &c, DenyStatement &d)
{
    const bool unlessEqual = (kusto::startsWithNoCase(c.op, "StringNotEquals") || kusto::startsWithNoCase(c.op, "StringNotLike")
                              || kusto::startsWithNoCase(c.op, "ArnNotEquals") || kusto::startsWithNoCase(c.op, "ArnNotLike")
                              || kusto::startsWithNoCase(c.op, "NotIpAddress"))
        && !kusto::endsWithNoCase(c.op, "IfExists");  // IfExists lets callers without the key through
    if (!unlessEqual)
        return false;
    const std::string &v = c.value;
    const bool fixed = v.find_first_of("*?") == std::string::npos;
    // What S3 counts as a limit (narrowing.h): only requests through it remain, whoever sends them.
    if ((kusto::equalsNoCase(c.key, "aws:SourceVpce") || kusto::equalsNoCase(c.key, "aws:SourceVpc")) && fixed) {
        d.keepLimits.push_back(c.key + " " + v);
        return true;
    }
    if (kusto::equalsNoCase(c.key, "aws:SourceIp") && isNarrowIpRange(v)) {
        d.keepLimits.push_back(c.key + " " + v);
        return true;
    }
    if ((kusto::equalsNoCase(c.key, "aws:PrincipalOrgID") || kusto::equalsNoCase(c.key, "aws:SourceOrgID")) && fixed) {
        d.keepOrgs.push_back(v);
        return true;
    }
    if ((kusto::equalsNoCase(c.key, "aws:PrincipalAccount") || kusto::equalsNoCase(c.key, "aws:SourceAccount")
         || kusto::equalsNoCase(c.key, "aws:SourceOwner") || kusto::equalsNoCase(c.key, "kms:CallerAccount"))
        && isAccountId(v)) {
        d.keepAccounts.push_back(v);
        return true;
    }
    if (kusto::equalsNoCase(c.key, "aws:PrincipalArn") || kusto::equalsNoCase(c.key, "aws:SourceArn")) {
        const std::optional<std::string> acct = kusto::splitField(v, ':', 4);
        if (acct && isAccountId(*acct)) {
            d.keepAccounts.push_back(*acct);
            return true;
        }
    }
    if (kusto::equalsNoCase(c.key, "aws:PrincipalOrgPaths") || kusto::equalsNoCase(c.key, "aws:SourceOrgPaths")) {
        std::vector<std::string> parts = orgPathComponents(v);
        if (!parts.empty() && parts.back().substr(0, 3) == "ou-") {
            d.keepOus.push_back(parts.back());
            d.keepOuPaths.insert(d.keepOuPaths.end(), parts.begin(), parts.end() - 1);
            return true;
        }
        if (!parts.empty()) {
            d.keepOrgs.push_back(parts.back());
            return true;
        }
    }
    return false;
}

DenyStatement readDeny(element statement)
{
    DenyStatement d;
    d.scope = StatementScope::of(statement);
    d.notActions = strings(json::at(statement, {"NotAction"}));
    d.notResources = strings(json::at(statement, {"NotResource"}));
    auto principal = json::at(statement, {"Principal"});
    if (json::str(principal).value_or("") == "*")
        d.everyone = true;
    else if (principal && principal->type() == json::element_type::OBJECT)
        for (auto field : principal->get_object())
            for (const std::string &p : strings(field.value)) {
                if (p == "*")
                    d.everyone = true;
                const PrincipalInfo info = classifyPrincipal(p);
                d.principals.push_back(info.account.empty() ? p : info.account);
            }
    if (auto notPrincipal = json::at(statement, {"NotPrincipal"}); notPrincipal && notPrincipal->type() == json::element_type::OBJECT) {
        d.hasNotPrincipal = true;
        for (auto field : notPrincipal->get_object())
            for (const std::string &p : strings(field.value))
                if (const PrincipalInfo info = classifyPrincipal(p); info.kind == GranteeKind::Account)
                    d.notPrincipals.push_back(info.account);
        for (const std::string &acct : d.notPrincipals)
            d.described.push_back("Deny NotPrincipal " + acct);
    }
    const Narrowing conditions = readConditions(json::at(statement, {"Condition"}));
    for (const ConditionValue &c : conditions.values) {
        d.described.push_back("Deny " + c.text());
        d.conditional = d.conditional || !readKeep(c, d);
    }
    if (d.conditional) {
        d.keepAccounts.clear();
        d.keepOrgs.clear();
        d.keepOus.clear();
        d.keepLimits.clear();
    }
    return d;
}

bool contains(const std::vector<std::string> &v, const std::string &s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The grants left of `g` after a Deny that covers its actions and resources.
void narrowOne(const DenyStatement &d, const Grant &g, std::vector<Grant> &left)
{
    const bool accountLike = g.kind == GranteeKind::Account || g.kind == GranteeKind::ServiceForAccount;
    const bool applies = d.hasNotPrincipal ? !(accountLike && contains(d.notPrincipals, g.account))
                                           : d.everyone || contains(d.principals, grantKey(g));
    if (!applies || d.conditional || g.kind == GranteeKind::Unknown || g.kind == GranteeKind::None) {
        left.push_back(g);
        return;
    }
    // Who the Deny spares: NotPrincipal's accounts, or those its "unless" conditions name. (Both: the Deny
    // applies only outside both, so either kind of spared principal keeps access.)
    std::vector<std::string> accounts = d.notPrincipals;
    accounts.insert(accounts.end(), d.keepAccounts.begin(), d.keepAccounts.end());
    auto narrowed = [&](GranteeKind kind, const std::string &id) {
        Grant n = g;
        n.kind = kind;
        n.account = id;
        n.isPublic = false;
        n.conditions.insert(n.conditions.end(), d.described.begin(), d.described.end());
        if (kind == GranteeKind::OrganizationalUnit)
            n.orgLimits.insert(n.orgLimits.end(), d.keepOuPaths.begin(), d.keepOuPaths.end());
        left.push_back(std::move(n));
    };
    if (g.kind == GranteeKind::Public) {
        for (const std::string &acct : accounts)
            narrowed(GranteeKind::Account, acct);
        for (const std::string &org : d.keepOrgs)
            narrowed(GranteeKind::Organization, org);
        for (const std::string &ou : d.keepOus)
            narrowed(GranteeKind::OrganizationalUnit, ou);
        if (!d.keepLimits.empty()) {
            std::string what;
            for (const std::string &limit : d.keepLimits)
                what += (what.empty() ? "" : "; ") + limit;
            narrowed(GranteeKind::Unknown, {});
            left.back().cannotEvaluate = "limited by a Deny to requests with " + what + ", whose owner the log does not name";
        }
        return;  // an unconditional Deny for everyone leaves no one
    }
    if (accountLike && (contains(accounts, g.account) || !d.keepOrgs.empty() || !d.keepOus.empty() || !d.keepLimits.empty())) {
        // Spared by name, or perhaps inside a spared organisation: trusting it hides the grant.
        Grant kept = g;
        kept.orgLimits.insert(kept.orgLimits.end(), d.keepOrgs.begin(), d.keepOrgs.end());
        kept.orgLimits.insert(kept.orgLimits.end(), d.keepOus.begin(), d.keepOus.end());
        kept.conditions.insert(kept.conditions.end(), d.described.begin(), d.described.end());
        left.push_back(std::move(kept));
        return;
    }
    if (!accountLike && (!d.keepOrgs.empty() || !d.keepOus.empty()))
        left.push_back(g);  // an organisation or OU and a spared organisation: cannot tell how they overlap
}

} // namespace

StatementScope StatementScope::of(element statement)
{
    StatementScope s;
    if (!json::at(statement, {"NotAction"}))
        s.actions = strings(json::at(statement, {"Action"}));
    if (!json::at(statement, {"NotResource"}))
        s.resources = strings(json::at(statement, {"Resource"}));
    if (std::find(s.actions.begin(), s.actions.end(), "*") != s.actions.end())
        s.actions.clear();
    if (std::find(s.resources.begin(), s.resources.end(), "*") != s.resources.end())
        s.resources.clear();
    return s;
}

std::vector<DenyStatement> readDenies(element policy)
{
    std::vector<DenyStatement> denies;
    json::forEachOne(json::at(policy, {"Statement"}), [&](element statement, int) {
        auto effect = json::str(statement, {"Effect"});
        if (statement.type() == json::element_type::OBJECT && effect && kusto::equalsNoCase(*effect, "Deny"))
            denies.push_back(readDeny(statement));
    });
    return denies;
}

void applyDenies(const std::vector<DenyStatement> &denies, const StatementScope &allow, std::vector<Grant> &out, size_t first)
{
    for (const DenyStatement &d : denies) {
        if (!coversResources(d, allow))
            continue;
        std::vector<Grant> left;
        for (size_t i = first; i < out.size(); ++i) {
            Grant &g = out[i];
            // The actions this grant still holds: the statement's (everything, with NotAction or "*"), or what
            // an earlier Deny left of them.
            const std::vector<std::string> actions = allow.actions.empty() ? std::vector<std::string>() : g.access;
            const std::vector<std::string> covered = coveredActions(d, actions);
            if (covered.empty()) {
                left.push_back(std::move(g));
            } else if (covered.size() == std::max<size_t>(actions.size(), 1)) {
                narrowOne(d, g, left);
            } else {
                // The Deny covers some actions only: the others stay as granted, the covered ones are narrowed.
                Grant rest = g;
                std::erase_if(rest.access, [&](const std::string &a) { return contains(covered, a); });
                g.access = covered;
                left.push_back(std::move(rest));
                narrowOne(d, g, left);
            }
        }
        out.erase(out.begin() + static_cast<long>(first), out.end());
        out.insert(out.end(), std::make_move_iterator(left.begin()), std::make_move_iterator(left.end()));
    }
}

} // namespace sharescope
