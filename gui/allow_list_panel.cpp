#include "allow_list_panel.h"

#include "allow_list.h"
#include "allow_list_model.h"
#include "trust_commands.h"
#include "watchlist_csv.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sharescope::gui {

AllowListPanel::AllowListPanel(session::AllowList *list, session::AllowListModel *model, QUndoStack *undo, QWidget *parent)
    : QWidget(parent), m_list(list), m_undo(undo)
{
    m_view = new QTableView(this);
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->setVisible(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(session::AllowListModel::Account, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(session::AllowListModel::Hides, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(session::AllowListModel::Label, QHeaderView::Stretch);
    header->setSectionResizeMode(session::AllowListModel::Justification, QHeaderView::Stretch);
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
    emit message(tr("Imported %n account(s).", nullptr, int(entries.size())));
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
