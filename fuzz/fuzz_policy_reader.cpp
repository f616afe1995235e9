// The policy reader over any JSON value, and over any text given as a policy
// string (JSON text, URL-encoded or neither): grants out, never a crash.
#include "alert_format.h"
#include "policy_reader.h"

#include <simdjson.h>

#include <cstdint>
#include <string>

using namespace sharescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    TextParsers parsers;
    std::vector<Grant> grants;
    std::vector<Revocation> revocations;
    const Grant base;

    simdjson::dom::parser parser;
    simdjson::dom::element value;
    if (parser.parse(text.data(), text.size(), true).get(value) == simdjson::SUCCESS) {
        const PolicyRead read = readPolicy(value, "policy", base, parsers, grants);
        addReplacement(read, base, revocations);
    }
    // The same bytes as the text of a policy string, as requestParameters often hold it.
    std::string quoted;
    appendJsonString(quoted, text);
    simdjson::dom::parser stringParser;
    if (stringParser.parse(quoted).get(value) == simdjson::SUCCESS) {
        const PolicyRead read = readPolicy(value, "policy", base, parsers, grants);
        addReplacement(read, base, revocations);
    }
    urlDecode(text);
    return 0;
}
