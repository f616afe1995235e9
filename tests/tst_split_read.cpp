// A big plain file read in parts on several cores (engine/file_split.h) finds exactly
// what one reader from byte 0 finds: the same alerts at the same records and offsets,
// the same revocations and uses, the same duplicates, bad records, errors and counts,
// whether the parts' guessed starts are right, wrong, or fall in a second array. A big
// gzip file read on two cores (gzip_handoff.h) does too, whatever its members and damage.
#include "alert_format.h"
#include "file_split.h"
#include "gzip_support.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <thread>

using namespace sharescope;
using namespace sharescope::test;

namespace {

// Everything a scan tells its sink, as comparable text.
struct Told {
    ScanSummary summary;
    QStringList alerts, revocations, uses, outcomes;
    uint64_t lastBytesDone = 0, bytesTotal = 0;
    bool progressPastTotal = false;
};

class TellingSink : public ScanSink {
public:
    explicit TellingSink(Told &told) : m_told(told) {}
    void alertsFound(std::vector<Alert> &&batch) override
    {
        for (const Alert &a : batch)
            m_told.alerts << QString::fromStdString(alertToJson(a, "f")) + QStringLiteral(" inner=%1").arg(a.location.inner);
    }
    void revocationsFound(std::vector<TimedRevocation> &&batch) override
    {
        for (const TimedRevocation &r : batch)
            m_told.revocations << QString::fromStdString(r.revocation.resourceType + "|" + r.revocation.resourceId + "|"
                                                         + r.revocation.account + "|" + r.time);
    }
    void usesFound(std::vector<ResourceUse> &&batch) override
    {
        for (const ResourceUse &u : batch)
            m_told.uses << QString::fromStdString(u.resourceId + "|" + u.account + "|" + u.eventId + "|")
                    + QStringLiteral("%1|%2|%3").arg(u.location.record).arg(u.location.offset).arg(u.location.length);
    }
    void fileFinished(const FileOutcome &o) override
    {
        m_told.outcomes << QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                               .arg(int(o.status))
                               .arg(QString::fromStdString(o.message))
                               .arg(o.events)
                               .arg(o.badRecords)
                               .arg(o.firstBadOffset)
                               .arg(o.jsonBytes)
                               .arg(QString::fromStdString(o.notice));
    }
    void progressed(const ScanProgress &p) override
    {
        m_told.progressPastTotal = m_told.progressPastTotal || p.bytesDone > p.bytesTotal;
        m_told.lastBytesDone = p.bytesDone;
        m_told.bytesTotal = p.bytesTotal;
    }

private:
    Told &m_told;
};

Told scanFile(const QString &path, unsigned threads, uint64_t partBytes, DetectionMode mode, TimeRange range = {})
{
    Told told;
    TellingSink sink(told);
    ScanOptions options{threads, mode};
    options.partBytes = partBytes;
    options.range = range;
    Scanner scanner(options);
    LogSources sources = discoverLogFiles({path.toStdString()});
    told.summary = scanner.run(sources.files, sink);
    return told;
}

// What a scan in parts told must be what one reader told: alerts, revocations and uses in
// the same order, the file's outcome, the summary's counts, and progress up to the file's size.
void expectSameAsOneReader(const Told &parts, const Told &whole, uint64_t size, const QString &where)
{
    QVERIFY2(parts.alerts == whole.alerts, qPrintable(where));
    QVERIFY2(parts.revocations == whole.revocations, qPrintable(where));
    QVERIFY2(parts.uses == whole.uses, qPrintable(where));
    QVERIFY2(parts.outcomes == whole.outcomes, qPrintable(where + QLatin1Char(' ') + parts.outcomes.join(QLatin1Char(';'))
                                                          + QStringLiteral(" vs ") + whole.outcomes.join(QLatin1Char(';'))));
    QCOMPARE(parts.summary.events, whole.summary.events);
    QCOMPARE(parts.summary.duplicateEvents, whole.summary.duplicateEvents);
    QCOMPARE(parts.summary.alerts, whole.summary.alerts);
    QCOMPARE(parts.summary.sentinelOnly, whole.summary.sentinelOnly);
    QCOMPARE(parts.summary.uses, whole.summary.uses);
    QCOMPARE(parts.summary.filesFailed, whole.summary.filesFailed);
    QVERIFY(!parts.progressPastTotal);
    QCOMPARE(parts.lastBytesDone, size);
}

QString eventId(int n) { return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')); }
QString when(int n) { return QStringLiteral("2024-05-01T%1:%2:00Z").arg(n / 60 % 24, 2, 10, QLatin1Char('0')).arg(n % 60, 2, 10, QLatin1Char('0')); }

// The head of a record: "eventVersion" first, as CloudTrail writes it, or later (`versionFirst` false).
QString head(int n, bool versionFirst, const QString &name, const QString &account = QStringLiteral("111122223333"))
{
    const QString identity = QStringLiteral("\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::%1:user/alice\",\"accountId\":\"%1\"}").arg(account);
    const QString rest = QStringLiteral("\"eventTime\":\"%1\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"%2\",\"awsRegion\":\"us-east-1\","
                                        "\"eventID\":\"%3\",\"recipientAccountId\":\"111122223333\",%4")
                             .arg(when(n), name, eventId(n), identity);
    return versionFirst ? QStringLiteral("{\"eventVersion\":\"1.09\",") + rest : QStringLiteral("{") + rest + QStringLiteral(",\"eventVersion\":\"1.09\"");
}

// AWS EC2 API Reference, ModifyImageAttribute: launchPermission add (a share) or remove (a revocation).
QString image(int n, bool versionFirst, const char *change, int id)
{
    return head(n, versionFirst, QStringLiteral("ModifyImageAttribute"))
        + QStringLiteral(",\"requestParameters\":{\"imageId\":\"ami-%1\",\"launchPermission\":{\"%2\":{\"items\":[{\"userId\":\"444455556666\"}]}},"
                         "\"attributeType\":\"launchPermission\"},\"responseElements\":{\"_return\":true}}")
              .arg(id, 17, 16, QLatin1Char('0'))
              .arg(QLatin1String(change));
}

// AWS STS API Reference, AssumeRole, called from another account: a use of the role.
QString assumeRole(int n, bool versionFirst)
{
    return head(n, versionFirst, QStringLiteral("AssumeRole"), QStringLiteral("444455556666"))
        + QStringLiteral(",\"requestParameters\":{\"roleArn\":\"arn:aws:iam::111122223333:role/DeployRole\",\"roleSessionName\":\"s\"},"
                         "\"resources\":[{\"accountId\":\"111122223333\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::111122223333:role/DeployRole\"}]}");
}

// An ordinary call whose nested objects look like records: `},{"eventVersion"` inside a
// filter list and inside a string (escaped), where a later part may guess it starts.
QString decoyed(int n, bool versionFirst)
{
    return head(n, versionFirst, QStringLiteral("DescribeInstances"))
        + QStringLiteral(",\"userAgent\":\"x},{\\\"eventVersion\\\":1 },{ y\",\"requestParameters\":{\"filters\":[{\"name\":\"a\"},{\"eventVersion\":\"decoy\"},"
                         "{\"name\":\"b\"}]},\"resources\":[{\"ARN\":\"arn:aws:ec2:us-east-1:111122223333:instance/i-1\"},{\"ARN\":\"x\"}]}");
}

// Balanced, so the array goes on, but not JSON: one bad record (the prefilter lets its name through).
QString broken(int n) { return head(n, true, QStringLiteral("ModifyImageAttribute")) + QStringLiteral(",\"x\":tru}"); }

struct Shape {
    bool versionFirst = true;   // records start with "eventVersion"
    bool decoys = false;        // nested look-alike record starts
    bool bad = false;           // bad records here and there
    bool duplicates = false;    // shares seen again later with the same eventID
    QString separator = QStringLiteral(",");
};

QStringList records(int count, const Shape &shape)
{
    QStringList out;
    for (int n = 0; n < count; ++n) {
        const int kind = (n * 7919) % 23;
        if (shape.duplicates && n > count / 2 && kind == 3)
            out << image(n / 3, shape.versionFirst, "add", n / 3);  // the same event as record n / 3 (if that was a share)
        else if (kind == 0)
            out << image(n, shape.versionFirst, "add", n);
        else if (kind == 1)
            out << image(n, shape.versionFirst, "remove", n - 23);
        else if (kind == 2)
            out << assumeRole(n, shape.versionFirst);
        else if (shape.bad && kind == 4)
            out << broken(n);
        else if (shape.decoys)
            out << decoyed(n, shape.versionFirst);
        else
            out << head(n, shape.versionFirst, QStringLiteral("DescribeInstances")) + QStringLiteral(",\"requestParameters\":null}");
    }
    return out;
}

QString wrapped(const QStringList &recs, const QString &separator)
{
    return QStringLiteral("{\"Records\":[") + recs.join(separator) + QStringLiteral("]}");
}

} // namespace

class TestSplitRead : public QObject {
    Q_OBJECT
private slots:
    void findRecordStartPrefersCloudTrailRecords()
    {
        const std::string text = R"({"a":[{"b":1},{"c":2}]},{"eventVersion":"1.09"},  {  "eventVersion":1})";
        // The first `},{` is nested and does not start with "eventVersion": passed over.
        std::optional<size_t> at = findRecordStart(text.data(), text.size(), 0, false);
        QVERIFY(at);
        QCOMPARE(text.substr(*at, 16), std::string(R"({"eventVersion":)"));
        at = findRecordStart(text.data(), text.size(), *at + 1, false);
        QVERIFY(at);
        QCOMPARE(text.substr(*at, 3), std::string("{  "));
        // No "eventVersion" at all: nothing, until told to settle for any such place.
        const std::string plain = R"({"a":[{"b":1},{"c":2}]})";
        QVERIFY(!findRecordStart(plain.data(), plain.size(), 0, false));
        at = findRecordStart(plain.data(), plain.size(), 0, true);
        QVERIFY(at);
        QCOMPARE(plain.substr(*at, 5), std::string(R"({"c":)"));
    }

    // The protocol itself: a reader at a part's share waits until that part says where it
    // starts; arriving there exactly counts the part, with its records numbered on; passing
    // it drops the part, whose worker then learns so.
    void aPartCountsOnlyWhereTheReaderBeforeItArrives()
    {
        FileSplit split(1000, 3);  // shares start at 333 and 666
        QCOMPARE(split.shareStart(1), uint64_t(333));
        QCOMPARE(split.nextCheck(0), uint64_t(333));
        std::thread later([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            split.publishStart(1, 400);
        });
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!split.stopsAt(0, 350, 10));  // it waits for part 1, then goes on: 400 is further
        QVERIFY(waited.elapsed() >= 40);
        later.join();
        QCOMPARE(split.nextCheck(0), uint64_t(400));
        QVERIFY(split.stopsAt(0, 400, 11));
        QVERIFY(!split.finishPart(0, ContainerStats{}, 0));
        QCOMPARE(split.verdict(1), FileSplit::Verdict::Counted);
        QCOMPARE(split.recordShift(1), uint64_t(10));  // its record 1 is the file's record 11
        // Part 2 starts at 700; part 1's reader, counted now, passes it inside a record.
        QVERIFY(split.publishStart(2, 700));
        QVERIFY(!split.stopsAt(1, 690, 5));
        QVERIFY(!split.stopsAt(1, 710, 6));
        QCOMPARE(split.waitForVerdict(2), FileSplit::Verdict::Dropped);
        QCOMPARE(split.nextCheck(1), UINT64_MAX);
        ContainerStats last;
        last.records = 7;
        QVERIFY(split.finishPart(1, last, 0));  // it read to the end: the file is done
        QCOMPARE(split.countedLaterParts(), 1u);
        QCOMPARE(split.merged().records, uint64_t(6));  // its own, less the one it counted before it
    }

    void partsFindWhatOneReaderFinds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("allPartsCount");  // every later part's guess is right
        QTest::addColumn<bool>("noPartCounts");   // every later part's guess is wrong
        const int n = 1500;
        Shape plain;
        QTest::newRow("records") << wrapped(records(n, plain), plain.separator) << true << false;
        Shape spaced;
        spaced.separator = QStringLiteral(" ,\n  ");
        QTest::newRow("records, spaced") << wrapped(records(n, spaced), spaced.separator) << true << false;
        QTest::newRow("bare array") << QStringLiteral("[") + records(n, plain).join(QLatin1Char(',')) + QStringLiteral("]\n") << true << false;
        Shape messy;
        messy.bad = true;
        messy.duplicates = true;
        QTest::newRow("bad records and duplicates") << wrapped(records(n, messy), messy.separator) << true << false;
        Shape decoys;
        decoys.decoys = true;
        QTest::newRow("decoys") << wrapped(records(n, decoys), decoys.separator) << false << false;
        // Records that do not start with "eventVersion" while nested look-alikes do: every guess is wrong.
        Shape misled;
        misled.decoys = true;
        misled.versionFirst = false;
        QTest::newRow("misleading decoys") << wrapped(records(n, misled), misled.separator) << false << true;
        const QString whole = wrapped(records(n, messy), messy.separator);
        QTest::newRow("truncated") << whole.left(whole.size() * 9 / 10) << true << false;
        QTest::newRow("content after the array") << whole + QStringLiteral(" {\"x\":1}") << true << false;
        QTest::newRow("an unclosed wrapper") << whole.chopped(1) << true << false;
        // Two wrappers: the later parts' guesses fall in the second, which the first reader reaches past its array.
        const QStringList recs = records(n, plain);
        QTest::newRow("two wrappers") << wrapped(recs.mid(0, n / 3), plain.separator) + QStringLiteral("\n")
                + wrapped(recs.mid(n / 3), plain.separator) << false << false;
        QTest::newRow("JSON lines") << recs.join(QLatin1Char('\n')) << false << true;
    }

    void partsFindWhatOneReaderFinds()
    {
        QFETCH(QString, text);
        QFETCH(bool, allPartsCount);
        QFETCH(bool, noPartCounts);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        const uint64_t size = static_cast<uint64_t>(f.size());
        for (DetectionMode mode : {DetectionMode::Extended, DetectionMode::Sentinel}) {
            const Told whole = scanFile(path, 1, size, mode);
            QCOMPARE(whole.summary.partsReadAlongside, uint64_t(0));
            QVERIFY(whole.alerts.size() > 20);
            for (unsigned threads : {2u, 3u, 4u}) {
                const Told parts = scanFile(path, threads, size / 8, mode);
                expectSameAsOneReader(parts, whole, size, QStringLiteral("%1 threads, mode %2").arg(threads).arg(int(mode)));
                if (QTest::currentTestFailed())
                    return;
                if (allPartsCount)
                    QCOMPARE(parts.summary.partsReadAlongside, uint64_t(threads - 1));
                if (noPartCounts)
                    QCOMPARE(parts.summary.partsReadAlongside, uint64_t(0));
            }
        }
    }

    void partsOfAGzipFileFindWhatOneReaderFinds_data()
    {
        QTest::addColumn<QByteArray>("gz");
        QTest::addColumn<bool>("partCounts");  // part 1 counts (else part 0 reads on through it)
        const int n = 40000;
        Shape plain, messy;
        messy.bad = true;
        messy.duplicates = true;
        const QByteArray text = wrapped(records(n, plain), plain.separator).toUtf8();
        const QByteArray bad = wrapped(records(n, messy), messy.separator).toUtf8();
        const QByteArray one = gzipMember(text, 6);
        QTest::newRow("records") << one << true;
        QTest::newRow("bad records and duplicates") << gzipMember(bad, 6) << true;
        QTest::newRow("bare array, fast level") << gzipMember("[" + records(n, plain).join(QLatin1Char(',')).toUtf8() + "]\n", 1) << true;
        QTest::newRow("content after the array") << gzipMember(bad + " {\"x\":1}", 6) << true;
        // Part 1's member ends in a cut: it cannot confirm, and part 0 reads on to the cut.
        QTest::newRow("truncated") << one.left(one.size() * 9 / 10) << false;
        // RFC 1952 section 2.3.1: the trailer's CRC-32 does not hold, so part 1 never counts,
        // and the file ends with the mismatch one reader reports.
        QByteArray badCrc = one;
        badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 1);
        QTest::newRow("bad checksum") << badCrc << false;
        // Members: part 1's block in the first, then more read through after it; or a second
        // member whose header carries every optional field.
        const qsizetype cut = text.size() * 3 / 4;
        QTest::newRow("two members") << gzipMember(text.left(cut), 6) + gzipMember(text.mid(cut), 6) << true;
        QTest::newRow("members with headers") << gzipMember(text.left(text.size() / 4), 6)
                + gzipMemberWithHeader(text.mid(text.size() / 4), 5000) + QByteArray(100, '\0') << true;
    }

    void partsOfAGzipFileFindWhatOneReaderFinds()
    {
        QFETCH(QByteArray, gz);
        QFETCH(bool, partCounts);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("big.json.gz"), gz);
        const uint64_t size = static_cast<uint64_t>(gz.size());
        for (DetectionMode mode : {DetectionMode::Extended, DetectionMode::Sentinel}) {
            const Told whole = scanFile(path, 1, size, mode);
            QVERIFY(whole.alerts.size() > 20);
            for (unsigned threads : {2u, 4u}) {
                const Told parts = scanFile(path, threads, size / 8, mode);
                expectSameAsOneReader(parts, whole, size, QStringLiteral("%1 threads, mode %2").arg(threads).arg(int(mode)));
                if (QTest::currentTestFailed())
                    return;
                QCOMPARE(parts.summary.partsReadAlongside, uint64_t(partCounts ? 1 : 0));
            }
        }
    }

    void partsKeepTheRangeAndItsCounts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        Shape messy;
        messy.duplicates = true;
        f.write(wrapped(records(1500, messy), messy.separator).toUtf8());
        f.close();
        TimeRange range;
        std::string error;
        range.fromMs = parseRangeStart("2024-05-01T05:00:00Z", &error);
        range.toMs = parseRangeEnd("2024-05-01T18:00:00Z", &error);
        QVERIFY(range.fromMs && range.toMs);
        const Told whole = scanFile(path, 1, 1 << 20, DetectionMode::Extended, range);
        const Told parts = scanFile(path, 2, static_cast<uint64_t>(f.size()) / 4, DetectionMode::Extended, range);
        QVERIFY(whole.summary.eventsOutsideRange > 20);
        QCOMPARE(parts.summary.partsReadAlongside, uint64_t(1));
        QCOMPARE(parts.summary.eventsOutsideRange, whole.summary.eventsOutsideRange);
        QCOMPARE(parts.alerts, whole.alerts);
        QCOMPARE(parts.outcomes, whole.outcomes);
    }

    void aStoppedScanOfPartsEnds()
    {
        QTemporaryDir dir;
        const QByteArray text = wrapped(records(40000, Shape{}), QStringLiteral(",")).toUtf8();
        const QString plainPath = writeFile(dir, QStringLiteral("big.json"), text);
        const QString gzipPath = writeFile(dir, QStringLiteral("big.json.gz"), gzipMember(text, 6));
        // Stopped at the first alert: every part ends (none waits for ever for its verdict,
        // nor a gzip part for the block or the checksum), and the file is told once.
        for (const QString &path : {plainPath, gzipPath})
        for (unsigned threads : {2u, 4u}) {
            const QFileInfo f(path);
            Told told;
            TellingSink inner(told);
            struct Stopper : ScanSink {
                ScanSink &inner;
                Scanner *scanner = nullptr;
                explicit Stopper(ScanSink &s) : inner(s) {}
                void alertsFound(std::vector<Alert> &&batch) override
                {
                    scanner->cancel();
                    inner.alertsFound(std::move(batch));
                }
                void fileFinished(const FileOutcome &o) override { inner.fileFinished(o); }
            } stopper(inner);
            ScanOptions options{threads, DetectionMode::Sentinel};
            options.partBytes = static_cast<uint64_t>(f.size()) / 8;
            Scanner scanner(options);
            stopper.scanner = &scanner;
            LogSources sources = discoverLogFiles({path.toStdString()});
            const ScanSummary summary = scanner.run(sources.files, stopper);
            QVERIFY(summary.cancelled);
            QCOMPARE(told.outcomes.size(), qsizetype(1));
            QVERIFY(!told.alerts.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestSplitRead)
#include "tst_split_read.moc"
