#include "text_safety.h"

#include <cstdio>

namespace sharescope {

namespace {

// Decodes the UTF-8 sequence at s[i]; returns its length, or 0 when it is not valid
// (truncated, overlong, a surrogate, past U+10FFFF).
size_t decodeUtf8(std::string_view s, size_t i, char32_t &cp)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    size_t n;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool isControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

void appendCodePoint(std::string &out, char32_t c)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(c));
    out += buf;
}

void appendByte(std::string &out, unsigned char b)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    out += buf;
}

// The shared walk: `onControl` decides what a control character becomes.
template <class OnControl>
std::string defang(std::string_view s, OnControl &&onControl)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const size_t n = decodeUtf8(s, i, cp);
        if (n == 0) {
            appendByte(out, static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        if (isControl(cp))
            onControl(out, cp);
        else if (isInvisibleCodePoint(cp))
            appendCodePoint(out, cp);
        else
            out.append(s.data() + i, n);
        i += n;
    }
    return out;
}

} // namespace

bool isInvisibleCodePoint(char32_t c)
{
    // From the Unicode Character Database: every Cf character, plus the invisible
    // ones of other categories (Zl, Zp, variation selectors, fillers).
    struct Range {
        char32_t first, last;
    };
    static constexpr Range kRanges[] = {
        {0x00AD, 0x00AD},   // soft hyphen
        {0x034F, 0x034F},   // combining grapheme joiner
        {0x0600, 0x0605},   // Arabic number signs (Cf)
        {0x061C, 0x061C},   // Arabic letter mark
        {0x06DD, 0x06DD},   // Arabic end of ayah (Cf)
        {0x070F, 0x070F},   // Syriac abbreviation mark (Cf)
        {0x0890, 0x0891},   // Arabic pound and piastre marks above (Cf)
        {0x08E2, 0x08E2},   // Arabic disputed end of ayah (Cf)
        {0x115F, 0x1160},   // Hangul choseong and jungseong fillers
        {0x17B4, 0x17B5},   // Khmer inherent vowels
        {0x180B, 0x180F},   // Mongolian free variation selectors and vowel separator
        {0x200B, 0x200F},   // zero-width space, non-joiner, joiner, LRM, RLM
        {0x2028, 0x202E},   // line and paragraph separators, bidi embeddings and overrides
        {0x2060, 0x2064},   // word joiner, invisible operators
        {0x2066, 0x206F},   // bidi isolates, deprecated format characters
        {0x3164, 0x3164},   // Hangul filler
        {0xFE00, 0xFE0F},   // variation selectors
        {0xFEFF, 0xFEFF},   // byte order mark, zero-width no-break space
        {0xFFA0, 0xFFA0},   // halfwidth Hangul filler
        {0xFFF9, 0xFFFB},   // interlinear annotation
        {0x110BD, 0x110BD}, {0x110CD, 0x110CD},  // Kaithi number signs (Cf)
        {0x13430, 0x1343F}, // Egyptian hieroglyph format controls
        {0x1BCA0, 0x1BCA3}, // shorthand format controls
        {0x1D173, 0x1D17A}, // musical symbol format controls
        {0xE0001, 0xE0001}, {0xE0020, 0xE007F},  // language tag, tag characters
        {0xE0100, 0xE01EF}, // variation selectors supplement
    };
    if (c < 0xAD)
        return false;
    for (const Range &r : kRanges)
        if (c >= r.first && c <= r.last)
            return true;
    return false;
}

std::string escapeInvisible(std::string_view s)
{
    return defang(s, [](std::string &out, char32_t c) { appendCodePoint(out, c); });
}

std::string printable(const std::string &s)
{
    return defang(s, [](std::string &out, char32_t) { out += '?'; });
}

std::string csvSafeText(std::string_view s)
{
    std::string out = escapeInvisible(s);
    // Spreadsheets skip leading spaces before deciding that a cell is a formula.
    const size_t first = out.find_first_not_of(' ');
    if (first != std::string::npos && (out[first] == '=' || out[first] == '+' || out[first] == '-' || out[first] == '@'))
        out.insert(out.begin(), '\'');
    return out;
}

} // namespace sharescope
