#pragma once
// The investigation window: wires the scan controller, the alert model and its
// filter, the event view, the allow-list and the problems list to menus,
// shortcuts and the status bar. It holds no detection logic.

#include "elided_label.h"
#include "scan_controller.h"
#include "review.h"
#include "session_fwd.h"
#include "view_state.h"

#include <QMainWindow>
#include <QSet>
#include <QStringList>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTableWidget;
class QTimer;
class QToolButton;
class QUndoStack;

namespace sharescope::gui {

class AllowListPanel;
class EventView;
class FilterBar;
class GroupPanel;
class StartPage;
class TimelineView;
class TrustBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `allowListPath` empty: session::AllowList::defaultPath().
    // `casesDir` empty: untitled cases go to the app-data folder.
    explicit MainWindow(const QString &allowListPath = {}, const QString &casesDir = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds logs to the investigation and scans them (after the running scan, if any).
    void openPaths(const QStringList &paths);
    static QString samplesDir();

    // For tests and scripts.
    session::AlertModel *alertModel() const { return m_model; }
    session::AlertFilter *alertFilter() const { return m_filter; }
    session::AllowList *allowList() const { return m_allowList; }
    QTableView *alertView() const { return m_table; }
    EventView *eventView() const { return m_eventView; }
    FilterBar *filterBar() const { return m_filterBar; }
    TrustBar *trustBar() const { return m_trustBar; }
    StartPage *startPage() const { return m_startPage; }
    AllowListPanel *allowListPanel() const { return m_allowPanel; }
    GroupPanel *groupPanel() const { return m_groupPanel; }
    QDockWidget *groupsDock() const { return m_groupsDock; }
    TimelineView *timelineView() const { return m_timelineView; }
    QDockWidget *timelineDock() const { return m_timelineDock; }
    QTableWidget *problemsView() const { return m_problems; }
    ElidedLabel *countsLabel() const { return m_counts; }
    ElidedLabel *problemCountLabel() const { return m_problemCount; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    ElidedLabel *sentinelSummaryLabel() const { return m_sentinelSummary; }
    ElidedLabel *timeRangeLabel() const { return m_timeRange; }
    ElidedLabel *progressLabel() const { return m_progressText; }
    QToolButton *stopButton() const { return m_stop; }
    session::ScanController *scanController() const { return m_controller; }
    session::Investigation *investigation() const { return m_investigation; }
    bool isScanning() const;
    QAction *action(const QString &name) const;

public slots:
    void openFilesDialog();
    void openFolderDialog();
    void openSample();
    void rescan();
    void stopScan();
    void trustSelected();
    void copySelection();
    void copyRowsAsJson();
    void triageSelected(sharescope::session::ReviewStatus status);
    void editNote();
    void newCase();
    void closeCase();
    void openCaseDialog();
    bool openCase(const QString &path);
    void saveCaseAsDialog();
    bool saveCaseAs(const QString &path);
    void exportViewDialog();
    void queryLakeDialog();
    void timeRangeDialog();

signals:
    void scanFinished();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildDocks();
    void buildStatusBar();
    void onScanStarted();
    void onFileFailed(const QString &path, const QString &message);
    void onFileSkipped(const QString &path, const QString &reason);
    void onFileNoted(const QString &path, const QString &notice);
    void addProblemRow(const QString &path, const QString &message);
    // Sizes the Problems panel's File column to its paths (within a share of the panel).
    void fitProblemFileColumn();
    void onTimeRangeChanged();
    void onProgress(const session::ScanStatus &status);
    void onFinished(const sharescope::ScanSummary &summary);
    void onCaseChanged();
    void onCaseLoaded();  // the alerts of the case opened are in: its view, and whether it is read-only
    void onInputsChecked();
    void resetInvestigationView();
    void onCurrentRowChanged();
    void updateCounts();
    void showTableMenu(const QPoint &pos);
    void showHeaderMenu(const QPoint &pos);
    // `fromAlert`: the AlertKey of the alert it is trusted from, kept with the entry.
    void trustAccount(const QString &account, const QString &fromAlert = {});
    void addRecent(const QStringList &paths);
    void refreshRecentMenu();
    void restoreSettings();
    void saveSettings() const;
    // The table's view (filters, sort, columns) as the case keeps it: saved shortly after it
    // changes, and at once before the case is left; restored when a case is opened.
    session::ViewState currentView() const;
    void scheduleViewSave();
    void saveViewNow();
    void restoreView(const session::ViewState &view);
    int currentSourceRow() const;
    QList<int> selectedSourceRows() const;
    QList<int> sourceRowsBelowCurrent() const;
    // Makes the first of `sourceRows` that is visible (and `wanted`) the current, selected row.
    void showUses(int sourceRow);  // the event pane's chooser of the share's uses
    void selectFirstVisible(const QList<int> &sourceRows, const std::function<bool(int)> &wanted = {});
    void openRecent(const QString &path);
    void reclaimFocus();

    session::AlertModel *m_model;
    session::AlertFilter *m_filter;
    session::AllowList *m_allowList;
    session::AllowListModel *m_allowModel;
    QUndoStack *m_undo;
    session::ScanController *m_controller;

    QStackedWidget *m_stack;
    StartPage *m_startPage;
    FilterBar *m_filterBar;
    TrustBar *m_trustBar;
    QTableView *m_table;
    EventView *m_eventView;
    QSplitter *m_splitter;
    AllowListPanel *m_allowPanel;
    GroupPanel *m_groupPanel;
    TimelineView *m_timelineView;
    QTableWidget *m_problems;
    QDockWidget *m_allowDock, *m_problemsDock, *m_groupsDock, *m_timelineDock;
    ElidedLabel *m_counts, *m_problemCount, *m_progressText, *m_sentinelSummary, *m_timeRange;
    QProgressBar *m_progress;
    QToolButton *m_stop;
    QMenu *m_recentMenu;
    QHash<QString, QAction *> m_actions;

    session::Investigation *m_investigation;
    bool m_problemsShown = false;   // the Problems panel opened itself once already
    int m_problemPathWidth = 0;     // the widest path in the Problems panel, in pixels
    QTimer *m_viewSave = nullptr;
    bool m_restoringView = false;
};

} // namespace sharescope::gui
