#pragma once
// An investigation on disk: one SQLite file (QtSql's SQLite driver) holding the
// inputs with their hashes, the tool version, mode and time range (meta timeFrom /
// timeTo, ISO 8601 UTC with milliseconds, empty when open), the allow-list in force,
// every alert with the raw JSON of its event (so a case opens and is reviewed on
// another machine without the logs), each alert's review, an append-only history
// of every decision, and the view. Every change is its own transaction, so a
// kill -9 loses at most the change being written.
//
// One window writes a case at a time: the first takes a lock file beside it; a
// second opens it read-only and says so. A file that is not a ShareScope case, or
// is damaged, is refused with a message and never written to.

#include "review.h"
#include "stored_alert.h"

#include "alert.h"

#include <QDateTime>
#include <QHash>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <initializer_list>
#include <memory>
#include <vector>

namespace sharescope::session {

class CaseAlertWriter;

struct CaseInput {
    QString path;
    qint64 size = 0;
    QDateTime modified;
    QString sha256;   // hex; empty until computed
};

struct HistoryEntry {
    qint64 id = 0;
    QString alertKey;
    QString field;    // status, classification or note
    QString before, after;
    QString who;
    QDateTime at;
};

struct CaseAllowEntry {
    QString value;
    QString label, justification, owner;
    QDateTime added, expires;   // expires invalid: never
    QString fromAlert;          // the AlertKey it was created from
};

class CaseFile {
public:
    ~CaseFile();

    // A new, empty case at `path` (an existing file is never replaced: error).
    static std::unique_ptr<CaseFile> create(const QString &path, QString *error);
    // An existing case; read-only when another window holds it (isReadOnly() says why).
    static std::unique_ptr<CaseFile> open(const QString &path, QString *error);

    QString path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    QString readOnlyReason() const { return m_readOnlyReason; }
    QString lastError() const { return m_error; }
    // Why the last alertJsons() or modelImage() stopped early (a damaged page), empty when it did not.
    QString readFailure() const { return m_readFailure; }
    // Turns the case read-only, saying why: it was found damaged while being read.
    void markDamaged(const QString &why);
    // Files up to this size are checked whole on open; bigger ones table by table (see verify). For tests.
    static void setWholeCheckBytes(qint64 bytes) { s_wholeCheckBytes = bytes; }

    // Free-form settings: tool version, mode, view state, ...
    bool setMeta(const QString &key, const QString &value);
    QString meta(const QString &key) const;

    // Reviews by AlertKey. setReview records each changed part in the history, in
    // the same transaction; unchanged parts write nothing.
    QHash<QString, Review> reviews() const;
    bool setReview(const QString &alertKey, const Review &review, const QString &who);
    bool setReviews(const QStringList &alertKeys, const QVector<Review> &reviews, const QString &who);
    QVector<HistoryEntry> history(const QString &alertKey = {}) const;

    // Alerts and their events, added as they are found (INSERT OR IGNORE by key:
    // adding logs again keeps what is there). `alertJson` is the jsonl line.
    using StoredAlert = session::StoredAlert;
    bool addAlerts(const QVector<StoredAlert> &alerts);
    // The same, written by a thread of the case's own (case_alert_writer.h) while the caller
    // goes on: every other call on this case first waits for what is queued, so changes
    // keep their order. A failure is kept for takeWriteFailure().
    void addAlertsInBackground(QVector<StoredAlert> alerts);
    // Whether alerts queued by addAlertsInBackground are still being written.
    bool writingInBackground() const;
    // Waits for them; false with lastError() when one of them could not be written.
    bool waitForWrites() const;
    // Why a background write failed since the last call (empty when none did); waits first.
    QString takeWriteFailure();
    // Calls `done` on the writer's thread (or at once, here, when nothing is queued) once
    // what is queued now is written.
    void whenWritten(std::function<void()> done);
    // Runs `work` in a BEGIN IMMEDIATE transaction on `db`, committed when it returns true;
    // false otherwise, rolled back, with *error set (by `work`, or here when empty).
    static bool immediateTransaction(QSqlDatabase &db, const std::function<bool(QString *error)> &work, QString *error);
    // The inserts of addAlerts (and the generation's bump), inside the caller's transaction on `db`.
    static bool insertAlerts(QSqlDatabase &db, const QVector<StoredAlert> &alerts, QString *error);
    // Rewrites stored alerts (what the end of a scan learnt: revocations, uses), by AlertKey, in one transaction.
    bool updateAlerts(const QVector<QPair<QString, QByteArray>> &keyAndJson);
    QVector<QByteArray> alertJsons() const;
    // Counts the changes to the stored alerts (addAlerts, updateAlerts, clearAlerts).
    quint64 alertsGeneration() const;
    // The alert model's image (AlertModel::image), when the case holds one of `format`
    // made from the alerts as they are now; empty otherwise (the alerts' JSON is the record).
    QByteArray modelImage(const QByteArray &format) const;
    // Whether the case holds such an image (without reading it).
    bool hasCurrentImage(const QByteArray &format) const;
    // modelImage() and alertJsons() of the case at `path`, read through a read-only
    // connection of their own: for a thread that reads a case the window has just opened
    // (only then: what is queued on the window's CaseFile is not waited for). *readFailure
    // says why a read stopped early (a damaged page), empty when it did not.
    static QByteArray readModelImage(const QString &path, const QByteArray &format, QString *readFailure);
    static QVector<QByteArray> readAlertJsons(const QString &path, QString *readFailure);
    // Stores an image made when alertsGeneration() was `generation`, through a connection of
    // its own: for a worker thread, while the window goes on with the case. Written in parts,
    // each its own transaction, and only counted once the last is in and the alerts are
    // still those of `generation`; false with *error otherwise (the case is unchanged but
    // for a partial image that never counts).
    static bool writeModelImage(const QString &path, const QByteArray &image, const QByteArray &format, quint64 generation,
                                QString *error);
    QByteArray eventJson(const QString &eventKey) const;
    qint64 alertCount() const;
    bool clearAlerts();

    bool setInputs(const QVector<CaseInput> &inputs);
    QVector<CaseInput> inputs() const;

    bool setAllowList(const QVector<CaseAllowEntry> &entries);
    QVector<CaseAllowEntry> allowList() const;

    // A consistent copy at `path` (VACUUM INTO), for Save Case As.
    bool copyTo(const QString &path, QString *error) const;

    static QString currentUser();

private:
    CaseFile() = default;
    bool initialise(QString *error);
    bool verify(QString *error);
    bool exec(const QString &sql);
    bool bumpAlertsGeneration();  // inside a transaction that changes the alerts
    // Binds `values` in order and runs the prepared query; on failure m_error says why.
    bool run(QSqlQuery &q, std::initializer_list<QVariant> values);
    bool transaction(const std::function<bool()> &work);

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<QLockFile> m_lock;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    mutable QString m_error;
    mutable QString m_readFailure;
    mutable QString m_writeFailure;
    std::unique_ptr<CaseAlertWriter> m_writer;  // made with the first background batch
    static qint64 s_wholeCheckBytes;
};

} // namespace sharescope::session
