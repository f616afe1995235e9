#pragma once
// Checking each gzip member's CRC-32 and size on the thread that takes the inflated bytes,
// not on the one that inflates them: when one big file is inflated ahead on a core of its
// own (prefetch_window.h), that core is the scan's bottleneck, and the checksum is 3 % of
// its work. The other core has time to spare.

#include "input_window.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

namespace sharescope {

// The message for a gzip stream that is cut or corrupt near compressed byte `at`, the same
// whichever thread finds it.
std::string gzipCorruptMessage(uint64_t at, bool checksum);

class MemberChecker {
public:
    // A member's trailer, known once the member has been inflated (before its bytes are taken, or after).
    void expect(const MemberCheck &check) { m_pending.push_back(check); }

    // The next `size` bytes of the stream, in order. Returns how many of them are good: all of
    // them, or (error() set) those up to the end of the first member whose checksum or size is
    // wrong. Call with size 0 at the end of the stream to check the members that end there.
    size_t take(const char *data, size_t size);
    const std::string &error() const { return m_error; }
    // Called at each mark with the CRC-32 and size of the member's bytes before it.
    void onMark(std::function<void(uint32_t crc, uint64_t size)> handler) { m_onMark = std::move(handler); }

private:
    std::function<void(uint32_t, uint64_t)> m_onMark;
    std::deque<MemberCheck> m_pending;
    uint64_t m_offset = 0;       // bytes taken so far
    uint64_t m_memberStart = 0;  // where the current member's bytes began
    uint32_t m_crc = 0;          // of the current member's bytes taken so far
    std::string m_error;
};

} // namespace sharescope
