// The real MainWindow driven with QTest clicks and keys, offscreen: open the
// sample, compare with `sharescope scan`, filter, read an event, trust, undo,
// restart, and stop a long scan while the window keeps answering.
#include "alert_filter.h"
#include "alert_model.h"
#include "allow_list.h"
#include "allow_list_model.h"
#include "allow_list_panel.h"
#include "event_view.h"
#include "filter_bar.h"
#include "group_model.h"
#include "group_panel.h"
#include "investigation.h"
#include "lake_query_dialog.h"
#include "main_window.h"
#include "elided_label.h"
#include "start_page.h"
#include "test_support.h"
#include "time_range_dialog.h"
#include "alert_timeline.h"
#include "timeline_view.h"
#include "trust_bar.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScopeGuard>
#include <QTreeWidgetItemIterator>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeWidget>
#include <QToolButton>
#include <QToolTip>
#include <QtTest>

using namespace sharescope;
using namespace sharescope::session;
using namespace sharescope::gui;

namespace {

QList<QJsonObject> cliAlerts(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("jsonl"), path});
    p.waitForFinished(60000);
    QList<QJsonObject> out;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
        if (!line.isEmpty())
            out << QJsonDocument::fromJson(line).object();
    return out;
}

// Rows in the view whose added-account cell is `account`.
int rowsFor(const MainWindow &w, const QString &account)
{
    int n = 0;
    QAbstractItemModel *m = w.alertView()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        n += m->index(r, AlertModel::columnOf(AlertField::AddedAccount)).data().toString() == account;
    return n;
}

void clickRow(QTableView *view, int row)
{
    const QRect rect = view->visualRect(view->model()->index(row, AlertModel::columnOf(AlertField::EventName)));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

// Answers the next modal dialog of type T (a file dialog, a question) as a user would,
// once it is up; `answer` runs on it. The watch ends with `owner` (the window under test).
template <typename T>
void whenDialogOpens(QObject *owner, std::function<void(T *)> answer)
{
    auto *timer = new QTimer(owner);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, answer] {
        if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            answer(dialog);
        }
    });
    timer->start();
}

int statusCount(const MainWindow &w, const QString &status)
{
    int n = 0;
    QAbstractItemModel *m = w.alertView()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        n += m->index(r, AlertModel::reviewColumn(AlertModel::StatusColumn)).data().toString() == status;
    return n;
}

// `count` made-up alerts of a busy organisation trail: shares of snapshots with a few
// hundred accounts over a year, every second one raised by rule 0236 too.
std::vector<Alert> manyAlerts(int count)
{
    std::vector<Alert> out(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        Alert &a = out[static_cast<size_t>(i)];
        a.eventId = QStringLiteral("%1-0000-4000-8000-000000000000").arg(i, 8, 16, QLatin1Char('0')).toStdString();
        a.eventTime = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i * 97).toString(Qt::ISODate).toStdString();
        a.eventName = "ModifySnapshotAttribute";
        a.eventSource = "ec2.amazonaws.com";
        a.awsRegion = "eu-west-1";
        a.resourceType = "EBSSnapshot";
        a.sharedResourceId = QStringLiteral("snap-%1").arg(i, 17, 16, QLatin1Char('0')).toStdString();
        a.addedAccount = QString::number(100000000000LL + i % 400).toStdString();
        a.actorAccountId = "111122223333";
        a.extended = true;
        a.granteeKind = GranteeKind::Account;
        a.grantee = a.addedAccount;
        a.severity = Severity::Medium;
        a.sentinel = i % 2 == 0;
    }
    finishEventAlerts(out, 0);
    return out;
}

// Saves a picture of `w` under the build folder, for a human to look at, once the window has
// laid out what changed (a text's new width is laid out on the next turn of the event loop).
bool saveRender(QWidget &w, const QString &name)
{
    QTest::qWait(50);
    return w.grab().save(QStringLiteral(SHARESCOPE_BUILD_DIR "/") + name);
}

// Writes `bytes` to `path`; returns the path.
QString writeText(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

QString keyAt(const MainWindow &w, int viewRow)
{
    return w.alertView()->model()->index(viewRow, 0).data(AlertModel::AlertKeyRole).toString();
}

// Opens a case in the window and waits for its alerts, which are read on a thread of
// their own: until then the window says it is opening the case.
bool openCaseAndWait(MainWindow &w, const QString &path)
{
    QSignalSpy loaded(w.investigation(), &session::Investigation::caseLoaded);
    if (!w.openCase(path))
        return false;
    if (loaded.count() == 0 && !w.statusBar()->currentMessage().startsWith(QStringLiteral("Opening"))) {
        qWarning() << "the status bar says" << w.statusBar()->currentMessage();
        return false;
    }
    return loaded.count() > 0 || loaded.wait(60000);
}

// Types a path into a file dialog's name field and presses Enter, as a user does.
void typeFileName(QFileDialog *d, const QString &path)
{
    auto *edit = d->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    QVERIFY(edit);
    edit->setText(path);
    QTest::keyClick(edit, Qt::Key_Return);
}

} // namespace

class TestGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_home;
    QString allowPath() const { return m_home.filePath(QStringLiteral("allowlist.json")); }

    bool openSampleAndWait(MainWindow &w)
    {
        // Window shortcuts need an active window, as on a desktop.
        w.activateWindow();
        if (!QTest::qWaitForWindowActive(&w))
            return false;
        QSignalSpy done(&w, &MainWindow::scanFinished);
        QTest::mouseClick(w.startPage()->sampleButton(), Qt::LeftButton);
        return done.wait(30000);
    }

private slots:
    // File ▸ Query a Data Lake… (issue 10): typed accounts and dates reach the query,
    // a refused value says why and cannot be copied, Copy puts the query on the
    // clipboard, and the results the engine returned open like any logs.
    void queryADataLakeAndOpenItsResults()
    {
        MainWindow w;
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        bool answered = false;
        const QString results = QStringLiteral(SHARESCOPE_TEST_DATA "/lake/unload-sample.json");
        whenDialogOpens<LakeQueryDialog>(&w, [&](LakeQueryDialog *d) {
            auto *query = d->findChild<QPlainTextEdit *>(QStringLiteral("query"));
            auto *accounts = d->findChild<QLineEdit *>(QStringLiteral("accounts"));
            auto *engine = d->findChild<QComboBox *>(QStringLiteral("engine"));
            auto *copy = d->findChild<QPushButton *>(QStringLiteral("copy"));
            auto *problem = d->findChild<QLabel *>(QStringLiteral("problem"));
            QVERIFY(query && accounts && engine && copy && problem);
            QVERIFY(query->toPlainText().startsWith(QStringLiteral("UNLOAD (")));
            accounts->setFocus();
            QTest::keyClicks(accounts, QStringLiteral("111122223333"));
            QVERIFY(query->toPlainText().contains(QStringLiteral("recipientaccountid IN ('111122223333')")));
            QTest::mouseClick(d->findChild<QCheckBox *>(QStringLiteral("fromEnabled")), Qt::LeftButton);
            QVERIFY(query->toPlainText().contains(QStringLiteral("eventtime >= '")));
            engine->setFocus();
            QTest::keyClick(engine, Qt::Key_End);  // Microsoft Sentinel: rule 0236 itself
            auto *watchlist = d->findChild<QLineEdit *>(QStringLiteral("watchlist"));
            QVERIFY(watchlist && watchlist->isEnabled() && !accounts->isEnabled());
            QVERIFY(query->toPlainText().contains(QStringLiteral("let TrustedAccounts = dynamic([]);")));
            watchlist->setFocus();
            QTest::keyClicks(watchlist, QStringLiteral("TrustedAWS"));
            QVERIFY(query->toPlainText().contains(QStringLiteral("let TrustedAccounts = _GetWatchlist(\"TrustedAWS\") | project SearchKey;")));
            QTest::keyClicks(watchlist, QStringLiteral("'); evil"));
            QVERIFY(problem->isVisible() && !copy->isEnabled());
            watchlist->clear();
            engine->setFocus();
            QTest::keyClick(engine, Qt::Key_Up);  // Microsoft Sentinel (KQL): the candidate events
            QVERIFY(!watchlist->isEnabled() && accounts->isEnabled());
            QVERIFY(query->toPlainText().startsWith(QStringLiteral("AWSCloudTrail\n| where TimeGenerated between")));
            QVERIFY(query->toPlainText().contains(QStringLiteral("RecipientAccountId in (\"111122223333\")")));
            // A value the generator refuses: the reason instead of a query, nothing to copy.
            QTest::keyClicks(accounts, QStringLiteral("\") | take 1"));
            QVERIFY(problem->isVisible());
            QVERIFY(problem->text().contains(QStringLiteral("not an AWS account id")));
            QVERIFY(!copy->isEnabled());
            QVERIFY(d->queryText().isEmpty());
            accounts->selectAll();
            QTest::keyClicks(accounts, QStringLiteral("111122223333"));
            QVERIFY(copy->isEnabled());
            QTest::mouseClick(copy, Qt::LeftButton);
            QCOMPARE(QApplication::clipboard()->text(), d->queryText());
            QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("EventName in~ (")));
            d->grab().save(QStringLiteral(SHARESCOPE_BUILD_DIR "/lake-query-dialog.png"));
            whenDialogOpens<QFileDialog>(d, [results](QFileDialog *f) { typeFileName(f, results); });
            QTest::mouseClick(d->findChild<QPushButton *>(QStringLiteral("openResults")), Qt::LeftButton);
            answered = true;
        });
        QSignalSpy done(&w, &MainWindow::scanFinished);
        QTest::keyClick(&w, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(answered);
        QVERIFY(done.count() > 0 || done.wait(30000));
        QCOMPARE(w.alertModel()->rowCount(), 2);
        QStringList accountsShown;
        for (int r = 0; r < w.alertModel()->rowCount(); ++r)
            accountsShown << w.alertModel()->index(r, 0).data(AlertModel::AlertKeyRole).toString();
        QVERIFY(accountsShown.join(' ').contains(QStringLiteral("444455556666")));
        QVERIFY(accountsShown.join(' ').contains(QStringLiteral("777788889999")));
        // The event pane shows the row as the engine wrote it: Athena's lower-case columns.
        w.alertView()->setFocus();
        w.alertView()->selectRow(0);
        QTRY_VERIFY(w.eventView()->textView()->toPlainText().contains(QStringLiteral("\"eventname\"")));
        QVERIFY(w.eventView()->textView()->toPlainText().contains(QStringLiteral("\"requestparameters\"")));
    }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setApplicationName(QStringLiteral("ShareScopeTest"));
        QApplication::setOrganizationName(QStringLiteral("ShareScopeTest"));
        QFile::remove(allowPath());
        QSettings().clear();  // start from a first run: default layout, no recent files
    }

    void sampleMatchesCommandLine()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openSampleAndWait(w));
        const QList<QJsonObject> alerts = cliAlerts(MainWindow::samplesDir());
        const int cli = int(alerts.size());
        QVERIFY(cli > 5);
        // The window and the command line agree on the comparison with rule 0236 and on revocations.
        int sentinel = 0, revoked = 0;
        for (const QJsonObject &a : alerts) {
            sentinel += a[QStringLiteral("sentinel")].toBool();
            revoked += !a[QStringLiteral("revokedAt")].isNull();
        }
        QVERIFY(sentinel > 0 && sentinel < cli);
        QVERIFY(revoked > 0);
        QVERIFY2(w.sentinelSummaryLabel()->text().startsWith(QStringLiteral("rule 0236 would have raised %1 of these %2 alerts").arg(sentinel).arg(cli)),
                 qPrintable(w.sentinelSummaryLabel()->text()));
        QVERIFY2(w.sentinelSummaryLabel()->text().endsWith(QStringLiteral("; 1 alert it raises is not sharing")),  // one, not "1 alerts"
                 qPrintable(w.sentinelSummaryLabel()->text()));
        // At 1280x800 the status bar fits: nothing in it widens the window.
        w.resize(1280, 800);
        QTRY_COMPARE(w.width(), 1280);
        QVERIFY2(w.statusBar()->minimumSizeHint().width() <= 1280, qPrintable(QString::number(w.statusBar()->minimumSizeHint().width())));
        int revokedRows = 0;
        for (int r = 0; r < w.alertModel()->rowCount(); ++r)
            revokedRows += !w.alertModel()->index(r, AlertModel::columnOf(AlertField::RevokedAt)).data().toString().isEmpty();
        QCOMPARE(revokedRows, revoked);
        QCOMPARE(w.alertModel()->rowCount(), cli);
        QCOMPARE(w.alertView()->model()->rowCount(), cli);
        QVERIFY2(w.countsLabel()->text().startsWith(QStringLiteral("%1 alerts shown").arg(cli)), qPrintable(w.countsLabel()->text()));
        QVERIFY2(w.countsLabel()->text().contains(QStringLiteral("0 of %1 reviewed").arg(cli)), qPrintable(w.countsLabel()->text()));
        QCOMPARE(w.countsLabel()->textFormat(), Qt::PlainText);
        // Nothing is wrong with the sample: the two files not read are named, not counted, and the panel stays shut.
        QCOMPARE(w.problemsView()->rowCount(), 2);
        QStringList notRead;
        for (int r = 0; r < 2; ++r)
            notRead << QFileInfo(w.problemsView()->item(r, 0)->text()).fileName() + QStringLiteral(": ") + w.problemsView()->item(r, 1)->text();
        notRead.sort();
        QCOMPARE(notRead, QStringList({QStringLiteral("111122223333_CloudTrail-Digest_us-east-1_acme-org-trail_us-east-1_20240314T171207Z.json.gz: Not read: CloudTrail digest file"),
                                       QStringLiteral("EXPECTED.md: Not read: not a log file name")}));
        QVERIFY(!w.problemsDock()->isVisible());
        QVERIFY(w.problemCountLabel()->text().isEmpty());
        // Render the window so that a human can look at it (and the README keeps a current picture).
        w.alertView()->selectRow(2);
        QSignalSpy loaded(w.eventView(), &EventView::loaded);
        loaded.wait(5000);
        QVERIFY(saveRender(w, QStringLiteral("screenshot.png")));
    }

    // At 1280x800 the status bar holds what a big investigation shows: counts in the hundreds
    // of thousands, a time range, a problem count, the rule 0236 sentence and a scan summary
    // with big figures. Nothing widens the window; a text that does not fit is cut with "…"
    // and whole in its tooltip; no label overlaps another or leaves the bar.
    void statusBarHoldsLongFiguresAt1280()
    {
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        TimeRange year;
        year.fromMs = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        year.toMs = QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59), Qt::UTC).toMSecsSinceEpoch();
        w.investigation()->setTimeRange(year);
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/bad/invalid.json"), QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/records.json")});
        QVERIFY(done.wait(10000));
        w.alertModel()->appendAlerts(manyAlerts(200000), 0);
        // The summary such a scan ends with, through the scan's own signal.
        ScanSummary big;
        big.filesRead = 183456;
        big.filesSkipped = 2345;
        big.filesFailed = 1;
        big.events = 987654321;
        big.seconds = 123.45;
        big.filesOutsideRange = 12345;
        big.eventsOutsideRange = 4567890;
        big.sentinelOnly = 23456;
        emit w.scanController()->finished(w.scanController()->currentJob(), big);
        QTRY_VERIFY(w.progressLabel()->text().contains(QLocale().toString(987654321)));
        QTest::qWait(50);  // the bar lays out its new texts

        const QLocale locale;
        QVERIFY2(w.countsLabel()->text().startsWith(QStringLiteral("%1 alerts shown").arg(locale.toString(200001))), qPrintable(w.countsLabel()->text()));
        QVERIFY(w.sentinelSummaryLabel()->text().startsWith(QStringLiteral("rule 0236 would have raised %1 of these %2 alerts")
                                                                .arg(locale.toString(100000 + 1), locale.toString(200001))));
        QVERIFY(w.sentinelSummaryLabel()->text().endsWith(QStringLiteral("%1 alerts it raises are not sharing").arg(locale.toString(23456))));
        QCOMPARE(w.timeRangeLabel()->text(), QStringLiteral("Time range: 2024-01-01 00:00:00 – 2024-12-31 23:59:59 UTC"));
        QCOMPARE(w.problemCountLabel()->text(), QStringLiteral("1 file with problems"));
        QCOMPARE(w.width(), 1280);
        QVERIFY2(w.statusBar()->minimumSizeHint().width() <= 1280, qPrintable(QString::number(w.statusBar()->minimumSizeHint().width())));
        const QList<ElidedLabel *> labels = {w.countsLabel(), w.sentinelSummaryLabel(), w.timeRangeLabel(), w.problemCountLabel(), w.progressLabel()};
        auto inBar = [&w](const QWidget *label) { return QRect(label->mapTo(w.statusBar(), QPoint(0, 0)), label->size()); };
        QStringList cut;
        for (ElidedLabel *label : labels) {
            QVERIFY2(label->isVisible(), qPrintable(label->text()));
            const QRect r = inBar(label);
            QVERIFY2(r.left() >= 0 && r.right() < w.statusBar()->width(), qPrintable(label->text()));
            QVERIFY2(r.width() >= label->fontMetrics().horizontalAdvance(QStringLiteral("0000000")), qPrintable(label->text()));  // never squeezed to nothing
            for (ElidedLabel *other : labels)
                QVERIFY2(other == label || !r.intersects(inBar(other)), qPrintable(label->text() + QStringLiteral(" / ") + other->text()));
            QCOMPARE(label->textFormat(), Qt::PlainText);
            if (label->isElided()) {
                cut << label->text();
                QVERIFY(label->shownText().endsWith(QChar(0x2026)));
                QVERIFY2(label->tipText().contains(label->text().toHtmlEscaped()), qPrintable(label->tipText()));
            }
        }
        QVERIFY2(!cut.isEmpty(), "all of it fits: the test shows nothing");  // these figures do not fit at 1280 px
        // What the analyst reads first stays whole; the sentence and the summary give way.
        QVERIFY(!w.countsLabel()->isElided());
        QVERIFY(!w.timeRangeLabel()->isElided());
        QVERIFY(!w.problemCountLabel()->isElided());
        // The tooltip a hover shows is the whole text, as plain text.
        QTest::mouseMove(w.sentinelSummaryLabel());
        QHelpEvent hover(QEvent::ToolTip, QPoint(5, 5), w.sentinelSummaryLabel()->mapToGlobal(QPoint(5, 5)));
        QApplication::sendEvent(w.sentinelSummaryLabel(), &hover);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(w.sentinelSummaryLabel()->text()), qPrintable(QToolTip::text()));
        QToolTip::hideText();
        // However long the texts, the bar itself asks for little: the window is narrowed by its table and docks, not by it.
        QVERIFY2(w.statusBar()->minimumSizeHint().width() < 640, qPrintable(QString::number(w.statusBar()->minimumSizeHint().width())));
        QVERIFY(w.statusBar()->grab().save(QStringLiteral(SHARESCOPE_BUILD_DIR "/status-bar.png")));
    }

    // Ctrl+T shows a message in the status bar, which hides its texts; the counts grow under
    // it: when the message goes, they are laid out at their new width, whole.
    void statusTextsComeBackWholeAfterAMessage()
    {
        QFile::remove(allowPath());
        // The trust below must not outlive this test, even when a check fails.
        const auto forgetTrust = qScopeGuard([path = allowPath()] { QFile::remove(path); });
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        QVERIFY(openSampleAndWait(w));
        QTest::keyClick(w.alertView(), Qt::Key_H, Qt::ControlModifier);  // trusted alerts shown, greyed
        clickRow(w.alertView(), 0);
        QTest::keyClick(w.alertView(), Qt::Key_T, Qt::ControlModifier);
        QTest::qWait(50);
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Trusted ")));
        // Counted in words: "1 alert … brings it back", "3 alerts … brings them back", never "alert(s)".
        static const QRegularExpression said(QStringLiteral("^Trusted \\S+: (1 alert hidden\\. Ctrl\\+Z brings it back|(?!1 )\\d[\\d,]* alerts hidden\\. Ctrl\\+Z brings them back)\\.$"));
        QVERIFY2(said.match(w.statusBar()->currentMessage()).hasMatch(), qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(!w.countsLabel()->isVisible());
        QVERIFY(w.countsLabel()->text().contains(QStringLiteral("trusted, greyed")));
        // While the message is up, Ctrl+H again: "… hidden by the allow-list", a longer text.
        QTest::keyClick(w.alertView(), Qt::Key_H, Qt::ControlModifier);
        QVERIFY(w.countsLabel()->text().contains(QStringLiteral("hidden by the allow-list")));
        QTest::qWait(50);
        QVERIFY(!w.statusBar()->currentMessage().isEmpty());
        QVERIFY(w.countsLabel()->sizeHint().width() > w.countsLabel()->width());  // not laid out while hidden
        w.statusBar()->clearMessage();  // as its time running out does
        QTRY_VERIFY(w.countsLabel()->isVisible());
        // Laid out again once shown (later under a sanitizer's slower run: waited for, not slept).
        QTRY_VERIFY2(!w.countsLabel()->isElided(), qPrintable(w.countsLabel()->shownText()));
        QTRY_VERIFY(!w.sentinelSummaryLabel()->isElided());
    }

    void darkPaletteStaysReadable()
    {
        // No hard-coded colours: under a dark palette every colour comes from that palette.
        const QPalette original = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
        dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x1c));
        dark.setColor(QPalette::AlternateBase, QColor(0x24, 0x24, 0x2a));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Button, QColor(0x2c, 0x2c, 0x32));
        dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Link, QColor(0x7a, 0xb8, 0xff));
        dark.setColor(QPalette::LinkVisited, QColor(0xd0, 0x9c, 0xff));
        QApplication::setPalette(dark);
        {
            MainWindow w(allowPath());
            w.show();
            QVERIFY(openSampleAndWait(w));
            w.alertView()->selectRow(1);
            QSignalSpy loaded(w.eventView(), &EventView::loaded);
            loaded.wait(5000);
            QTest::qWait(50);  // laid out, as saveRender() does
            const QImage shot = w.grab().toImage();
            QVERIFY(shot.save(QStringLiteral(SHARESCOPE_BUILD_DIR "/screenshot-dark.png")));
            // The JSON text's background is dark and its keys are light: no white boxes, no dark-on-dark.
            QPlainTextEdit *text = w.eventView()->textView();
            const QColor base = text->viewport()->palette().color(QPalette::Base);
            QVERIFY(base.lightness() < 60);
            const QTextBlock first = text->document()->findBlockByNumber(1);
            const QList<QTextLayout::FormatRange> formats = first.layout()->formats();
            QVERIFY(!formats.isEmpty());
            QVERIFY(qAbs(formats.first().format.foreground().color().lightness() - base.lightness()) > 80);
        }
        QApplication::setPalette(original);
    }

    void sentinelModeMatchesTheCommandLine()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        const int extended = w.alertModel()->rowCount();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(done.wait(10000));
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--mode"), QStringLiteral("sentinel"),
                                                   QStringLiteral("--format"), QStringLiteral("jsonl"), MainWindow::samplesDir()});
        QVERIFY(p.waitForFinished(60000));
        const int cli = int(p.readAllStandardOutput().count('\n'));
        QCOMPARE(w.alertModel()->rowCount(), cli);
        QVERIFY(cli != extended);
        QVERIFY(w.alertModel()->index(0, AlertModel::columnOf(AlertField::Severity)).data().toString().isEmpty());
        QVERIFY(w.sentinelSummaryLabel()->text().isEmpty());
    }

    void windowAndCommandLineAgreeOnTrust_data()
    {
        QTest::addColumn<bool>("sentinelMode");
        QTest::newRow("extended") << false;
        QTest::newRow("rule 0236") << true;
    }

    void windowAndCommandLineAgreeOnTrust()
    {
        // Trust is decided by one rule in the engine: with organisations (one of two an
        // account is limited to, and a whole one), an OU, a canonical user and an account
        // trusted, the window shows exactly the alerts `sharescope scan --trusted` prints.
        QFETCH(bool, sentinelMode);
        const QString fixture = test::dataPath(QStringLiteral("trust/trust_scopes.json"));
        const QString trustedFile = test::dataPath(QStringLiteral("trust/allow-list.txt"));
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("allow.json")));
        QFile text(trustedFile);
        QVERIFY(text.open(QIODevice::ReadOnly));
        QVector<AllowEntry> entries;
        QString error;
        QVERIFY2(AllowList::parse(text.readAll(), entries, &error), qPrintable(error));
        QCOMPARE(entries.size(), 5);
        w.allowList()->replaceAll(entries);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({fixture});
        QVERIFY(done.wait(10000));
        if (sentinelMode) {  // rule 0236 only: the window rescans
            QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY(done.wait(10000));
        }
        QStringList shown;
        QAbstractItemModel *view = w.alertView()->model();
        for (int r = 0; r < view->rowCount(); ++r)
            shown << view->index(r, 0).data(AlertModel::AlertKeyRole).toString();
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--mode"),
                                                   sentinelMode ? QStringLiteral("sentinel") : QStringLiteral("extended"),
                                                   QStringLiteral("--trusted"), trustedFile, QStringLiteral("--format"), QStringLiteral("jsonl"), fixture});
        QVERIFY(p.waitForFinished(60000));
        QStringList printed;
        for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
            if (!line.isEmpty())
                printed << QJsonDocument::fromJson(line).object()[QStringLiteral("alertKey")].toString();
        shown.sort();
        printed.sort();
        QVERIFY(!printed.isEmpty());
        QCOMPARE(shown, printed);
        QCOMPARE(w.alertModel()->rowCount() - w.alertFilter()->trustedCount(), printed.size());

        // Every entry says how many loaded alerts it hides, whatever kind of value it is.
        QAbstractItemModel *list = w.allowListPanel()->view()->model();
        auto hidesByEntry = [list] {
            QHash<QString, int> counts;
            for (int r = 0; r < list->rowCount(); ++r)
                counts[list->index(r, AllowListModel::Account).data().toString()] = list->index(r, AllowListModel::Hides).data().toInt();
            return counts;
        };
        auto total = [&] {
            int sum = 0;
            for (int c : hidesByEntry())
                sum += c;
            return sum;
        };
        QTRY_COMPARE(total(), w.alertFilter()->trustedCount());  // recounted shortly after rows arrive
        const QHash<QString, int> counts = hidesByEntry();
        if (sentinelMode) {
            QCOMPARE(counts.value(QStringLiteral("777788889999")), 2);
        } else {
            QCOMPARE(counts.value(QStringLiteral("o-bbbb222222")), 2);   // shared-reports (o-aaaa or o-bbbb) and partner-feed (o-bbbb)
            QCOMPARE(counts.value(QStringLiteral("o-cccc333333")), 1);   // org-drop: the organisation itself
            QCOMPARE(counts.value(QStringLiteral("ou-ab12-cdefgh12")), 1);
            QCOMPARE(counts.value(QStringLiteral("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")), 1);
            QCOMPARE(counts.value(QStringLiteral("777788889999")), 2);
        }
    }

    void triageByKeysAndReopenTheCase()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("incident-42.sharescope"));
        QString malicious;
        int total = 0;
        {
            MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
            w.show();
            QVERIFY(openSampleAndWait(w));
            QTableView *view = w.alertView();
            total = view->model()->rowCount();
            QVERIFY(total >= 6);
            clickRow(view, 0);
            const QString second = keyAt(w, 1);
            QTest::keyClick(view, Qt::Key_B);  // benign, and on to the next alert without a decision
            QCOMPARE(view->model()->index(0, AlertModel::reviewColumn(AlertModel::StatusColumn)).data().toString(), QStringLiteral("Benign"));
            QCOMPARE(keyAt(w, view->currentIndex().row()), second);
            malicious = second;
            QTest::keyClick(view, Qt::Key_M);
            QCOMPARE(view->currentIndex().row(), 2);
            // Two rows at once: click, shift-click, one key.
            clickRow(view, 2);
            const QRect third = view->visualRect(view->model()->index(3, AlertModel::columnOf(AlertField::EventName)));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, third.center());
            QTest::keyClick(view, Qt::Key_S);
            QCOMPARE(statusCount(w, QStringLiteral("Suspicious")), 2);
            QCOMPARE(view->currentIndex().row(), 4);
            QVERIFY2(w.countsLabel()->text().contains(QStringLiteral("4 of %1 reviewed").arg(total)), qPrintable(w.countsLabel()->text()));
            // A note, typed into the dialog N opens.
            whenDialogOpens<QInputDialog>(&w, [](QInputDialog *d) {
                d->setTextValue(QStringLiteral("snapshot copied by the partner on Friday"));
                d->accept();
            });
            clickRow(view, 1);
            QTest::keyClick(view, Qt::Key_N);
            QCOMPARE(view->model()->index(1, AlertModel::reviewColumn(AlertModel::NoteColumn)).data().toString(),
                     QStringLiteral("snapshot copied by the partner on Friday"));
            // Unreviewed only: what is left to do.
            QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());  // back from the dialog
            QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(view->model()->rowCount(), total - 4);
            QCOMPARE(statusCount(w, QStringLiteral("New")), total - 4);
            QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(view->model()->rowCount(), total);

            // Export what is shown, with the decisions: JSON lines through the export dialog.
            const QString exported = dir.filePath(QStringLiteral("handover.jsonl"));
            w.filterBar()->severityBox()->setCurrentIndex(1);  // high only
            const int highRows = view->model()->rowCount();
            const int decidedHigh = highRows - statusCount(w, QStringLiteral("New"));
            QVERIFY(decidedHigh >= 1);  // the malicious CreateRole
            whenDialogOpens<QFileDialog>(&w, [exported](QFileDialog *d) { typeFileName(d, exported); });
            QTest::keyClick(&w, Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier);
            QFile out(exported);
            QTRY_VERIFY(out.exists());
            QVERIFY(out.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = out.readAll().split('\n');
            QCOMPARE(lines.size() - 1, highRows);
            int decided = 0;
            for (int r = 0; r < highRows; ++r) {
                const QJsonObject o = QJsonDocument::fromJson(lines[r]).object();
                QCOMPARE(o[QStringLiteral("severity")].toString(), QStringLiteral("high"));
                QCOMPARE(o[QStringLiteral("alertKey")].toString(), keyAt(w, r));
                decided += o[QStringLiteral("reviewStatus")].toString() != QLatin1String("new");
                QVERIFY(o.contains(QStringLiteral("note")));
            }
            QCOMPARE(decided, decidedHigh);  // the decisions travel with the rows
            w.filterBar()->severityBox()->setCurrentIndex(0);
            QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());  // back from the dialog

            // Save Case As, through its dialog.
            whenDialogOpens<QFileDialog>(&w, [casePath](QFileDialog *d) {
                typeFileName(d, casePath);
            });
            QTest::keyClick(&w, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
            QTRY_VERIFY(QFile::exists(casePath));
            QVERIFY(w.windowTitle().startsWith(QStringLiteral("incident-42")));
        }
        // Another day, another window: Open Case finds every decision.
        MainWindow w(dir.filePath(QStringLiteral("allow2.json")), dir.filePath(QStringLiteral("cases")));
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        whenDialogOpens<QFileDialog>(&w, [casePath](QFileDialog *d) {
            typeFileName(d, casePath);
        });
        // A message instead (the case refused, or read-only) would stop the test: say what it says.
        auto message = std::make_shared<QString>();
        whenDialogOpens<QMessageBox>(&w, [message](QMessageBox *box) {
            *message = box->text();
            box->done(0);
        });
        QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier | Qt::AltModifier);
        QVERIFY2(message->isEmpty(), qPrintable(*message));
        QTRY_COMPARE(w.alertView()->model()->rowCount(), total);
        QCOMPARE(statusCount(w, QStringLiteral("Benign")), 1);
        QCOMPARE(statusCount(w, QStringLiteral("Malicious")), 1);
        QCOMPARE(statusCount(w, QStringLiteral("Suspicious")), 2);
        int row = 0;
        while (keyAt(w, row) != malicious)
            ++row;
        QCOMPARE(w.alertView()->model()->index(row, AlertModel::reviewColumn(AlertModel::NoteColumn)).data().toString(),
                 QStringLiteral("snapshot copied by the partner on Friday"));
        QVERIFY(w.investigation()->history(w.alertFilter()->mapToSource(w.alertFilter()->index(row, 0)).row()).size() >= 3);
    }

    void trustNeverActsOnARowTheAnalystDidNotChoose()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("allow.json")), dir.filePath(QStringLiteral("cases")));
        w.show();
        QVERIFY(openSampleAndWait(w));
        QTableView *view = w.alertView();
        const int accountColumn = AlertModel::columnOf(AlertField::AddedAccount);
        // A row below the top whose account is a plain account: after Ctrl+T the
        // selection is the next row that stays, where it was, not row 0.
        int row = -1;
        for (int r = 2; r < view->model()->rowCount() && row < 0; ++r) {
            const QString a = view->model()->index(r, accountColumn).data().toString();
            if (a.size() == 12 && a != view->model()->index(r - 1, accountColumn).data().toString())
                row = r;
        }
        QVERIFY(row > 0);
        const QString account = view->model()->index(row, accountColumn).data().toString();
        QString expected;
        for (int r = row + 1; r < view->model()->rowCount() && expected.isEmpty(); ++r)
            if (view->model()->index(r, accountColumn).data().toString() != account)
                expected = keyAt(w, r);
        QVERIFY(!expected.isEmpty());
        clickRow(view, row);
        QTest::keyClick(view, Qt::Key_T, Qt::ControlModifier);
        QVERIFY(w.allowList()->contains(account));
        QCOMPARE(keyAt(w, view->currentIndex().row()), expected);
        QVERIFY(view->currentIndex().row() > 0);

        // "Trust everyone?" answered Cancel: nothing trusted, and Ctrl+T still works at once.
        int publicRow = -1;
        for (int r = 0; r < view->model()->rowCount() && publicRow < 0; ++r)
            if (view->model()->index(r, accountColumn).data().toString() == QLatin1String("*"))
                publicRow = r;
        QVERIFY(publicRow >= 0);
        clickRow(view, publicRow);
        whenDialogOpens<QMessageBox>(&w, [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
        QTest::keyClick(view, Qt::Key_T, Qt::ControlModifier);
        QVERIFY(!w.allowList()->contains(QStringLiteral("*")));
        QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());  // the window has its keys back
        QCOMPARE(view->currentIndex().row(), publicRow);  // and the row stays where the analyst left it
        int other = -1;
        for (int r = 0; r < view->model()->rowCount() && other < 0; ++r) {
            const QString a = view->model()->index(r, accountColumn).data().toString();
            if (a.size() == 12 && !w.allowList()->contains(a))
                other = r;
        }
        QVERIFY(other >= 0);
        const QString second = view->model()->index(other, accountColumn).data().toString();
        clickRow(view, other);
        QTest::keyClick(view, Qt::Key_T, Qt::ControlModifier);
        QVERIFY(w.allowList()->contains(second));
    }

    void typingFiltersTheTable()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        const int total = w.alertView()->model()->rowCount();
        const int attacker = rowsFor(w, QStringLiteral("999988887777"));
        QVERIFY(attacker > 0 && attacker < total);
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(w.filterBar()->textField()->hasFocus());
        // The selected alert is not the attacker's: once filtered out, its event leaves the pane too.
        int other = 0;
        while (w.alertView()->model()->index(other, AlertModel::columnOf(AlertField::AddedAccount)).data().toString() == QLatin1String("999988887777"))
            ++other;
        clickRow(w.alertView(), other);
        QTRY_VERIFY(!w.eventView()->summary().isEmpty());
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTest::keyClicks(w.filterBar()->textField(), QStringLiteral("999988887777"));
        QTRY_COMPARE(w.alertView()->model()->rowCount(), attacker);
        QVERIFY2(!w.alertView()->currentIndex().isValid() || w.eventView()->summary().contains(QStringLiteral("999988887777")),
                 qPrintable(w.eventView()->summary()));
        QVERIFY(w.alertView()->currentIndex().isValid() || w.eventView()->summary().isEmpty());
        // Regex mode.
        w.filterBar()->textField()->clear();
        QTest::mouseClick(w.filterBar()->regexBox(), Qt::LeftButton);
        const int everyone = rowsFor(w, QStringLiteral("*"));
        QVERIFY(everyone > 0);
        QTest::keyClicks(w.filterBar()->textField(), QStringLiteral("(["));  // not a pattern: no rows, and it says why
        QTRY_VERIFY(w.filterBar()->patternErrorLabel()->isVisible());
        QVERIFY2(w.filterBar()->patternErrorLabel()->text().startsWith(QStringLiteral("Invalid pattern: ")),
                 qPrintable(w.filterBar()->patternErrorLabel()->text()));
        QCOMPARE(w.alertView()->model()->rowCount(), 0);
        w.filterBar()->textField()->clear();
        QTRY_VERIFY(!w.filterBar()->patternErrorLabel()->isVisible());
        QTest::keyClicks(w.filterBar()->textField(), QStringLiteral("^(999988887777|\\*)$"));
        QTRY_COMPARE(w.alertView()->model()->rowCount(), attacker + everyone);
        w.filterBar()->textField()->clear();
        QTRY_COMPARE(w.alertView()->model()->rowCount(), total);
        // The severity filter: high only, then everything again.
        w.filterBar()->severityBox()->setCurrentIndex(1);
        QVERIFY(w.alertView()->model()->rowCount() > 0 && w.alertView()->model()->rowCount() < total);
        for (int r = 0; r < w.alertView()->model()->rowCount(); ++r)
            QCOMPARE(w.alertView()->model()->index(r, AlertModel::columnOf(AlertField::Severity)).data().toString(), QStringLiteral("high"));
        w.filterBar()->severityBox()->setCurrentIndex(0);
        QCOMPARE(w.alertView()->model()->rowCount(), total);
        // The result filter.
        w.filterBar()->resultBox()->setCurrentIndex(2);
        QVERIFY(w.alertView()->model()->rowCount() >= 1);
        for (int r = 0; r < w.alertView()->model()->rowCount(); ++r)
            QVERIFY(w.alertView()->model()->index(r, AlertModel::columnOf(AlertField::ErrorCode)).data().toString() != QStringLiteral("success"));
    }

    void selectingAnAlertShowsItsEvent()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        QTableView *view = w.alertView();
        QSignalSpy loaded(w.eventView(), &EventView::loaded);
        clickRow(view, 3);
        QVERIFY(loaded.wait(5000) || !w.eventView()->eventText().isEmpty());
        const int source = w.alertFilter()->mapToSource(view->currentIndex()).row();
        const QString eventId = w.alertModel()->text(source, AlertField::EventId);
        const QString added = w.alertModel()->text(source, AlertField::AddedAccount);
        QVERIFY(w.eventView()->eventText().contains(QStringLiteral("\"eventID\": \"%1\"").arg(eventId)));
        // The value that fired is highlighted: its line holds the added account (or the ARN it came from).
        const int line = w.eventView()->highlightedLine();
        QVERIFY(line >= 0);
        const QString text = w.eventView()->textView()->document()->findBlockByNumber(line).text();
        QVERIFY2(text.contains(added) || added == QStringLiteral("*"), qPrintable(text));
        QVERIFY(w.eventView()->treeView()->currentItem() != nullptr);
        // Keyboard navigation moves the event along.
        QTest::keyClick(view, Qt::Key_Down);
        QVERIFY(loaded.wait(5000));
        const int next = w.alertFilter()->mapToSource(view->currentIndex()).row();
        QVERIFY(w.eventView()->eventText().contains(w.alertModel()->text(next, AlertField::EventId)));
        // Copy event JSON.
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text(), w.eventView()->eventText());
    }

    void aVeryLargeEventIsShownWithoutBlockingTheWindow()
    {
        // Issue 9: one share in a 13 MB record (450,000 tag objects beside the grant). The
        // event pane shows the first 256 KB of its text and the first 10,000 values of its
        // tree, says so, and still copies the whole event; the window's event loop keeps
        // running while it is read and laid out (the longest pause is reported, not asserted).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("large.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray tags;
        for (int i = 0; i < 450000; ++i)
            tags += (i ? "," : "") + QByteArray("{\"key\":\"k") + QByteArray::number(i) + "\",\"value\":\"v\"}";
        f.write("{\"Records\":[{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\"111122223333\","
                "\"arn\":\"arn:aws:iam::111122223333:user/u\"},\"eventTime\":\"2024-06-01T10:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\","
                "\"eventName\":\"ModifyImageAttribute\",\"requestParameters\":{\"imageId\":\"ami-0large\",\"launchPermission\":{\"add\":"
                "{\"items\":[{\"userId\":\"444455556666\"}]}},\"tagSpecificationSet\":{\"items\":[" + tags + "]}},"
                "\"eventID\":\"e-large\",\"recipientAccountId\":\"111122223333\"}]}");
        f.close();
        QVERIFY2(QFileInfo(path).size() > 13000000, QByteArray::number(QFileInfo(path).size()).constData());

        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({path});
        QVERIFY(done.wait(20000));
        QCOMPARE(w.alertModel()->rowCount(), 1);
        // A timer ticking every 10 ms measures how long the event loop is held.
        QElapsedTimer sinceTick;
        qint64 longestPause = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, &ticker, [&] {
            longestPause = std::max(longestPause, sinceTick.restart());
        });
        QSignalSpy loaded(w.eventView(), &EventView::loaded);
        sinceTick.start();
        ticker.start();
        clickRow(w.alertView(), 0);
        QVERIFY(loaded.wait(30000));
        ticker.stop();
        qInfo("a 13 MB event: the event loop's longest pause while it was shown was %lld ms", qint64(longestPause));

        EventView *pane = w.eventView();
        QVERIFY(pane->textView()->toPlainText().size() <= EventView::kShownChars);
        QVERIFY(pane->eventText().size() > 13000000);  // the whole event, for Copy
        QVERIFY(pane->eventText().contains(QStringLiteral("\"k449999\"")));
        QVERIFY(pane->eventText().startsWith(pane->textView()->toPlainText()));
        int items = 0;
        for (QTreeWidgetItemIterator it(pane->treeView()); *it; ++it)
            ++items;
        QCOMPARE(items, int(PrettyEvent::kMaxValues));
        QLabel *notice = pane->findChild<QLabel *>(QStringLiteral("largeEventNotice"));
        QVERIFY(notice && notice->isVisible());
        QCOMPARE(notice->textFormat(), Qt::PlainText);
        QVERIFY2(pane->notice().startsWith(QStringLiteral("A very large event (")), qPrintable(pane->notice()));
        QVERIFY2(pane->notice().contains(QStringLiteral("the tree shows its first 10,000 values")), qPrintable(pane->notice()));
        // The grant is near the top: it is in the part shown, and highlighted.
        QVERIFY(pane->highlightedLine() >= 0);
        QVERIFY(pane->textView()->document()->findBlockByNumber(pane->highlightedLine()).text().contains(QStringLiteral("444455556666")));
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text().size(), pane->eventText().size());
    }

    void theUsesOfAShareAreShownAndOpened()
    {
        // Issue 8: a shared KMS key used twice by its grantee (once after the revocation) shows
        // "2" in the Uses column, ranks above unused shares of its severity, and the event pane
        // opens each use's own event and the share's again, by keys.
        MainWindow w(allowPath());
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/extended/share_uses.json")});
        QVERIFY(done.wait(10000));
        QTableView *view = w.alertView();
        QAbstractItemModel *shown = view->model();
        QCOMPARE(shown->rowCount(), 6);
        const int usesColumn = AlertModel::columnOf(AlertField::Uses);
        QVERIFY(!view->isColumnHidden(usesColumn));
        int keyRow = -1;
        for (int r = 0; r < shown->rowCount(); ++r)
            if (shown->index(r, AlertModel::columnOf(AlertField::ResourceType)).data().toString() == QLatin1String("KMSKey"))
                keyRow = r;
        QVERIFY(keyRow >= 0);
        QCOMPARE(shown->index(keyRow, usesColumn).data().toString(), QStringLiteral("2"));

        // Sorting by severity (a click on its header, twice for descending): among the medium
        // alerts, the one used after its revocation comes first.
        const int severityColumn = AlertModel::columnOf(AlertField::Severity);
        const QRect header = QRect(view->horizontalHeader()->sectionViewportPosition(severityColumn), 0,
                                   view->horizontalHeader()->sectionSize(severityColumn), view->horizontalHeader()->height());
        QTest::mouseClick(view->horizontalHeader()->viewport(), Qt::LeftButton, {}, header.center());
        if (view->horizontalHeader()->sortIndicatorOrder() != Qt::DescendingOrder)
            QTest::mouseClick(view->horizontalHeader()->viewport(), Qt::LeftButton, {}, header.center());
        QCOMPARE(view->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        int firstMedium = -1;
        for (int r = 0; r < shown->rowCount() && firstMedium < 0; ++r)
            if (shown->index(r, severityColumn).data().toString() == QLatin1String("medium"))
                firstMedium = r;
        QVERIFY(firstMedium >= 0);
        QCOMPARE(shown->index(firstMedium, AlertModel::columnOf(AlertField::ResourceType)).data().toString(), QStringLiteral("KMSKey"));

        QSignalSpy loaded(w.eventView(), &EventView::loaded);
        clickRow(view, firstMedium);
        QVERIFY(loaded.wait(5000));
        QVERIFY(w.eventView()->eventText().contains(QStringLiteral("e4290008-")));
        QComboBox *uses = w.eventView()->useChooser();
        QVERIFY(uses->isVisible());
        QCOMPARE(uses->count(), 3);  // the share, then its two uses in time order
        QVERIFY(uses->itemText(2).contains(QStringLiteral("GenerateDataKey by account 444455556666")));
        uses->setFocus();
        QTest::keyClick(uses, Qt::Key_Down);
        QTest::keyClick(uses, Qt::Key_Down);
        QVERIFY(loaded.wait(5000) || w.eventView()->eventText().contains(QStringLiteral("e4290012-")));
        QVERIFY(w.eventView()->eventText().contains(QStringLiteral("\"eventID\": \"e4290012-")));
        QVERIFY(w.eventView()->summary().startsWith(QStringLiteral("Use 2 of the share")));
        QTest::keyClick(uses, Qt::Key_Home);
        QVERIFY(loaded.wait(5000) || w.eventView()->eventText().contains(QStringLiteral("e4290008-")));
        QVERIFY(w.eventView()->eventText().contains(QStringLiteral("\"eventID\": \"e4290008-")));
        QVERIFY(w.eventView()->summary().contains(QStringLiteral("USED AFTER ITS REVOCATION")));
        // An alert whose share nobody used has no chooser.
        for (int r = 0; r < shown->rowCount(); ++r)
            if (shown->index(r, usesColumn).data().toString().isEmpty()) {
                clickRow(view, r);
                QVERIFY(!uses->isVisible());
            }
        QVERIFY(saveRender(w, QStringLiteral("share-uses.png")));  // in the build, not wherever the test runs
    }

    void policiesGivenAsTextAreShownParsed()
    {
        // A trust policy arrives as JSON text: the tree shows it parsed and selects the principal that fired.
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        QTableView *view = w.alertView();
        int row = 0;
        while (row < view->model()->rowCount() && view->model()->index(row, AlertModel::columnOf(AlertField::EventName)).data().toString() != QStringLiteral("UpdateAssumeRolePolicy"))
            ++row;
        QVERIFY(row < view->model()->rowCount());
        QSignalSpy loaded(w.eventView(), &EventView::loaded);
        clickRow(view, row);
        QVERIFY(loaded.wait(5000));
        QTreeWidgetItem *current = w.eventView()->treeView()->currentItem();
        QVERIFY(current);
        QCOMPARE(current->text(0), QStringLiteral("AWS"));
        QVERIFY(current->text(1).contains(view->model()->index(row, AlertModel::columnOf(AlertField::AddedAccount)).data().toString()));
        QVERIFY(current->parent() && current->parent()->parent());  // Principal, inside a parsed statement
        auto *tabs = w.eventView()->findChild<QTabWidget *>();
        tabs->setCurrentWidget(w.eventView()->treeView());
        QVERIFY(saveRender(w, QStringLiteral("screenshot-tree.png")));
    }

    void trustHidesUndoBringsBackAndPersists()
    {
        QFile::remove(allowPath());
        int vendorAlerts = 0;
        {
            MainWindow w(allowPath());
            w.show();
            QVERIFY(openSampleAndWait(w));
            const int total = w.alertView()->model()->rowCount();
            const QString vendor = QStringLiteral("222233334444");
            const int vendorRows = rowsFor(w, vendor);
            QVERIFY(vendorRows >= 2);
            vendorAlerts = vendorRows;
            int row = 0;
            while (w.alertView()->model()->index(row, AlertModel::columnOf(AlertField::AddedAccount)).data().toString() != vendor)
                ++row;
            clickRow(w.alertView(), row);
            QTest::keyClick(w.alertView(), Qt::Key_T, Qt::ControlModifier);
            QCOMPARE(rowsFor(w, vendor), 0);
            QCOMPARE(w.alertView()->model()->rowCount(), total - vendorRows);
            QVERIFY(w.countsLabel()->text().contains(QStringLiteral("%1 hidden by the allow-list").arg(vendorRows)));
            QVERIFY(w.trustBar()->isVisible());
            QVERIFY(w.trustBar()->message()->text().contains(vendor));

            QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier);  // undo
            QCOMPARE(rowsFor(w, vendor), vendorRows);
            QVERIFY(!w.allowList()->contains(vendor));
            QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo
            QCOMPARE(rowsFor(w, vendor), 0);

            // Show trusted: back, greyed.
            QTest::mouseClick(w.filterBar()->showTrustedBox(), Qt::LeftButton);
            QCOMPARE(rowsFor(w, vendor), vendorRows);
            QTest::mouseClick(w.filterBar()->showTrustedBox(), Qt::LeftButton);

            // Trust again through the strip's label field.
            QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier);
            row = 0;
            while (w.alertView()->model()->index(row, AlertModel::columnOf(AlertField::AddedAccount)).data().toString() != vendor)
                ++row;
            clickRow(w.alertView(), row);
            QTest::keyClick(w.alertView(), Qt::Key_T, Qt::ControlModifier);
            QTest::keyClicks(w.trustBar()->labelField(), QStringLiteral("Vendor backup account"));
            QTest::keyClick(w.trustBar()->labelField(), Qt::Key_Return);
            QCOMPARE(w.allowList()->entries().value(0).label, QStringLiteral("Vendor backup account"));
        }
        // A new window (a restart) reads the saved list: the vendor stays hidden.
        MainWindow again(allowPath());
        again.show();
        QVERIFY(again.allowList()->contains(QStringLiteral("222233334444")));
        QCOMPARE(again.allowList()->entries()[0].label, QStringLiteral("Vendor backup account"));
        QVERIFY(openSampleAndWait(again));
        QCOMPARE(rowsFor(again, QStringLiteral("222233334444")), 0);
        QTRY_COMPARE(again.allowListPanel()->view()->model()->index(0, AllowListModel::Hides).data().toInt(), vendorAlerts);  // hides the vendor's loaded alerts
        QFile::remove(allowPath());
    }

    // The Groups dock as an analyst uses it: open it, pick a grouping, click a group,
    // and the table holds that group's alerts only; clicking beside the groups or
    // Clear Filters shows every alert again.
    void groupsFilterTheTable()
    {
        QFile::remove(allowPath());
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        QVERIFY(openSampleAndWait(w));
        QTableView *alerts = w.alertView();
        const int total = alerts->model()->rowCount();
        QVERIFY(!w.groupsDock()->isVisible());
        QTest::keyClick(alerts, Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(w.groupsDock()->isVisible());
        QCOMPARE(w.width(), 1280);  // the dock fits the window as it is
        QComboBox *by = w.groupPanel()->groupByBox();
        QTableView *groups = w.groupPanel()->view();
        QCOMPARE(by->currentText(), QStringLiteral("Account"));

        // The row of a group, found the way a user reads it: by its first column.
        auto rowOf = [groups](const QString &key) {
            for (int r = 0; r < groups->model()->rowCount(); ++r)
                if (groups->model()->index(r, 0).data().toString() == key)
                    return r;
            return -1;
        };
        auto header = [groups](const QString &title) {
            for (int c = 0; c < groups->model()->columnCount(); ++c)
                if (groups->model()->headerData(c, Qt::Horizontal).toString() == title)
                    return c;
            return -1;
        };
        auto clickGroup = [groups](int row) {
            QTest::mouseClick(groups->viewport(), Qt::LeftButton, {}, groups->visualRect(groups->model()->index(row, 0)).center());
        };
        const int attacker = rowOf(QStringLiteral("999988887777"));
        QVERIFY(attacker >= 0);
        const int attackerAlerts = rowsFor(w, QStringLiteral("999988887777"));
        QVERIFY(attackerAlerts >= 5);
        QCOMPARE(groups->model()->index(attacker, header(QStringLiteral("Alerts"))).data().toInt(), attackerAlerts);
        QCOMPARE(groups->model()->index(attacker, header(QStringLiteral("First seen (UTC)"))).data().toString(), QStringLiteral("2024-03-14 16:43:40"));
        QCOMPARE(groups->model()->index(attacker, header(QStringLiteral("Trusted"))).data().toString(), QStringLiteral("no"));
        // Sorted by alerts, most first.
        for (int r = 1; r < groups->model()->rowCount(); ++r)
            QVERIFY(groups->model()->index(r - 1, header(QStringLiteral("Alerts"))).data().toInt()
                    >= groups->model()->index(r, header(QStringLiteral("Alerts"))).data().toInt());

        clickGroup(attacker);
        QCOMPARE(alerts->model()->rowCount(), attackerAlerts);
        QCOMPARE(rowsFor(w, QStringLiteral("999988887777")), attackerAlerts);
        QVERIFY(w.filterBar()->clearValueFiltersButton()->isVisible());  // the bar says the table is filtered
        // A decision in the table reaches the group's count.
        clickRow(alerts, 0);
        QTest::keyClick(alerts, Qt::Key_M);
        QCOMPARE(groups->model()->index(rowOf(QStringLiteral("999988887777")), header(QStringLiteral("Reviewed"))).data().toInt(), 1);

        // Clicking beside the groups selects none: every alert again.
        QTest::mouseClick(groups->viewport(), Qt::LeftButton, {}, QPoint(groups->viewport()->width() - 2, groups->viewport()->height() - 2));
        QVERIFY(!groups->selectionModel()->hasSelection());
        QCOMPARE(alerts->model()->rowCount(), total);

        // By resource: the RDS snapshot was shared, the attempt failed once and the share was revoked: no one reaches it.
        by->setFocus();
        QTest::keyClick(by, Qt::Key_Down);
        QCOMPARE(by->currentText(), QStringLiteral("Resource"));
        QCOMPARE(groups->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Resource"));
        const int snapshot = rowOf(QStringLiteral("customers-db-2024-03-14"));
        QVERIFY(snapshot >= 0);
        QCOMPARE(groups->model()->index(snapshot, header(QStringLiteral("Can still reach"))).data().toString(), QStringLiteral("no one"));
        const int bucket = rowOf(QStringLiteral("acme-backups-111122223333"));
        QVERIFY(bucket >= 0);
        QVERIFY(groups->model()->index(bucket, header(QStringLiteral("Can still reach"))).data().toString().contains(QStringLiteral("222233334444")));
        clickGroup(snapshot);
        QCOMPARE(alerts->model()->rowCount(), groups->model()->index(snapshot, header(QStringLiteral("Alerts"))).data().toInt());
        for (int r = 0; r < alerts->model()->rowCount(); ++r)
            QCOMPARE(alerts->model()->index(r, AlertModel::columnOf(AlertField::SharedResourceId)).data().toString(), QStringLiteral("customers-db-2024-03-14"));
        // Two groups with Ctrl: the alerts of both.
        const QRect bucketRect = groups->visualRect(groups->model()->index(bucket, 0));
        QTest::mouseClick(groups->viewport(), Qt::LeftButton, Qt::ControlModifier, bucketRect.center());
        QCOMPARE(alerts->model()->rowCount(), groups->model()->index(snapshot, header(QStringLiteral("Alerts"))).data().toInt()
                                                   + groups->model()->index(bucket, header(QStringLiteral("Alerts"))).data().toInt());

        // Look at it, at the size the dock opened in.
        QCOMPARE(w.width(), 1280);
        QVERIFY(saveRender(w, QStringLiteral("groups.png")));

        // Clear Filters clears the group filter and the groups' selection.
        QTest::keyClick(alerts, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(alerts->model()->rowCount(), total);
        QVERIFY(!groups->selectionModel()->hasSelection());
        QVERIFY(!w.alertFilter()->hasGroupFilter());

        // By actor: the attacker's stolen key is one actor.
        by->setFocus();
        QTest::keyClick(by, Qt::Key_Down);
        QCOMPARE(by->currentText(), QStringLiteral("Actor"));
        int ciDeploy = -1;
        for (int r = 0; r < groups->model()->rowCount(); ++r)
            if (groups->model()->index(r, 0).data().toString().endsWith(QStringLiteral(":user/ci-deploy")))
                ciDeploy = r;
        QVERIFY(ciDeploy >= 0);
        clickGroup(ciDeploy);
        QVERIFY(alerts->model()->rowCount() > 0 && alerts->model()->rowCount() < total);
        for (int r = 0; r < alerts->model()->rowCount(); ++r)
            QCOMPARE(alerts->model()->index(r, AlertModel::columnOf(AlertField::ActorArn)).data().toString(),
                     groups->model()->index(ciDeploy, 0).data().toString());
    }

    // The timeline dock as an analyst uses it: open it (Ctrl+Shift+I), drag over two
    // hours, and the table holds the alerts of those hours only, as the command line
    // finds them; the filter bar says so; Escape, and a click, show every time again.
    void timelineDragNarrowsTheTable()
    {
        QFile::remove(allowPath());
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        QVERIFY(openSampleAndWait(w));
        QTableView *alerts = w.alertView();
        const int total = alerts->model()->rowCount();
        QVERIFY(!w.timelineDock()->isVisible());
        QTest::keyClick(alerts, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(w.timelineDock()->isVisible());
        QCOMPARE(w.width(), 1280);
        TimelineView *chart = w.timelineView();
        AlertTimeline *counts = w.investigation()->timeline();
        QTRY_VERIFY(counts->bucketCount() > 0);
        QCOMPARE(counts->unit(), AlertTimeline::Unit::Hour);  // the sample spans a day
        auto sumOfBars = [counts] {
            int n = 0;
            for (int b = 0; b < counts->bucketCount(); ++b)
                n += counts->total(b);
            return n;
        };
        QCOMPARE(sumOfBars(), total);

        // Drag from the 16:00 bar of 2024-03-14 to the 17:00 bar.
        const qint64 from = QDateTime(QDate(2024, 3, 14), QTime(16, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 to = from + 2 * 3600 * 1000;
        const int first = counts->bucketOf(from), last = counts->bucketOf(to - 1);
        QVERIFY(first >= 0 && last == first + 1);
        QTest::mousePress(chart, Qt::LeftButton, {}, chart->bucketCentre(first));
        QTest::mouseMove(chart, chart->bucketCentre(first) + QPoint(chart->plotRect().width() / counts->bucketCount() / 2 + 1, 0));
        QTest::mouseMove(chart, chart->bucketCentre(last));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, chart->bucketCentre(last));
        QCOMPARE(w.alertFilter()->timeSelectionFrom(), from);
        QCOMPARE(w.alertFilter()->timeSelectionTo(), to);
        // What the command line finds in those two hours, from its own eventTime.
        int inRange = 0;
        for (const QJsonObject &a : cliAlerts(MainWindow::samplesDir())) {
            const qint64 t = QDateTime::fromString(a[QStringLiteral("eventTime")].toString(), Qt::ISODate).toMSecsSinceEpoch();
            inRange += t >= from && t < to;
        }
        QVERIFY(inRange > 0 && inRange < total);
        QCOMPARE(alerts->model()->rowCount(), inRange);
        for (int r = 0; r < alerts->model()->rowCount(); ++r) {
            const QString time = alerts->model()->index(r, AlertModel::columnOf(AlertField::EventTime)).data().toString();
            QVERIFY2(time.startsWith(QStringLiteral("2024-03-14 16:")) || time.startsWith(QStringLiteral("2024-03-14 17:")), qPrintable(time));
        }
        QVERIFY2(w.filterBar()->activeFiltersLabel()->text().contains(QStringLiteral("time = 2024-03-14 16:00 – 17:59 UTC")),
                 qPrintable(w.filterBar()->activeFiltersLabel()->text()));
        QVERIFY(w.filterBar()->clearValueFiltersButton()->isVisible());
        QVERIFY(w.countsLabel()->text().startsWith(QStringLiteral("%1 alerts shown").arg(inRange)));
        // The chart still counts every time (its own range is left out), and says how to clear it.
        QTRY_COMPARE(sumOfBars(), total);
        QVERIFY(chart->caption().contains(QStringLiteral("Esc")));

        // Look at it.
        QVERIFY(saveRender(w, QStringLiteral("timeline.png")));

        // Another filter: the bars follow it, the table combines both.
        w.filterBar()->severityBox()->setCurrentIndex(1);  // high only
        int high = 0, highInRange = 0;
        for (int r = 0; r < w.alertModel()->rowCount(); ++r) {
            const AlertModel::Row &row = w.alertModel()->row(r);
            high += row.severity == Severity::High;
            highInRange += row.severity == Severity::High && row.timeMs >= from && row.timeMs < to;
        }
        QVERIFY(high > 0 && high < total);
        QTRY_COMPARE(sumOfBars(), high);
        QCOMPARE(alerts->model()->rowCount(), highInRange);
        w.filterBar()->severityBox()->setCurrentIndex(0);

        // Escape on the chart: every time again.
        QTest::keyClick(chart, Qt::Key_Escape);
        QVERIFY(!w.alertFilter()->hasTimeSelection());
        QCOMPARE(alerts->model()->rowCount(), total);
        QVERIFY(!w.filterBar()->activeFiltersLabel()->text().contains(QStringLiteral("time =")));

        // Drag again, then a click clears it.
        QTest::mousePress(chart, Qt::LeftButton, {}, chart->bucketCentre(first));
        QTest::mouseMove(chart, chart->bucketCentre(last));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, chart->bucketCentre(last));
        QCOMPARE(alerts->model()->rowCount(), inRange);
        QTest::mouseClick(chart, Qt::LeftButton, {}, chart->bucketCentre(first));
        QCOMPARE(alerts->model()->rowCount(), total);
        // And Clear Filters clears it too.
        QTest::mousePress(chart, Qt::LeftButton, {}, chart->bucketCentre(first));
        QTest::mouseMove(chart, chart->bucketCentre(last));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, chart->bucketCentre(last));
        QCOMPARE(alerts->model()->rowCount(), inRange);
        QTest::keyClick(alerts, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(alerts->model()->rowCount(), total);
    }

    // The view is kept in the case: a typed filter, a severity, a sort by clicking a
    // header, a column hidden and one widened, a range dragged on the timeline; closed,
    // then opened in another window, the case shows the same rows in the same order.
    void theViewIsKeptInTheCase()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("view.sharescope"));
        const int resource = AlertModel::columnOf(AlertField::SharedResourceId);
        const int region = AlertModel::columnOf(AlertField::AwsRegion);
        int shown = 0, total = 0;
        QStringList order;
        qint64 from = 0, to = 0;
        {
            MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
            w.show();
            w.resize(1280, 800);
            QVERIFY(openSampleAndWait(w));
            QVERIFY(w.saveCaseAs(casePath));
            QTableView *alerts = w.alertView();
            total = alerts->model()->rowCount();
            QLineEdit *text = w.filterBar()->textField();
            text->setFocus();
            QTest::keyClicks(text, QStringLiteral("9999"));
            QTest::keyClick(text, Qt::Key_Return);
            w.filterBar()->severityBox()->setCurrentIndex(w.filterBar()->severityBox()->findData(static_cast<int>(Severity::Medium)));
            // Two clicks on the Resource header: sorted by it, descending.
            QHeaderView *header = alerts->horizontalHeader();
            const QPoint title(header->sectionViewportPosition(resource) + header->sectionSize(resource) / 2, header->height() / 2);
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
            if (header->sortIndicatorOrder() != Qt::DescendingOrder)
                QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
            QCOMPARE(header->sortIndicatorSection(), resource);
            QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
            header->resizeSection(resource, 333);
            header->setSectionHidden(region, true);
            // Two hours dragged on the timeline.
            QTest::keyClick(alerts, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
            QTRY_VERIFY(w.timelineDock()->isVisible());
            AlertTimeline *counts = w.investigation()->timeline();
            QTRY_VERIFY(counts->bucketCount() > 0);
            from = QDateTime(QDate(2024, 3, 14), QTime(16, 0), Qt::UTC).toMSecsSinceEpoch();
            to = from + 2 * 3600 * 1000;
            TimelineView *chart = w.timelineView();
            QTest::mousePress(chart, Qt::LeftButton, {}, chart->bucketCentre(counts->bucketOf(from)));
            QTest::mouseMove(chart, chart->bucketCentre(counts->bucketOf(to - 1)));
            QTest::mouseRelease(chart, Qt::LeftButton, {}, chart->bucketCentre(counts->bucketOf(to - 1)));
            QCOMPARE(w.alertFilter()->timeSelectionTo(), to);
            shown = alerts->model()->rowCount();
            QVERIFY2(shown > 1 && shown < total, qPrintable(QString::number(shown)));
            for (int r = 0; r < shown; ++r)
                order << keyAt(w, r);
            QVERIFY(order != QStringList(order.crbegin(), order.crend()));  // the order says something
            w.close();  // saves what is pending, as quitting does
        }
        // Another window, whose own settings hold another layout: the case's view wins.
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
        {
            MainWindow w(dir.filePath(QStringLiteral("allow2.json")), dir.filePath(QStringLiteral("cases")));
            w.show();
            QVERIFY(!w.alertView()->horizontalHeader()->isSectionHidden(region));
            QVERIFY(openCaseAndWait(w, casePath));
            QCOMPARE(w.alertView()->model()->rowCount(), shown);
            for (int r = 0; r < shown; ++r)
                QCOMPARE(keyAt(w, r), order[r]);
            QCOMPARE(w.filterBar()->textField()->text(), QStringLiteral("9999"));
            QCOMPARE(w.filterBar()->severityBox()->currentData().toInt(), static_cast<int>(Severity::Medium));
            QCOMPARE(w.alertFilter()->timeSelectionFrom(), from);
            QCOMPARE(w.alertFilter()->timeSelectionTo(), to);
            QVERIFY(w.filterBar()->activeFiltersLabel()->text().contains(QStringLiteral("time = 2024-03-14 16:00 – 17:59 UTC")));
            QHeaderView *header = w.alertView()->horizontalHeader();
            QCOMPARE(header->sortIndicatorSection(), resource);
            QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
            QCOMPARE(header->sectionSize(resource), 333);
            QVERIFY(header->isSectionHidden(region));
            // Clear Filters is a change of the view too: the case opens with every alert then.
            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            QTest::keyClick(w.alertView(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
            QTRY_COMPARE(w.alertView()->model()->rowCount(), total);
            w.close();
        }  // the window lets go of the case
        MainWindow again(dir.filePath(QStringLiteral("allow2.json")), dir.filePath(QStringLiteral("cases")));
        again.show();
        QVERIFY(openCaseAndWait(again, casePath));
        QCOMPARE(again.alertView()->model()->rowCount(), total);
        QVERIFY(again.filterBar()->textField()->text().isEmpty());
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
    }

    // A group chosen in the Groups dock is part of the view the case keeps: reopened, the
    // dock has the same grouping and the same group selected, and the table shows its alerts.
    void aRestoredGroupFilterIsSelectedInTheGroups()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("groups.sharescope"));
        const QString resource = QStringLiteral("customers-db-2024-03-14");
        int shown = 0;
        auto rowOf = [](QTableView *groups, const QString &key) {
            for (int r = 0; r < groups->model()->rowCount(); ++r)
                if (groups->model()->index(r, 0).data().toString() == key)
                    return r;
            return -1;
        };
        {
            MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
            w.show();
            w.resize(1280, 800);
            QVERIFY(openSampleAndWait(w));
            QVERIFY(w.saveCaseAs(casePath));
            if (!w.groupsDock()->isVisible())
                QTest::keyClick(w.alertView(), Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
            QTRY_VERIFY(w.groupsDock()->isVisible());
            QComboBox *by = w.groupPanel()->groupByBox();
            by->setFocus();
            QTest::keyClick(by, Qt::Key_Down);
            QCOMPARE(by->currentText(), QStringLiteral("Resource"));
            QTableView *groups = w.groupPanel()->view();
            const int row = rowOf(groups, resource);
            QVERIFY(row >= 0);
            QTest::mouseClick(groups->viewport(), Qt::LeftButton, {}, groups->visualRect(groups->model()->index(row, 0)).center());
            shown = w.alertView()->model()->rowCount();
            QVERIFY(shown > 0 && shown < w.alertModel()->rowCount());
            QTest::keyClick(w.alertView(), Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);  // the dock closed: the filter stays
            QTRY_VERIFY(!w.groupsDock()->isVisible());
            QCOMPARE(w.alertView()->model()->rowCount(), shown);
            w.close();  // saves the view, as quitting does
        }
        MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
        w.show();
        w.resize(1280, 800);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(openCaseAndWait(w, casePath));
        if (!w.groupsDock()->isVisible())
            QTest::keyClick(w.alertView(), Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(w.groupsDock()->isVisible());
        QCOMPARE(w.groupPanel()->groupByBox()->currentText(), QStringLiteral("Resource"));
        QTableView *groups = w.groupPanel()->view();
        const QModelIndexList selected = groups->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected[0].data().toString(), resource);
        QCOMPARE(w.alertView()->model()->rowCount(), shown);
        for (int r = 0; r < shown; ++r)
            QCOMPARE(w.alertView()->model()->index(r, AlertModel::columnOf(AlertField::SharedResourceId)).data().toString(), resource);
        QVERIFY(groups->visualRect(selected[0]).intersects(groups->viewport()->rect()));  // in sight
        // The panel still drives the table: Ctrl+click on the group unselects it, every alert is back.
        QTest::mouseClick(groups->viewport(), Qt::LeftButton, Qt::ControlModifier, groups->visualRect(selected[0]).center());
        QVERIFY(!groups->selectionModel()->hasSelection());
        QCOMPARE(w.alertView()->model()->rowCount(), w.alertModel()->rowCount());
    }

    // The allow-list dock edited with keys: trust from an alert (its key is kept), F2 on
    // Justification, Owner and Expires, type, Tab; Ctrl+Z takes one edit back; a
    // watchlist exported and imported again brings the same fields.
    void allowListEntriesAreEditedWithKeys()
    {
        QFile::remove(allowPath());
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        clickRow(w.alertView(), 0);
        const QString key = keyAt(w, 0);
        QTest::keyClick(w.alertView(), Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(w.allowList()->entries().size(), 1);
        QCOMPARE(w.allowList()->entries()[0].fromAlert, key);
        const QString account = w.allowList()->entries()[0].account;
        QTableView *dock = w.allowListPanel()->view();
        auto edit = [&](int column, const QString &text) {
            dock->setFocus();
            dock->setCurrentIndex(dock->model()->index(0, column));
            QTest::keyClick(dock, Qt::Key_F2);
            auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
            QVERIFY(editor);
            editor->selectAll();
            QTest::keyClicks(editor, text);
            QTest::keyClick(editor, Qt::Key_Tab);  // commits, as leaving the cell does
        };
        edit(AllowListModel::Justification, QStringLiteral("Signed, \"2024\" contract"));
        edit(AllowListModel::Owner, QStringLiteral("ana"));
        const QString yesterday = QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate);
        const int before = w.alertView()->model()->rowCount();
        edit(AllowListModel::Expires, yesterday);
        const AllowEntry &e = w.allowList()->entries()[0];
        QCOMPARE(e.justification, QStringLiteral("Signed, \"2024\" contract"));
        QCOMPARE(e.owner, QStringLiteral("ana"));
        QVERIFY(e.isExpired());
        // Expired: its alerts are back, and the dock says so.
        QVERIFY(w.alertView()->model()->rowCount() > before);
        QCOMPARE(rowsFor(w, account) > 0, true);
        QCOMPARE(dock->model()->index(0, AllowListModel::Expires).data().toString(), yesterday + QStringLiteral(" (expired)"));
        QCOMPARE(dock->model()->index(0, AllowListModel::Hides).data().toInt(), 0);
        QTest::keyClick(dock, Qt::Key_Z, Qt::ControlModifier);  // takes the expiry back
        QVERIFY(!w.allowList()->entries()[0].expires.isValid());
        QCOMPARE(rowsFor(w, account), 0);
        QCOMPARE(w.allowList()->entries()[0].owner, QStringLiteral("ana"));
        // An expiry that is not a date is refused, and the status bar says why.
        w.statusBar()->clearMessage();
        edit(AllowListModel::Expires, QStringLiteral("next friday"));
        QVERIFY(!w.allowList()->entries()[0].expires.isValid());
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("\u201cnext friday\u201d is not a date")),
                 qPrintable(w.statusBar()->currentMessage()));

        const QString csv = m_home.filePath(QStringLiteral("watchlist.csv"));
        QVERIFY(w.allowListPanel()->exportTo(csv));
        QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier);  // the owner
        QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier);  // the justification
        QTest::keyClick(w.alertView(), Qt::Key_Z, Qt::ControlModifier);  // the trust
        QVERIFY(w.allowList()->entries().isEmpty());
        QVERIFY(w.allowListPanel()->importFrom(csv));
        QCOMPARE(w.allowList()->entries().size(), 1);
        QCOMPARE(w.allowList()->entries()[0].justification, QStringLiteral("Signed, \"2024\" contract"));
        QCOMPARE(w.allowList()->entries()[0].owner, QStringLiteral("ana"));
        QFile::remove(allowPath());
    }

    // The allow-list dock at 1280x800 with entries, one of them a 64-character canonical
    // user id (beside it, the stretched Label column was ~25 px): Enter (either key) commits
    // what is typed after F2 in every field, as Tab does; the Label column is wide enough to
    // read a label, in sight with the count of what the entry hides; the whole text of a
    // cut cell is in its tooltip. (Qt's delegate commits on Enter on the next turn of the
    // event loop, once the editor has seen the key; Tab at once. A test that looks at the
    // list straight after Enter sees nothing yet: this one waits, as a user's eye does.)
    void allowListDockCommitsOnEnterAndShowsLabels()
    {
        QFile::remove(allowPath());
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        QVERIFY(openSampleAndWait(w));
        for (const QString &account : {QStringLiteral("222233334444"), QStringLiteral("999988887777")}) {
            QAbstractItemModel *shown = w.alertView()->model();
            int row = 0;
            while (row < shown->rowCount() && shown->index(row, AlertModel::columnOf(AlertField::AddedAccount)).data().toString() != account)
                ++row;
            QVERIFY(row < shown->rowCount());
            clickRow(w.alertView(), row);
            QTest::keyClick(w.alertView(), Qt::Key_T, Qt::ControlModifier);
        }
        const QString canonical = QStringLiteral("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be");
        QVERIFY(w.allowListPanel()->importFrom(writeText(m_home.filePath(QStringLiteral("canonical.txt")), canonical.toUtf8() + "\n")));
        QCOMPARE(w.allowList()->entries().size(), 3);
        QTableView *dock = w.allowListPanel()->view();
        QVERIFY(dock->isVisible());
        const QString yearEnd = QStringLiteral("%1-12-31").arg(QDate::currentDate().year() + 1);
        const struct { int row, column; Qt::Key key; QString text; } edits[] = {
            {0, AllowListModel::Label, Qt::Key_Return, QStringLiteral("Vendor backup account")},
            {1, AllowListModel::Label, Qt::Key_Enter, QStringLiteral("Analytics partner")},
            {2, AllowListModel::Label, Qt::Key_Return, QStringLiteral("Log archive bucket owner")},
            {0, AllowListModel::Justification, Qt::Key_Return, QStringLiteral("Contract <2024> & renewal")},
            {0, AllowListModel::Owner, Qt::Key_Enter, QStringLiteral("ana")},
            {0, AllowListModel::Expires, Qt::Key_Return, yearEnd},
        };
        for (const auto &e : edits) {
            dock->setFocus();
            dock->setCurrentIndex(dock->model()->index(e.row, e.column));
            QTest::keyClick(dock, Qt::Key_F2);
            auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
            QVERIFY(editor);
            editor->selectAll();
            QTest::keyClicks(editor, e.text);
            QTest::keyClick(editor, e.key);
            QTRY_VERIFY(!qobject_cast<QLineEdit *>(QApplication::focusWidget()));  // the editor closed, back in the list
            QCOMPARE(dock->model()->index(e.row, e.column).data(Qt::EditRole).toString(), e.text);
        }
        QCOMPARE(w.allowList()->entries()[0].label, QStringLiteral("Vendor backup account"));
        QCOMPARE(w.allowList()->entries()[0].owner, QStringLiteral("ana"));
        QCOMPARE(AllowList::expiryText(w.allowList()->entries()[0].expires), yearEnd);
        // Back at the entry's id (the edits scrolled to Expires), as an analyst reads the list.
        QTest::keyClick(dock, Qt::Key_Home);
        QTest::qWait(50);
        QCOMPARE(dock->currentIndex().column(), int(AllowListModel::Account));
        const int label = dock->columnWidth(AllowListModel::Label);
        QVERIFY2(label >= dock->fontMetrics().horizontalAdvance(QStringLiteral("Vendor backup")),
                 qPrintable(QStringLiteral("Label column %1 px").arg(label)));
        const int labelAt = dock->columnViewportPosition(AllowListModel::Label);
        QVERIFY2(labelAt >= 0 && labelAt + label <= dock->viewport()->width(),  // in sight, without scrolling
                 qPrintable(QStringLiteral("%1 + %2 of %3").arg(labelAt).arg(label).arg(dock->viewport()->width())));
        QCOMPARE(dock->horizontalHeader()->visualIndex(AllowListModel::Hides), AllowListModel::Label + 1);
        QVERIFY(!dock->wordWrap());
        // The canonical id is cut, whole in its tooltip; so is a long justification, as plain text.
        QVERIFY(dock->columnWidth(AllowListModel::Account) < dock->fontMetrics().horizontalAdvance(canonical));
        QVERIFY(dock->model()->index(2, AllowListModel::Account).data(Qt::ToolTipRole).toString().contains(canonical));
        QCOMPARE(dock->model()->index(0, AllowListModel::Justification).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("<p style='white-space:pre'>Contract &lt;2024&gt; &amp; renewal</p>"));
        QVERIFY(saveRender(w, QStringLiteral("allow-list.png")));
        QFile::remove(allowPath());
    }

    void contextMenuFiltersToAValue()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        QTableView *view = w.alertView();
        const QModelIndex cell = view->model()->index(0, AlertModel::columnOf(AlertField::AwsRegion));
        const QString region = cell.data().toString();
        QTimer::singleShot(200, [] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            for (QAction *a : menu->actions())
                if (a->text().startsWith(QStringLiteral("Filter to")))
                    a->trigger();
            menu->close();
        });
        emit view->customContextMenuRequested(view->visualRect(cell).center());
        QVERIFY(view->model()->rowCount() > 0);
        for (int r = 0; r < view->model()->rowCount(); ++r)
            QCOMPARE(view->model()->index(r, AlertModel::columnOf(AlertField::AwsRegion)).data().toString(), region);
        QVERIFY(w.filterBar()->clearValueFiltersButton()->isVisible());
        QTest::mouseClick(w.filterBar()->clearValueFiltersButton(), Qt::LeftButton);
        QCOMPARE(view->model()->rowCount(), w.alertModel()->rowCount());
    }

    void copySelectionAsTsv()
    {
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        w.alertView()->setFocus();
        w.alertView()->selectRow(0);
        QTest::keyClick(w.alertView(), Qt::Key_C, Qt::ControlModifier);
        // A header row, then the row: the visible columns, in their order on screen.
        const QStringList lines = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        int visible = 0;
        for (int c = 0; c < w.alertView()->model()->columnCount(); ++c)
            visible += !w.alertView()->isColumnHidden(c);
        QCOMPARE(int(lines[0].count(QLatin1Char('\t'))), visible - 1);
        QCOMPARE(int(lines[1].count(QLatin1Char('\t'))), visible - 1);
        QVERIFY(lines[0].split(QLatin1Char('\t')).contains(QStringLiteral("Added account")));
        QVERIFY(lines[1].contains(w.alertView()->model()->index(0, AlertModel::columnOf(AlertField::AddedAccount)).data().toString()));
    }

    void brokenFilesGoToProblems()
    {
        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/bad/invalid.json"), QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/records.json")});
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 1);
        QCOMPARE(w.problemsView()->rowCount(), 1);
        QVERIFY(w.problemsView()->item(0, 0)->text().endsWith(QStringLiteral("invalid.json")));
        QVERIFY(w.problemsView()->item(0, 1)->text().contains(QStringLiteral("invalid JSON")));
    }

    // A broken file deep in an S3 layout: the File column is wide enough for its CloudTrail
    // name, cuts the path in its middle (the name's end stays), and the tooltip has the
    // whole path as plain text, even with markup in a name.
    void problemsPanelShowsTheFileNames()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/14"));
        QVERIFY(QDir().mkpath(folder));
        const QString name = QStringLiteral("111122223333_CloudTrail_us-east-1_20240314T1020Z_ULVAt9eN65Mwo6GG.json");
        const QString marked = QStringLiteral("<b>bold<i>.json");
        for (const QString &n : {name, marked}) {
            QFile f(folder + QLatin1Char('/') + n);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"Records\": [ not json");
        }
        MainWindow w(allowPath());
        w.show();
        w.resize(1280, 800);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        if (!w.timelineDock()->isVisible())  // another bottom dock open: the panel must not squeeze in beside it
            QTest::keyClick(&w, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(w.timelineDock()->isVisible());
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({dir.path()});
        QVERIFY(done.wait(10000));
        QTableWidget *problems = w.problemsView();
        QCOMPARE(problems->rowCount(), 2);
        QTRY_VERIFY(w.problemsDock()->isVisible());
        QCOMPARE(w.width(), 1280);
        int row = -1;
        for (int r = 0; r < problems->rowCount(); ++r)
            if (problems->item(r, 0)->text().endsWith(name))
                row = r;
        QVERIFY(row >= 0);
        const int nameWidth = problems->fontMetrics().horizontalAdvance(name);
        QVERIFY2(problems->columnWidth(0) >= nameWidth,
                 qPrintable(QStringLiteral("%1 px for a name of %2 px").arg(problems->columnWidth(0)).arg(nameWidth)));
        // The panel spans the window (a timeline or groups dock open from an earlier session
        // stacks above it, never beside it), and the problem keeps room.
        QVERIFY2(problems->columnWidth(0) < problems->viewport()->width() * 2 / 3,
                 qPrintable(QStringLiteral("%1 of %2 px").arg(problems->columnWidth(0)).arg(problems->viewport()->width())));
        QCOMPARE(problems->textElideMode(), Qt::ElideMiddle);
        QVERIFY(!problems->wordWrap());
        // The whole path in the tooltip, as plain text.
        const QString path = QDir::toNativeSeparators(QFileInfo(folder + QLatin1Char('/') + name).canonicalFilePath());
        QCOMPARE(problems->item(row, 0)->text(), path);
        QCOMPARE(problems->item(row, 0)->toolTip(), QStringLiteral("<p style='white-space:pre'>%1</p>").arg(path.toHtmlEscaped()));
        const int markedRow = 1 - row;
        QVERIFY(problems->item(markedRow, 0)->text().endsWith(marked));
        QVERIFY2(problems->item(markedRow, 0)->toolTip().endsWith(QStringLiteral("/&lt;b&gt;bold&lt;i&gt;.json</p>")),
                 qPrintable(problems->item(markedRow, 0)->toolTip()));
        QVERIFY(saveRender(w, QStringLiteral("problems.png")));
    }

    // File ▸ Open Folder… on a folder with notes, a hidden file and a digest beside a log:
    // each file not read is a "Not read: …" row with why; none is a problem, so the panel
    // does not open itself and the status bar counts no problem.
    void folderScanNamesTheFilesItPassesOver()
    {
        QTemporaryDir dir;
        const QDir root(dir.path());
        const QString digest = QStringLiteral("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/14/111122223333_CloudTrail-Digest_us-east-1_20240314T1030Z.json.gz");
        QVERIFY(root.mkpath(QFileInfo(digest).path()));
        for (const QString &name : {QStringLiteral("records.json"), QStringLiteral("notes.txt"), QStringLiteral(".records.json"), digest})
            QVERIFY(QFile::copy(QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/records.json"), root.filePath(name)));
        MainWindow w(allowPath());
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy done(&w, &MainWindow::scanFinished);
        whenDialogOpens<QFileDialog>(&w, [&dir](QFileDialog *d) {
            QCOMPARE(d->fileMode(), QFileDialog::Directory);
            typeFileName(d, dir.path());
        });
        QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(done.count() > 0 || done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 1);
        QMap<QString, QString> rows;
        for (int r = 0; r < w.problemsView()->rowCount(); ++r)
            rows.insert(root.relativeFilePath(w.problemsView()->item(r, 0)->text()), w.problemsView()->item(r, 1)->text());
        QMap<QString, QString> expected;
        expected.insert(QStringLiteral(".records.json"), QStringLiteral("Not read: hidden file"));
        expected.insert(QStringLiteral("notes.txt"), QStringLiteral("Not read: not a log file name"));
        expected.insert(digest, QStringLiteral("Not read: CloudTrail digest file"));
        QCOMPARE(rows, expected);
        QTest::qWait(50);
        QVERIFY(!w.problemsDock()->isVisible());
        QVERIFY(w.problemCountLabel()->text().isEmpty());
        QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());  // back from the dialog
        QTest::keyClick(w.alertView(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);  // there on demand
        QTRY_VERIFY(w.problemsDock()->isVisible());
    }

    // The panel opens itself once per investigation: closed by the analyst (Ctrl+Shift+P),
    // it stays closed through a rescan (F5) and more logs with problems; the status bar
    // keeps the count. A new case opens it again on its first problem.
    void problemsPanelStaysClosedOnceClosed()
    {
        MainWindow w(allowPath());
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/bad/invalid.json"), QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/records.json")});
        QVERIFY(done.wait(10000));
        QTRY_VERIFY(w.problemsDock()->isVisible());
        QCOMPARE(w.problemCountLabel()->text(), QStringLiteral("1 file with problems"));
        QTest::keyClick(w.alertView(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!w.problemsDock()->isVisible());

        QTest::keyClick(w.alertView(), Qt::Key_F5);
        QVERIFY(done.wait(10000));
        QCOMPARE(w.problemsView()->rowCount(), 1);
        QTest::qWait(100);  // what a queued show would need
        QVERIFY(!w.problemsDock()->isVisible());
        QCOMPARE(w.problemCountLabel()->text(), QStringLiteral("1 file with problems"));

        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/bad/truncated.json.gz")});
        QVERIFY(done.wait(10000));
        QTest::qWait(100);
        QVERIFY(!w.problemsDock()->isVisible());
        QCOMPARE(w.problemCountLabel()->text(), QStringLiteral("2 files with problems"));

        // Ctrl+Shift+P brings it back on demand, with every problem in it.
        QTest::keyClick(w.alertView(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(w.problemsDock()->isVisible());
        QCOMPARE(w.problemsView()->rowCount(), 2);
        QTest::keyClick(w.alertView(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!w.problemsDock()->isVisible());

        // Another investigation: its first problem opens the panel again.
        QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
        QVERIFY(w.problemCountLabel()->text().isEmpty());
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/bad/invalid.json")});
        QVERIFY(done.wait(10000));
        QTRY_VERIFY(w.problemsDock()->isVisible());
    }

    void timeRangeChangesTheAlertsAndStaysWithTheCase()
    {
        // tests/data/range/README.md: 6 alerts at any time, 3 from 29 to 30 April 2025.
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("april.sharescope"));
        const QString tree = QStringLiteral(SHARESCOPE_TEST_DATA "/range");
        auto resources = [](const MainWindow &w) {
            QStringList out;
            for (int r = 0; r < w.alertView()->model()->rowCount(); ++r)
                out << w.alertView()->model()->index(r, AlertModel::columnOf(AlertField::SharedResourceId)).data().toString();
            out.sort();
            return out;
        };
        const QStringList inRange{QStringLiteral("acme-range-late"), QStringLiteral("ami-0c3c3c3c3c3c3c3c3"), QStringLiteral("inside-range")};
        {
            MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
            w.show();
            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            QSignalSpy done(&w, &MainWindow::scanFinished);
            w.openPaths({tree});
            QVERIFY(done.wait(10000));
            QCOMPARE(w.alertModel()->rowCount(), 6);
            QCOMPARE(w.problemsView()->rowCount(), 4);  // the files that are not JSON, read at any time, and the README not read
            QVERIFY(w.timeRangeLabel()->isHidden());

            // File ▸ Time Range…: untick "Any time" on both sides and type the days, as a user does.
            whenDialogOpens<TimeRangeDialog>(&w, [](TimeRangeDialog *d) {
                QVERIFY(d->anyFromBox()->isChecked() && d->anyToBox()->isChecked());
                QVERIFY(!d->fromEdit()->isEnabled());
                QTest::mouseClick(d->anyFromBox(), Qt::LeftButton);
                QTest::mouseClick(d->anyToBox(), Qt::LeftButton);
                QVERIFY(d->fromEdit()->isEnabled() && d->toEdit()->isEnabled());
                // The end first, before the start: the dialog refuses an empty range until both are typed.
                d->toEdit()->setFocus();
                QTest::keyClick(d->toEdit(), Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(d->toEdit(), QStringLiteral("2025-04-20 23:59:59"));
                d->fromEdit()->setFocus();
                QTest::keyClick(d->fromEdit(), Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(d->fromEdit(), QStringLiteral("2025-04-29 00:00:00"));
                QVERIFY(!d->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
                d->toEdit()->setFocus();
                QTest::keyClick(d->toEdit(), Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(d->toEdit(), QStringLiteral("2025-04-30 23:59:59"));
                QCOMPARE(d->fromEdit()->dateTime(), QDateTime(QDate(2025, 4, 29), QTime(0, 0), Qt::UTC));
                QCOMPARE(d->toEdit()->dateTime(), QDateTime(QDate(2025, 4, 30), QTime(23, 59, 59), Qt::UTC));
                QVERIFY(d->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
                QVERIFY(d->grab().save(QStringLiteral(SHARESCOPE_BUILD_DIR "/time-range-dialog.png")));
                QTest::mouseClick(d->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
            });
            QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY(done.wait(10000));
            QCOMPARE(resources(w), inRange);
            // The files left out are named, not reported as broken; the status says what the range cost.
            QCOMPARE(w.problemsView()->rowCount(), 4);
            int outside = 0;
            for (int r = 0; r < 4; ++r)
                outside += w.problemsView()->item(r, 1)->text().startsWith(QStringLiteral("Not read: outside the time range by its S3 key: delivered "));
            QCOMPARE(outside, 3);
            QVERIFY2(w.progressLabel()->text().endsWith(QStringLiteral("outside the time range: 3 files not read, 3 events dropped")),
                     qPrintable(w.progressLabel()->text()));
            QCOMPARE(w.timeRangeLabel()->text(), QStringLiteral("Time range: 2025-04-29 00:00:00 – 2025-04-30 23:59:59 UTC"));
            QVERIFY(!w.timeRangeLabel()->isHidden());
            QVERIFY(w.saveCaseAs(casePath));
        }
        // Closing and reopening the case brings the range back, with the alerts found under it.
        MainWindow w(allowPath(), dir.filePath(QStringLiteral("cases")));
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(openCaseAndWait(w, casePath));
        QCOMPARE(resources(w), inRange);
        QCOMPARE(w.timeRangeLabel()->text(), QStringLiteral("Time range: 2025-04-29 00:00:00 – 2025-04-30 23:59:59 UTC"));
        QCOMPARE(w.investigation()->timeRange().toMs, std::optional<int64_t>(QDateTime(QDate(2025, 5, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - 1));
        auto shown = std::make_shared<TimeRange>();
        whenDialogOpens<TimeRangeDialog>(&w, [shown](TimeRangeDialog *d) {
            *shown = d->range();
            QVERIFY(!d->anyFromBox()->isChecked() && !d->anyToBox()->isChecked());
            QTest::keyClick(d, Qt::Key_Escape);
        });
        QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(shown->fromMs == w.investigation()->timeRange().fromMs && shown->toMs == w.investigation()->timeRange().toMs);
        // Rescanning applies it again; "Any time" on both sides brings every alert back.
        QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());  // back from the dialog
        QSignalSpy done(&w, &MainWindow::scanFinished);
        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(done.wait(10000));
        QCOMPARE(resources(w), inRange);
        QTRY_VERIFY(QGuiApplication::focusWindow() == w.windowHandle());
        whenDialogOpens<TimeRangeDialog>(&w, [](TimeRangeDialog *d) {
            QTest::mouseClick(d->anyFromBox(), Qt::LeftButton);
            QTest::mouseClick(d->anyToBox(), Qt::LeftButton);
            QTest::mouseClick(d->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        });
        QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 6);
        QVERIFY(w.timeRangeLabel()->isHidden());
        QVERIFY(w.investigation()->timeRange().any());
    }

    void sentinelCsvDateReadingIsShownInProblems()
    {
        // tests/data/sentinel/README.md: the ambiguous export is read day-first and says so; the US one settles itself.
        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        const QString ambiguous = QStringLiteral(SHARESCOPE_TEST_DATA "/sentinel/portal-ambiguous.csv");
        w.openPaths({ambiguous, QStringLiteral(SHARESCOPE_TEST_DATA "/sentinel/portal-us-ascending.csv")});
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 4);
        QCOMPARE(w.problemsView()->rowCount(), 1);
        QCOMPARE(w.problemsView()->item(0, 0)->text(), QDir::toNativeSeparators(QFileInfo(ambiguous).canonicalFilePath()));
        QCOMPARE(w.problemsView()->item(0, 1)->text(),
                 QStringLiteral("Dates like 04/05/2025 read as day/month (4 May 2025), the default: no date in the file settles it "
                                "(4 dates fit both readings)"));
        QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("problemsDock"))->isVisible());  // said once, where it is seen
        QVERIFY(w.countsLabel()->text().contains(QStringLiteral("4 alerts shown")));
        // The alerts carry the times as read.
        QList<qint64> times;
        for (int r = 0; r < w.alertModel()->rowCount(); ++r)
            times << w.alertModel()->row(r).timeMs;
        QVERIFY(times.contains(QDateTime(QDate(2025, 5, 4), QTime(9, 45, 54), Qt::UTC).toMSecsSinceEpoch()));   // 04/05/2025, day first
        QVERIFY(times.contains(QDateTime(QDate(2025, 4, 5), QTime(9, 45, 54), Qt::UTC).toMSecsSinceEpoch()));   // 4/5/2025 AM, a US file
    }

    void dropAppendsToTheInvestigation()
    {
        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/records.json")});
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 1);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QStringLiteral(SHARESCOPE_TEST_DATA "/rule0236/bucket_policy.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), 1 + 8);  // acme-dup names 777788889999 twice (root and role): one alert
    }

    void allowListImportsAndExports()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("trusted.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# vendors\n222233334444  # Vendor backup\n999988887777\n");
        f.close();
        QFile::remove(allowPath());
        MainWindow w(allowPath());
        w.show();
        QVERIFY(openSampleAndWait(w));
        const int before = w.alertView()->model()->rowCount();

        // The buttons ask Qt's file dialog for a path, then do this.
        QVERIFY(w.allowListPanel()->importFrom(text));
        QCOMPARE(w.allowList()->entries().size(), 2);
        QCOMPARE(w.allowList()->entries()[0].label, QStringLiteral("Vendor backup"));
        QCOMPARE(rowsFor(w, QStringLiteral("222233334444")), 0);
        QVERIFY(w.alertView()->model()->rowCount() < before);
        // One undo takes the whole import back.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.allowList()->entries().size(), 0);
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);

        const QString exported = dir.filePath(QStringLiteral("out.json"));
        QVERIFY(w.allowListPanel()->exportTo(exported));
        const QString exportedText = dir.filePath(QStringLiteral("out.txt"));
        QVERIFY(w.allowListPanel()->exportTo(exportedText));
        QFile plain(exportedText);
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(plain.readAll().contains("222233334444  # Vendor backup"));
        QVector<AllowEntry> entries;
        QFile out(exported);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(AllowList::parse(out.readAll(), entries, nullptr));
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[1].account, QStringLiteral("999988887777"));
        // Remove from the dock: select the entry, press its Remove button; undo brings it back.
        w.allowListPanel()->view()->selectRow(0);
        QToolButton *remove = w.findChild<QToolButton *>(QStringLiteral("removeAllowEntry"));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(w.allowList()->entries().size(), 1);
        QVERIFY(!w.allowList()->contains(QStringLiteral("222233334444")));
        QVERIFY(rowsFor(w, QStringLiteral("222233334444")) > 0);  // its alerts are back at once
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.allowList()->entries().size(), 2);
        QFile::remove(allowPath());
    }

    void columnLayoutPersists()
    {
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
        {
            MainWindow w(allowPath());
            w.show();
            QVERIFY(!w.alertView()->horizontalHeader()->isSectionHidden(AlertModel::columnOf(AlertField::SourceIp)));
            w.alertView()->horizontalHeader()->setSectionHidden(AlertModel::columnOf(AlertField::SourceIp), true);
            w.alertView()->horizontalHeader()->moveSection(w.alertView()->horizontalHeader()->visualIndex(AlertModel::columnOf(AlertField::AwsRegion)), 0);
            w.alertView()->setColumnWidth(AlertModel::columnOf(AlertField::SharedResourceId), 333);
            w.close();  // saves, as quitting does
        }
        MainWindow again(allowPath());
        again.show();
        QHeaderView *header = again.alertView()->horizontalHeader();
        QVERIFY(header->isSectionHidden(AlertModel::columnOf(AlertField::SourceIp)));
        QCOMPARE(header->visualIndex(AlertModel::columnOf(AlertField::AwsRegion)), 0);
        QCOMPARE(header->sectionSize(AlertModel::columnOf(AlertField::SharedResourceId)), 333);
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
    }

    // By default the Uses column sits right after Severity, in sight at 1280 px without
    // scrolling; the command line's key order (the catalogue's) is unchanged, and a layout
    // saved with Uses at the far right is kept.
    void theUsesColumnSitsBesideSeverity()
    {
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
        const int uses = AlertModel::columnOf(AlertField::Uses);
        const int severity = AlertModel::columnOf(AlertField::Severity);
        {
            MainWindow w(allowPath());
            w.show();
            w.resize(1280, 800);
            QVERIFY(openSampleAndWait(w));
            QHeaderView *header = w.alertView()->horizontalHeader();
            QVERIFY(!header->isSectionHidden(uses));
            QCOMPARE(header->visualIndex(uses), header->visualIndex(severity) + 1);
            QVERIFY(header->sectionViewportPosition(uses) + header->sectionSize(uses) <= w.alertView()->viewport()->width());
            QCOMPARE(header->model()->headerData(header->logicalIndex(header->visualIndex(severity) + 1), Qt::Horizontal).toString(), QStringLiteral("Uses"));
            // It pushes nothing the analyst reads off screen: the added account is still in sight, whole.
            const int added = AlertModel::columnOf(AlertField::AddedAccount);
            const int accountWidth = w.alertView()->fontMetrics().horizontalAdvance(QStringLiteral("222233334444"));
            QVERIFY2(header->sectionViewportPosition(added) + accountWidth + 8 <= w.alertView()->viewport()->width(),
                     qPrintable(QStringLiteral("%1 + %2 of %3").arg(header->sectionViewportPosition(added)).arg(accountWidth).arg(w.alertView()->viewport()->width())));
            // An analyst's own order, as an older version left it: Uses at the far right.
            header->moveSection(header->visualIndex(uses), header->count() - 1);
            w.close();
        }
        {
            MainWindow again(allowPath());
            again.show();
            QCOMPARE(again.alertView()->horizontalHeader()->visualIndex(uses), again.alertView()->horizontalHeader()->count() - 1);
        }
        QSettings().remove(QStringLiteral("window/alertColumns-v2"));
        QProcess p;
        p.start(QStringLiteral(SHARESCOPE_BINARY), {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("csv"), MainWindow::samplesDir()});
        QVERIFY(p.waitForFinished(60000));
        const QList<QByteArray> keys = p.readAllStandardOutput().split('\n').value(0).split(',');
        QVERIFY(keys.indexOf("severity") >= 0);
        QCOMPARE(keys.indexOf("uses"), keys.indexOf("revokedAt") + 1);  // the catalogue's order
    }

    void overlappingTrailsOpenedOneByOneStaySingle()
    {
        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        const QDir dup(QStringLiteral(SHARESCOPE_TEST_DATA "/inputs/duplicates"));
        const QStringList files = {dup.filePath(QStringLiteral("org-trail")), dup.filePath(QStringLiteral("account-trail"))};
        w.openPaths({files[0]});
        QVERIFY(done.wait(10000));
        const int first = w.alertModel()->rowCount();
        QVERIFY(first >= 1);
        w.openPaths({files[1]});  // the same events, from the other trail
        QVERIFY(done.wait(10000));
        QCOMPARE(w.alertModel()->rowCount(), first);
        w.openPaths({files[0]});  // already open: not read again
        QTest::qWait(200);
        QCOMPARE(w.alertModel()->rowCount(), first);
        QVERIFY(!w.isScanning());
    }

    void stoppingALongScanKeepsTheWindowResponsive()
    {
        // Many links to one file whose every record is a candidate that must be parsed.
        QTemporaryDir dir;
        QByteArray records = "{\"Records\":[";
        for (int i = 0; i < 20000; ++i) {
            records += i ? "," : "";
            records += "{\"eventVersion\":\"1.08\",\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\","
                       "\"eventID\":\"e" + QByteArray::number(i) + "\",\"userIdentity\":{\"accountId\":\"111122223333\"},"
                       "\"requestParameters\":{\"imageId\":\"ami-1\",\"launchPermission\":{\"remove\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}";
        }
        records += "]}";
        const QString heavy = dir.filePath(QStringLiteral("heavy.json"));
        QFile f(heavy);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(records);
        f.close();
        QDir().mkpath(dir.filePath(QStringLiteral("logs")));
        for (int i = 0; i < 400; ++i)
            QVERIFY(QFile::link(heavy, dir.filePath(QStringLiteral("logs/l%1.json").arg(i))));

        MainWindow w(allowPath());
        w.show();
        QSignalSpy done(&w, &MainWindow::scanFinished);
        w.openPaths({dir.filePath(QStringLiteral("logs"))});
        QVERIFY(w.isScanning());
        QTest::qWait(300);
        QVERIFY2(w.isScanning(), "the scan ended too soon to test stopping it");
        QVERIFY(w.stopButton()->isVisible());
        // The window answers while the scan runs: typing in the filter goes through at once.
        QElapsedTimer typing;
        typing.start();
        QTest::keyClicks(w.filterBar()->textField(), QStringLiteral("abc"));
        QVERIFY(typing.elapsed() < 500);
        QCOMPARE(w.filterBar()->textField()->text(), QStringLiteral("abc"));

        // F5 during the scan starts again at once: the GUI thread does not wait for the old scan.
        QElapsedTimer restarting;
        restarting.start();
        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY2(restarting.elapsed() < 300, qPrintable(QString::number(restarting.elapsed())));
        QVERIFY(w.isScanning());
        QTest::qWait(200);

        QElapsedTimer stopping;
        stopping.start();
        QTest::keyClick(&w, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isScanning(), 2000);
        QVERIFY2(stopping.elapsed() < 1000, qPrintable(QString::number(stopping.elapsed())));
        QVERIFY(!w.stopButton()->isVisible());
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
