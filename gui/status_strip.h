#pragma once
// The status bar's texts in one row, laid out by what matters most. A text of an earlier
// rank gets its whole width before one of a later rank grows past its minimum; texts of
// one rank share what is left in proportion to their lengths. So at 1280 px the counts,
// the time range and the problem count stay whole while the rule 0236 sentence and the
// scan's summary are cut (each ElidedLabel then shows its whole text in its tooltip), and
// no text ever widens the window. Left texts are packed from the left, right texts from
// the right, hidden ones take no room.

#include <QVector>
#include <QWidget>

namespace sharescope::gui {

class ElidedLabel;

class StatusStrip : public QWidget {
    Q_OBJECT
public:
    enum class Side { Left, Right };
    explicit StatusStrip(QWidget *parent = nullptr);

    // Takes `label` as a child; rank 0 matters most.
    void addLabel(ElidedLabel *label, Side side, int rank);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool event(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Item {
        ElidedLabel *label;
        Side side;
        int rank;
    };
    // Each shown label's width at the strip's width, by the rule above (in m_items' order).
    QVector<int> widths() const;
    void relayout();
    int spacing() const;

    QVector<Item> m_items;
};

} // namespace sharescope::gui
