#include "filter_bar.h"

#include "alert_filter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QToolButton>

namespace sharescope::gui {

FilterBar::FilterBar(session::AlertFilter *filter, QWidget *parent)
    : QWidget(parent), m_filter(filter)
{
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Filter alerts (Ctrl+F): account, resource, actor, IP…"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 28);
    m_regex = new QCheckBox(tr("Re&gex"), this);
    m_regex->setToolTip(tr("Treat the filter as a regular expression"));

    m_event = new QComboBox(this);
    m_type = new QComboBox(this);
    m_result = new QComboBox(this);
    m_event->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_result->addItem(tr("Any result"));
    m_result->addItem(tr("Succeeded"));
    m_result->addItem(tr("Failed"));
    m_severity = new QComboBox(this);
    m_severity->addItem(tr("Any severity"), static_cast<int>(Severity::None));
    m_severity->addItem(tr("High"), static_cast<int>(Severity::High));
    m_severity->addItem(tr("Medium or higher"), static_cast<int>(Severity::Medium));
    m_severity->addItem(tr("Low or higher"), static_cast<int>(Severity::Low));
    resetChoices();

    m_showTrusted = new QCheckBox(tr("Show &trusted"), this);
    m_showTrusted->setToolTip(tr("Show alerts hidden by the allow-list, greyed out (Ctrl+H)"));

    m_patternError = new QLabel(this);
    m_patternError->setTextFormat(Qt::PlainText);
    m_patternError->setVisible(false);
    m_valueFilters = new QLabel(this);
    m_valueFilters->setTextFormat(Qt::PlainText);  // holds values from the logs
    // Values can be long: the label gives way (whole in its tooltip) rather than widen the window.
    m_valueFilters->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_clear = new QToolButton(this);
    m_clear->setText(tr("Clear"));  // short: it appears in a full row
    m_clear->setToolTip(tr("Clear the cell-value, group and time filters"));
    m_clear->setVisible(false);

    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 3);
    layout->addWidget(m_regex);
    layout->addWidget(m_patternError);
    layout->addWidget(m_event);
    layout->addWidget(m_type);
    layout->addWidget(m_severity);
    layout->addWidget(m_result);
    layout->addWidget(m_showTrusted);
    // The filters in force get a line of their own under the choices, shown only while
    // there are some: beside the choices a 1280 px window left them no room at all.
    m_active = new QWidget(this);
    m_active->setObjectName(QStringLiteral("activeFilters"));
    auto *activeLayout = new QHBoxLayout(m_active);
    activeLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Filtered by:"), m_active);
    activeLayout->addWidget(title);
    activeLayout->addWidget(m_valueFilters, 1);
    activeLayout->addWidget(m_clear);
    m_active->setVisible(false);
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    rows->addLayout(layout);
    rows->addWidget(m_active);

    // Typing re-filters after a pause, not on every key.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::applyText);
    connect(m_text, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::applyText);
    connect(m_regex, &QCheckBox::toggled, this, &FilterBar::applyText);
    connect(m_event, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setEventName(i <= 0 ? QString() : m_event->itemText(i));
    });
    connect(m_type, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setResourceType(i <= 0 ? QString() : m_type->itemText(i));
    });
    connect(m_result, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setResult(static_cast<session::AlertFilter::ResultFilter>(i));
    });
    connect(m_severity, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setMinimumSeverity(static_cast<Severity>(m_severity->itemData(i).toInt()));
    });
    connect(m_showTrusted, &QCheckBox::toggled, m_filter, &session::AlertFilter::setShowTrusted);
    connect(m_clear, &QToolButton::clicked, this, [this] {
        m_filter->clearValueFilters();
        m_filter->clearGroupFilter();
        m_filter->clearTimeSelection();
    });
    connect(m_filter, &session::AlertFilter::filtersChanged, this, &FilterBar::refreshValueFilters);
}

void FilterBar::applyText()
{
    m_debounce.stop();
    m_filter->setText(m_text->text(), m_regex->isChecked());
    showPatternError();
}

void FilterBar::showPatternError()
{
    // An invalid pattern says so, and why, where the analyst is typing (it shows no rows).
    const bool valid = m_filter->textIsValid();
    m_patternError->setText(valid ? QString() : tr("Invalid pattern: %1").arg(m_filter->textError()));
    m_patternError->setVisible(!valid);
    m_text->setToolTip(valid ? QString() : m_patternError->text().toHtmlEscaped());
}

void FilterBar::refreshValueFilters()
{
    QStringList parts;
    for (const session::AlertFilter::ValueFilter &f : m_filter->valueFilters()) {
        const QString column = m_filter->alertModel()->headerData(f.column, Qt::Horizontal).toString();
        parts << (f.exclude ? tr("%1 ≠ %2") : tr("%1 = %2")).arg(column, f.value);
    }
    // Chosen in the Groups panel: said here too, so that the table never looks whole when it is not.
    if (m_filter->hasGroupFilter()) {
        const QStringList keys = m_filter->groupFilterTexts();
        const QString kind = m_filter->groupFilterBy() == session::GroupBy::Account ? tr("account")
                           : m_filter->groupFilterBy() == session::GroupBy::Resource ? tr("resource") : tr("actor");
        parts << (keys.size() == 1 ? tr("%1 = %2").arg(kind, keys[0]) : tr("%1 in %2 groups").arg(kind).arg(keys.size()));
    }
    // Dragged on the timeline: the table holds only that time range, and says so.
    if (m_filter->hasTimeSelection())
        parts << timeSelectionText(m_filter->timeSelectionFrom(), m_filter->timeSelectionTo());
    m_valueFilters->setText(parts.join(QStringLiteral(" · ")));
    m_valueFilters->setToolTip(parts.join(QLatin1Char('\n')).toHtmlEscaped());
    m_clear->setVisible(!parts.isEmpty());
    m_active->setVisible(!parts.isEmpty());
}

QString FilterBar::timeSelectionText(qint64 fromMs, qint64 toMs)
{
    // [from, to): the end shown is the last minute inside, as an analyst reads "16:00 – 17:59".
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(toMs - 1, Qt::UTC);
    const QString day = QStringLiteral("yyyy-MM-dd"), minute = QStringLiteral("yyyy-MM-dd HH:mm");
    const bool wholeDays = from.time() == QTime(0, 0) && last.time() >= QTime(23, 59);
    if (wholeDays)
        return from.date() == last.date() ? tr("time = %1 UTC").arg(from.toString(day))
                                          : tr("time = %1 – %2 UTC").arg(from.toString(day), last.toString(day));
    return tr("time = %1 – %2 UTC").arg(from.toString(minute), last.toString(from.date() == last.date() ? QStringLiteral("HH:mm") : minute));
}

void FilterBar::syncFromFilter()
{
    const QSignalBlocker blocks[] = {QSignalBlocker(m_text), QSignalBlocker(m_regex), QSignalBlocker(m_event), QSignalBlocker(m_type),
                                     QSignalBlocker(m_result), QSignalBlocker(m_severity), QSignalBlocker(m_showTrusted)};
    m_debounce.stop();
    m_text->setText(m_filter->text());
    m_regex->setChecked(m_filter->textIsRegex());
    // A value the loaded alerts do not offer (yet) is added, so the choice shows what filters.
    auto choose = [](QComboBox *box, const QString &value) {
        if (value.isEmpty()) {
            box->setCurrentIndex(0);
            return;
        }
        addChoices(box, {value});
        box->setCurrentIndex(box->findText(value, Qt::MatchExactly));
    };
    choose(m_event, m_filter->eventName());
    choose(m_type, m_filter->resourceType());
    m_result->setCurrentIndex(static_cast<int>(m_filter->result()));
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(static_cast<int>(m_filter->minimumSeverity()))));
    m_showTrusted->setChecked(m_filter->showTrusted());
    showPatternError();
    refreshValueFilters();
}

void FilterBar::addChoices(QComboBox *box, const QStringList &values)
{
    for (const QString &v : values) {
        if (v.isEmpty() || box->findText(v, Qt::MatchExactly) >= 0)
            continue;
        int at = 1;
        while (at < box->count() && box->itemText(at) < v)
            ++at;
        box->insertItem(at, v);
    }
}

void FilterBar::noteValues(const QStringList &eventNames, const QStringList &resourceTypes)
{
    addChoices(m_event, eventNames);
    addChoices(m_type, resourceTypes);
}

void FilterBar::resetChoices()
{
    m_event->clear();
    m_event->addItem(tr("Any event"));
    m_type->clear();
    m_type->addItem(tr("Any resource type"));
}

} // namespace sharescope::gui
