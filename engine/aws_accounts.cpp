#include "aws_accounts.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace sharescope {

namespace {

struct KnownAccount {
    std::string_view account, name;
};

// resources/known_aws_accounts (Apache-2.0, fwdcloudsec/known_aws_accounts; see the README there).
constexpr KnownAccount kAwsAccounts[] = {
#include "aws_service_accounts.inc"
};

} // namespace

std::string_view awsServiceAccountName(std::string_view account)
{
    const auto it = std::lower_bound(std::begin(kAwsAccounts), std::end(kAwsAccounts), account,
                                     [](const KnownAccount &k, std::string_view a) { return k.account < a; });
    return it != std::end(kAwsAccounts) && it->account == account ? it->name : std::string_view();
}

} // namespace sharescope
