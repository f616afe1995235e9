#pragma once
// A plain log file read a window at a time with read(): bounded memory whatever
// its size, and a file that shrinks while it is read is an error of that file
// (never a SIGBUS, as a memory map would give).

#include "input_window.h"
#include "regular_file.h"

namespace sharescope {

class FileWindow : public InputWindow {
public:
    // Takes ownership of `fd`; reads at most `size` bytes (the size when it was opened,
    // so that a log being appended to is read as it was). With `from`, the window starts at
    // that byte (a later part of a file read on several cores, file_split.h): base() says so.
    FileWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes, uint64_t from = 0);
    uint64_t inputConsumed() const override { return m_read; }

private:
    size_t produce(char *out, size_t room) override;

    FdCloser m_fd;
    uint64_t m_expected;
    uint64_t m_read = 0;
};

} // namespace sharescope
