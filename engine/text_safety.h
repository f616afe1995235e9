#pragma once
// Defanging text that comes from the logs (user agents, ARNs, names: whatever the
// caller of an AWS API chose) before it is shown. Three audiences, three rules:
// a terminal must not be driven by it, nobody must be fooled by characters that
// cannot be seen (`1111<ZWSP>22223333` is not an account id), and a spreadsheet
// must not run it as a formula. jsonl output needs none of this: it is exact JSON.

#include <string>
#include <string_view>

namespace sharescope {

// True for the code points that show nothing or reorder text: format characters
// (Unicode category Cf: zero-width space/joiners, LRM/RLM/ALM, bidi embeddings,
// overrides and isolates, word joiner and invisible operators, BOM, soft hyphen,
// tags, interlinear annotation...), line and paragraph separators, variation
// selectors, the combining grapheme joiner and the Hangul and Khmer fillers.
bool isInvisibleCodePoint(char32_t c);

// `s` with every invisible code point and every control character (C0, DEL, C1)
// written visibly as `<U+200B>`, and every byte that is not valid UTF-8 as `<0xFF>`.
// Everything else is kept as it is. For the window and any other display.
std::string escapeInvisible(std::string_view s);

// For a terminal (the table format, messages on standard error): control
// characters become '?' (they could drive the terminal), invisible code points
// `<U+200B>` and invalid UTF-8 bytes `<0xFF>`.
std::string printable(const std::string &s);

// One CSV cell's content, before RFC 4180 quoting: escaped as escapeInvisible does
// (so no raw control byte is ever written), and prefixed with an apostrophe when a
// spreadsheet would run it as a formula ('=', '+', '-', '@' first, also after leading spaces).
std::string csvSafeText(std::string_view s);

} // namespace sharescope
