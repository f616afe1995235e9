#pragma once
// Tooltips that show text from the logs as it is. Qt guesses whether a tooltip is rich
// text; an escaped string wrapped in a paragraph is always taken as rich text and shows
// every character literally (no tag is interpreted), with its line breaks and spaces kept.

#include <QString>

namespace sharescope::session {

inline QString plainTextTip(const QString &text)
{
    return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(text.toHtmlEscaped());
}

} // namespace sharescope::session
