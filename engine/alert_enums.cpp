#include "alert_enums.h"

#include <array>
#include <utility>

namespace sharescope {

namespace {

constexpr std::array<std::pair<Severity, const char *>, 5> kSeverities = {{
    {Severity::None, ""}, {Severity::Info, "info"}, {Severity::Low, "low"}, {Severity::Medium, "medium"}, {Severity::High, "high"},
}};

constexpr std::array<std::pair<GranteeKind, const char *>, 8> kKinds = {{
    {GranteeKind::Account, "account"},
    {GranteeKind::Public, "public"},
    {GranteeKind::Organization, "organization"},
    {GranteeKind::OrganizationalUnit, "organizationalUnit"},
    {GranteeKind::ServiceForAccount, "serviceForAccount"},
    {GranteeKind::CanonicalUser, "canonicalUser"},
    {GranteeKind::Unknown, "unknown"},
    {GranteeKind::None, "none"},
}};

template <typename Enum, size_t N>
const char *nameIn(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return name;
    return "";
}

template <typename Enum, size_t N>
std::optional<Enum> parseIn(const std::array<std::pair<Enum, const char *>, N> &table, std::string_view name)
{
    for (const auto &[v, n] : table)
        if (name == n)
            return v;
    return std::nullopt;
}

} // namespace

const char *severityName(Severity s) { return nameIn(kSeverities, s); }
std::optional<Severity> parseSeverity(std::string_view name) { return parseIn(kSeverities, name); }
const char *granteeKindName(GranteeKind kind) { return nameIn(kKinds, kind); }
std::optional<GranteeKind> parseGranteeKind(std::string_view name) { return parseIn(kKinds, name); }
const char *outcomeName(Outcome o) { return o == Outcome::Failed ? "failed" : "succeeded"; }

} // namespace sharescope
