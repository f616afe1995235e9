#include "gzip_part_window.h"

#include "gzip_handoff.h"
#include "member_check.h"

#include <isa-l/crc.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace sharescope {

namespace {
constexpr size_t kInputBytes = 2u << 20;   // compressed bytes in hand
constexpr size_t kSearchBytes = 1u << 20;  // a block starts within this of the share's start, or the part gives up
}

GzipPartWindow::GzipPartWindow(int fd, uint64_t size, uint64_t from, Links links, WindowBuffer &buffer, size_t windowBytes)
    : InputWindow(buffer, windowBytes), m_fd(fd), m_size(size), m_from(from), m_links(std::move(links)), m_in(kInputBytes),
      m_inStart(from)
{
}

GzipPartWindow::~GzipPartWindow()
{
    if (!m_answered)
        m_links.handoff->giveUp();
    confirmOnce(false);
}

void GzipPartWindow::confirmOnce(bool ok)
{
    if (m_confirmSaid)
        return;
    m_confirmSaid = true;
    m_links.confirmed(ok);
}

uint64_t GzipPartWindow::inputConsumed() const
{
    return m_rest ? m_rest->inputConsumed() : m_inStart + m_inPos;
}

bool GzipPartWindow::readMore()
{
    std::memmove(m_in.data(), m_in.data() + m_inPos, m_inSize - m_inPos);
    m_inStart += m_inPos;
    m_inSize -= m_inPos;
    m_inPos = 0;
    const uint64_t at = m_inStart + m_inSize;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(m_in.size() - m_inSize, m_size - std::min(m_size, at)));
    if (want == 0)
        return false;
    for (;;) {
        const ssize_t n = ::pread(m_fd.fd, m_in.data() + m_inSize, want, static_cast<off_t>(at));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        m_inSize += static_cast<size_t>(n);
        return true;
    }
}

std::string GzipPartWindow::speculateUntilWindow(std::vector<unsigned char> &window, uint64_t &blockInflated)
{
    // Over at most half of what is left (part 0 reads on meanwhile: the two halves then take
    // about as long), and never into the stream's last block, whose end would end it.
    const uint64_t until = m_inStart + m_inPos + (m_size - (m_inStart + m_inPos)) / 2;
    for (;;) {
        bool gone = false;
        if (m_links.handoff->takeWindow(window, blockInflated, gone))
            return {};
        if (gone)
            return "part 0 did not reach the block";
        if (m_inStart + m_inPos >= until || m_inflater.inLastBlock())
            return m_links.handoff->waitForWindow(window, blockInflated) ? std::string() : "part 0 did not reach the block";
        if (m_inPos == m_inSize && !readMore())
            return "the compressed data ends while inflating ahead";
        size_t used = 0;
        if (!m_inflater.speculate(m_in.data() + m_inPos, m_inSize - m_inPos, used))
            return "inflating ahead failed (the stream ended, or was not what it seemed)";
        m_inPos += used;
    }
}

bool GzipPartWindow::prepare()
{
    auto giveUp = [this](const std::string &why) {
        m_links.handoff->giveUp();
        m_answered = true;
        fail(why);
        return false;
    };
    readMore();
    std::optional<uint64_t> bit;
    const uint64_t bits = 8 * static_cast<uint64_t>(std::min(m_inSize, kSearchBytes));
    for (uint64_t b = 0; b < bits && !bit; ++b)
        if (SpeculativeInflater::mayStartBlock(m_in.data(), m_inSize, b) && m_inflater.begin(m_in.data(), m_inSize, b))
            bit = b;
    m_links.handoff->publishBlock(bit ? std::optional<uint64_t>(8 * m_from + *bit) : std::nullopt);
    if (!bit) {
        m_answered = true;
        fail("no deflate block starts near the middle of the file");
        return false;
    }
    m_inPos = m_inflater.consumed();
    // Inflate speculatively until part 0's inflater has reached the block, on a thread of
    // the lowest priority: it is worth only the time the others leave, and part 0's
    // inflater, which everything waits for, must not wait for it.
    std::vector<unsigned char> window;
    uint64_t blockInflated = 0;
    std::string failure;
    std::thread speculator([&] {
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
        failure = speculateUntilWindow(window, blockInflated);
    });
    speculator.join();
    if (!failure.empty())
        return giveUp(failure);
    // The window before the block: 32 KB, or all bytes before it (the rest is never referred to).
    std::vector<unsigned char> full(SpeculativeInflater::kWindow, 0);
    std::copy(window.begin(), window.end(), full.end() - static_cast<std::ptrdiff_t>(std::min(window.size(), full.size())));
    if (!m_inflater.resolve(full.data()))
        return giveUp("the speculative state could not be resolved");
    const uint64_t exactStart = blockInflated + m_inflater.produced();
    m_links.exactStart(exactStart);
    m_links.handoff->startExact(exactStart);
    m_answered = true;
    m_ready = true;
    startAt(exactStart);
    return true;
}

bool GzipPartWindow::finishMember()
{
    auto le32 = [this](int at) {
        return uint32_t(m_trailer[at]) | uint32_t(m_trailer[at + 1]) << 8 | uint32_t(m_trailer[at + 2]) << 16
            | uint32_t(m_trailer[at + 3]) << 24;
    };
    const bool ok = m_links.handoff->confirm(m_crc, m_exactBytes, le32(0), le32(4));
    confirmOnce(ok);
    if (!ok) {
        fail(gzipCorruptMessage(m_inStart + m_inPos, true));
        return false;
    }
    // The members after it, read by a gzip window from here, as one from byte 0 reads them.
    const int fd = ::dup(m_fd.fd);
    const uint64_t at = m_inStart + m_inPos;
    if (fd < 0 || ::lseek(fd, static_cast<off_t>(at), SEEK_SET) < 0) {
        if (fd >= 0)
            ::close(fd);
        fail("cannot read on after byte " + std::to_string(at));
        return false;
    }
    m_rest = std::make_unique<GzipWindow>(fd, m_size, m_restBuffer, 4096);
    m_rest->startAtMember(at);
    return true;
}

size_t GzipPartWindow::produce(char *out, size_t room)
{
    if (!m_ready)
        return 0;  // not prepared, or preparing failed (error() says why)
    size_t produced = 0;
    while (produced < room) {
        if (m_rest) {
            InputWindow &rest = *m_rest;  // produce() through the base, whose friend this is
            const size_t n = rest.produce(out + produced, room - produced);
            if (n == 0 && !m_rest->error().empty())
                fail(m_rest->error());
            return produced + n;
        }
        if (m_inPos == m_inSize && !readMore()) {
            confirmOnce(false);
            fail("gzip data is truncated or corrupt (the stream ends early, at byte " + std::to_string(m_inStart + m_inPos) + ")");
            return produced;
        }
        if (m_memberEnded) {
            const size_t n = std::min(sizeof m_trailer - m_trailerHave, m_inSize - m_inPos);
            std::memcpy(m_trailer + m_trailerHave, m_in.data() + m_inPos, n);
            m_trailerHave += n;
            m_inPos += n;
            if (m_trailerHave == sizeof m_trailer && !finishMember())
                return produced;
            continue;
        }
        size_t used = 0, got = 0;
        bool finished = false;
        auto *to = reinterpret_cast<unsigned char *>(out + produced);
        const bool ok = m_inflater.inflate(m_in.data() + m_inPos, m_inSize - m_inPos, used, to, room - produced, got, finished);
        m_inPos += used;
        m_crc = crc32_gzip_refl(m_crc, to, got);
        m_exactBytes += got;
        produced += got;
        if (!ok) {
            confirmOnce(false);
            fail(gzipCorruptMessage(m_inStart + m_inPos, false));
            return produced;
        }
        if (finished) {
            m_memberEnded = true;
            m_trailerHave = m_inflater.trailerBytes(m_trailer);
            if (m_trailerHave == sizeof m_trailer && !finishMember())
                return produced;
        } else if (used == 0 && got == 0) {
            confirmOnce(false);
            fail(gzipCorruptMessage(m_inStart + m_inPos, false));  // no progress: never loop
            return produced;
        }
    }
    return produced;
}

} // namespace sharescope
