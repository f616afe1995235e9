#include "utf8_pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace sharescope::session {

namespace {
pcre2_code *code(void *p) { return static_cast<pcre2_code *>(p); }
} // namespace

Utf8Pattern::Utf8Pattern(const QString &pattern, bool caseInsensitive)
{
    // QRegularExpression always compiles with PCRE2_UTF, and CaseInsensitiveOption is PCRE2_CASELESS.
    const QByteArray utf8 = pattern.toUtf8();
    const uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseInsensitive ? PCRE2_CASELESS : 0u);
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(utf8.constData()), static_cast<PCRE2_SIZE>(utf8.size()),
                                         options, &error, &offset, nullptr);
    m_code = compiled;
    m_jit = compiled && pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE) == 0;
}

Utf8Pattern::~Utf8Pattern()
{
    pcre2_code_free(code(m_code));
}

Utf8Pattern::Matcher::Matcher(const Utf8Pattern &pattern)
    : m_pattern(pattern)
{
    if (pattern.m_code)
        m_data = pcre2_match_data_create_from_pattern(code(pattern.m_code), nullptr);
}

Utf8Pattern::Matcher::~Matcher()
{
    pcre2_match_data_free(static_cast<pcre2_match_data *>(m_data));
}

bool Utf8Pattern::Matcher::matches(std::string_view text)
{
    if (!m_data)
        return false;
    auto *data = static_cast<pcre2_match_data *>(m_data);
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.empty() ? "" : text.data());  // never a null subject
    // pcre2_jit_match skips the checks pcre2_match repeats on every call; same result.
    const int rc = m_pattern.m_jit ? pcre2_jit_match(code(m_pattern.m_code), subject, text.size(), 0, 0, data, nullptr)
                                   : pcre2_match(code(m_pattern.m_code), subject, text.size(), 0, 0, data, nullptr);
    return rc >= 0;
}

} // namespace sharescope::session
