#include "lake_query.h"

#include "candidate_events.h"
#include "resource_use.h"
#include "event_time.h"

#include <array>
#include <cctype>
#include <string_view>

namespace sharescope {

namespace {

constexpr int64_t kDayMs = 86400000;

// Every commercial region, for a projection when the user names none (AWS General
// Reference, "AWS Regions").
constexpr std::array<std::string_view, 34> kRegions = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-2", "ca-central-1", "ca-west-1", "eu-central-1",
    "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1",
    "me-south-1", "me-central-1", "mx-central-1", "sa-east-1", "us-gov-west-1"};

bool allOf(std::string_view s, bool (*ok)(char))
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!ok(c))
            return false;
    return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isRegionChar(char c) { return (c >= 'a' && c <= 'z') || isDigit(c) || c == '-'; }
bool isPlainNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isStoreIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// The checks every engine shares; an error message, or empty.
std::string checkLists(const std::vector<std::string> &accounts, const std::vector<std::string> &regions)
{
    for (const std::string &a : accounts)
        if (a.size() != 12 || !allOf(a, isDigit))
            return "not an AWS account id (12 digits): " + a;
    for (const std::string &r : regions)
        if (!allOf(r, isRegionChar) || r.size() > 32)
            return "not an AWS region name: " + r;
    return {};
}

std::string joined(const std::vector<std::string> &values, std::string (*quote)(const std::string &))
{
    std::string out;
    for (const std::string &v : values) {
        if (!out.empty())
            out += ", ";
        out += quote(v);
    }
    return out;
}

// "2025-04-21 09:45:54.000": the form Trino's TIMESTAMP literals and CloudTrail Lake take.
std::string spacedTime(int64_t ms)
{
    std::string iso = isoTimeFromEpochMillis(ms);
    iso.pop_back();  // 'Z'
    iso[10] = ' ';
    if (iso.size() == 19)
        iso += ".000";
    return iso;
}

// The day of `ms` in a partition's format: "yyyy/MM/dd" (CloudTrail's S3 keys) or "yyyyMMdd" (Security Lake).
std::string day(int64_t ms, bool slashes)
{
    std::string iso = isoTimeFromEpochMillis(ms).substr(0, 10);
    if (slashes) {
        iso[4] = iso[7] = '/';
        return iso;
    }
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

// The event-name test, for SQL, without parentheses: lower(column) IN (...) OR lower(column) LIKE 'prefix%'.
std::string sqlNameTest(std::string_view column, bool sentinelMode)
{
    std::string exact, out;
    for (const EventNamePattern &p : candidateEventNames(sentinelMode)) {
        std::string lower(p.name);
        for (char &c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (p.prefix) {
            out += out.empty() ? "" : "\n    OR ";
            out += "lower(" + std::string(column) + ") LIKE " + sqlString(lower + "%");
        } else {
            exact += exact.empty() ? "" : ", ";
            exact += sqlString(lower);
        }
    }
    return "lower(" + std::string(column) + ") IN (" + exact + ")" + (out.empty() ? "" : "\n    OR " + out);
}

std::string joinedNames(UseInterest interest, std::string (*quote)(const std::string &))
{
    std::string out;
    for (std::string_view n : useEventNames(interest))
        out += (out.empty() ? "" : ", ") + quote(std::string(n));
    return out;
}

// Extended mode also fetches the events that may be uses of a share (resource_use.h):
// those always read, and the others when `crossAccount` holds — a call from outside,
// the sign the prefilter looks for (prefilter.h, UseInterest). For SQL, added to sqlNameTest.
std::string sqlUseTest(std::string_view column, std::string_view crossAccount)
{
    const std::string lower = "lower(" + std::string(column) + ")";
    return "\n    OR " + lower + " IN (" + joinedNames(UseInterest::Always, sqlString) + ")"
         + "\n    OR (" + lower + " IN (" + joinedNames(UseInterest::CrossAccount, sqlString) + ")\n        AND " + std::string(crossAccount) + ")";
}

// CloudTrail's signs of a call from outside, as the prefilter reads them: sharedEventID
// (CloudTrail record contents: present only when the event is delivered to more than one
// account) from a caller that is no AWS service, or an anonymous caller.
constexpr std::string_view kSqlCrossAccount =
    "((sharedeventid IS NOT NULL AND (useridentity.type IS NULL OR useridentity.type <> 'AWSService'))\n"
    "             OR useridentity.accountid IN ('anonymous', 'ANONYMOUS_PRINCIPAL'))";

// The whole event test in parentheses: the candidate names, and in extended mode the possible uses.
std::string sqlEventTest(std::string_view column, bool sentinelMode, std::string_view crossAccount)
{
    return "(" + sqlNameTest(column, sentinelMode) + (sentinelMode ? std::string() : sqlUseTest(column, crossAccount)) + ")";
}

// "db.table" as a quoted SQL name; each part must be a plain name (letters, digits, '_').
std::optional<std::string> quotedTable(const std::string &table)
{
    std::string out;
    size_t from = 0;
    for (;;) {
        const size_t dot = table.find('.', from);
        const std::string part = table.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
        if (!allOf(part, isPlainNameChar))
            return std::nullopt;
        out += (out.empty() ? "" : ".") + sqlIdentifier(part);
        if (dot == std::string::npos)
            return out;
        from = dot + 1;
    }
}

LakeQuery fail(std::string message) { return LakeQuery{{}, std::move(message)}; }

std::string unloadAround(const std::string &select, const std::string &output)
{
    return "UNLOAD (\n" + select + "\n)\nTO " + sqlString(output) + "\nWITH (format = 'JSON', compression = 'GZIP')\n";
}

// The columns of Athena's CloudTrail table, and useridentity's fields flat as well:
// CSV results render a struct as {k=v, ...}, which is not JSON (PyAthena #62, #118).
constexpr std::string_view kAthenaColumns =
    "eventversion, useridentity, eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent,\n"
    "       errorcode, errormessage, requestparameters, responseelements, additionaleventdata, requestid,\n"
    "       eventid, readonly, resources, eventtype, apiversion, recipientaccountid, serviceeventdetails,\n"
    "       sharedeventid, vpcendpointid,\n"
    "       useridentity.type AS useridentity_type, useridentity.accountid AS useridentity_accountid,\n"
    "       useridentity.arn AS useridentity_arn, useridentity.username AS useridentity_username,\n"
    // resources as JSON text too: CSV results cannot carry the array (what finding uses reads).
    "       json_format(CAST(resources AS JSON)) AS resources_json";

LakeQuery athena(const LakeQueryRequest &r, bool securityLake)
{
    const std::string table = !r.table.empty() ? r.table
        : securityLake ? "amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
                       : "default.cloudtrail_logs";
    const std::optional<std::string> from = quotedTable(table);
    if (!from)
        return fail("not a table name (database.table, letters, digits and '_'): " + table);
    const std::string partition = r.partitionColumn.empty() ? (securityLake ? "eventday" : "timestamp") : r.partitionColumn;
    if (!allOf(partition, isPlainNameChar))
        return fail("not a column name: " + partition);
    std::string output = r.output.empty() ? "s3://YOUR-QUERY-RESULTS-BUCKET/sharescope/" : r.output;
    if (output.rfind("s3://", 0) != 0 || output.size() <= 5)
        return fail("the UNLOAD location must be an s3:// URI: " + output);
    if (output.back() != '/')
        output += '/';

    // Security Lake's OCSF records carry no sharedEventID: a call from outside is one whose
    // caller names an account that is not the event's (OCSF actor.user.account.uid,
    // cloud.account.uid; an AWS service names none).
    std::string where = securityLake
        ? sqlEventTest("api.operation", r.sentinelMode, "actor.user.account.uid <> cloud.account.uid")
        : sqlEventTest("eventname", r.sentinelMode, kSqlCrossAccount);
    // The partition bounds take a day of margin each side: a file is filed under its
    // delivery day, which can follow its events' day (AWS delivers within minutes).
    if (r.fromMs || r.toMs) {
        const std::string col = sqlIdentifier(partition);
        if (r.fromMs)
            where += "\n  AND " + col + " >= " + sqlString(day(*r.fromMs - kDayMs, !securityLake));
        if (r.toMs)
            where += "\n  AND " + col + " <= " + sqlString(day(*r.toMs + kDayMs, !securityLake));
    }
    if (securityLake) {
        if (r.fromMs)
            where += "\n  AND time_dt >= TIMESTAMP " + sqlString(spacedTime(*r.fromMs));
        if (r.toMs)
            where += "\n  AND time_dt <= TIMESTAMP " + sqlString(spacedTime(*r.toMs));
        if (!r.accounts.empty())
            where += "\n  AND accountid IN (" + joined(r.accounts, sqlString) + ")";
        if (!r.regions.empty())
            where += "\n  AND region IN (" + joined(r.regions, sqlString) + ")";
    } else {
        // eventtime is text in CloudTrail's own form ("2025-04-30T23:59:59Z", whole seconds),
        // which sorts as time does against bounds written the same way: whole seconds inside the range.
        if (r.fromMs)
            where += "\n  AND eventtime >= " + sqlString(isoTimeFromEpochMillis((*r.fromMs + 999) / 1000 * 1000));
        if (r.toMs)
            where += "\n  AND eventtime <= " + sqlString(isoTimeFromEpochMillis(*r.toMs / 1000 * 1000));
        if (!r.accounts.empty())
            where += "\n  AND recipientaccountid IN (" + joined(r.accounts, sqlString) + ")";
        if (!r.regions.empty())
            where += "\n  AND awsregion IN (" + joined(r.regions, sqlString) + ")";
        // The same values on the projected partitions: Athena then reads only their prefixes.
        if (r.accountPartition && !r.accounts.empty())
            where += "\n  AND \"account\" IN (" + joined(r.accounts, sqlString) + ")";
        if (r.regionPartition && !r.regions.empty())
            where += "\n  AND \"region\" IN (" + joined(r.regions, sqlString) + ")";
    }
    const std::string select = "SELECT " + std::string(securityLake ? "*" : kAthenaColumns) + "\nFROM " + *from + "\nWHERE " + where;
    return LakeQuery{r.selectOnly ? select + "\n" : unloadAround(select, output), {}};
}

LakeQuery cloudTrailLake(const LakeQueryRequest &r)
{
    // An event data store is named by its id (the end of its ARN), written bare as in
    // AWS's examples ("FROM eds-ID"); only letters, digits and '-' are let through.
    const std::string store = r.table.empty() ? "EVENT-DATA-STORE-ID" : r.table;
    if (!allOf(store, isStoreIdChar))
        return fail("not an event data store id (letters, digits and '-'): " + store);
    std::string where = sqlEventTest("eventname", r.sentinelMode, kSqlCrossAccount);
    if (r.fromMs)
        where += "\n  AND eventtime >= " + sqlString(spacedTime(*r.fromMs));
    if (r.toMs)
        where += "\n  AND eventtime <= " + sqlString(spacedTime(*r.toMs));
    if (!r.accounts.empty())
        where += "\n  AND recipientaccountid IN (" + joined(r.accounts, sqlString) + ")";
    if (!r.regions.empty())
        where += "\n  AND awsregion IN (" + joined(r.regions, sqlString) + ")";
    // The request and response are map<string,string> there: json_format keeps them JSON.
    // eventtime is a timestamp there: written back in CloudTrail's own form.
    return LakeQuery{"SELECT eventid, date_format(eventtime, '%Y-%m-%dT%H:%i:%sZ') AS eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode,\n"
                     "       eventtype, recipientaccountid,\n"
                     "       useridentity.type AS useridentity_type, useridentity.accountid AS useridentity_accountid,\n"
                     "       useridentity.arn AS useridentity_arn, useridentity.username AS useridentity_username,\n"
                     "       json_format(CAST(requestparameters AS JSON)) AS requestparameters,\n"
                     "       json_format(CAST(responseelements AS JSON)) AS responseelements,\n"
                     "       json_format(CAST(resources AS JSON)) AS resources_json,\n"
                     "       json_format(CAST(serviceeventdetails AS JSON)) AS serviceeventdetails, sharedeventid\n"
                     "FROM " + store + "\nWHERE " + where + "\n",
                     {}};
}

LakeQuery sentinel(const LakeQueryRequest &r)
{
    const std::string table = r.table.empty() ? "AWSCloudTrail" : r.table;
    if (!allOf(table, isPlainNameChar))
        return fail("not a table name (letters, digits and '_'): " + table);
    std::string names, prefixes;
    for (const EventNamePattern &p : candidateEventNames(r.sentinelMode)) {
        std::string &list = p.prefix ? prefixes : names;
        if (p.prefix)
            list += "\n    or EventName startswith " + kqlString(std::string(p.name));
        else
            list += (list.empty() ? "" : ", ") + kqlString(std::string(p.name));
    }
    std::string q = table + "\n";
    if (r.fromMs || r.toMs) {
        // TimeGenerated is when Sentinel received the event; the event's own time follows.
        const std::string from = r.fromMs ? "datetime(" + isoTimeFromEpochMillis(*r.fromMs) + ")" : "datetime(1970-01-01)";
        const std::string to = r.toMs ? "datetime(" + isoTimeFromEpochMillis(*r.toMs) + ")" : "now()";
        q += "| where TimeGenerated between (" + from + " .. " + to + ")\n";
    }
    q += "| where EventName in~ (" + names + ")" + prefixes;
    if (!r.sentinelMode) {
        // The events that may be uses of a share, as sqlUseTest says.
        q += "\n    or EventName in~ (" + joinedNames(UseInterest::Always, kqlString) + ")"
             "\n    or (EventName in~ (" + joinedNames(UseInterest::CrossAccount, kqlString) + ")"
             "\n        and ((isnotempty(SharedEventId) and UserIdentityType != \"AWSService\")"
             "\n             or UserIdentityAccountId in~ (\"anonymous\", \"ANONYMOUS_PRINCIPAL\")))";
    }
    q += "\n";
    if (!r.accounts.empty())
        q += "| where RecipientAccountId in (" + joined(r.accounts, kqlString) + ")\n";
    if (!r.regions.empty())
        q += "| where AWSRegion in (" + joined(r.regions, kqlString) + ")\n";
    q += "| project TimeGenerated, EventName, EventSource, AwsEventId, AWSRegion, SourceIpAddress, UserAgent, ErrorCode,\n"
         "    UserIdentityType, UserIdentityAccountId, UserIdentityArn, EventTypeName, RecipientAccountId,\n"
         "    RequestParameters, ResponseElements, Resources, ServiceEventDetails, SharedEventId, UserIdentityUserName\n";
    return LakeQuery{q, {}};
}

} // namespace

std::string sqlString(const std::string &s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string sqlIdentifier(const std::string &s)
{
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string kqlString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

LakeQuery generateLakeQuery(const LakeQueryRequest &r)
{
    if (std::string problem = checkLists(r.accounts, r.regions); !problem.empty())
        return fail(problem);
    if (r.fromMs && r.toMs && *r.fromMs > *r.toMs)
        return fail("the time range ends before it starts");
    switch (r.engine) {
    case LakeEngine::Athena: return athena(r, false);
    case LakeEngine::SecurityLake: return athena(r, true);
    case LakeEngine::CloudTrailLake: return cloudTrailLake(r);
    case LakeEngine::Sentinel: return sentinel(r);
    }
    return fail("unknown engine");
}

LakeQuery generateAthenaTable(const AthenaTableRequest &r)
{
    if (std::string problem = checkLists(r.accounts, r.regions); !problem.empty())
        return fail(problem);
    // Hive DDL quotes names with backticks and has no escape for them: plain names only.
    if (!allOf(r.table, isPlainNameChar))
        return fail("not a table name (letters, digits and '_'): " + r.table);
    std::string bucket = r.bucket;
    while (!bucket.empty() && bucket.back() == '/')
        bucket.pop_back();
    auto bucketChar = [](char c) { return isRegionChar(c) || c == '.' || c == '/' || c == '_'; };
    bool bucketOk = !bucket.empty();
    for (char c : bucket)
        bucketOk = bucketOk && bucketChar(c);
    if (!bucketOk)
        return fail("not an S3 bucket (and prefix): " + r.bucket);
    const bool org = !r.organizationId.empty();
    if (org && (r.organizationId.rfind("o-", 0) != 0 || !allOf(r.organizationId.substr(2), isPlainNameChar)))
        return fail("not an organisation id (o-...): " + r.organizationId);
    if (!org && r.accounts.size() != 1)
        return fail("an account trail's table needs its one account (--accounts ID)");
    if (org && r.accounts.empty())
        return fail("an organisation trail's table needs the accounts to project (--accounts ID,...)");
    const std::string first = r.firstDay;
    if (first.size() != 10 || first[4] != '/' || first[7] != '/')
        return fail("the projection's first day must be yyyy/MM/dd: " + first);

    std::string regions;
    if (r.regions.empty())
        for (std::string_view reg : kRegions)
            regions += (regions.empty() ? "" : ",") + std::string(reg);
    else
        for (const std::string &reg : r.regions)
            regions += (regions.empty() ? "" : ",") + reg;
    std::string accounts;
    for (const std::string &a : r.accounts)
        accounts += (accounts.empty() ? "" : ",") + a;

    const std::string root = "s3://" + bucket + "/AWSLogs/" + (org ? r.organizationId + "/${account}" : r.accounts.front());
    std::string ddl = "CREATE EXTERNAL TABLE `" + r.table + "` (\n"
        "    eventversion STRING,\n"
        "    useridentity STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,\n"
        "        accesskeyid: STRING, username: STRING, onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,\n"
        "        sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,\n"
        "            sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,\n"
        "            ec2roledelivery: STRING,\n"
        "            webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>,\n"
        "    eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING,\n"
        "    useragent STRING, errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING,\n"
        "    additionaleventdata STRING, requestid STRING, eventid STRING, readonly STRING,\n"
        "    resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,\n"
        "    eventtype STRING, apiversion STRING, recipientaccountid STRING, serviceeventdetails STRING,\n"
        "    sharedeventid STRING, vpcendpointid STRING,\n"
        "    tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>\n"
        ")\n"
        "PARTITIONED BY (" + std::string(org ? "`account` STRING, " : "") + "`region` STRING, `timestamp` STRING)\n"
        "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n"
        "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n"
        "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
        "LOCATION " + sqlString("s3://" + bucket + "/AWSLogs/" + (org ? r.organizationId + "/" : r.accounts.front() + "/")) + "\n"
        "TBLPROPERTIES (\n"
        "    'projection.enabled' = 'true',\n";
    if (org)
        ddl += "    'projection.account.type' = 'enum',\n"
               "    'projection.account.values' = " + sqlString(accounts) + ",\n";
    ddl += "    'projection.region.type' = 'enum',\n"
           "    'projection.region.values' = " + sqlString(regions) + ",\n"
           "    'projection.timestamp.type' = 'date',\n"
           "    'projection.timestamp.format' = 'yyyy/MM/dd',\n"
           "    'projection.timestamp.range' = " + sqlString(first + ",NOW") + ",\n"
           "    'projection.timestamp.interval' = '1',\n"
           "    'projection.timestamp.interval.unit' = 'DAYS',\n"
           "    'storage.location.template' = " + sqlString(root + "/CloudTrail/${region}/${timestamp}") + "\n"
           ")\n";
    return LakeQuery{ddl, {}};
}

} // namespace sharescope
