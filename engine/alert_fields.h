#pragma once
// The field catalogue: every field an alert carries, once. The command line's jsonl,
// csv and table outputs, the window's columns and roles, its text filter and its
// JSON copy are all generated from this table, so adding a field is one edit here
// (and one line in fieldValue / setField, which the compiler checks through the
// switch over AlertField).

#include "alert.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

// In the order of the window's columns and of the csv and jsonl outputs.
enum class AlertField : uint8_t {
    EventTime, Severity, EventName, ResourceType, SharedResourceId, AddedAccount, GranteeKind, Grantee, GranteeName, Access, Conditions,
    ActorAccountId, UserAccount, ActorArn, SourceIp, AwsRegion, ErrorCode, Outcome, Sentinel, RevokedAt, Uses, UsedAt, UseEvents,
    UsedAfterRevocation, Public,
    EventSource, EventId, UserAgent, MatchedPath, StatementId, CannotEvaluate,
    // Kept for trust and revocations, never printed.
    Via, OrgLimits,
    Count
};
constexpr size_t kAlertFieldCount = static_cast<size_t>(AlertField::Count);

enum class FieldType : uint8_t { Text, Time, List, Bool, Enum, Count };

namespace field_flags {
enum : uint16_t {
    ExtendedOnly = 1 << 0,     // only extended mode sets it; rule 0236 mode prints none of it
    TableSentinel = 1 << 1,    // a column of `--format table` in rule 0236 mode
    TableExtended = 1 << 2,    // a column of `--format table` in extended mode
    WindowShown = 1 << 3,      // a column the window shows by default (the others can be shown)
    Searchable = 1 << 4,       // the quick text filter looks at it
    OmitWhenEmpty = 1 << 5,    // jsonl leaves the key out rather than writing ""
    Internal = 1 << 6,         // never printed nor shown
};
}

struct FieldSpec {
    AlertField field;
    const char *key;           // the jsonl key and csv header
    const char *title;         // the window's column title and the table's header
    FieldType type;
    uint16_t flags;
    uint8_t width;             // the window's column width, in characters
    const char *whenAbsent;    // shown for a null value ("success" for no errorCode)

    constexpr bool has(uint16_t flag) const { return (flags & flag) != 0; }
};

namespace detail {
using namespace field_flags;
constexpr uint16_t kAll = TableSentinel | TableExtended | WindowShown | Searchable;
}

inline constexpr std::array<FieldSpec, kAlertFieldCount> kAlertFields = {{
    {AlertField::EventTime, "eventTime", "Time (UTC)", FieldType::Time, detail::kAll, 19, ""},
    {AlertField::Severity, "severity", "Severity", FieldType::Enum, field_flags::ExtendedOnly | field_flags::TableExtended | field_flags::WindowShown | field_flags::Searchable, 8, ""},
    {AlertField::EventName, "eventName", "Event", FieldType::Text, detail::kAll, 24, ""},
    {AlertField::ResourceType, "resourceType", "Resource type", FieldType::Text, detail::kAll, 15, ""},
    {AlertField::SharedResourceId, "sharedResourceId", "Resource", FieldType::Text, detail::kAll, 27, ""},
    {AlertField::AddedAccount, "addedAccount", "Added account", FieldType::Text, detail::kAll, 14, ""},
    {AlertField::GranteeKind, "granteeKind", "Grantee kind", FieldType::Enum, field_flags::ExtendedOnly | field_flags::TableExtended | field_flags::WindowShown | field_flags::Searchable, 12, ""},
    {AlertField::Grantee, "grantee", "Grantee", FieldType::Text, field_flags::ExtendedOnly | field_flags::Searchable, 24, ""},
    {AlertField::GranteeName, "granteeName", "Known as", FieldType::Text, field_flags::ExtendedOnly | field_flags::OmitWhenEmpty | field_flags::WindowShown | field_flags::Searchable, 18, ""},
    {AlertField::Access, "access", "Access", FieldType::List, field_flags::ExtendedOnly | field_flags::Searchable, 24, ""},
    {AlertField::Conditions, "conditions", "Conditions", FieldType::List, field_flags::ExtendedOnly | field_flags::Searchable, 30, ""},
    {AlertField::ActorAccountId, "actorAccountId", "Acting account", FieldType::Text, detail::kAll, 14, ""},
    {AlertField::UserAccount, "userAccount", "Actor", FieldType::Text, detail::kAll, 18, ""},
    {AlertField::ActorArn, "actorArn", "Actor ARN", FieldType::Text, field_flags::Searchable, 30, ""},
    {AlertField::SourceIp, "sourceIPAddress", "Source IP", FieldType::Text, field_flags::TableSentinel | field_flags::WindowShown | field_flags::Searchable, 14, ""},
    {AlertField::AwsRegion, "awsRegion", "Region", FieldType::Text, field_flags::TableSentinel | field_flags::WindowShown | field_flags::Searchable, 11, ""},
    {AlertField::ErrorCode, "errorCode", "Result", FieldType::Text, detail::kAll, 12, "success"},
    {AlertField::Outcome, "outcome", "Outcome", FieldType::Enum, field_flags::ExtendedOnly, 10, ""},
    {AlertField::Sentinel, "sentinel", "Rule 0236", FieldType::Bool, field_flags::ExtendedOnly | field_flags::TableExtended | field_flags::WindowShown, 9, ""},
    {AlertField::RevokedAt, "revokedAt", "Revoked", FieldType::Time, field_flags::ExtendedOnly | field_flags::WindowShown, 19, ""},
    {AlertField::Uses, "uses", "Uses", FieldType::Count, field_flags::ExtendedOnly | field_flags::TableExtended | field_flags::WindowShown, 5, ""},
    {AlertField::UsedAt, "usedAt", "First use", FieldType::Time, field_flags::ExtendedOnly, 19, ""},
    {AlertField::UseEvents, "useEvents", "Use events", FieldType::List, field_flags::ExtendedOnly | field_flags::Searchable, 36, ""},
    {AlertField::UsedAfterRevocation, "usedAfterRevocation", "Used after revocation", FieldType::Time, field_flags::ExtendedOnly, 19, ""},
    {AlertField::Public, "public", "Public", FieldType::Bool, field_flags::ExtendedOnly, 7, ""},
    {AlertField::EventSource, "eventSource", "Event source", FieldType::Text, field_flags::Searchable, 22, ""},
    {AlertField::EventId, "eventID", "Event ID", FieldType::Text, field_flags::Searchable, 36, ""},
    {AlertField::UserAgent, "userAgent", "User agent", FieldType::Text, field_flags::Searchable, 30, ""},
    {AlertField::MatchedPath, "matchedPath", "Matched path", FieldType::Text, 0, 30, ""},
    {AlertField::StatementId, "statementId", "Statement", FieldType::Text, field_flags::ExtendedOnly | field_flags::OmitWhenEmpty | field_flags::Searchable, 16, ""},
    {AlertField::CannotEvaluate, "cannotEvaluate", "Cannot evaluate", FieldType::Text, field_flags::ExtendedOnly | field_flags::OmitWhenEmpty | field_flags::Searchable, 30, ""},
    {AlertField::Via, "via", "Via", FieldType::Text, field_flags::Internal, 8, ""},
    {AlertField::OrgLimits, "orgLimits", "Organisation limits", FieldType::List, field_flags::Internal, 20, ""},
}};


// The table is indexed by AlertField: a missing or misplaced row fails the build.
constexpr bool catalogueInOrder()
{
    for (size_t i = 0; i < kAlertFieldCount; ++i)
        if (static_cast<size_t>(kAlertFields[i].field) != i)
            return false;
    return true;
}
static_assert(catalogueInOrder(), "kAlertFields must list every AlertField once, in order");

inline const FieldSpec &fieldSpec(AlertField f) { return kAlertFields[static_cast<size_t>(f)]; }
std::optional<AlertField> fieldByKey(std::string_view key);

// One field's value: null, text (enums by name, times as written), a flag, a list or a count.
struct FieldValue {
    enum class Kind : uint8_t { Null, Text, Bool, List, Number } kind = Kind::Null;
    std::string_view text;
    bool flag = false;
    const std::vector<std::string> *list = nullptr;
    uint64_t number = 0;
};

// Views into `alert`: valid while it lives.
FieldValue fieldValue(const Alert &alert, AlertField field);
// The value as one line of text: lists joined by "; ", flags as true/false, counts in decimal, null as "".
std::string fieldText(const Alert &alert, AlertField field);
// Sets a field from text as fieldText() (or, for lists, `listSeparator`-joined) writes
// it; nullopt sets null. Enum and flag fields parse their names.
void setField(Alert &alert, AlertField field, const std::optional<std::string> &text, char listSeparator = '\x1f');

// Whether the field belongs in an output of an alert of this mode.
inline bool fieldApplies(const FieldSpec &spec, bool extended)
{
    return !spec.has(field_flags::Internal) && (extended || !spec.has(field_flags::ExtendedOnly));
}

} // namespace sharescope
