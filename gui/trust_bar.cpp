#include "trust_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QToolButton>

namespace sharescope::gui {

TrustBar::TrustBar(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_message = new QLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_label = new QLineEdit(this);
    m_label->setPlaceholderText(tr("Label (optional), e.g. Vendor backup account — Enter to save"));
    m_undo = new QToolButton(this);
    m_undo->setText(tr("Undo"));
    m_close = new QToolButton(this);
    m_close->setText(tr("✕"));
    m_close->setToolTip(tr("Close"));
    m_close->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_message);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_undo);
    layout->addWidget(m_close);

    connect(m_label, &QLineEdit::returnPressed, this, [this] {
        emit labelEntered(m_account, m_label->text().trimmed());
        hide();
    });
    connect(m_undo, &QToolButton::clicked, this, [this] {
        emit undoRequested();
        hide();
    });
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void TrustBar::showTrusted(const QString &account, int hidden)
{
    m_account = account;
    m_message->setText(hidden == 1 ? tr("Trusted %1 — 1 alert hidden.").arg(account)
                                   : tr("Trusted %1 — %2 alerts hidden.").arg(account, QLocale().toString(hidden)));
    m_label->clear();
    show();
}

} // namespace sharescope::gui
