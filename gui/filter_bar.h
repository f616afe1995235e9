#pragma once
// The row of filters above the alert table: a debounced quick text filter (with a
// regex toggle), event / resource type / result choices, "show trusted", and the
// cell-value, group and time filters with a button to clear them.

#include "session_fwd.h"
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace sharescope::gui {


class FilterBar : public QWidget {
    Q_OBJECT
public:
    FilterBar(session::AlertFilter *filter, QWidget *parent = nullptr);

    QLineEdit *textField() const { return m_text; }
    QCheckBox *regexBox() const { return m_regex; }
    QCheckBox *showTrustedBox() const { return m_showTrusted; }
    QComboBox *eventBox() const { return m_event; }
    QComboBox *typeBox() const { return m_type; }
    QComboBox *resultBox() const { return m_result; }
    QComboBox *severityBox() const { return m_severity; }
    QToolButton *clearValueFiltersButton() const { return m_clear; }
    QLabel *patternErrorLabel() const { return m_patternError; }
    // The cell-value, group and time filters in force, as text.
    QLabel *activeFiltersLabel() const { return m_valueFilters; }

    // Adds choices for values seen in the alerts (kept sorted, never removed mid-scan).
    void noteValues(const QStringList &eventNames, const QStringList &resourceTypes);
    void resetChoices();
    // Shows what the filter holds (a view restored from a case) without setting it again.
    void syncFromFilter();
    // How a time selection [fromMs, toMs) is written in the bar ("time = 2024-03-14 16:00 – 17:59 UTC").
    static QString timeSelectionText(qint64 fromMs, qint64 toMs);

private:
    void applyText();
    void showPatternError();
    void refreshValueFilters();
    static void addChoices(QComboBox *box, const QStringList &values);

    session::AlertFilter *m_filter;
    QLineEdit *m_text;
    QCheckBox *m_regex, *m_showTrusted;
    QComboBox *m_event, *m_type, *m_result, *m_severity;
    QLabel *m_valueFilters;
    QWidget *m_active;   // the line that shows m_valueFilters and m_clear
    QLabel *m_patternError;
    QToolButton *m_clear;
    QTimer m_debounce;
};

} // namespace sharescope::gui
