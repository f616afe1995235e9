#include "federation.h"

#include "kusto_value.h"

#include <map>

namespace sharescope {

namespace {

bool isCodeHost(std::string_view provider)
{
    return provider.find("token.actions.githubusercontent.com") != std::string_view::npos || provider.find("gitlab") != std::string_view::npos;
}

// A subject value that names someone: exact, or a pattern whose fixed part names a
// repository owner ("repo:acme/*"), never "*", "repo:*" or "repo:ac*".
bool namesASubject(std::string_view value, bool codeHost)
{
    const size_t wild = value.find_first_of("*?");
    if (wild == std::string_view::npos)
        return !value.empty();
    const std::string_view fixed = value.substr(0, wild);
    if (!codeHost)
        return !fixed.empty() && fixed.back() != ':';
    // repo:OWNER/… (GitHub), project_path:GROUP/… (GitLab): the owner must be complete.
    const size_t colon = fixed.find(':');
    if (colon == std::string_view::npos)
        return false;
    const size_t slash = fixed.find('/', colon + 1);
    return slash != std::string_view::npos && slash > colon + 1;
}

bool isSubjectKey(std::string_view key)
{
    // OIDC `sub`; Login with Amazon `user_id`; Facebook `id`.
    return kusto::endsWithNoCase(key, ":sub") || kusto::endsWithNoCase(key, ":user_id") || kusto::equalsNoCase(key, "graph.facebook.com:id");
}

} // namespace

bool isOpenFederation(std::string_view provider, const Narrowing &conditions)
{
    if (provider.find(":saml-provider/") != std::string_view::npos)
        return false;
    if (kusto::endsWithNoCase(provider, "cognito-identity.amazonaws.com")) {
        bool poolPinned = false;
        for (const ConditionValue &c : conditions.values) {
            if (!c.positive())
                continue;
            if (kusto::equalsNoCase(c.key, "cognito-identity.amazonaws.com:amr") && kusto::equalsNoCase(c.value, "unauthenticated"))
                return true;  // anyone at all gets an unauthenticated identity from the pool
            poolPinned = poolPinned || (kusto::equalsNoCase(c.key, "cognito-identity.amazonaws.com:aud") && c.value.find('*') == std::string::npos);
        }
        return !poolPinned;
    }
    // Values under one operator and key are alternatives: all must name a subject.
    const bool codeHost = isCodeHost(provider);
    std::map<std::pair<std::string, std::string>, bool> groups;
    for (const ConditionValue &c : conditions.values) {
        if (!c.positive() || !isSubjectKey(c.key))
            continue;
        auto [it, fresh] = groups.try_emplace({c.op, c.key}, true);
        it->second = it->second && namesASubject(c.value, codeHost);
    }
    for (const auto &[group, narrow] : groups)
        if (narrow)
            return false;
    return true;
}

} // namespace sharescope
