// The extended detector over hand-written fixtures for every row of
// shared/reference/sharing-apis.md (tests/data/extended/README.md says why each
// expected alert is what it is): grantee kinds, public exposure, severities,
// the rule 0236 comparison and revocations.
#include "alert_key.h"
#include "extended_rule.h"
#include "trust_list.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace sharescope;
using namespace sharescope::test;

namespace {

QJsonObject extendedKeys(const Alert &a)
{
    QJsonObject o;
    o[QStringLiteral("eventID")] = optJson(a.eventId);
    o[QStringLiteral("resourceType")] = QString::fromStdString(a.resourceType);
    o[QStringLiteral("sharedResourceId")] = optJson(a.sharedResourceId);
    o[QStringLiteral("addedAccount")] = QString::fromStdString(a.addedAccount);
    o[QStringLiteral("granteeKind")] = QString::fromLatin1(granteeKindName(a.granteeKind));
    o[QStringLiteral("public")] = a.isPublic;
    o[QStringLiteral("severity")] = QString::fromLatin1(severityName(a.severity));
    o[QStringLiteral("sentinel")] = a.sentinel;
    o[QStringLiteral("outcome")] = a.errorCode ? QStringLiteral("failed") : QStringLiteral("succeeded");
    o[QStringLiteral("revokedAt")] = optJson(a.revokedAt);
    return o;
}

} // namespace

class TestExtended : public QObject {
    Q_OBJECT
private slots:
    void fixture_data()
    {
        QTest::addColumn<QString>("input");
        QDir dir(dataPath(QStringLiteral("extended")));
        const QStringList inputs = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(inputs.size() >= 15);
        for (const QString &name : inputs)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void fixture()
    {
        QFETCH(QString, input);
        bool ok = false;
        const QStringList expected = readExpectations(input.left(input.size() - 5) + QStringLiteral(".expected.jsonl"), &ok);
        QVERIFY(ok);

        ScanResult r = scan({input}, 0, DetectionMode::Extended);
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        applyRevocations(r.alerts, r.revocations);
        QStringList actual;
        for (const Alert &a : r.alerts)
            actual << canonical(extendedKeys(a));
        QVERIFY(sameLines(actual, expected));
    }

    void trustingAnOrganisationHidesGrantsLimitedToIt()
    {
        ScanResult r = scan({dataPath(QStringLiteral("extended/conditions_and_principals.json"))}, 0, DetectionMode::Extended);
        const TrustList trusted = TrustList::fromText("o-abc1234567\n");
        int hidden = 0;
        for (const Alert &a : r.alerts) {
            if (trusted.trusts(a)) {
                ++hidden;
                QCOMPARE(a.addedAccount, std::string("333344445555"));  // the account limited by aws:PrincipalOrgID
            }
        }
        QCOMPARE(hidden, 1);
        // The conditions that do not narrow (IfExists, ForAllValues) left their grants public: not hidden.
        QVERIFY(std::count_if(r.alerts.begin(), r.alerts.end(), [](const Alert &a) { return a.isPublic; }) == 3);
    }

    void alertKeysAreUniqueAndStable_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("extended") << int(DetectionMode::Extended);
        QTest::newRow("rule 0236") << int(DetectionMode::Sentinel);
    }

    void alertKeysAreUniqueAndStable()
    {
        // Reviews hang on AlertKey: every alert of every fixture has its own, and a scan
        // of the same files in another order, on one thread, gives the same keys.
        QFETCH(int, mode);
        QDir dir(dataPath(QStringLiteral("extended")));
        QStringList files;
        for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            files << dir.filePath(f);
        ScanResult forward = scan(files, 0, DetectionMode(mode));
        std::reverse(files.begin(), files.end());
        ScanResult backward = scan(files, 1, DetectionMode(mode));
        std::set<std::string> a, b;
        for (const Alert &x : forward.alerts)
            QVERIFY2(a.insert(alertKeyText(x)).second, alertKeyText(x).c_str());
        for (const Alert &x : backward.alerts)
            b.insert(alertKeyText(x));
        QVERIFY(a.size() > 20);
        QCOMPARE(a, b);
    }

    void sentinelSideBySide_data() { fixture_data(); }

    void sentinelSideBySide()
    {
        // The same fixtures through rule 0236 exactly, against <case>.sentinel.jsonl (by hand).
        QFETCH(QString, input);
        bool ok = false;
        const QStringList expected = readExpectations(input.left(input.size() - 5) + QStringLiteral(".sentinel.jsonl"), &ok);
        QVERIFY(ok);
        ScanResult r = scan({input}, 0, DetectionMode::Sentinel);
        QStringList actual;
        for (const Alert &a : r.alerts)
            actual << canonical(expectationKeys(a));
        QVERIFY(sameLines(actual, expected));
    }

    void sentinelModeStaysExactOnTheSameFiles()
    {
        // The extended fixtures through the sentinel rule: every sentinel alert has an
        // extended twin marked sentinel, or is one of the rule's false positives.
        ScanResult sentinel = scan({dataPath(QStringLiteral("extended"))}, 0, DetectionMode::Sentinel);
        ScanResult extended = scan({dataPath(QStringLiteral("extended"))}, 0, DetectionMode::Extended);
        size_t twins = 0;
        for (const Alert &s : sentinel.alerts) {
            const std::string key = s.addedAccount == "all" ? "*" : s.addedAccount;
            twins += std::any_of(extended.alerts.begin(), extended.alerts.end(),
                                 [&](const Alert &e) { return e.sentinel && e.eventId == s.eventId && e.addedAccount == key; });
        }
        QCOMPARE(twins + extended.summary.sentinelOnly, sentinel.alerts.size());
        QVERIFY(extended.summary.sentinelOnly >= 1);  // the CloudFront identity, at least
    }
};

QTEST_GUILESS_MAIN(TestExtended)
#include "tst_extended.moc"
