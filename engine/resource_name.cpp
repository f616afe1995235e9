#include "resource_name.h"

#include "kusto_value.h"
#include "principal.h"

namespace sharescope {

namespace {

// The text after the n-th ':' (n counted from 1), or the whole text.
std::string_view afterColon(std::string_view s, int n)
{
    size_t at = 0;
    for (int i = 0; i < n; ++i) {
        at = s.find(':', at);
        if (at == std::string_view::npos)
            return s;
        ++at;
    }
    return s.substr(at);
}

std::string_view afterLast(std::string_view s, char c)
{
    const size_t at = s.rfind(c);
    return at == std::string_view::npos ? s : s.substr(at + 1);
}

} // namespace

std::string canonicalResourceId(std::string_view type, std::string_view id)
{
    const bool arn = kusto::startsWithNoCase(id, "arn:");
    if (type == "LambdaFunction" || type == "LambdaFunctionUrl" || type == "LambdaLayer") {
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER], ACCOUNT:function:NAME, NAME
        const std::string_view kind = type == "LambdaLayer" ? ":layer:" : ":function:";
        const size_t at = id.find(kind);
        return std::string(at == std::string_view::npos ? id : id.substr(at + kind.size()));
    }
    if (type == "KMSKey" && arn)  // arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME
        return std::string(afterColon(id, 5).substr(0, 4) == "key/" ? afterColon(id, 5).substr(4) : afterColon(id, 5));
    if (type == "S3Bucket" && arn)  // arn:aws:s3:::NAME
        return std::string(afterColon(id, 5));
    if (type == "SQSQueue")  // https://sqs.REGION.amazonaws.com/ACCOUNT/NAME, arn:aws:sqs:REGION:ACCOUNT:NAME, NAME
        return std::string(arn ? afterLast(id, ':') : afterLast(id, '/'));
    if (type == "SNSTopic" && arn)
        return std::string(afterLast(id, ':'));
    if (type == "IAMRole" && arn)  // arn:aws:iam::ACCOUNT:role/PATH/NAME: role names are unique in an account, paths aside
        return std::string(afterLast(id, '/'));
    if (type == "Secret" && arn) {
        // arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-SIXCHR: Secrets Manager adds a hyphen and six
        // random characters to the name in the ARN (Secrets Manager User Guide, "Secret ARN").
        const std::string_view name = afterColon(id, 6);
        return std::string(name.size() > 7 && name[name.size() - 7] == '-' ? name.substr(0, name.size() - 7) : name);
    }
    if (type == "ECRRepository" && arn)  // arn:aws:ecr:REGION:ACCOUNT:repository/NAME
        return std::string(afterColon(id, 5).substr(0, 11) == "repository/" ? afterColon(id, 5).substr(11) : afterColon(id, 5));
    return std::string(id);
}

std::optional<std::string> accountOfResource(std::string_view id)
{
    if (kusto::startsWithNoCase(id, "arn:")) {
        std::optional<std::string> acct = kusto::splitField(id, ':', 4);
        return acct && isAccountId(*acct) ? acct : std::nullopt;
    }
    if (kusto::startsWithNoCase(id, "https://")) {  // an SQS queue URL
        const std::string_view path = id.substr(id.find('/', 8) == std::string_view::npos ? id.size() : id.find('/', 8) + 1);
        const std::string_view first = path.substr(0, path.find('/'));
        return isAccountId(first) ? std::optional<std::string>(std::string(first)) : std::nullopt;
    }
    if (id.size() > 13 && id[12] == ':' && isAccountId(id.substr(0, 12)))  // a partial Lambda ARN
        return std::string(id.substr(0, 12));
    return std::nullopt;
}

} // namespace sharescope
