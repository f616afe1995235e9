#include "log_file.h"

#include "container_reader.h"
#include "file_window.h"
#include "gzip_index.h"
#include "gzip_window.h"
#include "prefetch_window.h"
#include "regular_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

namespace {

constexpr uint64_t kReadAheadBytes = 4u << 20;  // on disk

// Gzip is known by its magic bytes, not by the file's name.
bool hasGzipMagic(int fd, uint64_t size)
{
    unsigned char magic[2] = {0, 0};
    return size >= 2 && ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// The first bytes of a plain file: what its records array is, if it opens with one.
std::optional<bool> plainRecordsArray(int fd, uint64_t size)
{
    if (hasGzipMagic(fd, size))
        return std::nullopt;
    char head[4096];
    const ssize_t n = ::pread(fd, head, sizeof head, 0);
    if (n <= 0)
        return std::nullopt;
    return ContainerReader::opensRecordsArray(head, static_cast<size_t>(n));
}

} // namespace

LogPart openLogPart(const std::string &path, WindowBuffer &buffer, size_t windowBytes, uint64_t from)
{
    LogPart part;
    off_t size = 0;
    const int fd = openRegularFile(path, part.error, &size);
    if (fd < 0)
        return part;
    const std::optional<bool> wrapped = plainRecordsArray(fd, static_cast<uint64_t>(size));
    if (!wrapped) {
        ::close(fd);
        part.error = "not a plain file that opens with its records array";
        return part;
    }
    part.wrapped = *wrapped;
    part.window = std::make_unique<FileWindow>(fd, static_cast<uint64_t>(size), buffer, windowBytes, from);
    part.window->start();
    return part;
}

bool canReadInParts(const std::string &path)
{
    std::string error;
    off_t size = 0;
    const int fd = openRegularFile(path, error, &size);
    if (fd < 0)
        return false;
    FdCloser closer(fd);
    return plainRecordsArray(fd, static_cast<uint64_t>(size)).has_value();
}

OpenedLog openLog(const std::string &path, WindowBuffer &buffer, size_t windowBytes, bool readAhead)
{
    OpenedLog log;
    off_t size = 0;
    const int fd = openRegularFile(path, log.error, &size);
    if (fd < 0)
        return log;
    log.diskBytes = static_cast<uint64_t>(size);
    const bool gzip = hasGzipMagic(fd, log.diskBytes);
    log.gzip = gzip;
    auto make = [&](WindowBuffer &into, size_t bytes, bool deferChecks) -> std::unique_ptr<InputWindow> {
        if (gzip)
            return std::make_unique<GzipWindow>(fd, log.diskBytes, into, bytes, deferChecks);
        return std::make_unique<FileWindow>(fd, log.diskBytes, into, bytes);
    };
    // Only gzip is worth it: inflating costs more than handing its output to another core,
    // but a plain file's read() is a copy, and a copy into lines the other core holds runs
    // at half the speed (measured: more system time than it saves). Small files are read
    // in a few calls, where a thread would cost more than it saves.
    if (readAhead && gzip && log.diskBytes >= kReadAheadBytes)
        // The reader checks each member's CRC-32, off the inflating core (member_check.h).
        log.window = std::make_unique<PrefetchWindow>([&](WindowBuffer &into) { return make(into, 4096, true); }, buffer,
                                                      windowBytes);
    else
        log.window = make(buffer, windowBytes, false);
    log.window->start();
    return log;
}

bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    off_t size = 0;
    const int fd = openRegularFile(path, error, &size);
    if (fd < 0)
        return false;
    FdCloser closer(fd);
    const uint64_t fileSize = static_cast<uint64_t>(size);
    if (hasGzipMagic(fd, fileSize)) {
        // Inflated from the nearest access point before the record, not from byte 0.
        GzipIndexCache &cache = GzipIndexCache::instance();
        const bool ok = cache.indexFor(path, fd)->read(fd, fileSize, offset, length, out, error);
        cache.trim();
        return ok;
    }
    // A plain file is read where the record is.
    out.resize(static_cast<size_t>(length));
    size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, out.data() + done, static_cast<size_t>(length) - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error = n < 0 ? std::string("cannot read: ") + std::strerror(errno) : "the file changed since it was scanned";
            out.clear();
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

void prepareReadBack(const std::string &path)
{
    std::string error;
    off_t size = 0;
    const int fd = openRegularFile(path, error, &size);
    if (fd < 0)
        return;
    FdCloser closer(fd);
    const bool gzip = hasGzipMagic(fd, static_cast<uint64_t>(size));
    // Under a megabyte of gzip inflates in milliseconds from its start: no index needed.
    if (!gzip || size < (1 << 20))
        return;
    GzipIndexCache &cache = GzipIndexCache::instance();
    cache.indexFor(path, fd)->indexWhole(fd, static_cast<uint64_t>(size));
    cache.trim();
}

} // namespace sharescope
