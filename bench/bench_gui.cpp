// GUI-side benchmarks: a million alerts in the model (sort, text filter, trust, the
// grouped views: building each, a review reaching them, filtering to a group),
// and the longest stall of the GUI thread while a real scan streams into the window.
//   bench_gui [LOG_DIR]   (run with QT_QPA_PLATFORM=offscreen on a headless machine;
//                          BENCH_ONLY=model,case,triage picks parts)
#include "alert_filter.h"
#include "alert_model.h"
#include "alert_timeline.h"
#include "event_time.h"
#include "allow_list.h"
#include "alert_format.h"
#include "alert_key.h"
#include "case_file.h"
#include "investigation.h"
#include "group_model.h"
#include "main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <utility>

using namespace sharescope;
using namespace sharescope::session;
using namespace sharescope::gui;

namespace {

std::vector<Alert> makeAlerts(int count, std::mt19937 &engine)
{
    auto rng = [&engine] { return static_cast<unsigned>(engine()); };
    static const char *names[] = {"ModifyImageAttribute", "ModifySnapshotAttribute", "ModifyDBSnapshotAttribute",
                                  "PutBucketPolicy", "AddPermission20150331v2"};
    static const char *types[] = {"AMI", "EBSSnapshot", "RDSSnapshot", "S3Bucket", "LambdaFunction"};
    std::vector<Alert> out;
    out.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const unsigned k = rng() % 5;
        char buf[64];
        Alert a;
        std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012x", rng(), static_cast<unsigned>(i));
        a.eventId = buf;
        std::snprintf(buf, sizeof buf, "2024-%02u-%02uT%02u:%02u:%02uZ", 1 + rng() % 12, 1 + rng() % 28, rng() % 24, rng() % 60, rng() % 60);
        a.eventTime = buf;
        a.eventTimeMs = parseEventTimeMs(buf).value_or(0);  // as finishEventAlerts does
        a.severity = static_cast<Severity>(1 + i % 4);  // for the timeline's stacks; the random stream stays as it was
        a.eventName = names[k];
        a.eventSource = "ec2.amazonaws.com";
        a.resourceType = types[k];
        std::snprintf(buf, sizeof buf, "res-%07u", rng() % 200000);
        a.sharedResourceId = buf;
        std::snprintf(buf, sizeof buf, "%012u", 100000000u + rng() % 2000);
        a.addedAccount = buf;
        a.actorAccountId = "111122223333";
        std::snprintf(buf, sizeof buf, "user-%u", rng() % 300);
        a.userAccount = buf;
        a.actorArn = std::string("arn:aws:iam::111122223333:user/") + buf;
        std::snprintf(buf, sizeof buf, "10.%u.%u.%u", rng() % 256, rng() % 256, rng() % 256);
        a.sourceIp = buf;
        a.awsRegion = rng() % 2 ? "us-east-1" : "eu-west-1";
        if (rng() % 10 == 0)
            a.errorCode = "AccessDenied";
        out.push_back(std::move(a));
    }
    return out;
}

template <class F>
double timeMs(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return t.nsecsElapsed() / 1e6;
}

void modelBenchmarks(int count)
{
    std::mt19937 rng(7);
    AlertModel model;
    AlertFilter filter;
    filter.setAlertModel(&model);
    AllowList allow;
    filter.setAllowList(&allow);

    // The alerts are made first: the load time is the model's alone, as a scan delivers them.
    std::vector<std::vector<Alert>> batches;
    for (int done = 0; done < count; done += 50000)
        batches.push_back(makeAlerts(std::min(50000, count - done), rng));
    const double load = timeMs([&] {
        // Each batch is freed once appended, as a scan's are (freeing all at the end would
        // charge the allocator's clean-up to the first sort).
        for (std::vector<Alert> &batch : batches)
            model.appendAlerts(std::exchange(batch, {}), 0);
    });
    // Each timing includes the proxy's row count, as a view asks for it at once (the proxy maps lazily).
    filter.rowCount();
    int rows = 0;
    const double sortTime = timeMs([&] { filter.sort(AlertModel::columnOf(AlertField::EventTime), Qt::AscendingOrder); rows = filter.rowCount(); });
    const double sortAccount = timeMs([&] { filter.sort(AlertModel::columnOf(AlertField::AddedAccount), Qt::AscendingOrder); rows = filter.rowCount(); });
    const double text = timeMs([&] { filter.setText(QStringLiteral("user-12"), false); rows = filter.rowCount(); });
    const int textRows = rows;

    const double regex = timeMs([&] { filter.setText(QStringLiteral("^10\\.1\\d\\."), true); rows = filter.rowCount(); });
    filter.setText(QString(), false);
    filter.rowCount();
    const QString account = model.text(0, AlertField::AddedAccount);
    const double trust = timeMs([&] { allow.add({account, QString(), QDateTime::currentDateTimeUtc()}); rows = filter.rowCount(); });
    const int afterTrust = rows;
    const double untrust = timeMs([&] { allow.remove(account); rows = filter.rowCount(); });
    std::printf("{\"label\":\"model-%d\",\"load_ms\":%.0f,\"sort_time_ms\":%.1f,\"sort_account_ms\":%.1f,"
                "\"text_filter_ms\":%.1f,\"text_rows\":%d,\"regex_filter_ms\":%.1f,\"trust_ms\":%.1f,\"untrust_ms\":%.1f,"
                "\"hidden_by_trust\":%d}\n",
                count, load, sortTime, sortAccount, text, textRows, regex, trust, untrust, count - afterTrust);

    // The grouped views: each built from scratch over every row (the model's constructor
    // groups by account), then what a review and a click on a group cost once built.
    int groupCounts[3] = {};
    std::unique_ptr<GroupModel> groups;
    const double byAccount = timeMs([&] { groups = std::make_unique<GroupModel>(&filter); groupCounts[0] = groups->rowCount(); });
    const double byResource = timeMs([&] { groups->setGroupBy(GroupBy::Resource); groupCounts[1] = groups->rowCount(); });
    const double byActor = timeMs([&] { groups->setGroupBy(GroupBy::Actor); groupCounts[2] = groups->rowCount(); });
    groups->setGroupBy(GroupBy::Account);
    Review benign;
    benign.status = ReviewStatus::Benign;
    const double review = timeMs([&] { model.setReviews({count / 2}, {benign}); });
    const double toGroup = timeMs([&] { filter.setGroupFilter(GroupBy::Account, {groups->group(0).key}); rows = filter.rowCount(); });
    const int groupRows = rows;
    const double clearGroup = timeMs([&] { filter.clearGroupFilter(); rows = filter.rowCount(); });
    std::printf("{\"label\":\"groups-%d\",\"by_account_ms\":%.1f,\"accounts\":%d,\"by_resource_ms\":%.1f,\"resources\":%d,"
                "\"by_actor_ms\":%.1f,\"actors\":%d,\"review_ms\":%.2f,\"filter_to_group_ms\":%.1f,\"group_rows\":%d,"
                "\"clear_group_ms\":%.1f}\n",
                count, byAccount, groupCounts[0], byResource, groupCounts[1], byActor, groupCounts[2], review, toGroup, groupRows, clearGroup);

    // The timeline: its first count (the axis over every row, then the buckets), a count
    // again after a filter change, and dragging a range (the table's re-filter; no recount).
    AlertTimeline timeline(&filter);
    const double firstCount = timeMs([&] { timeline.refresh(); });
    const int buckets = timeline.bucketCount();
    filter.setMinimumSeverity(Severity::None);
    filter.setText(QStringLiteral("user-12"), false);
    filter.rowCount();
    const double filteredCount = timeMs([&] { timeline.refresh(); });
    const double drag = timeMs([&] {
        filter.setTimeSelection(timeline.bucketStart(buckets / 3), timeline.bucketEnd(buckets / 2));
        rows = filter.rowCount();
        timeline.refresh();
    });
    filter.setText(QString(), false);
    filter.clearTimeSelection();
    filter.rowCount();
    const double dragAll = timeMs([&] {
        filter.setTimeSelection(timeline.bucketStart(buckets / 3), timeline.bucketEnd(buckets / 2));
        rows = filter.rowCount();
    });
    std::printf("{\"label\":\"timeline-%d\",\"buckets\":%d,\"first_count_ms\":%.1f,\"count_after_text_filter_ms\":%.1f,"
                "\"drag_with_text_filter_ms\":%.1f,\"drag_ms\":%.1f,\"rows_in_range\":%d}\n",
                count, buckets, firstCount, filteredCount, drag, dragAll, rows);
}

// A case holding `count` alerts (each with a small event of its own), as a scan leaves it.
QString writeBenchCase(const QTemporaryDir &dir, int count)
{
    const QString path = dir.filePath(QStringLiteral("bench.sharescope"));
    QString error;
    std::unique_ptr<CaseFile> file = CaseFile::create(path, &error);
    if (!file) {
        std::fprintf(stderr, "cannot create the case: %s\n", qPrintable(error));
        return path;
    }
    std::mt19937 rng(11);
    for (int done = 0; done < count; done += 50000) {
        QVector<CaseFile::StoredAlert> stored;
        for (Alert &a : makeAlerts(std::min(50000, count - done), rng)) {
            a.location.record = static_cast<uint64_t>(done + stored.size());
            CaseFile::StoredAlert s;
            s.key = QString::fromStdString(alertKeyText(a));
            s.eventKey = QString::fromStdString(*a.eventId);
            s.alertJson = QByteArray::fromStdString(alertToJson(a, "/logs/bench.json"));
            s.eventJson = QByteArrayLiteral("{\"eventID\":\"") + s.eventKey.toUtf8() + QByteArrayLiteral("\"}");
            stored.push_back(std::move(s));
        }
        file->addAlerts(stored);
    }
    return path;
}

// The longest the window's thread went without running its event loop, measured by a
// timer that asks every 2 ms while the meter runs.
class StallMeter {
public:
    StallMeter()
    {
        m_tick.setInterval(2);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = m_worst = 0;
        m_tick.start();
    }
    // Also counts the time since the last tick (a block that ends the measured work).
    double stopMs()
    {
        m_tick.stop();
        m_worst = std::max(m_worst, m_clock.nsecsElapsed() - m_last);
        return m_worst / 1e6;
    }

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_last = 0, m_worst = 0;
};

// The time from openCase() until the model holds every alert of the case again and the
// table can show them: the first open reads their JSON (and stores the model's image),
// the next reads the image.
void caseOpen(const QTemporaryDir &dir, const QString &path, int count)
{
    // The first open reads the alerts' JSON and then stores the model's image; the next reads the image.
    // Also the longest the window's thread is held meanwhile: openCase() itself, then the
    // model taking the alerts in.
    double longestBlock = 0;
    auto open = [&](bool *fromImage, bool waitForImage) {
        Investigation investigation(dir.filePath(QStringLiteral("allow.json")), dir.path());
        QSignalSpy stored(&investigation, &Investigation::imageStored);
        QSignalSpy loaded(&investigation, &Investigation::caseLoaded);
        QString error;
        int rows = 0;
        StallMeter stalls;
        const double ms = timeMs([&] {
            stalls.start();
            if (!investigation.openCase(path, &error))
                std::fprintf(stderr, "cannot open the case: %s\n", qPrintable(error));
            if (!loaded.wait(120000))
                std::fprintf(stderr, "the case's alerts never came\n");
            longestBlock = stalls.stopMs();
            rows = investigation.filter()->rowCount();
        });
        *fromImage = investigation.loadedFromImage();
        if (waitForImage && !stored.wait(120000))
            std::fprintf(stderr, "the image was not stored\n");
        if (rows != count)
            std::fprintf(stderr, "%d rows of %d\n", rows, count);
        return ms;
    };
    bool firstFromImage = false, againFromImage = false;
    const double first = open(&firstFromImage, true);
    const double jsonBlock = longestBlock;
    const double again = open(&againFromImage, false);
    std::printf("{\"label\":\"case-%d\",\"open_json_ms\":%.0f,\"open_image_ms\":%.0f,\"image_used\":%s,\"bytes\":%lld,"
                "\"json_gui_longest_block_ms\":%.0f,\"image_gui_longest_block_ms\":%.0f}\n", count,
                first, again, !firstFromImage && againFromImage ? "true" : "false", static_cast<long long>(QFileInfo(path).size()),
                jsonBlock, longestBlock);
}

// A triage key in the window on a case of a million alerts: B (benign) on the current row,
// which saves the decision in the case and moves to the next alert waiting for one; then
// the same with "unreviewed only" on, where the decided row also leaves the table.
void triageKeys(const QTemporaryDir &dir, const QString &path, int count)
{
    MainWindow window(dir.filePath(QStringLiteral("allow.json")), dir.path());
    window.resize(1280, 800);
    window.show();
    // Shortcuts reach the active window only.
    QApplication::setActiveWindow(&window);
    if (!QTest::qWaitForWindowActive(&window))
        std::fprintf(stderr, "the window is not active: the keys will not be shortcuts\n");
    QElapsedTimer opening;
    opening.start();
    QSignalSpy loaded(window.investigation(), &Investigation::caseLoaded);
    if (!window.openCase(path) || !loaded.wait(120000))
        std::fprintf(stderr, "the window could not open the case\n");
    const double openMs = opening.nsecsElapsed() / 1e6;
    QTableView *view = window.alertView();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(count / 2, 0));
    QCoreApplication::processEvents();
    auto pressTimes = [&](int presses) {
        std::vector<double> times;
        for (int i = 0; i < presses; ++i) {
            times.push_back(timeMs([&] {
                QTest::keyClick(view, Qt::Key_B);
                QCoreApplication::processEvents();  // what the key queued: the repaint, the counts
            }));
        }
        std::sort(times.begin(), times.end());
        return std::make_pair(times[times.size() / 2], times.back());
    };
    const auto [median, worst] = pressTimes(21);
    window.alertFilter()->setUnreviewedOnly(true);
    QCoreApplication::processEvents();
    const auto [medianHiding, worstHiding] = pressTimes(21);
    std::printf("{\"label\":\"triage-%d\",\"window_open_case_ms\":%.0f,\"key_median_ms\":%.1f,\"key_worst_ms\":%.1f,\"unreviewed_only_key_median_ms\":%.1f,"
                "\"unreviewed_only_key_worst_ms\":%.1f,\"reviewed\":%d}\n",
                count, openMs, median, worst, medianHiding, worstHiding, window.investigation()->reviewedCount());
}

void scanStall(const QString &dir)
{
    QTemporaryDir home;
    MainWindow window(home.filePath(QStringLiteral("allow.json")));
    window.show();
    QElapsedTimer clock;
    StallMeter stalls;
    QSignalSpy done(&window, &MainWindow::scanFinished);
    clock.start();
    stalls.start();
    window.openPaths({dir});
    done.wait(600000);
    const double worst = stalls.stopMs();
    std::printf("{\"label\":\"gui-scan\",\"alerts\":%d,\"seconds\":%.2f,\"gui_longest_block_ms\":%.1f}\n",
                window.alertModel()->rowCount(), clock.nsecsElapsed() / 1e9, worst);
}

} // namespace

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    // BENCH_ONLY=model,case,triage runs just those parts.
    const QStringList only = qEnvironmentVariable("BENCH_ONLY").split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto wanted = [&](const char *part) { return only.isEmpty() || only.contains(QLatin1String(part)); };
    if (wanted("model"))
        modelBenchmarks(1000000);
    if (wanted("case") || wanted("triage")) {
        QTemporaryDir dir;
        const QString path = writeBenchCase(dir, 1000000);
        caseOpen(dir, path, 1000000);  // stores the image the window then opens
        if (wanted("triage"))
            triageKeys(dir, path, 1000000);
    }
    if (argc > 1)
        scanStall(QString::fromLocal8Bit(argv[1]));
    return 0;
}
