#pragma once
// The groups dock: a choice of grouping (account, resource, actor) over a table of the
// groups (session/group_model.h), sortable on every column. Selecting groups filters
// the alert table to their alerts; selecting none, or Clear Filters, shows them all again.

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

    session::GroupModel *m_groups;
    session::AlertFilter *m_filter;
    QComboBox *m_by;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_view;
    bool m_clearing = false;  // the selection is being cleared because the filter was
};

} // namespace sharescope::gui
