#include "member_check.h"

#include <isa-l/crc.h>

#include <algorithm>

namespace sharescope {

std::string gzipCorruptMessage(uint64_t at, bool checksum)
{
    return "gzip data is truncated or corrupt near byte " + std::to_string(at) + (checksum ? " (checksum mismatch)" : "");
}

size_t MemberChecker::take(const char *data, size_t size)
{
    if (!m_error.empty())
        return 0;
    size_t done = 0;
    for (;;) {
        // The bytes up to the next member's end, or all that are left.
        const uint64_t end = m_pending.empty() ? UINT64_MAX : std::max(m_pending.front().end, m_offset);
        const size_t n = static_cast<size_t>(std::min<uint64_t>(size - done, end - m_offset));
        m_crc = crc32_gzip_refl(m_crc, reinterpret_cast<const unsigned char *>(data + done), n);
        done += n;
        m_offset += n;
        if (m_offset != end)
            return done;
        const MemberCheck check = m_pending.front();
        m_pending.pop_front();
        if (check.mark) {
            if (m_onMark)
                m_onMark(m_crc, m_offset - m_memberStart);
            continue;
        }
        if (check.crc != m_crc || check.size != static_cast<uint32_t>(m_offset - m_memberStart)) {
            m_error = gzipCorruptMessage(check.compressedEnd, true);
            return done;
        }
        m_crc = 0;
        m_memberStart = m_offset;
    }
}

} // namespace sharescope
