#pragma once
// A one-line label that gives way: in a bar too narrow for every text (the status bar at
// 1280 px with counts in the hundreds of thousands, a time range and the rule 0236
// sentence), it shrinks to a few characters instead of widening the window, cuts its text
// with "…" instead of clipping it, and then shows the whole text in its tooltip.
// Its text is always plain: nothing in it is read as markup.

#include <QLabel>

namespace sharescope::gui {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    // `minimumChars`: how narrow it may get, in characters of its font.
    explicit ElidedLabel(int minimumChars, QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    // The text as it is drawn at the label's width: the whole text, or cut with "…".
    QString shownText() const;
    bool isElided() const { return shownText() != text(); }
    // What its tooltip shows: the whole text when it is cut, then the tooltip set on it.
    QString tipText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    int m_minimumChars;
};

} // namespace sharescope::gui
