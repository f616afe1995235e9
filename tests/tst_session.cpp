// The case file without a window: what it keeps, what it refuses, an append-only
// history, two writers, and a writer killed with SIGKILL in the middle of its work.
#include "case_file.h"
#include "investigation.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

using namespace sharescope;
using namespace sharescope::session;

namespace {

// A folder "logs" in `dir` holding fixtures (their paths under tests/data) under the names
// given; empty when one could not be copied.
QString copyLogs(const QTemporaryDir &dir, const QList<QPair<QString, QString>> &fixtures)
{
    const QString logs = dir.filePath(QStringLiteral("logs"));
    if (!QDir().mkpath(logs))
        return {};
    for (const auto &[fixture, name] : fixtures)
        if (!QFile::copy(test::dataPath(fixture), logs + QLatin1Char('/') + name))
            return {};
    return logs;
}

// Opens a case as the window does, and waits for its alerts: they are read on a thread of
// their own and arrive through the event loop (caseLoaded).
bool openCase(Investigation &inv, const QString &path, QString *error)
{
    QSignalSpy loaded(&inv, &Investigation::caseLoaded);
    if (!inv.openCase(path, error))
        return false;
    if (loaded.count() == 0 && !loaded.wait(60000)) {
        *error = QStringLiteral("the case's alerts never came");
        return false;
    }
    return true;
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void reviewsAndHistoryArePersisted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.sharescope"));
        QString error;
        {
            std::unique_ptr<CaseFile> c = CaseFile::create(path, &error);
            QVERIFY2(c, qPrintable(error));
            Review r;
            r.status = ReviewStatus::Suspicious;
            r.classification = Classification::Undetermined;
            r.note = QStringLiteral("ask the backup team");
            QVERIFY(c->setReview(QStringLiteral("k1"), r, QStringLiteral("ana")));
            r.status = ReviewStatus::Benign;
            QVERIFY(c->setReview(QStringLiteral("k1"), r, QStringLiteral("ben")));
            QVERIFY(c->setReview(QStringLiteral("k1"), r, QStringLiteral("ben")));  // no change: nothing recorded
        }
        std::unique_ptr<CaseFile> c = CaseFile::open(path, &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(!c->isReadOnly());
        const Review r = c->reviews().value(QStringLiteral("k1"));
        QCOMPARE(r.status, ReviewStatus::Benign);
        QCOMPARE(r.note, QStringLiteral("ask the backup team"));
        QCOMPARE(r.updatedBy, QStringLiteral("ben"));
        const QVector<HistoryEntry> h = c->history(QStringLiteral("k1"));
        QCOMPARE(h.size(), 4);  // status, classification, note by ana; status by ben
        QCOMPARE(h[0].field, QStringLiteral("status"));
        QCOMPARE(h[0].before, QStringLiteral("new"));
        QCOMPARE(h[0].after, QStringLiteral("suspicious"));
        QCOMPARE(h[3].before, QStringLiteral("suspicious"));
        QCOMPARE(h[3].after, QStringLiteral("benign"));
        QCOMPARE(h[3].who, QStringLiteral("ben"));
    }

    void historyIsAppendOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.sharescope"));
        QString error;
        {
            std::unique_ptr<CaseFile> c = CaseFile::create(path, &error);
            QVERIFY(c);
            Review r;
            r.status = ReviewStatus::Malicious;
            QVERIFY2(c->setReview(QStringLiteral("k"), r, QStringLiteral("ana")), qPrintable(c->lastError()));
        }
        // Even a tool that writes the file directly cannot rewrite what was decided.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(!q.exec(QStringLiteral("UPDATE history SET after = 'benign'")));
            QVERIFY(!q.exec(QStringLiteral("DELETE FROM history")));
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM history")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    }

    void foreignAndDamagedFilesAreRefusedAndKept_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("text") << QByteArray("{\"trusted\": []}") << QStringLiteral("not a ShareScope case");
        QByteArray header("SQLite format 3\0", 16);
        QTest::newRow("damaged sqlite") << (header + QByteArray(4096, '\x7f')) << QString();
    }

    void foreignAndDamagedFilesAreRefusedAndKept()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.sharescope"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QString error;
        QVERIFY(!CaseFile::open(path, &error));
        QVERIFY(!error.isEmpty());
        if (!message.isEmpty())
            QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(!CaseFile::create(path, &error));  // never replaced either
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
    }

    void anotherSqliteDatabaseIsNotACase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t (x)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QString error;
        QVERIFY(!CaseFile::open(path, &error));
        QVERIFY2(error.contains(QStringLiteral("not a ShareScope case")), qPrintable(error));
    }

    void aSecondWriterGetsReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.sharescope"));
        QString error;
        std::unique_ptr<CaseFile> first = CaseFile::create(path, &error);
        QVERIFY(first);
        Review r;
        r.status = ReviewStatus::Benign;
        QVERIFY(first->setReview(QStringLiteral("a"), r, QStringLiteral("ana")));
        std::unique_ptr<CaseFile> second = CaseFile::open(path, &error);
        QVERIFY2(second, qPrintable(error));
        QVERIFY(second->isReadOnly());
        QVERIFY(second->readOnlyReason().contains(QStringLiteral("another ShareScope window")));
        r.status = ReviewStatus::Malicious;
        QVERIFY(!second->setReview(QStringLiteral("a"), r, QStringLiteral("ben")));
        QCOMPARE(second->reviews().value(QStringLiteral("a")).status, ReviewStatus::Benign);  // it reads
        QVERIFY(first->setReview(QStringLiteral("b"), r, QStringLiteral("ana")));
        QCOMPARE(first->reviews().size(), 2);
        first.reset();
        // Once the first is gone, the case can be written again.
        std::unique_ptr<CaseFile> third = CaseFile::open(path, &error);
        QVERIFY(third && !third->isReadOnly());
    }

    void killedWriterLosesAtMostTheDecisionInFlight()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.sharescope"));
        QString error;
        QVERIFY(CaseFile::create(path, &error));
        QProcess writer;
        writer.start(QStringLiteral(SHARESCOPE_CASE_WRITER), {path});
        QVERIFY(writer.waitForStarted());
        int committed = -1;
        QByteArray out;
        while (committed < 200 && writer.waitForReadyRead(20000)) {
            out += writer.readAllStandardOutput();
            const QList<QByteArray> lines = out.split('\n');
            if (lines.size() >= 2)
                committed = lines[lines.size() - 2].toInt();
        }
        QVERIFY2(committed >= 200, writer.readAllStandardError().constData());
        ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);  // mid-write, most likely
        QVERIFY(writer.waitForFinished());
        out += writer.readAllStandardOutput();
        const QList<QByteArray> lines = out.trimmed().split('\n');
        committed = lines.last().toInt();

        // The lock of the dead writer is stale: the case opens for writing, whole.
        std::unique_ptr<CaseFile> c = CaseFile::open(path, &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(!c->isReadOnly());
        const QHash<QString, Review> reviews = c->reviews();
        // Every decision it said it had made is there; at most the one being written when it died is more.
        QVERIFY2(reviews.size() == committed + 1 || reviews.size() == committed + 2, qPrintable(QString::number(reviews.size())));
        for (int i = 0; i <= committed; ++i)
            QCOMPARE(reviews.value(QStringLiteral("[\"evt-%1\",\"S3Bucket\",\"b\",\"444455556666\",\"\",0]").arg(i)).note, QStringLiteral("decision %1").arg(i));
        QCOMPARE(c->history().size(), reviews.size() * 2);  // each decision logs what changed: its status and its note
    }

    // Opening a case returns at once: its alerts are read on another thread and arrive in one
    // step (caseLoaded). Logs opened meanwhile wait, then are scanned into the same model; a
    // case closed meanwhile gets nothing late; Save As meanwhile copies every alert.
    void aCaseOpensOffTheWindowThreadAndWhatComesMeanwhileWaits()
    {
        QTemporaryDir dir;
        const QString logs = copyLogs(dir, {{QStringLiteral("trust/trust_scopes.json"), QStringLiteral("trail.json")}});
        const QString more = dir.filePath(QStringLiteral("more"));
        QVERIFY(!logs.isEmpty() && QDir().mkpath(more));
        QVERIFY(QFile::copy(test::dataPath(QStringLiteral("inputs/records.json")), more + QStringLiteral("/records.json")));
        const QString casePath = dir.filePath(QStringLiteral("named.sharescope"));
        const QString cases = dir.filePath(QStringLiteral("cases"));
        const QString allow = dir.filePath(QStringLiteral("allow.json"));
        QString error;
        int alerts = 0;
        {
            Investigation inv(allow, cases);
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({logs});
            QVERIFY(done.wait(10000));
            alerts = inv.alerts()->rowCount();
            QVERIFY(alerts >= 5);
            QVERIFY(inv.setStatus({0}, ReviewStatus::Benign));
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
        }
        int both = 0;
        {
            Investigation again(allow, cases);
            QSignalSpy loaded(&again, &Investigation::caseLoaded);
            QSignalSpy started(&again, &Investigation::scanStarted);
            QSignalSpy done(&again, &Investigation::scanFinished);
            QVERIFY2(again.openCase(casePath, &error), qPrintable(error));
            QVERIFY(again.isLoading());
            QCOMPARE(again.alerts()->rowCount(), 0);
            again.openPaths({more});
            QVERIFY(!again.isScanning());
            QVERIFY(loaded.wait(10000));
            QVERIFY(!again.isLoading());
            QCOMPARE(again.alerts()->rowCount(), alerts);  // the case's alerts, the scan's still to come
            QCOMPARE(again.reviewedCount(), 1);
            QCOMPARE(started.count(), 1);
            QVERIFY(done.wait(10000));
            both = again.alerts()->rowCount();
            QVERIFY(both > alerts);
        }
        {
            Investigation closing(allow, cases);
            QSignalSpy loaded(&closing, &Investigation::caseLoaded);
            QVERIFY2(closing.openCase(casePath, &error), qPrintable(error));
            closing.closeCase();
            QVERIFY(!closing.isLoading());
            QVERIFY(!loaded.wait(300));
            QCOMPARE(closing.alerts()->rowCount(), 0);
            QVERIFY2(openCase(closing, casePath, &error), qPrintable(error));
            QCOMPARE(closing.alerts()->rowCount(), both);
            QVERIFY(closing.openedPaths().contains(QFileInfo(more).canonicalFilePath()));  // kept once the alerts were in
            // Save As while the alerts are read: it waits for them, and the copy holds them all.
            closing.closeCase();
            QVERIFY2(closing.openCase(casePath, &error), qPrintable(error));
            QVERIFY(closing.isLoading());
            QVERIFY2(closing.saveCaseAs(dir.filePath(QStringLiteral("copy.sharescope")), &error), qPrintable(error));
            QCOMPARE(closing.alerts()->rowCount(), both);
            QCOMPARE(loaded.count(), 2);
        }
        Investigation copy(allow, cases);
        QVERIFY2(openCase(copy, dir.filePath(QStringLiteral("copy.sharescope")), &error), qPrintable(error));
        QCOMPARE(copy.alerts()->rowCount(), both);
        QCOMPARE(copy.reviewedCount(), 1);
    }

    void investigationKeepsReviewsAcrossRescanAndReopen()
    {
        // The session without a window: scan, decide, rescan (reviews stay by AlertKey),
        // then reopen the case with the logs gone: alerts, events and decisions are all there.
        QTemporaryDir dir;
        const QString logs = copyLogs(dir, {{QStringLiteral("trust/trust_scopes.json"), QStringLiteral("trail.json")}});
        QVERIFY(!logs.isEmpty());
        QString casePath;
        int alerts = 0;
        QString decidedKey;
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({logs});
            QVERIFY(done.wait(10000));
            alerts = inv.alerts()->rowCount();
            QVERIFY(alerts >= 5);
            QVERIFY(inv.caseFile() && inv.isUntitled());
            QSignalSpy problems(&inv, &Investigation::problem);
            const bool saved = inv.setStatus({0, 1}, ReviewStatus::Malicious);
            QVERIFY2(saved, qPrintable(problems.isEmpty() ? QString() : problems.first().first().toString()));
            QVERIFY(inv.setNote(1, QStringLiteral("exfiltration path")));
            decidedKey = inv.alerts()->alertKey(1);
            QCOMPARE(inv.reviewedCount(), 2);
            inv.rescan();
            QVERIFY(done.wait(10000));
            QCOMPARE(inv.alerts()->rowCount(), alerts);
            QCOMPARE(inv.reviewedCount(), 2);
            casePath = dir.filePath(QStringLiteral("named.sharescope"));
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
            QVERIFY(!inv.isUntitled());
            QVERIFY(inv.setStatus({2}, ReviewStatus::Benign));  // saved into the named case from now on
            QTRY_VERIFY(!inv.caseFile()->inputs().isEmpty());   // hashed off the GUI thread
            QCOMPARE(inv.caseFile()->inputs().first().sha256.size(), 64);
        }
        QVERIFY(QFile::remove(logs + QStringLiteral("/trail.json")));
        Investigation again(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        QString error;
        QSignalSpy checked(&again, &Investigation::inputsChecked);
        QVERIFY2(openCase(again, casePath, &error), qPrintable(error));
        QCOMPARE(again.alerts()->rowCount(), alerts);
        QCOMPARE(again.reviewedCount(), 3);
        int row = -1;
        for (int r = 0; r < again.alerts()->rowCount(); ++r)
            if (again.alerts()->alertKey(r) == decidedKey)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(again.review(row).note, QStringLiteral("exfiltration path"));
        QCOMPARE(again.review(row).status, ReviewStatus::Malicious);
        QVERIFY(again.storedEventJson(row).contains("\"eventName\""));
        QVERIFY(checked.wait(10000));
        QCOMPARE(again.changedInputs().size(), 1);  // the log is gone, and the case says which
    }

    void aReopenedCaseReadsItsImageAndAgreesWithItsJson()
    {
        // After a scan the case stores the model's image (a thread of its own); a reopen
        // reads it instead of every alert's JSON, and must show exactly what the JSON gives:
        // every row, its uses and revocation, and the reviews made after the image was stored.
        // An image that does not hold together, or that is older than the alerts, is passed
        // over for the JSON.
        QTemporaryDir dir;
        const QString logs = copyLogs(dir, {{QStringLiteral("trust/trust_scopes.json"), QStringLiteral("trail.json")},
                                            {QStringLiteral("extended/share_uses.json"), QStringLiteral("uses.json")}});
        QVERIFY(!logs.isEmpty());
        const QString casePath = dir.filePath(QStringLiteral("image.sharescope"));
        QHash<QString, QByteArray> jsonByKey;
        QHash<QString, QString> noteByKey;
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            QSignalSpy stored(&inv, &Investigation::imageStored);
            inv.openPaths({logs});
            QVERIFY(done.wait(10000));
            QVERIFY(stored.wait(10000));
            QVERIFY2(stored.first().at(0).toBool(), qPrintable(stored.first().at(1).toString()));
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
            QVERIFY(inv.setStatus({1}, ReviewStatus::Suspicious));  // after the image: only the reviews table has it
            QVERIFY(inv.setNote(1, QStringLiteral("ask the owner")));
            for (int r = 0; r < inv.alerts()->rowCount(); ++r) {
                jsonByKey.insert(inv.alerts()->alertKey(r), inv.alerts()->rowJson(r));
                noteByKey.insert(inv.alerts()->alertKey(r), inv.review(r).note);
            }
        }
        QVERIFY(jsonByKey.size() >= 10);
        auto reopenAndCompare = [&](bool expectImage) {
            Investigation again(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy stored(&again, &Investigation::imageStored);
            QString error;
            if (!openCase(again, casePath, &error))
                return QStringLiteral("not opened: ") + error;
            if (again.loadedFromImage() != expectImage)
                return QStringLiteral("loaded from the image: %1").arg(again.loadedFromImage());
            if (again.alerts()->rowCount() != jsonByKey.size())
                return QStringLiteral("%1 rows").arg(again.alerts()->rowCount());
            for (int r = 0; r < again.alerts()->rowCount(); ++r) {
                const QString key = again.alerts()->alertKey(r);
                if (again.alerts()->rowJson(r) != jsonByKey.value(key))
                    return QStringLiteral("row %1 differs: %2").arg(key, QString::fromUtf8(again.alerts()->rowJson(r)));
                if (again.review(r).note != noteByKey.value(key))
                    return QStringLiteral("note of %1 differs").arg(key);
            }
            if (again.reviewedCount() != 1)
                return QStringLiteral("%1 reviewed").arg(again.reviewedCount());
            if (!expectImage && !stored.wait(10000))  // read from the JSON: an image for next time
                return QStringLiteral("no image stored after reading the JSON");
            return QString();
        };
        QString why = reopenAndCompare(true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        auto raw = [&](const QString &sql) {
            bool ok = false;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-image"));
                db.setDatabaseName(casePath);
                ok = db.open() && QSqlQuery(db).exec(sql);
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("raw-image"));
            return ok;
        };
        // Damaged parts of the same length: the image is refused, the JSON read.
        QVERIFY(raw(QStringLiteral("UPDATE model_image SET data = randomblob(length(data))")));
        why = reopenAndCompare(false);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = reopenAndCompare(true);  // the image stored then is read
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // The alerts changed since the image was made (another tool, an older ShareScope): not read.
        QVERIFY(raw(QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'alertsGeneration'")));
        why = reopenAndCompare(false);  // and stores a current one again
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // An image made from older alerts is refused by the writer, and the current one stays.
        QString error;
        quint64 generation = 0;
        {
            std::unique_ptr<CaseFile> file = CaseFile::open(casePath, &error);
            QVERIFY2(file, qPrintable(error));
            generation = file->alertsGeneration();
            QVERIFY(file->hasCurrentImage(AlertModel::imageFormat()));
        }
        QVERIFY(!CaseFile::writeModelImage(casePath, QByteArray(64, 'x'), AlertModel::imageFormat(), generation - 1, &error));
        QVERIFY2(error.contains(QStringLiteral("changed")), qPrintable(error));
        why = reopenAndCompare(true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void aBigCaseDamagedWhereItIsReadTurnsReadOnly()
    {
        // A big case is checked table by table on open and its alerts as they are read
        // (CaseFile::verify): a damaged page in the alerts opens the case read-only, says
        // so, and nothing is written to it.
        QTemporaryDir dir;
        const QString logs = copyLogs(dir, {{QStringLiteral("trust/trust_scopes.json"), QStringLiteral("trail.json")}});
        QVERIFY(!logs.isEmpty());
        const QString casePath = dir.filePath(QStringLiteral("big.sharescope"));
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({logs});
            QVERIFY(done.wait(10000));
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
        }
        int page = 0, pageSize = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-pages"));
            db.setDatabaseName(casePath);
            QVERIFY(db.open());
            QSqlQuery q(db);
            // No image: the alerts' JSON is what is read.
            QVERIFY(q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'imageGeneration'")));
            QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'alerts'")) && q.next());
            page = q.value(0).toInt();
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
            pageSize = q.value(0).toInt();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw-pages"));
        QVERIFY(page > 1 && pageSize >= 512);
        QFile f(casePath);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(page - 1) * pageSize));
        f.write(QByteArray(pageSize, '\x5a'));
        f.close();
        const QByteArray damaged = [&] { QFile r(casePath); r.open(QIODevice::ReadOnly); return r.readAll(); }();

        CaseFile::setWholeCheckBytes(0);  // as for a case of a gigabyte
        auto restore = qScopeGuard([] { CaseFile::setWholeCheckBytes(256 << 20); });
        Investigation again(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        QSignalSpy problems(&again, &Investigation::problem);
        QString error;
        QVERIFY2(openCase(again, casePath, &error), qPrintable(error));
        QVERIFY(again.caseFile()->isReadOnly());
        QVERIFY2(again.caseFile()->readOnlyReason().contains(QStringLiteral("damaged")), qPrintable(again.caseFile()->readOnlyReason()));
        QCOMPARE(problems.count(), 1);
        QVERIFY(again.setStatus({0, 99999}, ReviewStatus::Benign) == false || again.alerts()->rowCount() == 0);  // no row 99999: no crash
        restore.dismiss();
        CaseFile::setWholeCheckBytes(256 << 20);
        // Checked whole, as a small case is, it is refused outright.
        QVERIFY(!CaseFile::open(casePath, &error));
        QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
        QFile r(casePath);
        QVERIFY(r.open(QIODevice::ReadOnly));
        const QByteArray now = r.readAll();
        qsizetype at = 0;
        while (at < std::min(now.size(), damaged.size()) && now[at] == damaged[at])
            ++at;
        QVERIFY2(now == damaged, qPrintable(QStringLiteral("differs from byte %1 of %2/%3").arg(at).arg(now.size()).arg(damaged.size())));  // never written to
    }

    void countsFollowEveryDecisionAndTrust()
    {
        // counts() is kept between calls and adjusted by each decision: it must always say
        // what a fresh pass over the rows says, through decisions, trust and new rows.
        QTemporaryDir dir;
        Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        auto fresh = [&] {
            Investigation::Counts c;
            for (int r = 0; r < inv.alerts()->rowCount(); ++r) {
                const AlertModel::Row &row = inv.alerts()->row(r);
                if (inv.filter()->isTrustedRow(row))
                    continue;
                ++c.untrusted;
                c.sentinel += row.sentinel;
                c.reviewed += isDecided(row.status);
            }
            return c;
        };
        auto same = [&] {
            const Investigation::Counts kept = inv.counts(), now = fresh();
            return kept.untrusted == now.untrusted && kept.sentinel == now.sentinel && kept.reviewed == now.reviewed;
        };
        QSignalSpy done(&inv, &Investigation::scanFinished);
        inv.openPaths({test::dataPath(QStringLiteral("trust/trust_scopes.json"))});
        QVERIFY(done.wait(10000));
        QVERIFY(inv.alerts()->rowCount() >= 5);
        QVERIFY(same());
        QVERIFY(inv.setStatus({0, 1, 2}, ReviewStatus::Malicious));
        QVERIFY(same());
        QCOMPARE(inv.counts().reviewed, 3);
        QVERIFY(inv.setStatus({1}, ReviewStatus::InReview));  // not a decision: one fewer reviewed
        QVERIFY(same());
        QCOMPARE(inv.counts().reviewed, 2);
        // Trusting the first row's account hides it: it no longer counts, decided or not.
        const QString account = inv.alerts()->pool().at(inv.alerts()->row(0).trustId);
        inv.allowList()->add({account, QString(), QDateTime::currentDateTimeUtc()});
        QVERIFY(same());
        QVERIFY(inv.counts().reviewed < 2);
        QVERIFY(inv.setStatus({0}, ReviewStatus::New));  // a hidden row's decision changes nothing counted
        QVERIFY(same());
        inv.allowList()->remove(account);
        QVERIFY(same());
        inv.rescan();  // the rows again, their decisions kept
        QVERIFY(done.wait(10000));
        QVERIFY(same());
    }

    void alertsWrittenInTheBackgroundKeepTheirOrder()
    {
        // A scan's alerts are written by the case's own thread (case_alert_writer.h); every
        // other call waits for them, so the case sees its changes in the order they were made,
        // and a failed write is told, not lost.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("background.sharescope"));
        QString error;
        std::unique_ptr<CaseFile> file = CaseFile::create(path, &error);
        QVERIFY2(file, qPrintable(error));
        auto batch = [](int from, int count) {
            QVector<StoredAlert> out;
            for (int i = from; i < from + count; ++i)
                out.push_back({QStringLiteral("key-%1").arg(i), QByteArrayLiteral("{}"), QByteArrayLiteral("{\"e\":1}"),
                               QStringLiteral("event-%1").arg(i)});
            return out;
        };
        const quint64 before = file->alertsGeneration();
        file->addAlertsInBackground(batch(0, 3000));
        file->addAlertsInBackground(batch(2000, 3000));  // 1,000 keys again: the first stored stays
        bool told = false;
        file->whenWritten([&told] { told = true; });
        QCOMPARE(file->alertCount(), qint64(5000));  // waits for both batches
        QVERIFY(told);
        QVERIFY(!file->writingInBackground());
        QCOMPARE(file->alertsGeneration(), before + 2);
        QCOMPARE(file->alertJsons().size(), 5000);
        QVERIFY(file->eventJson(QStringLiteral("event-4999")) == QByteArrayLiteral("{\"e\":1}"));
        // A change made after queued alerts lands after them: clearing leaves none.
        file->addAlertsInBackground(batch(5000, 500));
        QVERIFY(file->clearAlerts());
        QCOMPARE(file->alertCount(), qint64(0));
        QVERIFY(file->takeWriteFailure().isEmpty());
        // A batch that cannot be written is told once, by takeWriteFailure.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-drop"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("ALTER TABLE alerts RENAME TO alerts_gone")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw-drop"));
        file->addAlertsInBackground(batch(0, 10));
        const QString failure = file->takeWriteFailure();
        QVERIFY2(failure.contains(QStringLiteral("alerts")), qPrintable(failure));
        QVERIFY(file->takeWriteFailure().isEmpty());
    }

    void usesAndRevocationsLearntLaterAreKeptInTheCase()
    {
        // A share's uses and its revocation come from events read after the alert was stored:
        // the case keeps them as the window shows them, and a reopened case (logs gone) shows them.
        QTemporaryDir dir;
        const QString logs = copyLogs(dir, {{QStringLiteral("extended/share_uses.json"), QStringLiteral("trail.json")}});
        QVERIFY(!logs.isEmpty());
        const QString casePath = dir.filePath(QStringLiteral("uses.sharescope"));
        QHash<QString, QString> usesByKey;
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({logs});
            QVERIFY(done.wait(10000));
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
            for (int r = 0; r < inv.alerts()->rowCount(); ++r)
                usesByKey.insert(inv.alerts()->alertKey(r), inv.alerts()->text(r, AlertField::Uses));
        }
        QCOMPARE(usesByKey.size(), 6);
        QCOMPARE(std::count_if(usesByKey.cbegin(), usesByKey.cend(), [](const QString &u) { return !u.isEmpty(); }), 6);
        QVERIFY(QFile::remove(logs + QStringLiteral("/trail.json")));
        Investigation again(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        QString error;
        QVERIFY2(openCase(again, casePath, &error), qPrintable(error));
        QCOMPARE(again.alerts()->rowCount(), 6);
        for (int r = 0; r < again.alerts()->rowCount(); ++r) {
            QCOMPARE(again.alerts()->text(r, AlertField::Uses), usesByKey.value(again.alerts()->alertKey(r)));
            if (again.alerts()->text(r, AlertField::ResourceType) == QLatin1String("KMSKey")) {
                QCOMPARE(again.alerts()->text(r, AlertField::RevokedAt), QStringLiteral("2024-06-29T10:11:00Z"));
                QCOMPARE(again.alerts()->text(r, AlertField::UsedAfterRevocation), QStringLiteral("2024-06-29T10:12:00Z"));
            }
        }
    }

    void reportHandsTheCaseOn()
    {
        // `sharescope report` reads the case alone: findings with their decisions and notes
        // (a hostile note stays text), the allow-list, the inputs with their hashes.
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("handover.sharescope"));
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({test::dataPath(QStringLiteral("trust/trust_scopes.json"))});
            QVERIFY(done.wait(10000));
            QVERIFY(inv.setStatus({0}, ReviewStatus::Malicious));
            QVERIFY(inv.setNote(0, QStringLiteral("<script>alert(1)</script> | `x`")));
            inv.allowList()->add({QStringLiteral("777788889999"), QStringLiteral("Backup vendor"), QDateTime::currentDateTimeUtc()});
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
            QTRY_VERIFY(!inv.caseFile()->inputs().isEmpty());
        }
        auto report = [&](const QString &format) {
            QProcess p;
            p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("report"), casePath, QStringLiteral("--format"), format});
            p.waitForFinished(30000);
            return std::make_pair(p.exitCode(), p.readAllStandardOutput());
        };
        const auto [htmlStatus, html] = report(QStringLiteral("html"));
        QCOMPARE(htmlStatus, 0);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("<tr class=\"malicious\">"));
        QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        QVERIFY(!html.contains("<script>"));
        QVERIFY(html.contains("Backup vendor"));
        QVERIFY(html.contains("8 findings, 1 decided"));
        const QByteArray sha = QCryptographicHash::hash([&] {
            QFile f(test::dataPath(QStringLiteral("trust/trust_scopes.json")));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }(), QCryptographicHash::Sha256).toHex();
        QVERIFY(html.contains(sha));
        QVERIFY(!html.contains("only events from"));  // the case looked at any time
        const auto [mdStatus, md] = report(QStringLiteral("md"));
        QCOMPARE(mdStatus, 0);
        QVERIFY(md.startsWith("# ShareScope case handover"));
        QVERIFY(md.contains("| Malicious |"));
        QVERIFY(md.contains("\\| \\`x\\`"));  // a pipe or backtick from a note cannot break the table
        QVERIFY(md.contains(sha));
        // A file that is not a case: a message and exit 3.
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("report"), test::dataPath(QStringLiteral("trust/allow-list.txt"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
        QVERIFY(p.readAllStandardError().contains("not a ShareScope case"));
    }

    void allowListDetailsAreKeptInTheCase()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("vendor.sharescope"));
        const QDateTime expires(QDate(2031, 6, 1), QTime(0, 0), Qt::UTC);
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            inv.openPaths({test::dataPath(QStringLiteral("range"))});
            QVERIFY(done.wait(10000));
            AllowEntry e{QStringLiteral("222233334444"), QStringLiteral("Backup vendor"), QDateTime::currentDateTimeUtc()};
            e.fromAlert = inv.alerts()->alertKey(0);
            inv.allowList()->add(e);
            QVERIFY(inv.allowList()->setField(e.account, AllowField::Justification, QStringLiteral("Contract 42, \"renewed\"")));
            QVERIFY(inv.allowList()->setField(e.account, AllowField::Owner, QStringLiteral("ana")));
            QVERIFY(inv.allowList()->setField(e.account, AllowField::Expires, expires));
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
        }
        Investigation again(dir.filePath(QStringLiteral("other-allow.json")), dir.filePath(QStringLiteral("cases")));
        QString error;
        QVERIFY2(openCase(again, casePath, &error), qPrintable(error));
        QCOMPARE(again.allowList()->entries().size(), 1);
        const AllowEntry &e = again.allowList()->entries()[0];
        QCOMPARE(e.justification, QStringLiteral("Contract 42, \"renewed\""));
        QCOMPARE(e.owner, QStringLiteral("ana"));
        QCOMPARE(e.expires, expires);
        QVERIFY(!e.fromAlert.isEmpty());
        QCOMPARE(e.fromAlert, again.alerts()->alertKey(0));
        // And in the app-data list, as JSON.
        AllowList saved;
        QVERIFY(saved.load(dir.filePath(QStringLiteral("allow.json"))));
        QCOMPARE(saved.entries().value(0).owner, QStringLiteral("ana"));
        QCOMPARE(saved.entries().value(0).expires, expires);
    }

    void anOpenTimeRangeIsSavedWithoutAProblem()
    {
        // "Any time" is an empty bound: it must be written, not refused as NULL.
        QTemporaryDir dir;
        QString error;
        std::unique_ptr<CaseFile> c = CaseFile::create(dir.filePath(QStringLiteral("c.sharescope")), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY2(c->setMeta(QStringLiteral("timeFrom"), QString()), qPrintable(c->lastError()));
        QCOMPARE(c->meta(QStringLiteral("timeFrom")), QString());
        Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        QSignalSpy problems(&inv, &Investigation::problem);
        QSignalSpy done(&inv, &Investigation::scanFinished);
        inv.openPaths({test::dataPath(QStringLiteral("range"))});
        QVERIFY(done.wait(10000));
        QVERIFY2(problems.isEmpty(), problems.isEmpty() ? "" : qPrintable(problems[0][0].toString()));
    }

    void timeRangeIsKeptInTheCaseAndReported()
    {
        // tests/data/range/README.md: 6 alerts at any time, 3 from 29 to 30 April 2025.
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("april.sharescope"));
        TimeRange april;
        april.fromMs = parseRangeStart("2025-04-29", nullptr);
        april.toMs = parseRangeEnd("2025-04-30", nullptr);
        {
            Investigation inv(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QSignalSpy done(&inv, &Investigation::scanFinished);
            QSignalSpy skipped(&inv, &Investigation::fileSkipped);
            inv.openPaths({test::dataPath(QStringLiteral("range"))});
            QVERIFY(done.wait(10000));
            QCOMPARE(inv.alerts()->rowCount(), 6);
            // At any time, only the tree's README is not read: it is not named like a log.
            QCOMPARE(skipped.size(), 1);
            QVERIFY(skipped.first().at(0).toString().endsWith(QStringLiteral("/range/README.md")));
            QCOMPARE(skipped.first().at(1).toString(), QStringLiteral("not a log file name"));
            skipped.clear();
            QSignalSpy changed(&inv, &Investigation::timeRangeChanged);
            inv.setTimeRange(april);  // rescans
            QCOMPARE(changed.size(), 1);
            QVERIFY(done.wait(10000));
            QCOMPARE(inv.alerts()->rowCount(), 3);
            const ScanSummary summary = done.last().at(0).value<ScanSummary>();
            QCOMPARE(summary.filesOutsideRange, uint64_t(3));
            QCOMPARE(summary.eventsOutsideRange, uint64_t(3));
            QCOMPARE(skipped.size(), 4);
            int outside = 0;
            for (const QList<QVariant> &s : std::as_const(skipped))
                outside += s.at(1).toString().startsWith(QStringLiteral("outside the time range by its S3 key"));
            QCOMPARE(outside, 3);
            QString error;
            QVERIFY2(inv.saveCaseAs(casePath, &error), qPrintable(error));
        }
        {
            Investigation again(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
            QString error;
            QVERIFY2(openCase(again, casePath, &error), qPrintable(error));
            QCOMPARE(again.timeRange().fromMs, april.fromMs);
            QCOMPARE(again.timeRange().toMs, april.toMs);
            QCOMPARE(again.alerts()->rowCount(), 3);
            again.closeCase();
            QVERIFY(again.timeRange().any());  // the next case starts at any time
        }
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("report"), casePath, QStringLiteral("--format"), QStringLiteral("md")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("only events from 2025-04-29T00:00:00.000Z to 2025-04-30T23:59:59.999Z"));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
