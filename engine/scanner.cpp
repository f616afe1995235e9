#include "scanner.h"

#include "container_reader.h"
#include "event_time.h"
#include "key_date.h"
#include "log_file.h"
#include "rule0236.h"

#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace sharescope {

namespace {

// What the workers share: the sink (called under the lock), dedup state and counters.
struct SharedState {
    ScanSink &sink;
    const std::vector<LogFile> &files;
    std::mutex lock;
    std::unordered_set<std::string> seenEventIds;
    ScanSummary summary;
    ScanProgress progress;
    std::atomic<size_t> nextFile{0};
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
        progress.bytesDone = bytesDone.load(std::memory_order_relaxed);
        progress.events = events.load(std::memory_order_relaxed);
        sink.progressed(progress);
    }
};

constexpr size_t kKeptBufferBytes = 8u << 20;
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
            if (m_cancelled.load(std::memory_order_relaxed))
                return;
            const size_t index = m_shared.nextFile.fetch_add(1);
            if (index >= m_shared.files.size())
                return;
            try {
                scanFile(static_cast<uint32_t>(index));
            } catch (const std::exception &e) {
                // Out of memory or a library's exception: that file fails, the scan goes on.
                discardFile();
                FileOutcome failed;
                failed.fileIndex = static_cast<uint32_t>(index);
                failed.path = m_shared.files[index].path;
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

        const std::string outsideRange = file.skipReason.empty() ? rangeSkipReason(file.path, m_options.range) : std::string();
        if (!file.skipReason.empty() || !outsideRange.empty()) {
            outcome.status = FileOutcome::Status::Skipped;
            outcome.message = outsideRange.empty() ? file.skipReason : outsideRange;
            outcome.outsideRange = !outsideRange.empty();
        } else {
            readLog(file, index, outcome, reportedBytes);
        }
        m_shared.bytesDone.fetch_add(file.size - std::min<uint64_t>(reportedBytes, file.size), std::memory_order_relaxed);
        if (m_buffer.capacity > kKeptBufferBytes)
            m_buffer.release();  // one big value should not pin its buffer for the rest of the scan

        std::lock_guard guard(m_shared.lock);
        ScanSummary &sum = m_shared.summary;
        switch (outcome.status) {
        case FileOutcome::Status::Read: ++sum.filesRead; break;
        case FileOutcome::Status::Skipped: ++sum.filesSkipped; break;
        case FileOutcome::Status::Failed: ++sum.filesFailed; break;
        }
        sum.filesOutsideRange += outcome.outsideRange;
        sum.eventsOutsideRange += m_outsideRange;
        m_outsideRange = 0;
        sum.events += outcome.events;
        sum.diskBytes += file.size;
        sum.jsonBytes += outcome.jsonBytes;
        sum.duplicateEvents += m_duplicates;
        sum.sentinelOnly += m_stats.sentinelOnly;
        m_duplicates = 0;
        m_stats = {};
        handOver();
        m_shared.sink.fileFinished(outcome);
        ++m_shared.progress.filesDone;
        m_shared.reportProgress(false);
    }

    // Reads one log file into `outcome`. A Sentinel CSV export whose dates, seen whole, read
    // some of its ambiguous dates otherwise than they were read on the way (04/05 taken as
    // 4 May before 04/21 showed the file is month-first) is read a second time, in the order
    // the whole file settles on (CsvDateReading): memory stays bounded, and only such a file
    // costs a second pass. What the first pass found is discarded first.
    void readLog(const LogFile &file, uint32_t index, FileOutcome &outcome, uint64_t &reportedBytes)
    {
        m_reader.setCsvDateOrder(std::nullopt);
        auto onEvent = [this](const CloudTrailEvent &event, const EventLocation &where) { this->onEvent(event, where); };
        ContainerStats stats;
        for (int pass = 0;; ++pass) {
            OpenedLog log = openLog(file.path, m_buffer, m_options.windowBytes, m_readAhead);
            if (!log.window) {
                outcome.status = FileOutcome::Status::Failed;
                outcome.message = log.error;
                return;
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
        m_shared.events.fetch_add(stats.events, std::memory_order_relaxed);
    }

    // Gives the sink what the current file has found so far (with the lock held): uses and
    // revocations first, so that the alerts that follow meet them. From then on it stays,
    // even if the file fails later, and its eventIDs stay claimed.
    void handOver()
    {
        ScanSummary &sum = m_shared.summary;
        if (!m_revocations.empty()) {
            m_shared.sink.revocationsFound(std::move(m_revocations));
            m_revocations = {};
        }
        if (!m_uses.empty()) {
            sum.uses += m_uses.size();
            m_shared.sink.usesFound(std::move(m_uses));
            m_uses = {};
        }
        if (!m_alerts.empty()) {
            sum.alerts += m_alerts.size();
            m_shared.progress.alerts = sum.alerts;
            m_shared.sink.alertsFound(std::move(m_alerts));
            m_alerts = {};
        }
        m_claimedIds.clear();
        m_lastHandOver = std::chrono::steady_clock::now();
    }

    // Inside a big file, alerts leave in batches as they are found: when kBatchAlerts have
    // gathered, or kBatchInterval has passed since the last batch. Not for a Sentinel CSV
    // export, whose first pass may be read again.
    void maybeHandOver()
    {
        const size_t found = m_alerts.size() + m_revocations.size() + m_uses.size();
        if (found == 0 || m_reader.readingSentinelCsv())
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
            std::lock_guard guard(m_shared.lock);
            if (!m_shared.seenEventIds.insert(*id).second) {
                m_alerts.resize(before);
                m_revocations.resize(revocationsBefore);
                m_uses.resize(usesBefore);
                m_stats = statsBefore;
                ++m_duplicates;
                return;
            }
            m_claimedIds.push_back(*id);
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
    const unsigned threads = static_cast<unsigned>(std::min<size_t>(allowed, std::max<size_t>(files.size(), 1)));
    // Fewer files than threads (one big file, say): each worker reads ahead on a spare core.
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
