#include "scan_controller.h"

#include <QMetaObject>

namespace sharescope::session {

// Lives on the worker side: collects alerts under a lock (the GUI drains them on
// a timer) and posts the rest straight to the controller's thread.
class ScanController::Sink : public ScanSink {
public:
    Sink(ScanController *owner, int job) : m_owner(owner), m_job(job) {}

    void alertsFound(std::vector<Alert> &&batch) override
    {
        std::lock_guard guard(m_lock);
        for (Alert &a : batch)
            m_pending.push_back(std::move(a));
    }

    void fileFinished(const FileOutcome &o) override
    {
        if (!o.notice.empty())
            QMetaObject::invokeMethod(m_owner, [owner = m_owner, job = m_job, path = QString::fromStdString(o.path),
                                                notice = QString::fromStdString(o.notice)] {
                emit owner->fileNoted(job, path, notice);
            }, Qt::QueuedConnection);
        // Every file not read is named (digests, Insights, outside the time range), not only counted.
        const bool failed = o.status == FileOutcome::Status::Failed;
        if (o.status == FileOutcome::Status::Read)
            return;
        QMetaObject::invokeMethod(m_owner, [owner = m_owner, job = m_job, failed, path = QString::fromStdString(o.path),
                                            message = QString::fromStdString(o.message)] {
            if (failed)
                emit owner->fileFailed(job, path, message);
            else
                emit owner->fileSkipped(job, path, message);
        }, Qt::QueuedConnection);
    }

    void progressed(const ScanProgress &p) override
    {
        ScanStatus s;
        s.progress = p;
        s.seconds = m_clock.elapsed() / 1000.0;
        if (s.seconds > 0)
            s.eventsPerSecond = double(p.events) / s.seconds;
        if (p.bytesDone > 0 && p.bytesTotal >= p.bytesDone && s.seconds > 0.2)
            s.secondsLeft = s.seconds * double(p.bytesTotal - p.bytesDone) / double(p.bytesDone);
        QMetaObject::invokeMethod(m_owner, [owner = m_owner, job = m_job, s] { emit owner->progressed(job, s); },
                                  Qt::QueuedConnection);
    }

    void revocationsFound(std::vector<TimedRevocation> &&batch) override
    {
        std::lock_guard guard(m_lock);
        for (TimedRevocation &r : batch)
            m_pendingRevocations.push_back(std::move(r));
    }

    void usesFound(std::vector<ResourceUse> &&batch) override
    {
        std::lock_guard guard(m_lock);
        for (ResourceUse &u : batch)
            m_pendingUses.push_back(std::move(u));
    }

    std::vector<ResourceUse> takeUses()
    {
        std::lock_guard guard(m_lock);
        return std::exchange(m_pendingUses, {});
    }

    std::vector<Alert> take()
    {
        std::lock_guard guard(m_lock);
        return std::exchange(m_pending, {});
    }

    std::vector<TimedRevocation> takeRevocations()
    {
        std::lock_guard guard(m_lock);
        return std::exchange(m_pendingRevocations, {});
    }

    void startClock() { m_clock.start(); }

private:
    ScanController *m_owner;
    int m_job;
    std::mutex m_lock;
    std::vector<Alert> m_pending;
    std::vector<TimedRevocation> m_pendingRevocations;
    std::vector<ResourceUse> m_pendingUses;
    QElapsedTimer m_clock;
};

ScanController::ScanController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ScanStatus>();
    qRegisterMetaType<ScanSummary>();
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &ScanController::flushPending);
}

ScanController::~ScanController()
{
    stop();
    retire();
    for (Retired &r : m_retired) {
        r.scanner->cancel();
        if (r.thread.joinable())
            r.thread.join();
    }
}

void ScanController::reapRetired()
{
    // Stopped scans that have ended are joined: at once, they are done.
    for (auto it = m_retired.begin(); it != m_retired.end();) {
        if (it->done->load()) {
            it->thread.join();
            it = m_retired.erase(it);
        } else {
            ++it;
        }
    }
}

void ScanController::retire()
{
    reapRetired();
    if (!m_thread.joinable())
        return;
    if (m_done->load())
        m_thread.join();  // it has ended: nothing to wait for
    else
        m_retired.push_back({std::move(m_scanner), std::move(m_thread), m_done});  // ends on its own, later
}

void ScanController::flushPending()
{
    if (!m_sink || !m_filesListed)  // alerts name files by index: the list goes first
        return;
    // Uses first: the alerts that follow are joined to them as they are added.
    std::vector<ResourceUse> uses = m_sink->takeUses();
    if (!uses.empty())
        emit usesFound(m_job, std::make_shared<std::vector<ResourceUse>>(std::move(uses)));
    std::vector<Alert> batch = m_sink->take();
    if (!batch.empty())
        emit alertsFound(m_job, std::make_shared<std::vector<Alert>>(std::move(batch)));
    std::vector<TimedRevocation> revocations = m_sink->takeRevocations();
    if (!revocations.empty())
        emit revocationsFound(m_job, std::make_shared<std::vector<TimedRevocation>>(std::move(revocations)));
}

int ScanController::start(const QStringList &paths, DetectionMode mode, const TimeRange &range)
{
    stop();
    retire();
    const int job = ++m_job;
    m_running = true;
    m_filesListed = false;

    // Listing folders touches the disk, so it happens on the worker too.
    m_sink = std::make_shared<Sink>(this, job);
    ScanOptions options;
    options.mode = mode;
    options.keepEventJson = true;  // the case file keeps every alerting event
    options.range = range;
    m_scanner = std::make_unique<Scanner>(options);
    std::vector<std::string> roots;
    for (const QString &p : paths)
        roots.push_back(p.toStdString());
    m_sink->startClock();
    m_flushTimer.start();
    m_done = std::make_shared<std::atomic<bool>>(false);
    m_thread = std::thread([this, job, roots, sink = m_sink, scanner = m_scanner.get(), done = m_done] {
        LogSources sources = discoverLogFiles(roots);
        QStringList files;
        for (const LogFile &f : sources.files)
            files << QString::fromStdString(f.path);
        QMetaObject::invokeMethod(this, [this, job, files] {
            if (job != m_job)
                return;
            m_filesListed = true;
            emit filesListed(job, files);
        }, Qt::QueuedConnection);
        for (const SourceProblem &p : sources.problems)
            QMetaObject::invokeMethod(this, [this, job, path = QString::fromStdString(p.path), msg = QString::fromStdString(p.message)] {
                emit fileFailed(job, path, msg);
            }, Qt::QueuedConnection);
        for (const PassedOverFile &f : sources.passedOver)
            QMetaObject::invokeMethod(this, [this, job, path = QString::fromStdString(f.path), reason = QString::fromStdString(f.reason)] {
                emit fileSkipped(job, path, reason);
            }, Qt::QueuedConnection);
        ScanSummary summary = scanner->run(sources.files, *sink);
        summary.filesFailed += sources.problems.size();
        QMetaObject::invokeMethod(this, [this, job, summary] {
            reapRetired();
            if (job != m_job)
                return;
            flushPending();
            m_flushTimer.stop();
            m_running = false;
            emit finished(job, summary);
        }, Qt::QueuedConnection);
        done->store(true);
    });
    return job;
}

void ScanController::stop()
{
    if (m_scanner && m_running)
        m_scanner->cancel();
}

} // namespace sharescope::session
