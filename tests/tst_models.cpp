// The alert model, its filter proxy and the allow-list model under
// QAbstractItemModelTester while batches stream in, filters change and rows sort.
#include "alert_filter.h"
#include "alert_model.h"
#include "allow_list.h"
#include "allow_list_model.h"
#include "alert_timeline.h"
#include "group_model.h"
#include "watchlist_csv.h"
#include "view_state.h"
#include "alert_format.h"
#include "alert_key.h"
#include "event_time.h"
#include "test_support.h"
#include "trust_list.h"
#include "utf8_pattern.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sharescope;
using namespace sharescope::session;

namespace {

Alert makeAlert(int i)
{
    Alert a;
    a.eventId = "evt-" + std::to_string(i);
    a.eventTime = "2024-03-" + std::to_string(10 + i % 5) + "T0" + std::to_string(i % 10) + ":00:00Z";
    a.eventName = i % 2 ? "ModifyImageAttribute" : "PutBucketPolicy";
    a.resourceType = i % 2 ? "AMI" : "S3Bucket";
    a.sharedResourceId = "res-" + std::to_string(i);
    a.addedAccount = i % 3 ? "444455556666" : "999988887777";
    a.actorAccountId = "111122223333";
    a.userAccount = "user" + std::to_string(i % 4);
    a.awsRegion = "us-east-1";
    if (i % 5 == 0)
        a.errorCode = "AccessDenied";
    a.location.record = static_cast<uint64_t>(i);
    return a;
}

// An extended-mode grant of `resource` to `grantee`.
Alert grantOf(const std::string &resource, const std::string &grantee, const std::string &time, int i)
{
    Alert a = makeAlert(i);
    a.extended = true;
    a.errorCode.reset();
    a.resourceType = "EBSSnapshot";
    a.eventName = "ModifySnapshotAttribute";
    a.sharedResourceId = resource;
    a.addedAccount = grantee;
    a.grantee = grantee;
    a.granteeKind = GranteeKind::Account;
    a.severity = Severity::Medium;
    a.eventTime = time;
    std::vector<Alert> one{a};
    finishEventAlerts(one, 0);  // parses the time, as the scanner does
    return one[0];
}

std::vector<Alert> batch(int from, int count)
{
    std::vector<Alert> out;
    for (int i = from; i < from + count; ++i)
        out.push_back(makeAlert(i));
    return out;
}

// The same, each alert its own event with its time parsed, as the scanner gives them.
std::vector<Alert> timedBatch(int from, int count)
{
    std::vector<Alert> out = batch(from, count);
    for (Alert &a : out) {
        std::vector<Alert> one{a};
        finishEventAlerts(one, 0);
        a = one[0];
    }
    return out;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void alertModelUnderTester()
    {
        AlertModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addFiles({QStringLiteral("/logs/a.json")});
        model.appendAlerts(batch(0, 10), 0);
        model.appendAlerts(batch(10, 5), 0);
        QCOMPARE(model.rowCount(), 15);
        QCOMPARE(model.data(model.index(4, AlertModel::columnOf(AlertField::AddedAccount))).toString(), QStringLiteral("444455556666"));
        QCOMPARE(model.data(model.index(3, AlertModel::columnOf(AlertField::AddedAccount))).toString(), QStringLiteral("999988887777"));
        QCOMPARE(model.data(model.index(0, AlertModel::columnOf(AlertField::ErrorCode))).toString(), QStringLiteral("AccessDenied"));
        QCOMPARE(model.data(model.index(1, AlertModel::columnOf(AlertField::ErrorCode))).toString(), QStringLiteral("success"));
        // Time sorts as time: the sort key is a number, not text.
        QCOMPARE(model.data(model.index(0, AlertModel::columnOf(AlertField::EventTime)), AlertModel::SortKeyRole).metaType().id(), QMetaType::LongLong);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void columnsAndJsonComeFromTheCatalogue()
    {
        // One definition of an alert: the model's columns are the catalogue's printed
        // fields, and a row copied as JSON is exactly what the command line prints.
        AlertModel model;
        QCOMPARE(model.columnCount(), AlertModel::fieldColumnCount() + AlertModel::ReviewColumnCount);
        int printed = 0;
        for (const FieldSpec &spec : kAlertFields) {
            if (spec.has(field_flags::Internal)) {
                QCOMPARE(AlertModel::columnOf(spec.field), -1);
                continue;
            }
            ++printed;
            QCOMPARE(model.headerData(AlertModel::columnOf(spec.field), Qt::Horizontal).toString(), QString::fromLatin1(spec.title));
        }
        QCOMPARE(AlertModel::fieldColumnCount(), printed);

        Alert a = makeAlert(3);
        a.extended = true;
        a.severity = Severity::High;
        a.granteeKind = GranteeKind::Public;
        a.isPublic = true;
        a.addedAccount = "*";
        a.grantee = "*";
        a.access = {"s3:GetObject", "s3:ListBucket"};
        a.conditions = {"StringEquals aws:SourceVpce vpce-1"};
        a.statementId = "sid-7";
        a.cannotEvaluate = "";
        a.actorArn = "arn:aws:iam::111122223333:user/u";
        a.userAgent = "agent";
        a.firingPath = "requestParameters.bucketPolicy.Statement[0].Principal";
        a.orgLimits = {"o-aaaa111111"};
        std::vector<Alert> one{a};
        finishEventAlerts(one, 0);
        const std::string cli = alertToJson(one[0], "");
        model.appendAlerts(std::move(one), 0);
        QCOMPARE(model.rowJson(0).toStdString(), cli);
        const QJsonObject o = QJsonDocument::fromJson(model.rowJson(0)).object();
        for (const FieldSpec &spec : kAlertFields) {
            const bool omitted = spec.has(field_flags::OmitWhenEmpty) && fieldValue(a, spec.field).kind == FieldValue::Kind::Null;
            QCOMPARE(o.contains(QString::fromLatin1(spec.key)), !spec.has(field_flags::Internal) && !omitted);
        }
        QCOMPARE(model.alertKey(0).toStdString(), alertKeyText(a));
        QCOMPARE(model.data(model.index(0, AlertModel::columnOf(AlertField::Access))).toString(), QStringLiteral("s3:GetObject; s3:ListBucket"));
    }

    void rowJsonKeepsListsWhole()
    {
        AlertModel model;
        Alert a = makeAlert(2);
        a.extended = true;
        a.severity = Severity::Medium;
        a.granteeKind = GranteeKind::Account;
        a.conditions = {"aws:SourceArn = arn:aws:s3:::a; b", "aws:SourceAccount = 444455556666"};
        a.access = {"s3:GetObject"};
        std::vector<Alert> one{a};
        model.appendAlerts(std::move(one), 0);
        const QJsonObject o = QJsonDocument::fromJson(model.rowJson(0)).object();
        QCOMPARE(o[QStringLiteral("conditions")].toArray().size(), 2);
        QCOMPARE(o[QStringLiteral("conditions")].toArray()[0].toString(), QStringLiteral("aws:SourceArn = arn:aws:s3:::a; b"));
        QVERIFY(model.describe(0).contains(QStringLiteral("conditions: aws:SourceArn = arn:aws:s3:::a; b; aws:SourceAccount")));
    }

    void tooltipsNeverRenderLogTextAsRichText()
    {
        AlertModel model;
        Alert a = makeAlert(1);
        a.sharedResourceId = "<b>bold</b><img src=x>";
        std::vector<Alert> one{a};
        model.appendAlerts(std::move(one), 0);
        const QString tip = model.data(model.index(0, AlertModel::columnOf(AlertField::SharedResourceId)), Qt::ToolTipRole).toString();
        QVERIFY(tip.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;")));
        QVERIFY(!tip.contains(QStringLiteral("<b>")));
    }

    void invisibleCharactersAreShownVisibly()
    {
        // 1111<ZWSP>22223333 must not pass for the owner's account id in the table (issue 9).
        AlertModel model;
        Alert a = makeAlert(1);
        a.addedAccount = "1111\xe2\x80\x8b" "22223333";
        a.userAccount = "ops\xe2\x80\xae" "txt.exe";  // a right-to-left override
        std::vector<Alert> one{a};
        model.appendAlerts(std::move(one), 0);
        QCOMPARE(model.index(0, AlertModel::columnOf(AlertField::AddedAccount)).data().toString(), QStringLiteral("1111<U+200B>22223333"));
        QCOMPARE(model.index(0, AlertModel::columnOf(AlertField::UserAccount)).data().toString(), QStringLiteral("ops<U+202E>txt.exe"));
        // The exact value stays for copying as JSON.
        QVERIFY(model.rowJson(0).contains("1111\xe2\x80\x8b" "22223333"));
    }

    void usesJoinSharesWhicheverArrivesFirst()
    {
        // Issue 8: uses from one file and shares from another, in either order, give the same rows;
        // only the grantee's calls after the share count, and sorting by severity ranks a used
        // share above an unused one of the same severity.
        auto use = [](const std::string &snapshot, const std::string &account, const std::string &time, const std::string &id) {
            ResourceUse u;
            u.resourceType = "EBSSnapshot";
            u.resourceId = snapshot;
            u.account = account;
            u.time = time;
            u.timeMs = *parseEventTimeMs(time);
            u.eventName = "SharedSnapshotVolumeCreated";
            u.eventId = id;
            u.location.fileIndex = 1;
            return u;
        };
        auto uses = [&] {
            return std::vector<ResourceUse>{use("snap-1", "444455556666", "2024-05-02T00:00:00Z", "u1"),
                                            use("snap-1", "444455556666", "2024-05-03T00:00:00Z", "u2"),
                                            use("snap-1", "999988887777", "2024-05-04T00:00:00Z", "not-the-grantee"),
                                            use("snap-1", "444455556666", "2024-04-30T00:00:00Z", "before-the-share")};
        };
        auto shares = [&] {
            return std::vector<Alert>{grantOf("snap-2", "444455556666", "2024-05-01T00:00:00Z", 1),
                                      grantOf("snap-1", "444455556666", "2024-05-01T00:00:00Z", 2)};
        };
        for (bool usesFirst : {true, false}) {
            AlertModel model;
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.addFiles({QStringLiteral("shares.json"), QStringLiteral("uses.json")});
            QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
            if (usesFirst)
                model.addUses(uses(), 0);
            model.appendAlerts(shares(), 0);
            if (!usesFirst) {
                model.addUses(uses(), 0);
                QVERIFY(!changed.isEmpty());
            }
            int used = -1;
            for (int r = 0; r < model.rowCount(); ++r)
                if (model.text(r, AlertField::SharedResourceId) == QLatin1String("snap-1"))
                    used = r;
            QVERIFY(used >= 0);
            QCOMPARE(model.index(used, AlertModel::columnOf(AlertField::Uses)).data().toString(), QStringLiteral("2"));
            QCOMPARE(model.text(used, AlertField::UsedAt), QStringLiteral("2024-05-02T00:00:00Z"));
            const std::vector<const ResourceUse *> listed = model.usesOf(used, 10);
            QCOMPARE(listed.size(), size_t(2));
            QCOMPARE(listed[0]->eventId, std::string("u1"));
            QCOMPARE(model.filePath(listed[1]->location.fileIndex), QStringLiteral("uses.json"));
            QCOMPARE(model.index(1 - used, AlertModel::columnOf(AlertField::Uses)).data().toString(), QString());
            model.sort(AlertModel::columnOf(AlertField::Severity), Qt::DescendingOrder);
            QCOMPARE(model.text(0, AlertField::SharedResourceId), QStringLiteral("snap-1"));
            model.sort(AlertModel::columnOf(AlertField::Severity), Qt::AscendingOrder);
            QCOMPARE(model.text(0, AlertField::SharedResourceId), QStringLiteral("snap-2"));
        }
    }

    void aPatternOverManyDistinctStringsIsSplitAcrossCores()
    {
        // 150,000 alerts with distinct event ids: the pattern is matched over the pool in
        // parallel ranges (alert_filter.cpp matchPool); the rows it keeps are exactly those
        // a plain loop finds, for a pattern and for plain text.
        AlertModel model;
        AlertFilter filter;
        filter.setAlertModel(&model);
        AllowList allow;
        filter.setAllowList(&allow);
        model.appendAlerts(batch(0, 150000), 0);
        const QRegularExpression pattern(QStringLiteral("^evt-1\\d*7$"), QRegularExpression::CaseInsensitiveOption);
        int expected = 0, expectedText = 0;
        for (int i = 0; i < 150000; ++i) {
            const QString id = QStringLiteral("evt-%1").arg(i);
            expected += pattern.match(id).hasMatch();
            expectedText += id.contains(QStringLiteral("-12"));
        }
        QVERIFY(expected > 1000);
        filter.setText(pattern.pattern(), true);
        QCOMPARE(filter.rowCount(), expected);
        filter.setText(QStringLiteral("VT-12"), false);  // text ignores case
        QCOMPARE(filter.rowCount(), expectedText);
    }

    void aPatternOverUtf8AgreesWithQRegularExpression()
    {
        // The filter matches patterns over the pool's UTF-8 with PCRE2's 8-bit library;
        // it must say what QRegularExpression (case-insensitive, as the filter asks) says,
        // for non-ASCII case folding, classes, anchors, boundaries and look-arounds too.
        const QStringList patterns = {
            QStringLiteral("^10\\.1\\d\\."), QStringLiteral("éclair"), QStringLiteral("ÉCLAIR$"), QStringLiteral("\\bcat\\b"),
            QStringLiteral("^.{3}$"), QStringLiteral("[α-ω]+"), QStringLiteral("(?<!arn:)aws"), QStringLiteral("\\d{12}"),
            QStringLiteral("^$"), QStringLiteral("\\x{200B}"), QStringLiteral("straße"), QStringLiteral("a|b|c"),
        };
        const QStringList subjects = {
            QStringLiteral("10.12.0.1"), QStringLiteral("10.2.0.1"), QStringLiteral("Éclair"), QStringLiteral("un ÉCLAIR"),
            QStringLiteral("concatenate"), QStringLiteral("the cat sat"), QStringLiteral("日本語"), QStringLiteral("abc"),
            QStringLiteral("ΑΒΓ"), QStringLiteral("arn:aws:iam"), QStringLiteral("my aws"), QStringLiteral("111122223333"),
            QString(), QStringLiteral("1111\u200B2222"), QStringLiteral("STRASSE"), QStringLiteral("Straße"), QStringLiteral("xyz"),
        };
        int agreed = 0, matched = 0;
        for (const QString &p : patterns) {
            const QRegularExpression qt(p, QRegularExpression::CaseInsensitiveOption);
            QVERIFY2(qt.isValid(), qPrintable(p));
            Utf8Pattern pattern(p, true);
            QVERIFY2(pattern.isValid(), qPrintable(p));
            Utf8Pattern::Matcher matcher(pattern);
            for (const QString &s : subjects) {
                const QByteArray utf8 = s.toUtf8();
                const bool expected = qt.match(s).hasMatch();
                QVERIFY2(matcher.matches(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size()))) == expected,
                         qPrintable(p + QStringLiteral(" on ") + s));
                ++agreed;
                matched += expected;
            }
        }
        QCOMPARE(agreed, int(patterns.size() * subjects.size()));
        QVERIFY(matched > 15);  // not a table of misses
        // Case is only ignored when asked; a pattern PCRE2 refuses matches nothing.
        Utf8Pattern exact(QStringLiteral("éclair"), false);
        Utf8Pattern::Matcher exactMatcher(exact);
        QVERIFY(!exactMatcher.matches("ÉCLAIR"));
        QVERIFY(exactMatcher.matches("un éclair"));
        Utf8Pattern broken(QStringLiteral("(unclosed"), true);
        QVERIFY(!broken.isValid());
        Utf8Pattern::Matcher brokenMatcher(broken);
        QVERIFY(!brokenMatcher.matches("(unclosed"));
        // Bytes that are not UTF-8 are not a failure: the text around them still matches.
        Utf8Pattern account(QStringLiteral("2222"), true);
        Utf8Pattern::Matcher accountMatcher(account);
        QVERIFY(accountMatcher.matches(std::string_view("1111\xff" "2222", 9)));
    }

    void filterKeepsTheSelectionOnItsAlertsAndReviewsLeaveOneByOne()
    {
        // The filter is a proxy of its own (alert_filter_rows.cpp): a sort of the model and
        // a change of criteria keep the current index on its alert while it is shown; a
        // review that hides a row under "unreviewed only" removes that row alone, and many
        // at once come as one layout change. The visible rows are always exactly the model's
        // rows that pass, in the model's order.
        AlertModel model;
        AlertFilter filter;
        filter.setAlertModel(&model);
        AllowList allow;
        filter.setAllowList(&allow);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&filter);
        model.appendAlerts(timedBatch(0, 200), 0);
        auto eventAt = [&](const QModelIndex &i) { return model.text(filter.mapToSource(i).row(), AlertField::EventId); };
        auto exact = [&] {
            std::vector<int> expected, shown;
            for (int r = 0; r < model.rowCount(); ++r)
                if (filter.acceptsArrived(model.arrivalIndex(r)))
                    expected.push_back(r);
            for (int r = 0; r < filter.rowCount(); ++r)
                shown.push_back(filter.mapToSource(filter.index(r, 0)).row());
            return expected == shown;
        };
        selection.setCurrentIndex(filter.index(17, 2), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(eventAt(selection.currentIndex()), QStringLiteral("evt-17"));

        filter.sort(AlertModel::columnOf(AlertField::EventTime), Qt::DescendingOrder);
        QCOMPARE(eventAt(selection.currentIndex()), QStringLiteral("evt-17"));
        QCOMPARE(selection.currentIndex().column(), 2);
        QVERIFY(selection.currentIndex().row() != 17);  // the sort did move it
        QVERIFY(exact());
        filter.sort(AlertModel::columnOf(AlertField::AddedAccount), Qt::AscendingOrder);
        QCOMPARE(eventAt(selection.currentIndex()), QStringLiteral("evt-17"));
        QVERIFY(exact());

        filter.setText(QStringLiteral("evt-1"), false);  // keeps evt-17
        QCOMPARE(eventAt(selection.currentIndex()), QStringLiteral("evt-17"));
        QCOMPARE(filter.rowCount(), 111);  // evt-1, evt-10..19, evt-100..199
        QVERIFY(exact());
        filter.setText(QStringLiteral("evt-2"), false);  // hides it
        QVERIFY(!selection.currentIndex().isValid());
        QVERIFY(exact());
        filter.setText(QString(), false);
        QCOMPARE(filter.rowCount(), 200);

        // One review under "unreviewed only": that row leaves, alone, and comes back.
        filter.setUnreviewedOnly(true);
        QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&filter, &QAbstractItemModel::rowsInserted);
        QSignalSpy relaid(&filter, &QAbstractItemModel::layoutChanged);
        const int source = 42;
        const int shownAt = filter.mapFromSource(model.index(source, 0)).row();
        QVERIFY(shownAt >= 0);
        Review benign;
        benign.status = ReviewStatus::Benign;
        model.setReviews({source}, {benign});
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), shownAt);
        QCOMPARE(removed.at(0).at(2).toInt(), shownAt);
        QCOMPARE(relaid.count(), 0);
        QCOMPARE(filter.rowCount(), 199);
        QVERIFY(!filter.mapFromSource(model.index(source, 0)).isValid());
        QVERIFY(exact());
        model.setReviews({source}, {Review{}});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), shownAt);
        QCOMPARE(filter.mapFromSource(model.index(source, 0)).row(), shownAt);
        QVERIFY(exact());

        // Many at once: one layout change.
        QList<int> many;
        QVector<Review> decided;
        for (int r = 0; r < 150; ++r) {
            many << r;
            decided << benign;
        }
        removed.clear();
        model.setReviews(many, decided);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(relaid.count(), 1);
        QCOMPARE(filter.rowCount(), 50);
        QVERIFY(exact());
        // Rows that arrive while it is on are decided as they come.
        model.appendAlerts(timedBatch(200, 10), 0);
        QCOMPARE(filter.rowCount(), 60);
        QVERIFY(exact());
    }

    void stringPoolInternsByContent()
    {
        // 300,000 strings: the table grows many times; each text keeps its one id, its bytes
        // and its QString, and a text never interned is not found.
        StringPool pool;
        std::vector<quint32> ids;
        for (int i = 0; i < 300000; ++i)
            ids.push_back(pool.intern(std::string_view("value-" + std::to_string(i))));
        QCOMPARE(pool.size(), 300001);
        for (int i = 0; i < 300000; i += 997) {
            const std::string text = "value-" + std::to_string(i);
            QCOMPARE(pool.intern(std::string_view(text)), ids[static_cast<size_t>(i)]);
            QCOMPARE(pool.find(QString::fromStdString(text)), ids[static_cast<size_t>(i)]);
            QCOMPARE(pool.utf8(ids[static_cast<size_t>(i)]), std::string_view(text));
            QCOMPARE(pool.at(ids[static_cast<size_t>(i)]), QString::fromStdString(text));
        }
        QCOMPARE(pool.size(), 300001);
        QCOMPARE(pool.find(QStringLiteral("value-300000")), 0u);
        QCOMPARE(pool.find(QString()), 0u);
        // The empty text is a value of its own, not "absent".
        QVERIFY(pool.intern(std::string_view()) != 0);
        // Non-ASCII text is folded for the text filter as Qt lower-cases it; ASCII as bytes.
        const quint32 name = pool.intern(QStringLiteral("\u00C9TAT-Bucket"));
        QCOMPARE(pool.find(std::string_view("\xC3\x89TAT-Bucket")), name);
        std::vector<char> matches;
        pool.markContaining(QStringLiteral("\u00E9tat-b"), matches);
        QCOMPARE(std::count(matches.begin(), matches.end(), 1), 1);
        QCOMPARE(matches[name], 1);
        // ASCII capitals are folded too: the needle and the text meet in lower case.
        const quint32 snapshot = pool.intern(std::string_view("Snap-0ABC"));
        pool.markContaining(QStringLiteral("snap-0abc"), matches);
        QCOMPARE(std::count(matches.begin(), matches.end(), 1), 1);
        QCOMPARE(matches[snapshot], 1);
        pool.markContaining(QStringLiteral("E-29999"), matches);
        QCOMPARE(std::count(matches.begin(), matches.end(), 1), 11);  // 29999 and 299990..299999
        pool.clear();
        QCOMPARE(pool.size(), 1);
        QCOMPARE(pool.find(QStringLiteral("value-1")), 0u);
    }

    void filterUnderTester()
    {
        AlertModel model;
        AlertFilter filter;
        filter.setAlertModel(&model);
        AllowList allow;
        filter.setAllowList(&allow);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.sort(AlertModel::columnOf(AlertField::EventTime), Qt::DescendingOrder);
        model.appendAlerts(batch(0, 30), 0);
        QCOMPARE(filter.rowCount(), 30);
        // Sorted by time, newest first.
        for (int r = 1; r < filter.rowCount(); ++r)
            QVERIFY(filter.index(r - 1, 0).data(AlertModel::SortKeyRole).toLongLong()
                    >= filter.index(r, 0).data(AlertModel::SortKeyRole).toLongLong());

        filter.setText(QStringLiteral("9999"), false);
        QCOMPARE(filter.rowCount(), 10);  // i % 3 == 0
        filter.setText(QStringLiteral("^user[12]$"), true);
        QCOMPARE(filter.rowCount(), 15);
        filter.setText(QStringLiteral("(unclosed"), true);
        QVERIFY(!filter.textIsValid());
        QCOMPARE(filter.rowCount(), 0);
        filter.setText(QString(), false);

        filter.setResult(AlertFilter::ResultFilter::Failed);
        QCOMPARE(filter.rowCount(), 6);
        filter.setResult(AlertFilter::ResultFilter::All);
        filter.setResourceType(QStringLiteral("AMI"));
        QCOMPARE(filter.rowCount(), 15);
        filter.setResourceType(QString());
        filter.setEventName(QStringLiteral("PutBucketPolicy"));
        QCOMPARE(filter.rowCount(), 15);
        filter.setEventName(QString());

        filter.addValueFilter({AlertModel::columnOf(AlertField::UserAccount), QStringLiteral("user0"), false});
        QCOMPARE(filter.rowCount(), 8);
        filter.addValueFilter({AlertModel::columnOf(AlertField::AddedAccount), QStringLiteral("999988887777"), true});
        QCOMPARE(filter.rowCount(), 5);  // user0 rows: i = 0,4,...,28; of those i%3 != 0
        filter.clearValueFilters();

        // Trusting hides at once; "show trusted" greys instead of hiding.
        allow.add({QStringLiteral("444455556666"), QString(), QDateTime::currentDateTimeUtc()});
        QCOMPARE(filter.rowCount(), 10);
        QCOMPARE(filter.trustedCount(), 20);
        filter.setShowTrusted(true);
        QCOMPARE(filter.rowCount(), 30);
        int grey = 0;
        for (int r = 0; r < filter.rowCount(); ++r)
            grey += filter.index(r, 0).data(AlertFilter::TrustedRole).toBool();
        QCOMPARE(grey, 20);
        filter.setShowTrusted(false);
        // New rows for a trusted account arrive hidden.
        model.appendAlerts(batch(30, 3), 0);
        QCOMPARE(filter.rowCount(), 11);
        allow.remove(QStringLiteral("444455556666"));
        QCOMPARE(filter.rowCount(), 33);
    }

    void allowListModelCountsHits()
    {
        AlertModel alerts;
        AlertFilter filter;
        filter.setAlertModel(&alerts);
        AllowList allow;
        filter.setAllowList(&allow);
        AllowListModel model(&allow, &filter);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        alerts.appendAlerts(batch(0, 30), 0);
        allow.add({QStringLiteral("999988887777"), QStringLiteral("Vendor"), QDateTime::currentDateTimeUtc()});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, AllowListModel::Hides)).toInt(), 10);
        // An edited label is asked for, not applied: the window makes it an undoable change.
        QSignalSpy edits(&model, &AllowListModel::editRequested);
        QVERIFY(model.setData(model.index(0, AllowListModel::Label), QStringLiteral("Backup vendor")));
        QCOMPARE(edits.size(), 1);
        QCOMPARE(edits[0][3].toString(), QStringLiteral("Backup vendor"));
    }

    void groupsByAccountStreamReviewAndTrust()
    {
        AlertModel alerts;
        AlertFilter filter;
        filter.setAlertModel(&alerts);
        AllowList allow;
        filter.setAllowList(&allow);
        GroupModel groups(&filter);
        QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&groups, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&groups, &QAbstractItemModel::dataChanged);
        alerts.sort(AlertModel::columnOf(AlertField::EventTime), Qt::DescendingOrder);  // display rows are not arrival rows
        alerts.appendAlerts(timedBatch(0, 10), 0);
        alerts.appendAlerts(timedBatch(10, 5), 0);
        Alert known = timedBatch(15, 1)[0];
        known.addedAccount = "034638983726";  // AWS's own (CloudTrail), from resources/known_aws_accounts
        alerts.appendAlerts({known}, 0);
        QCOMPARE(groups.rowCount(), 3);
        QCOMPARE(inserted.size(), 2);  // the second batch brought no new account; the third did

        auto cell = [&](int row, GroupModel::Column c) { return groups.index(row, groups.sectionOf(c)).data(); };
        const int vendor = groups.rowOfKey(alerts.pool().find(QStringLiteral("999988887777")));
        const int other = groups.rowOfKey(alerts.pool().find(QStringLiteral("444455556666")));
        const int aws = groups.rowOfKey(alerts.pool().find(QStringLiteral("034638983726")));
        QVERIFY(vendor >= 0 && other >= 0 && aws >= 0);
        QCOMPARE(cell(vendor, GroupModel::Column::Key).toString(), QStringLiteral("999988887777"));
        QCOMPARE(cell(vendor, GroupModel::Column::Alerts).toInt(), 5);   // i = 0, 3, 6, 9, 12
        QCOMPARE(cell(other, GroupModel::Column::Alerts).toInt(), 10);
        QCOMPARE(cell(vendor, GroupModel::Column::FirstSeen).toString(), QStringLiteral("2024-03-10 00:00:00"));  // i = 0
        QCOMPARE(cell(vendor, GroupModel::Column::LastSeen).toString(), QStringLiteral("2024-03-14 09:00:00"));   // i = 9
        QCOMPARE(cell(vendor, GroupModel::Column::Resources).toInt(), 5);
        QCOMPARE(cell(vendor, GroupModel::Column::Actions).toString(), QStringLiteral("PutBucketPolicy, ModifyImageAttribute"));
        QCOMPARE(cell(aws, GroupModel::Column::KnownAs).toString(), QStringLiteral("CloudTrail"));
        QCOMPARE(cell(vendor, GroupModel::Column::KnownAs).toString(), QString());
        QCOMPARE(cell(vendor, GroupModel::Column::Reviewed).toInt(), 0);
        QCOMPARE(cell(vendor, GroupModel::Column::Trusted).toString(), QStringLiteral("no"));
        QCOMPARE(groups.index(vendor, groups.sectionOf(GroupModel::Column::FirstSeen)).data(GroupModel::SortKeyRole).metaType().id(), QMetaType::LongLong);

        // Reviews reach the group through the model's dataChanged: two benign, then one back in review.
        QList<int> vendorRows;
        for (int r = 0; r < alerts.rowCount(); ++r)
            if (alerts.text(r, AlertField::AddedAccount) == QLatin1String("999988887777"))
                vendorRows << r;
        Review benign;
        benign.status = ReviewStatus::Benign;
        changed.clear();
        alerts.setReviews(vendorRows.mid(0, 2), {benign, benign});
        QCOMPARE(cell(vendor, GroupModel::Column::Reviewed).toInt(), 2);
        QCOMPARE(cell(other, GroupModel::Column::Reviewed).toInt(), 0);
        QCOMPARE(changed.size(), 1);
        Review inReview;
        inReview.status = ReviewStatus::InReview;  // not a decision
        alerts.setReviews({vendorRows[0]}, {inReview});
        QCOMPARE(cell(vendor, GroupModel::Column::Reviewed).toInt(), 1);

        // Trust flips the flag of that group alone.
        changed.clear();
        allow.add({QStringLiteral("999988887777"), QString(), QDateTime::currentDateTimeUtc()});
        QCOMPARE(cell(vendor, GroupModel::Column::Trusted).toString(), QStringLiteral("yes"));
        QCOMPARE(cell(other, GroupModel::Column::Trusted).toString(), QStringLiteral("no"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>().row(), vendor);
        allow.remove(QStringLiteral("999988887777"));
        QCOMPARE(cell(vendor, GroupModel::Column::Trusted).toString(), QStringLiteral("no"));

        // More alerts for a known account: counted in, no new row.
        inserted.clear();
        alerts.appendAlerts(timedBatch(16, 3), 0);  // i = 18 is the vendor's
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(cell(vendor, GroupModel::Column::Alerts).toInt(), 6);
        QCOMPARE(cell(vendor, GroupModel::Column::Reviewed).toInt(), 1);

        // Another grouping: every actor is the one account here (no ARN).
        groups.setGroupBy(GroupBy::Actor);
        QCOMPARE(groups.rowCount(), 1);
        QCOMPARE(cell(0, GroupModel::Column::Key).toString(), QStringLiteral("111122223333"));
        QCOMPARE(cell(0, GroupModel::Column::Alerts).toInt(), alerts.rowCount());
        QCOMPARE(cell(0, GroupModel::Column::Accounts).toInt(), 3);
        QCOMPARE(groups.sectionOf(GroupModel::Column::Trusted), -1);
        alerts.clear();
        QCOMPARE(groups.rowCount(), 0);
    }

    void groupsByResourceReachNetOfRevocations()
    {
        AlertModel alerts;
        AlertFilter filter;
        filter.setAlertModel(&alerts);
        GroupModel groups(&filter);
        groups.setGroupBy(GroupBy::Resource);
        QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<Alert> in;
        in.push_back(grantOf("snap-1", "111111111111", "2024-03-10T00:00:00Z", 1));  // stands
        in.push_back(grantOf("snap-1", "222222222222", "2024-03-10T01:00:00Z", 2));
        in.back().revokedAt = "2024-03-11T00:00:00Z";                                  // revoked later
        in.push_back(grantOf("snap-1", "333333333333", "2024-03-10T02:00:00Z", 3));
        in.back().errorCode = "AccessDenied";                                          // never granted
        in.push_back(grantOf("snap-1", "444444444444", "2024-03-10T03:00:00Z", 4));
        in.back().revokedAt = "2024-03-11T00:00:00Z";
        in.push_back(grantOf("snap-1", "444444444444", "2024-03-12T03:00:00Z", 5));  // granted again after
        in.push_back(grantOf("snap-2", "222222222222", "2024-03-10T00:00:00Z", 6));
        alerts.appendAlerts(std::move(in), 0);
        QCOMPARE(groups.rowCount(), 2);
        const int snap1 = groups.rowOfKey(alerts.pool().find(QStringLiteral("snap-1")));
        const QModelIndex reach = groups.index(snap1, groups.sectionOf(GroupModel::Column::CanStillReach));
        QCOMPARE(groups.canStillReach(snap1), (QStringList{QStringLiteral("111111111111"), QStringLiteral("444444444444")}));
        QCOMPARE(reach.data(GroupModel::SortKeyRole).toInt(), 2);
        QCOMPARE(reach.data().toString(), QStringLiteral("2: 111111111111, 444444444444"));
        QCOMPARE(groups.index(snap1, groups.sectionOf(GroupModel::Column::Accounts)).data().toInt(), 4);
        QCOMPARE(groups.index(snap1, groups.sectionOf(GroupModel::Column::Alerts)).data().toInt(), 5);
        QCOMPARE(groups.index(snap1, groups.sectionOf(GroupModel::Column::ResourceType)).data().toString(), QStringLiteral("EBSSnapshot"));

        // A revocation read after the grants (another file) takes the last grantee away.
        QSignalSpy changed(&groups, &QAbstractItemModel::dataChanged);
        std::vector<TimedRevocation> revoked{{Revocation::ofGrantee("EBSSnapshot", "snap-1", "111111111111"), "2024-03-13T00:00:00Z"}};
        alerts.addRevocations(std::move(revoked));
        QCOMPARE(groups.canStillReach(snap1), QStringList{QStringLiteral("444444444444")});
        QVERIFY(!changed.isEmpty());
        const int snap2 = groups.rowOfKey(alerts.pool().find(QStringLiteral("snap-2")));
        QCOMPARE(groups.canStillReach(snap2), QStringList{QStringLiteral("222222222222")});

        // Counted as the rows streamed in, or built from all of them at once: the same groups.
        for (GroupBy by : {GroupBy::Resource, GroupBy::Account, GroupBy::Actor}) {
            GroupModel whole(&filter);  // built from every row at once
            whole.setGroupBy(by);
            AlertModel again;
            AlertFilter againFilter;
            againFilter.setAlertModel(&again);
            GroupModel streamed(&againFilter);
            streamed.setGroupBy(by);
            for (int i = 0; i < alerts.rowCount(); ++i)
                again.appendAlerts({alerts.alertAt(i)}, 0);  // one batch each: the incremental road
            QCOMPARE(streamed.rowCount(), whole.rowCount());
            for (int r = 0; r < whole.rowCount(); ++r) {
                const int other = streamed.rowOfKey(again.pool().find(whole.keyText(r)));
                QVERIFY(other >= 0);
                for (int c = 0; c < whole.columnCount(); ++c)
                    QCOMPARE(streamed.index(other, c).data().toString(), whole.index(r, c).data().toString());
                QCOMPARE(streamed.canStillReach(other), whole.canStillReach(r));
            }
        }
    }

    // The timeline counts, per day here (the alerts span five days), what the table shows
    // without the timeline's own range; that range narrows the table and leaves the counts.
    void timelineCountsTheTableWithoutItsOwnRange()
    {
        AlertModel model;
        AlertFilter filter;
        filter.setAlertModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AlertTimeline timeline(&filter);
        timeline.setDelay(10);
        QSignalSpy changed(&timeline, &AlertTimeline::changed);
        std::vector<Alert> alerts = timedBatch(0, 50);
        for (size_t i = 0; i < alerts.size(); ++i)
            alerts[i].severity = i % 4 == 0 ? Severity::High : Severity::Medium;
        model.appendAlerts(std::vector<Alert>(alerts.begin(), alerts.begin() + 20), 0);
        model.appendAlerts(std::vector<Alert>(alerts.begin() + 20, alerts.end()), 0);
        QVERIFY(changed.wait(2000));
        QCOMPARE(changed.count(), 1);  // two batches, one count
        QCOMPARE(timeline.unit(), AlertTimeline::Unit::Day);
        QCOMPARE(timeline.bucketCount(), 5);
        QCOMPARE(timeline.bucketStart(0), QDateTime(QDate(2024, 3, 10), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        // Alert i happens on day 10 + i % 5: counted independently of the timeline.
        auto expected = [](int day, Severity s, bool onlyAccount999) {
            int n = 0;
            for (int i = 0; i < 50; ++i)
                n += 10 + i % 5 == day && (i % 4 == 0 ? Severity::High : Severity::Medium) == s && (!onlyAccount999 || i % 3 == 0);
            return n;
        };
        for (int b = 0; b < 5; ++b) {
            QCOMPARE(timeline.count(b, Severity::High), expected(10 + b, Severity::High, false));
            QCOMPARE(timeline.count(b, Severity::Medium), expected(10 + b, Severity::Medium, false));
            QCOMPARE(timeline.total(b), 10);
        }
        QCOMPARE(timeline.counted(), 50);
        QCOMPARE(timeline.maxTotal(), 10);

        // Another filter: the counts follow it.
        filter.setText(QStringLiteral("999988887777"), false);
        QVERIFY(changed.wait(2000));
        for (int b = 0; b < 5; ++b)
            QCOMPARE(timeline.total(b), expected(10 + b, Severity::High, true) + expected(10 + b, Severity::Medium, true));

        // Its own range: the table narrows to days 11 and 12; the timeline counts nothing again.
        changed.clear();
        QSignalSpy selection(&filter, &AlertFilter::timeSelectionChanged);
        filter.setTimeSelection(timeline.bucketStart(1), timeline.bucketEnd(2));
        QCOMPARE(selection.count(), 1);
        int inRange = 0;
        for (int i = 0; i < 50; ++i)
            inRange += i % 3 == 0 && (i % 5 == 1 || i % 5 == 2);
        QCOMPARE(filter.rowCount(), inRange);
        for (int r = 0; r < filter.rowCount(); ++r) {
            const QString day = filter.index(r, AlertModel::columnOf(AlertField::EventTime)).data().toString().left(10);
            QVERIFY2(day == QLatin1String("2024-03-11") || day == QLatin1String("2024-03-12"), qPrintable(day));
        }
        QVERIFY(!changed.wait(200));
        QCOMPARE(timeline.total(0), expected(10, Severity::High, true) + expected(10, Severity::Medium, true));

        // An alert without a readable time is outside every range, and said apart.
        model.appendAlerts(batch(200, 1), 0);
        QVERIFY(changed.wait(2000));
        QCOMPARE(filter.rowCount(), inRange);
        filter.setText(QString(), false);
        QVERIFY(changed.wait(2000));
        QCOMPARE(timeline.untimed(), 1);
        QCOMPARE(timeline.counted(), 50);
        filter.clearTimeSelection();
        QCOMPARE(filter.rowCount(), 51);

        // Off screen it counts nothing; shown again it catches up.
        changed.clear();
        timeline.setActive(false);
        filter.setMinimumSeverity(Severity::High);
        QVERIFY(!changed.wait(200));
        timeline.setActive(true);
        QVERIFY(changed.wait(2000));
        QCOMPARE(timeline.counted(), 13);  // i % 4 == 0 for i < 50
    }

    void timelineUnitsFollowTheSpan()
    {
        constexpr qint64 day = 24 * 3600 * 1000;
        QCOMPARE(AlertTimeline::unitFor(3 * day), AlertTimeline::Unit::Hour);
        QCOMPARE(AlertTimeline::unitFor(10 * day), AlertTimeline::Unit::Day);
        QCOMPARE(AlertTimeline::unitFor(200 * day), AlertTimeline::Unit::Week);
        const qint64 thursday = QDateTime(QDate(2024, 3, 14), QTime(12, 34), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(AlertTimeline::floorTo(AlertTimeline::Unit::Week, thursday), QDateTime(QDate(2024, 3, 11), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(AlertTimeline::floorTo(AlertTimeline::Unit::Day, thursday), QDateTime(QDate(2024, 3, 14), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(AlertTimeline::floorTo(AlertTimeline::Unit::Hour, thursday), QDateTime(QDate(2024, 3, 14), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
        const qint64 before1970 = QDateTime(QDate(1969, 12, 31), QTime(23, 30), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(AlertTimeline::floorTo(AlertTimeline::Unit::Day, before1970), QDateTime(QDate(1969, 12, 31), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(AlertTimeline::floorTo(AlertTimeline::Unit::Week, before1970), QDateTime(QDate(1969, 12, 29), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    }

    // The view a case keeps: read off the filter, written as JSON, read back and set on
    // another filter over the same alerts, it shows the same rows in the same order.
    void viewStateRoundTripsThroughJson()
    {
        AlertModel model;
        AlertFilter filter;
        filter.setAlertModel(&model);
        model.appendAlerts(timedBatch(0, 40), 0);
        filter.setText(QStringLiteral("44445555"), false);
        filter.setResult(AlertFilter::ResultFilter::Succeeded);
        filter.setEventName(QStringLiteral("ModifyImageAttribute"));
        filter.setTimeSelection(QDateTime(QDate(2024, 3, 11), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(),
                                QDateTime(QDate(2024, 3, 13), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        filter.addValueFilter({AlertModel::columnOf(AlertField::UserAccount), QStringLiteral("user1"), true});
        filter.setGroupFilter(GroupBy::Resource, {model.pool().find(QStringLiteral("res-1")), model.pool().find(QStringLiteral("res-11")),
                                                  model.pool().find(QStringLiteral("res-21")), model.pool().find(QStringLiteral("res-7"))});
        filter.sort(AlertModel::columnOf(AlertField::SharedResourceId), Qt::DescendingOrder);
        const int shown = filter.rowCount();
        QStringList order;
        for (int r = 0; r < shown; ++r)
            order << filter.index(r, 0).data(AlertModel::AlertKeyRole).toString();
        QVERIFY(shown >= 1 && shown < 40);

        ViewState view = ViewState::of(filter);
        QCOMPARE(view.sortColumn, QStringLiteral("sharedResourceId"));
        QCOMPARE(view.groups.size(), 4);
        view.columns.push_back({QStringLiteral("note"), 120, false, 3});
        view.columns.push_back({QStringLiteral("noSuchColumn"), 50, true, 0});
        const std::optional<ViewState> back = ViewState::fromJson(view.toJson());
        QVERIFY(back);
        QVERIFY(*back == view);

        AlertModel model2;
        AlertFilter filter2;
        filter2.setAlertModel(&model2);
        model2.appendAlerts(timedBatch(0, 40), 0);
        QSignalSpy changed(&filter2, &AlertFilter::filtersChanged);
        back->applyTo(filter2);
        QCOMPARE(changed.count(), 1);  // one re-filter for the whole view
        filter2.sort(columnOfKey(back->sortColumn), back->sortOrder);
        QCOMPARE(filter2.rowCount(), shown);
        for (int r = 0; r < shown; ++r)
            QCOMPARE(filter2.index(r, 0).data(AlertModel::AlertKeyRole).toString(), order[r]);
        QCOMPARE(filter2.valueFilters().size(), 1);
        QCOMPARE(filter2.timeSelectionFrom(), filter.timeSelectionFrom());

        // What is not a view is refused whole.
        QVERIFY(!ViewState::fromJson("{ not json"));
        QVERIFY(!ViewState::fromJson("[1,2]"));
        QVERIFY(!ViewState::fromJson("{\"version\":2}"));
        QCOMPARE(columnOfKey(QStringLiteral("reviewStatus")), AlertModel::reviewColumn(AlertModel::StatusColumn));
        QCOMPARE(columnOfKey(QStringLiteral("noSuchColumn")), -1);
    }

    void groupFilterShowsOneGroupsAlerts()
    {
        AlertModel alerts;
        AlertFilter filter;
        filter.setAlertModel(&alerts);
        AllowList allow;
        filter.setAllowList(&allow);
        GroupModel groups(&filter);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        alerts.appendAlerts(batch(0, 30), 0);
        QSignalSpy filters(&filter, &AlertFilter::filtersChanged);
        const quint32 vendor = alerts.pool().find(QStringLiteral("999988887777"));
        filter.setGroupFilter(GroupBy::Account, {vendor});
        QCOMPARE(filter.rowCount(), 10);
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, AlertModel::columnOf(AlertField::AddedAccount)).data().toString(), QStringLiteral("999988887777"));
        QCOMPARE(filter.groupFilterTexts(), QStringList{QStringLiteral("999988887777")});
        QCOMPARE(filters.size(), 1);
        filter.setGroupFilter(GroupBy::Account, {vendor});  // the same: nothing to do
        QCOMPARE(filters.size(), 1);
        // It adds to the other filters, and the groups agree with it.
        filter.setResult(AlertFilter::ResultFilter::Failed);
        QCOMPARE(filter.rowCount(), 2);  // i = 0, 15
        filter.setResult(AlertFilter::ResultFilter::All);
        filter.setGroupFilter(GroupBy::Resource, {alerts.pool().find(QStringLiteral("res-4")), alerts.pool().find(QStringLiteral("res-5"))});
        QCOMPARE(filter.rowCount(), 2);
        filter.clearGroupFilter();
        QVERIFY(!filter.hasGroupFilter());
        QCOMPARE(filter.rowCount(), 30);
        // A rescan empties the pool: a stale choice must not filter the new alerts.
        filter.setGroupFilter(GroupBy::Account, {vendor});
        alerts.clear();
        alerts.appendAlerts(batch(0, 30), 0);
        QVERIFY(!filter.hasGroupFilter());
        QCOMPARE(filter.rowCount(), 30);
    }

    void anExpiredEntryHidesNothingAndSaysSo()
    {
        AlertModel alerts;
        AlertFilter filter;
        filter.setAlertModel(&alerts);
        AllowList allow;
        filter.setAllowList(&allow);
        AllowListModel model(&allow, &filter);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        alerts.appendAlerts(batch(0, 30), 0);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        AllowEntry vendor{QStringLiteral("999988887777"), QStringLiteral("Vendor"), now};
        vendor.expires = *AllowList::parseExpiry(now.date().addDays(-1).toString(Qt::ISODate));  // trusted through yesterday
        allow.add(vendor);
        QVERIFY(allow.entries()[0].isExpired());
        QCOMPARE(filter.rowCount(), 30);  // hides nothing
        QCOMPARE(model.index(0, AllowListModel::Hides).data().toInt(), 0);
        QVERIFY(model.index(0, AllowListModel::Expires).data().toString().endsWith(QStringLiteral("(expired)")));
        QVERIFY(model.index(0, AllowListModel::Account).data(AllowListModel::ExpiredRole).toBool());
        // Moved to tomorrow: it trusts again.
        QVERIFY(allow.setField(vendor.account, AllowField::Expires, *AllowList::parseExpiry(now.date().addDays(1).toString(Qt::ISODate))));
        QCOMPARE(filter.rowCount(), 20);
        QCOMPARE(model.index(0, AllowListModel::Hides).data().toInt(), 10);
        QCOMPARE(model.index(0, AllowListModel::Expires).data().toString(), now.date().addDays(1).toString(Qt::ISODate));
        // An edit is asked for as typed; text that is not a date is refused.
        QSignalSpy edits(&model, &AllowListModel::editRequested);
        QVERIFY(!model.setData(model.index(0, AllowListModel::Expires), QStringLiteral("next week")));
        QVERIFY(model.setData(model.index(0, AllowListModel::Expires), QString()));
        QCOMPARE(edits.size(), 1);
        QCOMPARE(edits[0][1].value<AllowField>(), AllowField::Expires);
        QVERIFY(!edits[0][3].toDateTime().isValid());  // never
        // The `--trusted` text keeps an expired entry as a comment only.
        QVERIFY(allow.setField(vendor.account, AllowField::Expires, vendor.expires));
        QVERIFY(TrustList::fromText(allow.toText().toStdString()).empty());
    }

    void watchlistRoundTrip()
    {
        AllowEntry a{QStringLiteral("999988887777"), QStringLiteral("Vendor, \"backup\""), QDateTime::currentDateTimeUtc()};
        a.justification = QStringLiteral("Ticket SEC-12, signed \"2024\"\nsecond line\r\nthird, with comma");
        a.owner = QStringLiteral("ana@example.com");
        a.expires = QDateTime(QDate(2030, 1, 2), QTime(0, 0), Qt::UTC);
        AllowEntry b{QStringLiteral("o-a1b2c3d4e5"), QString(), QDateTime::currentDateTimeUtc()};
        const QByteArray csv = watchlistCsv({a, b});
        QVERIFY(csv.startsWith("SearchKey,Label,Justification,Owner,Expires\r\n"));
        WatchlistRead read;
        QString error;
        QVERIFY2(readWatchlistCsv(csv, read, &error), qPrintable(error));
        QCOMPARE(read.entries.size(), 2);
        QCOMPARE(read.entries[0].account, a.account);
        QCOMPARE(read.entries[0].label, a.label);
        QCOMPARE(read.entries[0].justification, a.justification);
        QCOMPARE(read.entries[0].owner, a.owner);
        QCOMPARE(read.entries[0].expires, a.expires);
        QCOMPARE(read.entries[1].account, b.account);
        QVERIFY(!read.entries[1].expires.isValid());
        QVERIFY(read.refused.isEmpty());

        // Any CSV with a SearchKey column, whatever else it has and in any order; a date trusts through that day.
        QVERIFY(readWatchlistCsv("\xEF\xBB\xBFNotes,searchkey,Expires\nx,111122223333,2030-01-01\ny,not-an-id,\n,,\n", read, &error));
        QCOMPARE(read.entries.size(), 1);
        QCOMPARE(read.entries[0].account, QStringLiteral("111122223333"));
        QCOMPARE(read.entries[0].expires, QDateTime(QDate(2030, 1, 2), QTime(0, 0), Qt::UTC));
        QCOMPARE(read.refused.size(), 1);
        QVERIFY(read.refused[0].startsWith(QStringLiteral("line 3:")));
        QVERIFY(!readWatchlistCsv("Account\n111122223333\n", read, &error));
        QVERIFY(error.contains(QStringLiteral("SearchKey")));
        QVERIFY(!readWatchlistCsv("SearchKey,Label\n111122223333,\"never ends\n", read, &error));
        QVERIFY(error.contains(QStringLiteral("line 2")));
    }

    void unreadableAllowListIsKeptAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("allowlist.json"));
        QFile bad(path);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ \"trusted\": [ broken");
        bad.close();
        AllowList list;
        QString error;
        QVERIFY(!list.load(path, &error));
        QVERIFY(error.contains(QStringLiteral("could not be read")));
        // The analyst's file is not overwritten by the next change: it was moved aside, whole.
        const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("allowlist.json.unreadable-*")});
        QCOMPARE(aside.size(), 1);
        QFile kept(dir.filePath(aside[0]));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("{ \"trusted\": [ broken"));
        list.add({QStringLiteral("222233334444"), QString(), QDateTime::currentDateTimeUtc()});
        AllowList again;
        QVERIFY(again.load(path));
        QCOMPARE(again.entries().size(), 1);
    }

    void allowListValidation()
    {
        QVERIFY(AllowList::validate(QStringLiteral("012345678901")).isEmpty());
        QVERIFY(AllowList::validate(QStringLiteral("*")).isEmpty());
        QVERIFY(AllowList::validate(QStringLiteral("o-a1b2c3d4e5")).isEmpty());
        QVERIFY(AllowList::validate(QStringLiteral("ou-ab12-11111111")).isEmpty());
        QVERIFY(!AllowList::validate(QStringLiteral("o-x")).isEmpty());
        QVERIFY(AllowList::validate(QStringLiteral("12345")).contains(QStringLiteral("12 digits")));
        QVERIFY(!AllowList::validate(QStringLiteral("arn:aws:iam::1:root")).isEmpty());
        QVERIFY(!AllowList::validate(QString()).isEmpty());
    }

    void allowListPersistsAtomicallyAndRoundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/allowlist.json"));
        {
            AllowList list;
            QVERIFY(list.load(path));
            list.add({QStringLiteral("222233334444"), QStringLiteral("Vendor \"backup\""), QDateTime::currentDateTimeUtc()});
            list.add({QStringLiteral("012345678901"), QString(), QDateTime::currentDateTimeUtc()});
        }
        AllowList again;
        QVERIFY(again.load(path));
        QCOMPARE(again.entries().size(), 2);
        QCOMPARE(again.entries()[0].label, QStringLiteral("Vendor \"backup\""));
        QVERIFY(again.entries()[0].added.isValid());

        // The text export is the `--trusted` format: the engine reads back the same ids.
        QVector<AllowEntry> parsed;
        QVERIFY(AllowList::parse(again.toText(), parsed, nullptr));
        QCOMPARE(parsed.size(), 2);
        QCOMPARE(parsed[1].account, QStringLiteral("012345678901"));
        QVERIFY(AllowList::parse(again.toJson(), parsed, nullptr));
        QCOMPARE(parsed[0].label, QStringLiteral("Vendor \"backup\""));
        QString error;
        QVERIFY(!AllowList::parse("{ not json", parsed, &error));
        QVERIFY(!error.isEmpty());

        // Two lists joined with `cat`: the second one's byte order mark is not part of its
        // first id, and the list reads back the same once saved as JSON (found by fuzz_allow_list).
        QVERIFY(AllowList::parse("111122223333\n\xEF\xBB\xBF" "444455556666 # vendor\n", parsed, nullptr));
        QCOMPARE(parsed.size(), 2);
        QCOMPARE(parsed[1].account, QStringLiteral("444455556666"));
        AllowList joined;
        joined.replaceAll(parsed);
        QVector<AllowEntry> back;
        QVERIFY(AllowList::parse(joined.toJson(), back, nullptr));
        QCOMPARE(back.size(), 2);
        QCOMPARE(back[1].account, parsed[1].account);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
