// Real public CloudTrail data from ../shared/datasets (skipped when it is absent):
// the detonations that share resources must each be found, with the right grantee.
#include "test_support.h"

#include <QDir>
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
