#pragma once
// Who can assume a role trusted to a web identity or OIDC provider (IAM User Guide,
// "Configuring a role for GitHub OIDC identity provider" and "Available keys for
// AWS web identity federation"; Amazon Cognito Developer Guide, "IAM roles").
// Every GitHub Actions token carries aud sts.amazonaws.com, so an audience says
// nothing about who: only a `sub` that names a repository owner narrows the trust.
// A Cognito trust is open when it admits unauthenticated identities (amr) or pins
// no identity pool (aud). SAML providers belong to the account and name no one.

#include "narrowing.h"

#include <string_view>

namespace sharescope {

// True when anyone outside the organisation can get a token the trust accepts.
bool isOpenFederation(std::string_view provider, const Narrowing &conditions);

} // namespace sharescope
