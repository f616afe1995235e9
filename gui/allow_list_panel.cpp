#include "allow_list_panel.h"

#include "allow_list.h"
#include "allow_list_model.h"
#include "trust_commands.h"
#include "watchlist_csv.h"

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace sharescope::gui {

AllowListPanel::AllowListPanel(session::AllowList *list, session::AllowListModel *model, QUndoStack *undo, QWidget *parent)
    : QWidget(parent), m_list(list), m_undo(undo)
{
    m_view = new QTableView(this);
    m_view->setModel(model);
    connect(model, &session::AllowListModel::editRefused, this, &AllowListPanel::message);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->setVisible(false);
    // One line an entry, as in the alert table; a long label is cut, whole in its tooltip.
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    // Widths by what each column holds, never shared out: stretched beside an account sized
    // to its contents (a canonical user id is 64 characters), a label got ~25 px.
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    // What is read at a glance comes first, in the dock's width: the id, its label, what it hides.
    header->moveSection(header->visualIndex(session::AllowListModel::Hides), session::AllowListModel::Label + 1);
    setColumnWidths();
    m_view->viewport()->installEventFilter(this);  // the dock resized: the label keeps the room
    connect(model, &QAbstractItemModel::rowsInserted, this, &AllowListPanel::setColumnWidths);
    connect(model, &QAbstractItemModel::modelReset, this, &AllowListPanel::setColumnWidths);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);

    auto *buttons = new QHBoxLayout;
    auto button = [&](const QString &text, const QString &name, void (AllowListPanel::*slot)()) {
        auto *b = new QToolButton(this);  // compact: the dock should leave the alert table its room
        b->setText(text);
        b->setObjectName(name);
        connect(b, &QToolButton::clicked, this, slot);
        buttons->addWidget(b);
    };
    button(tr("Add…"), QStringLiteral("addAllowEntry"), &AllowListPanel::add);
    button(tr("Remove"), QStringLiteral("removeAllowEntry"), &AllowListPanel::removeSelected);
    button(tr("Import…"), QStringLiteral("importAllowList"), &AllowListPanel::importWithDialog);
    button(tr("Export…"), QStringLiteral("exportAllowList"), &AllowListPanel::exportWithDialog);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
}

void AllowListPanel::setColumnWidths()
{
    using Model = session::AllowListModel;
    const QFontMetrics metrics = m_view->fontMetrics();
    const int charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    const int padding = 2 * m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 8;
    auto title = [&](int column) { return metrics.horizontalAdvance(m_view->model()->headerData(column, Qt::Horizontal).toString()) + padding; };
    // The account fits its ids, up to 14 characters: an account or an organisation whole,
    // an OU or a canonical user cut (whole in its tooltip).
    int account = title(Model::Account);
    for (const session::AllowEntry &e : m_list->entries())
        account = std::max(account, metrics.horizontalAdvance(e.account) + padding);
    m_view->setColumnWidth(Model::Account, std::min(account, 14 * charWidth + padding));
    m_view->setColumnWidth(Model::Hides, std::max(title(Model::Hides), 5 * charWidth));
    fitLabelColumn();
    m_view->setColumnWidth(Model::Justification, 24 * charWidth);
    m_view->setColumnWidth(Model::Owner, 10 * charWidth);
    m_view->setColumnWidth(Model::Expires, std::max(title(Model::Expires), metrics.horizontalAdvance(QStringLiteral("2025-12-31 (expired)")) + padding));
    m_view->setColumnWidth(Model::Added, metrics.horizontalAdvance(QStringLiteral("2025-12-31 23:59")) + padding);
}

void AllowListPanel::fitLabelColumn()
{
    // The label takes the dock's width between the account and what it hides (the dock is
    // narrow: the other fields are to the right), never less than 12 characters.
    using Model = session::AllowListModel;
    const int room = m_view->viewport()->width() - m_view->columnWidth(Model::Account) - m_view->columnWidth(Model::Hides);
    m_view->setColumnWidth(Model::Label, std::max(12 * m_view->fontMetrics().horizontalAdvance(QLatin1Char('0')), room));
}

bool AllowListPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitLabelColumn();
    return QWidget::eventFilter(watched, event);
}

void AllowListPanel::add()
{
    bool ok = false;
    const QString account = QInputDialog::getText(this, tr("Trust an account"),
                                                  tr("AWS account id (12 digits), organisation id (o-…) or OU id (ou-…):"),
                                                  QLineEdit::Normal, QString(), &ok).trimmed();
    if (!ok)
        return;
    const QString problem = session::AllowList::validate(account);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Not added"), problem);
        return;
    }
    emit trustRequested(account);
}

void AllowListPanel::removeSelected()
{
    QStringList accounts;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        accounts << m_list->entries().at(i.row()).account;
    if (accounts.isEmpty() && m_view->currentIndex().isValid())
        accounts << m_list->entries().at(m_view->currentIndex().row()).account;
    if (accounts.isEmpty())
        return;
    m_undo->beginMacro(tr("Remove from the allow-list"));
    for (const QString &a : accounts)
        m_undo->push(new UntrustCommand(m_list, m_list->entries().at(m_list->indexOf(a))));
    m_undo->endMacro();
}

void AllowListPanel::importWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import an allow-list"), QString(),
                                                      tr("Allow-lists (*.json *.txt *.csv);;Sentinel watchlists (*.csv);;All files (*)"));
    if (!path.isEmpty())
        importFrom(path);
}

bool AllowListPanel::importFrom(const QString &path)
{
    QFile f(path);
    QVector<session::AllowEntry> entries;
    QString error;
    QStringList refused;
    // A .csv is a Sentinel watchlist (a SearchKey column); anything else JSON or the `--trusted` text.
    const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    bool read = f.open(QIODevice::ReadOnly);
    if (read && csv) {
        session::WatchlistRead watchlist;
        read = session::readWatchlistCsv(f.readAll(), watchlist, &error);
        entries = watchlist.entries;
        refused = watchlist.refused;
    } else if (read) {
        read = session::AllowList::parse(f.readAll(), entries, &error);
    }
    if (!read) {
        QMessageBox::warning(this, tr("Import failed"), error.isEmpty() ? f.errorString() : error);
        return false;
    }
    if (!refused.isEmpty())
        QMessageBox::warning(this, tr("Some rows were not imported"), refused.join(QLatin1Char('\n')));
    m_undo->beginMacro(tr("Import %1").arg(QFileInfo(path).fileName()));
    for (session::AllowEntry e : entries) {
        if (!e.added.isValid())
            e.added = QDateTime::currentDateTimeUtc();
        if (!m_list->contains(e.account))
            m_undo->push(new TrustCommand(m_list, e));
    }
    m_undo->endMacro();
    emit message(entries.size() == 1 ? tr("Imported 1 account.") : tr("Imported %1 accounts.").arg(entries.size()));
    return true;
}

void AllowListPanel::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the allow-list"), QStringLiteral("trusted.json"),
                                                      tr("JSON (*.json);;Plain text, one id per line (*.txt);;Sentinel watchlist (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}

bool AllowListPanel::exportTo(const QString &path)
{
    QSaveFile f(path);  // written beside, renamed into place: never half a file
    const QByteArray data = path.endsWith(QLatin1String(".txt")) ? m_list->toText()
                          : path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? session::watchlistCsv(m_list->entries())
                                                                                     : m_list->toJson();
    if (!f.open(QIODevice::WriteOnly) || f.write(data) < 0 || !f.commit()) {
        QMessageBox::warning(this, tr("Export failed"), f.errorString());
        return false;
    }
    return true;
}

} // namespace sharescope::gui
