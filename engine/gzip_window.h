#pragma once
// A gzip log inflated as a stream through a bounded window (ISA-L's igzip): the
// compressed file is read with read() in small chunks and inflated only as far as
// the reader has asked, so memory stays bounded whatever the file inflates to (a
// "gzip bomb" included). Concatenated members are read one after another; zero
// padding after the last one is ignored; a cut or corrupt stream ends the window
// with an error naming where, after every byte inflated before it.
//
// Each member's CRC-32 and size are checked against its trailer, here by ISA-L, or
// (deferChecks) by whoever takes the bytes: the window then inflates raw deflate between
// a header and a trailer it reads itself, and leaves the trailer's values as MemberChecks.

#include "input_window.h"
#include "regular_file.h"

#include <memory>
#include <optional>
#include <vector>

struct inflate_state;
struct isal_gzip_header;

namespace sharescope {
class GzipHandoff;
}

namespace sharescope {

class GzipWindow : public InputWindow {
public:
    // Takes ownership of `fd` (positioned at the start of the gzip data, `size` bytes long).
    GzipWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes, bool deferChecks = false);
    ~GzipWindow() override;
    uint64_t inputConsumed() const override { return m_consumed; }
    void takeMemberChecks(std::vector<MemberCheck> &into) override;

    // Part 0 of a file inflated on two cores (gzip_handoff.h), with deferred checks: once its
    // input reaches compressed byte `from`, the window asks `handoff` for part 1's block
    // start, stops exactly there, and leaves a mark (MemberCheck::mark) where part 1's exact
    // bytes begin. Call before the first produce().
    void watch(GzipHandoff *handoff, uint64_t from);
    // Starts at compressed byte `offset` of the file (a member's start; the fd positioned
    // there), as one window from byte 0 would be there: its offsets and reads alike.
    void startAtMember(uint64_t offset);

private:
    enum class Stage { Header, Body, Trailer };  // of a member (Trailer only when checks are deferred)

    size_t produce(char *out, size_t room) override;
    bool readInput();         // refills m_in when it is used up; false at the end of the file
    bool startNextMember();   // after a member's end: skips padding, resets for the next one
    void resetMember();
    bool readHeader();        // parses the member's header, across reads; false on an error
    void startTrailer();      // deferred checks: the trailer bytes ISA-L has already taken in
    void readTrailer();       // deferred checks: the rest of the trailer from the input
    uint64_t inputPosition() const { return m_readFromFile - (m_inSize - m_inPos); }  // of m_in[m_inPos]
    size_t watchedInput(size_t available);  // how much input to give ISA-L, stopping at the watched block
    void checkWatchedBlock(bool starved);   // at the watched block's byte: is the decoder exactly there?
    void keepWindow(const char *out, size_t size);  // the last 32 KB inflated, near the watched block

    FdCloser m_fd;
    uint64_t m_fileSize;
    uint64_t m_readFromFile = 0;  // compressed bytes read from the file
    uint64_t m_consumed = 0;      // compressed bytes inflated
    std::unique_ptr<inflate_state> m_state;
    std::vector<unsigned char> m_in;
    size_t m_inPos = 0, m_inSize = 0;
    bool m_memberDone = false;
    const bool m_deferChecks;
    Stage m_stage = Stage::Header;
    std::unique_ptr<isal_gzip_header> m_header;
    unsigned char m_trailer[8] = {};
    unsigned m_trailerHave = 0;
    uint64_t m_produced = 0;  // inflated bytes so far
    std::vector<MemberCheck> m_checks;
    GzipHandoff *m_handoff = nullptr;   // watching for part 1's block (null: not, or no longer)
    uint64_t m_watchFrom = 0;
    std::optional<uint64_t> m_watchBit;  // known once the input reaches m_watchFrom
    std::vector<unsigned char> m_last;   // the last bytes inflated (up to 32 KB), near the block
};

} // namespace sharescope
