#pragma once
// The groups dock: a choice of grouping (account, resource, actor) over a table of the
// groups (session/group_model.h), sortable on every column. Selecting groups filters
// the alert table to their alerts; selecting none, or Clear Filters, shows them all again.
// The selection follows the filter too, whoever set it: a view restored from a case
// selects its groups, so the panel and the table always agree.

#include "session_fwd.h"

#include <QWidget>

class QComboBox;
class QSortFilterProxyModel;
class QTableView;

namespace sharescope::gui {

class GroupPanel : public QWidget {
    Q_OBJECT
public:
    GroupPanel(session::GroupModel *groups, session::AlertFilter *filter, QWidget *parent = nullptr);

    QComboBox *groupByBox() const { return m_by; }
    QTableView *view() const { return m_view; }

private:
    void applySelection();
    void setColumnWidths();
    void onFiltersChanged();
    // The pool ids of the selected groups, ascending (as AlertFilter::groupFilterKeys()).
    QList<quint32> selectedKeys() const;

    session::GroupModel *m_groups;
    session::AlertFilter *m_filter;
    QComboBox *m_by;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_view;
    bool m_following = false;  // the selection is being set to match the filter
};

} // namespace sharescope::gui
