#include "log_file.h"

#include "file_window.h"
#include "gzip_window.h"
#include "regular_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

OpenedLog openLog(const std::string &path, WindowBuffer &buffer, size_t windowBytes)
{
    OpenedLog log;
    off_t size = 0;
    const int fd = openRegularFile(path, log.error, &size);
    if (fd < 0)
        return log;
    log.diskBytes = static_cast<uint64_t>(size);
    unsigned char magic[2] = {0, 0};
    const bool gzip = size >= 2 && ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    log.gzip = gzip;
    if (gzip)
        log.window = std::make_unique<GzipWindow>(fd, log.diskBytes, buffer, windowBytes);
    else
        log.window = std::make_unique<FileWindow>(fd, log.diskBytes, buffer, windowBytes);
    log.window->start();
    return log;
}

bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    WindowBuffer buffer;
    OpenedLog log = openLog(path, buffer, std::max<size_t>(1u << 20, length + 4096));
    if (!log.window) {
        error = log.error;
        return false;
    }
    InputWindow &window = *log.window;
    while (window.base() + window.size() < offset + length) {
        const size_t skip = offset > window.base() ? static_cast<size_t>(std::min<uint64_t>(offset - window.base(), window.size())) : 0;
        if (!window.advance(skip)) {
            error = window.error().empty() ? "the file changed since it was scanned" : window.error();
            return false;
        }
    }
    out.assign(window.data() + (offset - window.base()), length);
    return true;
}

} // namespace sharescope
