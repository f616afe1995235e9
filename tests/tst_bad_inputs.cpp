// Broken inputs each get their own clear error, never a crash, and never stop
// the good files beside them from being scanned.
#include "container_reader.h"
#include "log_file.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QJsonDocument>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sharescope;
using namespace sharescope::test;

class TestBadInputs : public QObject {
    Q_OBJECT
private slots:
    void error_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");  // a fragment the error must contain
        QTest::newRow("truncated gzip") << "truncated.json.gz" << "gzip data is truncated or corrupt";
        QTest::newRow("bad gzip") << "bad-magic.gz" << "gzip data is truncated or corrupt";
        QTest::newRow("invalid JSON") << "invalid.json" << "invalid JSON";
        QTest::newRow("truncated JSON") << "truncated.json" << "truncated";
        QTest::newRow("empty") << "empty.json" << "empty file";
        QTest::newRow("garbage") << "garbage.bin" << "not JSON: binary data";
        QTest::newRow("not CloudTrail") << "not-cloudtrail.json" << "not a CloudTrail shape";
        QTest::newRow("Records is an object") << "wrong-types.json" << "\"Records\" is an object, not an array";
        QTest::newRow("Records holds scalars") << "wrong-types-2.json" << "is not a JSON object";
        QTest::newRow("Records is null") << "records-null.json" << "\"Records\" is null";
    }

    void error()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        ScanResult r = scan({dataPath(QStringLiteral("bad/") + file)});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QCOMPARE(r.outcomes[0].status, FileOutcome::Status::Failed);
        QVERIFY2(QString::fromStdString(r.outcomes[0].message).contains(message), r.outcomes[0].message.c_str());
    }

    // AWS's EBS snapshot events (SharedSnapshotCopyInitiated, "Amazon EBS events" in the
    // CloudTrail User Guide) name the snapshot in serviceEventDetails: one without it, or
    // with it as another type, is no use of a share, and never a crash (it was a null
    // document dereferenced).
    void aServiceEventWithoutItsDetailsIsNoUse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trail.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // (Built as objects: moc does not read raw string literals.)
        const QJsonValue details[] = {QJsonValue(QJsonValue::Undefined), QJsonValue(QJsonValue::Null), QJsonValue(QStringLiteral("snap-1")),
                                      QJsonArray{1}, QJsonObject{{QStringLiteral("snapshotId"), QStringLiteral("snap-0290aaaa1111bbbb2")}}};
        QJsonArray records;
        for (int i = 0; i < 5; ++i) {
            QJsonObject e{{QStringLiteral("eventVersion"), QStringLiteral("1.09")},
                          {QStringLiteral("userIdentity"), QJsonObject{{QStringLiteral("accountId"), QStringLiteral("444455556666")},
                                                                       {QStringLiteral("invokedBy"), QStringLiteral("ec2.amazonaws.com")}}},
                          {QStringLiteral("eventTime"), QStringLiteral("2024-06-29T10:03:00Z")},
                          {QStringLiteral("eventSource"), QStringLiteral("ec2.amazonaws.com")},
                          {QStringLiteral("eventName"), QStringLiteral("SharedSnapshotCopyInitiated")},
                          {QStringLiteral("awsRegion"), QStringLiteral("us-east-1")},
                          {QStringLiteral("eventID"), QStringLiteral("e4290003-0000-4000-8000-00000000000%1").arg(i)},
                          {QStringLiteral("eventType"), QStringLiteral("AwsServiceEvent")},
                          {QStringLiteral("recipientAccountId"), QStringLiteral("444455556666")}};
            if (!details[i].isUndefined())
                e[QStringLiteral("serviceEventDetails")] = details[i];
            records.append(e);
        }
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("Records"), records}}).toJson());
        f.close();
        ScanResult r = scan({path}, 1, DetectionMode::Extended);
        QCOMPARE(r.outcomes.size(), size_t(1));
        QCOMPARE(r.outcomes[0].status, FileOutcome::Status::Read);
        QCOMPARE(r.summary.events, uint64_t(5));
        // The four without details add nothing to what the one that names its snapshot gives.
        const QString single = dir.filePath(QStringLiteral("single.json"));
        QFile g(single);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(QJsonDocument(QJsonObject{{QStringLiteral("Records"), QJsonArray{records.last()}}}).toJson());
        g.close();
        QCOMPARE(r.summary.uses, scan({single}, 1, DetectionMode::Extended).summary.uses);
    }

    void goodFilesStillScannedBesideBadOnes()
    {
        ScanResult r = scan({dataPath(QStringLiteral("bad")), dataPath(QStringLiteral("bad/garbage.bin")),
                             dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.files.size(), size_t(11));  // nine broken logs in the folder, the named .bin, the good file
        QCOMPARE(r.summary.filesFailed, uint64_t(10));
        QCOMPARE(r.summary.filesRead, uint64_t(1));
        QCOMPARE(r.alerts.size(), size_t(1));
    }

    void oneBrokenJsonLineCostsOnlyThatLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lines.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray share = "{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"ID\","
                                 "\"userIdentity\":{\"accountId\":\"111122223333\"},\"requestParameters\":{\"imageId\":\"ami-1\","
                                 "\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}\n";
        const QByteArray first = QByteArray(share).replace("ID", "a");
        f.write(first);
        f.write("{\"eventName\":\"DescribeImages\",\"userAgent\":\"cut off mid-write\n");  // a collector died here
        f.write(QByteArray(share).replace("ID", "b"));
        f.write("{\"eventName\":\"DescribeImages\"} trailing junk\n");
        f.write(QByteArray(share).replace("ID", "c"));
        f.close();
        ScanResult r = scan({path});
        QCOMPARE(r.outcomes[0].status, FileOutcome::Status::Failed);  // the file is reported broken...
        QCOMPARE(r.alerts.size(), size_t(3));                           // ...and every good line still counts
        QCOMPARE(r.outcomes[0].badRecords, uint64_t(2));
        QCOMPARE(r.outcomes[0].firstBadOffset, uint64_t(first.size()));
        QVERIFY2(QString::fromStdString(r.outcomes[0].message).contains(QStringLiteral("2 records could not be read, the first at byte")),
                 r.outcomes[0].message.c_str());
    }

    void nulOrBadUtf8CostsOneRecord()
    {
        // A raw NUL and invalid UTF-8, each in a share of its own, at the very start of the file.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dirty.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        auto share = [](const QByteArray &id, const QByteArray &agent) {
            return "{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"" + id
                + "\",\"userAgent\":\"" + agent + "\",\"userIdentity\":{\"accountId\":\"111122223333\"},\"requestParameters\":"
                  "{\"imageId\":\"ami-1\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}\n";
        };
        const QByteArray nul = share("nul", QByteArray("a\0b", 3));
        f.write(nul);
        f.write(share("utf8", "a\xff\xfe" "b"));
        f.write("   \n\t\n");  // blank lines are no values
        f.write(share("good", "plain"));
        f.close();
        ScanResult r = scan({path});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QCOMPARE(r.outcomes[0].badRecords, uint64_t(2));
        QCOMPARE(r.outcomes[0].firstBadOffset, uint64_t(0));
        QCOMPARE(r.alerts.size(), size_t(1));
        QCOMPARE(*r.alerts[0].eventId, std::string("good"));
    }

    void manyBrokenLinesResyncLinearly()
    {
        // 60,000 lines cut inside a string, between shares: a resync that rescanned to the end
        // for each would read ~100 GB; every share after them must still be found.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray share = "{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"ID\","
                                 "\"userIdentity\":{\"accountId\":\"111122223333\"},\"requestParameters\":{\"imageId\":\"ami-1\","
                                 "\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}\n";
        QByteArray text;
        const int broken = 60000;
        for (int i = 0; i < broken; ++i) {
            if (i % 1000 == 0)
                text += QByteArray(share).replace("ID", "s" + QByteArray::number(i));
            text += "{\"eventName\":\"DescribeImages\",\"userAgent\":\"cut [{ \\\" here\n";
        }
        text += QByteArray(share).replace("ID", "last");
        f.write(text);
        f.close();
        QElapsedTimer timer;
        timer.start();
        ScanResult r = scan({path}, 1);
        QVERIFY2(timer.elapsed() < 20000, "resync is not linear");
        QCOMPARE(r.alerts.size(), size_t(broken / 1000 + 1));
        QCOMPARE(r.outcomes[0].badRecords, uint64_t(broken));
        QCOMPARE(r.outcomes[0].firstBadOffset, uint64_t(share.size()));
    }

    void fileShrinkingWhileReadFailsThatFileOnly()
    {
        // Log rotation by copytruncate while a scan reads the file: an error for that file
        // (the events read before the cut count), never a crash.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rotating.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray line = "{\"eventName\":\"DescribeImages\",\"eventID\":\"x\"}\n";
        for (int i = 0; i < 20000; ++i)
            f.write(line);
        f.close();
        WindowBuffer buffer;
        OpenedLog log = openLog(path.toStdString(), buffer, 4096);
        QVERIFY(log.window);
        QVERIFY(QFile::resize(path, 100000));
        ContainerReader reader([](std::string_view) { return false; });
        const ContainerStats stats = reader.read(*log.window, 0, [](const CloudTrailEvent &, const EventLocation &) {});
        QVERIFY2(QString::fromStdString(stats.error).contains(QStringLiteral("the file shrank while it was being read")), stats.error.c_str());
        QVERIFY(stats.events > 0 && stats.events <= 100000 / uint64_t(line.size()));
    }

    void windowEdgesDoNotChangeTheVerdict()
    {
        // Found by fuzz_window_vs_whole: a binary file after one space was "binary" read whole
        // but read as broken JSON lines through a small window (its head was refilled first).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("binary.log"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(" \x08" + QByteArray(20000, 'a') + "\n{}\n");
        f.close();
        // And a CSV export whose header holds a quote never closed: read whole, the header
        // ran to the end; through a window, rows were read from the middle of it.
        const QString csv = dir.filePath(QStringLiteral("export.csv"));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("EventName,RequestParameters,\"" + QByteArray(6000, 'x') + "\nModifyImageAttribute,{}\n" + QByteArray(6000, 'y') + "\n");
        c.close();
        for (size_t window : {size_t(4096), size_t(256) << 10}) {
            ScanOptions options;
            options.windowBytes = window;
            ScanResult r;
            CollectSink sink(&r);
            Scanner(options).run(discoverLogFiles({path.toStdString(), csv.toStdString()}).files, sink);
            QCOMPARE(r.outcomes.size(), size_t(2));
            QVERIFY2(QString::fromStdString(r.outcomeFor(QStringLiteral("binary.log"))->message).contains(QStringLiteral("not JSON: binary data")),
                     r.outcomeFor(QStringLiteral("binary.log"))->message.c_str());
            const FileOutcome *export_ = r.outcomeFor(QStringLiteral("export.csv"));
            QCOMPARE(export_->status, FileOutcome::Status::Failed);
            QVERIFY2(QString::fromStdString(export_->message).contains(QStringLiteral("the header: a quoted field is not closed")),
                     export_->message.c_str());
            QCOMPARE(export_->badRecords, uint64_t(0));
        }
    }

    void fifoIsRefusedAtOpen()
    {
        // The path may turn into a FIFO after discovery: the open itself must not block.
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("late.json"));
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        WindowBuffer buffer;
        OpenedLog log = openLog(fifo.toStdString(), buffer, 4096);
        QVERIFY(!log.window);
        QCOMPARE(log.error, std::string("not a regular file (a FIFO)"));
    }

    void unreadableFile()
    {
        QTemporaryDir dir;
        ::chmod(dir.path().toLocal8Bit().constData(), 0755);  // others may list it; the file itself is locked
        const QString path = dir.filePath(QStringLiteral("locked.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"Records\":[]}");
        f.close();
        ::chmod(path.toLocal8Bit().constData(), 0);
        auto failsToOpen = [&] {
            ScanResult r = scan({path});
            return r.outcomes.size() == 1 && r.outcomes[0].status == FileOutcome::Status::Failed
                && QString::fromStdString(r.outcomes[0].message).contains(QStringLiteral("cannot open"));
        };
        if (::geteuid() != 0) {
            QVERIFY(failsToOpen());
            return;
        }
        // Root reads any file (CI runs as root): scan as the unprivileged user "nobody" in a child.
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0 && ::geteuid() == 65534;
            ::_exit(!dropped ? 2 : failsToOpen() ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);  // 1: the locked file was read; 2: privileges could not be dropped
    }

    void missingPathIsReported()
    {
        ScanResult r = scan({dataPath(QStringLiteral("no-such-file.json"))});
        QCOMPARE(r.problems.size(), size_t(1));
        QCOMPARE(r.outcomes.size(), size_t(0));
    }

    void randomCorruptionNeverCrashes()
    {
        // Flip bytes of a good file in many ways: each run must end with an outcome, alerts or an error.
        QFile good(dataPath(QStringLiteral("inputs/records.json")));
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray original = good.readAll();
        QTemporaryDir dir;
        quint32 seed = 7;
        auto next = [&] { seed = seed * 1664525u + 1013904223u; return seed >> 8; };
        for (int i = 0; i < 300; ++i) {
            QByteArray bytes = original;
            const int edits = 1 + int(next() % 4);
            for (int e = 0; e < edits; ++e) {
                const int at = int(next() % quint32(bytes.size()));
                switch (next() % 3) {
                case 0: bytes[at] = char(next() % 256); break;
                case 1: bytes.truncate(at); break;
                default: bytes.insert(at, "\"{[\\"[next() % 4]); break;
                }
                if (bytes.isEmpty())
                    break;
            }
            const QString path = dir.filePath(QStringLiteral("c%1.json").arg(i));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(bytes);
            out.close();
            ScanResult r = scan({path});
            QCOMPARE(r.outcomes.size(), size_t(1));
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
