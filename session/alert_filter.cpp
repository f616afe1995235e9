#include "alert_filter.h"

#include "allow_list.h"
#include "parallel_for.h"
#include "trust_list.h"

#include <algorithm>
#include <utility>

namespace sharescope::session {

namespace {
// The fields the quick text filter looks at: the catalogue's searchable ones.
std::vector<size_t> searchableFields()
{
    std::vector<size_t> out;
    for (const FieldSpec &spec : kAlertFields)
        if (spec.has(field_flags::Searchable))
            out.push_back(static_cast<size_t>(spec.field));
    return out;
}
const std::vector<size_t> kTextFields = searchableFields();
} // namespace

AlertFilter::AlertFilter(QObject *parent)
    : QAbstractProxyModel(parent)
{
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
    m_trustedIds.assign(m_model ? static_cast<size_t>(m_model->pool().size()) : 0, 0);
    m_orgLimitsTrusted.assign(m_trustedIds.size(), -1);
    m_anyTrusted = false;
    if (!m_allowList || !m_model)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const AllowEntry &e : m_allowList->entries())
        if (quint32 id = e.isExpired(now) ? 0 : m_model->pool().find(e.account)) {  // an expired entry hides nothing
            m_trustedIds[id] = 1;
            m_anyTrusted = true;
        }
}

void AlertFilter::refilter()
{
    ++m_criteriaRevision;
    if (m_batch) {
        m_pendingRefilter = true;
        return;
    }
    applyFilters();
    emit filtersChanged();
}

void AlertFilter::endChange()
{
    if (--m_batch > 0)
        return;
    const bool criteria = std::exchange(m_pendingRefilter, false), time = std::exchange(m_pendingTime, false);
    if (!criteria && !time)
        return;
    applyFilters();
    if (time)
        emit timeSelectionChanged();
    emit filtersChanged();
}

void AlertFilter::setTimeSelection(qint64 fromMs, qint64 toMs)
{
    if (fromMs >= toMs)
        fromMs = toMs = 0;
    if (fromMs == m_timeFrom && toMs == m_timeTo)
        return;
    m_timeFrom = fromMs;
    m_timeTo = toMs;
    if (m_batch) {
        m_pendingTime = true;
        return;
    }
    applyFilters();  // not refilter(): the other criteria, and so the timeline's counts, stay
    emit timeSelectionChanged();
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
    m_utf8Pattern.reset();
    if (regex && m_textValid)
        if (auto utf8 = std::make_unique<Utf8Pattern>(text, true); utf8->isValid())
            m_utf8Pattern = std::move(utf8);
    m_textMatch.clear();
    m_textMatchedUpTo = 0;
    m_rowText.clear();
    refilter();
}

QString AlertFilter::textError() const
{
    if (m_textValid)
        return {};
    return tr("%1 at %2").arg(m_pattern.errorString()).arg(m_pattern.patternErrorOffset());
}

void AlertFilter::matchPool(int from, int to)
{
    // Each distinct string once; a regular expression over a million of them is split
    // between the cores, each thread writing its own range of the verdicts. A pattern is
    // matched over the pool's UTF-8 (utf8_pattern.h), each thread with its own match state.
    const StringPool &pool = m_model->pool();
    auto matchRange = [this, &pool](int begin, int end) {
        if (m_regex && m_utf8Pattern) {
            Utf8Pattern::Matcher matcher(*m_utf8Pattern);
            for (int i = begin; i < end; ++i)
                m_textMatch[static_cast<size_t>(i)] = matcher.matches(pool.utf8(static_cast<quint32>(i)));
            return;
        }
        // A QRegularExpression is reentrant, not thread-safe: each range compiles its own.
        const QRegularExpression pattern(m_pattern.pattern(), m_pattern.patternOptions());
        for (int i = begin; i < end; ++i) {
            const QString &s = pool.at(static_cast<quint32>(i));
            m_textMatch[static_cast<size_t>(i)] = m_regex ? pattern.match(s).hasMatch() : s.contains(m_text, Qt::CaseInsensitive);
        }
    };
    parallelFor(static_cast<size_t>(to - from), 100000, [&matchRange, from](size_t begin, size_t end, int) {
        matchRange(from + static_cast<int>(begin), from + static_cast<int>(end));
    });
}

bool AlertFilter::rowMatchesText(quint32 arrival) const
{
    // Verdicts are cached per distinct string (one memmem pass over the whole pool)
    // and then per row, computed in arrival order so that memory is read in sequence.
    // acceptsArrived is const; these caches are not state anyone else sees.
    auto *self = const_cast<AlertFilter *>(this);
    const StringPool &pool = m_model->pool();
    if (pool.size() > m_textMatchedUpTo) {
        if (!m_regex && m_textMatchedUpTo == 0) {
            pool.markContaining(m_text, self->m_textMatch);
        } else {
            self->m_textMatch.resize(static_cast<size_t>(pool.size()));
            self->matchPool(std::max(m_textMatchedUpTo, 1), pool.size());
        }
        self->m_textMatchedUpTo = pool.size();
    }
    const size_t rows = static_cast<size_t>(m_model->rowCount());
    for (size_t i = m_rowText.size(); i < rows; ++i) {
        const AlertModel::Row &row = m_model->arrivedRow(static_cast<quint32>(i));
        bool any = false;
        for (size_t field : kTextFields)
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

void AlertFilter::setMinimumSeverity(Severity minimum)
{
    m_minSeverity = minimum;
    refilter();
}

void AlertFilter::setShowTrusted(bool show)
{
    m_showTrusted = show;
    refilter();
}

void AlertFilter::setUnreviewedOnly(bool only)
{
    m_unreviewedOnly = only;
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

void AlertFilter::setGroupFilter(GroupBy by, const QList<quint32> &keys)
{
    std::vector<char> chosen;
    for (quint32 key : keys) {
        if (key >= chosen.size())
            chosen.resize(key + 1, 0);
        chosen[key] = 1;
    }
    if (by == m_groupBy && chosen == m_groupKeys)
        return;  // the same groups: no million-row re-filter
    m_groupBy = by;
    m_groupKeys = std::move(chosen);
    refilter();
}

QList<quint32> AlertFilter::groupFilterKeys() const
{
    QList<quint32> out;
    for (size_t id = 0; id < m_groupKeys.size(); ++id)
        if (m_groupKeys[id])
            out << static_cast<quint32>(id);
    return out;
}

QStringList AlertFilter::groupFilterTexts() const
{
    QStringList out;
    for (size_t id = 0; id < m_groupKeys.size(); ++id)
        if (m_groupKeys[id])
            out << (id ? m_model->pool().at(static_cast<quint32>(id)) : tr("(none)"));
    return out;
}

bool AlertFilter::isTrusted(int sourceRow) const
{
    // The common case, and it keeps a million-row re-filter from touching the strings.
    return m_anyTrusted && isTrustedRow(m_model->row(sourceRow));
}

bool AlertFilter::isTrustedRow(const AlertModel::Row &row) const
{
    if (!m_anyTrusted)
        return false;
    if (row.trustId < m_trustedIds.size() && m_trustedIds[row.trustId])
        return true;
    const quint32 limits = m_model->textId(row, AlertField::OrgLimits);
    if (!limits || limits >= m_orgLimitsTrusted.size())
        return false;
    signed char &known = m_orgLimitsTrusted[limits];
    if (known < 0) {
        // Once per distinct list of organisations, by the engine's rule.
        const QStringList orgs = m_model->pool().at(limits).split(QChar::fromLatin1(AlertModel::kListSeparator));
        known = hiddenByTrust(QString(), orgs, [this](const QString &v) {
            const quint32 id = v.isEmpty() ? 0 : m_model->pool().find(v);
            return id && id < m_trustedIds.size() && m_trustedIds[id];
        });
    }
    return known > 0;
}

int AlertFilter::trustedCount() const
{
    if (!m_anyTrusted)
        return 0;
    int n = 0;
    for (quint32 i = 0; i < static_cast<quint32>(m_model->rowCount()); ++i)  // arrival order: memory in sequence
        n += isTrustedRow(m_model->arrivedRow(i));
    return n;
}

bool AlertFilter::acceptsArrived(quint32 arrival, bool withTimeSelection) const
{
    // The text test first: it rejects most rows without touching them.
    if (!m_text.isEmpty() && (!m_textValid || !rowMatchesText(arrival)))
        return false;
    const AlertModel::Row &row = m_model->arrivedRow(arrival);
    if (withTimeSelection && m_timeFrom < m_timeTo && (row.timeMs <= 0 || row.timeMs < m_timeFrom || row.timeMs >= m_timeTo))
        return false;
    if (!m_groupKeys.empty()) {
        const quint32 key = groupKeyOf(row, m_groupBy);
        if (key >= m_groupKeys.size() || !m_groupKeys[key])
            return false;
    }
    if (!m_showTrusted && isTrustedRow(row))
        return false;
    if (!m_eventName.isEmpty() && m_model->pool().at(m_model->textId(row, AlertField::EventName)) != m_eventName)
        return false;
    if (!m_resourceType.isEmpty() && m_model->pool().at(m_model->textId(row, AlertField::ResourceType)) != m_resourceType)
        return false;
    if (m_minSeverity != Severity::None && row.severity < m_minSeverity)
        return false;
    if (m_unreviewedOnly && isDecided(row.status))
        return false;
    const bool failed = m_model->textId(row, AlertField::ErrorCode) != 0;
    if ((m_result == ResultFilter::Succeeded && failed) || (m_result == ResultFilter::Failed && !failed))
        return false;
    for (const ValueFilter &f : m_valueFilters) {
        const bool equal = m_model->displayText(row, f.column) == f.value;
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

} // namespace sharescope::session
