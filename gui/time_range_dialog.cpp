#include "time_range_dialog.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sharescope::gui {

namespace {

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);  // the edits show whole seconds
}

QDateTimeEdit *makeEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(name);
    edit->setTimeSpec(Qt::UTC);
    // ISO order, whatever the locale: the same reading as the command line's --from/--to.
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    edit->setCalendarPopup(true);
    return edit;
}

} // namespace

TimeRangeDialog::TimeRangeDialog(const TimeRange &current, qint64 suggestedFromMs, qint64 suggestedToMs, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Time Range"));
    auto *intro = new QLabel(tr("Look only at the events of this time range (UTC). CloudTrail log files whose S3 key says they "
                                "were delivered more than 15 minutes before the start, or more than 24 hours after the end, "
                                "are not read; other events outside the range are dropped."),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    // A wrapped label's height follows its width, which a dialog's first layout does not ask:
    // give it its width and the height that width needs up front.
    const int introWidth = fontMetrics().horizontalAdvance(QLatin1Char('0')) * 60;
    intro->setMinimumWidth(introWidth);
    intro->setMinimumHeight(intro->heightForWidth(introWidth));

    m_from = makeEdit(QStringLiteral("fromEdit"), this);
    m_to = makeEdit(QStringLiteral("toEdit"), this);
    m_anyFrom = new QCheckBox(tr("Any time"), this);
    m_anyFrom->setObjectName(QStringLiteral("anyFromBox"));
    m_anyTo = new QCheckBox(tr("Any time"), this);
    m_anyTo->setObjectName(QStringLiteral("anyToBox"));
    m_from->setDateTime(utc(current.fromMs.value_or(suggestedFromMs)));
    m_to->setDateTime(utc(current.toMs.value_or(suggestedToMs)));
    m_anyFrom->setChecked(!current.fromMs);
    m_anyTo->setChecked(!current.toMs);

    auto *grid = new QGridLayout;
    auto *fromLabel = new QLabel(tr("&From:"), this);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("&To:"), this);
    toLabel->setBuddy(m_to);
    grid->addWidget(fromLabel, 0, 0);
    grid->addWidget(m_from, 0, 1);
    grid->addWidget(new QLabel(tr("UTC"), this), 0, 2);
    grid->addWidget(m_anyFrom, 0, 3);
    grid->addWidget(toLabel, 1, 0);
    grid->addWidget(m_to, 1, 1);
    grid->addWidget(new QLabel(tr("UTC"), this), 1, 2);
    grid->addWidget(m_anyTo, 1, 3);
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(10);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("rangeError"));
    m_error->setTextFormat(Qt::PlainText);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(grid);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    for (QCheckBox *box : {m_anyFrom, m_anyTo})
        connect(box, &QCheckBox::toggled, this, &TimeRangeDialog::update);
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeDialog::update);
    update();
    layout->setSizeConstraint(QLayout::SetMinimumSize);
}

TimeRange TimeRangeDialog::range() const
{
    TimeRange r;
    if (!m_anyFrom->isChecked())
        r.fromMs = m_from->dateTime().toMSecsSinceEpoch();
    if (!m_anyTo->isChecked())
        r.toMs = m_to->dateTime().toMSecsSinceEpoch() + 999;  // all of the second shown
    return r;
}

void TimeRangeDialog::update()
{
    m_from->setEnabled(!m_anyFrom->isChecked());
    m_to->setEnabled(!m_anyTo->isChecked());
    const TimeRange r = range();
    const bool empty = r.fromMs && r.toMs && *r.fromMs > *r.toMs;
    m_error->setText(empty ? tr("The start is after the end: no event could be in this range.") : QString());
    m_error->setVisible(empty);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!empty);
}

} // namespace sharescope::gui
