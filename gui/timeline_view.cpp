#include "timeline_view.h"

#include "alert_filter.h"
#include "alert_timeline.h"
#include "filter_bar.h"
#include "plain_tip.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace sharescope::gui {

namespace {

using session::AlertTimeline;

// Stacked from the bottom, most severe first: the bars that matter are the easiest to see.
constexpr Severity kStack[] = {Severity::High, Severity::Medium, Severity::Low, Severity::Info, Severity::None};

// Fixed hues that read on light and dark palettes alike; rule 0236 mode has no severity.
QColor colourOf(Severity s)
{
    switch (s) {
    case Severity::High: return QColor(0xd6, 0x3b, 0x2f);
    case Severity::Medium: return QColor(0xf0, 0x8c, 0x1a);
    case Severity::Low: return QColor(0xd9, 0xb8, 0x1e);
    case Severity::Info: return QColor(0x3f, 0x86, 0xc8);
    case Severity::None: break;
    }
    return QColor(0x2a, 0x9d, 0x8f);
}

QString severityTitle(Severity s)
{
    switch (s) {
    case Severity::High: return TimelineView::tr("high");
    case Severity::Medium: return TimelineView::tr("medium");
    case Severity::Low: return TimelineView::tr("low");
    case Severity::Info: return TimelineView::tr("info");
    case Severity::None: break;
    }
    return TimelineView::tr("rule 0236");
}

QString unitName(AlertTimeline::Unit u)
{
    return u == AlertTimeline::Unit::Hour ? TimelineView::tr("hour") : u == AlertTimeline::Unit::Day ? TimelineView::tr("day") : TimelineView::tr("week");
}

QString when(qint64 ms, AlertTimeline::Unit unit)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.toString(unit == AlertTimeline::Unit::Hour ? QStringLiteral("yyyy-MM-dd HH:mm") : QStringLiteral("yyyy-MM-dd"));
}

} // namespace

TimelineView::TimelineView(session::AlertTimeline *timeline, session::AlertFilter *filter, QWidget *parent)
    : QWidget(parent), m_timeline(timeline), m_filter(filter)
{
    setObjectName(QStringLiteral("timelineView"));
    setFocusPolicy(Qt::StrongFocus);  // a click takes the focus, so Escape reaches it
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(timeline, &session::AlertTimeline::changed, this, qOverload<>(&QWidget::update));
    connect(filter, &session::AlertFilter::timeSelectionChanged, this, qOverload<>(&QWidget::update));
}

QSize TimelineView::sizeHint() const
{
    return {600, fontMetrics().height() * 9};
}

QSize TimelineView::minimumSizeHint() const
{
    return {200, fontMetrics().height() * 6};
}

QRect TimelineView::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    const int left = fm.horizontalAdvance(QString::number(std::max(m_timeline->maxTotal(), 10))) + 10;
    const int top = fm.height() + 10;
    const int bottom = fm.height() + 8;
    return QRect(left, top, std::max(1, width() - left - 10), std::max(1, height() - top - bottom));
}

double TimelineView::barWidth() const
{
    return m_timeline->bucketCount() ? double(plotRect().width()) / m_timeline->bucketCount() : 0;
}

int TimelineView::bucketAt(int x) const
{
    if (m_timeline->bucketCount() == 0)
        return -1;
    const int i = static_cast<int>(std::floor((x - plotRect().left()) / barWidth()));
    return std::clamp(i, 0, m_timeline->bucketCount() - 1);
}

QPoint TimelineView::bucketCentre(int bucket) const
{
    const QRect plot = plotRect();
    return {plot.left() + static_cast<int>((bucket + 0.5) * barWidth()), plot.center().y()};
}

QString TimelineView::bucketText(int bucket) const
{
    const AlertTimeline::Unit u = m_timeline->unit();
    const qint64 start = m_timeline->bucketStart(bucket);
    if (u == AlertTimeline::Unit::Week)
        return tr("week of %1").arg(when(start, u));
    if (u == AlertTimeline::Unit::Day)
        return when(start, u);
    return tr("%1 – %2").arg(when(start, u), QDateTime::fromMSecsSinceEpoch(m_timeline->bucketEnd(bucket), Qt::UTC).toString(QStringLiteral("HH:mm")));
}

QString TimelineView::caption() const
{
    if (m_timeline->bucketCount() == 0)
        return m_timeline->untimed() ? tr("No alert has a readable time") : tr("No alerts");
    QString text = tr("Alerts per %1 (UTC)").arg(unitName(m_timeline->unit()));
    if (m_timeline->untimed())
        text += tr(" · %n without a time", nullptr, m_timeline->untimed());
    text += m_filter->hasTimeSelection() ? tr(" · the table shows %1 only; click or Esc for every time")
                                               .arg(FilterBar::timeSelectionText(m_filter->timeSelectionFrom(), m_filter->timeSelectionTo()).section(QLatin1Char('='), 1).trimmed())
                                         : tr(" · drag over a range to narrow the table");
    return text;
}

QString TimelineView::tipFor(int bucket) const
{
    const int total = m_timeline->total(bucket);
    QStringList lines{total == 1 ? tr("%1 UTC: 1 alert").arg(bucketText(bucket))
                                 : tr("%1 UTC: %2 alerts").arg(bucketText(bucket), QLocale().toString(total))};
    for (Severity s : kStack)
        if (const int n = m_timeline->count(bucket, s))
            lines << tr("%1 %2").arg(n).arg(severityTitle(s));
    return lines.join(QLatin1Char('\n'));
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QFontMetrics fm = fontMetrics();
    const QRect plot = plotRect();
    p.setPen(pal.color(QPalette::Text));
    const QString title = caption();
    p.drawText(QRect(plot.left(), 4, plot.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    const int buckets = m_timeline->bucketCount();
    if (buckets == 0)
        return;

    // The legend, right-aligned on the caption's line, for the severities present.
    bool present[AlertTimeline::kSeverities] = {};
    for (int b = 0; b < buckets; ++b)
        for (Severity s : kStack)
            present[static_cast<int>(s)] = present[static_cast<int>(s)] || m_timeline->count(b, s);
    int x = plot.right();
    const int box = fm.height() - 4;
    for (auto it = std::rbegin(kStack); it != std::rend(kStack); ++it) {
        if (!present[static_cast<int>(*it)])
            continue;
        const QString name = severityTitle(*it);
        x -= fm.horizontalAdvance(name);
        if (x - box - 4 < plot.left() + fm.horizontalAdvance(title) + 12)
            break;  // no room beside the caption: the tooltips say it
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QPoint(x, 4 + fm.ascent()), name);
        x -= box + 4;
        p.fillRect(QRect(x, 4 + (fm.height() - box) / 2, box, box), colourOf(*it));
        x -= 12;
    }

    // Axes: the tallest bar's count at the top, zero at the bottom.
    const QColor grid = pal.color(QPalette::Mid);
    p.setPen(grid);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.topLeft(), plot.bottomLeft());
    p.setPen(pal.color(QPalette::Text));
    const int top = std::max(m_timeline->maxTotal(), 1);
    p.drawText(QRect(0, plot.top() - fm.height() / 2, plot.left() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter, QString::number(top));
    p.drawText(QRect(0, plot.bottom() - fm.height() / 2, plot.left() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));

    // The range, under the bars: being dragged, else the one filtering the table.
    const double bw = barWidth();
    double from = -1, to = -1;
    if (m_pressX >= 0 && std::abs(m_dragX - m_pressX) >= 4) {
        const int a = bucketAt(std::min(m_pressX, m_dragX)), z = bucketAt(std::max(m_pressX, m_dragX));
        from = plot.left() + a * bw;
        to = plot.left() + (z + 1) * bw;
    } else if (m_filter->hasTimeSelection()) {
        const double unitMs = double(m_timeline->unitMs());
        from = plot.left() + double(m_filter->timeSelectionFrom() - m_timeline->bucketStart(0)) / unitMs * bw;
        to = plot.left() + double(m_filter->timeSelectionTo() - m_timeline->bucketStart(0)) / unitMs * bw;
        from = std::clamp(from, double(plot.left()), double(plot.right()));
        to = std::clamp(to, double(plot.left()), double(plot.right()));
    }
    if (to > from) {
        QColor shade = pal.color(QPalette::Highlight);
        shade.setAlpha(70);
        const QRectF area(from, plot.top(), to - from, plot.height());
        p.fillRect(area, shade);
        p.setPen(QPen(pal.color(QPalette::Highlight), 1));
        p.drawRect(area.adjusted(0, 0, -1, 0));
    }

    const double gap = bw >= 6 ? 2 : bw >= 3 ? 1 : 0;
    for (int b = 0; b < buckets; ++b) {
        if (!m_timeline->total(b))
            continue;
        const double left = plot.left() + b * bw + gap / 2;
        // Bars outside the range fade: what the table holds stands out.
        const double middle = plot.left() + (b + 0.5) * bw;
        const bool outside = to > from && (middle < from || middle > to);
        double y = plot.bottom();
        for (Severity s : kStack) {
            const int n = m_timeline->count(b, s);
            if (!n)
                continue;
            const double h = double(n) * plot.height() / top;
            QColor colour = colourOf(s);
            if (outside)
                colour.setAlpha(90);
            p.fillRect(QRectF(left, y - h, std::max(1.0, bw - gap), h), colour);
            y -= h;
        }
    }

    // Time labels under the bars, as many as fit without touching.
    const AlertTimeline::Unit unit = m_timeline->unit();
    const QString format = unit == AlertTimeline::Unit::Hour ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("yyyy-MM-dd");
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("0000-00-00")) + 12;
    const int step = std::max(1, static_cast<int>(std::ceil(labelWidth / std::max(bw, 0.001))));
    p.setPen(pal.color(QPalette::Text));
    for (int b = 0; b < buckets; b += step) {
        const int lx = plot.left() + static_cast<int>(b * bw);
        if (lx + labelWidth - 12 > width())
            break;
        p.setPen(grid);
        p.drawLine(lx, plot.bottom(), lx, plot.bottom() + 3);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QPoint(lx + 2, plot.bottom() + 4 + fm.ascent()),
                   QDateTime::fromMSecsSinceEpoch(m_timeline->bucketStart(b), Qt::UTC).toString(format));
    }

}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_timeline->bucketCount() == 0)
        return QWidget::mousePressEvent(event);
    m_pressX = m_dragX = event->position().toPoint().x();
    update();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressX < 0)
        return QWidget::mouseMoveEvent(event);
    m_dragX = event->position().toPoint().x();
    update();
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_pressX < 0)
        return QWidget::mouseReleaseEvent(event);
    const int releaseX = event->position().toPoint().x();
    const int pressX = std::exchange(m_pressX, -1);
    m_dragX = -1;
    if (std::abs(releaseX - pressX) < 4) {
        m_filter->clearTimeSelection();  // a click: every time again
    } else {
        // Whole bars, so that the table holds exactly what the shaded bars count.
        const int a = bucketAt(std::min(pressX, releaseX)), z = bucketAt(std::max(pressX, releaseX));
        m_filter->setTimeSelection(m_timeline->bucketStart(a), m_timeline->bucketEnd(z));
    }
    update();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && (m_filter->hasTimeSelection() || m_pressX >= 0)) {
        m_pressX = m_dragX = -1;
        m_filter->clearTimeSelection();
        update();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QRect plot = plotRect();
        if (m_timeline->bucketCount() && plot.contains(help->pos()))
            QToolTip::showText(help->globalPos(), session::plainTextTip(tipFor(bucketAt(help->pos().x()))), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::showEvent(QShowEvent *event)
{
    // Counted only while on screen: a hidden timeline costs nothing at a million alerts.
    m_timeline->setActive(true);
    m_timeline->refresh();
    QWidget::showEvent(event);
}

void TimelineView::hideEvent(QHideEvent *event)
{
    m_timeline->setActive(false);
    QWidget::hideEvent(event);
}

} // namespace sharescope::gui
