#include "case_file.h"

#include "case_alert_writer.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <utility>

#include <functional>

namespace sharescope::session {

namespace {

// PRAGMA application_id: "SSCF". A SQLite file without it is someone else's.
constexpr int kApplicationId = 0x53534346;
constexpr int kFormatVersion = 1;

// The alert model's image (alert_model.h), in parts: a cache for a fast reopen, valid
// while meta imageGeneration equals alertsGeneration, which every change to the alerts bumps.
const char *const kImageTable = "CREATE TABLE IF NOT EXISTS model_image (part INTEGER PRIMARY KEY, data BLOB NOT NULL)";
constexpr qsizetype kImagePartBytes = 8 << 20;  // each part its own transaction: a window's own writes wait at most for one
const char *const kSetMeta = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
// Every change to the stored alerts counts itself (meta alertsGeneration).
const char *const kBumpGeneration = "INSERT INTO meta (key, value) VALUES ('alertsGeneration', '1')"
                                    " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1";

const char *const kSchema[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE inputs (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified TEXT, sha256 TEXT)",
    "CREATE TABLE allow_list (value TEXT PRIMARY KEY, label TEXT, justification TEXT, owner TEXT, added TEXT, expires TEXT, from_alert TEXT)",
    "CREATE TABLE alerts (alert_key TEXT PRIMARY KEY, event_key TEXT NOT NULL, alert_json BLOB NOT NULL, seq INTEGER NOT NULL)",
    "CREATE TABLE events (event_key TEXT PRIMARY KEY, raw_json BLOB NOT NULL)",
    kImageTable,
    "CREATE TABLE reviews (alert_key TEXT PRIMARY KEY, status TEXT NOT NULL, classification TEXT NOT NULL, note TEXT NOT NULL,"
    " updated TEXT, updated_by TEXT)",
    "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_key TEXT NOT NULL, field TEXT NOT NULL,"
    " before TEXT, after TEXT, who TEXT, at TEXT NOT NULL)",
    // The history is a record of what was decided: it only grows.
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
};

// A null QString binds as SQL NULL; the NOT NULL text columns want "".
QString nonNull(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }
QDateTime fromIso(const QString &s) { return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs); }

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("sharescope-case-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool looksLikeSqlite(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("CaseFile", "%1 cannot be read: %2").arg(path, f.errorString());
        return false;
    }
    if (f.read(16) != QByteArray("SQLite format 3\0", 16)) {
        *error = QCoreApplication::translate("CaseFile", "%1 is not a ShareScope case (not an SQLite database).").arg(path);
        return false;
    }
    return true;
}

} // namespace

CaseFile::~CaseFile()
{
    m_writer.reset();  // what it has queued is written first
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

QString CaseFile::currentUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

std::unique_ptr<CaseFile> CaseFile::create(const QString &path, QString *error)
{
    if (QFileInfo::exists(path)) {
        *error = QCoreApplication::translate("CaseFile", "%1 already exists.").arg(path);
        return nullptr;
    }
    std::unique_ptr<CaseFile> c(new CaseFile);
    c->m_path = path;
    c->m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    if (!c->m_lock->tryLock(0)) {
        *error = QCoreApplication::translate("CaseFile", "%1 is being created by another window.").arg(path);
        return nullptr;
    }
    c->m_connection = nextConnectionName();
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c->m_connection);
    c->m_db.setDatabaseName(path);
    if (!c->m_db.open()) {
        *error = c->m_db.lastError().text();
        return nullptr;
    }
    if (!c->initialise(error)) {
        c->m_db.close();
        QFile::remove(path);
        return nullptr;
    }
    return c;
}

bool CaseFile::initialise(QString *error)
{
    const bool ok = transaction([this] {
        for (const char *sql : kSchema)
            if (!exec(QString::fromLatin1(sql)))
                return false;
        return exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId))
            && setMeta(QStringLiteral("format"), QStringLiteral("sharescope-case"))
            && setMeta(QStringLiteral("formatVersion"), QString::number(kFormatVersion))
            && setMeta(QStringLiteral("created"), iso(QDateTime::currentDateTimeUtc()))
            && setMeta(QStringLiteral("toolVersion"), QStringLiteral(SHARESCOPE_VERSION));
    });
    if (!ok)
        *error = m_error;
    return ok;
}

std::unique_ptr<CaseFile> CaseFile::open(const QString &path, QString *error)
{
    if (!looksLikeSqlite(path, error))
        return nullptr;
    std::unique_ptr<CaseFile> c(new CaseFile);
    c->m_path = path;
    c->m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    // A lock left by a process that died is stale and taken over (QLockFile checks the pid).
    if (!c->m_lock->tryLock(0)) {
        c->m_readOnly = true;
        qint64 pid = 0;
        QString host, app;
        c->m_lock->getLockInfo(&pid, &host, &app);
        c->m_readOnlyReason = QCoreApplication::translate("CaseFile", "Opened read-only: another ShareScope window (process %1) is working on this case.")
                                  .arg(pid);
        c->m_lock.reset();
    } else if (!QFileInfo(path).isWritable()) {
        c->m_readOnly = true;
        c->m_readOnlyReason = QCoreApplication::translate("CaseFile", "Opened read-only: the file cannot be written.");
    }
    c->m_connection = nextConnectionName();
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c->m_connection);
    c->m_db.setDatabaseName(path);
    if (c->m_readOnly)
        c->m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!c->m_db.open()) {
        *error = c->m_db.lastError().text();
        return nullptr;
    }
    if (!c->verify(error))
        return nullptr;
    return c;
}

bool CaseFile::verify(QString *error)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next() || q.value(0).toInt() != kApplicationId) {
        *error = QCoreApplication::translate("CaseFile", "%1 is an SQLite database, but not a ShareScope case.").arg(m_path);
        return false;
    }
    // A small case is checked whole. A big one (a million alerts make a gigabyte, and the
    // whole check would take most of a second) has the tables a window writes checked now,
    // and its alerts, events and image as they are read: a damaged page is a read error
    // then, and the case turns read-only (markDamaged).
    const bool whole = QFileInfo(m_path).size() <= s_wholeCheckBytes;
    const QStringList checks = whole ? QStringList{QString()} : QStringList{QStringLiteral("meta"), QStringLiteral("inputs"),
        QStringLiteral("allow_list"), QStringLiteral("reviews"), QStringLiteral("history")};
    for (const QString &table : checks)
        if (!q.exec(table.isEmpty() ? QStringLiteral("PRAGMA quick_check") : QStringLiteral("PRAGMA quick_check(%1)").arg(table))
            || !q.next() || q.value(0).toString() != QLatin1String("ok")) {
            const QString why = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
            *error = QCoreApplication::translate("CaseFile", "%1 is damaged (%2); it was not changed.").arg(m_path, why);
            return false;
        }
    const int version = meta(QStringLiteral("formatVersion")).toInt();
    if (version < 1 || version > kFormatVersion) {
        *error = QCoreApplication::translate("CaseFile", "%1 was written by a newer ShareScope (case format %2).").arg(m_path).arg(version);
        return false;
    }
    return true;
}

bool CaseFile::run(QSqlQuery &q, std::initializer_list<QVariant> values)
{
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    return false;
}

bool CaseFile::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    m_error = q.lastError().text();
    return false;
}

bool CaseFile::transaction(const std::function<bool()> &work)
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    if (m_readOnly) {
        m_error = m_readOnlyReason;
        return false;
    }
    m_error.clear();  // what this transaction fails on, if it does
    return immediateTransaction(m_db, [&](QString *) { return work(); }, &m_error);
}

bool CaseFile::immediateTransaction(QSqlDatabase &db, const std::function<bool(QString *error)> &work, QString *error)
{
    // IMMEDIATE: the write lock is taken first, waiting (the busy timeout) while another
    // connection of this case writes, rather than failing as an upgrade from reading would.
    QSqlQuery q(db);
    auto failed = [&] {
        if (error && error->isEmpty())
            *error = q.lastError().text();
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failed();
    if (!work(error) || !q.exec(QStringLiteral("COMMIT")))
        return failed();
    return true;
}

bool CaseFile::setMeta(const QString &key, const QString &value)
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    QSqlQuery q(m_db);
    q.prepare(QString::fromLatin1(kSetMeta));
    // A null QString binds as SQL NULL, which the column refuses: an open time range is stored as ''.
    return run(q, {key, value.isNull() ? QStringLiteral("") : value});
}

QString CaseFile::meta(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

QHash<QString, Review> CaseFile::reviews() const
{
    QHash<QString, Review> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT alert_key, status, classification, note, updated, updated_by FROM reviews")))
        return out;
    while (q.next()) {
        Review r;
        r.status = parseStatus(q.value(1).toString()).value_or(ReviewStatus::New);
        r.classification = parseClassification(q.value(2).toString()).value_or(Classification::None);
        r.note = q.value(3).toString();
        r.updated = fromIso(q.value(4).toString());
        r.updatedBy = q.value(5).toString();
        out.insert(q.value(0).toString(), r);
    }
    return out;
}

bool CaseFile::setReview(const QString &alertKey, const Review &review, const QString &who)
{
    return setReviews({alertKey}, {review}, who);
}

bool CaseFile::setReviews(const QStringList &keys, const QVector<Review> &reviews, const QString &who)
{
    return transaction([&] {
        QSqlQuery old(m_db), put(m_db), log(m_db);
        old.prepare(QStringLiteral("SELECT status, classification, note FROM reviews WHERE alert_key = ?"));
        put.prepare(QStringLiteral("INSERT INTO reviews (alert_key, status, classification, note, updated, updated_by) VALUES (?, ?, ?, ?, ?, ?)"
                                   " ON CONFLICT(alert_key) DO UPDATE SET status = excluded.status, classification = excluded.classification,"
                                   " note = excluded.note, updated = excluded.updated, updated_by = excluded.updated_by"));
        log.prepare(QStringLiteral("INSERT INTO history (alert_key, field, before, after, who, at) VALUES (?, ?, ?, ?, ?, ?)"));
        const QString now = iso(QDateTime::currentDateTimeUtc());
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const Review &r = reviews[i];
            if (!run(old, {keys[i]}))
                return false;
            const bool had = old.next();
            const QString before[3] = {had ? old.value(0).toString() : statusKey(ReviewStatus::New),
                                       nonNull(had ? old.value(1).toString() : QString()), nonNull(had ? old.value(2).toString() : QString())};
            old.finish();
            const QString after[3] = {statusKey(r.status), nonNull(classificationKey(r.classification)), nonNull(r.note)};
            const char *fields[3] = {"status", "classification", "note"};
            bool changed = false;
            for (int f = 0; f < 3; ++f) {
                if (before[f] == after[f])
                    continue;
                changed = true;
                if (!run(log, {keys[i], QString::fromLatin1(fields[f]), before[f], after[f], who, now}))
                    return false;
            }
            if (!changed)
                continue;
            if (!run(put, {keys[i], after[0], after[1], after[2], now, who}))
                return false;
        }
        return true;
    });
}

QVector<HistoryEntry> CaseFile::history(const QString &alertKey) const
{
    QVector<HistoryEntry> out;
    QSqlQuery q(m_db);
    q.prepare(alertKey.isEmpty() ? QStringLiteral("SELECT id, alert_key, field, before, after, who, at FROM history ORDER BY id")
                                 : QStringLiteral("SELECT id, alert_key, field, before, after, who, at FROM history WHERE alert_key = ? ORDER BY id"));
    if (!alertKey.isEmpty())
        q.addBindValue(alertKey);
    if (!q.exec())
        return out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                       q.value(5).toString(), fromIso(q.value(6).toString())});
    return out;
}

bool CaseFile::insertAlerts(QSqlDatabase &db, const QVector<StoredAlert> &alerts, QString *error)
{
    QSqlQuery bump(db), seq(db), alert(db), event(db);
    auto failed = [error](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return false;
    };
    if (!bump.exec(QString::fromLatin1(kBumpGeneration)))
        return failed(bump);
    if (!seq.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM alerts")) || !seq.next())
        return failed(seq);
    qint64 next = seq.value(0).toLongLong() + 1;
    alert.prepare(QStringLiteral("INSERT OR IGNORE INTO alerts (alert_key, event_key, alert_json, seq) VALUES (?, ?, ?, ?)"));
    event.prepare(QStringLiteral("INSERT OR IGNORE INTO events (event_key, raw_json) VALUES (?, ?)"));
    for (const StoredAlert &a : alerts) {
        alert.addBindValue(a.key);
        alert.addBindValue(a.eventKey);
        alert.addBindValue(a.alertJson);
        alert.addBindValue(next++);
        if (!alert.exec())
            return failed(alert);
        if (a.eventJson.isEmpty())
            continue;
        event.addBindValue(a.eventKey);
        event.addBindValue(a.eventJson);
        if (!event.exec())
            return failed(event);
    }
    return true;
}

bool CaseFile::addAlerts(const QVector<StoredAlert> &alerts)
{
    return transaction([&] { return insertAlerts(m_db, alerts, &m_error); });
}

void CaseFile::addAlertsInBackground(QVector<StoredAlert> alerts)
{
    if (m_readOnly || alerts.isEmpty())
        return;
    if (!m_writer)
        m_writer = std::make_unique<CaseAlertWriter>(m_path);
    m_writer->enqueue(std::move(alerts));
}

bool CaseFile::writingInBackground() const
{
    return m_writer && m_writer->busy();
}

bool CaseFile::waitForWrites() const
{
    QString why;
    if (!m_writer || m_writer->wait(&why))
        return true;
    m_error = why;
    if (m_writeFailure.isEmpty())
        m_writeFailure = why;
    return false;
}

QString CaseFile::takeWriteFailure()
{
    waitForWrites();
    return std::exchange(m_writeFailure, QString());
}

void CaseFile::whenWritten(std::function<void()> done)
{
    if (m_writer)
        m_writer->whenWritten(std::move(done));
    else
        done();
}

qint64 CaseFile::s_wholeCheckBytes = 256 << 20;

void CaseFile::markDamaged(const QString &why)
{
    m_readOnly = true;
    m_readOnlyReason = QCoreApplication::translate("CaseFile", "%1 is damaged (%2): it is open read-only and will not be changed.").arg(m_path, why);
}

bool CaseFile::bumpAlertsGeneration()
{
    return exec(QString::fromLatin1(kBumpGeneration));
}

quint64 CaseFile::alertsGeneration() const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    return meta(QStringLiteral("alertsGeneration")).toULongLong();
}

namespace {

QString metaOf(const QSqlDatabase &db, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool hasCurrentImageIn(const QSqlDatabase &db, const QByteArray &format)
{
    const QString generation = metaOf(db, QStringLiteral("imageGeneration"));
    return !generation.isEmpty() && generation == metaOf(db, QStringLiteral("alertsGeneration"))
        && metaOf(db, QStringLiteral("imageFormat")).toUtf8() == format;
}

QByteArray modelImageIn(const QSqlDatabase &db, const QByteArray &format, QString *readFailure)
{
    readFailure->clear();
    if (!hasCurrentImageIn(db, format))
        return {};
    const qint64 bytes = metaOf(db, QStringLiteral("imageBytes")).toLongLong();
    QByteArray out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (bytes <= 0 || !q.exec(QStringLiteral("SELECT data FROM model_image ORDER BY part")))
        return {};
    out.reserve(static_cast<qsizetype>(bytes));
    while (q.next() && out.size() <= bytes)
        out += q.value(0).toByteArray();
    if (q.lastError().isValid())
        *readFailure = q.lastError().text();
    return out.size() == bytes ? out : QByteArray();
}

QVector<QByteArray> alertJsonsIn(const QSqlDatabase &db, QString *readFailure)
{
    QVector<QByteArray> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    readFailure->clear();
    if (q.exec(QStringLiteral("SELECT alert_json FROM alerts ORDER BY seq")))
        while (q.next())
            out.push_back(q.value(0).toByteArray());
    if (q.lastError().isValid())  // a damaged page: what came before it is all there is
        *readFailure = q.lastError().text();
    return out;
}

// Runs `read` on a read-only connection of its own to the case at `path`.
template <class Read>
auto readThroughOwnConnection(const QString &path, QString *readFailure, Read read) -> decltype(read(std::declval<QSqlDatabase &>()))
{
    const QString name = nextConnectionName();
    decltype(read(std::declval<QSqlDatabase &>())) out{};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open())
            out = read(db);
        else
            *readFailure = db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

} // namespace

bool CaseFile::hasCurrentImage(const QByteArray &format) const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    return hasCurrentImageIn(m_db, format);
}

QByteArray CaseFile::modelImage(const QByteArray &format) const
{
    waitForWrites();
    return modelImageIn(m_db, format, &m_readFailure);
}

QByteArray CaseFile::readModelImage(const QString &path, const QByteArray &format, QString *readFailure)
{
    return readThroughOwnConnection(path, readFailure, [&](QSqlDatabase &db) { return modelImageIn(db, format, readFailure); });
}

QVector<QByteArray> CaseFile::readAlertJsons(const QString &path, QString *readFailure)
{
    return readThroughOwnConnection(path, readFailure, [&](QSqlDatabase &db) { return alertJsonsIn(db, readFailure); });
}

bool CaseFile::writeModelImage(const QString &path, const QByteArray &image, const QByteArray &format, quint64 generation, QString *error)
{
    const QString name = nextConnectionName();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        // Each step in its own transaction, and only while the alerts are still those the
        // image was made from; the image counts once its meta is written, last.
        auto step = [&](const std::function<bool(QSqlQuery &)> &work) {
            return immediateTransaction(db, [&](QString *why) {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'alertsGeneration'"))) {
                    *why = q.lastError().text();
                    return false;
                }
                if ((q.next() ? q.value(0).toULongLong() : 0) != generation) {
                    *why = QStringLiteral("the alerts changed while their image was written");
                    return false;
                }
                if (work(q))
                    return true;
                *why = q.lastError().text();
                return false;
            }, error);
        };
        auto setMeta = [](QSqlQuery &q, const QString &key, const QString &value) {
            q.prepare(QString::fromLatin1(kSetMeta));
            q.addBindValue(key);
            q.addBindValue(value);
            return q.exec();
        };
        ok = db.open() && step([](QSqlQuery &q) {
            return q.exec(QString::fromLatin1(kImageTable))
                && q.exec(QStringLiteral("DELETE FROM meta WHERE key IN ('imageGeneration', 'imageFormat', 'imageBytes')"))
                && q.exec(QStringLiteral("DELETE FROM model_image"));
        });
        for (qsizetype at = 0, part = 0; ok && at < image.size(); at += kImagePartBytes, ++part)
            ok = step([&](QSqlQuery &q) {
                q.prepare(QStringLiteral("INSERT INTO model_image (part, data) VALUES (?, ?)"));
                q.addBindValue(part);
                q.addBindValue(image.mid(at, kImagePartBytes));
                return q.exec();
            });
        ok = ok && step([&](QSqlQuery &q) {
            return setMeta(q, QStringLiteral("imageFormat"), QString::fromUtf8(format))
                && setMeta(q, QStringLiteral("imageBytes"), QString::number(image.size()))
                && setMeta(q, QStringLiteral("imageGeneration"), QString::number(generation));
        });
        if (!ok && error && error->isEmpty())
            *error = db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool CaseFile::updateAlerts(const QVector<QPair<QString, QByteArray>> &keyAndJson)
{
    return transaction([&] {
        if (!bumpAlertsGeneration())
            return false;
        QSqlQuery update(m_db);
        update.prepare(QStringLiteral("UPDATE alerts SET alert_json = ? WHERE alert_key = ?"));
        for (const auto &[key, json] : keyAndJson)
            if (!run(update, {json, key}))
                return false;
        return true;
    });
}

QVector<QByteArray> CaseFile::alertJsons() const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    return alertJsonsIn(m_db, &m_readFailure);
}

QByteArray CaseFile::eventJson(const QString &eventKey) const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT raw_json FROM events WHERE event_key = ?"));
    q.addBindValue(eventKey);
    return q.exec() && q.next() ? q.value(0).toByteArray() : QByteArray();
}

qint64 CaseFile::alertCount() const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next() ? q.value(0).toLongLong() : 0;
}

bool CaseFile::clearAlerts()
{
    return transaction([this] {
        return bumpAlertsGeneration() && exec(QStringLiteral("DELETE FROM alerts")) && exec(QStringLiteral("DELETE FROM events"));
    });
}

bool CaseFile::setInputs(const QVector<CaseInput> &inputs)
{
    return transaction([&] {
        if (!exec(QStringLiteral("DELETE FROM inputs")))
            return false;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO inputs (path, size, modified, sha256) VALUES (?, ?, ?, ?)"));
        for (const CaseInput &in : inputs)
            if (!run(q, {in.path, in.size, iso(in.modified), in.sha256}))
                return false;
        return true;
    });
}

QVector<CaseInput> CaseFile::inputs() const
{
    QVector<CaseInput> out;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT path, size, modified, sha256 FROM inputs ORDER BY path")))
        while (q.next())
            out.push_back({q.value(0).toString(), q.value(1).toLongLong(), fromIso(q.value(2).toString()), q.value(3).toString()});
    return out;
}

bool CaseFile::setAllowList(const QVector<CaseAllowEntry> &entries)
{
    return transaction([&] {
        if (!exec(QStringLiteral("DELETE FROM allow_list")))
            return false;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO allow_list (value, label, justification, owner, added, expires, from_alert) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        for (const CaseAllowEntry &e : entries)
            if (!run(q, {e.value, e.label, e.justification, e.owner, iso(e.added), iso(e.expires), e.fromAlert}))
                return false;
        return true;
    });
}

QVector<CaseAllowEntry> CaseFile::allowList() const
{
    QVector<CaseAllowEntry> out;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT value, label, justification, owner, added, expires, from_alert FROM allow_list ORDER BY value")))
        while (q.next())
            out.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                           fromIso(q.value(4).toString()), fromIso(q.value(5).toString()), q.value(6).toString()});
    return out;
}

bool CaseFile::copyTo(const QString &path, QString *error) const
{
    waitForWrites();  // changes keep their order (addAlertsInBackground)
    if (QFileInfo::exists(path) && !QFile::remove(path)) {
        *error = QCoreApplication::translate("CaseFile", "%1 cannot be replaced.").arg(path);
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(path);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace sharescope::session
