#pragma once
// The investigation without its window: the logs opened, the scans that read them,
// the alerts and their filter, the allow-list, the analyst's reviews, and the case
// file that keeps all of it. The window only wires widgets to this.
//
// There is always a case while logs are open: opening logs with no case creates an
// untitled one in the application's data folder (so no decision is ever only in
// memory); Save Case As gives it a name.

#include "alert_filter.h"
#include "alert_model.h"
#include "alert_timeline.h"
#include "allow_list.h"
#include "allow_list_model.h"
#include "case_file.h"
#include "group_model.h"
#include "review.h"
#include "scan_controller.h"
#include "view_state.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

namespace sharescope::session {

class Investigation : public QObject {
    Q_OBJECT
public:
    // `allowListPath` empty: AllowList::defaultPath(). `casesDir` empty: untitled cases go
    // to the app-data folder.
    explicit Investigation(const QString &allowListPath = {}, const QString &casesDir = {}, QObject *parent = nullptr);
    ~Investigation() override;

    AlertModel *alerts() const { return m_model; }
    AlertFilter *filter() const { return m_filter; }
    AllowList *allowList() const { return m_allowList; }
    AllowListModel *allowListModel() const { return m_allowModel; }
    GroupModel *groups() const { return m_groups; }
    // Alerts per time bucket; inactive until a view shows it (AlertTimeline::setActive).
    AlertTimeline *timeline() const { return m_timeline; }
    ScanController *scanner() const { return m_controller; }
    QString allowListLoadError() const { return m_allowListError; }

    // Logs. openPaths returns the paths that were already open (and are not read twice).
    QStringList openPaths(const QStringList &paths);
    const QStringList &openedPaths() const { return m_openedPaths; }
    void rescan();
    void stop();
    // A scan runs, or its alerts are still being written into the case.
    bool isScanning() const { return m_controller->isRunning() || m_finishing; }
    void setMode(DetectionMode mode);
    DetectionMode mode() const { return m_mode; }
    // The events looked at (ScanOptions::range), kept in the case; setting another one
    // rescans the open logs. A new or closed case looks at any time.
    void setTimeRange(const TimeRange &range);
    const TimeRange &timeRange() const { return m_range; }
    quint64 sentinelOnly() const { return m_sentinelOnly; }
    int failedFiles() const { return m_failedFiles; }

    // The case. Each returns false with a message in *error; the current case is kept then.
    CaseFile *caseFile() const { return m_case.get(); }
    bool isUntitled() const;
    // Whether the open case's alerts came from its model image (fast) rather than its JSON.
    bool loadedFromImage() const { return m_loadedFromImage; }
    void newCase();                                    // empties the investigation; the next logs start an untitled case
    // Opens the case and returns; its alerts are read on a thread of their own (the model
    // image, else their JSON) and shown in one step, then caseLoaded(). Meanwhile the model
    // is empty and logs opened wait their turn. False (the current case kept) when the
    // case cannot be opened.
    bool openCase(const QString &path, QString *error);
    // The open case's alerts are still being read.
    bool isLoading() const { return m_loading; }
    // Blocks until they are in (caseLoaded() is emitted from here then); at once when none are being read.
    void waitForLoad();
    bool saveCaseAs(const QString &path, QString *error);
    void closeCase();
    QString casesDir() const { return m_casesDir; }
    // The table's view kept in the case (meta "view"): written when it differs from what the
    // case holds (nothing for a read-only case, one whose alerts are still being read, or
    // without one); false with problem() when it
    // could not be. savedView() is the view the case holds, nullopt when it holds none.
    bool saveView(const ViewState &view);
    std::optional<ViewState> savedView() const;
    // Inputs whose content differs from what the case recorded (by SHA-256), or that are gone.
    const QStringList &changedInputs() const { return m_changedInputs; }

    // Reviews, by display row of the alert model.
    Review review(int row) const;
    // Sets the status (and, unless given, the classification it implies) on rows, in one transaction.
    bool setStatus(const QList<int> &rows, ReviewStatus status);
    bool setNote(int row, const QString &note);
    bool setClassification(const QList<int> &rows, Classification c);
    // What the status bar says, in one pass over the rows: the alerts the allow-list
    // leaves, how many of them rule 0236 raises too, and how many have a decision.
    struct Counts {
        int untrusted = 0, sentinel = 0, reviewed = 0;
    };
    Counts counts() const;
    int reviewedCount() const { return counts().reviewed; }
    QVector<HistoryEntry> history(int row) const;
    // The event's JSON from the case (for alerts whose log is not at hand).
    QByteArray storedEventJson(int row) const;

signals:
    void scanStarted();
    void progressed(const sharescope::session::ScanStatus &status);
    void fileFailed(const QString &path, const QString &message);
    void fileSkipped(const QString &path, const QString &reason);  // not read, and why (ScanController::fileSkipped)
    void fileNoted(const QString &path, const QString &notice);     // read, and how needs saying (ambiguous dates)
    void timeRangeChanged();
    void scanFinished(const sharescope::ScanSummary &summary);
    // Event names and resource types seen in a batch, for the filter choices.
    void valuesSeen(const QStringList &eventNames, const QStringList &resourceTypes);
    void caseChanged();
    void caseLoaded();                // the alerts of the case openCase() opened are in the model
    void reviewsChanged();
    void inputsChecked();             // changedInputs() is known
    // The model's image was written into the case (or could not be: `error` says why), for the next open.
    void imageStored(bool ok, const QString &error);
    void problem(const QString &message);  // a save failed, a case could not be read, ...

private:
    void startNextScan();
    void onFilesListed(int job, const QStringList &files);
    void onAlerts(int job, std::shared_ptr<std::vector<Alert>> batch);
    void onFinished(int job, const ScanSummary &summary);
    void finishScan(const ScanSummary &summary);  // once the scan's alerts are in the case
    void storeLateFindings();
    bool ensureCase();
    void clearLoaded();
    void loadFromCase();
    // What a case's alerts are, read off the window's thread (openCase).
    struct LoadedAlerts {
        std::optional<AlertModel::Contents> contents;
        bool fromImage = false;
        QByteArray image;     // read from JSON: the model's image, to store for the next open
        QString readFailure;  // why a read stopped early (a damaged page)
    };
    // Reads them through a connection of its own: the model image when current and whole,
    // else every alert's JSON, parsed and interned into a model of this thread, which also
    // gives each row its decision among `reviews`. Stops early (contents empty) once
    // `cancel` is set.
    static LoadedAlerts readCaseAlerts(const QString &path, const QHash<QString, Review> &reviews, const std::atomic<bool> &cancel);
    void finishLoad(quint64 serial);  // on the window's thread, once the reader is done
    void cancelLoad();
    // Writes the model's image (`image`, else made now) into the case, on a thread of its own.
    void storeImage(QByteArray image = {});
    void savePathsToCase();  // the logs opened (meta "paths"), for F5 and the next open
    void saveAllowListToCase();
    void saveTimeRangeToCase();
    void recordInputs();
    void checkInputs();
    bool applyReviews(const QList<int> &rows, const std::function<Review(const Review &)> &change);

    AlertModel *m_model;
    AlertFilter *m_filter;
    AllowList *m_allowList;
    AllowListModel *m_allowModel;
    GroupModel *m_groups;
    AlertTimeline *m_timeline;
    ScanController *m_controller;
    QString m_allowListError;

    std::unique_ptr<CaseFile> m_case;
    quint64 m_caseSerial = 0;   // changes when another investigation is loaded (not on Save As)
    bool m_loadedFromImage = false;
    bool m_finishing = false;   // a scan ended; its alerts are still being written (onFinished)
    mutable std::optional<Counts> m_counts;  // counts(), until rows arrive or the allow-list changes
    std::thread m_imageWriter;  // storeImage(); joined before the next and on destruction
    std::thread m_loader;       // openCase's reader of the alerts; joined when done, cancelled or destroyed
    bool m_loading = false;
    quint64 m_loadSerial = 0;   // which openCase the reader's result belongs to
    std::shared_ptr<std::atomic<bool>> m_loadCancel;
    std::shared_ptr<LoadedAlerts> m_loadResult;  // written by the reader, read once it is joined
    QString m_casesDir;
    QHash<QString, Review> m_reviews;   // by AlertKey
    QStringList m_changedInputs;
    QByteArray m_savedView;      // the view's JSON as the case holds it

    QStringList m_openedPaths;   // everything in the investigation, for F5
    QStringList m_queuedPaths;   // waiting for the running scan to end
    QStringList m_scannedFiles;  // the log files the scans read
    QSet<QString> m_priorEventIds;  // eventIDs loaded before the running scan
    int m_failedFiles = 0;
    quint64 m_sentinelOnly = 0;
    DetectionMode m_mode = DetectionMode::Extended;
    TimeRange m_range;
    quint32 m_fileOffset = 0;    // the running job's first global file index
};

} // namespace sharescope::session
