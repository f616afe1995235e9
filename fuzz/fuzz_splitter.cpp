// The SIMD splitter against simdjson: when simdjson reads the input as an array of
// objects and arrays, the splitter must find exactly its elements (each span parses
// to the same value) and the closing bracket; and on any input it never reads out
// of bounds nor hands out a span outside the buffer. Where the CPU has them, the AVX2
// and AVX-512 kernels must split every input exactly as the SSE2 baseline does.
#include "element_splitter.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sharescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    size_t open = 0;
    while (open < size && detail::isJsonSpace(bytes[open]))
        ++open;
    std::vector<std::pair<size_t, size_t>> spans;
    const SplitResult r = splitElementsSse2(bytes, size, open < size ? open + 1 : size, Separator::Comma, SplitFlags{},
                                            [&](size_t s, size_t e) {
                                                if (s >= e || e > size)
                                                    std::abort();
                                                spans.emplace_back(s, e);
                                                return true;
                                            });
    if (detail::cpuHasAvx2Kernel()) {
        std::vector<std::pair<size_t, size_t>> wide;
        const SplitResult w = splitElementsAvx2(bytes, size, open < size ? open + 1 : size, Separator::Comma, SplitFlags{},
                                                [&](size_t s, size_t e) {
                                                    wide.emplace_back(s, e);
                                                    return true;
                                                });
        if (wide != spans || w.status != r.status || w.position != r.position)
            std::abort();
    }
    if (detail::cpuHasAvx512Kernel()) {
        std::vector<std::pair<size_t, size_t>> wide;
        const SplitResult w = splitElementsAvx512(bytes, size, open < size ? open + 1 : size, Separator::Comma, SplitFlags{},
                                                  [&](size_t s, size_t e) {
                                                      wide.emplace_back(s, e);
                                                      return true;
                                                  });
        if (wide != spans || w.status != r.status || w.position != r.position)
            std::abort();
    }
    splitElements(bytes, size, 0, Separator::Whitespace, SplitFlags{}, [&](size_t s, size_t e) {
        if (s >= e || e > size)
            std::abort();
        return true;
    });

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (open >= size || bytes[open] != '[' || parser.parse(bytes, size, true).get(doc) != simdjson::SUCCESS
        || doc.type() != simdjson::dom::element_type::ARRAY)
        return 0;
    std::vector<std::string> expected;
    for (simdjson::dom::element item : doc.get_array()) {
        if (item.type() != simdjson::dom::element_type::OBJECT && item.type() != simdjson::dom::element_type::ARRAY)
            return 0;  // scalars are the reader's business ("not a JSON object")
        expected.push_back(simdjson::minify(item));
    }
    if (r.status != SplitResult::Status::ClosingBracket || spans.size() != expected.size())
        std::abort();
    simdjson::dom::parser spanParser;
    for (size_t i = 0; i < spans.size(); ++i) {
        simdjson::dom::element value;
        if (spanParser.parse(bytes + spans[i].first, spans[i].second - spans[i].first, true).get(value) != simdjson::SUCCESS
            || simdjson::minify(value) != expected[i])
            std::abort();
    }
    return 0;
}
