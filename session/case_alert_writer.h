#pragma once
// Writes a scan's alerts into a case file on a thread of its own, through a connection of
// its own, so that the window never waits for SQLite while a scan streams in. Batches are
// written in the order they were queued, each in its own transaction (CaseFile's
// insertAlerts). CaseFile waits for the queue before any other change or any read of the
// alerts, so the case sees its changes in the order they were made.

#include "stored_alert.h"

#include <QString>
#include <QVector>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sharescope::session {

class CaseAlertWriter {
public:
    // A writer for the case at `path`; its thread starts with the first batch.
    explicit CaseAlertWriter(QString path);
    ~CaseAlertWriter();  // writes what is queued, then stops
    CaseAlertWriter(const CaseAlertWriter &) = delete;
    CaseAlertWriter &operator=(const CaseAlertWriter &) = delete;

    void enqueue(QVector<StoredAlert> batch);
    // Whether batches are queued or being written.
    bool busy() const;
    // Waits until every batch queued so far is written. False (and *error set) when one of
    // them could not be: the first failure since the last wait.
    bool wait(QString *error);
    // Calls `done` (on the writer's thread, or at once on this one when idle) once every
    // batch queued so far is written.
    void whenWritten(std::function<void()> done);

private:
    struct Job {
        QVector<StoredAlert> batch;
        std::function<void()> done;  // a marker: run when reached
    };
    void run();

    const QString m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    bool m_writing = false;
    bool m_stop = false;
    QString m_error;
    std::thread m_thread;
};

} // namespace sharescope::session
