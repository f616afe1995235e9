#include "file_window.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

FileWindow::FileWindow(int fd, uint64_t size, WindowBuffer &buffer, size_t windowBytes, uint64_t from)
    // A small file needs no more than its size (+1 to see its end in the same fill).
    : InputWindow(buffer, static_cast<size_t>(std::min<uint64_t>(windowBytes, size - std::min(from, size) + 1))), m_fd(fd)
    , m_expected(size), m_read(std::min(from, size))
{
    if (m_read > 0 && ::lseek(m_fd.fd, static_cast<off_t>(m_read), SEEK_SET) < 0)
        fail(std::string("cannot seek to byte ") + std::to_string(m_read) + ": " + std::strerror(errno));
    startAt(m_read);
}

size_t FileWindow::produce(char *out, size_t room)
{
    room = static_cast<size_t>(std::min<uint64_t>(room, m_expected - m_read));
    if (room == 0)
        return 0;
    for (;;) {
        const ssize_t n = ::read(m_fd.fd, out, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(std::string("cannot read at byte ") + std::to_string(m_read) + ": " + std::strerror(errno));
            return 0;
        }
        if (n == 0) {
            fail("the file shrank while it was being read (rotated or rewritten?): it ends at byte " + std::to_string(m_read)
                 + " of " + std::to_string(m_expected));
            return 0;
        }
        m_read += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
    }
}

} // namespace sharescope
