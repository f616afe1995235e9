#include "elided_label.h"

#include "plain_tip.h"

#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QToolTip>

namespace sharescope::gui {

ElidedLabel::ElidedLabel(int minimumChars, QWidget *parent) : QLabel(parent), m_minimumChars(minimumChars)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    // The layout may give it less than its text needs, down to minimumSizeHint().
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    const int chars = fontMetrics().horizontalAdvance(QString(m_minimumChars, QLatin1Char('0')));
    const int wanted = std::min(chars, sizeHint().width() - m.left() - m.right());  // a short text needs no more
    return {std::max(0, wanted) + m.left() + m.right(), QLabel::minimumSizeHint().height()};
}

QString ElidedLabel::shownText() const
{
    return fontMetrics().elidedText(text(), Qt::ElideRight, contentsRect().width());
}

QString ElidedLabel::tipText() const
{
    QStringList parts;
    if (isElided())
        parts << text();
    if (!toolTip().isEmpty())
        parts << toolTip();
    return parts.isEmpty() ? QString() : session::plainTextTip(parts.join(QStringLiteral("\n\n")));
}

void ElidedLabel::paintEvent(QPaintEvent *)
{
    // Drawn as QLabel draws plain text, but cut to fit rather than clipped mid-letter.
    QPainter painter(this);
    style()->drawItemText(&painter, contentsRect(), QStyle::visualAlignment(layoutDirection(), alignment()), palette(),
                          isEnabled(), shownText(), foregroundRole());
}

bool ElidedLabel::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const QString tip = tipText();
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), tip, this);
        return true;
    }
    return QLabel::event(event);
}

} // namespace sharescope::gui
