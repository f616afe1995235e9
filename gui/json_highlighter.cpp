#include "json_highlighter.h"

#include <QApplication>
#include <QPalette>

namespace sharescope::gui {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_key(QStringLiteral(R"("(?:[^"\\]|\\.)*"(?=\s*:))"))
    , m_string(QStringLiteral(R"(:\s*("(?:[^"\\]|\\.)*")|^\s*("(?:[^"\\]|\\.)*"),?$)"))
    , m_number(QStringLiteral(R"(:\s*(-?\d[\d.eE+-]*)|^\s*(-?\d[\d.eE+-]*),?$)"))
    , m_literal(QStringLiteral(R"(:\s*(true|false|null)|^\s*(true|false|null),?$)"))
{
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    const QPalette pal = QApplication::palette();
    QTextCharFormat key, string, number, literal;
    key.setForeground(pal.color(QPalette::Link));
    key.setFontWeight(QFont::DemiBold);
    string.setForeground(pal.color(QPalette::LinkVisited));
    number.setForeground(pal.color(QPalette::Highlight));
    literal.setForeground(pal.color(QPalette::Highlight));
    literal.setFontItalic(true);

    auto apply = [&](const QRegularExpression &re, const QTextCharFormat &format) {
        for (auto it = re.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const int group = m.capturedStart(1) >= 0 ? 1 : (m.lastCapturedIndex() >= 2 && m.capturedStart(2) >= 0 ? 2 : 0);
            setFormat(m.capturedStart(group), m.capturedLength(group), format);
        }
    };
    apply(m_key, key);
    apply(m_string, string);
    apply(m_number, number);
    apply(m_literal, literal);
}

} // namespace sharescope::gui
