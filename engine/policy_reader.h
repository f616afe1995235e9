#pragma once
// One reader for every resource policy, whether it arrives as a JSON object or as
// JSON text (plain or URL-encoded): statements (one object or an array), Allow
// effects, every Principal form, NotPrincipal, conditions and actions.

#include "grant.h"

#include <simdjson.h>

#include <deque>
#include <optional>
#include <string>

namespace sharescope {

// Parses JSON text found inside an event; the documents live until reset().
class TextParsers {
public:
    std::optional<simdjson::dom::element> parse(std::string_view text);
    void reset() { m_used = 0; }

private:
    std::deque<simdjson::dom::parser> m_parsers;
    size_t m_used = 0;
};

// What the reader saw, so that a replacing policy can revoke grants it no longer holds.
struct PolicyRead {
    bool present = false;     // a policy was given (possibly empty: removed)
    bool removed = false;     // an empty policy: every earlier grant is gone
    bool readable = false;    // removed, or parsed: only then does it say who lost access
    std::vector<std::string> accounts;  // who the policy grants to, after reading
};

// Reads the policy `value` (at JSON `path` in the event) and appends grants built on `base`.
// A hidden or unreadable policy gives one grant with cannotEvaluate set.
PolicyRead readPolicy(std::optional<simdjson::dom::element> value, const std::string &path, const Grant &base,
                      TextParsers &parsers, std::vector<Grant> &out);

// The revocation a replacing policy implies, or none when it could not be read
// (an unreadable policy may well still hold the grant).
void addReplacement(const PolicyRead &read, const Grant &base, std::vector<Revocation> &out);
std::string urlDecode(std::string_view s);

} // namespace sharescope
