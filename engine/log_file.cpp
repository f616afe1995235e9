#include "log_file.h"

#include "container_reader.h"
#include "file_window.h"
#include "gzip_handoff.h"
#include "gzip_index.h"
#include "gzip_part_window.h"
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

// The first bytes of a file (inflated, for gzip): what its records array is, if it opens with one.
std::optional<bool> recordsArray(int fd, uint64_t size)
{
    if (hasGzipMagic(fd, size)) {
        const int copy = ::dup(fd);
        if (copy < 0 || ::lseek(copy, 0, SEEK_SET) < 0) {
            if (copy >= 0)
                ::close(copy);
            return std::nullopt;
        }
        WindowBuffer buffer;
        GzipWindow head(copy, size, buffer, 4096);
        head.start();
        return ContainerReader::opensRecordsArray(head.data(), head.size());
    }
    char head[4096];
    const ssize_t n = ::pread(fd, head, sizeof head, 0);
    if (n <= 0)
        return std::nullopt;
    return ContainerReader::opensRecordsArray(head, static_cast<size_t>(n));
}

} // namespace

LogPart openLogPart(const std::string &path, WindowBuffer &buffer, size_t windowBytes, uint64_t from,
                    const GzipPartWindow::Links *gzipLinks)
{
    LogPart part;
    off_t size = 0;
    const int fd = openRegularFile(path, part.error, &size);
    if (fd < 0)
        return part;
    const std::optional<bool> wrapped = recordsArray(fd, static_cast<uint64_t>(size));
    const bool gzip = hasGzipMagic(fd, static_cast<uint64_t>(size));
    if (!wrapped || gzip != (gzipLinks != nullptr)) {
        ::close(fd);
        part.error = "not a file that opens with its records array";
        return part;
    }
    part.wrapped = *wrapped;
    if (gzip) {
        // Inflated ahead on a thread of its own, as part 0 is: the two parts' inflating and
        // reading then share both cores to the end.
        bool prepared = false;
        auto window = std::make_unique<PrefetchWindow>(
            [&](WindowBuffer &into) {
                auto source = std::make_unique<GzipPartWindow>(fd, static_cast<uint64_t>(size), from, *gzipLinks, into, 4096);
                prepared = source->prepare();
                if (!prepared)
                    part.error = source->error();
                return source;
            },
            buffer, windowBytes);
        if (!prepared)
            return part;
        part.window = std::move(window);
    } else {
        part.window = std::make_unique<FileWindow>(fd, static_cast<uint64_t>(size), buffer, windowBytes, from);
    }
    part.window->start();
    return part;
}

PartsKind canReadInParts(const std::string &path)
{
    std::string error;
    off_t size = 0;
    const int fd = openRegularFile(path, error, &size);
    if (fd < 0)
        return PartsKind::None;
    FdCloser closer(fd);
    if (!recordsArray(fd, static_cast<uint64_t>(size)))
        return PartsKind::None;
    return hasGzipMagic(fd, static_cast<uint64_t>(size)) ? PartsKind::Gzip : PartsKind::Plain;
}

OpenedLog openLog(const std::string &path, WindowBuffer &buffer, size_t windowBytes, bool readAhead, const GzipPartZero *partZero)
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
        if (gzip) {
            auto window = std::make_unique<GzipWindow>(fd, log.diskBytes, into, bytes, deferChecks);
            if (partZero && deferChecks)
                window->watch(partZero->handoff, partZero->watchFrom);
            return window;
        }
        return std::make_unique<FileWindow>(fd, log.diskBytes, into, bytes);
    };
    if (gzip && partZero) {
        // Part 0 of a gzip file on two cores: inflated ahead, watching for part 1's block, its
        // reader noting the CRC-32 of the bytes before part 1's (gzip_handoff.h).
        auto window = std::make_unique<PrefetchWindow>([&](WindowBuffer &into) { return make(into, 4096, true); }, buffer,
                                                       windowBytes);
        GzipHandoff *handoff = partZero->handoff;
        window->onMark([handoff](uint32_t crc, uint64_t size) { handoff->noteBefore(crc, size); });
        log.window = std::move(window);
        log.window->start();
        return log;
    }
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
