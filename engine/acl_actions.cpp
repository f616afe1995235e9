#include "acl_actions.h"

#include <algorithm>
#include <cctype>

namespace sharescope {

std::vector<std::string> aclPermissionActions(std::string_view permission, bool object)
{
    std::string p(permission);
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return c == '-' ? '_' : char(std::toupper(c)); });
    if (p == "READ")
        return object ? std::vector<std::string>{"s3:GetObject", "s3:GetObjectVersion"}
                      : std::vector<std::string>{"s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"};
    if (p == "WRITE")  // on a bucket: create, overwrite and delete any object in it
        return {"s3:PutObject", "s3:DeleteObject"};
    if (p == "READ_ACP")
        return {object ? "s3:GetObjectAcl" : "s3:GetBucketAcl"};
    if (p == "WRITE_ACP")
        return {object ? "s3:PutObjectAcl" : "s3:PutBucketAcl"};
    if (p == "FULL_CONTROL") {  // every permission above; WRITE does not apply to objects
        std::vector<std::string> all;
        for (const char *each : {"READ", "WRITE", "READ_ACP", "WRITE_ACP"})
            if (!object || std::string_view(each) != "WRITE")
                for (std::string &a : aclPermissionActions(each, object))
                    all.push_back(std::move(a));
        return all;
    }
    return {std::string(permission)};
}

std::vector<std::string> cannedAclActions(std::string_view acl, bool object)
{
    std::vector<std::string> actions = aclPermissionActions("READ", object);
    if (acl == "public-read-write" && !object)
        for (std::string &a : aclPermissionActions("WRITE", object))
            actions.push_back(std::move(a));
    return actions;
}

} // namespace sharescope
