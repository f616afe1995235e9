#pragma once
// One big plain file read on several cores at once, with exactly the result of one
// reader from byte 0.
//
// The file is cut into parts. Part 0 starts at byte 0. Each later part opens the file
// at its share's start, looks from there for the first place that looks like the start
// of a record of the file's records array (findRecordStart), says where (publishStart),
// and reads on from it, holding back what it finds. A guess can be wrong: such a place
// may be inside a record (a nested object) or a string. So a part counts only when the
// reader before it, itself counted, arrives exactly at its start between two records of
// the first array (stopsAt). A reader that passes a later part's start otherwise (inside
// a record, past the array's end, or before the part said where it starts) reads on
// through that part itself, and the part's work is dropped.
//
// Waiting: a reader that reaches a later part's share before that part has said where it
// starts waits for it (it is opening the file: a few milliseconds at most). A part waits
// for its verdict once its own read is over. Neither wait can last for ever as long as
// every part is taken by a worker of its own (the scanner plans no more tasks than
// workers) and a part that will not read says so: publishStart(nullopt), or abandon().

#include "container_reader.h"
#include "gzip_handoff.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace sharescope {

// The first offset at or after `from` in data[0, size) where an element of a records
// array plausibly starts: the `{` of `}` `,` `{` (whitespace allowed between), preferably
// one whose first key is "eventVersion", as every CloudTrail record's is. `lastWindow`:
// nothing follows `size`, so settle for any such `{`; otherwise nullopt asks for more.
std::optional<size_t> findRecordStart(const char *data, size_t size, size_t from, bool lastWindow);

// Adds a later part's counts to the parts before it (`into`), as if one reader had read both.
void appendPartStats(ContainerStats &into, const ContainerStats &part);

class FileSplit {
public:
    enum class Verdict { Pending, Counted, Dropped };

    // `gzip`: a gzip file (gzip_handoff.h), whose later parts' shares are known in inflated
    // bytes only once part 0's inflater has reached them (setShareStart), and whose later
    // parts count only once their member's checksum is confirmed (confirm).
    FileSplit(uint64_t fileSize, unsigned parts, bool gzip = false);
    unsigned parts() const { return static_cast<unsigned>(m_parts.size()); }
    bool gzip() const { return m_gzip; }
    GzipHandoff &handoff() { return *m_handoff; }  // gzip only
    // Where part `part` starts looking for its start (its share of the file's bytes; for
    // gzip, of the compressed bytes).
    uint64_t shareStart(unsigned part) const { return m_parts[part].diskShare; }
    // Gzip: part `part`'s bytes start at inflated offset `offset` (before it says where its
    // first record starts).
    void setShareStart(unsigned part, uint64_t offset);
    // Gzip: part `part`'s member checksum held (or not); a reader waiting to stop at its
    // start stops (or reads on through it).
    void confirm(unsigned part, bool ok);

    // Part 0 will not be read (the scan stopped first, or it failed): every later part is dropped.
    void abandon();

    // Part `part` (> 0) starts at `start`, or nowhere (nullopt: it reads nothing). False:
    // the part is already dropped (a counted reader passed its share), so it must not read.
    bool publishStart(unsigned part, std::optional<uint64_t> start);

    // The reader of `part`, at the start of an element of the first array at `offset` with
    // `records` counted before it (its own count: a later part's starts at 1). True: it has
    // reached the next part it was looking for, which reads on from here.
    bool stopsAt(unsigned part, uint64_t offset, uint64_t records);
    // The next element start worth asking stopsAt about (UINT64_MAX: none).
    uint64_t nextCheck(unsigned part);
    // The reader of `part` left the first array: it reaches no later part.
    void leftFirstArray(unsigned part);

    // Lock-free: read while a part reads (a dropped part stops; a counted one may hand its
    // findings over).
    Verdict verdict(unsigned part) const { return m_parts[part].verdict.load(std::memory_order_acquire); }
    // Blocks until `part` is counted or dropped. Only once its read is over: the readers
    // before it never wait, so the verdict always comes.
    Verdict waitForVerdict(unsigned part);
    // What to add to the part's own record numbers (valid once it is counted).
    uint64_t recordShift(unsigned part) const { return m_parts[part].recordShift; }

    // A counted part's read is over and its findings handed over: its counts, and the
    // on-disk bytes it reported as progress. Decides the verdict of the parts after it.
    // Returns true when this part ended the file: then merged() holds the whole file's counts.
    bool finishPart(unsigned part, const ContainerStats &stats, uint64_t reportedBytes);
    // After the last counted part finished: the counts of every counted part, in order,
    // and the progress they reported between them.
    const ContainerStats &merged() const { return m_merged; }
    uint64_t reportedBytes() const { return m_reported; }
    // How many parts after the first were counted (for ScanSummary).
    unsigned countedLaterParts() const { return m_countedLater; }

private:
    struct Part {
        uint64_t diskShare = 0;
        uint64_t shareStart = 0;  // in the bytes the reader sees (UINT64_MAX: not known yet)
        std::optional<bool> confirmed;  // gzip: the checksum verdict
        bool published = false;
        std::optional<uint64_t> start;
        std::atomic<Verdict> verdict{Verdict::Pending};
        unsigned target = 0;               // the next part its reader looks for
        std::optional<unsigned> reached;   // the part its reader stopped at
        uint64_t recordsAtStop = 0;
        uint64_t recordShift = 0;
    };
    // With the lock held: `part` is counted; the parts its reader has passed are dropped.
    void count(unsigned part, uint64_t recordShift);
    void drop(unsigned part);

    std::mutex m_lock;
    std::condition_variable m_decided;
    std::vector<Part> m_parts;
    bool m_gzip = false;
    std::unique_ptr<GzipHandoff> m_handoff;
    ContainerStats m_merged;
    uint64_t m_reported = 0;
    unsigned m_countedLater = 0;
};

// The PartBoundary (container_reader.h) of one part's reader.
class SplitBoundary : public PartBoundary {
public:
    SplitBoundary(FileSplit &split, unsigned part) : m_split(split), m_part(part) {}
    uint64_t nextCheck() override { return m_split.nextCheck(m_part); }
    bool stopsAt(uint64_t offset, uint64_t records) override { return m_split.stopsAt(m_part, offset, records); }
    void leftFirstArray() override { m_split.leftFirstArray(m_part); }

private:
    FileSplit &m_split;
    unsigned m_part;
};

} // namespace sharescope
