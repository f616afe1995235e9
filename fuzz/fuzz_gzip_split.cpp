// A big gzip file read on two cores (gzip_handoff.h) must tell exactly what one reader
// tells, whatever its records and whatever damage its gzip data has. The input is one
// record (or anything), repeated into a records array of about a megabyte, so that the
// compressed data has blocks for part 1 to start at; gzipped at the level the first byte
// picks; and, when that byte says so, damaged at one bit the input picks (a flipped bit in
// the middle of a deflate stream or in its trailer: part 1 must then never count).
#include "alert_format.h"
#include "log_sources.h"
#include "scanner.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sharescope;

namespace {

struct Told : ScanSink {
    std::vector<std::string> lines;
    void alertsFound(std::vector<Alert> &&batch) override
    {
        for (const Alert &a : batch)
            lines.push_back("alert " + alertToJson(a, "f"));
    }
    void usesFound(std::vector<ResourceUse> &&batch) override
    {
        for (const ResourceUse &u : batch)
            lines.push_back("use " + u.resourceId + "|" + u.account + "|" + std::to_string(u.location.offset));
    }
    void fileFinished(const FileOutcome &o) override
    {
        lines.push_back("file " + std::to_string(int(o.status)) + "|" + o.message + "|" + std::to_string(o.events) + "|"
                        + std::to_string(o.badRecords) + "|" + std::to_string(o.firstBadOffset) + "|" + std::to_string(o.jsonBytes));
    }
};

std::vector<std::string> scan(const std::string &path, uint64_t size, unsigned threads)
{
    Told told;
    ScanOptions options{threads, DetectionMode::Extended};
    options.partBytes = std::max<uint64_t>(1, size / 3);
    Scanner scanner(options);
    const ScanSummary s = scanner.run({LogFile{path, size, {}}}, told);
    told.lines.push_back("summary " + std::to_string(s.events) + "|" + std::to_string(s.duplicateEvents) + "|"
                         + std::to_string(s.alerts) + "|" + std::to_string(s.uses) + "|" + std::to_string(s.filesFailed));
    return told.lines;
}

std::string gzip(const std::string &text, int level)
{
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, text.size()), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

const std::string &scratchPath()
{
    static const std::string path = [] {
        char name[] = "/tmp/fuzz_gzip_split_XXXXXX";
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
    if (size < 3 || size > 64 * 1024)
        return 0;
    const std::string record(reinterpret_cast<const char *>(data + 3), size - 3);
    std::string text = "{\"Records\":[";
    for (size_t n = 0; text.size() < (1u << 20); ++n)
        text.append(n ? "," : "").append(record.empty() ? std::string("{}") : record);
    text += "]}";
    std::string gz = gzip(text, data[0] % 9 + 1);
    if (data[0] & 0x80) {
        const size_t bit = (size_t(data[1]) << 8 | data[2]) * 131 % (8 * gz.size());
        gz[bit / 8] = static_cast<char>(gz[bit / 8] ^ (1 << bit % 8));
    }
    const std::string &path = scratchPath();
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(gz.data(), 1, gz.size(), f) != gz.size() || std::fclose(f) != 0)
        std::abort();
    const std::vector<std::string> whole = scan(path, gz.size(), 1), parts = scan(path, gz.size(), 2);
    if (whole != parts) {
        std::fprintf(stderr, "read on two cores, the gzip file tells otherwise:\n");
        for (size_t i = 0; i < std::max(whole.size(), parts.size()); ++i)
            std::fprintf(stderr, "  whole: %s\n  parts: %s\n", i < whole.size() ? whole[i].c_str() : "-", i < parts.size() ? parts[i].c_str() : "-");
        std::abort();
    }
    return 0;
}
