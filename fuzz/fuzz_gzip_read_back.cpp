// Reading records back from a gzip file (gzip_index.h) against the scan's own reading
// of it (GzipWindow, ISA-L): any range read back must be exactly the bytes the scan
// saw there, whatever the index's access points (placed every 256 bytes here, so that
// small inputs have many), and hostile input must never crash or hang the read.
#include "gzip_index.h"
#include "gzip_window.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace sharescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int fd = ::memfd_create("fuzz.gz", 0);
    if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size))
        std::abort();
    // What the scan reads: the window's bytes until the end or an error. It takes the fd.
    std::string seen;
    bool whole = false;
    {
        WindowBuffer buffer;
        GzipWindow window(::dup(fd), size, buffer, 4096);
        window.start();
        // Past 8 MB (a small bomb) the rest is not compared: the fuzzer's memory stays bounded.
        constexpr size_t kCompared = 8u << 20;
        for (;;) {
            seen.append(window.data(), window.size());
            if (seen.size() > kCompared || window.atEnd() || !window.advance(window.size()))
                break;
        }
        whole = window.error().empty() && seen.size() <= kCompared;
    }
    GzipIndex index(256);
    std::string out, error;
    auto check = [&](uint64_t offset, uint64_t length) {
        if (offset + length > seen.size())
            return;
        // zlib may refuse what ISA-L read (then the event pane says so); it must never
        // hand back other bytes than the scan saw.
        if (index.read(fd, size, offset, length, out, error) && out != seen.substr(offset, length))
            std::abort();
    };
    if (!seen.empty()) {
        check(seen.size() - std::min<size_t>(seen.size(), 700), std::min<size_t>(seen.size(), 700));  // the end first: points along all of it
        for (uint64_t k = 0; k < 8; ++k) {
            const uint64_t offset = (k * 7919) % seen.size();
            check(offset, std::min<uint64_t>(seen.size() - offset, 1 + k * 131));
        }
        check(0, seen.size());
    }
    if (whole)
        index.indexWhole(fd, size);
    ::close(fd);
    return 0;
}
