#include "principal.h"

#include "json_access.h"
#include "kusto_value.h"

#include <algorithm>
#include <cctype>

namespace sharescope {

const char *granteeKindName(GranteeKind kind)
{
    switch (kind) {
    case GranteeKind::Account: return "account";
    case GranteeKind::Public: return "public";
    case GranteeKind::Organization: return "organization";
    case GranteeKind::OrganizationalUnit: return "organizationalUnit";
    case GranteeKind::ServiceForAccount: return "serviceForAccount";
    case GranteeKind::CanonicalUser: return "canonicalUser";
    case GranteeKind::None: return "none";
    case GranteeKind::Unknown: break;
    }
    return "unknown";
}

bool isAccountId(std::string_view s)
{
    return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

bool isHex64(std::string_view s)
{
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// The last "ou-…" or "o-…" component of an organisation path or ARN.
std::string lastOrgComponent(std::string_view s, std::string_view prefix)
{
    std::string found;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find_first_of("/:", start);
        std::string_view part = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (part.substr(0, prefix.size()) == prefix)
            found = std::string(part);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return found;
}

} // namespace

PrincipalInfo classifyPrincipal(std::string_view v)
{
    PrincipalInfo p;
    if (v.find('*') != std::string_view::npos) {
        p.kind = GranteeKind::Public;
        p.account.assign(1, '*');  // (assigning the literal trips a false GCC 12 -Wrestrict)
        return p;
    }
    if (isAccountId(v)) {
        p.kind = GranteeKind::Account;
        p.account = std::string(v);
        return p;
    }
    if (kusto::endsWithNoCase(v, ".amazonaws.com") || kusto::endsWithNoCase(v, ".amazonaws.com.cn")) {
        p.isService = true;
        p.kind = GranteeKind::None;
        return p;
    }
    if (kusto::startsWithNoCase(v, "arn:")) {
        std::optional<std::string> service = kusto::splitField(v, ':', 2);
        std::optional<std::string> account = kusto::splitField(v, ':', 4);
        if (service && *service == "organizations") {
            if (std::string ou = lastOrgComponent(v, "ou-"); !ou.empty()) {
                p.kind = GranteeKind::OrganizationalUnit;
                p.account = ou;
            } else if (std::string org = lastOrgComponent(v, "o-"); !org.empty()) {
                p.kind = GranteeKind::Organization;
                p.account = org;
            }
            return p;
        }
        if (account && isAccountId(*account)) {
            p.kind = GranteeKind::Account;
            p.account = *account;
            return p;
        }
        if (account && *account == "cloudfront") {  // an origin access identity: AWS's, not an account
            p.kind = GranteeKind::None;
            p.notAnAccount = true;
            return p;
        }
        return p;
    }
    if (isHex64(v)) {
        p.kind = GranteeKind::CanonicalUser;
        p.account = std::string(v);
        return p;
    }
    if (v.substr(0, 3) == "ou-") {
        p.kind = GranteeKind::OrganizationalUnit;
        p.account = std::string(v);
        return p;
    }
    if (v.substr(0, 2) == "o-") {
        p.kind = GranteeKind::Organization;
        p.account = std::string(v);
        return p;
    }
    return p;  // IAM unique ids (AIDA…, AROA…), e-mail grantees, anything else: unknown
}

Narrowing readConditions(std::optional<simdjson::dom::element> condition)
{
    Narrowing n;
    if (!condition || condition->type() != json::element_type::OBJECT)
        return n;
    for (auto op : condition->get_object()) {
        const std::string_view opName = op.key;
        // Negated and existence operators never narrow who is granted.
        const bool negated = opName.find("Not") != std::string_view::npos || kusto::startsWithNoCase(opName, "Null");
        if (op.value.type() != json::element_type::OBJECT)
            continue;
        for (auto cond : op.value.get_object()) {
            std::string key(cond.key);
            std::string lower = key;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            json::forEachOne(cond.value, [&](simdjson::dom::element value, int) {
                std::string text = value.type() == json::element_type::STRING ? std::string(value.get_string().value_unsafe())
                                                                               : simdjson::minify(value);
                n.described.push_back(key + (negated ? " != " : " = ") + text);
                if (negated)
                    return;
                if (lower == "aws:principalorgid" || lower == "aws:sourceorgid")
                    n.orgIds.push_back(text);
                else if (lower == "aws:principalorgpaths" || lower == "aws:sourceorgpaths") {
                    if (std::string ou = lastOrgComponent(text, "ou-"); !ou.empty())
                        n.ouIds.push_back(ou);
                    else if (std::string org = lastOrgComponent(text, "o-"); !org.empty())
                        n.orgIds.push_back(org);
                } else if (lower == "aws:sourceaccount" || lower == "aws:principalaccount" || lower == "aws:sourceowner") {
                    n.accounts.push_back(text);
                } else if (lower == "aws:sourcearn" || lower == "aws:principalarn") {
                    if (auto acct = kusto::splitField(text, ':', 4); acct && isAccountId(*acct))
                        n.accounts.push_back(*acct);
                }
            });
        }
    }
    return n;
}

void addPrincipalGrants(const Grant &base, std::string_view principal, const Narrowing &narrowing, std::vector<Grant> &out)
{
    const PrincipalInfo info = classifyPrincipal(principal);
    if (info.notAnAccount)
        return;
    auto emit = [&](GranteeKind kind, const std::string &account, bool isPublic) {
        Grant g = base;
        g.kind = kind;
        g.account = account;
        g.grantee = std::string(principal);
        g.isPublic = isPublic;
        g.conditions.insert(g.conditions.end(), narrowing.described.begin(), narrowing.described.end());
        out.push_back(std::move(g));
    };
    auto emitNarrowed = [&](GranteeKind accountKind) {
        for (const std::string &org : narrowing.orgIds)
            emit(GranteeKind::Organization, org, false);
        for (const std::string &ou : narrowing.ouIds)
            emit(GranteeKind::OrganizationalUnit, ou, false);
        for (const std::string &acct : narrowing.accounts)
            emit(accountKind, acct, false);
    };
    if (info.isService) {
        // A service acting for a named external account is a cross-account grant; on its own it is not.
        emitNarrowed(GranteeKind::ServiceForAccount);
        return;
    }
    if (info.kind == GranteeKind::Public) {
        if (narrowing.narrows())
            emitNarrowed(GranteeKind::Account);
        else
            emit(GranteeKind::Public, "*", true);
        return;
    }
    if (info.kind == GranteeKind::None)
        return;
    emit(info.kind, info.account.empty() ? std::string(principal) : info.account, false);
}

} // namespace sharescope
