#include "regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sharescope {

const char *fileKindName(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISREG(mode))
        return "a regular file";
    return "not a file";
}

int openRegularFile(const std::string &path, std::string &error, off_t *sizeOut)
{
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting
    // for one; O_NOCTTY: a terminal device never becomes our controlling terminal.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        error = std::string("cannot open: ") + std::strerror(errno);
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = std::string("cannot read: ") + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        error = std::string("not a regular file (") + fileKindName(st.st_mode) + ")";
        ::close(fd);
        return -1;
    }
    // Regular files never block; clear the flag anyway so that reads behave plainly.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (sizeOut)
        *sizeOut = st.st_size;
    return fd;
}

FdCloser::~FdCloser()
{
    if (fd >= 0)
        ::close(fd);
}

} // namespace sharescope
