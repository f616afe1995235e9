#pragma once
// Accounts AWS documents as its own (log delivery, CloudTrail, GuardDuty, ...):
// a grant to one is still a grant out of the account, but the alert names who it is.

#include <string_view>

namespace sharescope {

// The AWS service that owns `account`, or an empty view.
std::string_view awsServiceAccountName(std::string_view account);

} // namespace sharescope
