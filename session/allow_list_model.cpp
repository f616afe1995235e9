#include "allow_list_model.h"

#include "alert_filter.h"
#include "alert_model.h"
#include "allow_list.h"
#include "plain_tip.h"

namespace sharescope::session {

AllowListModel::AllowListModel(AllowList *list, AlertFilter *filter, QObject *parent)
    : QAbstractTableModel(parent), m_list(list), m_filter(filter)
{
    AlertModel *alerts = filter->alertModel();
    connect(list, &AllowList::changed, this, [this] {
        // An edited field keeps the rows (and the view's current cell and open editor);
        // entries added or removed reset.
        if (m_rows == static_cast<int>(m_list->entries().size())) {
            recount();
            if (m_rows > 0)
                emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
            return;
        }
        beginResetModel();
        m_rows = static_cast<int>(m_list->entries().size());
        recount();
        endResetModel();
    });
    m_rows = static_cast<int>(list->entries().size());
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
        if (quint32 id = e.isExpired() ? 0 : alerts->pool().find(e.account))  // an expired entry hides nothing
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
    return parent.isValid() ? 0 : m_rows;
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
    const bool expired = e.isExpired();
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Account: return e.account;
        case Label: return e.label;
        case Justification: return e.justification;
        case Owner: return e.owner;
        case Expires:
            if (role == Qt::EditRole)
                return AllowList::expiryText(e.expires);
            return expired ? tr("%1 (expired)").arg(AllowList::expiryText(e.expires)) : AllowList::expiryText(e.expires);
        case Added: return e.added.isValid() ? e.added.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
        case Hides: return hits(e.account);
        }
    }
    if (role == ExpiredRole)
        return expired;
    if (role == Qt::ToolTipRole) {
        if (expired)
            return tr("Expired: this entry hides nothing until its expiry is moved or cleared.");
        // The whole text of a cell the dock's narrow columns cut, as plain text (it may be imported).
        switch (index.column()) {
        case Account:
            return plainTextTip(e.fromAlert.isEmpty() ? e.account : tr("%1\nTrusted from the alert %2").arg(e.account, e.fromAlert));
        case Label: return e.label.isEmpty() ? QVariant() : plainTextTip(e.label);
        case Justification: return e.justification.isEmpty() ? QVariant() : plainTextTip(e.justification);
        case Owner: return e.owner.isEmpty() ? QVariant() : plainTextTip(e.owner);
        case Expires: return tr("Trusted through this day (UTC); empty: no expiry. Type yyyy-MM-dd.");
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
    case Justification: return tr("Justification");
    case Owner: return tr("Owner");
    case Expires: return tr("Expires");
    case Added: return tr("Added");
    case Hides: return tr("Hides");
    }
    return {};
}

Qt::ItemFlags AllowListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && fieldOf(index.column()))
        f |= Qt::ItemIsEditable;
    return f;
}

std::optional<AllowField> AllowListModel::fieldOf(int column)
{
    switch (column) {
    case Label: return AllowField::Label;
    case Justification: return AllowField::Justification;
    case Owner: return AllowField::Owner;
    case Expires: return AllowField::Expires;
    default: return std::nullopt;
    }
}

bool AllowListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const std::optional<AllowField> field = fieldOf(index.column());
    if (!index.isValid() || !field || role != Qt::EditRole)
        return false;
    const AllowEntry &e = m_list->entries().at(index.row());
    QVariant after = value.toString().trimmed();
    if (*field == AllowField::Expires) {
        const std::optional<QDateTime> expires = AllowList::parseExpiry(value.toString());
        if (!expires) {
            // Not a date: the entry is unchanged, and the analyst is told why.
            emit editRefused(tr("\u201c%1\u201d is not a date: type the last day trusted as yyyy-MM-dd, or clear it for no expiry.")
                                 .arg(value.toString().trimmed().left(40)));
            return false;
        }
        after = *expires;
    }
    const QVariant before = AllowList::fieldValue(e, *field);
    if (AllowList::sameValue(*field, before, after))
        return false;
    emit editRequested(e.account, *field, before, after);
    return true;
}

} // namespace sharescope::session
