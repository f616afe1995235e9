#pragma once
// A regular expression matched over UTF-8 text as it is stored (string_pool.h), with the
// semantics of QRegularExpression: the same PCRE2 library and options (UTF, caseless when
// asked), only its 8-bit code units instead of Qt's 16-bit ones. Matching a pool of a
// million short strings this way skips the QString and the QRegularExpressionMatch that
// QRegularExpression::match builds for each one, several times faster.

#include <QString>

#include <memory>
#include <string_view>

namespace sharescope::session {

class Utf8Pattern {
public:
    // Compiles `pattern` (JIT where PCRE2 has it). isValid() is false when PCRE2 refuses it.
    explicit Utf8Pattern(const QString &pattern, bool caseInsensitive);
    ~Utf8Pattern();
    Utf8Pattern(const Utf8Pattern &) = delete;
    Utf8Pattern &operator=(const Utf8Pattern &) = delete;

    bool isValid() const { return m_code != nullptr; }

    // Matching state for one thread: a Matcher is used by one thread at a time, any number
    // of them share one pattern. Invalid UTF-8 never matches by accident nor fails: it is
    // a boundary (PCRE2_MATCH_INVALID_UTF).
    class Matcher {
    public:
        explicit Matcher(const Utf8Pattern &pattern);
        ~Matcher();
        Matcher(const Matcher &) = delete;
        Matcher &operator=(const Matcher &) = delete;
        // Whether the pattern matches anywhere in `text`; false for an invalid pattern.
        bool matches(std::string_view text);

    private:
        const Utf8Pattern &m_pattern;
        void *m_data = nullptr;  // pcre2_match_data_8
    };

private:
    void *m_code = nullptr;  // pcre2_code_8
    bool m_jit = false;
};

} // namespace sharescope::session
