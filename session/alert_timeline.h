#pragma once
// How many alerts there are over time: counts per time bucket (an hour, a day or a week,
// chosen from the span of the loaded alerts), split by severity. It counts what the alert
// table shows without the timeline's own range (AlertFilter::acceptsArrived with the time
// selection left out), so dragging a range never empties the rest of the chart.
//
// What it promises:
//  - The axis spans every loaded alert with a readable time, whatever the filters: filtering
//    changes the bars, not the axis. Buckets are aligned in UTC (hours, midnights, Mondays).
//  - The counts follow the filter, the allow-list, new rows and (when the filter depends on
//    them) reviews; changes are coalesced and counted once, shortly after, in one pass over
//    the rows in arrival order (tens of milliseconds at a million alerts), never per batch.
//  - While inactive (setActive(false): the timeline is not on screen) it counts nothing and
//    catches up when made active again.

#include "alert.h"

#include <QObject>
#include <QTimer>

#include <array>
#include <vector>

namespace sharescope::session {

class AlertFilter;

class AlertTimeline : public QObject {
    Q_OBJECT
public:
    enum class Unit { Hour, Day, Week };
    static constexpr int kSeverities = 5;  // Severity::None .. Severity::High

    explicit AlertTimeline(AlertFilter *filter, QObject *parent = nullptr);

    void setActive(bool active);
    bool isActive() const { return m_active; }
    // Counts now, if anything changed since the last count (tests, and a widget shown).
    void refresh();
    // How long changes are gathered before one count (ms).
    void setDelay(int ms) { m_timer.setInterval(ms); }

    Unit unit() const { return m_unit; }
    qint64 unitMs() const;
    // The unit for a span of loaded alerts: hours up to 4 days, days up to 180, weeks beyond.
    static Unit unitFor(qint64 spanMs);
    // The start of the unit that holds `ms` (UTC; weeks start on Monday).
    static qint64 floorTo(Unit unit, qint64 ms);

    int bucketCount() const { return static_cast<int>(m_totals.size()); }
    qint64 bucketStart(int i) const { return m_firstMs + qint64(i) * unitMs(); }
    qint64 bucketEnd(int i) const { return bucketStart(i + 1); }
    // The bucket holding `ms`, or -1 outside the axis.
    int bucketOf(qint64 ms) const;
    int count(int bucket, Severity s) const { return m_counts[static_cast<size_t>(bucket)][static_cast<size_t>(s)]; }
    int total(int bucket) const { return m_totals[static_cast<size_t>(bucket)]; }
    int maxTotal() const { return m_maxTotal; }
    // Alerts counted (all buckets), and those the filter passes that have no readable time.
    int counted() const { return m_counted; }
    int untimed() const { return m_untimed; }

signals:
    // The buckets were counted again.
    void changed();

private:
    void schedule();
    void count();

    AlertFilter *m_filter;
    QTimer m_timer;
    bool m_active = true;
    bool m_dirty = true;
    quint64 m_countedRevision = ~quint64(0);
    Unit m_unit = Unit::Hour;
    qint64 m_firstMs = 0;
    qint64 m_minMs = 0, m_maxMs = 0;   // the loaded alerts' readable times; 0: none yet
    size_t m_spanned = 0;              // arrival rows folded into m_minMs / m_maxMs
    std::vector<std::array<int, kSeverities>> m_counts;
    std::vector<int> m_totals;
    int m_maxTotal = 0, m_counted = 0, m_untimed = 0;
};

} // namespace sharescope::session
