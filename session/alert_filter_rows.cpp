// AlertFilter as a proxy: which of the model's rows are shown, kept as a sorted vector
// of source rows, and the model's signals mapped onto it. The criteria themselves and
// the per-row verdict are in alert_filter.cpp.
#include "alert_filter.h"

#include <algorithm>

namespace sharescope::session {

void AlertFilter::setAlertModel(AlertModel *model)
{
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    QAbstractProxyModel::setSourceModel(model);
    // New rows may bring the first occurrence of a trusted account: resolve its id
    // before they are decided (the model interns before it announces rows).
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] { refreshTrusted(); });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        onSourceRowsInserted(first, last);
    });
    connect(model, &QAbstractItemModel::dataChanged, this, &AlertFilter::onSourceDataChanged);
    connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, &AlertFilter::onSourceLayoutAboutToBeChanged);
    connect(model, &QAbstractItemModel::layoutChanged, this, &AlertFilter::onSourceLayoutChanged);
    connect(model, &QAbstractItemModel::headerDataChanged, this, [this](Qt::Orientation o, int first, int last) {
        if (o == Qt::Horizontal)  // columns are the model's; rows are this proxy's own
            emit headerDataChanged(o, first, last);
    });
    // The model only ever appends or resets; a removal is taken as a reset, to be safe.
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { beginResetModel(); });
    connect(model, &QAbstractItemModel::modelReset, this, &AlertFilter::onSourceReset);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &AlertFilter::onSourceReset);
    refreshTrusted();
    m_accepted.clear();
    decideFrom(0);
    m_visible = visibleSourceRows();
    endResetModel();
}

void AlertFilter::onSourceReset()
{
    // The pool ids the group filter and the text caches held are gone with the rows.
    m_groupKeys.clear();
    m_textMatch.clear();
    m_textMatchedUpTo = 0;
    m_rowText.clear();
    refreshTrusted();
    m_accepted.clear();
    decideFrom(0);
    m_visible = visibleSourceRows();
    endResetModel();
}

void AlertFilter::applyFilters()
{
    if (!m_model)
        return;
    m_accepted.clear();
    decideFrom(0);
    setVisible(visibleSourceRows());
}

void AlertFilter::decideFrom(size_t from)
{
    const size_t rows = m_model ? static_cast<size_t>(m_model->rowCount()) : 0;
    m_accepted.resize(rows);
    if (from >= rows)
        return;
    // The text verdicts of every row first, in their own pass (the pool, then the rows).
    if (!m_text.isEmpty() && m_textValid)
        rowMatchesText(static_cast<quint32>(rows - 1));
    for (size_t i = from; i < rows; ++i)
        m_accepted[i] = acceptsArrived(static_cast<quint32>(i));
}

std::vector<quint32> AlertFilter::visibleSourceRows() const
{
    std::vector<quint32> rows;
    if (!m_model)
        return rows;
    rows.reserve(static_cast<size_t>(std::count(m_accepted.begin(), m_accepted.end(), 1)));
    const int count = m_model->rowCount();
    for (int r = 0; r < count; ++r)
        if (m_accepted[m_model->arrivalIndex(r)])
            rows.push_back(static_cast<quint32>(r));
    return rows;
}

int AlertFilter::proxyRowOf(int sourceRow) const
{
    const auto it = std::lower_bound(m_visible.begin(), m_visible.end(), static_cast<quint32>(sourceRow));
    return it != m_visible.end() && *it == static_cast<quint32>(sourceRow) ? static_cast<int>(it - m_visible.begin()) : -1;
}

void AlertFilter::setVisible(std::vector<quint32> &&rows)
{
    // One layout change, as QSortFilterProxyModel::invalidate() gives: the selection and
    // the current row stay on their alerts when these are still shown.
    emit layoutAboutToBeChanged();
    const QModelIndexList held = persistentIndexList();
    std::vector<quint32> sources;
    sources.reserve(static_cast<size_t>(held.size()));
    for (const QModelIndex &i : held)
        sources.push_back(m_visible[static_cast<size_t>(i.row())]);
    m_visible = std::move(rows);
    QModelIndexList moved;
    moved.reserve(held.size());
    for (qsizetype k = 0; k < held.size(); ++k) {
        const int to = proxyRowOf(static_cast<int>(sources[static_cast<size_t>(k)]));
        moved << (to < 0 ? QModelIndex() : index(to, held[k].column()));
    }
    changePersistentIndexList(held, moved);
    emit layoutChanged();
}

void AlertFilter::onSourceRowsInserted(int first, int last)
{
    const int count = last - first + 1;
    decideFrom(m_accepted.size());
    std::vector<quint32> added;
    for (int r = first; r <= last; ++r)
        if (m_accepted[m_model->arrivalIndex(r)])
            added.push_back(static_cast<quint32>(r));
    const auto at = std::lower_bound(m_visible.begin(), m_visible.end(), static_cast<quint32>(first));
    for (auto it = at; it != m_visible.end(); ++it)  // rows below the new ones move down (none: the model appends)
        *it += static_cast<quint32>(count);
    if (added.empty())
        return;
    const int row = static_cast<int>(at - m_visible.begin());
    beginInsertRows({}, row, row + static_cast<int>(added.size()) - 1);
    m_visible.insert(m_visible.begin() + row, added.begin(), added.end());
    endInsertRows();
}

void AlertFilter::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    const int top = topLeft.row(), bottom = bottomRight.row();
    if (dependsOnRowData()) {
        // A review or a revocation can change whether these rows pass: decide them again.
        std::vector<quint32> flipped;
        for (int r = top; r <= bottom; ++r) {
            const quint32 arrival = m_model->arrivalIndex(r);
            if (arrival >= m_accepted.size())
                continue;
            const char now = acceptsArrived(arrival);
            if (now != m_accepted[arrival]) {
                m_accepted[arrival] = now;
                flipped.push_back(static_cast<quint32>(r));
            }
        }
        // A few rows (a triage key) leave or come back one by one; many at once as a layout change.
        constexpr size_t kOneByOne = 64;
        if (flipped.size() > kOneByOne) {
            setVisible(visibleSourceRows());
        } else {
            for (quint32 source : flipped) {
                const auto at = std::lower_bound(m_visible.begin(), m_visible.end(), source);
                const int row = static_cast<int>(at - m_visible.begin());
                if (m_accepted[m_model->arrivalIndex(static_cast<int>(source))]) {
                    beginInsertRows({}, row, row);
                    m_visible.insert(at, source);
                    endInsertRows();
                } else {
                    beginRemoveRows({}, row, row);
                    m_visible.erase(at);
                    endRemoveRows();
                }
            }
        }
    }
    const auto from = std::lower_bound(m_visible.begin(), m_visible.end(), static_cast<quint32>(top));
    const auto to = std::upper_bound(from, m_visible.end(), static_cast<quint32>(bottom));
    if (from != to)
        emit dataChanged(index(static_cast<int>(from - m_visible.begin()), topLeft.column()),
                         index(static_cast<int>(to - m_visible.begin()) - 1, bottomRight.column()), roles);
}

void AlertFilter::onSourceLayoutAboutToBeChanged()
{
    // The model is about to sort itself: remember each persistent index by its alert
    // (arrival index), which the sort does not change.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_heldIndexes = persistentIndexList();
    m_heldArrivals.clear();
    for (const QModelIndex &i : m_heldIndexes)
        m_heldArrivals.push_back(m_model->arrivalIndex(static_cast<int>(m_visible[static_cast<size_t>(i.row())])));
}

void AlertFilter::onSourceLayoutChanged()
{
    // The verdicts stand; only the order changed: one walk over the model's new order.
    decideFrom(m_accepted.size());
    m_visible = visibleSourceRows();
    if (!m_heldIndexes.isEmpty()) {
        std::vector<quint32> position(static_cast<size_t>(m_model->rowCount()));
        for (int r = 0; r < m_model->rowCount(); ++r)
            position[m_model->arrivalIndex(r)] = static_cast<quint32>(r);
        QModelIndexList moved;
        moved.reserve(m_heldIndexes.size());
        for (qsizetype k = 0; k < m_heldIndexes.size(); ++k) {
            const int to = proxyRowOf(static_cast<int>(position[m_heldArrivals[static_cast<size_t>(k)]]));
            moved << (to < 0 ? QModelIndex() : index(to, m_heldIndexes[k].column()));
        }
        changePersistentIndexList(m_heldIndexes, moved);
    }
    m_heldIndexes.clear();
    m_heldArrivals.clear();
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QModelIndex AlertFilter::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex AlertFilter::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex AlertFilter::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int AlertFilter::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_visible.size());
}

int AlertFilter::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool AlertFilter::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_visible.empty();
}

QModelIndex AlertFilter::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int row = proxyRowOf(sourceIndex.row());
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

QModelIndex AlertFilter::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_model || static_cast<size_t>(proxyIndex.row()) >= m_visible.size())
        return {};
    return m_model->index(static_cast<int>(m_visible[static_cast<size_t>(proxyIndex.row())]), proxyIndex.column());
}

QVariant AlertFilter::data(const QModelIndex &index, int role) const
{
    if (role == TrustedRole)
        return index.isValid() && isTrusted(mapToSource(index).row());
    return QAbstractProxyModel::data(index, role);
}

} // namespace sharescope::session
