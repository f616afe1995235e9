// The same bytes read whole and through a small window refilled in uneven chunks
// must give the same events at the same places, the same record counts and the
// same bad records: the window's edges must never change what is read. The first
// two bytes pick the window size (4 KB and up) and the chunk size.
#include "container_reader.h"
#include "input_window.h"
#include "rule0236.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <vector>

using namespace sharescope;

namespace {

// Bytes in memory handed out `chunk` at a time, as a file or a gzip stream would.
class MemoryWindow : public InputWindow {
public:
    MemoryWindow(const char *data, size_t size, WindowBuffer &buffer, size_t windowBytes, size_t chunk)
        : InputWindow(buffer, windowBytes), m_data(data), m_size(size), m_chunk(chunk) {}
    uint64_t inputConsumed() const override { return m_pos; }

private:
    size_t produce(char *out, size_t room) override
    {
        const size_t n = std::min({room, m_chunk, m_size - m_pos});
        std::memcpy(out, m_data + m_pos, n);
        m_pos += n;
        return n;
    }
    const char *m_data;
    size_t m_size, m_chunk, m_pos = 0;
};

using Seen = std::vector<std::tuple<uint64_t, uint64_t, int>>;

void report(const char *what, const ContainerStats &whole, const ContainerStats &windowed)
{
    std::fprintf(stderr, "%s differs: whole events %llu records %llu bad %llu@%llu error '%s'; windowed events %llu records %llu bad %llu@%llu error '%s'\n",
                 what, (unsigned long long)whole.events, (unsigned long long)whole.records, (unsigned long long)whole.badRecords,
                 (unsigned long long)whole.firstBadOffset, whole.error.c_str(), (unsigned long long)windowed.events,
                 (unsigned long long)windowed.records, (unsigned long long)windowed.badRecords,
                 (unsigned long long)windowed.firstBadOffset, windowed.error.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const size_t windowBytes = 4096 + size_t(data[0]) * 64;
    const size_t chunk = 1 + size_t(data[1]) * 37;
    const char *bytes = reinterpret_cast<const char *>(data + 2);
    const size_t length = size - 2;

    auto collect = [](Seen &seen) {
        return [&seen](const CloudTrailEvent &, const EventLocation &where) { seen.emplace_back(where.offset, where.length, where.inner); };
    };
    Seen wholeSeen, windowSeen;
    ContainerReader wholeReader([](std::string_view) { return true; });
    const ContainerStats whole = wholeReader.read(bytes, length, 0, collect(wholeSeen));

    WindowBuffer buffer;
    MemoryWindow window(bytes, length, buffer, windowBytes, chunk);
    window.start();
    ContainerReader windowReader([](std::string_view) { return true; });
    const ContainerStats windowed = windowReader.read(window, 0, collect(windowSeen));

    if (whole.events != windowed.events || whole.records != windowed.records || whole.insightEvents != windowed.insightEvents)
        report("counts", whole, windowed);
    if (whole.badRecords != windowed.badRecords || (whole.badRecords && whole.firstBadOffset != windowed.firstBadOffset))
        report("bad records", whole, windowed);
    if (whole.error.empty() != windowed.error.empty() || whole.skipReason != windowed.skipReason)
        report("errors", whole, windowed);
    if (wholeSeen != windowSeen)
        report("event locations", whole, windowed);
    return 0;
}
