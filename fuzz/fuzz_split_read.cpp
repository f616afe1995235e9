// A file read in parts on several cores (file_split.h) must tell exactly what one reader
// from byte 0 tells: the same alerts at the same records and offsets, revocations, uses,
// outcome (status, message, counts, bad records) and summary. An input that opens with
// { or [ is the file as it is (the seeds do); otherwise its first byte picks what goes
// before the rest ({"Records":[, [ or nothing), so that most inputs open with a records
// array and are cut into parts, a third of the file each. The size's parity picks the mode.
#include "alert_format.h"
#include "log_sources.h"
#include "scanner.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sharescope;

namespace {

// Each kind in the order it came; kinds apart, as the sinks take them (revocations and uses
// may come in other batches than the alerts they concern, as across files).
struct Told : ScanSink {
    std::vector<std::string> lines, revocations, uses;
    void alertsFound(std::vector<Alert> &&batch) override
    {
        for (const Alert &a : batch)
            lines.push_back("alert " + alertToJson(a, "f") + " inner " + std::to_string(a.location.inner));
    }
    void revocationsFound(std::vector<TimedRevocation> &&batch) override
    {
        for (const TimedRevocation &r : batch)
            revocations.push_back("revocation " + r.revocation.resourceId + "|" + r.revocation.account + "|" + r.time);
    }
    void usesFound(std::vector<ResourceUse> &&batch) override
    {
        for (const ResourceUse &u : batch)
            uses.push_back("use " + u.resourceId + "|" + u.account + "|" + u.eventId + "|" + std::to_string(u.location.record) + "|"
                            + std::to_string(u.location.offset) + "|" + std::to_string(u.location.length));
    }
    void fileFinished(const FileOutcome &o) override
    {
        lines.push_back("file " + std::to_string(int(o.status)) + "|" + o.message + "|" + std::to_string(o.events) + "|"
                        + std::to_string(o.badRecords) + "|" + std::to_string(o.firstBadOffset) + "|" + std::to_string(o.jsonBytes));
    }
};

std::vector<std::string> scan(const std::string &path, uint64_t size, unsigned threads, DetectionMode mode)
{
    Told told;
    ScanOptions options{threads, mode};
    options.partBytes = std::max<uint64_t>(1, size / 3);
    Scanner scanner(options);
    const ScanSummary s = scanner.run({LogFile{path, size, {}}}, told);
    told.lines.push_back("summary " + std::to_string(s.events) + "|" + std::to_string(s.duplicateEvents) + "|" + std::to_string(s.alerts)
                         + "|" + std::to_string(s.sentinelOnly) + "|" + std::to_string(s.uses) + "|" + std::to_string(s.filesFailed));
    told.lines.insert(told.lines.end(), told.revocations.begin(), told.revocations.end());
    told.lines.insert(told.lines.end(), told.uses.begin(), told.uses.end());
    return told.lines;
}

const std::string &scratchPath()
{
    static const std::string path = [] {
        char name[] = "/tmp/fuzz_split_read_XXXXXX";
        const int fd = ::mkstemp(name);
        if (fd < 0)
            std::abort();
        ::close(fd);
        return std::string(name);
    }();
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const kPrefixes[] = {"{\"Records\":[", "[", ""};
    std::string bytes;
    if (data[0] == '{' || data[0] == '[')
        bytes.assign(reinterpret_cast<const char *>(data), size);
    else
        bytes.append(kPrefixes[data[0] % 3]).append(reinterpret_cast<const char *>(data + 1), size - 1);
    const DetectionMode mode = size % 2 ? DetectionMode::Sentinel : DetectionMode::Extended;
    const std::string &path = scratchPath();
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
        std::abort();
    const std::vector<std::string> whole = scan(path, bytes.size(), 1, mode);
    const std::vector<std::string> parts = scan(path, bytes.size(), 3, mode);
    if (whole != parts) {
        std::fprintf(stderr, "read in parts, the file tells otherwise:\n");
        for (size_t i = 0; i < std::max(whole.size(), parts.size()); ++i)
            std::fprintf(stderr, "  whole: %s\n  parts: %s\n", i < whole.size() ? whole[i].c_str() : "-", i < parts.size() ? parts[i].c_str() : "-");
        std::abort();
    }
    return 0;
}
