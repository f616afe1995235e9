#pragma once
// The closed vocabularies of an alert, as enums: what the outputs print and the
// window sorts and filters on. Each has one spelling (its jsonl value) and a parser.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sharescope {

// Ordered by weight: a larger value is more severe. None: rule 0236 mode, which has no severity.
enum class Severity : uint8_t { None, Info, Low, Medium, High };

// Who received access. None: no one (a guardrail change, or a rule 0236 mode alert).
enum class GranteeKind : uint8_t { Account, Public, Organization, OrganizationalUnit, ServiceForAccount, CanonicalUser, Unknown, None };

enum class Outcome : uint8_t { Succeeded, Failed };

// "high", "medium", ...; "" for None.
const char *severityName(Severity s);
std::optional<Severity> parseSeverity(std::string_view name);

// "account", "public", ..., "none".
const char *granteeKindName(GranteeKind kind);
std::optional<GranteeKind> parseGranteeKind(std::string_view name);

const char *outcomeName(Outcome o);

} // namespace sharescope
