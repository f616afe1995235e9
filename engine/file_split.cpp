#include "file_split.h"

#include "element_splitter.h"

#include <cstring>
#include <string_view>

namespace sharescope {

std::optional<size_t> findRecordStart(const char *data, size_t size, size_t from, bool settle)
{
    static constexpr std::string_view kFirstKey = "\"eventVersion\"";
    auto space = [](char c) { return detail::isJsonSpace(c); };
    std::optional<size_t> any;
    for (size_t i = from; i < size;) {
        const void *hit = std::memchr(data + i, '{', size - i);
        if (!hit)
            break;
        const size_t at = static_cast<size_t>(static_cast<const char *>(hit) - data);
        i = at + 1;
        size_t b = at;
        while (b > 0 && space(data[b - 1]))
            --b;
        if (b == 0 || data[b - 1] != ',')
            continue;
        --b;
        while (b > 0 && space(data[b - 1]))
            --b;
        if (b == 0 || data[b - 1] != '}')
            continue;
        size_t k = at + 1;
        while (k < size && space(data[k]))
            ++k;
        if (size - k >= kFirstKey.size() && std::string_view(data + k, kFirstKey.size()) == kFirstKey)
            return at;
        if (!any)
            any = at;
    }
    return settle ? any : std::nullopt;
}

void appendPartStats(ContainerStats &into, const ContainerStats &part)
{
    into.events += part.events;
    into.records += part.records - std::min<uint64_t>(part.records, 1);  // a later part counts one record before it
    into.insightEvents += part.insightEvents;
    if (into.skipReason.empty())
        into.skipReason = part.skipReason;
    if (into.error.empty())
        into.error = part.error;
    if (into.badRecords == 0 && part.badRecords > 0) {
        into.firstBadOffset = part.firstBadOffset;
        into.firstBadReason = part.firstBadReason;
    }
    into.badRecords += part.badRecords;
    into.handedOn = part.handedOn;
}

FileSplit::FileSplit(uint64_t fileSize, unsigned parts, bool gzip)
    : m_parts(std::max(parts, 1u)), m_gzip(gzip), m_handoff(gzip ? std::make_unique<GzipHandoff>() : nullptr)
{
    for (unsigned p = 0; p < m_parts.size(); ++p) {
        m_parts[p].diskShare = fileSize / m_parts.size() * p;
        // Gzip (two parts): part 1 can give exact bytes only from where its speculation had got
        // to when part 0 reached its block, so it starts past the middle: at 3/5, both parts end
        // at about the same time (measured on 1 GB, two cores: 1/2, 3/5, 2/3, 7/10).
        if (gzip && p > 0)
            m_parts[p].diskShare = fileSize / 5 * 3;
        m_parts[p].shareStart = gzip && p > 0 ? UINT64_MAX : m_parts[p].diskShare;
        m_parts[p].target = p + 1;
    }
    // Part 0 starts at byte 0 and counts from the start.
    m_parts[0].published = true;
    m_parts[0].start = 0;
    m_parts[0].verdict.store(Verdict::Counted, std::memory_order_release);
}

bool FileSplit::publishStart(unsigned part, std::optional<uint64_t> start)
{
    std::lock_guard guard(m_lock);
    Part &me = m_parts[part];
    if (me.verdict.load(std::memory_order_relaxed) == Verdict::Dropped)
        return false;
    me.published = true;
    me.start = start;
    if (!start)
        drop(part);
    m_decided.notify_all();  // a reader may be waiting at this part's share (stopsAt)
    return start.has_value();
}

void FileSplit::setShareStart(unsigned part, uint64_t offset)
{
    std::lock_guard guard(m_lock);
    m_parts[part].shareStart = offset;
    m_decided.notify_all();
}

void FileSplit::confirm(unsigned part, bool ok)
{
    std::lock_guard guard(m_lock);
    Part &me = m_parts[part];
    if (me.confirmed)
        return;
    me.confirmed = ok;
    if (!ok)
        drop(part);
    m_decided.notify_all();
}

bool FileSplit::stopsAt(unsigned part, uint64_t offset, uint64_t records)
{
    std::unique_lock lock(m_lock);
    Part &me = m_parts[part];
    while (me.target < m_parts.size()) {
        const Part &next = m_parts[me.target];
        auto live = [&] { return next.verdict.load(std::memory_order_relaxed) != Verdict::Dropped; };
        if (live() && !next.published) {
            if (offset < next.shareStart)
                return false;
            // At its share before it said where it starts (it has not opened the file
            // yet): a short wait, which always ends (publishStart, abandon).
            m_decided.wait(lock, [&] { return next.published || !live(); });
        }
        if (live() && next.start) {
            if (offset < *next.start)
                return false;
            if (offset == *next.start && m_gzip) {
                // Its bytes are right only if its member's checksum holds: wait for that
                // (it comes at its member's end), then stop, or read on through it.
                m_decided.wait(lock, [&] { return next.confirmed.has_value() || !live(); });
            }
            if (offset == *next.start && live()) {
                me.reached = me.target;
                me.recordsAtStop = records;
                return true;
            }
        }
        // Passed (its start was inside a record, or past the first array), or it has no
        // start. This reader reads that part's bytes itself; if it counts, that part's
        // work is dropped.
        if (me.verdict.load(std::memory_order_relaxed) == Verdict::Counted)
            drop(me.target);
        ++me.target;
    }
    m_decided.notify_all();
    return false;
}

uint64_t FileSplit::nextCheck(unsigned part)
{
    std::lock_guard guard(m_lock);
    const Part &me = m_parts[part];
    if (me.target >= m_parts.size())
        return UINT64_MAX;
    const Part &next = m_parts[me.target];
    return next.published && next.start ? *next.start : next.shareStart;
}

void FileSplit::leftFirstArray(unsigned part)
{
    std::lock_guard guard(m_lock);
    Part &me = m_parts[part];
    for (; me.target < m_parts.size(); ++me.target)
        if (me.verdict.load(std::memory_order_relaxed) == Verdict::Counted)
            drop(me.target);
    m_decided.notify_all();
}

FileSplit::Verdict FileSplit::waitForVerdict(unsigned part)
{
    std::unique_lock lock(m_lock);
    m_decided.wait(lock, [&] { return m_parts[part].verdict.load(std::memory_order_relaxed) != Verdict::Pending; });
    return m_parts[part].verdict.load(std::memory_order_relaxed);
}

void FileSplit::abandon()
{
    if (m_handoff)
        m_handoff->partZeroGone();
    std::lock_guard guard(m_lock);
    for (unsigned q = 1; q < m_parts.size(); ++q)
        drop(q);
    m_decided.notify_all();
}

void FileSplit::drop(unsigned part)
{
    // A gzip part dropped before it found its block (a stopped scan, a file it could not
    // open) has not told part 0's inflater, which may wait for it: tell it now.
    if (m_handoff)
        m_handoff->giveUp();
    if (m_parts[part].verdict.load(std::memory_order_relaxed) == Verdict::Pending)
        m_parts[part].verdict.store(Verdict::Dropped, std::memory_order_release);
}

void FileSplit::count(unsigned part, uint64_t recordShift)
{
    Part &me = m_parts[part];
    if (me.verdict.load(std::memory_order_relaxed) != Verdict::Pending)
        return;
    me.recordShift = recordShift;
    me.verdict.store(Verdict::Counted, std::memory_order_release);
    ++m_countedLater;
    // What its reader passed while it did not count yet is now known to be its own.
    for (unsigned q = part + 1; q < me.target && q < m_parts.size(); ++q)
        drop(q);
}

bool FileSplit::finishPart(unsigned part, const ContainerStats &stats, uint64_t reportedBytes)
{
    std::lock_guard guard(m_lock);
    if (part == 0)
        m_merged = stats;
    else
        appendPartStats(m_merged, stats);
    m_reported += reportedBytes;
    const Part &me = m_parts[part];
    const unsigned end = me.reached ? *me.reached : static_cast<unsigned>(m_parts.size());
    for (unsigned q = part + 1; q < end; ++q)
        drop(q);
    if (me.reached) {
        // Part `end` starts right after this part's records: its first is record
        // recordShift + recordsAtStop of the file, and it numbers that record 1.
        const uint64_t before = me.recordShift + me.recordsAtStop;
        count(end, before - std::min<uint64_t>(before, 1));
    }
    m_decided.notify_all();
    return !me.reached;
}

} // namespace sharescope
