#pragma once
// The allow-list as a table for its dock: account, label (editable), when it was
// added, and how many loaded alerts each entry hides.

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

namespace sharescope::session {

class AlertFilter;
class AllowList;

class AllowListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Account, Label, Added, Hides, ColumnCount };

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

signals:
    // An edit of a label in the table: the window makes it an undoable change.
    void labelEditRequested(const QString &account, const QString &before, const QString &after);

private:
    void recount();

    AllowList *m_list;
    AlertFilter *m_filter;
    QHash<quint32, int> m_counts;  // pool id of a trusted value -> alerts it hides
    QTimer m_recountTimer;
};

} // namespace sharescope::session
