#pragma once
// Paints alert cells from the session's roles: trusted rows (shown when "show
// trusted" is on) in the palette's disabled text colour, high severity in bold,
// decided rows in italics — weight, slant and palette colours, so that light and
// dark themes both stay readable.

#include <QStyledItemDelegate>

namespace sharescope::gui {

class AlertDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace sharescope::gui
