#include "group_panel.h"

#include "alert_filter.h"
#include "group_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace sharescope::gui {

GroupPanel::GroupPanel(session::GroupModel *groups, session::AlertFilter *filter, QWidget *parent)
    : QWidget(parent), m_groups(groups), m_filter(filter)
{
    m_by = new QComboBox(this);
    m_by->setObjectName(QStringLiteral("groupBy"));
    m_by->addItem(tr("Account"), static_cast<int>(session::GroupBy::Account));
    m_by->addItem(tr("Resource"), static_cast<int>(session::GroupBy::Resource));
    m_by->addItem(tr("Actor"), static_cast<int>(session::GroupBy::Actor));
    m_by->setCurrentIndex(m_by->findData(static_cast<int>(groups->groupBy())));
    auto *label = new QLabel(tr("&Group by:"), this);
    label->setBuddy(m_by);

    // Sorted in the view, by the model's typed keys (counts as numbers, times as times).
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(groups);
    m_sorted->setSortRole(session::GroupModel::SortKeyRole);
    m_sorted->setDynamicSortFilter(true);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("groupView"));
    m_view->setModel(m_sorted);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(groups->sectionOf(session::GroupModel::Column::Alerts), Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);  // the default delegate paints text from the logs as plain text
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_by);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_by, &QComboBox::currentIndexChanged, this, [this] {
        // Groups of another kind: the old choice means nothing any more.
        m_filter->clearGroupFilter();
        m_groups->setGroupBy(static_cast<session::GroupBy>(m_by->currentData().toInt()));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &GroupPanel::applySelection);
    // A reset (a rescan, another grouping) drops the selection, sometimes without saying so,
    // and may bring other columns.
    connect(m_groups, &QAbstractItemModel::modelReset, this, [this] {
        applySelection();
        setColumnWidths();
    });
    setColumnWidths();
    connect(m_filter, &session::AlertFilter::filtersChanged, this, &GroupPanel::onFiltersChanged);
}

void GroupPanel::setColumnWidths()
{
    // By what each column holds, in characters: measuring the rows would walk them all.
    using Column = session::GroupModel::Column;
    const int charWidth = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const auto &columns = m_groups->columns();
    for (size_t c = 0; c < columns.size(); ++c) {
        int chars = 10;
        switch (columns[c]) {
        case Column::Key: chars = m_groups->groupBy() == session::GroupBy::Actor ? 40 : 28; break;
        case Column::KnownAs:
        case Column::ResourceType:
        case Column::ActingAccount: chars = 16; break;
        case Column::FirstSeen:
        case Column::LastSeen: chars = 19; break;
        case Column::CanStillReach: chars = 30; break;
        default: break;
        }
        m_view->setColumnWidth(static_cast<int>(c), chars * charWidth);
    }
}

void GroupPanel::applySelection()
{
    if (m_following)
        return;
    m_filter->setGroupFilter(m_groups->groupBy(), selectedKeys());
}

QList<quint32> GroupPanel::selectedKeys() const
{
    QList<quint32> keys;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        keys << i.data(session::GroupModel::GroupKeyRole).toUInt();
    std::sort(keys.begin(), keys.end());
    return keys;
}

void GroupPanel::onFiltersChanged()
{
    // Clear Filters cleared the group filter: the groups say so by selecting none. A view
    // restored from a case chose groups: they are selected, the first in sight. (Only a
    // filter of this grouping's groups can be shown; the grouping is restored first.)
    const bool ours = m_filter->hasGroupFilter() && m_filter->groupFilterBy() == m_groups->groupBy();
    if (!ours && !m_view->selectionModel()->hasSelection())
        return;  // the common case, every key press in the text filter: nothing to look at
    const QList<quint32> wanted = ours ? m_filter->groupFilterKeys() : QList<quint32>();
    if (wanted == selectedKeys())
        return;
    QItemSelection selection;
    for (quint32 key : wanted)
        if (const int row = m_groups->rowOfKey(key); row >= 0) {
            const QModelIndex shown = m_sorted->mapFromSource(m_groups->index(row, 0));
            selection.select(shown, shown.siblingAtColumn(m_sorted->columnCount() - 1));
        }
    m_following = true;
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_following = false;
    if (!selection.isEmpty()) {
        m_view->selectionModel()->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
        m_view->scrollTo(selection.first().topLeft());
    }
}

} // namespace sharescope::gui
