#include "gzip_stream.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace sharescope {

struct GzipWindow::Inflater {
    z_stream z{};
    bool ready = false;
};

GzipWindow::GzipWindow(const unsigned char *in, size_t inSize, size_t chunkBytes)
    : m_z(std::make_unique<Inflater>()), m_in(in), m_inSize(inSize), m_buffer(std::max<size_t>(chunkBytes, 4096))
{
    // 15 + 32: a zlib or gzip header, detected.
    m_z->ready = inflateInit2(&m_z->z, 15 + 32) == Z_OK;
    if (!m_z->ready)
        m_error = "cannot start inflating";
    fill();
}

GzipWindow::~GzipWindow()
{
    if (m_z->ready)
        inflateEnd(&m_z->z);
}

bool GzipWindow::fill()
{
    const size_t before = m_size;
    while (!m_finished && m_size < m_buffer.size()) {
        z_stream &z = m_z->z;
        z.next_in = const_cast<Bytef *>(m_in + m_consumed);
        z.avail_in = static_cast<uInt>(std::min<size_t>(m_inSize - m_consumed, 1u << 30));
        z.next_out = reinterpret_cast<Bytef *>(m_buffer.data() + m_size);
        z.avail_out = static_cast<uInt>(std::min<size_t>(m_buffer.size() - m_size, 1u << 30));
        const uInt availIn = z.avail_in, availOut = z.avail_out;
        const int r = inflate(&z, Z_NO_FLUSH);
        m_consumed += availIn - z.avail_in;
        m_size += availOut - z.avail_out;
        if (r == Z_STREAM_END) {
            // Concatenated members are legal gzip; trailing zero padding is common.
            while (m_consumed < m_inSize && m_in[m_consumed] == 0)
                ++m_consumed;
            if (m_consumed >= m_inSize)
                m_finished = true;
            else
                inflateReset(&z);
        } else if (r != Z_OK) {
            m_error = m_consumed >= m_inSize ? "gzip data is truncated or corrupt (the stream ends early)"
                                             : "gzip data is truncated or corrupt near byte " + std::to_string(m_consumed);
            m_finished = true;
        } else if (m_consumed >= m_inSize && availIn == z.avail_in && availOut == z.avail_out) {
            m_error = "gzip data is truncated or corrupt (the stream ends early)";
            m_finished = true;
        }
    }
    return m_size > before;
}

bool GzipWindow::advance(size_t keepFrom)
{
    keepFrom = std::min(keepFrom, m_size);
    std::memmove(m_buffer.data(), m_buffer.data() + keepFrom, m_size - keepFrom);
    m_size -= keepFrom;
    m_base += keepFrom;
    // A value larger than the window: grow it, or it could never be read whole.
    if (m_size * 2 > m_buffer.size()) {
        if (m_buffer.size() * 2 > kMaxValueBytes) {
            m_error = "a single JSON value of more than " + std::to_string(kMaxValueBytes >> 20)
                + " MB starts at byte " + std::to_string(m_base) + " (unbalanced or truncated JSON?)";
            m_finished = true;
            return false;
        }
        m_buffer.resize(m_buffer.size() * 2);
    }
    return fill();
}

bool readGzipRange(const unsigned char *in, size_t inSize, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    GzipWindow window(in, inSize, std::max<size_t>(1u << 20, length + 4096));
    while (window.base() + window.size() < offset + length) {
        const size_t skip = offset > window.base() ? static_cast<size_t>(std::min<uint64_t>(offset - window.base(), window.size())) : 0;
        if (!window.advance(skip)) {
            error = window.error().empty() ? "the file changed since it was scanned" : window.error();
            return false;
        }
    }
    out.assign(window.data() + (offset - window.base()), length);
    return true;
}

} // namespace sharescope
