#pragma once
// File ▸ Time Range…: the start and the end of the events an investigation looks
// at, each a UTC date and time or "Any time". The range it returns is the engine's
// (inclusive bounds in milliseconds); the end covers the whole second it shows.

#include "time_range.h"

#include <QDialog>

class QCheckBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;

namespace sharescope::gui {

class TimeRangeDialog : public QDialog {
    Q_OBJECT
public:
    // `current` is shown; an open side shows `suggestedFrom` / `suggestedTo` (e.g. the
    // first and last alert's days), ready for when "Any time" is unticked.
    TimeRangeDialog(const TimeRange &current, qint64 suggestedFromMs, qint64 suggestedToMs, QWidget *parent = nullptr);

    // What the dialog says now: the start's second, the end's second to its last millisecond.
    TimeRange range() const;

    QDateTimeEdit *fromEdit() const { return m_from; }
    QDateTimeEdit *toEdit() const { return m_to; }
    QCheckBox *anyFromBox() const { return m_anyFrom; }
    QCheckBox *anyToBox() const { return m_anyTo; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void update();

    QDateTimeEdit *m_from, *m_to;
    QCheckBox *m_anyFrom, *m_anyTo;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace sharescope::gui
