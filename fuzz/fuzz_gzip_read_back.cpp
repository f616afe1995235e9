// Reading records back from a gzip file (gzip_index.h) against the scan's own reading
// of it (GzipWindow, ISA-L): any range read back must be exactly the bytes the scan
// saw there, whatever the index's access points (placed every 256 bytes here, so that
// small inputs have many), and hostile input must never crash or hang the read. The
// window that leaves each member's checks to its reader (member_check.h, as a scan reads
// one big file ahead) must give the same bytes and the same error as ISA-L's own checks.
#include "gzip_index.h"
#include "gzip_window.h"
#include "member_check.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sharescope;

namespace {

// Past 8 MB (a small bomb) the rest is not compared: the fuzzer's memory stays bounded.
constexpr size_t kCompared = 8u << 20;

// What the scan reads: the window's bytes until the end or an error (the window takes a
// copy of the fd). `deferChecks`: the member checks are done here, as PrefetchWindow does.
// Returns whether it read to the end within kCompared.
bool readWindow(int fd, size_t size, bool deferChecks, std::string &seen, std::string &error)
{
    WindowBuffer buffer;
    GzipWindow window(::dup(fd), size, buffer, 4096, deferChecks);
    MemberChecker checker;
    std::vector<MemberCheck> checks;
    window.start();
    for (;;) {
        window.takeMemberChecks(checks);
        for (const MemberCheck &check : checks)
            checker.expect(check);
        checks.clear();
        seen.append(window.data(), checker.take(window.data(), window.size()));
        if (!checker.error().empty() || seen.size() > kCompared || window.atEnd() || !window.advance(window.size()))
            break;
    }
    if (checker.error().empty()) {
        window.takeMemberChecks(checks);
        for (const MemberCheck &check : checks)
            checker.expect(check);
        checker.take(nullptr, 0);
    }
    error = checker.error().empty() ? window.error() : checker.error();
    return seen.size() <= kCompared;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int fd = ::memfd_create("fuzz.gz", 0);
    if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size))
        std::abort();
    std::string seen, error, deferredSeen, deferredError;
    const bool complete = readWindow(fd, size, false, seen, error);
    const bool whole = complete && error.empty();
    if (readWindow(fd, size, true, deferredSeen, deferredError) && complete
        && (deferredSeen != seen || deferredError != error))
        std::abort();
    GzipIndex index(256);
    std::string out;
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
