#pragma once
// Part 1 of a big gzip file inflated on two cores (gzip_handoff.h): a window that finds a
// deflate block start in its share of the compressed bytes, inflates speculatively from
// there (speculative_inflater.h) until part 0's inflater has reached that block and told
// what the 32 KB before it are, and then gives exact bytes from where it had got to. At
// its member's end it checks the member's CRC-32 with part 0's half (GzipHandoff::confirm);
// members after that are read as any gzip window reads them.

#include "gzip_window.h"
#include "input_window.h"
#include "regular_file.h"
#include "speculative_inflater.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sharescope {

class GzipHandoff;

class GzipPartWindow : public InputWindow {
public:
    struct Links {
        GzipHandoff *handoff = nullptr;
        std::function<void(uint64_t offset)> exactStart;  // where its bytes start (before anyone is told)
        std::function<void(bool ok)> confirmed;           // its member's checksum held, or not (said once)
    };
    // Takes ownership of `fd` (a regular file of `size` bytes); its share starts at compressed byte `from`.
    GzipPartWindow(int fd, uint64_t size, uint64_t from, Links links, WindowBuffer &buffer, size_t windowBytes);
    ~GzipPartWindow() override;  // says it gave up, and that nothing is confirmed, if it has not said otherwise

    // Finds the block, speculates until part 0 has reached it, resolves, and positions the
    // window (base()) at its first exact byte. Blocks meanwhile. False: this part reads
    // nothing (error() says why). Call before start().
    bool prepare();
    uint64_t inputConsumed() const override;

private:
    size_t produce(char *out, size_t room) override;
    bool readMore();          // keeps the unused input and reads more after it; false at the end or on an error
    bool finishMember();      // the trailer is in: checks it, then reads on through the members after it
    // Speculates until part 0 has reached the block; returns why not, empty when it has.
    std::string speculateUntilWindow(std::vector<unsigned char> &window, uint64_t &blockInflated);
    void confirmOnce(bool ok);

    FdCloser m_fd;
    uint64_t m_size, m_from;
    Links m_links;
    std::vector<unsigned char> m_in;
    size_t m_inPos = 0, m_inSize = 0;
    uint64_t m_inStart = 0;  // file offset of m_in[0]
    SpeculativeInflater m_inflater;
    bool m_answered = false, m_confirmSaid = false;
    bool m_ready = false;  // prepared: produce() gives exact bytes
    bool m_memberEnded = false;
    unsigned char m_trailer[8] = {};
    size_t m_trailerHave = 0;
    uint32_t m_crc = 0;
    uint64_t m_exactBytes = 0;
    WindowBuffer m_restBuffer;  // before m_rest, which holds it
    std::unique_ptr<GzipWindow> m_rest;  // the members after this part's first
};

} // namespace sharescope
