#include "principal.h"

#include "json_access.h"
#include "kusto_value.h"

#include <algorithm>
#include <cctype>

namespace sharescope {

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

// AWS's own pseudo-principals, which name no customer account: KMS grants to EC2/EBS
// infrastructure ("AWS Internal", a role session "aws:ec2-infrastructure"), Redshift's
// "amazon-redshift-support". IAM names cannot hold ':', so "aws:" in an ARN's resource part is AWS's.
bool isAwsInternal(std::string_view v)
{
    if (kusto::equalsNoCase(v, "AWS Internal") || kusto::equalsNoCase(v, "amazon-redshift-support"))
        return true;
    if (!kusto::startsWithNoCase(v, "arn:"))
        return false;
    size_t colons = 0, i = 0;
    for (; i < v.size() && colons < 5; ++i)
        colons += v[i] == ':';
    return colons == 5 && v.substr(i).find("aws:") != std::string_view::npos;
}

} // namespace

PrincipalInfo classifyPrincipal(std::string_view v)
{
    PrincipalInfo p;
    // Surrounding blanks are not part of an id: "111122223333 " still names that account.
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
        v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.remove_suffix(1);
    if (v.find("HIDDEN_DUE_TO_SECURITY_REASONS") != std::string_view::npos) {
        p.kind = GranteeKind::Unknown;
        p.hidden = true;
        return p;
    }
    // Everyone: "*", or a wildcard where the account goes; a wildcard in an ARN's
    // resource part ("arn:aws:iam::222222222222:role/*") still names one account.
    const bool arn = kusto::startsWithNoCase(v, "arn:");
    const std::optional<std::string> arnAccount = arn ? kusto::splitField(v, ':', 4) : std::nullopt;
    if (v.find('*') != std::string_view::npos && !(arnAccount && isAccountId(*arnAccount))) {
        p.kind = GranteeKind::Public;
        p.account.assign(1, '*');  // (assigning the literal trips a false GCC 12 -Wrestrict)
        return p;
    }
    if (isAwsInternal(v)) {
        p.kind = GranteeKind::None;
        p.notAnAccount = true;
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
                // arn:aws:organizations::MGMT:ou/o-xxx/ou-yyy carries its organisation: trusting it trusts the OU.
                p.kind = GranteeKind::OrganizationalUnit;
                p.account = ou;
                p.within = orgPathComponents(v);
                std::erase(p.within, ou);
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

void addPrincipalGrants(const Grant &base, std::string_view principal, const Narrowing &narrowing, std::vector<Grant> &out)
{
    const PrincipalInfo info = classifyPrincipal(principal);
    if (info.notAnAccount)
        return;
    auto emit = [&](GranteeKind kind, const std::string &account, bool isPublic) -> Grant & {
        Grant g = base;
        g.kind = kind;
        g.account = account;
        g.grantee = std::string(principal);
        g.isPublic = isPublic;
        g.conditions.insert(g.conditions.end(), narrowing.described.begin(), narrowing.described.end());
        out.push_back(std::move(g));
        return out.back();
    };
    if (info.hidden) {
        emit(GranteeKind::Unknown, {}, false).cannotEvaluate = "the principal is hidden in the log (HIDDEN_DUE_TO_SECURITY_REASONS)";
        return;
    }
    // Conditions are ANDed: accounts limited to an organisation (or OU) are those accounts, inside it:
    // trusting the organisation, the OU or an OU above it hides them.
    std::vector<std::string> within = narrowing.orgIds;
    within.insert(within.end(), narrowing.ouIds.begin(), narrowing.ouIds.end());
    within.insert(within.end(), narrowing.ouPaths.begin(), narrowing.ouPaths.end());
    auto emitNarrowed = [&](GranteeKind accountKind) {
        if (!narrowing.accounts.empty()) {
            for (const std::string &acct : narrowing.accounts)
                emit(accountKind, acct, false).orgLimits = within;
        } else if (!narrowing.orgIds.empty()) {
            for (const std::string &org : narrowing.orgIds)
                emit(GranteeKind::Organization, org, false);
        } else if (!narrowing.ouIds.empty()) {
            for (const std::string &ou : narrowing.ouIds)
                emit(GranteeKind::OrganizationalUnit, ou, false).orgLimits = narrowing.ouPaths;
        } else if (!narrowing.limits.empty()) {
            // Not public (S3's rule), but limited to something whose owner the log does not name.
            std::string what;
            for (const std::string &limit : narrowing.limits)
                what += (what.empty() ? "" : "; ") + limit;
            emit(GranteeKind::Unknown, {}, false).cannotEvaluate = "limited to " + what + ", whose owner the log does not name";
        }
    };
    if (info.isService) {
        // A service acting for a named external account is a cross-account grant; on its own it is not.
        if (!narrowing.accounts.empty())
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
    // Values that are not accounts (canonical ids, e-mails, IAM unique ids) keep their raw value in `grantee` only.
    const bool accountLike = info.kind == GranteeKind::Account || info.kind == GranteeKind::Organization
        || info.kind == GranteeKind::OrganizationalUnit;
    Grant &g = emit(info.kind, accountLike ? info.account : std::string(), false);
    g.orgLimits = within;
    g.orgLimits.insert(g.orgLimits.end(), info.within.begin(), info.within.end());
}

} // namespace sharescope
