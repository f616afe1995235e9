#pragma once
// The allow-list dock's contents: the entries (label, justification, owner and expiry
// editable; an expired one flagged) and buttons to add, remove, import and export.
// Every change goes through the undo stack.

#include "session_fwd.h"
#include <QWidget>

class QTableView;
class QUndoStack;

namespace sharescope::gui {


class AllowListPanel : public QWidget {
    Q_OBJECT
public:
    AllowListPanel(session::AllowList *list, session::AllowListModel *model, QUndoStack *undo, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    bool importFrom(const QString &path);  // .csv: a Sentinel watchlist; else JSON or the plain `--trusted` text; one undo step
    bool exportTo(const QString &path);    // .txt: the `--trusted` text; .csv: a Sentinel watchlist; otherwise JSON with every field

signals:
    // "Add…" with a valid id: the window trusts it as a click on an alert would.
    void trustRequested(const QString &account);
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setColumnWidths();  // by what each column holds; the account's by the ids in the list
    void fitLabelColumn();   // the room the dock leaves beside the account and the count
    void add();
    void removeSelected();
    void importWithDialog();
    void exportWithDialog();

    session::AllowList *m_list;
    QUndoStack *m_undo;
    QTableView *m_view;
};

} // namespace sharescope::gui
