#include "query_command.h"

#include "lake_query.h"
#include "rule0236_kql.h"
#include "trust_list.h"
#include "time_range.h"

#include <iostream>
#include <optional>
#include <sstream>
#include <string>

namespace sharescope {

namespace {

constexpr const char *kUsage = R"(Usage: sharescope query --engine ENGINE [options]
Print the query that makes a data-lake engine select every event ShareScope's
detection reads; open what it returns in ShareScope like any logs.

Engines:
  athena           UNLOAD of the candidate events of Athena's CloudTrail table,
                   as gzip JSON lines (download the prefix, then open it)
  security-lake    the same over Amazon Security Lake's OCSF CloudTrail table
  cloudtrail-lake  a SELECT over a CloudTrail Lake event data store
  sentinel         KQL over Microsoft Sentinel's AWSCloudTrail table

Options:
  --table NAME        database.table (Athena, Security Lake), the event data store
                      id (CloudTrail Lake) or the table (Sentinel)
  --from DATE         first day (YYYY-MM-DD, UTC) or time (ISO 8601)
  --to DATE           last day (inclusive) or time
  --accounts ID,...   only events recorded in these accounts
  --regions NAME,...  only events of these regions
  --mode MODE         extended (default) or sentinel (rule 0236's events only)
  --output S3URI      where UNLOAD writes (Athena, Security Lake)
  --select            the SELECT alone, for CSV results (Athena, Security Lake)
  --partitioned-by account,region
                      the table is partitioned by these too (as --create-table
                      makes it): --accounts and --regions then prune partitions
  --partition COLUMN  the table's date partition (default: timestamp; Security
                      Lake: eventday)
  --rule0236          Sentinel: rule 0236 itself (its alerts, not the candidate
                      events), TrustedAccounts from --watchlist NAME (the
                      watchlist's SearchKey column) or inline from --trusted FILE
  --create-table      Athena's CREATE EXTERNAL TABLE with partition projection
                      instead; with --bucket BUCKET[/PREFIX], --accounts (the
                      trail's account, or an organisation's accounts with
                      --organization o-...), --regions, --from (first day)
  -h, --help          show this help

Exit status: 0 printed; 2 usage error.
)";

int usageError(const std::string &message)
{
    std::cerr << "sharescope query: " << message << "\nTry 'sharescope query --help'.\n";
    return 2;
}

std::vector<std::string> splitList(const std::string &s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

} // namespace

int runQueryCommand(int argc, char **argv)
{
    LakeQueryRequest q;
    AthenaTableRequest t;
    bool engineGiven = false, createTable = false, rule0236 = false;
    std::optional<std::string> watchlist, trustedFile;
    std::optional<std::string> from, to;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char *name) -> std::optional<std::string> {
            if (size_t eq = arg.find('='); eq != std::string::npos && arg.compare(0, eq, name) == 0)
                return arg.substr(eq + 1);
            if (arg != name || i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        auto is = [&](const char *name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
        std::optional<std::string> v;
        if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            return 0;
        } else if (arg == "--select") {
            q.selectOnly = true;
        } else if (arg == "--rule0236") {
            rule0236 = true;
        } else if (is("--watchlist")) {
            if (!(watchlist = value("--watchlist")))
                return usageError("--watchlist needs the watchlist's alias");
        } else if (is("--trusted")) {
            if (!(trustedFile = value("--trusted")))
                return usageError("--trusted needs a file");
        } else if (arg == "--create-table") {
            createTable = true;
        } else if (is("--engine")) {
            if (!(v = value("--engine")))
                return usageError("--engine needs a value");
            engineGiven = true;
            if (*v == "athena")
                q.engine = LakeEngine::Athena;
            else if (*v == "security-lake")
                q.engine = LakeEngine::SecurityLake;
            else if (*v == "cloudtrail-lake")
                q.engine = LakeEngine::CloudTrailLake;
            else if (*v == "sentinel")
                q.engine = LakeEngine::Sentinel;
            else
                return usageError("unknown engine '" + *v + "' (athena, security-lake, cloudtrail-lake or sentinel)");
        } else if (is("--mode")) {
            if (!(v = value("--mode")) || (*v != "extended" && *v != "sentinel"))
                return usageError("--mode needs extended or sentinel");
            q.sentinelMode = *v == "sentinel";
        } else if (is("--table")) {
            if (!(v = value("--table")))
                return usageError("--table needs a name");
            q.table = t.table = *v;
        } else if (is("--from")) {
            if (!(from = value("--from")))
                return usageError("--from needs a date");
        } else if (is("--to")) {
            if (!(to = value("--to")))
                return usageError("--to needs a date");
        } else if (is("--accounts")) {
            if (!(v = value("--accounts")))
                return usageError("--accounts needs account ids");
            q.accounts = t.accounts = splitList(*v);
        } else if (is("--regions")) {
            if (!(v = value("--regions")))
                return usageError("--regions needs region names");
            q.regions = t.regions = splitList(*v);
        } else if (is("--output")) {
            if (!(v = value("--output")))
                return usageError("--output needs an s3:// URI");
            q.output = *v;
        } else if (is("--partitioned-by")) {
            if (!(v = value("--partitioned-by")))
                return usageError("--partitioned-by needs account, region or both");
            for (const std::string &column : splitList(*v)) {
                if (column == "account")
                    q.accountPartition = true;
                else if (column == "region")
                    q.regionPartition = true;
                else
                    return usageError("--partitioned-by: unknown partition '" + column + "' (account or region)");
            }
        } else if (is("--partition")) {
            if (!(v = value("--partition")))
                return usageError("--partition needs a column name");
            q.partitionColumn = *v;
        } else if (is("--bucket")) {
            if (!(v = value("--bucket")))
                return usageError("--bucket needs a bucket name");
            t.bucket = *v;
        } else if (is("--organization")) {
            if (!(v = value("--organization")))
                return usageError("--organization needs an organisation id");
            t.organizationId = *v;
        } else {
            return usageError("unknown option '" + arg + "'");
        }
    }
    std::string dateError;  // the same reading of dates as `sharescope scan --from/--to`
    if (from && !(q.fromMs = parseRangeStart(*from, &dateError)))
        return usageError("--from: " + dateError);
    if (to && !(q.toMs = parseRangeEnd(*to, &dateError)))
        return usageError("--to: " + dateError);

    LakeQuery out;
    if (rule0236) {
        if (engineGiven && q.engine != LakeEngine::Sentinel)
            return usageError("--rule0236 is for --engine sentinel");
        if (watchlist && trustedFile)
            return usageError("--watchlist and --trusted both give the trusted accounts: choose one");
        Rule0236KqlRequest k;
        if (!q.table.empty())
            k.table = q.table;
        k.fromMs = q.fromMs;
        k.toMs = q.toMs;
        if (watchlist)
            k.watchlist = *watchlist;
        if (trustedFile) {
            TrustList list;
            std::string error;
            if (!TrustList::loadFile(*trustedFile, list, error))
                return usageError("--trusted: " + error);
            k.trusted.assign(list.values().begin(), list.values().end());
        }
        const Rule0236Kql kql = rule0236Kql(k);
        out = LakeQuery{kql.text, kql.error};
    } else if (createTable) {
        if (engineGiven && q.engine != LakeEngine::Athena)
            return usageError("--create-table is for --engine athena");
        if (t.table.find('.') != std::string::npos)
            t.table = t.table.substr(t.table.rfind('.') + 1);  // the DDL runs in the chosen database
        if (t.table.empty() || q.table.empty())
            t.table = "cloudtrail_logs";
        if (from)
            t.firstDay = from->substr(0, 4) + '/' + from->substr(5, 2) + '/' + from->substr(8, 2);
        out = generateAthenaTable(t);
    } else {
        if (!engineGiven)
            return usageError("--engine is required");
        out = generateLakeQuery(q);
    }
    if (!out.error.empty())
        return usageError(out.error);
    std::cout << out.text;
    return 0;
}

} // namespace sharescope
