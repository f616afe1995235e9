#include "alert_timeline.h"

#include "alert_filter.h"
#include "alert_model.h"

#include <algorithm>

namespace sharescope::session {

namespace {
constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kWeekMs = 7 * kDayMs;
constexpr qint64 kMondayMs = 4 * kDayMs;  // 1970-01-05, the first Monday after the epoch

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b) < 0);
}
} // namespace

AlertTimeline::AlertTimeline(AlertFilter *filter, QObject *parent)
    : QObject(parent), m_filter(filter)
{
    // Batches, keystrokes and reviews arrive in bursts: one count after each burst.
    m_timer.setSingleShot(true);
    m_timer.setInterval(120);
    connect(&m_timer, &QTimer::timeout, this, &AlertTimeline::refresh);
    connect(filter, &AlertFilter::filtersChanged, this, [this] {
        if (m_filter->criteriaRevision() != m_countedRevision)  // not for the time selection alone
            schedule();
    });
    const AlertModel *model = filter->alertModel();
    connect(model, &QAbstractItemModel::rowsInserted, this, &AlertTimeline::schedule);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_minMs = m_maxMs = 0;
        m_spanned = 0;
        schedule();
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_filter->dependsOnRowData())
            schedule();
    });
}

void AlertTimeline::schedule()
{
    m_dirty = true;
    if (m_active && !m_timer.isActive())
        m_timer.start();
}

void AlertTimeline::setActive(bool active)
{
    m_active = active;
    if (!active)
        m_timer.stop();
    else if (m_dirty)
        m_timer.start();
}

void AlertTimeline::refresh()
{
    m_timer.stop();
    if (!m_dirty && m_filter->criteriaRevision() == m_countedRevision)
        return;
    count();
    emit changed();
}

qint64 AlertTimeline::unitMs() const
{
    return m_unit == Unit::Hour ? kHourMs : m_unit == Unit::Day ? kDayMs : kWeekMs;
}

AlertTimeline::Unit AlertTimeline::unitFor(qint64 spanMs)
{
    // At most ~100 bars at the short end of each unit, and enough to read at the long end.
    if (spanMs <= 4 * kDayMs)
        return Unit::Hour;
    if (spanMs <= 180 * kDayMs)
        return Unit::Day;
    return Unit::Week;
}

qint64 AlertTimeline::floorTo(Unit unit, qint64 ms)
{
    switch (unit) {
    case Unit::Hour: return floorDiv(ms, kHourMs) * kHourMs;
    case Unit::Day: return floorDiv(ms, kDayMs) * kDayMs;
    case Unit::Week: return floorDiv(ms - kMondayMs, kWeekMs) * kWeekMs + kMondayMs;
    }
    return ms;
}

int AlertTimeline::bucketOf(qint64 ms) const
{
    if (m_totals.empty() || ms < m_firstMs)
        return -1;
    const qint64 i = (ms - m_firstMs) / unitMs();
    return i < bucketCount() ? static_cast<int>(i) : -1;
}

void AlertTimeline::count()
{
    const AlertModel *model = m_filter->alertModel();
    const size_t rows = static_cast<size_t>(model->rowCount());
    // The axis: every loaded alert's time, folded in as rows arrive (rows are only ever appended).
    for (; m_spanned < rows; ++m_spanned) {
        const qint64 t = model->arrivedRow(static_cast<quint32>(m_spanned)).timeMs;
        if (t <= 0)
            continue;
        m_minMs = m_minMs ? std::min(m_minMs, t) : t;
        m_maxMs = std::max(m_maxMs, t);
    }
    m_counts.clear();
    m_totals.clear();
    m_maxTotal = m_counted = m_untimed = 0;
    m_dirty = false;
    m_countedRevision = m_filter->criteriaRevision();
    if (m_minMs == 0) {
        for (size_t i = 0; i < rows; ++i)
            m_untimed += m_filter->acceptsArrived(static_cast<quint32>(i), false);
        return;
    }
    m_unit = unitFor(m_maxMs - m_minMs);
    m_firstMs = floorTo(m_unit, m_minMs);
    const qint64 unit = unitMs();
    const size_t buckets = static_cast<size_t>((floorTo(m_unit, m_maxMs) - m_firstMs) / unit + 1);
    m_counts.assign(buckets, {});
    m_totals.assign(buckets, 0);
    for (size_t i = 0; i < rows; ++i) {
        if (!m_filter->acceptsArrived(static_cast<quint32>(i), false))
            continue;
        const AlertModel::Row &row = model->arrivedRow(static_cast<quint32>(i));
        if (row.timeMs <= 0) {
            ++m_untimed;
            continue;
        }
        const size_t b = static_cast<size_t>((row.timeMs - m_firstMs) / unit);
        ++m_counts[b][static_cast<size_t>(row.severity)];
        ++m_totals[b];
        ++m_counted;
    }
    m_maxTotal = m_totals.empty() ? 0 : *std::max_element(m_totals.begin(), m_totals.end());
}

} // namespace sharescope::session
