#include "start_page.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace sharescope::gui {

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
{
    auto *title = new QLabel(tr("ShareScope"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2);
    big.setBold(true);
    title->setFont(big);
    auto *blurb = new QLabel(tr("Find every AWS resource shared with an account outside your trust.\n"
                                "Open CloudTrail logs: S3 exports (.json, .json.gz), JSON lines, EventBridge, "
                                "lookup-events or Sentinel exports."), this);
    blurb->setWordWrap(true);

    m_openFiles = new QPushButton(tr("Open logs…"), this);
    m_openFolder = new QPushButton(tr("Open folder…"), this);
    m_sample = new QPushButton(tr("Try the sample"), this);
    for (QPushButton *b : {m_openFiles, m_openFolder, m_sample})
        b->setMinimumWidth(220);
    connect(m_openFiles, &QPushButton::clicked, this, &StartPage::openFilesRequested);
    connect(m_openFolder, &QPushButton::clicked, this, &StartPage::openFolderRequested);
    connect(m_sample, &QPushButton::clicked, this, &StartPage::sampleRequested);

    auto *recentTitle = new QLabel(tr("Recent"), this);
    m_recent = new QListWidget(this);
    m_recent->setMaximumWidth(640);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        emit recentRequested(item->data(Qt::UserRole).toString());
    });

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(blurb);
    column->addSpacing(16);
    column->addWidget(m_openFiles, 0, Qt::AlignLeft);
    column->addWidget(m_openFolder, 0, Qt::AlignLeft);
    column->addWidget(m_sample, 0, Qt::AlignLeft);
    column->addSpacing(16);
    column->addWidget(recentTitle);
    column->addWidget(m_recent, 1);

    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
}

void StartPage::setRecent(const QStringList &paths)
{
    m_recent->clear();
    for (const QString &p : paths) {
        auto *item = new QListWidgetItem(QDir::toNativeSeparators(p), m_recent);
        item->setData(Qt::UserRole, p);
    }
    if (paths.isEmpty())
        new QListWidgetItem(tr("(nothing opened yet)"), m_recent);
}

} // namespace sharescope::gui
