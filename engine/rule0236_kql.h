#pragma once
// Rule 0236 itself as KQL for Microsoft Sentinel, with its TrustedAccounts taken
// from a watchlist (`_GetWatchlist('NAME') | project SearchKey`, Microsoft Sentinel
// docs, "Build queries or detection rules with watchlists") or written inline from
// ShareScope's allow-list. It selects and normalises exactly as rule 0236 does
// (shared/reference/rule-0236.md, the semantics ShareScope's sentinel mode
// reproduces): the same event names, mv-expands, the `contains "*"` and `arn:`
// rewrites and the same exclusions. The rule's de-duplication against earlier
// SecurityAlert rows is left out: it belongs to the scheduled rule, not to a hunt.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sharescope {

struct Rule0236KqlRequest {
    std::string table = "AWSCloudTrail";
    std::optional<int64_t> fromMs, toMs;  // TimeGenerated bounds; none: the rule's own ingestion_time() >= ago(2h)
    std::string watchlist;                // TrustedAccounts from this watchlist's SearchKey column
    std::vector<std::string> trusted;     // or these values inline (when no watchlist is named)
};

// The query, or an error (and no text) when a name cannot be written safely.
struct Rule0236Kql {
    std::string text, error;
};
Rule0236Kql rule0236Kql(const Rule0236KqlRequest &request);

} // namespace sharescope
