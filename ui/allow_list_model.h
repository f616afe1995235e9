#pragma once
// The allow-list as a table for its dock: account, label (editable), when it was
// added, and how many loaded alerts each entry hides.

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

class QUndoStack;

namespace sharescope::ui {

class AlertModel;
class AllowList;

class AllowListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Account, Label, Added, Hides, ColumnCount };

    AllowListModel(AllowList *list, AlertModel *alerts, QUndoStack *undo, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    int hits(const QString &account) const;

private:
    void recount();

    AllowList *m_list;
    AlertModel *m_alerts;
    QUndoStack *m_undo;
    QHash<quint32, int> m_counts;  // pool id of an added account -> alerts
    QTimer m_recountTimer;
};

} // namespace sharescope::ui
