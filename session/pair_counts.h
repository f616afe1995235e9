#pragma once
// A count per (group, value) pair of 32-bit ids, kept as one sorted array of 64-bit
// keys beside their counts. The grouped views add pairs a batch at a time (every row
// of a million-row build, or a streamed batch): the batch is radix-sorted and merged
// in, so a build walks memory in order instead of probing a hash table per row.

#include <QtGlobal>

#include <utility>
#include <vector>

namespace sharescope::session {

class PairCounts {
public:
    static quint64 keyOf(quint32 group, quint32 value) { return (quint64(group) << 32) | value; }
    static quint32 groupOf(quint64 key) { return static_cast<quint32>(key >> 32); }
    static quint32 valueOf(quint64 key) { return static_cast<quint32>(key); }

    // Counts every pair in `pairs` (any order; a repeated pair counts each time) and
    // returns, sorted, the pairs whose count was 0 before.
    std::vector<quint64> addAll(std::vector<quint64> &&pairs);
    // Replaces the contents with `keys` (sorted, distinct) and their counts.
    void assign(std::vector<quint64> &&keys, std::vector<quint32> &&counts)
    {
        m_keys = std::move(keys);
        m_counts = std::move(counts);
    }
    // Adds `delta` to one pair's count (a missing pair is inserted) and returns the new count.
    quint32 add(quint64 key, int delta);
    // The pair's count; 0 when it was never added.
    quint32 count(quint64 key) const;
    size_t size() const { return m_keys.size(); }
    // The pairs of one group are contiguous: [first, last) index its keys, values in id order.
    std::pair<size_t, size_t> rangeOf(quint32 group) const;
    quint64 keyAt(size_t i) const { return m_keys[i]; }
    quint32 countAt(size_t i) const { return m_counts[i]; }
    void clear();

private:
    std::vector<quint64> m_keys;    // sorted, distinct
    std::vector<quint32> m_counts;  // m_counts[i] for m_keys[i]
};

// Sorts 64-bit keys (LSD radix, a byte per pass; passes where every key has the same byte are skipped).
void radixSort(std::vector<quint64> &keys);

} // namespace sharescope::session
