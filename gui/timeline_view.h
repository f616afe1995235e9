#pragma once
// The timeline dock's chart: alerts per hour, day or week (session/alert_timeline.h),
// stacked by severity. Dragging over it narrows the alert table to that time range
// (AlertFilter::setTimeSelection, snapped to whole bars); a click or Escape clears it.
// The range chosen is shaded here and written in the filter bar.
//
// Drawn with QPainter rather than Qt Charts: a few dozen rectangles need no new
// dependency (and no QGraphicsScene per bar at a million alerts), and the drag, the
// snapping to bars and the palette colours are a few lines each.

#include "session_fwd.h"

#include <QWidget>

namespace sharescope::gui {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    TimelineView(session::AlertTimeline *timeline, session::AlertFilter *filter, QWidget *parent = nullptr);

    // Where the bars are drawn, and which bar is at an x inside it (clamped to the bars; -1 with none).
    QRect plotRect() const;
    int bucketAt(int x) const;
    // The middle of a bar's column, at half the plot's height: where a test presses.
    QPoint bucketCentre(int bucket) const;
    // What the chart says above its bars ("Alerts per hour (UTC) · ...").
    QString caption() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    double barWidth() const;
    QString bucketText(int bucket) const;
    QString tipFor(int bucket) const;

    session::AlertTimeline *m_timeline;
    session::AlertFilter *m_filter;
    int m_pressX = -1;   // where the button went down; -1: no drag
    int m_dragX = -1;
};

} // namespace sharescope::gui
