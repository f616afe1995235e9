#include "gzip_index.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

namespace {

constexpr size_t kInChunk = 64u << 10;
constexpr size_t kOutChunk = 256u << 10;

// pread() in full, retried on EINTR; returns the bytes read (short at the end of the file).
size_t preadSome(int fd, unsigned char *to, size_t n, uint64_t at)
{
    size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(fd, to + done, n - done, static_cast<off_t>(at + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        done += static_cast<size_t>(r);
    }
    return done;
}

// The offset of the first non-zero byte at or after `at` (or the file's size): the zero
// padding that may follow a gzip member, read a chunk at a time into `scratch`.
uint64_t skipZeros(int fd, std::vector<unsigned char> &scratch, uint64_t at, uint64_t fileSize)
{
    while (at < fileSize) {
        const size_t n = preadSome(fd, scratch.data(), static_cast<size_t>(std::min<uint64_t>(scratch.size(), fileSize - at)), at);
        if (n == 0)
            return fileSize;
        const unsigned char *first = std::find_if(scratch.data(), scratch.data() + n, [](unsigned char b) { return b != 0; });
        at += static_cast<uint64_t>(first - scratch.data());
        if (first != scratch.data() + n)
            return at;
    }
    return at;
}

// A z_stream that is always ended.
struct Inflater {
    z_stream strm{};
    bool ready = false;
    bool init(int windowBits)
    {
        ready = inflateInit2(&strm, windowBits) == Z_OK;
        return ready;
    }
    ~Inflater()
    {
        if (ready)
            inflateEnd(&strm);
    }
};

} // namespace

bool GzipIndex::read(int fd, uint64_t fileSize, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_points.empty()) {
        Point start;
        start.memberStart = true;
        m_points.push_back(std::move(start));
    }
    const uint64_t want = offset + length;
    // The last point at or before the range.
    auto after = std::upper_bound(m_points.begin(), m_points.end(), offset, [](uint64_t o, const Point &p) { return o < p.out; });
    const Point start = *(after - 1);  // a copy: points may be added below

    Inflater z;
    bool raw = !start.memberStart;
    if (!z.init(raw ? -15 : 15 + 16)) {
        error = "cannot start inflating";
        return false;
    }
    std::vector<unsigned char> in(kInChunk), buf(kWindow + kOutChunk);
    size_t used = 0;           // bytes of buf holding output (the newest last)
    uint64_t sinceMember = 0;  // output bytes since the current member began (for a window's length)
    uint64_t inPos = start.in; // the next input byte to read from the file
    if (raw) {
        if (start.bits) {
            unsigned char partial = 0;
            if (preadSome(fd, &partial, 1, start.in - 1) != 1) {
                error = "the file changed since it was scanned";
                return false;
            }
            inflatePrime(&z.strm, start.bits, partial >> (8 - start.bits));
        }
        inflateSetDictionary(&z.strm, start.window.data(), static_cast<uInt>(start.window.size()));
        std::memcpy(buf.data(), start.window.data(), start.window.size());
        used = sinceMember = start.window.size();
    }
    uint64_t outPos = start.out;
    out.clear();
    out.reserve(static_cast<size_t>(length));
    auto ends = [&](const char *why) {
        error = std::string("gzip data ") + why + " at inflated byte " + std::to_string(outPos) + ", before the record's end at "
            + std::to_string(want) + " (the file changed since it was scanned?)";
        return false;
    };

    while (outPos < want) {
        if (z.strm.avail_in == 0) {
            const size_t n = preadSome(fd, in.data(), static_cast<size_t>(std::min<uint64_t>(in.size(), fileSize - std::min(fileSize, inPos))), inPos);
            if (n == 0)
                return ends("ends");
            z.strm.next_in = in.data();
            z.strm.avail_in = static_cast<uInt>(n);
            inPos += n;
        }
        if (used == buf.size()) {  // keep the history a later point's window needs
            std::memmove(buf.data(), buf.data() + used - kWindow, kWindow);
            used = kWindow;
        }
        z.strm.next_out = buf.data() + used;
        z.strm.avail_out = static_cast<uInt>(buf.size() - used);
        const uInt availIn = z.strm.avail_in, availOut = z.strm.avail_out;
        const int r = inflate(&z.strm, Z_BLOCK);
        const size_t produced = availOut - z.strm.avail_out;
        const uint64_t from = outPos, to = outPos + produced;
        if (to > offset && from < want) {
            const uint64_t lo = std::max(from, offset), hi = std::min(to, want);
            out.append(reinterpret_cast<const char *>(buf.data() + used + (lo - from)), static_cast<size_t>(hi - lo));
        }
        used += produced;
        outPos = to;
        sinceMember += produced;
        const uint64_t consumed = inPos - z.strm.avail_in;  // input bytes before next_in

        if (r == Z_STREAM_END) {
            // The member ends: a raw restart has its 8-byte trailer still to skip (zlib
            // reads it in gzip mode); zero padding may follow, then another member.
            const uint64_t next = skipZeros(fd, in, consumed + (raw ? 8 : 0), fileSize);
            if (next >= fileSize)
                return outPos >= want || ends("ends");
            if (inflateReset2(&z.strm, 15 + 16) != Z_OK)
                return ends("cannot be read");
            raw = false;
            z.strm.avail_in = 0;
            inPos = next;
            sinceMember = 0;
            if (outPos >= m_points.back().out + m_spacing) {
                Point p;
                p.in = next;
                p.out = outPos;
                p.memberStart = true;
                m_points.push_back(std::move(p));
            }
            continue;
        }
        if (r == Z_BUF_ERROR && z.strm.avail_in == 0)
            continue;  // it needs more input
        if (r != Z_OK)
            return ends("is corrupt");
        if (r == Z_OK && produced == 0 && availIn == z.strm.avail_in && z.strm.avail_out > 0 && (z.strm.data_type & 128) == 0)
            return ends("makes no progress");
        // A block boundary (not after the last block): an access point, if far enough past the last.
        if ((z.strm.data_type & 128) && !(z.strm.data_type & 64) && outPos >= m_points.back().out + m_spacing) {
            Point p;
            p.in = consumed;
            p.out = outPos;
            p.bits = z.strm.data_type & 7;
            const size_t w = static_cast<size_t>(std::min<uint64_t>(kWindow, sinceMember));
            p.window.assign(buf.data() + used - w, buf.data() + used);
            m_windowBytes += w;
            m_points.push_back(std::move(p));
        }
    }
    return true;
}

void GzipIndex::indexWhole(int fd, uint64_t fileSize)
{
    // A range past any file's end: the read stops where the data does (its "ends" error is
    // the expected outcome here), having indexed all the way.
    std::string out, error;
    read(fd, fileSize, UINT64_MAX / 2, 0, out, error);
}

size_t GzipIndex::pointCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_points.size();
}

size_t GzipIndex::memoryBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_windowBytes + m_points.size() * sizeof(Point);
}

GzipIndexCache &GzipIndexCache::instance()
{
    static GzipIndexCache cache;
    return cache;
}

std::shared_ptr<GzipIndex> GzipIndexCache::indexFor(const std::string &path, int fd)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return std::make_shared<GzipIndex>();  // unknown: a fresh one, not kept
    Entry now;
    now.dev = static_cast<uint64_t>(st.st_dev);
    now.ino = static_cast<uint64_t>(st.st_ino);
    now.size = static_cast<uint64_t>(st.st_size);
    now.mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    std::lock_guard<std::mutex> lock(m_mutex);
    now.lastUse = ++m_clock;
    for (auto &[p, e] : m_entries) {
        if (p != path)
            continue;
        if (e.dev != now.dev || e.ino != now.ino || e.size != now.size || e.mtimeNs != now.mtimeNs)
            e = Entry{now.dev, now.ino, now.size, now.mtimeNs, now.lastUse, std::make_shared<GzipIndex>()};  // changed: start over
        e.lastUse = now.lastUse;
        return e.index;
    }
    now.index = std::make_shared<GzipIndex>();
    m_entries.emplace_back(path, now);
    return now.index;
}

void GzipIndexCache::trim()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto total = [&] {
        size_t bytes = 0;
        for (const auto &entry : m_entries)
            bytes += entry.second.index->memoryBytes();
        return bytes;
    };
    while (m_entries.size() > 1 && total() > kBudget) {
        auto oldest = std::min_element(m_entries.begin(), m_entries.end(),
                                       [](const auto &a, const auto &b) { return a.second.lastUse < b.second.lastUse; });
        m_entries.erase(oldest);
    }
}

} // namespace sharescope
