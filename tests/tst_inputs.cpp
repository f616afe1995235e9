// Every input shape the scanner recognises, each holding the same share
// (tests/data/inputs/README.md), plus digests, Insights and duplicates.
#include "test_support.h"

#include <QtTest>

#include <set>

using namespace sharescope;
using namespace sharescope::test;

namespace {
const std::string kShareId = "11111111-2222-3333-4444-555555555555";
}

class TestInputs : public QObject {
    Q_OBJECT
private slots:
    void shape_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *name : {"records.json", "records.json.gz", "lines.jsonl.gz", "gzip-no-ext.json", "array.json", "single.json",
                                 "lines.jsonl", "lines-detected.txt", "eventbridge.json", "eventbridge-array.json",
                                 "eventbridge.jsonl", "lookup-events.json", "pretty.json",
                                 "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0000Z_abc.json"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void shape()
    {
        QFETCH(QString, file);
        ScanResult r = scan({dataPath(QStringLiteral("inputs/") + file)});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QVERIFY2(r.outcomes[0].status == FileOutcome::Status::Read, r.outcomes[0].message.c_str());
        // The share and, except in the one-event shapes, the ordinary traffic around it.
        const bool single = file == QLatin1String("single.json") || file == QLatin1String("eventbridge.json");
        QVERIFY(r.summary.events >= (single ? 1u : 2u));
        QCOMPARE(r.alerts.size(), size_t(1));
        const Alert &a = r.alerts[0];
        QCOMPARE(*a.eventId, kShareId);
        QCOMPARE(a.addedAccount, std::string("444455556666"));
        QCOMPARE(*a.sharedResourceId, std::string("ami-0123456789abcdef0"));
        QCOMPARE(*a.actorAccountId, std::string("111122223333"));
        QCOMPARE(*a.userAccount, std::string("alice"));
        QCOMPARE(a.resourceType, std::string("AMI"));
        QVERIFY(a.location.length > 0);
    }

    void folderInS3LayoutWithOrganisationTrail()
    {
        ScanResult r = scan({dataPath(QStringLiteral("inputs/AWSLogs"))});
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        // The digest and the Insights file are skipped and counted, not read and not errors.
        QCOMPARE(r.summary.filesSkipped, uint64_t(2));
        QVERIFY(r.summary.filesRead >= 2);
        std::set<std::string> ids;
        for (const Alert &a : r.alerts)
            ids.insert(*a.eventId);
        QVERIFY(ids.count(kShareId));
        QVERIFY(ids.size() >= 2);  // the organisation trail's own share
    }

    void looseDigestIsSkippedByContent()
    {
        ScanResult r = scan({dataPath(QStringLiteral("inputs/digest-loose.json"))});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QCOMPARE(r.outcomes[0].status, FileOutcome::Status::Skipped);
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
    }

    void duplicateEventIdsAreReportedOnce()
    {
        for (unsigned threads : {1u, 2u}) {
            ScanResult r = scan({dataPath(QStringLiteral("inputs/duplicates"))}, threads);
            QCOMPARE(r.summary.filesRead, uint64_t(2));
            size_t dup = 0;
            for (const Alert &a : r.alerts)
                dup += a.eventId && a.eventId->rfind("77777777", 0) == 0;
            QCOMPARE(dup, size_t(1));
            QCOMPARE(r.summary.duplicateEvents, uint64_t(1));
        }
    }

    void sameResultOnOneThreadAndMany()
    {
        ScanResult one = scan({dataPath(QStringLiteral("inputs"))}, 1);
        ScanResult many = scan({dataPath(QStringLiteral("inputs"))}, 4);
        QCOMPARE(one.alerts.size(), many.alerts.size());
        QCOMPARE(one.summary.events, many.summary.events);
        QCOMPARE(one.summary.filesRead, many.summary.filesRead);
    }
};

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"
