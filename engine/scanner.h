#pragma once
// Runs the detection over a list of log files on all cores: each worker takes the
// next file, reads it, and the prefiltered events go through the rule. Results,
// per-file outcomes and progress go to a ScanSink, one call at a time.

#include "alert.h"
#include "extended_rule.h"
#include "log_sources.h"
#include "resource_use.h"
#include "time_range.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace sharescope {

struct FileOutcome {
    enum class Status { Read, Skipped, Failed };
    uint32_t fileIndex = 0;
    std::string path;
    Status status = Status::Read;
    std::string message;         // the skip reason or the error (with the bad records, if any)
    bool outsideRange = false;   // skipped because its S3 key puts it outside ScanOptions::range
    // Read, but how it was read needs saying: a Sentinel CSV export's ambiguous dates and the
    // reading they got (CsvDateReading::notice()). Empty otherwise.
    std::string notice;
    uint64_t events = 0;
    // Records that could not be read while the others were (a partial read: status Failed).
    uint64_t badRecords = 0;
    uint64_t firstBadOffset = 0;  // byte offset of the first one (in the inflated stream)
    uint64_t jsonBytes = 0;      // bytes of JSON after inflating
};

struct ScanProgress {
    uint64_t filesDone = 0, filesTotal = 0;
    uint64_t bytesDone = 0, bytesTotal = 0;  // on-disk bytes
    uint64_t events = 0;
    uint64_t alerts = 0;
};

struct ScanSummary {
    uint64_t filesRead = 0, filesSkipped = 0, filesFailed = 0;
    uint64_t events = 0;
    uint64_t duplicateEvents = 0;  // the same eventID seen again (overlapping trails)
    // ScanOptions::range: files not read for their S3 key date, and events dropped for their
    // eventTime (among the events that can raise alerts or be the use of a share: the others are never parsed).
    uint64_t filesOutsideRange = 0, eventsOutsideRange = 0;
    uint64_t alerts = 0;
    uint64_t sentinelOnly = 0;     // extended mode: rule 0236 alerts that are not sharing
    uint64_t uses = 0;             // extended mode: calls from outside on the accounts' resources (resource_use.h)
    uint64_t diskBytes = 0, jsonBytes = 0;
    // Big plain files read on several cores (file_split.h): the later parts whose reading
    // was kept (a part whose guessed start proved wrong is read again by the part before).
    uint64_t partsReadAlongside = 0;
    double seconds = 0;
    bool cancelled = false;
};

class ScanSink {
public:
    virtual ~ScanSink() = default;
    virtual void alertsFound(std::vector<Alert> &&batch) = 0;
    virtual void fileFinished(const FileOutcome &outcome) = 0;
    virtual void progressed(const ScanProgress &) {}
    // Extended mode: later revocations of grants, to mark alerts revoked (applyRevocations).
    virtual void revocationsFound(std::vector<TimedRevocation> &&) {}
    // Extended mode: calls from outside an account on its resources, to join to the
    // shares they used (use_index.h). A file's come before its alerts.
    virtual void usesFound(std::vector<ResourceUse> &&) {}
};

enum class DetectionMode { Extended, Sentinel };

struct ScanOptions {
    unsigned threads = 0;  // 0: one per core
    DetectionMode mode = DetectionMode::Extended;
    // Every file, plain or gzip, is read through a window of this many bytes (more only
    // while one value needs it, up to InputWindow::kMaxValueBytes): memory stays bounded.
    // Small enough that the bytes copied by read() are still in the CPU's cache when the
    // splitter reads them (4 MB measured ~3x the system time of 256 KB).
    size_t windowBytes = 256u << 10;
    // Each alert carries the JSON of its event (shared by the alerts of one event),
    // for case files that must be reviewable without the logs.
    bool keepEventJson = false;
    // Only events whose eventTime is in the range are looked at (an event without a
    // readable eventTime is kept); files whose S3 key puts them clearly outside it are
    // skipped unread (key_date.h).
    TimeRange range = {};
    // A plain file of at least twice this many bytes, when there are more cores than files,
    // is read in parts of at least this many bytes on the spare cores (file_split.h).
    uint64_t partBytes = 64u << 20;
};

class Scanner {
public:
    explicit Scanner(ScanOptions options = {}) : m_options(options) {}

    // Blocks until every file is read or cancel() is called; safe to call cancel() from any thread.
    ScanSummary run(const std::vector<LogFile> &files, ScanSink &sink);
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    ScanOptions m_options;
    std::atomic<bool> m_cancelled{false};
};

} // namespace sharescope
