#include "rule0236.h"

#include "event_header.h"

#include <array>

namespace sharescope {

using kusto::Value;

namespace {

constexpr std::array<std::string_view, 4> kListedNames = {
    "ModifyImageAttribute", "ModifySnapshotAttribute", "ModifyDBSnapshotAttribute", "PutBucketPolicy"};
constexpr std::string_view kLambdaPrefix = "AddPermission";  // with EventSource == "lambda.amazonaws.com"

struct Row {
    Value addedAccount;
    std::string resourceType;
    Value sharedResourceId;
};

} // namespace

std::span<const EventNamePattern> Rule0236::eventNames()
{
    static constexpr std::array<EventNamePattern, kListedNames.size() + 1> kNames = [] {
        std::array<EventNamePattern, kListedNames.size() + 1> names{};
        for (size_t i = 0; i < kListedNames.size(); ++i)
            names[i] = {kListedNames[i], false};
        names[kListedNames.size()] = {kLambdaPrefix, true};
        return names;
    }();
    return kNames;
}

bool Rule0236::mayMatchEventName(std::string_view lowerCaseName)
{
    return isCandidateName(true, lowerCaseName);
}

Value Rule0236::parseJson(const Value &v)
{
    // parse_json() returns a dynamic value unchanged and parses a string holding JSON.
    if (v.kind != Value::Kind::Json || v.json.type() != simdjson::dom::element_type::STRING)
        return v;
    std::string_view text = v.json.get_string().value_unsafe();
    simdjson::dom::element parsed;
    if (m_textParser.parse(text.data(), text.size(), true).get(parsed) != simdjson::SUCCESS)
        return v;  // not JSON: stays a string, whose members are all null
    return Value::of(parsed, v.path);
}

void Rule0236::evaluate(const CloudTrailEvent &event, std::vector<Alert> &out)
{
    const std::optional<std::string_view> name = event.eventName();
    if (!name)
        return;
    const std::optional<std::string_view> source = event.eventSource();

    // SharingEvents: `EventName in (...)` is case-sensitive, `==` too; startswith is not.
    bool listed = false;
    for (std::string_view n : kListedNames)
        listed = listed || *name == n;
    const bool lambda = source && *source == "lambda.amazonaws.com" && kusto::startsWithNoCase(*name, kLambdaPrefix);
    if (!listed && !lambda)
        return;

    const Value request = parseJson(event.requestParametersRaw());
    std::vector<Row> rows;

    auto attributeSharing = [&](std::string_view attribute, std::string_view idKey, const char *type) {
        for (const Value &permission : kusto::mvExpand(kusto::member(request, attribute)))
            for (const Value &item : kusto::mvExpand(kusto::member(kusto::member(permission, "add"), "items")))
                rows.push_back({kusto::member(item, "userId"), type, kusto::member(request, idKey)});
    };

    if (*name == "ModifyImageAttribute") {
        attributeSharing("launchPermission", "imageId", "AMI");
    } else if (*name == "ModifySnapshotAttribute") {
        attributeSharing("createVolumePermission", "snapshotId", "EBSSnapshot");
    } else if (*name == "ModifyDBSnapshotAttribute") {
        auto attributeName = kusto::toString(kusto::member(request, "attributeName"));
        if (attributeName && kusto::equalsNoCase(*attributeName, "restore"))
            for (const Value &added : kusto::mvExpand(kusto::member(request, "valuesToAdd")))
                rows.push_back({added, "RDSSnapshot", kusto::member(request, "dBSnapshotIdentifier")});
    } else if (*name == "PutBucketPolicy") {
        const Value policy = kusto::member(request, "bucketPolicy");  // an object; a JSON string has no members
        for (const Value &statement : kusto::mvExpand(kusto::member(policy, "Statement"))) {
            auto effect = kusto::toString(kusto::member(statement, "Effect"));
            if (!effect || !kusto::equalsNoCase(*effect, "Allow"))
                continue;
            for (const Value &added : kusto::mvExpand(kusto::member(kusto::member(statement, "Principal"), "AWS")))
                rows.push_back({added, "S3Bucket", kusto::member(request, "bucketName")});
        }
    } else if (lambda) {
        auto action = kusto::toString(kusto::member(request, "action"));
        if (action && *action == "lambda:InvokeFunction")
            rows.push_back({kusto::member(request, "principal"), "LambdaFunction", kusto::member(request, "functionName")});
    }
    if (rows.empty())
        return;

    const EventHeader header = EventHeader::of(event);
    const SharedText &actorAccount = header.actorAccountId;

    for (const Row &row : rows) {
        std::optional<std::string> added = kusto::toString(row.addedAccount);
        if (added && added->find('*') != std::string::npos)
            added = "*";
        if (added && kusto::startsWithNoCase(*added, "arn:"))
            added = kusto::splitField(*added, ':', 4);
        if (!added || added->empty())
            continue;
        // UserIdentityAccountId is a string column: a missing id is "", never equal to a non-empty value.
        if (actorAccount && *added == *actorAccount)
            continue;
        if (kusto::endsWithNoCase(*added, ".amazonaws.com"))
            continue;

        Alert alert;
        header.applyTo(alert);
        alert.resourceType = row.resourceType;
        alert.sharedResourceId = kusto::toString(row.sharedResourceId);
        alert.addedAccount = std::move(*added);
        alert.firingPath = row.addedAccount.path;
        out.push_back(std::move(alert));
    }
}

} // namespace sharescope
