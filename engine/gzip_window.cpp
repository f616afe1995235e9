#include "gzip_window.h"

#include <isa-l/igzip_lib.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

namespace {
constexpr size_t kInputChunk = 256u << 10;
}

GzipWindow::GzipWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes)
    : InputWindow(buffer, windowBytes), m_fd(fd), m_fileSize(size), m_state(std::make_unique<inflate_state>()), m_in(kInputChunk)
{
    isal_inflate_init(m_state.get());
    m_state->crc_flag = ISAL_GZIP;  // parse the gzip header and check each member's CRC and size
}

GzipWindow::~GzipWindow() = default;

bool GzipWindow::readInput()
{
    if (m_inPos < m_inSize)
        return true;
    m_inPos = m_inSize = 0;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(m_in.size(), m_fileSize - m_readFromFile));
    if (want == 0)
        return false;
    for (;;) {
        const ssize_t n = ::read(m_fd.fd, m_in.data(), want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(std::string("cannot read at byte ") + std::to_string(m_readFromFile) + ": " + std::strerror(errno));
            return false;
        }
        if (n == 0) {
            fail("the file shrank while it was being read (rotated or rewritten?): it ends at byte "
                 + std::to_string(m_readFromFile) + " of " + std::to_string(m_fileSize));
            return false;
        }
        m_inSize = static_cast<size_t>(n);
        m_readFromFile += m_inSize;
        return true;
    }
}

bool GzipWindow::startNextMember()
{
    // Concatenated members are legal gzip (and what a bomb is made of: each is
    // inflated through the same bounded window); trailing zero padding is common.
    for (;;) {
        while (m_inPos < m_inSize && m_in[m_inPos] == 0) {
            ++m_inPos;
            ++m_consumed;
        }
        if (m_inPos < m_inSize)
            break;
        if (!readInput())
            return false;  // the end of the file (or a read error, already reported)
    }
    isal_inflate_reset(m_state.get());
    m_state->crc_flag = ISAL_GZIP;
    m_memberDone = false;
    return true;
}

size_t GzipWindow::produce(char *out, size_t room)
{
    inflate_state &st = *m_state;
    size_t produced = 0;
    while (produced < room) {
        if (m_memberDone && !startNextMember())
            return produced;
        if (m_inPos >= m_inSize && !readInput()) {
            if (error().empty())
                fail(m_consumed == 0 ? "gzip data is truncated or corrupt (no gzip stream)"
                                     : "gzip data is truncated or corrupt (the stream ends early, at byte "
                                         + std::to_string(m_consumed) + ")");
            return produced;
        }
        st.next_in = m_in.data() + m_inPos;
        st.avail_in = static_cast<uint32_t>(m_inSize - m_inPos);
        st.next_out = reinterpret_cast<uint8_t *>(out + produced);
        st.avail_out = static_cast<uint32_t>(std::min<size_t>(room - produced, 1u << 30));
        const uint32_t availIn = st.avail_in, availOut = st.avail_out;
        const int r = isal_inflate(&st);
        const size_t used = availIn - st.avail_in;
        m_inPos += used;
        m_consumed += used;
        produced += availOut - st.avail_out;
        if (r != ISAL_DECOMP_OK) {
            fail("gzip data is truncated or corrupt near byte " + std::to_string(m_consumed)
                 + (r == ISAL_INCORRECT_CHECKSUM ? " (checksum mismatch)" : ""));
            return produced;
        }
        if (st.block_state == ISAL_BLOCK_FINISH)
            m_memberDone = true;
        else if (used == 0 && availOut == st.avail_out && m_inPos < m_inSize) {
            fail("gzip data is corrupt near byte " + std::to_string(m_consumed));  // no progress: never loop
            return produced;
        }
    }
    return produced;
}

} // namespace sharescope
