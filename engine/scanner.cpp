#include "scanner.h"

#include "container_reader.h"
#include "event_time.h"
#include "file_split.h"
#include "key_date.h"
#include "log_file.h"
#include "rule0236.h"

#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace sharescope {

namespace {

// One worker's job: a whole file, or one part of a big plain file read in parts.
struct ScanTask {
    uint32_t file = 0;
    unsigned part = 0;
    std::shared_ptr<FileSplit> split;  // null: the whole file
};

// What the workers share: the sink (called under the lock), dedup state and counters.
struct SharedState {
    ScanSink &sink;
    const std::vector<LogFile> &files;
    std::vector<ScanTask> tasks;
    std::mutex lock;
    std::unordered_set<std::string> seenEventIds;
    ScanSummary summary;
    ScanProgress progress;
    std::atomic<size_t> nextTask{0};
    std::atomic<uint64_t> bytesDone{0};
    std::atomic<uint64_t> events{0};
    std::chrono::steady_clock::time_point lastReport{};

    explicit SharedState(ScanSink &s, const std::vector<LogFile> &f) : sink(s), files(f) {}

    // Called with `lock` held; throttled so that a sink (the GUI) is not flooded.
    void reportProgress(bool force)
    {
        auto now = std::chrono::steady_clock::now();
        if (!force && now - lastReport < std::chrono::milliseconds(50))
            return;
        lastReport = now;
        // A part dropped gives back the bytes it reported; until then they may count twice.
        progress.bytesDone = std::min(bytesDone.load(std::memory_order_relaxed), progress.bytesTotal);
        progress.events = events.load(std::memory_order_relaxed);
        sink.progressed(progress);
    }
};

constexpr size_t kKeptBufferBytes = 8u << 20;
// A later part looks this far past its share's start for a record that starts with
// "eventVersion" before it settles for any place that looks like a record's start.
constexpr uint64_t kRecordSearchBytes = 4u << 20;
constexpr size_t kBatchAlerts = 256;
constexpr auto kBatchInterval = std::chrono::milliseconds(100);

// The file's error and its bad records in one sentence: "...; 3 records could not be read,
// the first at byte 120 (invalid JSON ...)".
std::string describeProblems(const ContainerStats &stats)
{
    std::string bad;
    if (stats.badRecords > 0)
        bad = std::to_string(stats.badRecords) + (stats.badRecords == 1 ? " record" : " records")
            + " could not be read, the first at byte " + std::to_string(stats.firstBadOffset) + " (" + stats.firstBadReason + ")";
    if (stats.error.empty())
        return bad;
    return bad.empty() ? stats.error : stats.error + "; " + bad;
}

// The tasks of a scan: one per file, or, when there are more cores than files, one per
// part of each big plain file that opens with its records array (file_split.h). Never
// more tasks than `threads`: each part has a worker of its own, so that no part waits for
// one that no worker is free to read.
std::vector<ScanTask> planTasks(const std::vector<LogFile> &files, unsigned threads, const ScanOptions &options)
{
    std::vector<ScanTask> tasks;
    const size_t partsPerFile = files.empty() || threads <= files.size() ? 1 : threads / files.size();
    for (uint32_t i = 0; i < files.size(); ++i) {
        const LogFile &file = files[i];
        const uint64_t partBytes = std::max<uint64_t>(options.partBytes, 1);
        unsigned parts = 1;
        PartsKind kind = PartsKind::None;
        if (partsPerFile > 1 && file.size >= 2 * partBytes && file.skipReason.empty()
            && rangeSkipReason(file.path, options.range).empty())
            kind = canReadInParts(file.path);
        if (kind != PartsKind::None)
            parts = static_cast<unsigned>(std::min<uint64_t>(partsPerFile, file.size / partBytes));
        if (kind == PartsKind::Gzip)
            parts = std::min(parts, 2u);  // one inflater hands over to one other (gzip_handoff.h)
        if (parts == 1) {
            tasks.push_back({i, 0, nullptr});
            continue;
        }
        auto split = std::make_shared<FileSplit>(file.size, parts, kind == PartsKind::Gzip);
        for (unsigned p = 0; p < parts; ++p)
            tasks.push_back({i, p, split});
    }
    return tasks;
}

class Worker {
public:
    // `readAhead`: a core is to spare (fewer files than threads), so big files are read ahead on it.
    Worker(SharedState &shared, const std::atomic<bool> &cancelled, const ScanOptions &options, bool readAhead)
        : m_shared(shared), m_cancelled(cancelled), m_options(options), m_mode(options.mode), m_readAhead(readAhead)
        , m_reader(m_mode == DetectionMode::Sentinel ? &Rule0236::mayMatchEventName : &ExtendedRule::mayMatchEventName,
                   m_mode == DetectionMode::Sentinel ? nullptr : &useInterest) {}

    void run()
    {
        for (;;) {
            const size_t index = m_shared.nextTask.fetch_add(1);
            if (index >= m_shared.tasks.size())
                return;
            const ScanTask &task = m_shared.tasks[index];
            m_split = task.split.get();
            m_part = task.part;
            m_partFinished = false;
            m_holding = false;
            m_recordShift = 0;
            if (m_cancelled.load(std::memory_order_relaxed)) {
                // Stopped: the tasks left are not read, but the parts of a file read in
                // parts are told so, or a reader could wait for them.
                if (m_split && m_part > 0)
                    m_split->publishStart(m_part, std::nullopt);
                else if (m_split)
                    m_split->abandon();
                continue;
            }
            if (m_part > 0) {
                try {
                    scanLaterPart(task.file);
                } catch (const std::exception &e) {
                    failLaterPart(task.file, e.what());
                }
                continue;
            }
            try {
                scanFile(task.file);
            } catch (const std::exception &e) {
                // Out of memory or a library's exception: that file fails, the scan goes on.
                discardFile();
                if (m_split && !m_partFinished)
                    m_split->abandon();  // its later parts are dropped, not left waiting
                FileOutcome failed;
                failed.fileIndex = task.file;
                failed.path = m_shared.files[task.file].path;
                failed.status = FileOutcome::Status::Failed;
                failed.message = std::string("could not be read: ") + e.what();
                std::lock_guard guard(m_shared.lock);
                ++m_shared.summary.filesFailed;
                m_shared.sink.fileFinished(failed);
            }
        }
    }

private:
    void scanFile(uint32_t index)
    {
        const LogFile &file = m_shared.files[index];
        FileOutcome outcome;
        outcome.fileIndex = index;
        outcome.path = file.path;
        uint64_t reportedBytes = 0;
        m_alerts.clear();
        m_partFinished = false;

        ContainerStats stats;
        const std::string outsideRange = file.skipReason.empty() ? rangeSkipReason(file.path, m_options.range) : std::string();
        if (!file.skipReason.empty() || !outsideRange.empty()) {
            outcome.status = FileOutcome::Status::Skipped;
            outcome.message = outsideRange.empty() ? file.skipReason : outsideRange;
            outcome.outsideRange = !outsideRange.empty();
        } else {
            std::optional<SplitBoundary> boundary;
            if (m_split)
                boundary.emplace(*m_split, 0);
            m_reader.setBoundary(boundary ? &*boundary : nullptr);
            const bool read = readLog(file, index, outcome, reportedBytes, stats);
            m_reader.setBoundary(nullptr);
            if (read && !m_split)
                describeOutcome(stats, outcome);
        }
        if (m_buffer.capacity > kKeptBufferBytes)
            m_buffer.release();  // one big value should not pin its buffer for the rest of the scan

        std::lock_guard guard(m_shared.lock);
        if (m_split && outcome.status != FileOutcome::Status::Failed) {
            // Part 0 of a file read in parts: the file ends with its last counted part.
            handOverPart(stats.events);
            m_partFinished = true;
            if (!m_split->finishPart(0, stats, reportedBytes))
                return;
            finishSplitFile(file, outcome);
            return;
        }
        if (m_split) {
            m_partFinished = true;
            m_split->abandon();  // it could not be opened: nothing of it counts
        }
        m_shared.bytesDone.fetch_add(file.size - std::min<uint64_t>(reportedBytes, file.size), std::memory_order_relaxed);
        handOverPart(outcome.events);
        reportFile(file, outcome);
    }

    // A later part of a file read in parts: finds where it starts, reads from there holding
    // back what it finds until it counts (file_split.h), and ends the file if it is the last.
    void scanLaterPart(uint32_t index)
    {
        const LogFile &file = m_shared.files[index];
        m_alerts.clear();
        m_holding = true;
        m_recordShift = 0;
        uint64_t reported = 0;
        ContainerStats stats;
        bool published = false;
        try {
            stats = readLaterPart(file, index, reported, published);
        } catch (const std::exception &e) {
            // Out of memory, say. Once it has said where it starts, a reader may stop there:
            // then the part still counts, and its failure is the file's.
            stats.error = std::string("could not be read: ") + e.what();
            if (!published)
                m_split->publishStart(m_part, std::nullopt);
        }
        if (m_buffer.capacity > kKeptBufferBytes)
            m_buffer.release();
        if (m_split->waitForVerdict(m_part) != FileSplit::Verdict::Counted) {
            // Its start was a wrong guess, or the scan stopped first: as if it had never been read.
            discardFile();
            m_holding = false;
            m_shared.bytesDone.fetch_sub(std::min(reported, m_shared.bytesDone.load()), std::memory_order_relaxed);
            return;
        }
        std::lock_guard guard(m_shared.lock);
        handOverPart(stats.events);
        endLaterPart(index, stats, reported);
    }

    // With the lock held: a counted later part is over; the file's outcome when it was the last.
    void endLaterPart(uint32_t index, const ContainerStats &stats, uint64_t reported)
    {
        m_partFinished = true;
        if (!m_split->finishPart(m_part, stats, reported))
            return;
        FileOutcome outcome;
        outcome.fileIndex = index;
        outcome.path = m_shared.files[index].path;
        // The file's bytes as read: a gzip file's inflated size, where its last part's window ended.
        outcome.jsonBytes = m_split->gzip() ? m_partEnd : m_shared.files[index].size;
        finishSplitFile(m_shared.files[index], outcome);
    }

    // Out of memory, say, while a counted later part handed over what it found: the part
    // ends there with that failure (the parts after it are dropped), so the file is still told.
    void failLaterPart(uint32_t index, const char *what)
    {
        discardFile();
        m_holding = false;
        if (m_partFinished || m_split->verdict(m_part) != FileSplit::Verdict::Counted)
            return;
        ContainerStats failed;
        failed.records = 1;  // the record before it, which every later part counts
        failed.error = std::string("could not be read: ") + what;
        std::lock_guard guard(m_shared.lock);
        endLaterPart(index, failed, 0);
    }

    // Reads a later part; returns its counts (nothing read when it has no start or is dropped).
    ContainerStats readLaterPart(const LogFile &file, uint32_t index, uint64_t &reported, bool &published)
    {
        const uint64_t from = m_split->shareStart(m_part);
        GzipPartWindow::Links links;
        if (m_split->gzip()) {
            FileSplit *split = m_split;
            const unsigned part = m_part;
            links.handoff = &split->handoff();
            links.exactStart = [split, part](uint64_t offset) { split->setShareStart(part, offset); };
            links.confirmed = [split, part](bool ok) { split->confirm(part, ok); };
        }
        LogPart log = openLogPart(file.path, m_buffer, m_options.windowBytes, from, m_split->gzip() ? &links : nullptr);
        std::optional<size_t> start;
        if (log.window) {
            // Where this part starts: within kRecordSearchBytes of its share's start, a record
            // that starts with "eventVersion"; then any place that looks like a record's start.
            InputWindow &w = *log.window;
            size_t pos = 0;
            for (;;) {
                const bool settle = w.atEnd() || w.base() + w.size() - from >= kRecordSearchBytes;
                if ((start = findRecordStart(w.data(), w.size(), pos, settle)) || settle)
                    break;
                const size_t keep = w.size() > 64 ? w.size() - 64 : 0;  // a start may straddle the window's edge
                w.advance(keep);  // at the end (or on an error) the next turn settles on what is there
                pos = 0;
            }
        }
        published = true;
        if (!m_split->publishStart(m_part, start ? std::optional<uint64_t>(log.window->base() + *start) : std::nullopt))
            return {};
        auto onEvent = [this](const CloudTrailEvent &event, const EventLocation &where) { this->onEvent(event, where); };
        InputWindow &window = *log.window;
        SplitBoundary boundary(*m_split, m_part);
        m_reader.setBoundary(&boundary);
        ContainerStats stats = m_reader.readPart(window, *start, log.wrapped, index, onEvent, [&](size_t) {
            const uint64_t disk = window.inputConsumed() - from;
            m_shared.bytesDone.fetch_add(disk - std::min(disk, reported), std::memory_order_relaxed);
            reported = std::max(reported, disk);
            return !m_cancelled.load(std::memory_order_relaxed) && m_split->verdict(m_part) != FileSplit::Verdict::Dropped;
        });
        m_reader.setBoundary(nullptr);
        m_partEnd = window.base() + window.size();
        return stats;
    }

    // With the lock held, after the last counted part of a file read in parts: the file's outcome.
    void finishSplitFile(const LogFile &file, FileOutcome &outcome)
    {
        ContainerStats stats = m_split->merged();
        judgeWholeFile(stats);
        describeOutcome(stats, outcome);
        m_shared.summary.partsReadAlongside += m_split->countedLaterParts();
        m_shared.bytesDone.fetch_add(file.size - std::min<uint64_t>(m_split->reportedBytes(), file.size), std::memory_order_relaxed);
        reportFile(file, outcome);
    }

    // With the lock held: the file's outcome to the summary and the sink.
    void reportFile(const LogFile &file, const FileOutcome &outcome)
    {
        ScanSummary &sum = m_shared.summary;
        switch (outcome.status) {
        case FileOutcome::Status::Read: ++sum.filesRead; break;
        case FileOutcome::Status::Skipped: ++sum.filesSkipped; break;
        case FileOutcome::Status::Failed: ++sum.filesFailed; break;
        }
        sum.filesOutsideRange += outcome.outsideRange;
        sum.events += outcome.events;
        sum.diskBytes += file.size;
        sum.jsonBytes += outcome.jsonBytes;
        m_shared.sink.fileFinished(outcome);
        ++m_shared.progress.filesDone;
        m_shared.reportProgress(false);
    }

    // With the lock held: what this part (or whole file) found goes to the sink, and its
    // counts of `events` read, duplicates and events outside the range to the summary.
    void handOverPart(uint64_t events)
    {
        handOver();  // first: a later part's held events may prove duplicates
        ScanSummary &sum = m_shared.summary;
        sum.eventsOutsideRange += m_outsideRange;
        sum.duplicateEvents += m_duplicates;
        sum.sentinelOnly += m_stats.sentinelOnly;
        m_outsideRange = 0;
        m_duplicates = 0;
        m_stats = {};
        m_shared.events.fetch_add(events, std::memory_order_relaxed);
    }

    // Reads one log file into `stats`; false when it could not be opened (`outcome` says
    // why). A Sentinel CSV export whose dates, seen whole, read some of its ambiguous dates
    // otherwise than they were read on the way (04/05 taken as 4 May before 04/21 showed the
    // file is month-first) is read a second time, in the order the whole file settles on
    // (CsvDateReading): memory stays bounded, and only such a file costs a second pass. What
    // the first pass found is discarded first.
    bool readLog(const LogFile &file, uint32_t index, FileOutcome &outcome, uint64_t &reportedBytes, ContainerStats &stats)
    {
        m_reader.setCsvDateOrder(std::nullopt);
        auto onEvent = [this](const CloudTrailEvent &event, const EventLocation &where) { this->onEvent(event, where); };
        for (int pass = 0;; ++pass) {
            GzipPartZero partZero;
            if (m_split && m_split->gzip()) {
                partZero.handoff = &m_split->handoff();
                partZero.watchFrom = m_split->shareStart(1);
            }
            OpenedLog log = openLog(file.path, m_buffer, m_options.windowBytes, m_readAhead, partZero.handoff ? &partZero : nullptr);
            if (!log.window) {
                outcome.status = FileOutcome::Status::Failed;
                outcome.message = log.error;
                return false;
            }
            InputWindow &window = *log.window;
            stats = m_reader.read(window, index, onEvent, [&](size_t) {
                // Progress in on-disk bytes: what the window has consumed of the file.
                const uint64_t disk = window.inputConsumed();
                m_shared.bytesDone.fetch_add(disk - std::min(disk, reportedBytes), std::memory_order_relaxed);
                reportedBytes = std::max(reportedBytes, disk);
                return !m_cancelled.load(std::memory_order_relaxed);
            });
            outcome.jsonBytes = window.base() + window.size();
            if (partZero.handoff)
                partZero.handoff->partZeroGone();  // it reads no more: part 1 waits for nothing of it
            if (pass > 0 || !stats.csvDates.needsSecondPass())
                break;
            discardFile();
            if (m_cancelled.load(std::memory_order_relaxed)) {
                // Stopped: no second pass, and no alert with a date read the wrong way round.
                outcome.notice = "the scan stopped before its dates could be read again in the order the file settles on: its alerts are left out";
                break;
            }
            m_reader.setCsvDateOrder(stats.csvDates.fileOrder());
        }
        m_reader.setCsvDateOrder(std::nullopt);
        return true;
    }

    // A file's counts, as the outcome the sink is told.
    static void describeOutcome(const ContainerStats &stats, FileOutcome &outcome)
    {
        outcome.events = stats.events;
        if (outcome.notice.empty())
            outcome.notice = stats.csvDates.notice();
        if (!stats.skipReason.empty()) {
            outcome.status = FileOutcome::Status::Skipped;
            outcome.message = stats.skipReason;
        } else if (!stats.error.empty() || stats.badRecords > 0) {
            outcome.status = FileOutcome::Status::Failed;
            outcome.message = describeProblems(stats);
        }
        outcome.badRecords = stats.badRecords;
        outcome.firstBadOffset = stats.firstBadOffset;
    }

    // Gives the sink what the current file has found so far (with the lock held): uses and
    // revocations first, so that the alerts that follow meet them. From then on it stays,
    // even if the file fails later, and its eventIDs stay claimed. A later part that has
    // just been counted first claims the eventIDs it held back.
    void handOver()
    {
        if (m_holding) {
            m_recordShift = m_split->recordShift(m_part);
            releaseHeld();
        }
        ScanSummary &sum = m_shared.summary;
        if (!m_revocations.empty()) {
            m_shared.sink.revocationsFound(std::move(m_revocations));
            m_revocations = {};
        }
        if (!m_uses.empty()) {
            for (ResourceUse &use : m_uses)
                use.location.record += m_recordShift;
            sum.uses += m_uses.size();
            m_shared.sink.usesFound(std::move(m_uses));
            m_uses = {};
        }
        if (!m_alerts.empty()) {
            for (Alert &alert : m_alerts)
                alert.location.record += m_recordShift;
            sum.alerts += m_alerts.size();
            m_shared.progress.alerts = sum.alerts;
            m_shared.sink.alertsFound(std::move(m_alerts));
            m_alerts = {};
        }
        m_claimedIds.clear();
        m_lastHandOver = std::chrono::steady_clock::now();
    }

    // With the lock held, once a later part counts: its held events claim their eventIDs in
    // order, as one reader from byte 0 would have at that point; those another file or an
    // earlier part already claimed are duplicates, and what they found goes.
    void releaseHeld()
    {
        std::vector<bool> dropAlert(m_alerts.size()), dropRevocation(m_revocations.size()), dropUse(m_uses.size());
        for (const HeldEvent &held : m_held) {
            if (m_shared.seenEventIds.insert(held.id).second) {
                m_claimedIds.push_back(held.id);
                continue;
            }
            ++m_duplicates;
            m_stats.sentinelOnly -= held.sentinelOnly;
            std::fill(dropAlert.begin() + held.alerts[0], dropAlert.begin() + held.alerts[1], true);
            std::fill(dropRevocation.begin() + held.revocations[0], dropRevocation.begin() + held.revocations[1], true);
            std::fill(dropUse.begin() + held.uses[0], dropUse.begin() + held.uses[1], true);
        }
        eraseMarked(m_alerts, dropAlert);
        eraseMarked(m_revocations, dropRevocation);
        eraseMarked(m_uses, dropUse);
        m_held.clear();
        m_heldIds.clear();
        m_holding = false;
    }

    template <class T>
    static void eraseMarked(std::vector<T> &items, const std::vector<bool> &marked)
    {
        size_t kept = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            if (marked[i])
                continue;
            if (kept != i)
                items[kept] = std::move(items[i]);
            ++kept;
        }
        items.resize(kept);
    }

    // Inside a big file, alerts leave in batches as they are found: when kBatchAlerts have
    // gathered, or kBatchInterval has passed since the last batch. Not for a Sentinel CSV
    // export, whose first pass may be read again, nor for a later part that does not count yet.
    void maybeHandOver()
    {
        const size_t found = m_alerts.size() + m_revocations.size() + m_uses.size();
        if (found == 0 || m_reader.readingSentinelCsv())
            return;
        if (m_holding && m_split->verdict(m_part) != FileSplit::Verdict::Counted)
            return;
        if (found < kBatchAlerts && std::chrono::steady_clock::now() - m_lastHandOver < kBatchInterval)
            return;
        std::lock_guard guard(m_shared.lock);
        handOver();
        m_shared.reportProgress(false);
    }

    // Forgets what the current file has found so far (since the last batch), as if it had not been read.
    void discardFile()
    {
        m_alerts.clear();
        m_revocations.clear();
        m_uses.clear();
        m_held.clear();
        m_heldIds.clear();
        m_stats = {};
        m_duplicates = 0;
        m_outsideRange = 0;
        // Its events no longer stand for their eventIDs: a copy in another file is not a duplicate of them.
        if (!m_claimedIds.empty()) {
            std::lock_guard guard(m_shared.lock);
            for (const std::string &id : m_claimedIds)
                m_shared.seenEventIds.erase(id);
        }
        m_claimedIds.clear();
    }

    void onEvent(const CloudTrailEvent &event, const EventLocation &where)
    {
        if (!m_options.range.any()) {
            // Dropped before detection: it raises nothing and revokes nothing.
            const std::optional<std::string> time = event.eventTime();
            const std::optional<int64_t> ms = time ? parseEventTimeMs(*time) : std::nullopt;
            if (ms && !m_options.range.contains(*ms)) {
                ++m_outsideRange;
                return;
            }
        }
        const size_t before = m_alerts.size();
        const size_t revocationsBefore = m_revocations.size();
        const ExtendedStats statsBefore = m_stats;
        if (m_mode == DetectionMode::Sentinel)
            m_rule.evaluate(event, m_alerts);
        else
            m_extended.evaluate(event, m_alerts, m_revocations, m_stats);
        const size_t usesBefore = m_uses.size();
        if (m_alerts.size() == before && m_revocations.size() == revocationsBefore && m_stats.sentinelOnly == statsBefore.sentinelOnly) {
            // Nothing shared: maybe a call on a shared resource.
            if (m_mode == DetectionMode::Sentinel)
                return;
            std::optional<ResourceUse> use = m_useRecogniser.recognise(event);
            if (!use)
                return;
            use->location = where;
            m_uses.push_back(std::move(*use));
        }
        // Organisation and account trails overlap: the same eventID is one event.
        if (std::optional<std::string> id = event.eventId()) {
            if (!claim(*id)) {
                m_alerts.resize(before);
                m_revocations.resize(revocationsBefore);
                m_uses.resize(usesBefore);
                m_stats = statsBefore;
                ++m_duplicates;
                return;
            }
            if (m_holding)
                m_held.push_back({*id, {before, m_alerts.size()}, {revocationsBefore, m_revocations.size()}, {usesBefore, m_uses.size()},
                                  m_stats.sentinelOnly - statsBefore.sentinelOnly});
        }
        if (m_uses.size() > usesBefore) {
            maybeHandOver();
            return;
        }
        for (size_t i = before; i < m_alerts.size(); ++i)
            m_alerts[i].location = where;
        finishEventAlerts(m_alerts, before);
        if (m_options.keepEventJson) {
            auto json = std::make_shared<const std::string>(simdjson::to_string(event.root()));
            for (size_t i = before; i < m_alerts.size(); ++i)
                m_alerts[i].eventJson = json;
        }
        maybeHandOver();
    }

    // Claims an eventID for this file; false when it was seen before. A later part that does
    // not count yet claims only among its own events (releaseHeld claims them for the scan).
    bool claim(const std::string &id)
    {
        if (m_holding)
            return m_heldIds.insert(id).second;
        std::lock_guard guard(m_shared.lock);
        if (!m_shared.seenEventIds.insert(id).second)
            return false;
        m_claimedIds.push_back(id);
        return true;
    }

    // An event of a later part, held back until the part counts: its eventID and what it found.
    struct HeldEvent {
        std::string id;
        size_t alerts[2], revocations[2], uses[2];  // [begin, end) in m_alerts, m_revocations, m_uses
        uint64_t sentinelOnly;
    };

    SharedState &m_shared;
    const std::atomic<bool> &m_cancelled;
    const ScanOptions &m_options;
    DetectionMode m_mode;
    bool m_readAhead;
    WindowBuffer m_buffer;  // the window's bytes, reused from file to file
    ContainerReader m_reader;
    Rule0236 m_rule;
    ExtendedRule m_extended;
    std::vector<Alert> m_alerts;
    std::vector<TimedRevocation> m_revocations;
    UseRecogniser m_useRecogniser;
    std::vector<ResourceUse> m_uses;
    ExtendedStats m_stats;
    uint64_t m_duplicates = 0;
    uint64_t m_outsideRange = 0;  // events of the current file dropped for ScanOptions::range
    std::vector<std::string> m_claimedIds;  // eventIDs the current file added to seenEventIds, since the last batch
    std::chrono::steady_clock::time_point m_lastHandOver = std::chrono::steady_clock::now();
    // The task's file read in parts (null: whole), and which part.
    FileSplit *m_split = nullptr;
    unsigned m_part = 0;
    bool m_partFinished = false;  // this part has told the split it is over (finishPart, abandon)
    uint64_t m_partEnd = 0;       // where a later part's window ended (its bytes as read)
    // A later part that does not count yet: nothing leaves, eventIDs are claimed among its own.
    bool m_holding = false;
    std::unordered_set<std::string> m_heldIds;
    std::vector<HeldEvent> m_held;
    uint64_t m_recordShift = 0;  // added to record numbers handed over (a later part's)
};

} // namespace

ScanSummary Scanner::run(const std::vector<LogFile> &files, ScanSink &sink)
{
    const auto start = std::chrono::steady_clock::now();
    SharedState shared(sink, files);
    shared.progress.filesTotal = files.size();
    for (const LogFile &f : files)
        shared.progress.bytesTotal += f.size;

    const unsigned allowed = m_options.threads ? m_options.threads : std::max(1u, std::thread::hardware_concurrency());
    shared.tasks = planTasks(files, allowed, m_options);
    const unsigned threads = static_cast<unsigned>(std::min<size_t>(allowed, std::max<size_t>(shared.tasks.size(), 1)));
    // Fewer tasks than threads (one big gzip file, say): each worker reads ahead on a spare core.
    const bool readAhead = threads < allowed;
    std::vector<std::thread> pool;
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < threads; ++i)
        workers.push_back(std::make_unique<Worker>(shared, m_cancelled, m_options, readAhead));
    for (unsigned i = 1; i < threads; ++i)
        pool.emplace_back([w = workers[i].get()] { w->run(); });
    workers[0]->run();  // the calling thread works too
    for (std::thread &t : pool)
        t.join();

    std::lock_guard guard(shared.lock);
    shared.reportProgress(true);
    ScanSummary summary = shared.summary;
    summary.cancelled = cancelled();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace sharescope
