#include "group_model.h"

#include "alert_filter.h"
#include "aws_accounts.h"
#include "plain_tip.h"

#include <QDateTime>

#include <algorithm>

namespace sharescope::session {

namespace {

using Column = GroupModel::Column;
using Group = GroupModel::Group;

const std::vector<Column> &columnsFor(GroupBy by)
{
    static const std::vector<Column> account{Column::Key, Column::KnownAs, Column::Alerts, Column::Reviewed, Column::FirstSeen,
                                             Column::LastSeen, Column::Resources, Column::Actions, Column::Trusted};
    static const std::vector<Column> resource{Column::Key, Column::ResourceType, Column::Alerts, Column::Reviewed, Column::FirstSeen,
                                              Column::LastSeen, Column::CanStillReach, Column::Accounts, Column::Actions};
    static const std::vector<Column> actor{Column::Key, Column::ActingAccount, Column::Alerts, Column::Reviewed, Column::FirstSeen,
                                           Column::LastSeen, Column::Accounts, Column::Resources, Column::Actions};
    switch (by) {
    case GroupBy::Resource: return resource;
    case GroupBy::Actor: return actor;
    case GroupBy::Account: break;
    }
    return account;
}

using Dimension = GroupModel::Dimension;

// The value of a dimension for a row; the grouping's own dimension is not counted (it is the key).
quint32 dimensionValue(const AlertModel::Row &row, Dimension d)
{
    switch (d) {
    case GroupModel::Resources: return row.text[static_cast<size_t>(AlertField::SharedResourceId)];
    case GroupModel::Grantees: return row.trustId;
    case GroupModel::EventNames: return row.text[static_cast<size_t>(AlertField::EventName)];
    case GroupModel::DimensionCount: break;
    }
    return 0;
}

bool countsDimension(GroupBy by, Dimension d)
{
    return !(by == GroupBy::Account && d == GroupModel::Grantees) && !(by == GroupBy::Resource && d == GroupModel::Resources);
}

QString timeText(qint64 ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

GroupModel::GroupModel(AlertFilter *filter, QObject *parent)
    : QAbstractTableModel(parent), m_filter(filter), m_alerts(filter->alertModel())
{
    connect(m_alerts, &QAbstractItemModel::rowsInserted, this, &GroupModel::onRowsInserted);
    connect(m_alerts, &QAbstractItemModel::dataChanged, this, &GroupModel::onDataChanged);
    connect(m_alerts, &QAbstractItemModel::modelReset, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
    // The allow-list reaches the groups through the filter, which has applied it by then.
    connect(m_filter, &AlertFilter::filtersChanged, this, &GroupModel::refreshTrusted);
    rebuild();
}

const std::vector<Column> &GroupModel::columns() const
{
    return columnsFor(m_by);
}

int GroupModel::sectionOf(Column c) const
{
    const auto &cols = columns();
    const auto it = std::find(cols.begin(), cols.end(), c);
    return it == cols.end() ? -1 : static_cast<int>(it - cols.begin());
}

void GroupModel::setGroupBy(GroupBy by)
{
    if (by == m_by)
        return;
    beginResetModel();
    m_by = by;
    rebuild();
    endResetModel();
}

int GroupModel::rowOfKey(quint32 key) const
{
    return key < m_groupOfKey.size() && m_groupOfKey[key] >= 0 && m_groupOfKey[key] < m_shown ? m_groupOfKey[key] : -1;
}

quint8 GroupModel::stateOf(const AlertModel::Row &row) const
{
    quint8 s = 0;
    if (isDecided(row.status))
        s |= Reviewed;
    // A grant that failed gave nothing; one revoked later no longer stands.
    if (row.trustId && !row.text[static_cast<size_t>(AlertField::ErrorCode)] && !row.text[static_cast<size_t>(AlertField::RevokedAt)])
        s |= Live;
    return s;
}

void GroupModel::rebuild()
{
    m_shown = 0;
    m_groups.clear();
    m_groupOfKey.clear();
    m_groupOfRow.clear();
    m_stateOfRow.clear();
    m_counted = 0;
    for (PairCounts &p : m_seen)
        p.clear();
    m_live.clear();
    const size_t rows = static_cast<size_t>(m_alerts->rowCount());
    m_groupOfRow.reserve(rows);
    m_stateOfRow.reserve(rows);
    int first = 0, last = -1;
    countNewRows(&first, &last);
    m_shown = static_cast<int>(m_groups.size());
}

void GroupModel::setLive(size_t groupIndex, quint32 grantee, bool live)
{
    const quint32 after = m_live.add(PairCounts::keyOf(static_cast<quint32>(groupIndex), grantee), live ? 1 : -1);
    if (live && after == 1)
        ++m_groups[groupIndex].reaching;
    else if (!live && after == 0)
        --m_groups[groupIndex].reaching;
}

void GroupModel::countNewRows(int *firstChanged, int *lastChanged)
{
    const size_t rows = static_cast<size_t>(m_alerts->rowCount());
    m_groupOfKey.resize(static_cast<size_t>(m_alerts->pool().size()), -1);
    const bool trustColumn = sectionOf(Column::Trusted) >= 0;
    const bool reach = sectionOf(Column::CanStillReach) >= 0;
    // Distinct values per group can run to a million pairs: collected here, then
    // sorted and merged in once each (PairCounts), rather than looked up row by row.
    // A build of every row takes another road to the same result (countAllPairs).
    const bool wholeBuild = m_counted == 0;
    std::array<std::vector<quint64>, DimensionCount> pairs;
    for (int d = 0; d < DimensionCount; ++d)
        if (!wholeBuild && countsDimension(m_by, static_cast<Dimension>(d)))
            pairs[d].reserve(rows - m_counted);
    std::vector<quint64> live;
    for (size_t i = m_counted; i < rows; ++i) {
        const AlertModel::Row &row = m_alerts->arrivedRow(static_cast<quint32>(i));
        const quint32 key = groupKeyOf(row, m_by);
        qint32 &slot = m_groupOfKey[key];
        if (slot < 0) {
            slot = static_cast<qint32>(m_groups.size());
            Group g;
            g.key = key;
            g.detail = m_by == GroupBy::Resource ? row.text[static_cast<size_t>(AlertField::ResourceType)]
                     : m_by == GroupBy::Actor    ? row.text[static_cast<size_t>(AlertField::ActorAccountId)]
                                                 : 0;
            g.trusted = trustColumn && m_filter->isTrustedValue(key);
            m_groups.push_back(g);
        } else if (slot < m_shown) {
            *firstChanged = std::min(*firstChanged, static_cast<int>(slot));
            *lastChanged = std::max(*lastChanged, static_cast<int>(slot));
        }
        const auto gi = static_cast<quint32>(slot);
        Group &g = m_groups[gi];
        ++g.alerts;
        if (row.timeMs) {
            g.firstMs = g.firstMs ? std::min(g.firstMs, row.timeMs) : row.timeMs;
            g.lastMs = g.lastMs ? std::max(g.lastMs, row.timeMs) : row.timeMs;
        }
        const quint8 state = stateOf(row);
        if (state & Reviewed)
            ++g.reviewed;
        m_groupOfRow.push_back(gi);
        m_stateOfRow.push_back(state);
        if (wholeBuild)
            continue;
        for (int d = 0; d < DimensionCount; ++d)
            if (const quint32 v = dimensionValue(row, static_cast<Dimension>(d)); v && countsDimension(m_by, static_cast<Dimension>(d)))
                pairs[d].push_back(PairCounts::keyOf(gi, v));
        if (reach && (state & Live))
            live.push_back(PairCounts::keyOf(gi, row.trustId));
    }
    if (wholeBuild) {
        countAllPairs(reach);
        m_counted = rows;
        return;
    }
    for (int d = 0; d < DimensionCount; ++d)
        for (quint64 pair : m_seen[d].addAll(std::move(pairs[d])))
            ++m_groups[PairCounts::groupOf(pair)].distinct[d];
    for (quint64 pair : m_live.addAll(std::move(live)))
        ++m_groups[PairCounts::groupOf(pair)].reaching;
    m_counted = rows;
}

void GroupModel::countAllPairs(bool reach)
{
    // Every row at once: the rows' values are laid out group by group (one counting-sort
    // pass, as the groups know their sizes; a row's values side by side, so one cache
    // line takes them), then each group's few values are sorted and counted in cache.
    // The pairs come out in PairCounts' order.
    constexpr size_t kColumns = DimensionCount + 1;  // the dimensions, then the grantee of a grant that still stands
    const size_t rows = m_groupOfRow.size();
    std::vector<size_t> start(m_groups.size() + 1, 0);
    for (size_t g = 0; g < m_groups.size(); ++g)
        start[g + 1] = start[g] + static_cast<size_t>(m_groups[g].alerts);
    std::array<bool, kColumns> wanted{};
    for (int d = 0; d < DimensionCount; ++d)
        wanted[d] = countsDimension(m_by, static_cast<Dimension>(d));
    wanted[DimensionCount] = reach;
    std::vector<std::array<quint32, kColumns>> laidOut(rows);
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < rows; ++i) {
        const AlertModel::Row &row = m_alerts->arrivedRow(static_cast<quint32>(i));
        std::array<quint32, kColumns> &at = laidOut[next[m_groupOfRow[i]]++];
        for (int d = 0; d < DimensionCount; ++d)
            at[d] = dimensionValue(row, static_cast<Dimension>(d));
        at[DimensionCount] = (m_stateOfRow[i] & Live) ? row.trustId : 0;
    }
    std::array<std::vector<quint64>, kColumns> keys;
    std::array<std::vector<quint32>, kColumns> counts;
    std::vector<quint32> values;
    for (size_t g = 0; g < m_groups.size(); ++g) {
        for (size_t d = 0; d < kColumns; ++d) {
            if (!wanted[d])
                continue;
            values.clear();
            for (size_t r = start[g]; r < start[g + 1]; ++r)
                if (const quint32 v = laidOut[r][d])  // 0: the row has no such value
                    values.push_back(v);
            std::sort(values.begin(), values.end());
            int distinct = 0;
            for (auto it = values.begin(); it != values.end();) {
                const auto run = std::upper_bound(it, values.end(), *it);
                keys[d].push_back(PairCounts::keyOf(static_cast<quint32>(g), *it));
                counts[d].push_back(static_cast<quint32>(run - it));
                ++distinct;
                it = run;
            }
            (d == DimensionCount ? m_groups[g].reaching : m_groups[g].distinct[d]) = distinct;
        }
    }
    for (size_t d = 0; d < kColumns; ++d)
        if (wanted[d])
            (d == DimensionCount ? m_live : m_seen[d]).assign(std::move(keys[d]), std::move(counts[d]));
}

void GroupModel::onRowsInserted()
{
    int first = m_shown, last = -1;
    countNewRows(&first, &last);
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    if (static_cast<int>(m_groups.size()) > m_shown) {
        beginInsertRows({}, m_shown, static_cast<int>(m_groups.size()) - 1);
        m_shown = static_cast<int>(m_groups.size());
        endInsertRows();
    }
}

void GroupModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // A review or a revocation: only the rows in the range are looked at, each against what was counted for it.
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    int first = m_shown, last = -1;
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        const quint32 i = m_alerts->arrivalIndex(r);
        if (i >= m_counted)
            continue;
        const quint8 before = m_stateOfRow[i], after = stateOf(m_alerts->arrivedRow(i));
        if (before == after)
            continue;
        m_stateOfRow[i] = after;
        const size_t gi = m_groupOfRow[i];
        if ((before ^ after) & Reviewed)
            m_groups[gi].reviewed += (after & Reviewed) ? 1 : -1;
        if (((before ^ after) & Live) && sectionOf(Column::CanStillReach) >= 0)
            setLive(gi, m_alerts->arrivedRow(i).trustId, after & Live);
        first = std::min(first, static_cast<int>(gi));
        last = std::max(last, static_cast<int>(gi));
    }
    last = std::min(last, m_shown - 1);
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
}

void GroupModel::refreshTrusted()
{
    const int column = sectionOf(Column::Trusted);
    if (column < 0)
        return;
    int first = m_shown, last = -1;
    for (int r = 0; r < m_shown; ++r) {
        Group &g = m_groups[static_cast<size_t>(r)];
        const bool trusted = m_filter->isTrustedValue(g.key);
        if (trusted != g.trusted) {
            g.trusted = trusted;
            first = std::min(first, r);
            last = std::max(last, r);
        }
    }
    if (last >= first)
        emit dataChanged(index(first, column), index(last, column));
}

QStringList GroupModel::canStillReach(int row) const
{
    QStringList out;
    const auto [first, last] = m_live.rangeOf(static_cast<quint32>(row));
    for (size_t i = first; i < last; ++i)
        if (m_live.countAt(i) > 0)
            out << m_alerts->pool().at(PairCounts::valueOf(m_live.keyAt(i)));
    return out;
}

QStringList GroupModel::values(int row, Dimension d, int limit) const
{
    QStringList out;
    const auto [first, last] = m_seen[static_cast<size_t>(d)].rangeOf(static_cast<quint32>(row));
    for (size_t i = first; i < last && out.size() < limit; ++i)
        out << m_alerts->pool().at(PairCounts::valueOf(m_seen[static_cast<size_t>(d)].keyAt(i)));
    return out;
}

QString GroupModel::keyText(int row) const
{
    const quint32 key = group(row).key;
    return key ? m_alerts->pool().at(key) : tr("(none)");
}

int GroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int GroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(columns().size());
}

QString GroupModel::listText(int row, Dimension d, int shown) const
{
    QString text = values(row, d, shown).join(QStringLiteral(", "));
    if (group(row).distinct[d] > shown)
        text += tr(" … (%1 in all)").arg(group(row).distinct[d]);
    return text;
}

QVariant GroupModel::displayData(int row, Column c) const
{
    const Group &g = group(row);
    switch (c) {
    case Column::Key: return keyText(row);
    case Column::KnownAs:
        return QString::fromUtf8(awsServiceAccountName(m_alerts->pool().at(g.key).toStdString()));
    case Column::ResourceType:
    case Column::ActingAccount: return m_alerts->pool().at(g.detail);
    case Column::Alerts: return g.alerts;
    case Column::Reviewed: return g.reviewed;
    case Column::FirstSeen: return timeText(g.firstMs);
    case Column::LastSeen: return timeText(g.lastMs);
    case Column::Resources: return g.distinct[Resources];
    case Column::Accounts: return g.distinct[Grantees];
    case Column::CanStillReach: {
        if (g.reaching == 0)
            return tr("no one");
        QStringList who = canStillReach(row);
        const int total = static_cast<int>(who.size());
        if (total > 5) {
            who = who.mid(0, 5);
            return tr("%1: %2 …").arg(total).arg(who.join(QStringLiteral(", ")));
        }
        return tr("%1: %2").arg(total).arg(who.join(QStringLiteral(", ")));
    }
    case Column::Actions: return listText(row, EventNames, 4);
    case Column::Trusted: return g.trusted ? tr("yes") : tr("no");
    }
    return {};
}

QVariant GroupModel::sortData(int row, Column c) const
{
    const Group &g = group(row);
    switch (c) {
    case Column::Alerts: return g.alerts;
    case Column::Reviewed: return g.reviewed;
    case Column::FirstSeen: return g.firstMs;
    case Column::LastSeen: return g.lastMs;
    case Column::Resources: return g.distinct[Resources];
    case Column::Accounts: return g.distinct[Grantees];
    case Column::CanStillReach: return g.reaching;
    case Column::Trusted: return g.trusted;
    default: return displayData(row, c);
    }
}

QVariant GroupModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const Group &g = group(index.row());
    const Column c = columns()[static_cast<size_t>(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(index.row(), c);
    case SortKeyRole:
        return sortData(index.row(), c);
    case GroupKeyRole:
        return g.key;
    case Qt::TextAlignmentRole:
        if (c == Column::Alerts || c == Column::Reviewed || c == Column::Resources || c == Column::Accounts)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        // The whole list, where the cell only has room for its start.
        if (c == Column::CanStillReach)
            return g.reaching ? plainTextTip(canStillReach(index.row()).mid(0, 50).join(QLatin1Char('\n'))) : QVariant();
        if (c == Column::Actions)
            return plainTextTip(listText(index.row(), EventNames, 50));
        if (c == Column::Key && g.key)
            return plainTextTip(m_alerts->pool().at(g.key));
        return {};
    default:
        return {};
    }
}

QVariant GroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column c = columns()[static_cast<size_t>(section)];
    if (role == Qt::ToolTipRole) {
        switch (c) {
        case Column::KnownAs: return tr("Accounts AWS documents as its own (log delivery, CloudTrail, …)");
        case Column::Reviewed: return tr("Alerts with a decision: benign, suspicious or malicious");
        case Column::Accounts: return tr("Distinct accounts (or other grantees) shared with");
        case Column::CanStillReach: return tr("Grantees whose grant succeeded and was not revoked later in the loaded logs");
        case Column::Actions: return tr("The API calls that shared (eventName)");
        case Column::Trusted: return tr("On the allow-list");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (c) {
    case Column::Key:
        return m_by == GroupBy::Account ? tr("Account") : m_by == GroupBy::Resource ? tr("Resource") : tr("Actor");
    case Column::KnownAs: return tr("Known as");
    case Column::ResourceType: return tr("Type");
    case Column::ActingAccount: return tr("Acting account");
    case Column::Alerts: return tr("Alerts");
    case Column::Reviewed: return tr("Reviewed");
    case Column::FirstSeen: return tr("First seen (UTC)");
    case Column::LastSeen: return tr("Last seen (UTC)");
    case Column::Resources: return tr("Resources");
    case Column::Accounts: return tr("Accounts");
    case Column::CanStillReach: return tr("Can still reach");
    case Column::Actions: return tr("Actions");
    case Column::Trusted: return tr("Trusted");
    }
    return {};
}

} // namespace sharescope::session
