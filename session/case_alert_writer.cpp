#include "case_alert_writer.h"

#include "case_file.h"

#include <QSqlDatabase>
#include <QSqlError>

#include <atomic>

namespace sharescope::session {

namespace {
QString nextWriterConnection()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("sharescope-case-writer-%1").arg(counter.fetch_add(1));
}
} // namespace

CaseAlertWriter::CaseAlertWriter(QString path)
    : m_path(std::move(path))
{
}

CaseAlertWriter::~CaseAlertWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void CaseAlertWriter::enqueue(QVector<StoredAlert> batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({std::move(batch), {}});
        if (!m_thread.joinable())
            m_thread = std::thread([this] { run(); });
    }
    m_changed.notify_all();
}

bool CaseAlertWriter::busy() const
{
    std::lock_guard lock(m_mutex);
    return m_writing || !m_queue.empty();
}

bool CaseAlertWriter::wait(QString *error)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_writing && m_queue.empty(); });
    if (m_error.isEmpty())
        return true;
    if (error)
        *error = m_error;
    m_error.clear();
    return false;
}

void CaseAlertWriter::whenWritten(std::function<void()> done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_writing || !m_queue.empty()) {
            m_queue.push_back({{}, std::move(done)});
            return;
        }
    }
    done();
}

void CaseAlertWriter::run()
{
    const QString name = nextWriterConnection();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        const bool opened = db.open();
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty())
                break;  // stopped, and everything queued is written
            Job job = std::move(m_queue.front());
            m_queue.pop_front();
            m_writing = true;
            lock.unlock();
            QString error;
            if (job.done) {
                job.done();
            } else if (!opened) {
                error = db.lastError().text();
            } else {
                CaseFile::immediateTransaction(db, [&](QString *why) { return CaseFile::insertAlerts(db, job.batch, why); }, &error);
            }
            lock.lock();
            m_writing = false;
            if (!error.isEmpty() && m_error.isEmpty())
                m_error = error;
            m_changed.notify_all();
        }
        lock.unlock();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace sharescope::session
