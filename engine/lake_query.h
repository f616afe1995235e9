#pragma once
// Writes the query that makes a data-lake engine select the candidate events
// (candidate_events.h) so that ShareScope reads a few thousand events instead of
// the whole trail: Athena over the CloudTrail bucket (UNLOAD to gzip JSON lines),
// Amazon Security Lake's OCSF table (Athena as well), CloudTrail Lake (Trino
// SELECT) and Microsoft Sentinel (KQL over AWSCloudTrail).
// Every name and value a user gives is checked, then quoted for the engine's
// dialect: nothing reaches the query text as it was typed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sharescope {

enum class LakeEngine { Athena, SecurityLake, CloudTrailLake, Sentinel };

struct LakeQueryRequest {
    LakeEngine engine = LakeEngine::Athena;
    bool sentinelMode = false;         // rule 0236's events only (default: every event the extended mode reads)
    std::string table;                 // "db.table", a CloudTrail Lake event data store id, a Sentinel table; empty: the engine's usual name
    std::optional<int64_t> fromMs, toMs;  // inclusive bounds, epoch milliseconds (UTC)
    std::vector<std::string> accounts;    // 12-digit ids: the accounts the events were recorded in
    std::vector<std::string> regions;
    std::string output;                // Athena / Security Lake: the s3:// prefix UNLOAD writes to
    bool selectOnly = false;           // Athena / Security Lake: the SELECT alone (for CSV results), no UNLOAD
    std::string partitionColumn;       // Athena: the date partition (default "timestamp", yyyy/MM/dd)
    // Athena: the table is partitioned by region and (organisation trails) account too, as
    // generateAthenaTable makes it: the account and region filters then prune partitions.
    bool regionPartition = false, accountPartition = false;
};

struct LakeQuery {
    std::string text;   // the query, ready to paste
    std::string error;  // set (and text empty) when the request cannot be written safely
};

LakeQuery generateLakeQuery(const LakeQueryRequest &request);

// Athena's CREATE EXTERNAL TABLE for a CloudTrail bucket, with partition projection
// (Athena User Guide, "Create the table for CloudTrail logs in Athena using partition
// projection"): on the day, the region and, for an organisation trail, the account.
struct AthenaTableRequest {
    std::string table = "cloudtrail_logs";
    std::string bucket;                 // bucket name, optionally with a prefix: "my-trail-bucket/prefix"
    std::string organizationId;         // "o-..." for an organisation trail; empty: an account trail
    std::vector<std::string> accounts;  // the account of an account trail (one), or the organisation's accounts
    std::vector<std::string> regions;   // empty: every commercial region
    std::string firstDay = "2020/01/01";  // start of the projected range (yyyy/MM/dd)
};
LakeQuery generateAthenaTable(const AthenaTableRequest &request);

// Quoting, exposed for the tests: a SQL string literal ('...' with '' inside), a SQL
// identifier ("..." with "" inside), a KQL string literal ("..." with \" and \\).
std::string sqlString(const std::string &s);
std::string sqlIdentifier(const std::string &s);
std::string kqlString(const std::string &s);

} // namespace sharescope
