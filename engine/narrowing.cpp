#include "narrowing.h"

#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace sharescope {

namespace {

bool hasWildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos || s.find("${") != std::string_view::npos; }

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool isPrivateIpv4(std::string_view address)
{
    // RFC 1918: 10/8, 172.16/12, 192.168/16.
    int a = 0, b = 0;
    if (std::sscanf(std::string(address).c_str(), "%d.%d", &a, &b) != 2)
        return false;
    return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
}

} // namespace

bool ConditionValue::positive() const
{
    const bool negated = op.find("Not") != std::string::npos || kusto::startsWithNoCase(op, "Null");
    return !negated && !kusto::endsWithNoCase(op, "IfExists") && !kusto::startsWithNoCase(op, "ForAllValues:");
}

std::vector<std::string> orgPathComponents(std::string_view path)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = path.find_first_of("/:", start);
        const std::string_view part = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if ((part.substr(0, 2) == "o-" || part.substr(0, 3) == "ou-") && !hasWildcard(part))
            out.emplace_back(part);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return out;
}

bool isNarrowIpRange(std::string_view cidr)
{
    const size_t slash = cidr.find('/');
    const std::string_view address = cidr.substr(0, slash);
    const bool v6 = address.find(':') != std::string_view::npos;
    int prefix = v6 ? 128 : 32;
    if (slash != std::string_view::npos) {
        const std::string digits(cidr.substr(slash + 1));
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
            return false;
        prefix = std::stoi(digits);
    }
    if (v6)
        return prefix >= 32;
    return prefix >= 8 || isPrivateIpv4(address);
}

void Narrowing::merge(Narrowing &&o, bool narrowing)
{
    auto append = [](std::vector<std::string> &to, std::vector<std::string> &from) { to.insert(to.end(), from.begin(), from.end()); };
    if (narrowing) {
        append(orgIds, o.orgIds);
        append(ouIds, o.ouIds);
        append(accounts, o.accounts);
        append(ouPaths, o.ouPaths);
        append(limits, o.limits);
    }
    append(described, o.described);
    values.insert(values.end(), o.values.begin(), o.values.end());
}

bool Narrowing::add(std::string op, std::string key, std::string text)
{
    const size_t before = orgIds.size() + ouIds.size() + accounts.size() + limits.size();
    ConditionValue value{std::move(op), std::move(key), std::move(text)};
    described.push_back(value.text());
    const std::string k = lower(value.key);
    const std::string &v = value.value;
    const bool fixed = !hasWildcard(v);
    if (value.positive()) {
        if (k == "aws:principalorgid" || k == "aws:sourceorgid") {
            if (fixed)
                orgIds.push_back(v);
        } else if (k == "aws:principalorgpaths" || k == "aws:sourceorgpaths") {
            // A path ending in a wildcard still stops at the last OU it names; that OU is within the rest.
            std::vector<std::string> parts = orgPathComponents(v);
            if (!parts.empty() && parts.back().substr(0, 3) == "ou-") {
                ouIds.push_back(parts.back());
                parts.pop_back();
                ouPaths.insert(ouPaths.end(), parts.begin(), parts.end());
            } else if (!parts.empty()) {
                orgIds.push_back(parts.back());
            }
        } else if (k == "aws:sourceaccount" || k == "aws:principalaccount" || k == "aws:sourceowner" || k == "kms:calleraccount"
                   || k == "s3:dataaccesspointaccount") {
            if (isAccountId(v))
                accounts.push_back(v);
        } else if (k == "aws:sourcearn" || k == "aws:principalarn" || k == "s3:dataaccesspointarn") {
            // An ARN with a fixed account names that account, whatever its resource part says.
            const std::optional<std::string> acct = kusto::splitField(v, ':', 4);
            if (acct && isAccountId(*acct))
                accounts.push_back(*acct);
            else if (fixed && kusto::startsWithNoCase(v, "arn:"))
                limits.push_back(value.text());  // a resource ARN without an account (S3 buckets)
        } else if (k == "aws:sourcevpc" || k == "aws:sourcevpce" || k == "aws:userid"
                   || k == "s3:x-amz-server-side-encryption-aws-kms-key-id") {
            if (fixed)
                limits.push_back(value.text());
        } else if (k == "aws:sourceip") {
            if (isNarrowIpRange(v))
                limits.push_back(value.text());
        }
    }
    values.push_back(std::move(value));
    return orgIds.size() + ouIds.size() + accounts.size() + limits.size() > before;
}

Narrowing readConditions(std::optional<simdjson::dom::element> condition)
{
    Narrowing n;
    if (!condition || condition->type() != json::element_type::OBJECT)
        return n;
    for (auto op : condition->get_object()) {
        if (op.value.type() != json::element_type::OBJECT)
            continue;
        for (auto cond : op.value.get_object()) {
            // The values of one key are alternatives: one that admits anyone ("*", 0.0.0.0/0) opens the whole condition.
            Narrowing group;
            bool allNarrow = true;
            json::forEachOne(cond.value, [&](simdjson::dom::element value, int) {
                std::string text = value.type() == json::element_type::STRING ? std::string(value.get_string().value_unsafe())
                                                                               : simdjson::minify(value);
                allNarrow = group.add(std::string(op.key), std::string(cond.key), std::move(text)) && allNarrow;
            });
            n.merge(std::move(group), allNarrow);
        }
    }
    return n;
}

} // namespace sharescope
