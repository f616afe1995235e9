#include "status_strip.h"

#include "elided_label.h"

#include <QEvent>
#include <QStyle>

#include <algorithm>

namespace sharescope::gui {

StatusStrip::StatusStrip(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void StatusStrip::addLabel(ElidedLabel *label, Side side, int rank)
{
    label->setParent(this);
    label->installEventFilter(this);  // shown, hidden or given another text: lay out again
    m_items.push_back({label, side, rank});
    relayout();
}

int StatusStrip::spacing() const
{
    return style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, this) * 2;
}

QSize StatusStrip::sizeHint() const
{
    int width = 0, height = 0, shown = 0;
    for (const Item &i : m_items)
        if (!i.label->isHidden()) {
            width += i.label->sizeHint().width();
            height = std::max(height, i.label->sizeHint().height());
            ++shown;
        }
    return {width + std::max(0, shown - 1) * spacing(), height};
}

QSize StatusStrip::minimumSizeHint() const
{
    int width = 0, height = 0, shown = 0;
    for (const Item &i : m_items)
        if (!i.label->isHidden()) {
            width += i.label->minimumSizeHint().width();
            height = std::max(height, i.label->minimumSizeHint().height());
            ++shown;
        }
    return {width + std::max(0, shown - 1) * spacing(), height};
}

QVector<int> StatusStrip::widths() const
{
    QVector<int> out(m_items.size(), 0);
    int shown = 0, left = width();
    for (int k = 0; k < m_items.size(); ++k)
        if (!m_items[k].label->isHidden()) {
            out[k] = m_items[k].label->minimumSizeHint().width();
            left -= out[k];
            ++shown;
        }
    left -= std::max(0, shown - 1) * spacing();
    int lastRank = 0;
    for (const Item &i : m_items)
        lastRank = std::max(lastRank, i.rank);
    // Rank by rank, the room left takes each text from its minimum towards its whole width.
    for (int rank = 0; rank <= lastRank && left > 0; ++rank) {
        qint64 wanted = 0;
        for (int k = 0; k < m_items.size(); ++k)
            if (m_items[k].rank == rank && !m_items[k].label->isHidden())
                wanted += std::max(0, m_items[k].label->sizeHint().width() - out[k]);
        if (wanted == 0)
            continue;
        const qint64 given = std::min<qint64>(wanted, left);
        for (int k = 0; k < m_items.size(); ++k)
            if (m_items[k].rank == rank && !m_items[k].label->isHidden()) {
                const int more = std::max(0, m_items[k].label->sizeHint().width() - out[k]);
                out[k] += int(more * given / wanted);  // in proportion to what each lacks
            }
        left -= int(given);
    }
    return out;
}

void StatusStrip::relayout()
{
    const QVector<int> w = widths();
    int x = 0;
    for (int k = 0; k < m_items.size(); ++k)
        if (m_items[k].side == Side::Left && !m_items[k].label->isHidden()) {
            m_items[k].label->setGeometry(x, 0, w[k], height());
            x += w[k] + spacing();
        }
    x = width();
    for (int k = int(m_items.size()) - 1; k >= 0; --k)
        if (m_items[k].side == Side::Right && !m_items[k].label->isHidden()) {
            x -= w[k];
            m_items[k].label->setGeometry(x, 0, w[k], height());
            x -= spacing();
        }
}

bool StatusStrip::event(QEvent *event)
{
    if (event->type() == QEvent::LayoutRequest) {  // a label's text changed its size hint
        updateGeometry();
        relayout();
        return true;
    }
    if (event->type() == QEvent::Show) {
        // Hidden under a status message, the labels' texts may have changed unseen.
        const bool handled = QWidget::event(event);
        updateGeometry();
        relayout();
        return handled;
    }
    return QWidget::event(event);
}

bool StatusStrip::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShowToParent || event->type() == QEvent::HideToParent) {
        updateGeometry();
        relayout();
    }
    return QWidget::eventFilter(watched, event);
}

void StatusStrip::resizeEvent(QResizeEvent *)
{
    relayout();
}

} // namespace sharescope::gui
