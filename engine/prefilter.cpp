#include "prefilter.h"

#include "element_splitter.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace sharescope {

namespace {

// The name keys of the formats (event_format.h) in precedence order: "eventName",
// "EventName", "eventname". All end in "ventName\"" or "ventname\"".
constexpr std::string_view kKeyTail = "ventName\"";
constexpr size_t kCaseAt = 4;  // the one byte where the tails differ

bool isKeyTail(const char *p)
{
    return std::memcmp(p, kKeyTail.data(), kCaseAt) == 0 && (p[kCaseAt] == 'N' || p[kCaseAt] == 'n')
        && std::memcmp(p + kCaseAt + 1, kKeyTail.data() + kCaseAt + 1, kKeyTail.size() - kCaseAt - 1) == 0;
}

// The splitter's kernels (element_splitter.h), each with a search for the key tail by
// its 'N' or 'n' and the 'm' two bytes later (rare together in CloudTrail JSON), at
// kStride start positions at a time.
constexpr size_t kMAt = 6;

struct Sse2Prefilter : detail::Sse2Kernel {
    static constexpr size_t kStride = 16;
    static uint32_t keyTailHits(const char *p)
    {
        const __m128i upperN = _mm_set1_epi8('N'), lowerN = _mm_set1_epi8('n'), lowerM = _mm_set1_epi8('m');
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + kCaseAt));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + kMAt));
        const __m128i n = _mm_or_si128(_mm_cmpeq_epi8(a, upperN), _mm_cmpeq_epi8(a, lowerN));
        return static_cast<uint32_t>(_mm_movemask_epi8(_mm_and_si128(n, _mm_cmpeq_epi8(b, lowerM))));
    }
};

struct Avx2Prefilter : detail::Avx2Kernel {
    static constexpr size_t kStride = 32;
    [[gnu::target("avx2")]] static uint32_t keyTailHits(const char *p)
    {
        const __m256i upperN = _mm256_set1_epi8('N'), lowerN = _mm256_set1_epi8('n'), lowerM = _mm256_set1_epi8('m');
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + kCaseAt));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + kMAt));
        const __m256i n = _mm256_or_si256(_mm256_cmpeq_epi8(a, upperN), _mm256_cmpeq_epi8(a, lowerN));
        return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_and_si256(n, _mm256_cmpeq_epi8(b, lowerM))));
    }
};

struct Avx512Prefilter : detail::Avx512Kernel {
    static constexpr size_t kStride = 64;
    [[gnu::target("avx512f,avx512bw")]] static uint64_t keyTailHits(const char *p)
    {
        const __m512i a = _mm512_loadu_si512(p + kCaseAt), b = _mm512_loadu_si512(p + kMAt);
        return (_mm512_cmpeq_epi8_mask(a, _mm512_set1_epi8('N')) | _mm512_cmpeq_epi8_mask(a, _mm512_set1_epi8('n')))
            & _mm512_cmpeq_epi8_mask(b, _mm512_set1_epi8('m'));
    }
};

// Finds the next key tail, confirming each candidate position whole.
template <class Kernel>
[[gnu::always_inline]] inline const char *findKeyTail(const char *p, const char *end)
{
    while (p + Kernel::kStride + kKeyTail.size() <= end) {
        for (uint64_t hits = Kernel::keyTailHits(p); hits; hits &= hits - 1) {
            const unsigned i = static_cast<unsigned>(__builtin_ctzll(hits));
            if (isKeyTail(p + i))
                return p + i;
        }
        p += Kernel::kStride;
    }
    for (; p + kKeyTail.size() <= end; ++p)
        if (isKeyTail(p))
            return p;
    return nullptr;
}

// Whether `needle` occurs in [begin, end): candidates are found by two of its bytes (at
// `i` and `j`, chosen rare in CloudTrail JSON), sixteen start positions at a time, then
// confirmed. The last block is moved back to end at the last start (overlapping the one
// before), so that no position is tried one by one.
bool containsText(const char *begin, const char *end, std::string_view needle, size_t i, size_t j)
{
    const size_t n = needle.size();
    if (static_cast<size_t>(end - begin) < n)
        return false;
    const char *last = end - n;  // the last start position
    if (static_cast<size_t>(last - begin) < 16) {
        for (const char *p = begin; p <= last; ++p)
            if (p[i] == needle[i] && p[j] == needle[j] && std::memcmp(p, needle.data(), n) == 0)
                return true;
        return false;
    }
    const __m128i first = _mm_set1_epi8(needle[i]), second = _mm_set1_epi8(needle[j]);
    for (const char *p = begin;; p += 16) {
        if (p > last - 15)
            p = last - 15;  // starts p..p+15 all end before `end`; loads stay inside it
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + j));
        unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second))));
        while (hits) {
            if (std::memcmp(p + __builtin_ctz(hits), needle.data(), n) == 0)
                return true;
            hits &= hits - 1;
        }
        if (p == last - 15)
            return false;
    }
}

// The signs of a call from outside the account (UseInterest::CrossAccount, prefilter.h):
// a sharedEventID near the end, unless the caller before the name is an AWS service (it
// acts for the account itself, and names no account of its own), or an anonymous caller.
bool showsCrossAccountCall(const char *begin, const char *end, const char *nameKey)
{
    constexpr std::string_view shared = "\"sharedEventID\"", anonymous = "\"anonymous\"", service = "\"AWSService\"";
    const char *tail = end - std::min<size_t>(kUseMarkerTail, static_cast<size_t>(end - begin));
    if (containsText(tail, end, shared, 7, 8))                 // its "Ev"
        return !containsText(begin, nameKey, service, 3, 4);   // its "SS"
    // CloudTrail writes userIdentity first, and an anonymous caller's is short.
    return containsText(begin, std::min(nameKey, begin + kAnonymousHead), anonymous, 5, 6);  // its "ym"
}

// The precedence of the name key whose tail is at `p` (0 wins), or -1 when it is none.
int keyRank(const char *begin, const char *p)
{
    if (p - begin < 2 || p[-2] != '"')
        return -1;
    const char first = p[-1], caseByte = p[kCaseAt];
    if (first == 'e' && caseByte == 'N')
        return 0;  // CloudTrail
    if (first == 'E' && caseByte == 'N')
        return 1;  // Sentinel
    if (first == 'e' && caseByte == 'n')
        return 2;  // Athena
    return -1;
}

// Where a key starting at `quote` sits in the record that starts at `begin` (its '{'):
// walks the 64-byte blocks before it with the splitter's masks, tracking strings and depth.
struct KeyPlace {
    bool topLevel = false;       // an opening quote outside strings, directly inside the record
    bool backslashBefore = false;  // some escape precedes it: an escaped key could hide there
};

template <class Kernel>
[[gnu::always_inline]] inline KeyPlace placeOf(const char *begin, const char *end, const char *quote)
{
    KeyPlace place;
    int64_t depth = 0;
    uint64_t escapeCarry = 0, inStringCarry = 0;
    alignas(16) char tail[64];
    const size_t target = static_cast<size_t>(quote - begin);
    for (size_t base = 0;; base += 64) {
        const char *block = begin + base;
        const size_t avail = static_cast<size_t>(end - block);
        if (avail < 64) {
            std::memset(tail, ' ', sizeof tail);
            std::memcpy(tail, block, avail);
            block = tail;
        }
        const detail::BlockMasks m = Kernel::classify(block);
        const uint64_t quotes = m.quote & ~detail::escapedBits(m.backslash, escapeCarry);
        const uint64_t inString = Kernel::prefixXor(quotes) ^ inStringCarry;
        inStringCarry = 0 - (inString >> 63);
        const bool last = target < base + 64;
        const unsigned k = static_cast<unsigned>(target - base);
        const uint64_t below = last ? (uint64_t(1) << k) - 1 : ~uint64_t(0);
        if (m.backslash & below)
            place.backslashBefore = true;
        depth += Kernel::popcount(m.open & ~inString & below) - Kernel::popcount(m.close & ~inString & below);
        if (last) {
            place.topLevel = depth == 1 && (quotes >> k & 1) && (inString >> k & 1);
            return place;
        }
    }
}

// The plain string value after the key whose tail ends at `q`, lower-cased into `lower`;
// false when it is not a plain short string (let the parser decide).
bool readPlainName(const char *q, const char *end, char (&lower)[128], size_t &n)
{
    while (q < end && detail::isJsonSpace(*q))
        ++q;
    if (q >= end || *q != '"')
        return false;
    ++q;
    n = 0;
    for (; q < end && *q != '"'; ++q) {
        if (*q == '\\' || static_cast<unsigned char>(*q) < 0x20 || n == sizeof lower)
            return false;
        const char c = *q;
        lower[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return q < end;
}

template <class Kernel>
[[gnu::always_inline]] inline RecordKind classifyWith(const char *begin, const char *end, NameFilter wanted, UseFilter uses)
{
    // The parser reads the record's own top-level name key of the first format that has
    // one (event_format.h: "eventName", then Sentinel's "EventName", then Athena's
    // "eventname"); keys of the same name deeper in the record (a request that mentions
    // one) must neither hide nor raise it. Only the first top-level key of each spelling
    // counts, as for the parser.
    constexpr int kRanks = 3;
    const char *valueAt[kRanks] = {};  // the byte after each key's closing quote
    bool unsure = false;
    for (const char *p = begin; (p = findKeyTail<Kernel>(p, end)) != nullptr; p += kKeyTail.size()) {
        const int rank = keyRank(begin, p);
        if (rank < 0 || valueAt[rank])
            continue;
        const char *q = p + kKeyTail.size();
        while (q < end && detail::isJsonSpace(*q))
            ++q;
        if (q >= end || *q != ':')
            continue;  // a string value "...eventName" rather than a key
        const KeyPlace place = placeOf<Kernel>(begin, end, p - 2);
        if (!place.topLevel)
            continue;
        // An escape before the key could spell another name key the parser would meet first.
        unsure = unsure || place.backslashBefore;
        valueAt[rank] = q + 1;
        if (rank == 0)
            break;  // "eventName" wins wherever it is
    }
    int winner = 0;
    while (winner < kRanks && !valueAt[winner])
        ++winner;
    if (winner == kRanks) {
        // No plain top-level key: a wrapper, an envelope, an OCSF record (its name is nested),
        // or a key spelled with escapes. Parse it.
        return RecordKind::NotAnEvent;
    }
    // A key of lower precedence won: an escaped key of higher precedence anywhere would take its place.
    if (unsure || (winner > 0 && std::memchr(begin, '\\', static_cast<size_t>(end - begin))))
        return RecordKind::Candidate;
    char lower[128];
    size_t n = 0;
    if (!readPlainName(valueAt[winner], end, lower, n))
        return RecordKind::Candidate;
    const std::string_view name(lower, n);
    if (wanted(name))
        return RecordKind::Candidate;
    switch (uses ? uses(name) : UseInterest::None) {
    case UseInterest::None: return RecordKind::Ordinary;
    case UseInterest::Always: return RecordKind::Candidate;
    case UseInterest::CrossAccount:
        // Another format's keys (winner > 0) are not in CloudTrail's order: parse it.
        return winner > 0 || showsCrossAccountCall(begin, end, valueAt[0]) ? RecordKind::Candidate : RecordKind::Ordinary;
    }
    return RecordKind::Ordinary;
}

RecordKind classifySse2(const char *begin, const char *end, NameFilter wanted, UseFilter uses)
{
    return classifyWith<Sse2Prefilter>(begin, end, wanted, uses);
}

[[gnu::target("avx2,bmi,bmi2,popcnt,pclmul")]] RecordKind classifyAvx2(const char *begin, const char *end, NameFilter wanted,
                                                                     UseFilter uses)
{
    return classifyWith<Avx2Prefilter>(begin, end, wanted, uses);
}

[[gnu::target("avx512f,avx512bw,avx2,bmi,bmi2,popcnt,pclmul")]] RecordKind classifyAvx512(const char *begin, const char *end,
                                                                                       NameFilter wanted, UseFilter uses)
{
    return classifyWith<Avx512Prefilter>(begin, end, wanted, uses);
}

} // namespace

RecordKind classifyRecord(const char *begin, const char *end, NameFilter wanted, UseFilter uses)
{
    switch (detail::splitterKernel()) {
    case detail::SplitterKernel::Avx512: return classifyAvx512(begin, end, wanted, uses);
    case detail::SplitterKernel::Avx2: return classifyAvx2(begin, end, wanted, uses);
    case detail::SplitterKernel::Sse2: break;
    }
    return classifySse2(begin, end, wanted, uses);
}

} // namespace sharescope
