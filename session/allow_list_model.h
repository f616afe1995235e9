#pragma once
// The allow-list as a table for its dock: account, label, justification, owner and
// expiry (editable), when it was added, and how many loaded alerts each entry hides.
// An expired entry hides nothing and is flagged ("(expired)", a tooltip, ExpiredRole).

#include "allow_list.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

#include <optional>

namespace sharescope::session {

class AlertFilter;
class AllowList;

class AllowListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Account, Label, Justification, Owner, Expires, Added, Hides, ColumnCount };
    enum Role { ExpiredRole = Qt::UserRole + 1 };

    // Counts what each entry hides by `filter`'s trust rule, over its alert model.
    AllowListModel(AllowList *list, AlertFilter *filter, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // The loaded alerts this entry hides: its own, and those limited to organisations that are all trusted.
    int hits(const QString &account) const;

    // The entry part a column edits, if any.
    static std::optional<AllowField> fieldOf(int column);

signals:
    // An edit in the table: the window makes it an undoable change (values as AllowList::setField takes them).
    void editRequested(const QString &account, sharescope::session::AllowField field, const QVariant &before, const QVariant &after);
    // An edit that was refused, and why (an expiry that is not a date), for the window to say.
    void editRefused(const QString &why);

private:
    void recount();

    AllowList *m_list;
    AlertFilter *m_filter;
    int m_rows = 0;                // entries the views know of
    QHash<quint32, int> m_counts;  // pool id of a trusted value -> alerts it hides
    QTimer m_recountTimer;
};

} // namespace sharescope::session
