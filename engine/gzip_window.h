#pragma once
// A gzip log inflated as a stream through a bounded window (ISA-L's igzip): the
// compressed file is read with read() in small chunks and inflated only as far as
// the reader has asked, so memory stays bounded whatever the file inflates to (a
// "gzip bomb" included). Concatenated members are read one after another; zero
// padding after the last one is ignored; a cut or corrupt stream ends the window
// with an error naming where, after every byte inflated before it.

#include "input_window.h"
#include "regular_file.h"

#include <memory>
#include <vector>

struct inflate_state;

namespace sharescope {

class GzipWindow : public InputWindow {
public:
    // Takes ownership of `fd` (positioned at the start of the gzip data, `size` bytes long).
    GzipWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes);
    ~GzipWindow() override;
    uint64_t inputConsumed() const override { return m_consumed; }

private:
    size_t produce(char *out, size_t room) override;
    bool readInput();         // refills m_in when it is used up; false at the end of the file
    bool startNextMember();   // after a member's end: skips padding, resets for the next one

    FdCloser m_fd;
    uint64_t m_fileSize;
    uint64_t m_readFromFile = 0;  // compressed bytes read from the file
    uint64_t m_consumed = 0;      // compressed bytes inflated
    std::unique_ptr<inflate_state> m_state;
    std::vector<unsigned char> m_in;
    size_t m_inPos = 0, m_inSize = 0;
    bool m_memberDone = false;
};

} // namespace sharescope
