#include "rule0236_kql.h"

#include "event_time.h"
#include "lake_query.h"

#include <cctype>

namespace sharescope {

namespace {

// Watchlist aliases: letters, digits, '_' and '-' (what the portal lets an alias hold).
bool plainName(const std::string &s, bool dash)
{
    if (s.empty() || s.size() > 128)
        return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && !(dash && c == '-'))
            return false;
    return true;
}

} // namespace

Rule0236Kql rule0236Kql(const Rule0236KqlRequest &r)
{
    if (!plainName(r.table, false))
        return {{}, "not a table name (letters, digits and '_'): " + r.table};
    if (!r.watchlist.empty() && !plainName(r.watchlist, true))
        return {{}, "not a watchlist alias (letters, digits, '_' and '-'): " + r.watchlist};
    if (r.fromMs && r.toMs && *r.fromMs > *r.toMs)
        return {{}, "the time range ends before it starts"};

    std::string trusted;
    if (!r.watchlist.empty()) {
        trusted = "_GetWatchlist(" + kqlString(r.watchlist) + ") | project SearchKey";
    } else {
        trusted = "dynamic([";
        for (size_t i = 0; i < r.trusted.size(); ++i)
            trusted += (i ? ", " : "") + kqlString(r.trusted[i]);
        trusted += "])";
    }
    std::string when;
    if (r.fromMs || r.toMs) {
        const std::string from = r.fromMs ? "datetime(" + isoTimeFromEpochMillis(*r.fromMs) + ")" : "datetime(1970-01-01)";
        const std::string to = r.toMs ? "datetime(" + isoTimeFromEpochMillis(*r.toMs) + ")" : "now()";
        when = "| where TimeGenerated between (" + from + " .. " + to + ")\n";
    } else {
        when = "| where ingestion_time() >= ago(2h)\n";
    }
    // The added account is compared as text: a watchlist is a table of strings.
    std::string q = "// Rule 0236, Resource Shared with Unknown External Account (AWS), written by ShareScope\n"
                    "let TrustedAccounts = " + trusted + ";\n"
                    "let SharingEvents = " + r.table + "\n" + when +
                    "| where EventName in (\"ModifyImageAttribute\", \"ModifySnapshotAttribute\", \"ModifyDBSnapshotAttribute\", \"PutBucketPolicy\")\n"
                    "    or (EventSource == \"lambda.amazonaws.com\" and EventName startswith \"AddPermission\");\n"
                    "let Images = SharingEvents\n"
                    "| where EventName == \"ModifyImageAttribute\"\n"
                    "| mv-expand Permission = parse_json(RequestParameters).launchPermission\n"
                    "| mv-expand Item = Permission.add.items\n"
                    "| extend AddedAccount = Item.userId, SharedGroup = Item.group, SharedResourceId = parse_json(RequestParameters).imageId;\n"
                    "let Snapshots = SharingEvents\n"
                    "| where EventName == \"ModifySnapshotAttribute\"\n"
                    "| mv-expand Permission = parse_json(RequestParameters).createVolumePermission\n"
                    "| mv-expand Item = Permission.add.items\n"
                    "| extend AddedAccount = Item.userId, SharedResourceId = parse_json(RequestParameters).snapshotId;\n"
                    "let DbSnapshots = SharingEvents\n"
                    "| where EventName == \"ModifyDBSnapshotAttribute\"\n"
                    "| where parse_json(RequestParameters).attributeName =~ \"restore\"\n"
                    "| mv-expand AddedAccount = parse_json(RequestParameters).valuesToAdd\n"
                    "| extend SharedResourceId = parse_json(RequestParameters).dBSnapshotIdentifier;\n"
                    "let Buckets = SharingEvents\n"
                    "| where EventName == \"PutBucketPolicy\"\n"
                    "| extend BucketPolicy = parse_json(RequestParameters).bucketPolicy\n"
                    "| mv-expand Statement = BucketPolicy.Statement\n"
                    "| where Statement.Effect =~ \"Allow\"\n"
                    "| mv-expand AddedAccount = Statement.Principal.AWS;\n"
                    "let Functions = SharingEvents\n"
                    "| where EventName startswith \"AddPermission\"\n"
                    "| extend RequestParameters = parse_json(RequestParameters)\n"
                    "| where RequestParameters.action == \"lambda:InvokeFunction\"\n"
                    "| extend AddedAccount = RequestParameters.principal;\n"
                    "union Images, Snapshots, DbSnapshots, Buckets, Functions\n"
                    "| extend AddedAccount = iif(AddedAccount contains \"*\", \"*\", AddedAccount)\n"
                    "| extend AddedAccount = iif(AddedAccount startswith \"arn:\", split(AddedAccount, \":\")[4], AddedAccount)\n"
                    "| where not(isempty(AddedAccount))\n"
                    "| where not(AddedAccount == UserIdentityAccountId)\n"
                    "| where not(tostring(AddedAccount) in (TrustedAccounts))\n"
                    "| where not(AddedAccount endswith \".amazonaws.com\")\n"
                    "| extend UserAccount = tostring(split(UserIdentityArn, \"/\")[-1])\n";
    return {q, {}};
}

} // namespace sharescope
