#pragma once
// One big gzip file on two cores (file_split.h, speculative_inflater.h): what part 0 (read
// from byte 0, inflated ahead on a thread of its own) and part 1 (inflated from a block in
// the middle) tell each other.
//
//   1. Part 1 finds a block start B (a compressed bit offset) and says so (publishBlock).
//   2. Part 0's inflater stops exactly at B, and says where B is in the inflated bytes and
//      what the 32 KB before it are (reachBlock), or that B was no block start (missBlock).
//   3. Part 1, which has been inflating speculatively from B meanwhile, resolves its state
//      with that window and answers where its exact bytes start, E (startExact). Part 0's
//      inflater waits for that answer, so E is known before part 0 gives a byte past B.
//   4. Part 0's reader, passing E, notes the CRC-32 of its member's bytes before E
//      (noteBefore); part 1, at its member's end, checks the two halves against the trailer
//      (confirm). Only then may part 1 count: a wrong guess anywhere costs time, not bytes.
// Every wait ends: each side's end (giveUp, partZeroGone) wakes the other.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace sharescope {

class GzipHandoff {
public:
    static constexpr size_t kWindow = 32768;

    // Part 1: the block start it will inflate from, or none (it reads nothing).
    void publishBlock(std::optional<uint64_t> bit);
    // Part 0's inflater: the block to stop at. Waits while part 1 has not said (it opens and
    // searches the file: milliseconds); nullopt when there is none.
    std::optional<uint64_t> blockToWatch();

    // Part 0's inflater at B: `inflated` bytes before it, `window` their last 32 KB (or all
    // of them, when fewer). Waits for part 1's answer: E, or nullopt (part 1 gave up).
    std::optional<uint64_t> reachBlock(uint64_t inflated, const unsigned char *window, size_t windowSize);
    // Part 0's inflater passed B elsewhere than a block start, or stopped before it.
    void missBlock();

    // Part 1, between speculative steps: the window, once part 0 has reached B (false: not
    // yet). `gone`: it never will.
    bool takeWindow(std::vector<unsigned char> &window, uint64_t &inflated, bool &gone);
    // The same, waiting for part 0 to reach B (or never to). False: it never will.
    bool waitForWindow(std::vector<unsigned char> &window, uint64_t &inflated);
    // Part 1, resolved: its exact bytes start at inflated offset `exactStart`.
    void startExact(uint64_t exactStart);
    // Part 1 will not go on (an error, the scan stopped, its speculation failed).
    void giveUp();

    // Part 0's reader, at E: the CRC-32 and size of its member's bytes before E.
    void noteBefore(uint32_t crc, uint64_t size);
    // Part 0's reader will read no more (it may never reach E).
    void partZeroGone();

    // Part 1 at its member's end: whether the member's trailer (crc, size mod 2^32) matches
    // part 0's bytes before E and its own after (crcAfter, sizeAfter). Waits for part 0's note.
    bool confirm(uint32_t crcAfter, uint64_t sizeAfter, uint32_t trailerCrc, uint32_t trailerSize);

private:
    std::mutex m_lock;
    std::condition_variable m_changed;
    bool m_blockSaid = false;
    std::optional<uint64_t> m_block;
    bool m_reached = false, m_missed = false;
    uint64_t m_blockInflated = 0;
    std::vector<unsigned char> m_window;
    bool m_answered = false, m_gaveUp = false;
    std::optional<uint64_t> m_exactStart;
    bool m_noted = false, m_zeroGone = false;
    uint32_t m_crcBefore = 0;
    uint64_t m_sizeBefore = 0;
};

} // namespace sharescope
