#pragma once
// The investigation window: wires the scan controller, the alert model and its
// filter, the event view, the allow-list and the problems list to menus,
// shortcuts and the status bar. It holds no detection logic.

#include "scan_controller.h"
#include "session_fwd.h"

#include <QMainWindow>
#include <QSet>
#include <QStringList>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTableWidget;
class QToolButton;
class QUndoStack;

namespace sharescope::gui {

class AllowListPanel;
class EventView;
class FilterBar;
class StartPage;
class TrustBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `allowListPath` empty: session::AllowList::defaultPath().
    explicit MainWindow(const QString &allowListPath = {}, QWidget *parent = nullptr);
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
    QTableWidget *problemsView() const { return m_problems; }
    QLabel *countsLabel() const { return m_counts; }
    QLabel *sentinelSummaryLabel() const { return m_sentinelSummary; }
    QToolButton *stopButton() const { return m_stop; }
    session::ScanController *scanController() const { return m_controller; }
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
    void startNextScan();
    void onFilesListed(int job, const QStringList &files);
    void onAlerts(int job, std::shared_ptr<std::vector<sharescope::Alert>> batch);
    void onFileFailed(int job, const QString &path, const QString &message);
    void onProgress(int job, const session::ScanStatus &status);
    void onFinished(int job, const sharescope::ScanSummary &summary);
    void onCurrentRowChanged();
    void updateCounts();
    void showTableMenu(const QPoint &pos);
    void showHeaderMenu(const QPoint &pos);
    void trustAccount(const QString &account);
    void addRecent(const QStringList &paths);
    void refreshRecentMenu();
    void restoreSettings();
    void saveSettings() const;
    int currentSourceRow() const;

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
    QTableWidget *m_problems;
    QDockWidget *m_allowDock, *m_problemsDock;
    QLabel *m_counts, *m_problemCount, *m_progressText, *m_sentinelSummary;
    QProgressBar *m_progress;
    QToolButton *m_stop;
    QMenu *m_recentMenu;
    QHash<QString, QAction *> m_actions;

    QStringList m_openedPaths;   // everything in the investigation, for F5
    QStringList m_queuedPaths;   // waiting for the running scan to end
    QSet<QString> m_priorEventIds;  // eventIDs loaded before the running scan
    int m_failedFiles = 0;
    quint64 m_sentinelOnly = 0;
    DetectionMode m_mode = DetectionMode::Extended;  // rule 0236 alerts that are not sharing, over the scans so far
    quint32 m_fileOffset = 0;    // the running job's first global file index
};

} // namespace sharescope::gui
