#include "alert_filter.h"

#include "allow_list.h"

#include <QApplication>
#include <QPalette>

#include <algorithm>

namespace sharescope::ui {

namespace {
// The columns the quick text filter looks at: every visible text plus the ids behind them.
constexpr AlertModel::Field kTextFields[] = {
    AlertModel::FEventId, AlertModel::FEventTime, AlertModel::FEventName, AlertModel::FResourceType,
    AlertModel::FResource, AlertModel::FAdded, AlertModel::FActorAccount, AlertModel::FUserAccount,
    AlertModel::FActorArn, AlertModel::FSourceIp, AlertModel::FRegion, AlertModel::FErrorCode, AlertModel::FUserAgent,
    AlertModel::FSeverity, AlertModel::FGranteeKind, AlertModel::FGrantee};
} // namespace

AlertFilter::AlertFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void AlertFilter::setAlertModel(AlertModel *model)
{
    m_model = model;
    setSourceModel(model);
    // New rows may bring the first occurrence of a trusted account: resolve its id
    // before the proxy filters them (the model interns before it announces rows).
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        refreshTrusted();
        refreshSeverityIds();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_textMatch.clear();
        m_textMatchedUpTo = 0;
        m_rowText.clear();
        refreshTrusted();
    });
}

void AlertFilter::setAllowList(AllowList *list)
{
    m_allowList = list;
    connect(list, &AllowList::changed, this, [this] {
        refreshTrusted();
        refilter();
    });
    refreshTrusted();
    refilter();
}

void AlertFilter::refreshTrusted()
{
    m_trustedIds.clear();
    if (!m_allowList || !m_model)
        return;
    for (const AllowEntry &e : m_allowList->entries())
        if (quint32 id = m_model->pool().find(e.account))
            m_trustedIds.insert(id);
}

void AlertFilter::refilter()
{
    // A full re-map: invalidateFilter() removes hidden rows range by range, which
    // is quadratic when a filter hides most of a million rows.
    invalidate();
    emit filtersChanged();
}

void AlertFilter::setText(const QString &text, bool regex)
{
    if (text == m_text && regex == m_regex)
        return;
    m_text = text;
    m_regex = regex;
    m_pattern = QRegularExpression(regex ? text : QRegularExpression::escape(text), QRegularExpression::CaseInsensitiveOption);
    m_textValid = m_pattern.isValid();
    m_textMatch.clear();
    m_textMatchedUpTo = 0;
    m_rowText.clear();
    refilter();
}

bool AlertFilter::rowMatchesText(quint32 arrival) const
{
    // Verdicts are cached per distinct string (one memmem pass over the whole pool)
    // and then per row, computed in arrival order so that memory is read in sequence.
    // filterAcceptsRow is const; these caches are not state anyone else sees.
    auto *self = const_cast<AlertFilter *>(this);
    const StringPool &pool = m_model->pool();
    if (pool.size() > m_textMatchedUpTo) {
        if (!m_regex && m_textMatchedUpTo == 0) {
            pool.markContaining(m_text, self->m_textMatch);
        } else {
            self->m_textMatch.resize(static_cast<size_t>(pool.size()));
            for (int i = std::max(m_textMatchedUpTo, 1); i < pool.size(); ++i) {
                const QString &s = pool.at(static_cast<quint32>(i));
                self->m_textMatch[static_cast<size_t>(i)] = m_regex ? m_pattern.match(s).hasMatch() : s.contains(m_text, Qt::CaseInsensitive);
            }
        }
        self->m_textMatchedUpTo = pool.size();
    }
    const size_t rows = static_cast<size_t>(m_model->rowCount());
    for (size_t i = m_rowText.size(); i < rows; ++i) {
        const AlertModel::Row &row = m_model->arrivedRow(static_cast<quint32>(i));
        bool any = false;
        for (AlertModel::Field field : kTextFields)
            any = any || m_textMatch[row.text[field]];
        self->m_rowText.push_back(any);
    }
    return m_rowText[arrival];
}

void AlertFilter::setEventName(const QString &name)
{
    m_eventName = name;
    refilter();
}

void AlertFilter::setResourceType(const QString &type)
{
    m_resourceType = type;
    refilter();
}

void AlertFilter::setResult(ResultFilter result)
{
    m_result = result;
    refilter();
}

void AlertFilter::setMinimumSeverity(int rank)
{
    m_minSeverity = rank;
    refreshSeverityIds();
    refilter();
}

void AlertFilter::refreshSeverityIds()
{
    const char *names[] = {"info", "low", "medium", "high"};
    for (size_t i = 0; i < m_severityIds.size(); ++i)
        m_severityIds[i] = m_model ? m_model->pool().find(QLatin1String(names[i])) : 0;
}

int AlertFilter::severityRank(quint32 id) const
{
    for (size_t i = 0; i < m_severityIds.size(); ++i)
        if (id && id == m_severityIds[i])
            return static_cast<int>(i) + 1;
    return 0;
}

void AlertFilter::setShowTrusted(bool show)
{
    m_showTrusted = show;
    refilter();
}

void AlertFilter::addValueFilter(const ValueFilter &filter)
{
    m_valueFilters.append(filter);
    refilter();
}

void AlertFilter::clearValueFilters()
{
    m_valueFilters.clear();
    refilter();
}

bool AlertFilter::isTrusted(int sourceRow) const
{
    if (m_trustedIds.isEmpty())  // the common case, and it keeps a million-row re-filter from touching the strings
        return false;
    const AlertModel::Row &row = m_model->row(sourceRow);
    return m_trustedIds.contains(m_model->trustKeyId(row)) || (row.text[AlertModel::FOrgLimit] && m_trustedIds.contains(row.text[AlertModel::FOrgLimit]));
}

int AlertFilter::trustedCount() const
{
    if (m_trustedIds.isEmpty())
        return 0;
    int n = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        n += isTrusted(r);
    return n;
}

bool AlertFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    // The text test first: it rejects most rows without touching them.
    if (!m_text.isEmpty() && (!m_textValid || !rowMatchesText(m_model->arrivalIndex(sourceRow))))
        return false;
    const AlertModel::Row &row = m_model->row(sourceRow);
    if (!m_showTrusted && isTrusted(sourceRow))
        return false;
    if (!m_eventName.isEmpty() && m_model->pool().at(row.text[AlertModel::FEventName]) != m_eventName)
        return false;
    if (!m_resourceType.isEmpty() && m_model->pool().at(row.text[AlertModel::FResourceType]) != m_resourceType)
        return false;
    if (m_minSeverity > 0 && severityRank(row.text[AlertModel::FSeverity]) < m_minSeverity)
        return false;
    if (m_result == ResultFilter::Succeeded && row.text[AlertModel::FErrorCode])
        return false;
    if (m_result == ResultFilter::Failed && !row.text[AlertModel::FErrorCode])
        return false;
    for (const ValueFilter &f : m_valueFilters) {
        const bool equal = m_model->data(m_model->index(sourceRow, f.column)).toString() == f.value;
        if (equal == f.exclude)
            return false;
    }
    return true;
}

void AlertFilter::sort(int column, Qt::SortOrder order)
{
    if (m_model)
        m_model->sort(column, order);
}

QVariant AlertFilter::data(const QModelIndex &index, int role) const
{
    if (role == TrustedRole || (role == Qt::ForegroundRole && m_showTrusted)) {
        const bool trusted = isTrusted(mapToSource(index).row());
        if (role == TrustedRole)
            return trusted;
        if (trusted)  // greyed out with the palette's own disabled colour, right in light and dark themes
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace sharescope::ui
