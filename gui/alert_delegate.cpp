#include "alert_delegate.h"

#include "alert_filter.h"
#include "alert_model.h"
#include "review.h"

namespace sharescope::gui {

void AlertDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(session::AlertFilter::TrustedRole).toBool())
        option->palette.setBrush(QPalette::Text, option->palette.brush(QPalette::Disabled, QPalette::Text));
    // Decided rows step back (italic), as read mail does; what still needs a look stays upright.
    const auto status = static_cast<session::ReviewStatus>(index.data(session::AlertModel::ReviewStatusRole).toInt());
    if (status != session::ReviewStatus::New && status != session::ReviewStatus::InReview)
        option->font.setItalic(true);
    if (status == session::ReviewStatus::Malicious && index.column() == session::AlertModel::reviewColumn(session::AlertModel::StatusColumn))
        option->font.setBold(true);
    if (index.data(session::AlertModel::SeverityRole).toInt() == static_cast<int>(Severity::High)
        && session::AlertModel::isFieldColumn(index.column()) && session::AlertModel::fieldOf(index.column()) == AlertField::Severity)
        option->font.setBold(true);
}

} // namespace sharescope::gui
