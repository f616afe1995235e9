// Every clause of rule 0236 and every Kusto quirk it depends on, against
// hand-written fixtures whose expected alerts were worked out by hand
// (tests/data/rule0236/README.md says why each one is what it is).
#include "test_support.h"
#include "trust_list.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QtTest>

using namespace sharescope;
using namespace sharescope::test;

class TestRule0236 : public QObject {
    Q_OBJECT
private slots:
    void fixture_data()
    {
        QTest::addColumn<QString>("input");
        QDir dir(dataPath(QStringLiteral("rule0236")));
        const QStringList inputs = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(inputs.size() >= 10);
        for (const QString &name : inputs)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void fixture()
    {
        QFETCH(QString, input);
        const QString base = input.left(input.size() - 5);
        bool ok = false;
        const QStringList expected = readExpectations(base + QStringLiteral(".expected.jsonl"), &ok);
        QVERIFY2(ok, qPrintable(base));

        TrustList trusted;
        if (QFile::exists(base + QStringLiteral(".trusted"))) {
            std::string error;
            QVERIFY(TrustList::loadFile((base + QStringLiteral(".trusted")).toStdString(), trusted, error));
            QVERIFY(!trusted.empty());
        }

        ScanResult result = scan({input});
        QCOMPARE(result.summary.filesFailed, uint64_t(0));
        QStringList actual;
        for (const Alert &a : result.alerts)
            if (!trusted.contains(a.addedAccount))
                actual << canonical(expectationKeys(a));
        QVERIFY(sameLines(actual, expected));
    }

    void firingPathNamesTheValue()
    {
        ScanResult result = scan({dataPath(QStringLiteral("inputs/records.json"))});
        QCOMPARE(result.alerts.size(), size_t(1));
        QCOMPARE(QString::fromStdString(result.alerts[0].firingPath),
                 QStringLiteral("requestParameters.launchPermission.add.items[0].userId"));
    }
};

QTEST_GUILESS_MAIN(TestRule0236)
#include "tst_rule0236.moc"
