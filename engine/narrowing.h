#pragma once
// The conditions of an Allow statement that say *who* may use it, read the way
// Amazon S3 decides whether a policy is public ("The meaning of public", S3 Block
// Public Access, Amazon S3 User Guide): a policy is public unless it grants only to
// fixed values of principals, aws:SourceIp ranges no broader than /8 (IPv4) or /32
// (IPv6), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
// aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid,
// s3:DataAccessPointArn / s3:DataAccessPointAccount, or the principal's
// organisation or account (aws:PrincipalOrgID, aws:PrincipalAccount, ...). The same
// rule is used for every service, so "public" means one thing everywhere.

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

// One condition value as written: `StringEquals aws:PrincipalOrgID o-…`.
struct ConditionValue {
    std::string op, key, value;
    bool positive() const;        // not negated, not …IfExists, not ForAllValues: absent keys do not pass
    std::string text() const { return op + ' ' + key + ' ' + value; }
};

struct Narrowing {
    std::vector<std::string> orgIds, ouIds, accounts;
    std::vector<std::string> ouPaths;    // what encloses each OU (its organisation, parent OUs): trusting one trusts it
    std::vector<std::string> limits;     // fixed non-account limits (bucket ARN, VPC endpoint, narrow IP range): not public, owner unknown
    std::vector<ConditionValue> values;  // every condition value, narrowing or not
    std::vector<std::string> described;  // as shown on the alert, with operators

    bool narrows() const { return !orgIds.empty() || !ouIds.empty() || !accounts.empty() || !limits.empty(); }
    // Adds one condition value, sorting it into what it narrows to; false when it narrows no one.
    bool add(std::string op, std::string key, std::string value);
    // Adds what `other` narrows to (`narrowing`) and, in any case, what it describes.
    void merge(Narrowing &&other, bool narrowing);
};

Narrowing readConditions(std::optional<simdjson::dom::element> condition);

// The organisation and OUs named by an organisation path or OU ARN, outermost first
// ("o-a/r-b/ou-1/ou-2/" → o-a, ou-1, ou-2).
std::vector<std::string> orgPathComponents(std::string_view path);
// An aws:SourceIp value that S3 still counts as a limit: IPv4 no broader than /8, IPv6 no broader than /32.
bool isNarrowIpRange(std::string_view cidr);

} // namespace sharescope
