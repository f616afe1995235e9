#include "prefilter.h"

#include "element_splitter.h"

#include <emmintrin.h>

#include <cstring>

namespace sharescope {

namespace {

constexpr std::string_view kKeyTail = "ventName\"";  // matches "eventName" and "EventName"

// Finds kKeyTail by its 'N' and 'm' (rare in CloudTrail JSON, and two bytes apart),
// sixteen positions at a time, then confirms the whole key.
const char *findKeyTail(const char *p, const char *end)
{
    constexpr size_t nAt = 4, mAt = 6;
    const __m128i upperN = _mm_set1_epi8('N'), lowerM = _mm_set1_epi8('m');
    while (p + 16 + kKeyTail.size() <= end) {
        __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + nAt));
        __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + mAt));
        unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, upperN), _mm_cmpeq_epi8(b, lowerM))));
        while (hits) {
            unsigned i = static_cast<unsigned>(__builtin_ctz(hits));
            if (std::memcmp(p + i, kKeyTail.data(), kKeyTail.size()) == 0)
                return p + i;
            hits &= hits - 1;
        }
        p += 16;
    }
    for (; p + kKeyTail.size() <= end; ++p)
        if (std::memcmp(p, kKeyTail.data(), kKeyTail.size()) == 0)
            return p;
    return nullptr;
}

} // namespace

RecordKind classifyRecord(const char *begin, const char *end, NameFilter wanted)
{
    RecordKind kind = RecordKind::NotAnEvent;
    for (const char *p = begin; (p = findKeyTail(p, end)) != nullptr; p += kKeyTail.size()) {
        if (p == begin || (p[-1] != 'e' && p[-1] != 'E'))
            continue;
        const char *q = p + kKeyTail.size();
        while (q < end && detail::isJsonSpace(*q))
            ++q;
        if (q >= end || *q != ':')
            continue;  // a string value "...eventName" rather than a key
        kind = RecordKind::Ordinary;
        ++q;
        while (q < end && detail::isJsonSpace(*q))
            ++q;
        if (q >= end || *q != '"')
            return RecordKind::Candidate;  // not a plain string: let the parser decide
        ++q;
        char lower[128];
        size_t n = 0;
        for (; q < end && *q != '"'; ++q) {
            if (*q == '\\' || n == sizeof lower)
                return RecordKind::Candidate;
            char c = *q;
            lower[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        }
        if (wanted(std::string_view(lower, n)))
            return RecordKind::Candidate;
    }
    return kind;
}

} // namespace sharescope
