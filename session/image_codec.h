#pragma once
// Fixed-width fields written back to back, and read back with every length checked:
// the model's image in a case file (alert_model_image.cpp) comes from a file that may
// be damaged or hostile, so a read past the end is a failure, never a crash. Fields are
// little-endian, the byte order of every machine the tool is built for.

#include <QByteArray>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace sharescope::session {

static_assert(std::endian::native == std::endian::little, "the image is written in the machine's byte order");

// Writes into a buffer the caller sized; advances `at`.
template <class T>
void putField(char *&at, T value)
{
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    std::memcpy(at, &value, sizeof value);
    at += sizeof value;
}

class ImageWriter {
public:
    explicit ImageWriter(QByteArray &out) : m_out(out) {}
    template <class T>
    void put(T value)
    {
        char bytes[sizeof value], *at = bytes;
        putField(at, value);
        m_out.append(bytes, sizeof value);
    }
    // A length, then the bytes.
    void putBytes(std::string_view bytes)
    {
        put<std::uint64_t>(bytes.size());
        m_out.append(bytes.data(), static_cast<qsizetype>(bytes.size()));
    }
    void putRaw(const char *data, size_t size) { m_out.append(data, static_cast<qsizetype>(size)); }

private:
    QByteArray &m_out;
};

class ImageReader {
public:
    ImageReader(const char *data, size_t size) : m_p(data), m_end(data + size) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    size_t remaining() const { return static_cast<size_t>(m_end - m_p); }
    // The next value; 0, and ok() false from then on, past the end.
    template <class T>
    T get()
    {
        static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
        T v{};
        if (!m_ok || remaining() < sizeof v) {
            m_ok = false;
            return v;
        }
        std::memcpy(&v, m_p, sizeof v);
        m_p += sizeof v;
        return v;
    }
    // Bytes written by putBytes; empty, and ok() false, when the length runs past the end.
    std::string_view getBytes()
    {
        const auto n = get<std::uint64_t>();
        return getRaw(m_ok ? n : 0);
    }
    // The next `n` bytes; empty, and ok() false, when fewer are left.
    std::string_view getRaw(std::uint64_t n)
    {
        if (!m_ok || n > remaining()) {
            m_ok = false;
            return {};
        }
        const std::string_view out(m_p, static_cast<size_t>(n));
        m_p += n;
        return out;
    }
    void fail() { m_ok = false; }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace sharescope::session
