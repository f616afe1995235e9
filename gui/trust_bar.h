#pragma once
// The inline, non-blocking strip shown after trusting an account: what was
// hidden, an optional label to type, and Undo.

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace sharescope::gui {

class TrustBar : public QWidget {
    Q_OBJECT
public:
    explicit TrustBar(QWidget *parent = nullptr);

    void showTrusted(const QString &account, int hidden);
    QString account() const { return m_account; }
    QLineEdit *labelField() const { return m_label; }
    QLabel *message() const { return m_message; }

signals:
    void labelEntered(const QString &account, const QString &label);
    void undoRequested();

private:
    QString m_account;
    QLabel *m_message;
    QLineEdit *m_label;
    QToolButton *m_undo, *m_close;
};

} // namespace sharescope::gui
