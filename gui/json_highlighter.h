#pragma once
// Colours pretty-printed JSON: keys, strings, numbers and literals, with colours
// taken from the palette so they stay readable in light and dark themes.

#include <QRegularExpression>
#include <QSyntaxHighlighter>

namespace sharescope::gui {

class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QRegularExpression m_key, m_string, m_number, m_literal;
};

} // namespace sharescope::gui
