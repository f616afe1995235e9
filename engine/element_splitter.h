#pragma once
// Finds the values that sit directly inside a JSON array (or one after another at
// the top level, as in JSON lines) without parsing them. It tracks only strings
// and bracket depth, 64 bytes at a time, so that the records that cannot matter are
// skipped at memory speed; the few that matter are parsed afterwards. It checks the
// structure between values (separators, balance, truncation), not the grammar inside
// them.
//
// Three kernels do the same work: SSE2 (the x86-64 baseline, so the binary runs on any
// x86-64), AVX2 with POPCNT, BMI2 and PCLMUL, and AVX-512 (F and BW: one 64-byte compare
// straight to a mask per class), the best the CPU has chosen at run time (GCC target
// attributes; the binary never requires them). tst_splitter and fuzz_splitter check that
// they give the same splits.

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace sharescope {

struct SplitResult {
    enum class Status {
        EndOfInput,      // reached the end of the buffer between values
        ClosingBracket,  // met the bracket that closes the enclosing array; position = its offset
        StoppedEarly,    // the callback asked to stop, or stopAfterOne; position = end of the last value
        Truncated,       // the input ends inside a value or a string; position = start of that value
        BadSeparator,    // something other than whitespace (and one comma) between values; position = that byte
        NeedMoreInGap,   // (partial input) ended between values; resume at position with afterElement = true
        NeedMoreInValue, // (partial input) ended inside the value that starts at position; resume there
    };
    Status status;
    size_t position;
};

namespace detail {

struct BlockMasks {
    uint64_t quote, backslash, open, close;
};

inline uint64_t movemask64(__m128i a, __m128i b, __m128i c, __m128i d)
{
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(a)))
        | static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(b))) << 16
        | static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(c))) << 32
        | static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(d))) << 48;
}

[[gnu::always_inline]] inline BlockMasks classify(const char *p)
{
    __m128i v[4];
    for (int i = 0; i < 4; ++i)
        v[i] = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * i));
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    // '{' and '[' differ only in bit 0x20, as do '}' and ']': one compare finds each pair.
    const __m128i bit20 = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
    __m128i f[4];
    for (int i = 0; i < 4; ++i)
        f[i] = _mm_or_si128(v[i], bit20);
    BlockMasks m;
    m.quote = movemask64(_mm_cmpeq_epi8(v[0], quote), _mm_cmpeq_epi8(v[1], quote), _mm_cmpeq_epi8(v[2], quote), _mm_cmpeq_epi8(v[3], quote));
    m.backslash = movemask64(_mm_cmpeq_epi8(v[0], backslash), _mm_cmpeq_epi8(v[1], backslash), _mm_cmpeq_epi8(v[2], backslash), _mm_cmpeq_epi8(v[3], backslash));
    m.open = movemask64(_mm_cmpeq_epi8(f[0], open), _mm_cmpeq_epi8(f[1], open), _mm_cmpeq_epi8(f[2], open), _mm_cmpeq_epi8(f[3], open));
    m.close = movemask64(_mm_cmpeq_epi8(f[0], close), _mm_cmpeq_epi8(f[1], close), _mm_cmpeq_epi8(f[2], close), _mm_cmpeq_epi8(f[3], close));
    return m;
}

// Bits of the characters escaped by a backslash: those that follow an odd-length
// run of backslashes. Runs may cross blocks; `carry` is 1 when the next block's
// first character is escaped. (The add-with-carry trick of Langdale & Lemire.)
inline uint64_t escapedBits(uint64_t backslash, uint64_t &carry)
{
    if (!backslash) {
        uint64_t escaped = carry;
        carry = 0;
        return escaped;
    }
    constexpr uint64_t even = 0x5555555555555555ULL;
    backslash &= ~carry;  // an escaped backslash starts no run
    const uint64_t followsBackslash = (backslash << 1) | carry;
    const uint64_t oddRunStarts = backslash & ~even & ~followsBackslash;
    uint64_t runsFromEven;
    carry = __builtin_add_overflow(oddRunStarts, backslash, &runsFromEven) ? 1 : 0;
    return (even ^ (runsFromEven << 1)) & followsBackslash;
}

// Bit i set when an odd number of bits at or below i are set: "inside a string".
inline uint64_t prefixXor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

// Bits set in x. Without -mpopcnt (the x86-64 baseline has no POPCNT) the builtin is a
// call into libgcc; this inline form is a dozen instructions.
inline int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

inline bool isJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The x86-64 baseline.
struct Sse2Kernel {
    static BlockMasks classify(const char *p) { return detail::classify(p); }
    static uint64_t prefixXor(uint64_t x) { return detail::prefixXor(x); }
    static int popcount(uint64_t x) { return popcount64(x); }
};

// Two 32-byte compares per class instead of four 16-byte ones, one POPCNT instruction,
// and the "inside a string" prefix XOR as one carry-less multiply by all ones.
struct Avx2Kernel {
    [[gnu::target("avx2")]] static uint64_t movemask64(__m256i lo, __m256i hi)
    {
        return static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(lo)))
            | static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(hi))) << 32;
    }
    [[gnu::target("avx2")]] static BlockMasks classify(const char *p)
    {
        const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
        const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + 32));
        const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
        const __m256i bit20 = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{'), close = _mm256_set1_epi8('}');
        const __m256i foldedLo = _mm256_or_si256(lo, bit20), foldedHi = _mm256_or_si256(hi, bit20);
        BlockMasks m;
        m.quote = movemask64(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote));
        m.backslash = movemask64(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash));
        m.open = movemask64(_mm256_cmpeq_epi8(foldedLo, open), _mm256_cmpeq_epi8(foldedHi, open));
        m.close = movemask64(_mm256_cmpeq_epi8(foldedLo, close), _mm256_cmpeq_epi8(foldedHi, close));
        return m;
    }
    [[gnu::target("pclmul,sse2")]] static uint64_t prefixXor(uint64_t x)
    {
        const __m128i all = _mm_set1_epi8(static_cast<char>(0xFF));
        return static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), all, 0)));
    }
    [[gnu::target("popcnt")]] static int popcount(uint64_t x) { return __builtin_popcountll(x); }
};

// The whole 64-byte block in one register: each class is one compare into a mask.
struct Avx512Kernel : Avx2Kernel {
    [[gnu::target("avx512f,avx512bw")]] static BlockMasks classify(const char *p)
    {
        const __m512i v = _mm512_loadu_si512(p);
        const __m512i folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
        BlockMasks m;
        m.quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
        m.backslash = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
        m.open = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{'));
        m.close = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}'));
        return m;
    }
};

enum class SplitterKernel { Sse2, Avx2, Avx512 };

// The kernel splitElements() uses: the best the CPU has, or a lesser one that
// SHARESCOPE_SPLITTER (sse2, avx2) asks for, to compare them in one binary. Chosen once.
inline SplitterKernel splitterKernel()
{
    static const SplitterKernel kernel = [] {
        const char *asked = std::getenv("SHARESCOPE_SPLITTER");
        if (asked && std::strcmp(asked, "sse2") == 0)
            return SplitterKernel::Sse2;
        if (!(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt")
              && __builtin_cpu_supports("pclmul")))
            return SplitterKernel::Sse2;
        if ((asked && std::strcmp(asked, "avx2") == 0) || !(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")))
            return SplitterKernel::Avx2;
        return SplitterKernel::Avx512;
    }();
    return kernel;
}

// Whether the AVX2 (and AVX-512) kernels may run here, for tests that compare kernels.
inline bool cpuHasAvx2Kernel() { return splitterKernel() != SplitterKernel::Sse2; }
inline bool cpuHasAvx512Kernel() { return splitterKernel() == SplitterKernel::Avx512; }

} // namespace detail

enum class Separator { Comma, Whitespace };

// How a split continues: `partial` when more input follows the buffer (a stream
// read in chunks), `afterElement` when resuming in the gap after a value.
struct SplitFlags {
    bool stopAfterOne = false;
    bool partial = false;
    bool afterElement = false;
};

namespace detail {

// The walk itself, inlined into each kernel's entry point below so that it is compiled
// for that kernel's instruction set.
template <class Kernel, class OnElement>
[[gnu::always_inline]] inline SplitResult splitWith(const char *data, size_t size, size_t begin, Separator sep, SplitFlags flags,
                                                    OnElement &onElement)
{
    using Status = SplitResult::Status;
    int64_t depth = 0;
    uint64_t escapeCarry = 0, inStringCarry = 0;
    size_t elementStart = 0, gapStart = begin;
    bool seenElement = flags.afterElement;

    // The bytes between two values: whitespace, plus exactly one comma in an array
    // (none before the first value or after the last). Returns the offending offset.
    auto checkGap = [&](size_t from, size_t to, bool beforeValue) -> size_t {
        size_t comma = SIZE_MAX;
        for (size_t i = from; i < to; ++i) {
            const char c = data[i];
            if (isJsonSpace(c))
                continue;
            if (c == ',' && sep == Separator::Comma && seenElement && comma == SIZE_MAX) {
                comma = i;
                continue;
            }
            return i;
        }
        if (sep == Separator::Comma && seenElement) {
            if (beforeValue && comma == SIZE_MAX)
                return to;
            if (!beforeValue && comma != SIZE_MAX)
                return comma;
        }
        return SIZE_MAX;
    };

    alignas(16) char tail[64];
    for (size_t base = begin; base < size; base += 64) {
        const char *block = data + base;
        const size_t avail = size - base;
        if (avail < 64) {
            std::memset(tail, ' ', sizeof tail);
            std::memcpy(tail, block, avail);
            block = tail;
        }
        detail::BlockMasks m = Kernel::classify(block);
        const uint64_t quotes = m.quote & ~escapedBits(m.backslash, escapeCarry);
        const uint64_t inString = Kernel::prefixXor(quotes) ^ inStringCarry;
        inStringCarry = 0 - (inString >> 63);
        uint64_t open = m.open & ~inString, close = m.close & ~inString;
        if (avail < 64) {
            const uint64_t valid = (uint64_t(1) << avail) - 1;
            open &= valid;
            close &= valid;
        }
        const int closes = Kernel::popcount(close);
        if (depth > closes) {  // no value can end (or start) in this block
            depth += Kernel::popcount(open) - closes;
            continue;
        }
        for (uint64_t bits = open | close; bits; bits &= bits - 1) {
            const unsigned bit = static_cast<unsigned>(__builtin_ctzll(bits));
            const size_t at = base + bit;
            if (open >> bit & 1) {
                if (depth++ == 0) {
                    if (size_t bad = checkGap(gapStart, at, true); bad != SIZE_MAX)
                        return {Status::BadSeparator, bad};
                    elementStart = at;
                }
            } else if (depth == 0) {
                if (size_t bad = checkGap(gapStart, at, false); bad != SIZE_MAX)
                    return {Status::BadSeparator, bad};
                return {Status::ClosingBracket, at};
            } else if (--depth == 0) {
                seenElement = true;
                gapStart = at + 1;
                if (!onElement(elementStart, at + 1) || flags.stopAfterOne)
                    return {Status::StoppedEarly, at + 1};
            }
        }
    }
    if (flags.partial)
        return depth > 0 || inStringCarry ? SplitResult{Status::NeedMoreInValue, depth > 0 ? elementStart : gapStart}
                                          : SplitResult{Status::NeedMoreInGap, gapStart};
    if (depth > 0 || inStringCarry)
        return {Status::Truncated, depth > 0 ? elementStart : gapStart};
    if (size_t bad = checkGap(gapStart, size, false); bad != SIZE_MAX)
        return {Status::BadSeparator, bad};
    return {Status::EndOfInput, size};
}

} // namespace detail

// Each kernel on its own; splitElements() chooses.
template <class OnElement>
SplitResult splitElementsSse2(const char *data, size_t size, size_t begin, Separator sep, SplitFlags flags, OnElement &&onElement)
{
    return detail::splitWith<detail::Sse2Kernel>(data, size, begin, sep, flags, onElement);
}

template <class OnElement>
[[gnu::target("avx2,bmi,bmi2,popcnt,pclmul")]] SplitResult splitElementsAvx2(const char *data, size_t size, size_t begin, Separator sep,
                                                                               SplitFlags flags, OnElement &&onElement)
{
    return detail::splitWith<detail::Avx2Kernel>(data, size, begin, sep, flags, onElement);
}

template <class OnElement>
[[gnu::target("avx512f,avx512bw,avx2,bmi,bmi2,popcnt,pclmul")]] SplitResult splitElementsAvx512(const char *data, size_t size, size_t begin,
                                                                                               Separator sep, SplitFlags flags,
                                                                                               OnElement &&onElement)
{
    return detail::splitWith<detail::Avx512Kernel>(data, size, begin, sep, flags, onElement);
}

// Walks from `begin` (just after an array's '[' for Separator::Comma, or at the top
// level for Separator::Whitespace) and calls onElement(start, end) — end exclusive —
// for each object or array value met at depth 0. onElement returns false to stop.
template <class OnElement>
SplitResult splitElements(const char *data, size_t size, size_t begin, Separator sep, SplitFlags flags, OnElement &&onElement)
{
    switch (detail::splitterKernel()) {
    case detail::SplitterKernel::Avx512: return splitElementsAvx512(data, size, begin, sep, flags, onElement);
    case detail::SplitterKernel::Avx2: return splitElementsAvx2(data, size, begin, sep, flags, onElement);
    case detail::SplitterKernel::Sse2: break;
    }
    return splitElementsSse2(data, size, begin, sep, flags, onElement);
}

} // namespace sharescope
