#pragma once
// Reading a range of a gzip file's inflated bytes without inflating it from byte 0
// every time: the event pane reads one record back from a 1 GB .json.gz in
// milliseconds. The index keeps access points (zlib's zran approach: where a deflate
// block starts, to the bit, and the 32 KB of output before it, which later blocks may
// refer to) every kSpacing bytes of output. It grows as reads go further into the
// file: the first read of a far record inflates up to it once, and later reads start
// at the nearest point before theirs.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sharescope {

class GzipIndex {
public:
    static constexpr uint64_t kSpacing = 4u << 20;  // output bytes between access points
    static constexpr size_t kWindow = 32u << 10;    // deflate's history

    // `spacing` other than kSpacing is for tests and fuzzing, to put points in small files.
    explicit GzipIndex(uint64_t spacing = kSpacing) : m_spacing(spacing) {}

    // Reads [offset, offset + length) of the inflated bytes of the gzip file open on `fd`
    // (all its members, as the scan reads them) into `out`. Returns false with `error`
    // set when the data ends first or is corrupt. Calls are serialised per index.
    bool read(int fd, uint64_t fileSize, uint64_t offset, uint64_t length, std::string &out, std::string &error);

    // Inflates from the furthest point known to the end of the file, leaving points all
    // along it, so that the first read of any record is fast too.
    void indexWhole(int fd, uint64_t fileSize);

    size_t pointCount() const;
    size_t memoryBytes() const;  // held by the points' windows

private:
    struct Point {
        uint64_t in = 0;      // input bytes before the point (a partial byte counts as read)
        uint64_t out = 0;     // inflated bytes before it
        int bits = 0;         // bits of byte in-1 that belong to the block (0: starts at a byte)
        bool memberStart = false;  // a gzip header starts at `in`: no window, no bits
        std::vector<unsigned char> window;  // the output just before `out` (up to kWindow bytes)
    };

    const uint64_t m_spacing;
    mutable std::mutex m_mutex;
    std::vector<Point> m_points;  // by `out`; the first is the file's start
    size_t m_windowBytes = 0;
};

// The indexes of the gzip files read back in this process, by path, dropped when a
// file changes (size, modification time or inode) and the least recently used first
// when their windows hold more than `kBudget` bytes.
class GzipIndexCache {
public:
    static constexpr size_t kBudget = 64u << 20;
    static GzipIndexCache &instance();

    // The index of `path` as it is now (identified by the fstat of `fd`).
    std::shared_ptr<GzipIndex> indexFor(const std::string &path, int fd);
    // Asks to drop indexes until they fit the budget again (after a read grew one).
    void trim();

private:
    struct Entry {
        uint64_t dev = 0, ino = 0, size = 0;
        int64_t mtimeNs = 0;
        uint64_t lastUse = 0;
        std::shared_ptr<GzipIndex> index;
    };
    std::mutex m_mutex;
    std::vector<std::pair<std::string, Entry>> m_entries;
    uint64_t m_clock = 0;
};

} // namespace sharescope
