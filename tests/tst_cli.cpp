// `sharescope scan` as a process: exit codes, formats, errors on standard error.
#include "alert_format.h"
#include "case_file.h"
#include "gzip_support.h"
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

using namespace sharescope::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run runScan(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));  // the scan needs no display at all
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SHARESCOPE_BINARY), args);
    if (!p.waitForFinished(timeoutMs))
        return {};  // exitCode -1: hung (the process is killed when `p` goes)
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// The same, sampling the scan's peak resident set (VmHWM, which only grows) while it runs:
// the last sample is at most a few milliseconds before the end.
Run runScanMeasuringPeak(const QStringList &args, qint64 *peakKb)
{
    QProcess p;
    p.start(QStringLiteral(SHARESCOPE_BINARY), args);
    QElapsedTimer timer;
    timer.start();
    while (!p.waitForFinished(2) && timer.elapsed() < 120000) {
        QFile status(QStringLiteral("/proc/%1/status").arg(p.processId()));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                *peakKb = std::max(*peakKb, line.mid(6).trimmed().split(' ').value(0).toLongLong());
    }
    if (p.state() != QProcess::NotRunning)
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> rows;
    for (const QByteArray &line : out.split('\n'))
        if (!line.isEmpty())
            rows << QJsonDocument::fromJson(line).object();
    return rows;
}

// A one-share log whose user agent is `agent` (already escaped for JSON).
QString writeShareWithUserAgent(const QTemporaryDir &dir, const QByteArray &agent)
{
    const QString path = dir.filePath(QStringLiteral("share.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("{\"Records\":[{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"e1\","
            "\"userAgent\":\"" + agent + "\",\"userIdentity\":{\"accountId\":\"111122223333\"},"
            "\"requestParameters\":{\"imageId\":\"ami-1\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}]}");
    return path;
}


// A share as one JSON line, with an id of its own.
QByteArray shareLine(const QByteArray &id)
{
    return "{\"eventVersion\":\"1.08\",\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"" + id
        + "\",\"userIdentity\":{\"accountId\":\"111122223333\"},\"requestParameters\":{\"imageId\":\"ami-1\","
          "\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}\n";
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    // `sharescope scan --case CASE` trusts what the case's allow-list trusts (its entries
    // in force), as --trusted does; with --trusted too, both lists apply; a case that is
    // missing, not a case or damaged is a usage error that says so.
    void scanAppliesACasesAllowList()
    {
        QTemporaryDir dir;
        const QString samples = QStringLiteral(SHARESCOPE_SAMPLES);
        auto accounts = [](const QByteArray &jsonl) {
            QMap<QString, int> n;
            for (const QByteArray &line : jsonl.split('\n'))
                if (!line.isEmpty())
                    ++n[QJsonDocument::fromJson(line).object().value(QStringLiteral("addedAccount")).toString()];
            return n;
        };
        const Run plain = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("jsonl"), samples});
        QCOMPARE(plain.exitCode, 0);
        const QMap<QString, int> all = accounts(plain.out);
        const QString attacker = QStringLiteral("999988887777"), partner = QStringLiteral("222233334444");
        QVERIFY(all.value(attacker) > 0 && all.value(partner) > 0);

        // A case whose allow-list trusts the attacker's account, and trusted the partner until yesterday.
        const QString casePath = dir.filePath(QStringLiteral("trusting.sharescope"));
        {
            QString error;
            std::unique_ptr<sharescope::session::CaseFile> c = sharescope::session::CaseFile::create(casePath, &error);
            QVERIFY2(c, qPrintable(error));
            sharescope::session::CaseAllowEntry trusted{attacker, QStringLiteral("Backup vendor"), {}, {}, QDateTime::currentDateTimeUtc(), {}, {}};
            sharescope::session::CaseAllowEntry expired{partner, QStringLiteral("Old partner"), {}, {}, QDateTime::currentDateTimeUtc().addDays(-30),
                                            QDateTime::currentDateTimeUtc().addDays(-1), {}};
            QVERIFY(c->setAllowList({trusted, expired}));
        }
        const Run withCase = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--case"), casePath, samples});
        QVERIFY2(withCase.exitCode == 0, withCase.err.constData());
        QMap<QString, int> expected = all;
        expected.remove(attacker);
        QCOMPARE(accounts(withCase.out), expected);  // the expired entry hides nothing
        QVERIFY2(withCase.err.contains(QStringLiteral("(%1 hidden by the trusted list)").arg(all.value(attacker)).toUtf8()), withCase.err.constData());
        QVERIFY(!QFile::exists(casePath + QStringLiteral(".lock")));  // the case is let go of

        // With --trusted as well: what either list trusts is hidden (and --case=CASE reads the same).
        const QString list = dir.filePath(QStringLiteral("trusted.txt"));
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(partner.toUtf8() + "\n");
        f.close();
        const Run both = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--trusted"), list,
                                  QStringLiteral("--case=") + casePath, samples});
        QCOMPARE(both.exitCode, 0);
        expected.remove(partner);
        QCOMPARE(accounts(both.out), expected);

        // A missing case, a file that is not one, a damaged one: exit 2 and why, no alerts.
        const QString corrupt = dir.filePath(QStringLiteral("corrupt.sharescope"));
        QFile::copy(casePath, corrupt);
        QFile c(corrupt);
        QVERIFY(c.open(QIODevice::ReadWrite));
        c.seek(4096);  // the second page onwards: the header still says SQLite
        c.write(QByteArray(8192, '\xa5'));
        c.close();
        const QString notACase = dir.filePath(QStringLiteral("notes.sharescope"));
        QFile n(notACase);
        QVERIFY(n.open(QIODevice::WriteOnly));
        n.write("these are my notes, not a case\n");
        n.close();
        const struct {
            QString path;
            const char *says;
        } bad[] = {{dir.filePath(QStringLiteral("missing.sharescope")), "no case file"}, {notACase, "cannot read the case"}, {corrupt, "cannot read the case"}};
        for (const auto &b : bad) {
            const Run r = runScan({QStringLiteral("scan"), QStringLiteral("--case"), b.path, samples});
            QVERIFY2(r.exitCode == 2, qPrintable(b.path + QStringLiteral(": ") + QString::number(r.exitCode) + QString::fromUtf8(r.err)));
            QVERIFY2(r.err.contains(b.says) && r.err.contains(QFileInfo(b.path).fileName().toUtf8()), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
        const Run noValue = runScan({QStringLiteral("scan"), samples, QStringLiteral("--case")});
        QCOMPARE(noValue.exitCode, 2);
        QVERIFY(noValue.err.contains("--case needs a case file"));
    }

    void jsonlHasEveryKey()
    {
        Run r = runScan({QStringLiteral("scan"), dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 0);
        auto rows = jsonLines(r.out);  // not a terminal: jsonl by default
        QCOMPARE(rows.size(), 1);
        const QJsonObject a = rows[0];
        for (const char *key : {"eventID", "eventTime", "eventName", "eventSource", "awsRegion", "resourceType",
                                "sharedResourceId", "addedAccount", "actorAccountId", "userAccount", "actorArn",
                                "sourceIPAddress", "userAgent", "errorCode", "source"})
            QVERIFY2(a.contains(QLatin1String(key)), key);
        QCOMPARE(a[QStringLiteral("addedAccount")].toString(), QStringLiteral("444455556666"));
        QVERIFY(a[QStringLiteral("errorCode")].isNull());
        QVERIFY(a[QStringLiteral("source")].toObject()[QStringLiteral("file")].toString().endsWith(QStringLiteral("records.json")));
        QVERIFY(a[QStringLiteral("source")].toObject().contains(QStringLiteral("record")));
        QVERIFY(r.err.contains("1 alerts"));
        QVERIFY(r.err.contains("MB/s"));
    }

    void extendedIsTheDefaultAndSentinelStaysAvailable()
    {
        const QString file = dataPath(QStringLiteral("extended/sentinel_flag.json"));
        Run extended = runScan({QStringLiteral("scan"), file});
        QCOMPARE(extended.exitCode, 0);
        const auto rows = jsonLines(extended.out);
        QVERIFY(!rows.isEmpty());
        for (const char *key : {"granteeKind", "grantee", "public", "conditions", "access", "outcome", "severity", "sentinel", "revokedAt"})
            QVERIFY2(rows[0].contains(QLatin1String(key)), key);
        QVERIFY(extended.err.contains("rule 0236 would have raised"));
        QVERIFY(extended.err.contains("are not sharing (false positives)"));

        Run sentinel = runScan({QStringLiteral("scan"), QStringLiteral("--mode"), QStringLiteral("sentinel"), file});
        QCOMPARE(sentinel.exitCode, 0);
        const auto plain = jsonLines(sentinel.out);
        QVERIFY(!plain.isEmpty());
        QVERIFY(!plain[0].contains(QStringLiteral("severity")));
        QVERIFY(!sentinel.err.contains("rule 0236 would have raised"));
        // The CloudFront identity is an alert only for rule 0236.
        bool cloudfront = false;
        for (const QJsonObject &o : plain)
            cloudfront = cloudfront || o[QStringLiteral("addedAccount")].toString() == QStringLiteral("cloudfront");
        QVERIFY(cloudfront);
        for (const QJsonObject &o : rows)
            QVERIFY(o[QStringLiteral("addedAccount")].toString() != QStringLiteral("cloudfront"));
    }

    void mixOfGoodAndBrokenFilesExitsWith3()
    {
        Run r = runScan({QStringLiteral("scan"), dataPath(QStringLiteral("bad/invalid.json")),
                         dataPath(QStringLiteral("inputs/records.json")), dataPath(QStringLiteral("bad/truncated.json.gz"))});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(jsonLines(r.out).size(), 1);  // the good file's alert is printed in full
        QVERIFY(r.err.contains("invalid.json: "));
        QVERIFY(r.err.contains("truncated.json.gz: gzip"));
        QVERIFY(r.err.contains("2 failed"));
    }

    void badRecordsAreCountedOnStandardError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mixed.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QFile good(dataPath(QStringLiteral("inputs/lines.jsonl")));
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray lines = good.readAll();
        f.write("{\"eventName\":\"DescribeImages\",\"x\":\"cut\n");  // byte 0
        f.write(lines);
        f.write("not json at all\n{\"eventName\":tru}\n");
        f.close();
        Run r = runScan({QStringLiteral("scan"), path}, 20000);
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(jsonLines(r.out).size(), 1);
        QVERIFY2(r.err.contains("mixed.jsonl: 3 records could not be read, the first at byte 0"), r.err.constData());
    }

    void usageErrorsExitWith2()
    {
        QCOMPARE(runScan({QStringLiteral("scan")}).exitCode, 2);
        QCOMPARE(runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("xml"), QStringLiteral(".")}).exitCode, 2);
        QCOMPARE(runScan({QStringLiteral("scan"), QStringLiteral("--bogus"), QStringLiteral(".")}).exitCode, 2);
        QCOMPARE(runScan({QStringLiteral("scan"), QStringLiteral("--mode"), QStringLiteral("magic"), QStringLiteral(".")}).exitCode, 2);
        QCOMPARE(runScan({QStringLiteral("scan"), QStringLiteral("--trusted"), QStringLiteral("/nonexistent"), QStringLiteral(".")}).exitCode, 2);
    }

    void helpAndVersion()
    {
        Run help = runScan({QStringLiteral("scan"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("Usage: sharescope scan"));
        QVERIFY(help.out.contains("--from TIME"));
        QVERIFY(help.out.contains("--to TIME"));
        QVERIFY(help.out.contains("24 hours after --to"));
        Run version = runScan({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("sharescope "));
    }

    void missingPathExitsWith3()
    {
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("/no/such/path")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("/no/such/path: no such file or folder"));
    }

    void fifosAndDevicesAreRefusedWithoutBlocking()
    {
        // A FIFO with no writer blocks a plain open() forever; /dev/zero never ends.
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        const QString good = dataPath(QStringLiteral("inputs/records.json"));

        Run asInput = runScan({QStringLiteral("scan"), fifo, QStringLiteral("/dev/null"), good}, 20000);
        QCOMPARE(asInput.exitCode, 3);
        QVERIFY2(asInput.err.contains("pipe.json: not a regular file (a FIFO)"), asInput.err.constData());
        QVERIFY2(asInput.err.contains("/dev/null: not a regular file (a character device)"), asInput.err.constData());
        QCOMPARE(jsonLines(asInput.out).size(), 1);  // the good file is still scanned

        Run inFolder = runScan({QStringLiteral("scan"), dir.path()}, 20000);
        QCOMPARE(inFolder.exitCode, 3);
        QVERIFY2(inFolder.err.contains("pipe.json: not a regular file (a FIFO)"), inFolder.err.constData());

        for (const QString &trusted : {fifo, QStringLiteral("/dev/zero")}) {
            Run r = runScan({QStringLiteral("scan"), QStringLiteral("--trusted"), trusted, good}, 20000);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(trusted.toLocal8Bit() + ": not a regular file"), r.err.constData());
        }
    }

    void symlinkedFoldersAreFollowedAndLoopsReported()
    {
        // logs/current -> ../archive (a common layout); archive holds the only share.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("logs")) && QDir(dir.path()).mkpath(QStringLiteral("archive")));
        QVERIFY(QFile::copy(dataPath(QStringLiteral("inputs/records.json")), dir.filePath(QStringLiteral("archive/records.json"))));
        QVERIFY(QFile::link(QStringLiteral("../archive"), dir.filePath(QStringLiteral("logs/current"))));
        Run followed = runScan({QStringLiteral("scan"), dir.filePath(QStringLiteral("logs"))}, 20000);
        QCOMPARE(followed.exitCode, 0);
        QCOMPARE(jsonLines(followed.out).size(), 1);
        QVERIFY2(followed.err.contains("1 files (1 read"), followed.err.constData());

        // archive/again -> .. makes a loop: reported, and the walk still ends with the share once.
        QVERIFY(QFile::link(QStringLiteral(".."), dir.filePath(QStringLiteral("archive/again"))));
        Run looped = runScan({QStringLiteral("scan"), dir.filePath(QStringLiteral("logs"))}, 20000);
        QCOMPARE(looped.exitCode, 3);
        QCOMPARE(jsonLines(looped.out).size(), 1);
        QVERIFY2(looped.err.contains("symbolic link loop"), looped.err.constData());
    }

    void prefilterReadsTheEventsOwnName()
    {
        // Shares whose top-level name is spelled with an escape, or preceded by a nested
        // "eventName", must be found; a share named only in a nested key is no alert.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tricky.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray body = "\"eventSource\":\"ec2.amazonaws.com\",\"userIdentity\":{\"accountId\":\"111122223333\"},"
                                "\"requestParameters\":{\"imageId\":\"ami-1\",NESTED\"launchPermission\":{\"add\":{\"items\":"
                                "[{\"userId\":\"444455556666\"}]}}}";
        auto line = [&](const QByteArray &head, const QByteArray &nested) {
            return "{" + head + "," + QByteArray(body).replace("NESTED", nested) + "}\n";
        };
        f.write(line("\"eventID\":\"escaped\",\"event\\u004eame\":\"ModifyImageAttribute\"", "\"eventName\":\"DescribeImages\","));
        f.write(line("\"eventID\":\"escaped-dup\",\"event\\u004eame\":\"ModifyImageAttribute\",\"eventName\":\"DescribeImages\"", ""));
        f.write(line("\"requestParameters0\":{\"eventName\":\"DescribeImages\"},\"eventID\":\"nested-first\",\"eventName\":\"ModifyImageAttribute\"", ""));
        f.write(line("\"eventID\":\"only-nested\",\"eventName\":\"DescribeImages\"", "\"eventName\":\"ModifyImageAttribute\","));
        f.close();
        Run r = runScan({QStringLiteral("scan"), path}, 20000);
        QCOMPARE(r.exitCode, 0);
        QStringList ids;
        for (const QJsonObject &o : jsonLines(r.out))
            ids << o[QStringLiteral("eventID")].toString();
        ids.sort();
        QCOMPARE(ids, QStringList({QStringLiteral("escaped"), QStringLiteral("escaped-dup"), QStringLiteral("nested-first")}));
    }

    void trustedFileHidesAccounts()
    {
        QTemporaryDir dir;
        const QString trusted = dir.filePath(QStringLiteral("trusted.txt"));
        QFile f(trusted);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# vendors\n\n  444455556666   # backup vendor\n");
        f.close();
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--trusted"), trusted, dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonLines(r.out).size(), 0);
        QVERIFY(r.err.contains("1 hidden"));
    }

    void trustedOrganisationHidesItsGrants()
    {
        QTemporaryDir dir;
        const QString trusted = dir.filePath(QStringLiteral("trusted.txt"));
        QFile f(trusted);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("o-a1b2c3d4e5  # our organisation\n");
        f.close();
        const QString file = dataPath(QStringLiteral("extended/lambda_layers_and_urls.json"));
        const auto all = jsonLines(runScan({QStringLiteral("scan"), file}).out);
        const auto kept = jsonLines(runScan({QStringLiteral("scan"), QStringLiteral("--trusted"), trusted, file}).out);
        QCOMPARE(kept.size(), all.size() - 1);
        for (const QJsonObject &o : kept)
            QVERIFY(o[QStringLiteral("granteeKind")].toString() != QStringLiteral("organization"));
    }

    void csvIsRfc4180()
    {
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--format=csv"), dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY(lines[0].startsWith("eventTime,severity,eventName,resourceType,"));
        QVERIFY(lines[0].endsWith("\r"));
        QCOMPARE(lines.size(), 3);  // header, one row, and the empty tail after the last CRLF
        QVERIFY(lines[1].contains(",444455556666,"));
    }

    void csvQuotesFieldsWithCommasAndQuotes()
    {
        // Realistic user agents hold commas and quotes.
        QTemporaryDir dir;
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("csv"),
                         writeShareWithUserAgent(dir, "agent, \\\"quoted\\\"")});
        QVERIFY2(r.out.contains("\"agent, \"\"quoted\"\"\""), r.out.constData());
    }

    void csvNeutralisesFormulas()
    {
        // A user agent is whatever the caller sent: it must not run as a spreadsheet formula.
        QTemporaryDir dir;
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("csv"),
                         writeShareWithUserAgent(dir, "=HYPERLINK(1)")});
        QVERIFY2(r.out.contains(",'=HYPERLINK(1),"), r.out.constData());
    }

    void terminalOutputIsDefanged()
    {
        // ESC, a C1 CSI and a right-to-left override: none reaches a terminal.
        QCOMPARE(sharescope::printable("a\x1b[31m\xc2\x9b\xe2\x80\xae" "b\xc3\xa9"), std::string("a?[31m?<U+202E>b\xc3\xa9"));
        // The window's rule: the same escapes, controls included, bad UTF-8 shown as bytes.
        QCOMPARE(sharescope::escapeInvisible("1111\xe2\x80\x8b" "2222\xef\xbb\xbf\xc2\xad\n\xff"),
                 std::string("1111<U+200B>2222<U+FEFF><U+00AD><U+000A><0xFF>"));
    }

    void tableShowsInvisibleCharacters()
    {
        // An actor account with a zero-width space, an image id with a right-to-left override,
        // a user name with an isolate and an Arabic letter mark:
        // in the table none may pass for plain text.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hidden.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"Records\":[{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"e1\","
                "\"userIdentity\":{\"accountId\":\"1111\\u200b22223333\",\"arn\":\"arn:aws:iam::111122223333:user/bob\\u2066\\u061c\"},"
                "\"requestParameters\":{\"imageId\":\"ami-\\u202e1\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}]}");
        f.close();
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("table"), path}, 20000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("1111<U+200B>22223333"), r.out.constData());
        QVERIFY2(r.out.contains("ami-<U+202E>1"), r.out.constData());
        QVERIFY2(r.out.contains("bob<U+2066><U+061C>"), r.out.constData());
        for (const char *raw : {"\xe2\x80\x8b", "\xe2\x80\xae", "\xe2\x81\xa6", "\xd8\x9c"})
            QVERIFY(!r.out.contains(raw));
    }

    void csvNeverHoldsFormulasOrControlBytes()
    {
        QTemporaryDir dir;
        struct Case {
            QByteArray agent;     // as written in the JSON
            QByteArray expected;  // the cell in the CSV
        };
        const Case cases[] = {
            {" =cmd|' /C calc'!A0", "' =cmd|' /C calc'!A0"},
            {"\\n=cmd", "<U+000A>=cmd"},
            {"\\u0000=cmd", "<U+0000>=cmd"},
            {"\\t-1+1", "<U+0009>-1+1"},
            {"  @SUM(1)", "'  @SUM(1)"},
            {"a\\rb\\u001bc\\u2028d", "a<U+000D>b<U+001B>c<U+2028>d"},
        };
        for (const Case &c : cases) {
            Run r = runScan({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("csv"), writeShareWithUserAgent(dir, c.agent)}, 20000);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("," + c.expected + ","), r.out.constData());
            QByteArray body = r.out;
            body.replace("\r\n", "");
            for (char ch : body)
                QVERIFY2(static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f, r.out.constData());
        }
    }

    void tableIsAligned()
    {
        QStringList args = {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("table")};
        QDir dir(dataPath(QStringLiteral("rule0236")));
        for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
            args << dir.filePath(f);
        Run r = runScan(args);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QVERIFY(lines.size() > 5);
        const int column = lines[0].indexOf("resourceType");
        QVERIFY(column > 0);
        for (const QByteArray &line : lines.mid(1))
            QVERIFY2(line.at(column - 1) == ' ' && line.at(column) != ' ', line.constData());
    }

    void outputFileIsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("alerts.jsonl"));
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--output"), out, dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(jsonLines(f.readAll()).size(), 1);
        QVERIFY(!QFile::exists(out + QStringLiteral(".part")));
    }

    void scanLoadsNoGuiLibrary()
    {
        // The dynamic loader lists every library it loads; `scan` must need no Qt at all
        // (the window lives in sharescope-gui), so it runs where no GUI is installed.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--quiet"), QStringLiteral(SHARESCOPE_SAMPLES)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray loaded = p.readAllStandardError();
        QVERIFY2(loaded.contains("libsimdjson"), "LD_DEBUG output was not captured");  // the check can see libraries
        QVERIFY2(!loaded.contains("libQt6"), "sharescope scan loaded a Qt library");
    }

    void windowProgramIsFoundBesideTheCommand()
    {
        // Without a command, sharescope starts sharescope-gui from its own folder: --help of
        // the window program answers (Qt's parser), not the launcher's.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("--no-such-option")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.readAllStandardError().contains("no-such-option"), "the window program did not start");
        QVERIFY(p.exitCode() != 0);
    }

    void outputNeverFollowsAPlantedSymlink()
    {
        // Someone who can write the output folder plants OUTPUT.part -> a file of the user's.
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("alerts.jsonl"));
        const QString victim = dir.filePath(QStringLiteral("victim.txt"));
        QFile v(victim);
        QVERIFY(v.open(QIODevice::WriteOnly));
        v.write("precious\n");
        v.close();
        QVERIFY(QFile::link(victim, out + QStringLiteral(".part")));
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--output"), out, dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(v.open(QIODevice::ReadOnly));
        QCOMPARE(v.readAll(), QByteArray("precious\n"));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(jsonLines(f.readAll()).size(), 1);
        QVERIFY(!QFileInfo(out).isSymLink());
        // No temporary file is left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System).size(), 3);
    }

    void gzipBombStaysInBoundedMemory()
    {
        // 1 GB of whitespace in 32 members (32 KB each on disk), then a share: read to the end
        // through the window. And a value that never closes: an error once it passes the limit.
        QTemporaryDir dir;
        const QByteArray blank = gzipMember(QByteArray(32 << 20, ' ').replace(4095, 1, "\n"));
        QByteArray bomb;
        for (int i = 0; i < 32; ++i)
            bomb += blank;
        bomb += gzipMember(shareLine("after-the-bomb"));
        const QString spaces = writeFile(dir, QStringLiteral("spaces.json.gz"), bomb);
        const QString nested = writeFile(dir, QStringLiteral("nested.json.gz"), gzipMember("[" + QByteArray(256 << 20, '[')));
        qint64 peakKb = 0;
        Run r = runScanMeasuringPeak({QStringLiteral("scan"), QStringLiteral("--threads"), QStringLiteral("2"), spaces, nested}, &peakKb);
        QCOMPARE(r.exitCode, 3);
        const auto rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0][QStringLiteral("eventID")].toString(), QStringLiteral("after-the-bomb"));
        QVERIFY2(r.err.contains("nested.json.gz: a single JSON value of more than 16 MB"), r.err.constData());
        QVERIFY(peakKb > 0);
        // The bound, 64 MB, whatever the input; a sanitizer build counts its shadow memory too.
        QVERIFY2(peakKb < 64 * 1024, QByteArray::number(peakKb / 1024).append(" MB peak RSS").constData());
    }

    void gzipMembersAndWindowEdges()
    {
        // 12 MB of JSON lines cut at arbitrary bytes into 400 gzip members (records span
        // members and the 4 MB window edges), then zero padding, as some tools write.
        QTemporaryDir dir;
        QByteArray text;
        int shares = 0;
        for (int i = 0; text.size() < (12 << 20); ++i) {
            if (i % 100 == 0)
                text += shareLine("share-" + QByteArray::number(shares++));
            else
                text += "{\"eventVersion\":\"1.08\",\"eventName\":\"DescribeImages\",\"eventID\":\"e" + QByteArray::number(i)
                    + "\",\"userAgent\":\"" + QByteArray(i % 300, 'u') + "\"}\n";
        }
        QByteArray gz;
        quint32 seed = 11;
        for (int at = 0; at < text.size();) {
            seed = seed * 1664525u + 1013904223u;
            const int len = std::min<int>(int(seed % (64 << 10)) + 1, int(text.size()) - at);
            gz += gzipMember(text.mid(at, len));
            at += len;
        }
        gz += QByteArray(512, '\0');
        Run whole = runScan({QStringLiteral("scan"), writeFile(dir, QStringLiteral("members.jsonl.gz"), gz)}, 60000);
        QCOMPARE(whole.exitCode, 0);
        QCOMPARE(jsonLines(whole.out).size(), shares);

        // Cut at 60%: every share before the cut is still found, and the cut is reported.
        Run cut = runScan({QStringLiteral("scan"), writeFile(dir, QStringLiteral("cut.jsonl.gz"), gz.left(gz.size() * 6 / 10))}, 60000);
        QCOMPARE(cut.exitCode, 3);
        QVERIFY2(cut.err.contains("cut.jsonl.gz: gzip data is truncated"), cut.err.constData());
        const qsizetype found = jsonLines(cut.out).size();
        QVERIFY2(found >= shares / 2 && found < shares, QByteArray::number(found).constData());
    }

    void aWriteThatFailsIsAnErrorNotAShortFile()
    {
        // The output is written as a stream: a write that fails part-way (here /dev/full,
        // ENOSPC on every write) is reported and fails the scan; it never passes as done.
        QVERIFY2(QFileInfo::exists(QStringLiteral("/dev/full")), "the test needs /dev/full");
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--output"), QStringLiteral("/dev/full"),
                         dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("sharescope: error: cannot write /dev/full: No space left on device"), r.err.constData());
    }

    void outputToAFifoWritesThroughIt()
    {
        // --output /dev/null or a pipe: written in place; a file renamed over it would
        // replace the device or FIFO itself.
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("alerts.fifo"));
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        const int reader = ::open(fifo.toLocal8Bit().constData(), O_RDONLY | O_NONBLOCK);  // so the scan's open never waits
        QVERIFY(reader >= 0);
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY),
                {QStringLiteral("scan"), QStringLiteral("--output"), fifo, dataPath(QStringLiteral("inputs/records.json"))});
        QByteArray received;
        char buf[4096];
        QElapsedTimer timer;
        timer.start();
        for (bool done = false; timer.elapsed() < 20000;) {
            const ssize_t n = ::read(reader, buf, sizeof buf);
            if (n > 0)
                received.append(buf, int(n));
            else if (done)
                break;
            else
                done = p.waitForFinished(20);
        }
        ::close(reader);
        QCOMPARE(p.state(), QProcess::NotRunning);
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(jsonLines(received).size(), 1);
        struct stat st {};
        QCOMPARE(::stat(fifo.toLocal8Bit().constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));
    }

    void timeRangeSkipsFilesByKeyDateAndDropsEvents()
    {
        // tests/data/range/README.md: three files are not JSON; a range that leaves them out must never open them.
        const QString tree = dataPath(QStringLiteral("range"));
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--from"), QStringLiteral("2025-04-29"), QStringLiteral("--to=2025-04-30"), tree});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.err.contains("error:"), r.err.constData());
        QStringList found;
        for (const QJsonObject &a : jsonLines(r.out))
            found << a[QStringLiteral("eventTime")].toString() + QLatin1Char(' ') + a[QStringLiteral("sharedResourceId")].toString();
        found.sort();
        QCOMPARE(found, QStringList({QStringLiteral("2025-04-29T10:05:00Z ami-0c3c3c3c3c3c3c3c3"),
                                     QStringLiteral("2025-04-30T08:00:00Z inside-range"),
                                     QStringLiteral("2025-04-30T23:58:00Z acme-range-late")}));
        // Each file not read is named with its reason; the files the margins keep are read.
        const QByteArray prefix = "sharescope: skipped: " + tree.toUtf8() + "/AWSLogs/111122223333/CloudTrail/";
        QVERIFY2(r.err.contains(prefix + "us-east-1/2025/04/28/111122223333_CloudTrail_us-east-1_20250428T1205Z_a1EarlyNotJson0.json: "
                                         "outside the time range by its S3 key: delivered 2025-04-28 12:05 UTC, before the range starts "
                                         "(2025-04-29T00:00:00Z)\n"),
                 r.err.constData());
        QVERIFY(r.err.contains(prefix + "us-east-1/2025/05/02/111122223333_CloudTrail_us-east-1_20250502T0130Z_e5LateNotJson00.json: "
                                        "outside the time range by its S3 key: delivered 2025-05-02 01:30 UTC, more than 24 hours after "
                                        "the range ends (2025-04-30T23:59:59Z)\n"));
        QVERIFY(r.err.contains(prefix + "eu-west-1/2025/05/05/renamed-copy.json: outside the time range by its S3 key: delivered 2025-05-05,"));
        QCOMPARE(r.err.count("sharescope: skipped: "), 3);
        QVERIFY(!r.err.contains("b2EdgeOfFrom00.json:"));
        QVERIFY(!r.err.contains("d4LateDelivery.json:"));
        QVERIFY2(r.err.contains("7 files (4 read, 3 skipped, 0 failed), 8 events"), r.err.constData());
        QVERIFY2(r.err.contains("time range 2025-04-29T00:00:00Z to 2025-04-30T23:59:59Z: 3 files not read (S3 key date outside it), "
                                "3 events outside it dropped"),
                 r.err.constData());

        // The same tree without a range: the skipped files are read, and they are not JSON.
        Run all = runScan({QStringLiteral("scan"), tree});
        QCOMPARE(all.exitCode, 3);
        QVERIFY(all.err.contains("a1EarlyNotJson0.json: "));
        QVERIFY(all.err.contains("e5LateNotJson00.json: "));
        QVERIFY(all.err.contains("renamed-copy.json: "));
        QCOMPARE(jsonLines(all.out).size(), 6);  // the three above, the two late snapshots and the RDS share before the range
        QVERIFY(!all.err.contains("time range"));
        QVERIFY(!all.err.contains("skipped: "));
    }

    void timeRangeTakesIsoTimesInclusively()
    {
        // Both bounds are included, to the second; an offset is converted to UTC.
        Run r = runScan({QStringLiteral("scan"), QStringLiteral("--from=2025-04-29T10:05:00Z"), QStringLiteral("--to"),
                         QStringLiteral("2025-04-30T10:00:00+02:00"), dataPath(QStringLiteral("range"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList found;
        for (const QJsonObject &a : jsonLines(r.out))
            found << a[QStringLiteral("sharedResourceId")].toString();
        found.sort();
        QCOMPARE(found, QStringList({QStringLiteral("ami-0c3c3c3c3c3c3c3c3"), QStringLiteral("inside-range")}));
        // The file delivered at 23:55 on the 28th is now before the range too; the late bucket policy
        // (23:58 on the 30th) is dropped by its eventTime, its file (delivered 00:10 on 1 May) is read.
        QVERIFY2(r.err.contains("4 files not read (S3 key date outside it), 3 events outside it dropped"), r.err.constData());
        QVERIFY(r.err.contains("b2EdgeOfFrom00.json: outside the time range by its S3 key: delivered 2025-04-28 23:55 UTC, before"));
        QVERIFY(!r.err.contains("d4LateDelivery.json:"));
    }

    void badTimeRangesAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("month 13") << QStringList{QStringLiteral("--from"), QStringLiteral("2025-13-01")} << QStringLiteral("--from: '2025-13-01' is not a date that exists");
        QTest::newRow("30 February") << QStringList{QStringLiteral("--to"), QStringLiteral("2025-02-30")} << QStringLiteral("--to: '2025-02-30' is not a date that exists");
        QTest::newRow("word") << QStringList{QStringLiteral("--from"), QStringLiteral("yesterday")}
                              << QStringLiteral("--from: 'yesterday' is not a date (YYYY-MM-DD) or an ISO 8601 time (2025-04-30T12:00:00Z)");
        QTest::newRow("day first") << QStringList{QStringLiteral("--to"), QStringLiteral("30/04/2025")}
                                   << QStringLiteral("--to: '30/04/2025' is not a date (YYYY-MM-DD)");
        QTest::newRow("no zone") << QStringList{QStringLiteral("--to"), QStringLiteral("2025-04-30T12:00:00")}
                                 << QStringLiteral("--to: '2025-04-30T12:00:00' has no time zone: add Z for UTC");
        QTest::newRow("bad hour") << QStringList{QStringLiteral("--from=2025-04-30T25:00:00Z")}
                                  << QStringLiteral("--from: '2025-04-30T25:00:00Z' is not an ISO 8601 time");
        QTest::newRow("no value") << QStringList{QStringLiteral("--from")} << QStringLiteral("--from needs a date (2025-04-30)");
        QTest::newRow("reversed") << QStringList{QStringLiteral("--from"), QStringLiteral("2025-05-01"), QStringLiteral("--to"), QStringLiteral("2025-04-30")}
                                  << QStringLiteral("--from is after --to: the range 2025-05-01T00:00:00Z to 2025-04-30T23:59:59Z holds no time");
    }

    void badTimeRangesAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QStringList full{QStringLiteral("scan")};
        full << args;
        if (args.size() > 1 || args[0].contains(QLatin1Char('=')))
            full << dataPath(QStringLiteral("range"));
        Run r = runScan(full);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("sharescope scan: " + message.toUtf8()), r.err.constData());
        QVERIFY(r.err.contains("Try 'sharescope scan --help'."));
        QVERIFY(r.out.isEmpty());
    }

    void sentinelCsvSaysHowItsDatesWereRead()
    {
        // tests/data/sentinel/README.md: a portal export whose every date fits both orders.
        const QString ambiguous = dataPath(QStringLiteral("sentinel/portal-ambiguous.csv"));
        Run r = runScan({QStringLiteral("scan"), ambiguous});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList found;
        for (const QJsonObject &a : jsonLines(r.out))
            found << QStringList{a[QStringLiteral("eventTime")].toString(), a[QStringLiteral("resourceType")].toString(),
                                 a[QStringLiteral("sharedResourceId")].toString(), a[QStringLiteral("addedAccount")].toString(),
                                 a[QStringLiteral("actorAccountId")].toString()}.join(QLatin1Char(' '));
        QCOMPARE(found, QStringList({QStringLiteral("2025-05-03T10:00:00.000Z S3Bucket acme-exports 777788889999 111122223333"),
                                     QStringLiteral("2025-05-04T09:45:54.000Z EBSSnapshot snap-0a1b2c3d4e5f60718 444455556666 111122223333")}));
        const QByteArray warning = "sharescope: warning: " + ambiguous.toUtf8()
            + ": dates like 04/05/2025 read as day/month (4 May 2025), the default: no date in the file settles it (4 dates fit both readings)\n";
        QVERIFY2(r.err.contains(warning), r.err.constData());
        // It is about what the alerts mean: said even with --quiet.
        Run quiet = runScan({QStringLiteral("scan"), QStringLiteral("--quiet"), ambiguous});
        QCOMPARE(quiet.exitCode, 0);
        QCOMPARE(quiet.err, warning);

        // A US export settles itself (4/21/2025): its 4/5 is 5 April, and nothing needs saying.
        Run us = runScan({QStringLiteral("scan"), dataPath(QStringLiteral("sentinel/portal-us-ascending.csv"))});
        QCOMPARE(us.exitCode, 0);
        QVERIFY2(!us.err.contains("warning"), us.err.constData());
        const QList<QJsonObject> usAlerts = jsonLines(us.out);
        QCOMPARE(usAlerts.size(), 2);
        QCOMPARE(usAlerts[0][QStringLiteral("eventTime")].toString(), QStringLiteral("2025-04-05T09:45:54.000Z"));
        QCOMPARE(usAlerts[1][QStringLiteral("eventTime")].toString(), QStringLiteral("2025-04-21T13:30:00.000Z"));

        // Both orders in one file: said, with the reading the dates that fit both got.
        Run mixed = runScan({QStringLiteral("scan"), dataPath(QStringLiteral("sentinel/portal-mixed.csv"))});
        QCOMPARE(mixed.exitCode, 0);
        QVERIFY2(mixed.err.contains("portal-mixed.csv: its dates are written both day first (21/04/2025) and month first (04/22/2025)"),
                 mixed.err.constData());
        QCOMPARE(jsonLines(mixed.out).size(), 3);
    }

    void samplesScanCleanly()
    {
        Run r = runScan({QStringLiteral("scan"), QStringLiteral(SHARESCOPE_SAMPLES)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(jsonLines(r.out).size() >= 5);
        QVERIFY(r.err.contains("1 skipped"));  // the digest
        QVERIFY2(r.err.contains("sharescope: passed over: " SHARESCOPE_SAMPLES "/EXPECTED.md: not a log file name\n"), r.err.constData());
    }

    // A folder's files that are not named like logs: each named on standard error with why,
    // then counted in the summary; none is an error (exit 0), none is read. --quiet says nothing.
    void folderNamesTheFilesItPassesOver()
    {
        QTemporaryDir dir;
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("notes")));
        QVERIFY(QFile::copy(dataPath(QStringLiteral("inputs/records.json")), root.filePath(QStringLiteral("records.json"))));
        for (const QString &name : {QStringLiteral(".DS_Store"), QStringLiteral("notes/summary.txt"), QStringLiteral("export.csv")})
            QVERIFY(QFile::copy(dataPath(QStringLiteral("inputs/records.json")), root.filePath(name)));
        Run r = runScan({QStringLiteral("scan"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonLines(r.out).size(), 1);  // records.json alone: the copies beside it are not read
        const QByteArray prefix = "sharescope: passed over: " + dir.path().toUtf8() + '/';
        QVERIFY2(r.err.contains(prefix + ".DS_Store: hidden file\n"), r.err.constData());
        QVERIFY(r.err.contains(prefix + "export.csv: not a log file name\n"));
        QVERIFY(r.err.contains(prefix + "notes/summary.txt: not a log file name\n"));
        QCOMPARE(r.err.count("passed over: "), 3);
        QVERIFY(!r.err.contains("error:"));
        QVERIFY2(r.err.contains("sharescope: 1 files (1 read, 0 skipped, 0 failed)"), r.err.constData());
        QVERIFY(r.err.contains("sharescope: 3 files in the folders passed over by name (hidden, or not named like a log); "
                               "a file named on the command line is always read\n"));
        // Named, a passed-over file is read.
        Run named = runScan({QStringLiteral("scan"), root.filePath(QStringLiteral("notes/summary.txt"))});
        QCOMPARE(named.exitCode, 0);
        QCOMPARE(jsonLines(named.out).size(), 1);
        QVERIFY(!named.err.contains("passed over"));
        Run quiet = runScan({QStringLiteral("scan"), QStringLiteral("--quiet"), dir.path()});
        QCOMPARE(quiet.exitCode, 0);
        QCOMPARE(quiet.err, QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
