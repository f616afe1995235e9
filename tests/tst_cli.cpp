// `sharescope scan` as a process: exit codes, formats, errors on standard error.
#include "alert_format.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sharescope::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run runScan(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));  // the scan needs no display at all
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SHARESCOPE_BINARY), args);
    if (!p.waitForFinished(120000))
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

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
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
        QCOMPARE(sharescope::printable("a\x1b[31m\xc2\x9b\xe2\x80\xae" "b\xc3\xa9"), std::string("a?[31m??b\xc3\xa9"));
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

    void samplesScanCleanly()
    {
        Run r = runScan({QStringLiteral("scan"), QStringLiteral(SHARESCOPE_SAMPLES)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(jsonLines(r.out).size() >= 5);
        QVERIFY(r.err.contains("1 skipped"));  // the digest
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
