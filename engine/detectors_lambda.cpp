// AWS Lambda: function permissions (any action, any principal form), their
// removal, layer permissions, and function URLs without authentication.
#include "detectors.h"
#include "json_access.h"
#include "kusto_value.h"
#include "principal.h"

namespace sharescope {

namespace {

// What function and layer permissions share: the action, the statement id, the
// principal, and the request keys that narrow it to an organisation.
void addPermission(DetectContext &ctx, Grant base, Narrowing narrowing, std::string_view orgKey, Findings &out)
{
    // What Lambda wrote into the resource policy (responseElements.statement, JSON text) is exact:
    // read it as any policy when the call succeeded; the request says the same in its own words.
    if (auto statement = ctx.response ? json::str(*ctx.response, {"statement"}) : std::nullopt) {
        if (auto policy = ctx.parsers.parse("{\"Statement\":[" + std::string(*statement) + "]}")) {
            readPolicy(policy, "responseElements.statement", base, ctx.parsers, out.grants);
            return;
        }
    }
    const simdjson::dom::element req = *ctx.request;
    if (auto action = json::str(req, {"action"}))
        base.access = {std::string(*action)};
    if (auto sid = json::str(req, {"statementId"}))
        base.statementId = std::string(*sid);
    base.path = ctx.path("principal");
    if (auto org = json::str(req, {orgKey}))  // Lambda writes it into the statement as this condition
        narrowing.add("StringEquals", "aws:PrincipalOrgID", std::string(*org));
    if (auto principal = json::str(req, {"principal"}))
        addPrincipalGrants(base, *principal, narrowing, out.grants);
}

} // namespace

void detectLambdaPermission(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    const simdjson::dom::element req = *ctx.request;
    // The request's keys become these conditions of the function's policy (Lambda Developer
    // Guide, "Working with resource-based IAM policies in Lambda"); read as any policy's.
    Narrowing narrowing;
    if (auto source = json::str(req, {"sourceAccount"}))
        narrowing.add("StringEquals", "AWS:SourceAccount", std::string(*source));
    if (auto arn = json::str(req, {"sourceArn"}))
        narrowing.add("ArnLike", "AWS:SourceArn", std::string(*arn));
    if (auto auth = json::str(req, {"functionUrlAuthType"}))
        narrowing.add("StringEquals", "lambda:FunctionUrlAuthType", std::string(*auth));
    addPermission(ctx, ctx.base("LambdaFunction", json::str(req, {"functionName"})), std::move(narrowing), "principalOrgID", out);
}

void detectLambdaRemovePermission(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    auto sid = json::str(*ctx.request, {"statementId"});
    if (sid)
        out.revocations.push_back(Revocation::ofStatement("LambdaFunction", std::string(json::str(*ctx.request, {"functionName"}).value_or("")),
                                                          std::string(*sid)));
}

void detectLambdaLayerPermission(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    const simdjson::dom::element req = *ctx.request;
    std::string id(json::str(req, {"layerName"}).value_or(""));
    if (auto version = json::at(req, {"versionNumber"}))
        id += ':' + (version->type() == json::element_type::STRING ? std::string(version->get_string().value_unsafe())
                                                                    : simdjson::minify(*version));
    if (kusto::startsWithNoCase(ctx.eventName, "Remove")) {
        if (auto sid = json::str(req, {"statementId"}))
            out.revocations.push_back(Revocation::ofStatement("LambdaLayer", id, std::string(*sid)));
        return;
    }
    addPermission(ctx, ctx.base("LambdaLayer", std::string_view(id)), Narrowing{}, "organizationId", out);
}

void detectLambdaFunctionUrl(DetectContext &ctx, Findings &out)
{
    if (!ctx.request)
        return;
    auto auth = json::str(*ctx.request, {"authType"});
    Grant base = ctx.base("LambdaFunctionUrl", json::str(*ctx.request, {"functionName"}));
    if (!auth)
        return;
    if (*auth == "NONE") {  // anyone who knows the URL can invoke the function
        base.access = {"lambda:InvokeFunctionUrl"};
        base.path = ctx.path("authType");
        addPrincipalGrants(base, "*", Narrowing{}, out.grants);
        out.grants.back().grantee = "authType NONE";
    } else {
        out.revocations.push_back(Revocation::ofGrantee(base.resourceType, base.resourceId, "*"));
    }
}

} // namespace sharescope
