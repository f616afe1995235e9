#pragma once
// S3 ACL permissions in the vocabulary of every other alert: IAM actions. The mapping
// is AWS's ("Mapping of ACL permissions and access policy permissions", Amazon S3
// User Guide, Access control list (ACL) overview).

#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

// `permission` as an ACL grant writes it (READ, WRITE, READ_ACP, WRITE_ACP,
// FULL_CONTROL) or as a grant header names it (read, write, read-acp, write-acp,
// full-control); `object` for an object ACL.
std::vector<std::string> aclPermissionActions(std::string_view permission, bool object);

// The actions a canned ACL (public-read, public-read-write, authenticated-read) gives its group.
std::vector<std::string> cannedAclActions(std::string_view acl, bool object);

} // namespace sharescope
