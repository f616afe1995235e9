#pragma once
// An optional string that the alerts of one event share. Copying it copies a pointer,
// so an event's long values (a multi-megabyte userAgent in an event that grants a
// thousand accounts) cost their size once per event, not once per alert it raised.
// It reads like std::optional<std::string>, and is immutable once made.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sharescope {

class SharedText {
public:
    SharedText() = default;
    SharedText(std::nullopt_t) {}
    SharedText(std::string text) : m_text(std::make_shared<const std::string>(std::move(text))) {}
    SharedText(const char *text) : SharedText(std::string(text)) {}
    SharedText(std::optional<std::string> text)
    {
        if (text)
            m_text = std::make_shared<const std::string>(std::move(*text));
    }

    bool has_value() const { return m_text != nullptr; }
    explicit operator bool() const { return has_value(); }
    const std::string &operator*() const { return *m_text; }
    const std::string *operator->() const { return m_text.get(); }
    std::string value_or(std::string_view fallback) const { return m_text ? *m_text : std::string(fallback); }
    void reset() { m_text.reset(); }

    friend bool operator==(const SharedText &a, const SharedText &b)
    {
        return a.m_text == b.m_text || (a.m_text && b.m_text && *a.m_text == *b.m_text);
    }
    friend bool operator==(const SharedText &a, const std::optional<std::string> &b)
    {
        return a.has_value() == b.has_value() && (!b || *a == *b);
    }
    friend bool operator==(const SharedText &a, std::string_view b) { return a && *a == b; }

private:
    std::shared_ptr<const std::string> m_text;
};

} // namespace sharescope
