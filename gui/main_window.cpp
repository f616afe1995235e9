#include "main_window.h"

#include "alert_delegate.h"
#include "alert_filter.h"
#include "alert_model.h"
#include "allow_list.h"
#include "allow_list_model.h"
#include "allow_list_panel.h"
#include "event_view.h"
#include "filter_bar.h"
#include "group_panel.h"
#include "investigation.h"
#include "lake_query_dialog.h"
#include "plain_tip.h"
#include "view_export.h"
#include "start_page.h"
#include "status_strip.h"
#include "time_range_dialog.h"
#include "timeline_view.h"
#include "trust_bar.h"
#include "trust_commands.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

namespace sharescope::gui {

namespace {
constexpr int kMaxRecent = 10;

QString formatSeconds(double s)
{
    if (s < 0)
        return QStringLiteral("…");
    if (s < 60)
        return QCoreApplication::translate("MainWindow", "%1 s").arg(qCeil(s));
    return QCoreApplication::translate("MainWindow", "%1 min %2 s").arg(int(s) / 60).arg(int(s) % 60);
}
} // namespace

MainWindow::MainWindow(const QString &allowListPath, const QString &casesDir, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ShareScope"));
    setAcceptDrops(true);
    m_investigation = new session::Investigation(allowListPath, casesDir, this);
    m_model = m_investigation->alerts();
    m_filter = m_investigation->filter();
    m_allowList = m_investigation->allowList();
    m_allowModel = m_investigation->allowListModel();
    m_controller = m_investigation->scanner();
    m_undo = new QUndoStack(this);
    if (const QString error = m_investigation->allowListLoadError(); !error.isEmpty()) {
        // Said once the window is up: the analyst must know their trusted accounts are not applied.
        QTimer::singleShot(0, this, [this, error] { QMessageBox::warning(this, tr("Allow-list"), error); });
    }
    connect(m_investigation, &session::Investigation::problem, this, [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_allowModel, &session::AllowListModel::editRequested, this,
            [this](const QString &account, session::AllowField field, const QVariant &before, const QVariant &after) {
                m_undo->push(new EditEntryCommand(m_allowList, account, field, before, after));
            });

    // The investigation page: filters, the trust strip, then the table above the event.
    m_filterBar = new FilterBar(m_filter, this);
    m_trustBar = new TrustBar(this);
    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setItemDelegate(new AlertDelegate(m_table));
    m_table->sortByColumn(session::AlertModel::columnOf(AlertField::EventTime), Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    const int charWidth = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    // Widths and the columns shown by default come from the field catalogue.
    for (int c = 0; c < session::AlertModel::fieldColumnCount(); ++c) {
        const FieldSpec &spec = fieldSpec(session::AlertModel::fieldOf(c));
        m_table->setColumnWidth(c, spec.width * charWidth);
        m_table->setColumnHidden(c, !spec.has(field_flags::WindowShown));
    }
    // The decision sits next to the time, where the eye starts; the note at the end.
    const int status = session::AlertModel::reviewColumn(session::AlertModel::StatusColumn);
    m_table->setColumnWidth(status, 10 * charWidth);  // "Suspicious", the longest
    m_table->setColumnWidth(session::AlertModel::reviewColumn(session::AlertModel::NoteColumn), 30 * charWidth);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->moveSection(columns->visualIndex(status), 1);
    // Whether the share was used is read with its severity (a used share ranks above an unused
    // one): the Uses column sits right after Severity, not past Revoked at the far right. Only
    // the window's default order: the catalogue's, which the command line writes, stays.
    const int uses = session::AlertModel::columnOf(AlertField::Uses);
    columns->moveSection(columns->visualIndex(uses), columns->visualIndex(session::AlertModel::columnOf(AlertField::Severity)) + 1);
    m_eventView = new EventView(this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_eventView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *investigation = new QWidget(this);
    auto *layout = new QVBoxLayout(investigation);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_trustBar);
    layout->addWidget(m_splitter, 1);

    m_startPage = new StartPage(this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_startPage);
    m_stack->addWidget(investigation);
    setCentralWidget(m_stack);

    buildActions();
    buildMenus();
    buildDocks();
    buildStatusBar();

    connect(m_startPage, &StartPage::openFilesRequested, this, &MainWindow::openFilesDialog);
    connect(m_startPage, &StartPage::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_startPage, &StartPage::sampleRequested, this, &MainWindow::openSample);
    connect(m_startPage, &StartPage::recentRequested, this, &MainWindow::openRecent);
    connect(m_investigation, &session::Investigation::scanStarted, this, &MainWindow::onScanStarted);
    connect(m_investigation, &session::Investigation::valuesSeen, m_filterBar, &FilterBar::noteValues);
    connect(m_investigation, &session::Investigation::fileFailed, this, &MainWindow::onFileFailed);
    connect(m_investigation, &session::Investigation::fileSkipped, this, &MainWindow::onFileSkipped);
    connect(m_investigation, &session::Investigation::fileNoted, this, &MainWindow::onFileNoted);
    connect(m_investigation, &session::Investigation::timeRangeChanged, this, &MainWindow::onTimeRangeChanged);
    connect(m_investigation, &session::Investigation::progressed, this, &MainWindow::onProgress);
    connect(m_investigation, &session::Investigation::scanFinished, this, &MainWindow::onFinished);
    connect(m_investigation, &session::Investigation::reviewsChanged, this, &MainWindow::updateCounts);
    connect(m_investigation, &session::Investigation::caseChanged, this, &MainWindow::onCaseChanged);
    connect(m_investigation, &session::Investigation::caseLoaded, this, &MainWindow::onCaseLoaded);
    connect(m_investigation, &session::Investigation::inputsChecked, this, &MainWindow::onInputsChecked);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onCurrentRowChanged);
    connect(m_table, &QWidget::customContextMenuRequested, this, &MainWindow::showTableMenu);
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    connect(m_filter, &session::AlertFilter::filtersChanged, this, &MainWindow::updateCounts);
    // A row filtered out takes its event with it: the pane never shows an alert the table does not.
    auto dropStaleEvent = [this] {
        if (!m_table->currentIndex().isValid())
            m_eventView->clear();
    };
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, dropStaleEvent);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, dropStaleEvent);
    connect(m_filter, &QAbstractItemModel::modelReset, this, dropStaleEvent);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCounts);
    connect(m_trustBar, &TrustBar::labelEntered, this, [this](const QString &account, const QString &label) {
        const int i = m_allowList->indexOf(account);
        if (i >= 0 && !label.isEmpty())
            m_undo->push(new EditEntryCommand(m_allowList, account, session::AllowField::Label, m_allowList->entries()[i].label, label));
        m_table->setFocus();
    });
    connect(m_trustBar, &TrustBar::undoRequested, m_undo, &QUndoStack::undo);

    restoreSettings();
    updateCounts();

    // The view goes into the case a moment after it changes: a drag of a column's edge or a
    // burst of keys is one write.
    m_viewSave = new QTimer(this);
    m_viewSave->setSingleShot(true);
    m_viewSave->setInterval(400);
    connect(m_viewSave, &QTimer::timeout, this, &MainWindow::saveViewNow);
    connect(m_filter, &session::AlertFilter::filtersChanged, this, &MainWindow::scheduleViewSave);
    QHeaderView *header = m_table->horizontalHeader();
    connect(header, &QHeaderView::sortIndicatorChanged, this, &MainWindow::scheduleViewSave);
    connect(header, &QHeaderView::sectionResized, this, &MainWindow::scheduleViewSave);
    connect(header, &QHeaderView::sectionMoved, this, &MainWindow::scheduleViewSave);
    connect(m_investigation, &session::Investigation::caseChanged, this, &MainWindow::scheduleViewSave);
}

MainWindow::~MainWindow()
{
    // QWidget's destructor hides the children, and a hidden table's header reports its
    // sections resized: by then this is no MainWindow any more, so no slot of it may run.
    m_table->horizontalHeader()->disconnect(this);
}

QAction *MainWindow::action(const QString &name) const
{
    return m_actions.value(name);
}

void MainWindow::buildActions()
{
    auto make = [this](const QString &name, const QString &text, const QKeySequence &key, auto slot,
                       const QString &icon = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        if (!icon.isEmpty())
            a->setIcon(QIcon::fromTheme(icon));
        connect(a, &QAction::triggered, this, slot);
        addAction(a);  // shortcuts work wherever the focus is in the window
        m_actions.insert(name, a);
        return a;
    };
    make(QStringLiteral("openFiles"), tr("&Open Files…"), QKeySequence::Open, &MainWindow::openFilesDialog, QStringLiteral("document-open"));
    make(QStringLiteral("openFolder"), tr("Open &Folder…"), QKeySequence(tr("Ctrl+Shift+O")), &MainWindow::openFolderDialog, QStringLiteral("folder-open"));
    make(QStringLiteral("sample"), tr("Open the &Sample Logs"), QKeySequence(tr("Ctrl+Shift+E")), &MainWindow::openSample);
    make(QStringLiteral("newCase"), tr("&New Case"), QKeySequence::New, &MainWindow::newCase, QStringLiteral("document-new"));
    make(QStringLiteral("openCase"), tr("Open &Case…"), QKeySequence(tr("Ctrl+Alt+O")), &MainWindow::openCaseDialog);
    make(QStringLiteral("saveCaseAs"), tr("Save Case &As…"), QKeySequence(tr("Ctrl+Shift+S")), &MainWindow::saveCaseAsDialog, QStringLiteral("document-save-as"));
    make(QStringLiteral("closeCase"), tr("&Close Case"), QKeySequence::Close, &MainWindow::closeCase);
    make(QStringLiteral("queryLake"), tr("&Query a Data Lake…"), QKeySequence(tr("Ctrl+Shift+Q")), &MainWindow::queryLakeDialog);
    make(QStringLiteral("exportView"), tr("&Export View…"), QKeySequence(tr("Ctrl+Shift+X")), &MainWindow::exportViewDialog);
    make(QStringLiteral("timeRange"), tr("Time Ran&ge…"), QKeySequence(tr("Ctrl+Shift+T")), &MainWindow::timeRangeDialog);
    make(QStringLiteral("rescan"), tr("&Rescan"), QKeySequence(Qt::Key_F5), &MainWindow::rescan, QStringLiteral("view-refresh"));
    make(QStringLiteral("stop"), tr("S&top Scan"), QKeySequence(Qt::Key_Escape), &MainWindow::stopScan, QStringLiteral("process-stop"));
    make(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    addAction(undo);
    m_actions.insert(QStringLiteral("undo"), undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    redo->setObjectName(QStringLiteral("redo"));
    addAction(redo);
    m_actions.insert(QStringLiteral("redo"), redo);
    make(QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy, &MainWindow::copySelection, QStringLiteral("edit-copy"));
    make(QStringLiteral("copyJson"), tr("Copy Rows as &JSON"), QKeySequence(tr("Ctrl+Shift+J")), &MainWindow::copyRowsAsJson);
    make(QStringLiteral("copyEvent"), tr("Copy &Event JSON"), QKeySequence(tr("Ctrl+Shift+C")), [this] { m_eventView->copyEventJson(); });
    make(QStringLiteral("reveal"), tr("Re&veal Log File"), QKeySequence(tr("Ctrl+Shift+R")), [this] { m_eventView->revealFile(); });
    make(QStringLiteral("find"), tr("&Filter…"), QKeySequence::Find, [this] {
        m_filterBar->textField()->setFocus();
        m_filterBar->textField()->selectAll();
    });
    make(QStringLiteral("trust"), tr("&Trust Added Account"), QKeySequence(tr("Ctrl+T")), &MainWindow::trustSelected, QStringLiteral("security-high"));
    make(QStringLiteral("showTrusted"), tr("Show T&rusted Alerts"), QKeySequence(tr("Ctrl+H")), [this] {
        m_filterBar->showTrustedBox()->toggle();
    });
    make(QStringLiteral("clearFilters"), tr("C&lear Filters"), QKeySequence(tr("Ctrl+Shift+L")), [this] {
        m_filterBar->textField()->clear();
        m_filterBar->eventBox()->setCurrentIndex(0);
        m_filterBar->typeBox()->setCurrentIndex(0);
        m_filterBar->resultBox()->setCurrentIndex(0);
        m_filterBar->severityBox()->setCurrentIndex(0);
        m_filter->clearValueFilters();
        m_filter->clearGroupFilter();
        m_filter->clearTimeSelection();
    });
    // Triage, one key each, like mail: the decision is saved and the next alert without one is selected.
    // They act in the table only, so that typing in a field never decides anything.
    const struct {
        const char *name;
        QString text;
        Qt::Key key;
        session::ReviewStatus status;
    } triage[] = {
        {"markBenign", tr("Mark &Benign"), Qt::Key_B, session::ReviewStatus::Benign},
        {"markSuspicious", tr("Mark &Suspicious"), Qt::Key_S, session::ReviewStatus::Suspicious},
        {"markMalicious", tr("Mark &Malicious"), Qt::Key_M, session::ReviewStatus::Malicious},
        {"markInReview", tr("Mark &In Review"), Qt::Key_I, session::ReviewStatus::InReview},
        {"markNew", tr("Mark &Unreviewed"), Qt::Key_U, session::ReviewStatus::New},
    };
    for (const auto &t : triage) {
        const session::ReviewStatus status = t.status;
        QAction *a = make(QString::fromLatin1(t.name), t.text, QKeySequence(t.key), [this, status] { triageSelected(status); });
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        removeAction(a);
        m_table->addAction(a);
    }
    QAction *note = make(QStringLiteral("editNote"), tr("Edit &Note…"), QKeySequence(Qt::Key_N), &MainWindow::editNote);
    note->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    removeAction(note);
    m_table->addAction(note);
    QAction *unreviewed = make(QStringLiteral("unreviewedOnly"), tr("&Unreviewed Only"), QKeySequence(tr("Ctrl+Shift+U")), [this] {
        m_filter->setUnreviewedOnly(action(QStringLiteral("unreviewedOnly"))->isChecked());
    });
    unreviewed->setCheckable(true);
    make(QStringLiteral("focusTable"), tr("Go to &Alerts"), QKeySequence(tr("Ctrl+1")), [this] { m_table->setFocus(); });
    QAction *sentinelOnly = make(QStringLiteral("sentinelMode"), tr("Rule 0236 &Only (Sentinel Mode)"), QKeySequence(tr("Ctrl+Shift+M")), [this] {
        // Exactly what Microsoft Sentinel's rule raises, for comparing with a deployment; rescans.
        const bool sentinel = action(QStringLiteral("sentinelMode"))->isChecked();
        m_sentinelSummary->setVisible(!sentinel);
        resetInvestigationView();
        m_investigation->setMode(sentinel ? DetectionMode::Sentinel : DetectionMode::Extended);
    });
    sentinelOnly->setCheckable(true);
    make(QStringLiteral("about"), tr("&About ShareScope"), QKeySequence(Qt::Key_F1), [this] {
        QMessageBox::about(this, tr("About ShareScope"),
                           tr("ShareScope %1\nFinds AWS resources shared outside your trust in CloudTrail logs.")
                               .arg(QStringLiteral(SHARESCOPE_VERSION)));
    });
    action(QStringLiteral("stop"))->setEnabled(false);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("newCase")));
    file->addAction(action(QStringLiteral("openCase")));
    file->addAction(action(QStringLiteral("saveCaseAs")));
    file->addAction(action(QStringLiteral("closeCase")));
    file->addAction(action(QStringLiteral("exportView")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("openFiles")));
    file->addAction(action(QStringLiteral("openFolder")));
    file->addAction(action(QStringLiteral("queryLake")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(action(QStringLiteral("sample")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("timeRange")));
    file->addAction(action(QStringLiteral("rescan")));
    file->addAction(action(QStringLiteral("stop")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(QStringLiteral("undo")));
    edit->addAction(action(QStringLiteral("redo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("copy")));
    edit->addAction(action(QStringLiteral("copyJson")));
    edit->addAction(action(QStringLiteral("copyEvent")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("find")));
    edit->addAction(action(QStringLiteral("clearFilters")));

    QMenu *alerts = menuBar()->addMenu(tr("&Alerts"));
    for (const char *name : {"markBenign", "markSuspicious", "markMalicious", "markInReview", "markNew", "editNote", "unreviewedOnly"})
        alerts->addAction(action(QString::fromLatin1(name)));
    alerts->addSeparator();
    alerts->addAction(action(QStringLiteral("trust")));
    alerts->addAction(action(QStringLiteral("showTrusted")));
    alerts->addAction(action(QStringLiteral("reveal")));
    alerts->addAction(action(QStringLiteral("focusTable")));
    alerts->addSeparator();
    alerts->addAction(action(QStringLiteral("sentinelMode")));

    menuBar()->addMenu(tr("&View"))->setObjectName(QStringLiteral("viewMenu"));
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("about")));

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(action(QStringLiteral("openFiles")));
    tools->addAction(action(QStringLiteral("openFolder")));
    tools->addAction(action(QStringLiteral("rescan")));
    tools->addSeparator();
    tools->addAction(action(QStringLiteral("trust")));
    tools->addAction(action(QStringLiteral("undo")));
    refreshRecentMenu();
}

void MainWindow::buildDocks()
{
    m_allowPanel = new AllowListPanel(m_allowList, m_allowModel, m_undo, this);
    connect(m_allowPanel, &AllowListPanel::trustRequested, this, [this](const QString &account) { trustAccount(account); });
    connect(m_allowPanel, &AllowListPanel::message, this, [this](const QString &text) { statusBar()->showMessage(text, 4000); });
    m_allowDock = new QDockWidget(tr("Allow-list"), this);
    m_allowDock->setObjectName(QStringLiteral("allowListDock"));
    m_allowDock->setWidget(m_allowPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_allowDock);

    m_problems = new QTableWidget(0, 2, this);
    m_problems->setObjectName(QStringLiteral("problemsView"));
    m_problems->setHorizontalHeaderLabels({tr("File"), tr("Problem")});
    m_problems->horizontalHeader()->setStretchLastSection(true);
    m_problems->verticalHeader()->setVisible(false);
    m_problems->verticalHeader()->setDefaultSectionSize(m_problems->fontMetrics().height() + 6);  // one line a problem, as in the table
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Paths are cut in their middle, never at their end: the file's own name stays in sight.
    m_problems->setWordWrap(false);
    m_problems->setTextElideMode(Qt::ElideMiddle);
    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();
    // Hidden, the panel has no width to share out: its File column is fitted when it is shown.
    connect(m_problemsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            fitProblemFileColumn();
    });

    // The groups take the width of the window (they have many columns), below the table; shown on demand.
    m_groupPanel = new GroupPanel(m_investigation->groups(), m_filter, this);
    m_groupsDock = new QDockWidget(tr("Groups"), this);
    m_groupsDock->setObjectName(QStringLiteral("groupsDock"));
    m_groupsDock->setWidget(m_groupPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_groupsDock);
    m_groupsDock->hide();

    // The timeline sits above the groups, as wide as the window: time reads left to right.
    m_timelineView = new TimelineView(m_investigation->timeline(), m_filter, this);
    m_timelineDock = new QDockWidget(tr("Timeline"), this);
    m_timelineDock->setObjectName(QStringLiteral("timelineDock"));
    m_timelineDock->setWidget(m_timelineView);
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    m_timelineDock->hide();
    // The bottom docks stack, each as wide as the window, rather than share its width:
    // the timeline, the groups, then the problems (side by side each got a third, and a
    // file name or a week of bars does not fit in that).
    splitDockWidget(m_timelineDock, m_groupsDock, Qt::Vertical);
    splitDockWidget(m_groupsDock, m_problemsDock, Qt::Vertical);

    QMenu *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
    QAction *timelineToggle = m_timelineDock->toggleViewAction();
    timelineToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    timelineToggle->setObjectName(QStringLiteral("showTimeline"));
    view->addAction(timelineToggle);
    addAction(timelineToggle);
    m_actions.insert(QStringLiteral("showTimeline"), timelineToggle);
    QAction *groupsToggle = m_groupsDock->toggleViewAction();
    groupsToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+G")));
    groupsToggle->setObjectName(QStringLiteral("showGroups"));
    view->addAction(groupsToggle);
    addAction(groupsToggle);
    m_actions.insert(QStringLiteral("showGroups"), groupsToggle);
    QAction *allowToggle = m_allowDock->toggleViewAction();
    allowToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    QAction *problemsToggle = m_problemsDock->toggleViewAction();
    problemsToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    view->addAction(allowToggle);
    view->addAction(problemsToggle);
    addAction(allowToggle);
    addAction(problemsToggle);
}

void MainWindow::buildStatusBar()
{
    // Every text gives way when the bar is narrow (cut with "…", whole in its tooltip), so
    // that long counts never widen the window. What the analyst reads first (rank 0: the
    // counts, the time range, the problem count) stays whole before the rule 0236 sentence
    // and the scan's progress or summary (rank 1) get more than a few characters.
    auto *strip = new StatusStrip(this);
    m_counts = new ElidedLabel(16, strip);
    m_sentinelSummary = new ElidedLabel(10, strip);
    m_sentinelSummary->setToolTip(tr("ShareScope's extended detection compared with Microsoft Sentinel's rule 0236 on the same events"));
    m_timeRange = new ElidedLabel(12, strip);
    m_timeRange->setToolTip(tr("Only events in this range are looked at (File ▸ Time Range…)"));
    m_timeRange->hide();
    m_problemCount = new ElidedLabel(8, strip);
    m_problemCount->setToolTip(tr("The Problems panel names them (View ▸ Problems, Ctrl+Shift+P)"));
    m_progressText = new ElidedLabel(12, strip);
    m_progressText->hide();
    strip->addLabel(m_counts, StatusStrip::Side::Left, 0);
    strip->addLabel(m_sentinelSummary, StatusStrip::Side::Left, 1);
    strip->addLabel(m_timeRange, StatusStrip::Side::Right, 0);
    strip->addLabel(m_problemCount, StatusStrip::Side::Right, 0);
    strip->addLabel(m_progressText, StatusStrip::Side::Right, 1);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_stop = new QToolButton(this);
    m_stop->setDefaultAction(action(QStringLiteral("stop")));
    m_stop->setToolButtonStyle(Qt::ToolButtonTextOnly);
    statusBar()->addWidget(strip, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_stop);
    m_progress->hide();
    m_stop->hide();
}

QString MainWindow::samplesDir()
{
    const QString env = qEnvironmentVariable("SHARESCOPE_SAMPLES");
    if (!env.isEmpty())
        return env;
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/sharescope/samples");
    if (QDir(installed).exists())
        return QDir(installed).canonicalPath();
    return QStringLiteral(SHARESCOPE_SOURCE_SAMPLES);
}

bool MainWindow::isScanning() const
{
    return m_investigation->isScanning();
}

void MainWindow::openFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open CloudTrail logs"), QString(),
        tr("CloudTrail logs (*.json *.json.gz *.gz *.jsonl *.ndjson *.log);;All files (*)"));
    reclaimFocus();  // the keys go back to the window, not to the dialog that was
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::openFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of CloudTrail logs"));
    reclaimFocus();
    if (!dir.isEmpty())
        openPaths({dir});
}

void MainWindow::openSample()
{
    openPaths({samplesDir()});
}

void MainWindow::openPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    // A path already in the investigation is not read twice (its alerts are there).
    const QStringList already = m_investigation->openPaths(paths);
    for (const QString &p : already)
        statusBar()->showMessage(tr("%1 is already open.").arg(QDir::toNativeSeparators(p)), 4000);
    addRecent(paths);
    m_stack->setCurrentIndex(1);
}

void MainWindow::onScanStarted()
{
    m_progress->setValue(0);
    m_progress->show();
    m_progressText->setText(tr("Listing files…"));
    m_progressText->show();
    m_stop->show();
    action(QStringLiteral("stop"))->setEnabled(true);
}

void MainWindow::rescan()
{
    if (m_investigation->openedPaths().isEmpty())
        return;
    resetInvestigationView();
    m_investigation->rescan();
    updateCounts();
}

void MainWindow::resetInvestigationView()
{
    m_filterBar->resetChoices();
    m_eventView->clear();
    m_problems->setRowCount(0);
    m_problemPathWidth = 0;
    m_problemCount->clear();
}

void MainWindow::stopScan()
{
    if (!isScanning())
        return;
    m_investigation->stop();
    m_progressText->setText(tr("Stopping…"));
}

void MainWindow::addProblemRow(const QString &path, const QString &message)
{
    const int row = m_problems->rowCount();
    m_problems->insertRow(row);
    const QString shown = QDir::toNativeSeparators(path);
    auto *file = new QTableWidgetItem(shown);
    file->setToolTip(session::plainTextTip(shown));  // the whole path, however the column cuts it
    m_problems->setItem(row, 0, file);
    auto *problem = new QTableWidgetItem(message);
    problem->setToolTip(session::plainTextTip(message));
    m_problems->setItem(row, 1, problem);
    // Measured once per row, not over every row again: a scan may name thousands of files.
    m_problemPathWidth = std::max(m_problemPathWidth, m_problems->fontMetrics().horizontalAdvance(shown));
    fitProblemFileColumn();
}

void MainWindow::fitProblemFileColumn()
{
    if (m_problemPathWidth == 0)
        return;
    // As wide as the longest path, up to 60 % of the panel: the problem needs room too.
    const int panel = m_problemsDock->isVisible() ? m_problems->viewport()->width() : width();
    const int margin = 2 * m_problems->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_problems) + 8;
    const int wanted = std::min(m_problemPathWidth + margin, panel * 6 / 10);
    if (wanted != m_problems->columnWidth(0))
        m_problems->setColumnWidth(0, wanted);
}

void MainWindow::onFileSkipped(const QString &path, const QString &reason)
{
    // Named, never silent; not a problem of the file, so not counted as one and the panel stays as it is.
    addProblemRow(path, tr("Not read: %1").arg(reason));
}

void MainWindow::onFileNoted(const QString &path, const QString &notice)
{
    // How the file's alerts were read (their dates): the analyst sees it once, like a problem, but it is not counted as one.
    QString sentence = notice;
    if (!sentence.isEmpty())
        sentence[0] = sentence[0].toUpper();
    addProblemRow(path, sentence);
    if (!m_problemsShown) {
        m_problemsShown = true;
        m_problemsDock->show();
    }
}

void MainWindow::onTimeRangeChanged()
{
    const TimeRange &r = m_investigation->timeRange();
    auto when = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")); };
    const QString text = r.any() ? QString()
        : r.fromMs && r.toMs ? tr("Time range: %1 – %2 UTC").arg(when(*r.fromMs), when(*r.toMs))
        : r.fromMs          ? tr("Time range: from %1 UTC").arg(when(*r.fromMs))
                            : tr("Time range: until %1 UTC").arg(when(*r.toMs));
    m_timeRange->setText(text);
    m_timeRange->setVisible(!text.isEmpty());
}

void MainWindow::timeRangeDialog()
{
    // Unticking "Any time" starts from the loaded alerts' first and last days (today without any).
    qint64 first = 0, last = 0;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const qint64 t = m_model->row(r).timeMs;
        if (t > 0) {
            first = first ? std::min(first, t) : t;
            last = std::max(last, t);
        }
    }
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const QDate firstDay = first ? QDateTime::fromMSecsSinceEpoch(first, Qt::UTC).date() : today;
    const QDate lastDay = last ? QDateTime::fromMSecsSinceEpoch(last, Qt::UTC).date() : today;
    TimeRangeDialog dialog(m_investigation->timeRange(), QDateTime(firstDay, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(),
                           QDateTime(lastDay, QTime(23, 59, 59), Qt::UTC).toMSecsSinceEpoch(), this);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    reclaimFocus();
    if (!accepted)
        return;
    const TimeRange chosen = dialog.range();
    if (chosen.fromMs == m_investigation->timeRange().fromMs && chosen.toMs == m_investigation->timeRange().toMs)
        return;
    resetInvestigationView();
    m_investigation->setTimeRange(chosen);  // rescans the open logs, on the scan's thread
    updateCounts();
}

void MainWindow::onFileFailed(const QString &path, const QString &message)
{
    addProblemRow(path, message);
    const int failed = m_investigation->failedFiles();
    m_problemCount->setText(failed == 1 ? tr("1 file with problems") : tr("%1 files with problems").arg(QLocale().toString(failed)));
    // The count in the status bar says so; the panel opens once per investigation, not on every scan.
    if (!m_problemsShown) {
        m_problemsShown = true;
        m_problemsDock->show();
    }
}

void MainWindow::onProgress(const session::ScanStatus &s)
{
    const ScanProgress &p = s.progress;
    m_progress->setValue(p.bytesTotal ? int(1000.0 * double(p.bytesDone) / double(p.bytesTotal)) : 0);
    m_progressText->setText(tr("%1 / %2 files · %3 MB · %4 events/s · %5 left")
                                .arg(p.filesDone)
                                .arg(p.filesTotal)
                                .arg(double(p.bytesDone) / 1e6, 0, 'f', 0)
                                .arg(QLocale().toString(qint64(s.eventsPerSecond)))
                                .arg(formatSeconds(s.secondsLeft)));
}

void MainWindow::onFinished(const ScanSummary &summary)
{
    m_progress->hide();
    m_stop->hide();
    action(QStringLiteral("stop"))->setEnabled(false);
    const QLocale locale;
    auto files = [&](quint64 n) { return n == 1 ? tr("1 file") : tr("%1 files").arg(locale.toString(qulonglong(n))); };
    auto events = [&](quint64 n) { return n == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(qulonglong(n))); };
    m_progressText->setText(summary.cancelled
                                ? tr("Stopped: %1 read").arg(events(summary.events))
                                : tr("%1 · %2 · %3")
                                      .arg(files(summary.filesRead + summary.filesSkipped + summary.filesFailed), events(summary.events),
                                           summary.seconds < 1 ? tr("%1 ms").arg(qRound(summary.seconds * 1000))
                                                               : tr("%1 s").arg(summary.seconds, 0, 'f', 2)));
    if (!m_investigation->timeRange().any() && !summary.cancelled)
        m_progressText->setText(m_progressText->text() + tr(" · outside the time range: %1 not read, %2 dropped")
                                                           .arg(files(summary.filesOutsideRange), events(summary.eventsOutsideRange)));
    updateCounts();
    emit scanFinished();
}

int MainWindow::currentSourceRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_filter->mapToSource(current).row() : -1;
}

void MainWindow::onCurrentRowChanged()
{
    const int row = currentSourceRow();
    if (row < 0) {
        m_eventView->clear();
        return;
    }
    const session::AlertModel::Row &r = m_model->row(row);
    const QString file = m_model->filePath(r.location.fileIndex);
    const QString path = m_model->text(row, AlertField::MatchedPath);
    // A case opened on another machine, or logs moved away: the case kept the event.
    if (!QFileInfo::exists(file) || m_investigation->changedInputs().contains(file))
        m_eventView->showStoredEvent(file, m_investigation->storedEventJson(row), path, m_model->describe(row));
    else
        m_eventView->showEvent(file, r.location.record, r.location.offset, r.location.length, r.location.inner, path, m_model->describe(row));
    showUses(row);
}

void MainWindow::showUses(int row)
{
    constexpr size_t kShownUses = 50;  // the chooser lists the first ones; the Uses column counts them all
    QList<EventView::UseEntry> entries;
    for (const ResourceUse *u : m_model->usesOf(row, kShownUses)) {
        EventView::UseEntry e;
        const QString who = u->account.empty() ? tr("a federated caller %1").arg(QString::fromStdString(u->subject))
            : u->account == "anonymous"        ? tr("an anonymous caller")
                                               : tr("account %1").arg(QString::fromStdString(u->account));
        const QString when = QDateTime::fromMSecsSinceEpoch(u->timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        e.label = session::visibleText(tr("%1 · %2 by %3").arg(when, QString::fromStdString(u->eventName), who));
        e.file = m_model->filePath(u->location.fileIndex);
        e.record = u->location.record;
        e.offset = u->location.offset;
        e.length = u->location.length;
        e.inner = u->location.inner;
        entries << e;
    }
    m_eventView->setUses(entries);
}

void MainWindow::updateCounts()
{
    const int total = m_model->rowCount();
    // The comparison with rule 0236 counts what the allow-list leaves, as `sharescope scan --trusted` does.
    const session::Investigation::Counts counts = m_investigation->counts();
    const int untrusted = counts.untrusted, sentinel = counts.sentinel;
    const int trusted = total - untrusted;
    QStringList parts;
    const int shown = m_filter->rowCount();
    parts << (shown == 1 ? tr("1 alert shown") : tr("%1 alerts shown").arg(QLocale().toString(shown)));
    parts << (m_filter->showTrusted() ? tr("%1 trusted, greyed").arg(QLocale().toString(trusted))
                                      : tr("%1 hidden by the allow-list").arg(QLocale().toString(trusted)));
    parts << tr("%1 of %2 reviewed").arg(QLocale().toString(counts.reviewed), QLocale().toString(untrusted));
    m_counts->setText(parts.join(QStringLiteral(" · ")));
    if (m_investigation->failedFiles() == 0)
        m_problemCount->clear();
    // How the extended detection compares with the Sentinel rule it extends.
    const quint64 notSharing = m_investigation->sentinelOnly();
    const QString comparison = total == 0 || m_investigation->mode() == DetectionMode::Sentinel
        ? QString()
        : tr("rule 0236 would have raised %1 of these %2 alerts; %3 it raises %4 not sharing")
              .arg(QLocale().toString(sentinel), QLocale().toString(untrusted),
                   notSharing == 1 ? tr("1 alert") : tr("%1 alerts").arg(QLocale().toString(qulonglong(notSharing))))
              .arg(notSharing == 1 ? tr("is") : tr("are"));
    m_sentinelSummary->setText(comparison);
}

void MainWindow::trustSelected()
{
    const int row = currentSourceRow();
    if (row < 0) {
        statusBar()->showMessage(tr("Select an alert to trust its added account."), 4000);
        return;
    }
    trustAccount(m_model->pool().at(m_model->row(row).trustId), m_model->alertKey(row));
}

QList<int> MainWindow::sourceRowsBelowCurrent() const
{
    // The rows after the current one, then those before it (nearest first): where the
    // selection goes when the current row leaves the view. A key press must stay cheap
    // at a million rows, so only the nearest ones are looked at.
    constexpr int kNearest = 4096;
    QList<int> rows;
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    for (int r = current + 1; r < std::min(m_filter->rowCount(), current + 1 + kNearest); ++r)
        rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    for (int r = current - 1; r >= std::max(0, current - kNearest); --r)
        rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    return rows;
}

void MainWindow::selectFirstVisible(const QList<int> &sourceRows, const std::function<bool(int)> &wanted)
{
    for (int source : sourceRows) {
        const QModelIndex view = m_filter->mapFromSource(m_model->index(source, 0));
        if (!view.isValid() || (wanted && !wanted(source)))
            continue;
        m_table->setCurrentIndex(view.siblingAtColumn(m_table->currentIndex().isValid() ? m_table->currentIndex().column() : 0));
        m_table->selectionModel()->select(view, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(view);
        return;
    }
}

void MainWindow::trustAccount(const QString &account, const QString &fromAlert)
{
    if (account.isEmpty() || m_allowList->contains(account))
        return;
    if (account == QLatin1String("*") || account == QLatin1String("all")) {
        const auto answer = QMessageBox::warning(this, tr("Trust everyone?"),
                                                 tr("Trusting “%1” hides every public exposure — public buckets, snapshots, "
                                                    "images and functions — in this and every later investigation.").arg(account),
                                                 QMessageBox::Cancel | QMessageBox::Ok, QMessageBox::Cancel);
        // The dialog took the focus: give it back, or the next Ctrl+T would go nowhere.
        reclaimFocus();
        if (answer != QMessageBox::Ok)
            return;
    }
    // Never act on a row the analyst did not choose: the selection moves to the next
    // row that stays, in place, not to the top of the table.
    const QList<int> after = sourceRowsBelowCurrent();
    const int before = m_filter->trustedCount();
    session::AllowEntry entry;
    entry.account = account;
    entry.added = QDateTime::currentDateTimeUtc();
    entry.fromAlert = fromAlert;  // where it came from, for whoever reads the list later
    m_undo->push(new TrustCommand(m_allowList, entry));
    const int hidden = m_filter->trustedCount() - before;
    if (!m_filter->showTrusted())
        selectFirstVisible(after);
    m_trustBar->showTrusted(account, hidden);
    statusBar()->showMessage(hidden == 1 ? tr("Trusted %1: 1 alert hidden. Ctrl+Z brings it back.").arg(account)
                                           : tr("Trusted %1: %2 alerts hidden. Ctrl+Z brings them back.").arg(account, QLocale().toString(hidden)), 6000);
}

QList<int> MainWindow::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows << m_filter->mapToSource(i).row();
    if (rows.isEmpty() && currentSourceRow() >= 0)
        rows << currentSourceRow();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void MainWindow::triageSelected(session::ReviewStatus status)
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    if (m_investigation->caseFile() && m_investigation->caseFile()->isReadOnly()) {
        statusBar()->showMessage(m_investigation->caseFile()->readOnlyReason(), 6000);
        return;
    }
    // From the last row decided: the next alert still waiting for a decision.
    int lastView = -1;
    for (int r : rows)
        lastView = std::max(lastView, m_filter->mapFromSource(m_model->index(r, 0)).row());
    m_table->setCurrentIndex(m_filter->index(lastView, 0));
    const QList<int> after = sourceRowsBelowCurrent();
    if (!m_investigation->setStatus(rows, status))
        return;
    if (status != session::ReviewStatus::New)
        selectFirstVisible(after, [this](int source) {
            const session::ReviewStatus s = m_model->row(source).status;
            return s == session::ReviewStatus::New || s == session::ReviewStatus::InReview;
        });
}

void MainWindow::editNote()
{
    const int row = currentSourceRow();
    if (row < 0)
        return;
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(this, tr("Note"), tr("Note on this alert:"), m_investigation->review(row).note, &ok);
    if (ok)
        m_investigation->setNote(row, note.trimmed());
    reclaimFocus();
}

void MainWindow::reclaimFocus()
{
    // After a dialog: the window, and the table in it, get the keys back, once the dialog is gone.
    activateWindow();
    m_table->setFocus();
    QTimer::singleShot(0, this, [this] {
        activateWindow();
        m_table->setFocus();
    });
}

void MainWindow::newCase()
{
    if (m_viewSave->isActive())
        saveViewNow();  // into the case being left
    m_investigation->newCase();
    resetInvestigationView();
    m_problemsShown = false;
    m_stack->setCurrentIndex(0);
    updateCounts();
}

void MainWindow::closeCase()
{
    newCase();
}

void MainWindow::openCaseDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a case"), m_investigation->casesDir(),
                                                      tr("ShareScope cases (*.sharescope);;All files (*)"));
    if (!path.isEmpty())
        openCase(path);
}

bool MainWindow::openCase(const QString &path)
{
    QString error;
    if (m_viewSave->isActive())
        saveViewNow();  // into the case being left
    resetInvestigationView();
    if (!m_investigation->openCase(path, &error)) {
        QMessageBox::warning(this, tr("Open case"), error);
        return false;
    }
    m_problemsShown = false;
    addRecent({path});
    m_stack->setCurrentIndex(1);
    // Its alerts are read on a thread of their own; onCaseLoaded shows its view over them.
    statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).completeBaseName()));
    updateCounts();
    return true;
}

void MainWindow::onCaseLoaded()
{
    statusBar()->clearMessage();
    if (const std::optional<session::ViewState> view = m_investigation->savedView())
        restoreView(*view);
    updateCounts();
    if (m_investigation->caseFile() && m_investigation->caseFile()->isReadOnly())
        QMessageBox::information(this, tr("Open case"), m_investigation->caseFile()->readOnlyReason());
}

void MainWindow::saveCaseAsDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save the case as"), QString(), tr("ShareScope cases (*.sharescope)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".sharescope")))
        path += QStringLiteral(".sharescope");
    saveCaseAs(path);
}

bool MainWindow::saveCaseAs(const QString &path)
{
    QString error;
    if (!m_investigation->saveCaseAs(path, &error)) {
        QMessageBox::warning(this, tr("Save case"), error);
        return false;
    }
    addRecent({path});
    statusBar()->showMessage(tr("Saved as %1; every change is saved as it happens.").arg(QDir::toNativeSeparators(path)), 6000);
    return true;
}

void MainWindow::queryLakeDialog()
{
    QStringList trusted;
    for (const session::AllowEntry &e : m_allowList->entries())
        if (!e.isExpired())  // an expired entry trusts nothing, in the query either
            trusted << e.account;
    LakeQueryDialog dialog(m_investigation->mode() == DetectionMode::Sentinel, trusted, this);
    connect(&dialog, &LakeQueryDialog::openResultsRequested, this, &MainWindow::openPaths);
    dialog.exec();
    reclaimFocus();
}

void MainWindow::exportViewDialog()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the alerts shown"), QString(),
                                                      tr("JSON lines (*.jsonl);;CSV (*.csv)"), &selected);
    reclaimFocus();
    if (path.isEmpty())
        return;
    const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) || (!path.endsWith(QLatin1String(".jsonl")) && selected.startsWith(QLatin1String("CSV")));
    QString error;
    if (!session::exportView(*m_investigation, path, csv ? session::ExportFormat::Csv : session::ExportFormat::Jsonl, &error)) {
        QMessageBox::warning(this, tr("Export"), tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), error));
        return;
    }
    statusBar()->showMessage(m_filter->rowCount() == 1 ? tr("Exported 1 alert to %1.").arg(QDir::toNativeSeparators(path))
                                                       : tr("Exported %1 alerts to %2.").arg(QLocale().toString(m_filter->rowCount()), QDir::toNativeSeparators(path)), 6000);
}

void MainWindow::openRecent(const QString &path)
{
    if (path.isEmpty())
        return;
    if (path.endsWith(QLatin1String(".sharescope")))
        openCase(path);
    else
        openPaths({path});
}

void MainWindow::onCaseChanged()
{
    const session::CaseFile *c = m_investigation->caseFile();
    QString title = tr("ShareScope");
    if (c) {
        title = (m_investigation->isUntitled() ? tr("Untitled case") : QFileInfo(c->path()).completeBaseName()) + QStringLiteral(" — ") + title;
        if (c->isReadOnly())
            title += tr(" (read-only)");
    }
    setWindowTitle(title);
    // A reopened case brings its mode with it.
    const bool sentinel = m_investigation->mode() == DetectionMode::Sentinel;
    action(QStringLiteral("sentinelMode"))->setChecked(sentinel);
    m_sentinelSummary->setVisible(!sentinel);
    action(QStringLiteral("saveCaseAs"))->setEnabled(c != nullptr);
    action(QStringLiteral("closeCase"))->setEnabled(c != nullptr);
}

void MainWindow::onInputsChecked()
{
    const QStringList changed = m_investigation->changedInputs();
    for (const QString &path : changed)
        onFileFailed(path, QFileInfo::exists(path) ? tr("changed since the case recorded it (SHA-256 differs)")
                                                   : tr("no longer there; its alerts are kept in the case"));
}

void MainWindow::copySelection()
{
    // Ctrl+C in a text field copies its text; in the table, the selected cells as TSV.
    if (QWidget *focus = QApplication::focusWidget(); focus && focus != m_table) {
        if (auto *edit = qobject_cast<QLineEdit *>(focus)) {
            edit->copy();
            return;
        }
        if (focus->inherits("QPlainTextEdit")) {
            QMetaObject::invokeMethod(focus, "copy");
            return;
        }
    }
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return;
    // The selected cells of the visible columns, in their order on screen, under a header row.
    QHeaderView *header = m_table->horizontalHeader();
    QMap<int, QMap<int, QString>> grid;  // view row -> visual column -> text
    QMap<int, QString> titles;
    for (const QModelIndex &i : selected) {
        if (m_table->isColumnHidden(i.column()))
            continue;
        const int visual = header->visualIndex(i.column());
        grid[i.row()][visual] = i.data().toString();
        titles[visual] = m_filter->headerData(i.column(), Qt::Horizontal).toString();
    }
    QStringList lines{QStringList(titles.values()).join(QLatin1Char('\t'))};
    for (const auto &row : std::as_const(grid))
        lines << QStringList(row.values()).join(QLatin1Char('\t'));
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void MainWindow::copyRowsAsJson()
{
    QSet<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows.insert(m_filter->mapToSource(i).row());
    if (rows.isEmpty() && currentSourceRow() >= 0)
        rows.insert(currentSourceRow());
    QList<int> sorted = rows.values();
    std::sort(sorted.begin(), sorted.end());
    QByteArray out;
    for (int r : sorted)
        out += m_model->rowJson(r) + '\n';
    QApplication::clipboard()->setText(QString::fromUtf8(out));
}

void MainWindow::showTableMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const int column = index.column();
    const QString value = index.data().toString();
    const QString added = m_model->pool().at(m_model->row(m_filter->mapToSource(index).row()).trustId);
    QMenu menu(this);
    const QString shown = value.size() > 40 ? value.left(39) + QChar(0x2026) : value;
    menu.addAction(tr("Filter to “%1”").arg(shown), this, [this, column, value] {
        m_filter->addValueFilter({column, value, false});
    });
    menu.addAction(tr("Exclude “%1”").arg(shown), this, [this, column, value] {
        m_filter->addValueFilter({column, value, true});
    });
    menu.addSeparator();
    menu.addAction(tr("Copy"), this, [value] { QApplication::clipboard()->setText(value); });
    menu.addAction(action(QStringLiteral("copyJson")));
    menu.addSeparator();
    const QString key = m_model->alertKey(m_filter->mapToSource(index).row());
    QAction *trust = menu.addAction(tr("Trust account %1").arg(added), this, [this, added, key] { trustAccount(added, key); });
    trust->setEnabled(!m_allowList->contains(added));
    if (m_allowList->contains(added))
        menu.addAction(tr("Stop trusting %1").arg(added), this, [this, added] {
            const int i = m_allowList->indexOf(added);
            m_undo->push(new UntrustCommand(m_allowList, m_allowList->entries()[i]));
        });
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < session::AlertModel::fieldColumnCount(); ++c) {
        QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, this, [this, header, c](bool on) {
            header->setSectionHidden(c, !on);
            scheduleViewSave();
        });
    }
    menu.exec(header->mapToGlobal(pos));
}

void MainWindow::addRecent(const QStringList &paths)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    for (const QString &p : paths) {
        recent.removeAll(p);
        recent.prepend(p);
    }
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent"), recent);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu()
{
    const QStringList recent = QSettings().value(QStringLiteral("recent")).toStringList();
    m_recentMenu->clear();
    for (const QString &p : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(p), this, [this, p] { openRecent(p); });
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (m_startPage)
        m_startPage->setRecent(recent);
}

session::ViewState MainWindow::currentView() const
{
    session::ViewState view = session::ViewState::of(*m_filter);
    const QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < header->count(); ++c) {
        const bool hidden = header->isSectionHidden(c);
        // A hidden column's width cannot be read back (it is 0): it keeps the one it has.
        view.columns.push_back({session::columnKey(c), hidden ? 0 : header->sectionSize(c), hidden, header->visualIndex(c)});
    }
    return view;
}

void MainWindow::scheduleViewSave()
{
    if (!m_restoringView && m_viewSave)
        m_viewSave->start();
}

void MainWindow::saveViewNow()
{
    m_viewSave->stop();
    m_investigation->saveView(currentView());
}

void MainWindow::restoreView(const session::ViewState &view)
{
    m_restoringView = true;
    // The grouping first: choosing it clears the groups chosen before.
    QComboBox *by = m_groupPanel->groupByBox();
    by->setCurrentIndex(std::max(0, by->findData(static_cast<int>(view.groupBy))));
    view.applyTo(*m_filter);
    m_filterBar->syncFromFilter();
    action(QStringLiteral("unreviewedOnly"))->setChecked(m_filter->unreviewedOnly());
    QHeaderView *header = m_table->horizontalHeader();
    QVector<session::ViewColumn> placed;
    for (const session::ViewColumn &c : view.columns) {
        const int column = session::columnOfKey(c.key);
        if (column < 0)
            continue;
        if (c.width > 0)
            header->resizeSection(column, c.width);
        header->setSectionHidden(column, c.hidden);
        if (c.visual >= 0)
            placed.push_back(c);
    }
    // Left to right, each column moved to its place, so that earlier moves are not undone.
    std::sort(placed.begin(), placed.end(), [](const auto &a, const auto &b) { return a.visual < b.visual; });
    for (const session::ViewColumn &c : placed)
        if (c.visual < header->count())
            header->moveSection(header->visualIndex(session::columnOfKey(c.key)), c.visual);
    if (const int column = session::columnOfKey(view.sortColumn); column >= 0)
        m_table->sortByColumn(column, view.sortOrder);
    m_restoringView = false;
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // The table gets the room by default (docks only take sizes once laid out).
        QTimer::singleShot(0, this, [this] { resizeDocks({m_allowDock}, {width() / 6}, Qt::Horizontal); });
    }
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/alertColumns-v2")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_problemsDock->hide();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/alertColumns-v2"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_viewSave->isActive())
        saveViewNow();
    m_investigation->stop();
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openPaths(paths);
    }
}

} // namespace sharescope::gui
