// `sharescope query` (issue 10): every event a detector or rule 0236 reads is in every
// engine's query, and nothing a user types reaches the query unchecked or unquoted.
// The queries' results are checked on a real engine by tests/lake/test_lake_roundtrip.py.
#include "candidate_events.h"
#include "detectors.h"
#include "lake_query.h"
#include "rule0236.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sharescope;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runQuery(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(SHARESCOPE_BINARY), QStringList{QStringLiteral("query")} + args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

const QStringList kEngines = {QStringLiteral("athena"), QStringLiteral("security-lake"), QStringLiteral("cloudtrail-lake"),
                              QStringLiteral("sentinel")};

// Whether `query` selects events named `name`: listed (quoted), or covered by a listed prefix.
bool selects(const QString &query, const QString &engine, std::string_view name, bool prefix)
{
    const bool kql = engine == QLatin1String("sentinel");
    const QString n = QString::fromUtf8(name.data(), qsizetype(name.size()));
    if (kql)
        return prefix ? query.contains(QStringLiteral("startswith \"%1\"").arg(n)) : query.contains(QLatin1Char('"') + n + QLatin1Char('"'));
    const QString lower = n.toLower();
    return prefix ? query.contains(QStringLiteral("LIKE '%1%'").arg(lower)) : query.contains(QLatin1Char('\'') + lower + QLatin1Char('\''));
}

} // namespace

class TestLakeQuery : public QObject {
    Q_OBJECT

private slots:
    void everyDetectorsEventIsInEveryQuery()
    {
        for (const QString &engine : kEngines) {
            for (const char *mode : {"extended", "sentinel"}) {
                Run r = runQuery({QStringLiteral("--engine"), engine, QStringLiteral("--mode"), QLatin1String(mode)});
                QVERIFY2(r.exitCode == 0, qPrintable(engine + r.err));
                const std::span<const EventNamePattern> wanted = candidateEventNames(std::string_view(mode) == "sentinel");
                // Rule 0236's events are in both modes' queries; the detectors' in the extended one.
                for (const EventNamePattern &p : Rule0236::eventNames())
                    QVERIFY2(selects(r.out, engine, p.name, p.prefix), qPrintable(engine + ": " + QString::fromUtf8(p.name.data(), qsizetype(p.name.size()))));
                if (std::string_view(mode) == "extended") {
                    for (const DetectorEntry &d : detectorEntries()) {
                        bool covered = selects(r.out, engine, d.eventName, d.prefix);
                        for (const EventNamePattern &p : wanted)  // an exact name may be covered by a prefix
                            covered = covered || (p.prefix && kusto_startsWith(d.eventName, p.name) && selects(r.out, engine, p.name, true));
                        QVERIFY2(covered, qPrintable(engine + " misses " + QString::fromUtf8(d.eventName.data(), qsizetype(d.eventName.size()))));
                    }
                }
            }
        }
    }

    void ordinaryNamesAreNotSelected()
    {
        Run r = runQuery({QStringLiteral("--engine"), QStringLiteral("athena")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains(QStringLiteral("'describeinstances'")));
        QVERIFY(!r.out.contains(QStringLiteral("''")));  // no empty name
        r = runQuery({QStringLiteral("--engine"), QStringLiteral("athena"), QStringLiteral("--mode"), QStringLiteral("sentinel")});
        QVERIFY(!r.out.contains(QStringLiteral("'creategrant'")));  // rule 0236 does not read KMS
    }

    void userInputIsCheckedBeforeItReachesAQuery()
    {
        const QList<QStringList> refused = {
            {"--engine", "athena", "--table", "db.t\"; DROP TABLE x; --"},
            {"--engine", "athena", "--accounts", "111122223333' OR '1'='1"},
            {"--engine", "sentinel", "--regions", "us-east-1\") | take 1 //"},
            {"--engine", "sentinel", "--table", "AWSCloudTrail | take 1"},
            {"--engine", "cloudtrail-lake", "--table", "eds id"},
            {"--engine", "athena", "--output", "https://example.com/"},
            {"--engine", "athena", "--from", "yesterday"},
            {"--engine", "athena", "--from", "2025-05-01", "--to", "2025-04-01"},
            {"--create-table", "--bucket", "b' x", "--accounts", "111122223333"},
            {"--engine", "nosuch"},
        };
        for (const QStringList &args : refused) {
            Run r = runQuery(args);
            QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ') + " -> " + QString::number(r.exitCode) + r.out));
            QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
            QVERIFY(r.err.startsWith(QStringLiteral("sharescope query: ")));
        }
    }

    void quotingDoublesTheQuote()
    {
        QCOMPARE(sqlString("it's"), std::string("'it''s'"));
        QCOMPARE(sqlIdentifier("a\"b"), std::string("\"a\"\"b\""));
        QCOMPARE(kqlString("a\"b\\c"), std::string("\"a\\\"b\\\\c\""));
        // The S3 location is a literal: a quote in it is doubled, not closing the string.
        Run r = runQuery({"--engine", "athena", "--output", "s3://bucket/it's/"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("TO 's3://bucket/it''s/'")));
    }

    void timeRangeBoundsThePartitionWithADayOfMargin()
    {
        Run r = runQuery({"--engine", "athena", "--from", "2025-04-01", "--to", "2025-04-30"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("\"timestamp\" >= '2025/03/31'")));
        QVERIFY(r.out.contains(QStringLiteral("\"timestamp\" <= '2025/05/01'")));
        QVERIFY(r.out.contains(QStringLiteral("eventtime >= '2025-04-01T00:00:00Z'")));
        QVERIFY(r.out.contains(QStringLiteral("eventtime <= '2025-04-30T23:59:59Z'")));
        r = runQuery({"--engine", "security-lake", "--from", "2025-04-01"});
        QVERIFY(r.out.contains(QStringLiteral("\"eventday\" >= '20250331'")));
        r = runQuery({"--engine", "sentinel", "--from", "2025-04-01", "--to", "2025-04-02T12:00:00Z"});
        QVERIFY(r.out.contains(QStringLiteral("TimeGenerated between (datetime(2025-04-01T00:00:00Z) .. datetime(2025-04-02T12:00:00Z))")));
    }

    void createTableProjectsOrganisationTrails()
    {
        Run r = runQuery({"--create-table", "--bucket", "trail-bucket", "--organization", "o-abc123", "--accounts",
                          "111122223333,444455556666", "--regions", "us-east-1,eu-west-1", "--from", "2024-01-01"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("CREATE EXTERNAL TABLE `cloudtrail_logs`")));
        QVERIFY(r.out.contains(QStringLiteral("'projection.account.values' = '111122223333,444455556666'")));
        QVERIFY(r.out.contains(QStringLiteral("'projection.timestamp.range' = '2024/01/01,NOW'")));
        QVERIFY(r.out.contains(QStringLiteral("'storage.location.template' = 's3://trail-bucket/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${timestamp}'")));
        // A query over that table prunes its account and region partitions.
        r = runQuery({"--engine", "athena", "--partitioned-by", "account,region", "--accounts", "111122223333", "--regions", "eu-west-1"});
        QVERIFY(r.out.contains(QStringLiteral("AND \"account\" IN ('111122223333')")));
        QVERIFY(r.out.contains(QStringLiteral("AND \"region\" IN ('eu-west-1')")));
        QVERIFY(r.out.contains(QStringLiteral("AND recipientaccountid IN ('111122223333')")));
        QCOMPARE(runQuery({"--engine", "athena", "--partitioned-by", "day"}).exitCode, 2);
        r = runQuery({"--create-table", "--bucket", "trail-bucket", "--accounts", "111122223333"});
        QVERIFY(r.out.contains(QStringLiteral("'s3://trail-bucket/AWSLogs/111122223333/CloudTrail/${region}/${timestamp}'")));
        QVERIFY(!r.out.contains(QStringLiteral("projection.account")));
    }

    // Rule 0236 as KQL: TrustedAccounts from a watchlist or inline, every value quoted.
    // (tests/lake/ type-checks these queries with Kusto.Language.)
    void rule0236TrustsAWatchlistOrTheAllowList()
    {
        Run r = runQuery({"--engine", "sentinel", "--rule0236", "--watchlist", "Trusted-AWS_1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("let TrustedAccounts = _GetWatchlist(\"Trusted-AWS_1\") | project SearchKey;")));
        QVERIFY(r.out.contains(QStringLiteral("| where not(tostring(AddedAccount) in (TrustedAccounts))")));
        QVERIFY(r.out.contains(QStringLiteral("ingestion_time() >= ago(2h)")));
        QTemporaryDir dir;
        const QString list = dir.filePath(QStringLiteral("trusted.txt"));
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("111122223333\n# partner\n\"]) | take 1 //\n");
        f.close();
        r = runQuery({"--rule0236", "--trusted", list, "--from", "2025-01-01", "--to", "2025-01-31"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("let TrustedAccounts = dynamic([\"\\\"]) | take 1 //\", \"111122223333\"]);")), qPrintable(r.out.left(300)));
        QVERIFY(r.out.contains(QStringLiteral("TimeGenerated between (datetime(2025-01-01T00:00:00Z) .. datetime(2025-01-31T23:59:59.999Z))")));
        for (const QStringList &bad : QList<QStringList>{{"--rule0236", "--watchlist", "a'b"},
                                                         {"--rule0236", "--watchlist", "a", "--trusted", list},
                                                         {"--rule0236", "--engine", "athena"},
                                                         {"--rule0236", "--trusted", dir.filePath(QStringLiteral("missing"))}}) {
            r = runQuery(bad);
            QVERIFY2(r.exitCode == 2 && r.out.isEmpty(), qPrintable(bad.join(' ')));
        }
    }

    // Security Lake's older forms: OCSF 1.0 names, the request in `unmapped`, and a
    // request given as an object; epoch-millisecond times shown as CloudTrail writes them.
    void ocsfOlderFormsAreRead()
    {
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("jsonl"),
                                                    QStringLiteral(SHARESCOPE_TEST_DATA "/lake/ocsf-older-forms.jsonl")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QMap<QString, QJsonObject> byAccount;
        for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
            if (!line.isEmpty())
                byAccount.insert(QJsonDocument::fromJson(line).object().value(QStringLiteral("addedAccount")).toString(),
                                 QJsonDocument::fromJson(line).object());
        QCOMPARE(byAccount.size(), 2);
        const QJsonObject snapshot = byAccount.value(QStringLiteral("444455556666"));
        QCOMPARE(snapshot.value(QStringLiteral("sharedResourceId")).toString(), QStringLiteral("snap-0c5f0000000000001"));
        QCOMPARE(snapshot.value(QStringLiteral("actorAccountId")).toString(), QStringLiteral("111122223333"));
        QCOMPARE(snapshot.value(QStringLiteral("actorArn")).toString(), QStringLiteral("arn:aws:iam::111122223333:user/alice"));
        QCOMPARE(snapshot.value(QStringLiteral("eventTime")).toString(), QStringLiteral("2024-06-12T08:15:00Z"));
        QCOMPARE(snapshot.value(QStringLiteral("matchedPath")).toString().section(QLatin1Char('.'), 0, 1), QStringLiteral("unmapped.requestParameters"));
        const QJsonObject lambda = byAccount.value(QStringLiteral("777788889999"));
        QCOMPARE(lambda.value(QStringLiteral("resourceType")).toString(), QStringLiteral("LambdaFunction"));
        QCOMPARE(lambda.value(QStringLiteral("eventTime")).toString(), QStringLiteral("2024-06-12T08:16:00.250Z"));
        QCOMPARE(lambda.value(QStringLiteral("sentinel")).toBool(), true);
    }

private:
    static bool kusto_startsWith(std::string_view s, std::string_view prefix)
    {
        return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(),
                                                        [](char a, char b) { return std::tolower(a) == std::tolower(b); });
    }
};

QTEST_GUILESS_MAIN(TestLakeQuery)
#include "tst_lake_query.moc"
