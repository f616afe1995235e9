#include "policy_reader.h"

#include "json_access.h"
#include "kusto_value.h"
#include "deny_statements.h"
#include "federation.h"
#include "principal.h"

namespace sharescope {

using json::element;
using json::element_type;

std::optional<element> TextParsers::parse(std::string_view text)
{
    if (m_used == m_parsers.size())
        m_parsers.emplace_back();
    element e;
    if (m_parsers[m_used].parse(text.data(), text.size(), true).get(e) != simdjson::SUCCESS)
        return std::nullopt;
    ++m_used;
    return e;
}

std::string urlDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1]))
            && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

namespace {

void actionsOf(element statement, std::vector<std::string> &access)
{
    json::forEachOne(json::at(statement, {"Action"}), [&](element a, int) {
        if (auto s = json::str(a))
            access.emplace_back(*s);
    });
    json::forEachOne(json::at(statement, {"NotAction"}), [&](element a, int) {
        if (auto s = json::str(a))
            access.push_back("all except " + std::string(*s));
    });
}

void readStatement(element statement, const std::string &path, const Grant &base, const std::vector<DenyStatement> &denies,
                   std::vector<Grant> &out)
{
    auto effect = json::str(statement, {"Effect"});
    if (!effect || !kusto::equalsNoCase(*effect, "Allow"))
        return;
    const size_t first = out.size();
    Grant g = base;
    g.via = "policy";
    actionsOf(statement, g.access);
    if (auto sid = json::str(statement, {"Sid"}))
        g.statementId = std::string(*sid);
    const Narrowing narrowing = readConditions(json::at(statement, {"Condition"}));

    auto principals = [&](std::optional<element> principal, const std::string &at, bool negated) {
        if (!principal)
            return;
        if (principal->type() == element_type::STRING) {  // "Principal": "*"
            g.path = at;
            addPrincipalGrants(g, negated ? "*" : principal->get_string().value_unsafe(), narrowing, out);
            return;
        }
        if (principal->type() != element_type::OBJECT)
            return;
        for (auto field : principal->get_object()) {
            json::forEachOne(field.value, [&](element v, int i) {
                auto s = json::str(v);
                if (!s)
                    return;
                g.path = json::indexed(at + '.' + std::string(field.key), i);
                if (!negated && field.key == "Federated" && isOpenFederation(*s, narrowing)) {
                    // Anyone who can get a token from this identity provider: public.
                    Grant open = g;
                    open.kind = GranteeKind::Public;
                    open.account.assign(1, '*');
                    open.grantee = std::string(*s);
                    open.isPublic = true;
                    open.conditions = narrowing.described;
                    out.push_back(std::move(open));
                    return;
                }
                if (field.key == "Federated" && !kusto::startsWithNoCase(*s, "arn:"))
                    return;  // a web identity provider limited by audience or subject: no account to name
                // Allow with NotPrincipal grants everyone but the named: treat it as everyone.
                addPrincipalGrants(g, negated ? "*" : *s, narrowing, out);
            });
            if (negated)
                break;
        }
    };
    principals(json::at(statement, {"Principal"}), path + ".Principal", false);
    principals(json::at(statement, {"NotPrincipal"}), path + ".NotPrincipal", true);
    // The policy's Denies narrow what they cover of this statement, and nothing else.
    applyDenies(denies, StatementScope::of(statement), out, first);
}

} // namespace

PolicyRead readPolicy(std::optional<element> value, const std::string &path, const Grant &base, TextParsers &parsers,
                      std::vector<Grant> &out)
{
    PolicyRead read;
    if (!value || value->type() == element_type::NULL_VALUE)
        return read;
    read.present = true;
    auto cannot = [&](std::string reason) {
        Grant g = base;
        g.kind = GranteeKind::Unknown;
        g.cannotEvaluate = std::move(reason);
        g.path = path;
        out.push_back(std::move(g));
    };
    element policy = *value;
    if (value->type() == element_type::STRING) {
        std::string_view text = value->get_string().value_unsafe();
        if (text.empty()) {
            read.removed = read.readable = true;
            return read;
        }
        if (text.find("HIDDEN_DUE_TO_SECURITY_REASONS") != std::string_view::npos) {
            cannot("the policy is hidden in the log (HIDDEN_DUE_TO_SECURITY_REASONS)");
            return read;
        }
        std::optional<element> parsed = parsers.parse(text);
        if (!parsed && text.find('%') != std::string_view::npos)
            parsed = parsers.parse(urlDecode(text));  // CreateRole echoes its policy URL-encoded
        if (!parsed) {
            cannot("the policy text is not valid JSON");
            return read;
        }
        policy = *parsed;
    }
    if (policy.type() != element_type::OBJECT) {
        cannot("the policy is not a JSON object");
        return read;
    }
    read.readable = true;
    const size_t before = out.size();
    std::optional<element> statements = json::at(policy, {"Statement"});
    if (statements && statements->type() == element_type::STRING) {  // "Statement": "HIDDEN_DUE_TO_SECURITY_REASONS"
        cannot("the policy's statements are hidden or not JSON objects");
        return read;
    }
    const std::vector<DenyStatement> denies = readDenies(policy);
    json::forEachOne(statements, [&](element statement, int i) {
        if (statement.type() == element_type::OBJECT)
            readStatement(statement, json::indexed(path + ".Statement", i), base, denies, out);
    });
    for (size_t k = before; k < out.size(); ++k)
        read.accounts.push_back(grantKey(out[k]));
    return read;
}

void addReplacement(const PolicyRead &read, const Grant &base, std::vector<Revocation> &out)
{
    if (read.present && read.readable) {
        out.push_back(Revocation::policyReplaced(base.resourceType, base.resourceId, read.accounts));
        out.back().accountWide = base.accountWide;
    }
}

} // namespace sharescope
