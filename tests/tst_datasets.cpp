// Real public CloudTrail data from ../shared/datasets (skipped when it is absent):
// the detonations that share resources must each be found, with the right grantee.
#include "resource_use.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace sharescope;
using namespace sharescope::test;

class TestDatasets : public QObject {
    Q_OBJECT
    QString root = QStringLiteral(SHARESCOPE_SHARED_DATASETS);

    bool found(const ScanResult &r, const char *eventName, const char *grantee)
    {
        for (const Alert &a : r.alerts)
            if (a.eventName && *a.eventName == eventName && a.addedAccount == grantee)
                return true;
        return false;
    }

private slots:
    void initTestCase()
    {
        if (!QDir(root).exists())
            QSKIP("../shared/datasets is not here");
    }

    void invictusDetonations()
    {
        ScanResult r = scan({root + QStringLiteral("/invictus-ir__aws_dataset")});
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        QVERIFY(found(r, "ModifyImageAttribute", "012345678901"));
        QVERIFY(found(r, "ModifySnapshotAttribute", "012345678912"));
        QVERIFY(found(r, "ModifyDBSnapshotAttribute", "193672423079"));
        QVERIFY(found(r, "PutBucketPolicy", "193672423079"));
        QVERIFY(found(r, "AddPermission20150331v2", "*"));
    }

    void extendedFindsWhatTheRuleMisses()
    {
        ScanResult r = scan({root + QStringLiteral("/invictus-ir__aws_dataset"), root + QStringLiteral("/DataDog__stratus-red-team")}, 0,
                            DetectionMode::Extended);
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        applyRevocations(r.alerts, r.revocations);
        // Both datasets hold some of the same detonations: look in the invictus-ir ones (2023-07-10),
        // whatever order the threads delivered them in.
        auto find = [&](const char *eventName, const char *account) -> const Alert * {
            for (const Alert &a : r.alerts)
                if (a.eventName && *a.eventName == eventName && a.addedAccount == account
                    && a.eventTime.value_or("").rfind("2023-07-10", 0) == 0)
                    return &a;
            return nullptr;
        };
        // The IAM role backdoors (trust policies to 193672423079): high, and not in rule 0236.
        const Alert *backdoor = find("UpdateAssumeRolePolicy", "193672423079");
        QVERIFY(backdoor);
        QCOMPARE(backdoor->severity, Severity::High);
        QVERIFY(!backdoor->sentinel);
        bool createRole = false;  // the stratus detonation of a malicious role (2024)
        for (const Alert &a : r.alerts)
            createRole = createRole || (a.eventName && *a.eventName == "CreateRole" && a.addedAccount == "193672423079");
        QVERIFY(createRole);
        // The shares rule 0236 also raises are marked so, with their grantee kinds.
        const Alert *ami = find("ModifyImageAttribute", "012345678901");
        QVERIFY(ami && ami->sentinel && ami->granteeKind == GranteeKind::Account);
        const Alert *lambda = find("AddPermission20150331v2", "*");
        QVERIFY(lambda && lambda->isPublic && lambda->granteeKind == GranteeKind::Public && lambda->severity == Severity::High);
        // Stratus cleans up after itself: the invictus logs hold the revocations.
        QVERIFY(ami->revokedAt.has_value());
        QCOMPARE(*lambda->revokedAt, std::string("2023-07-10T12:28:24Z"));
        QCOMPARE(*backdoor->revokedAt, std::string("2023-07-10T12:28:24Z"));
    }

    void theDetonationsLeaveNoUseInTheOwnersTrail()
    {
        // Issue 8, "was the share used": the invictus-ir logs hold SharedSnapshotVolumeCreated
        // events, but each is the consumer's own copy (userIdentity.accountId = recipientAccountId
        // = 123837392027: it created a volume from someone else's snapshot, 2 s after launching a
        // public AMI), so no share of these logs was used in them; neither dataset holds a
        // cross-account call on a shared resource (no sharedEventID with an outside caller).
        ScanResult r = scan({root + QStringLiteral("/invictus-ir__aws_dataset"), root + QStringLiteral("/DataDog__stratus-red-team")}, 0,
                            DetectionMode::Extended);
        applyRevocations(r.alerts, r.revocations);
        applyUses(r.alerts, r.uses);
        QVERIFY(r.alerts.size() >= 10);
        for (const Alert &a : r.alerts)
            QVERIFY2(a.uses == 0 && !a.usedAt, a.eventId.value_or("").c_str());
        QVERIFY(r.uses.empty());
        // The consumer's copies are read (the name is always parsed) and told apart, not missed.
        const QString file = root + QStringLiteral("/invictus-ir__aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json");
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        simdjson::dom::parser parser;
        const QByteArray text = f.readAll();
        simdjson::dom::element doc;
        QCOMPARE(parser.parse(text.constData(), static_cast<size_t>(text.size())).get(doc), simdjson::SUCCESS);
        UseRecogniser recogniser;
        int consumerCopies = 0;
        for (simdjson::dom::element record : doc["Records"].get_array()) {
            const CloudTrailEvent event(record);
            if (event.eventName().value_or("") != "SharedSnapshotVolumeCreated")
                continue;
            ++consumerCopies;
            QCOMPARE(event.actorAccountId().value_or(""), std::string("123837392027"));
            QVERIFY(!recogniser.recognise(event));
        }
        QVERIFY(consumerCopies >= 1);
    }

    void stratusDetonations()
    {
        ScanResult r = scan({root + QStringLiteral("/DataDog__stratus-red-team")});
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        QVERIFY(found(r, "ModifyImageAttribute", "846424999548"));
        QVERIFY(found(r, "ModifySnapshotAttribute", "098797384747"));
        QVERIFY(found(r, "ModifyDBSnapshotAttribute", "503161813013"));
        QVERIFY(found(r, "AddPermission20150331v2", "*"));
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "tst_datasets.moc"
