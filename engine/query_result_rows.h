#pragma once
// CloudTrail Lake's query results: {"QueryResultRows": [[{"column": "value"}, ...], ...]}
// as `aws cloudtrail get-query-results` prints them (CloudTrail API Reference,
// GetQueryResults: every value a string) and as saved result files hold them.
// One row becomes one JSON object of its columns. The request and response are
// map<string,string> in CloudTrail Lake, nested values kept as JSON text (CloudTrail
// User Guide, "CloudTrail Lake SQL constraints"); `sharescope query` selects them
// with json_format, and here each value that is such JSON text becomes JSON again,
// so the detectors read the request as CloudTrail wrote it.

#include <simdjson.h>

#include <optional>
#include <string>

namespace sharescope {

// The object text for one row (an array of single-key objects), nullopt when it is not one.
std::optional<std::string> queryRowJson(simdjson::dom::element row, simdjson::dom::parser &scratch);

} // namespace sharescope
