#pragma once
// Runs the engine's Scanner on a worker thread and forwards what it finds to the
// GUI thread through queued signals: alerts in batches (coalesced every 100 ms),
// per-file problems, throttled progress, and the summary. A new scan or stop()
// makes the old job's late results stale; they are dropped by job id.

#include "scanner.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sharescope::session {

struct ScanStatus {
    ScanProgress progress;
    double seconds = 0;
    double eventsPerSecond = 0;
    double secondsLeft = -1;  // unknown when negative
};

class ScanController : public QObject {
    Q_OBJECT
public:
    explicit ScanController(QObject *parent = nullptr);
    ~ScanController() override;

    // Discovers the files under `paths` and scans them, looking only at `range`; returns the job id.
    int start(const QStringList &paths, DetectionMode mode = DetectionMode::Extended, const TimeRange &range = {});
    void stop();
    bool isRunning() const { return m_running; }
    int currentJob() const { return m_job; }

signals:
    // The files of a job, in the order whose indexes the job's alerts use.
    void filesListed(int job, const QStringList &files);
    void alertsFound(int job, std::shared_ptr<std::vector<sharescope::Alert>> batch);
    void revocationsFound(int job, std::shared_ptr<std::vector<sharescope::TimedRevocation>> batch);
    void usesFound(int job, std::shared_ptr<std::vector<sharescope::ResourceUse>> batch);
    void fileFailed(int job, const QString &path, const QString &message);
    // A file not read, and why: a digest or Insights file, a log whose S3 key puts it outside
    // the range, or a file in a folder not named like a log (hidden, another extension).
    // Nothing is wrong with it: not counted as a failure.
    void fileSkipped(int job, const QString &path, const QString &reason);
    // How a file was read, when it needs saying (FileOutcome::notice: a CSV export's ambiguous dates).
    void fileNoted(int job, const QString &path, const QString &notice);
    void progressed(int job, const sharescope::session::ScanStatus &status);
    void finished(int job, const sharescope::ScanSummary &summary);

private:
    class Sink;
    void flushPending();
    void retire();       // moves the current scan aside (stop() it first)
    void reapRetired();  // joins the retired scans that have ended

    // A stopped scan's thread finishes on its own (its late results are dropped);
    // the GUI thread never waits for it. They are joined when the controller goes.
    struct Retired {
        std::unique_ptr<Scanner> scanner;
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };

    int m_job = 0;
    bool m_running = false;
    bool m_filesListed = false;
    std::unique_ptr<Scanner> m_scanner;
    std::thread m_thread;
    std::shared_ptr<std::atomic<bool>> m_done;  // set by the worker as its last act
    std::vector<Retired> m_retired;
    std::shared_ptr<Sink> m_sink;
    QTimer m_flushTimer;
};

} // namespace sharescope::session

Q_DECLARE_METATYPE(sharescope::session::ScanStatus)
Q_DECLARE_METATYPE(sharescope::ScanSummary)
