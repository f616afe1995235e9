#include "allow_list_model.h"

#include "alert_filter.h"
#include "alert_model.h"
#include "allow_list.h"

namespace sharescope::session {

AllowListModel::AllowListModel(AllowList *list, AlertFilter *filter, QObject *parent)
    : QAbstractTableModel(parent), m_list(list), m_filter(filter)
{
    AlertModel *alerts = filter->alertModel();
    connect(list, &AllowList::changed, this, [this] {
        beginResetModel();
        recount();
        endResetModel();
    });
    // Counting walks every alert: do it at most a few times a second while a scan streams in.
    m_recountTimer.setSingleShot(true);
    m_recountTimer.setInterval(250);
    connect(&m_recountTimer, &QTimer::timeout, this, [this] {
        recount();
        if (rowCount() > 0)
            emit dataChanged(index(0, Hides), index(rowCount() - 1, Hides));
    });
    connect(alerts, &QAbstractItemModel::rowsInserted, &m_recountTimer, qOverload<>(&QTimer::start));
    connect(alerts, &QAbstractItemModel::modelReset, this, [this] {
        recount();
        if (rowCount() > 0)
            emit dataChanged(index(0, Hides), index(rowCount() - 1, Hides));
    });
    recount();
}

void AllowListModel::recount()
{
    m_counts.clear();
    const AlertModel *alerts = m_filter->alertModel();
    QHash<quint32, int> wanted;
    for (const AllowEntry &e : m_list->entries())
        if (quint32 id = alerts->pool().find(e.account))
            wanted.insert(id, 0);
    if (wanted.isEmpty())
        return;
    for (int r = 0; r < alerts->rowCount(); ++r) {
        const AlertModel::Row &row = alerts->row(r);
        if (auto it = wanted.find(row.trustId); it != wanted.end()) {
            ++*it;
            continue;
        }
        // Hidden because every organisation it is limited to is trusted: each of them hides it.
        if (!m_filter->isTrustedRow(row))
            continue;
        const QString &limits = alerts->pool().at(alerts->textId(row, AlertField::OrgLimits));
        for (const QString &org : limits.split(QChar::fromLatin1(AlertModel::kListSeparator)))
            if (auto it = wanted.find(alerts->pool().find(org)); it != wanted.end())
                ++*it;
    }
    m_counts = wanted;
}

int AllowListModel::hits(const QString &account) const
{
    return m_counts.value(m_filter->alertModel()->pool().find(account), 0);
}

int AllowListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_list->entries().size());
}

int AllowListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AllowListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AllowEntry &e = m_list->entries().at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Account: return e.account;
        case Label: return e.label;
        case Added: return e.added.isValid() ? e.added.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
        case Hides: return hits(e.account);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Hides)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AllowListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Account: return tr("Account");
    case Label: return tr("Label");
    case Added: return tr("Added");
    case Hides: return tr("Hides");
    }
    return {};
}

Qt::ItemFlags AllowListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Label)
        f |= Qt::ItemIsEditable;
    return f;
}

bool AllowListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Label || role != Qt::EditRole)
        return false;
    const AllowEntry &e = m_list->entries().at(index.row());
    const QString label = value.toString().trimmed();
    if (label == e.label)
        return false;
    emit labelEditRequested(e.account, e.label, label);
    return true;
}

} // namespace sharescope::session
