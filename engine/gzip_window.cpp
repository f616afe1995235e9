#include "gzip_window.h"

#include "gzip_handoff.h"
#include "member_check.h"

#include <isa-l/igzip_lib.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

namespace {
constexpr size_t kInputChunk = 256u << 10;
}

GzipWindow::GzipWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes, bool deferChecks)
    : InputWindow(buffer, windowBytes), m_fd(fd), m_fileSize(size), m_state(std::make_unique<inflate_state>()),
      m_in(kInputChunk), m_deferChecks(deferChecks), m_header(std::make_unique<isal_gzip_header>())
{
    isal_inflate_init(m_state.get());
    resetMember();
}

GzipWindow::~GzipWindow() = default;

void GzipWindow::resetMember()
{
    isal_inflate_reset(m_state.get());
    // The header is read here (readHeader), never by isal_inflate: ISA-L 2.30's isal_inflate
    // forgets a header's fields between calls, so a header that crosses one of our reads (an
    // extra field, a name, a header CRC) failed with a false "checksum mismatch". After it,
    // ISA-L checks the trailer's CRC-32 and size itself, or (deferred) inflates raw deflate
    // and the trailer is read here too.
    m_state->crc_flag = m_deferChecks ? ISAL_DEFLATE : ISAL_GZIP_NO_HDR_VER;
    isal_gzip_header_init(m_header.get());  // no buffers: the name, comment and extra field are skipped
    m_stage = Stage::Header;
    m_trailerHave = 0;
    m_memberDone = false;
}

void GzipWindow::takeMemberChecks(std::vector<MemberCheck> &into)
{
    into.insert(into.end(), m_checks.begin(), m_checks.end());
    m_checks.clear();
}

void GzipWindow::watch(GzipHandoff *handoff, uint64_t from)
{
    m_handoff = handoff;
    m_watchFrom = from;
}

void GzipWindow::startAtMember(uint64_t offset)
{
    m_readFromFile = m_consumed = offset;
    m_memberDone = true;  // as after a member's end: padding, the next member, or the file's end
}

size_t GzipWindow::watchedInput(size_t available)
{
    if (!m_handoff)
        return available;
    const uint64_t at = inputPosition();
    if (!m_watchBit) {
        if (at + available < m_watchFrom)
            return available;
        m_watchBit = m_handoff->blockToWatch();  // part 1 has opened the file by now: a short wait
        if (!m_watchBit) {
            m_handoff = nullptr;
            return available;
        }
    }
    const uint64_t stop = (*m_watchBit + 7) / 8;  // the byte holding the block's first bit, and after it
    if (at > stop || (at == stop && m_stage != Stage::Body)) {
        m_handoff->missBlock();  // passed it between blocks' bits: it was no block start
        m_handoff = nullptr;
        return available;
    }
    return static_cast<size_t>(std::min<uint64_t>(available, stop - at));
}

void GzipWindow::keepWindow(const char *out, size_t size)
{
    constexpr size_t kWindow = GzipHandoff::kWindow;
    if (!m_handoff || !m_watchBit || inputPosition() + (1u << 20) < *m_watchBit / 8)
        return;
    if (size >= kWindow) {
        m_last.assign(out + size - kWindow, out + size);
        return;
    }
    m_last.insert(m_last.end(), out, out + size);
    if (m_last.size() > kWindow)
        m_last.erase(m_last.begin(), m_last.begin() + static_cast<std::ptrdiff_t>(m_last.size() - kWindow));
}

void GzipWindow::checkWatchedBlock(bool starved)
{
    if (!m_handoff || !m_watchBit || !starved || inputPosition() != (*m_watchBit + 7) / 8)
        return;
    // The decoder used every byte up to the block's and wants more: it is exactly at the
    // block start when the bits it has not decoded are those from the block's first bit on,
    // and it is between blocks.
    const inflate_state &st = *m_state;
    const uint64_t decoded = 8 * inputPosition() - static_cast<uint64_t>(st.read_in_length) - 8 * static_cast<uint64_t>(st.tmp_in_size);
    GzipHandoff *handoff = m_handoff;
    m_handoff = nullptr;
    if (decoded != *m_watchBit || (st.block_state != ISAL_BLOCK_NEW_HDR && st.block_state != ISAL_BLOCK_HDR)) {
        handoff->missBlock();
        return;
    }
    const std::optional<uint64_t> exact = handoff->reachBlock(m_produced, m_last.data(), m_last.size());
    m_last.clear();
    m_last.shrink_to_fit();
    if (exact)
        m_checks.push_back({*exact, 0, 0, 0, true});
}

bool GzipWindow::readHeader()
{
    inflate_state &st = *m_state;
    st.next_in = m_in.data() + m_inPos;
    st.avail_in = static_cast<uint32_t>(m_inSize - m_inPos);
    const uint32_t availIn = st.avail_in;
    const int r = isal_read_gzip_header(&st, m_header.get());  // resumes where it stopped (ISAL_END_INPUT)
    const size_t used = availIn - st.avail_in;
    m_inPos += used;
    m_consumed += used;
    if (r < 0) {
        fail(gzipCorruptMessage(m_consumed, r == ISAL_INCORRECT_CHECKSUM));
        return false;
    }
    if (r == ISAL_DECOMP_OK)
        m_stage = Stage::Body;
    return true;
}

void GzipWindow::startTrailer()
{
    // After the final block ISA-L may hold the stream's next bytes in its bit buffer (2.30
    // does; later versions give them back): past the padding to a byte boundary, they are
    // the trailer's first bytes (fewer than its 8, or all of them).
    inflate_state &st = *m_state;
    uint64_t bits = st.read_in >> (st.read_in_length % 8);
    for (int i = 0; i < st.read_in_length / 8 && m_trailerHave < sizeof m_trailer; ++i, bits >>= 8)
        m_trailer[m_trailerHave++] = static_cast<unsigned char>(bits & 0xff);
    st.read_in = 0;
    st.read_in_length = 0;
    m_stage = Stage::Trailer;
    readTrailer();  // the whole trailer may be in hand: then the member ends here, even at the file's end
}

void GzipWindow::readTrailer()
{
    const size_t n = std::min<size_t>(sizeof m_trailer - m_trailerHave, m_inSize - m_inPos);
    std::memcpy(m_trailer + m_trailerHave, m_in.data() + m_inPos, n);
    m_trailerHave += static_cast<unsigned>(n);
    m_inPos += n;
    m_consumed += n;
    if (m_trailerHave < sizeof m_trailer)
        return;
    auto le32 = [this](int at) {
        return uint32_t(m_trailer[at]) | uint32_t(m_trailer[at + 1]) << 8 | uint32_t(m_trailer[at + 2]) << 16
            | uint32_t(m_trailer[at + 3]) << 24;
    };
    m_checks.push_back({m_produced, le32(0), le32(4), m_consumed});
    m_memberDone = true;
}

bool GzipWindow::readInput()
{
    if (m_inPos < m_inSize)
        return true;
    m_inPos = m_inSize = 0;
    // Reads end at multiples of the chunk size, wherever the window started: a window that
    // starts at a later member (startAtMember) reads, and so reports, as one from byte 0.
    const size_t want = static_cast<size_t>(
        std::min<uint64_t>(m_in.size() - m_readFromFile % m_in.size(), m_fileSize - m_readFromFile));
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
    resetMember();
    return true;
}

size_t GzipWindow::produce(char *out, size_t room)
{
    inflate_state &st = *m_state;
    size_t produced = 0;
    if (!error().empty())
        return 0;  // after an error nothing more: ISA-L's state is not to be inflated on
    while (produced < room) {
        if (m_memberDone && !startNextMember())
            return produced;
        const bool inputEnded = m_inPos >= m_inSize && !readInput();
        if (inputEnded && !error().empty())
            return produced;  // a read error, already told
        auto failEnded = [this] {
            fail(m_consumed == 0 ? "gzip data is truncated or corrupt (no gzip stream)"
                                 : "gzip data is truncated or corrupt (the stream ends early, at byte "
                                     + std::to_string(m_consumed) + ")");
        };
        // At the input's end ISA-L may still hold bytes it inflated without room for them: the
        // inflating step below hands them out (with no input) before the end is told.
        if (inputEnded && m_stage != Stage::Body) {
            failEnded();
            return produced;
        }
        if (m_stage == Stage::Header) {
            if (!readHeader())
                return produced;
            continue;
        }
        if (m_deferChecks && m_stage == Stage::Trailer) {
            readTrailer();
            continue;
        }
        st.next_in = m_in.data() + m_inPos;
        st.avail_in = static_cast<uint32_t>(watchedInput(m_inSize - m_inPos));
        const bool held = st.avail_in < m_inSize - m_inPos;  // input held back at the watched block
        st.next_out = reinterpret_cast<uint8_t *>(out + produced);
        st.avail_out = static_cast<uint32_t>(std::min<size_t>(room - produced, 1u << 30));
        const uint32_t availIn = st.avail_in, availOut = st.avail_out;
        const int r = isal_inflate(&st);
        const size_t used = availIn - st.avail_in;
        m_inPos += used;
        m_consumed += used;
        keepWindow(out + produced, availOut - st.avail_out);
        produced += availOut - st.avail_out;
        m_produced += availOut - st.avail_out;
        if (r == ISAL_DECOMP_OK && st.block_state != ISAL_BLOCK_FINISH)
            checkWatchedBlock(st.avail_in == 0 && st.avail_out > 0);
        if (r == ISAL_DECOMP_OK && inputEnded && availOut == st.avail_out && st.block_state != ISAL_BLOCK_FINISH) {
            failEnded();  // nothing was held back: the stream is cut
            return produced;
        }
        if (r != ISAL_DECOMP_OK) {
            fail(gzipCorruptMessage(m_consumed, r == ISAL_INCORRECT_CHECKSUM));
            return produced;
        }
        if (st.block_state == ISAL_BLOCK_FINISH) {
            if (m_deferChecks)
                startTrailer();
            else
                m_memberDone = true;
        } else if (used == 0 && availOut == st.avail_out && m_inPos < m_inSize && !held) {
            fail("gzip data is corrupt near byte " + std::to_string(m_consumed));  // no progress: never loop
            return produced;
        }
    }
    return produced;
}

} // namespace sharescope
