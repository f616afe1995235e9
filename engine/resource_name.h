#pragma once
// One resource, one name: AWS APIs name the same resource in several spellings (a
// Lambda function by name, partial ARN or ARN; a KMS key by id or ARN; a bucket by
// name or ARN; a queue by URL, name or ARN). Revocations match grants by the
// canonical spelling, and the owner of a resource is the account its name carries.

#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

// The spelling revocations compare: the bare name or id.
std::string canonicalResourceId(std::string_view resourceType, std::string_view id);

// The account a resource's name carries (ARN, partial Lambda ARN, SQS queue URL), if any.
std::optional<std::string> accountOfResource(std::string_view id);

} // namespace sharescope
