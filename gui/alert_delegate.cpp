#include "alert_delegate.h"

#include "alert_filter.h"
#include "alert_model.h"

namespace sharescope::gui {

void AlertDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(session::AlertFilter::TrustedRole).toBool())
        option->palette.setBrush(QPalette::Text, option->palette.brush(QPalette::Disabled, QPalette::Text));
    if (index.data(session::AlertModel::SeverityRole).toInt() == static_cast<int>(Severity::High)
        && session::AlertModel::isFieldColumn(index.column()) && session::AlertModel::fieldOf(index.column()) == AlertField::Severity)
        option->font.setBold(true);
}

} // namespace sharescope::gui
