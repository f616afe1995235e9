#pragma once
// The alerts grouped by external account, by resource or by actor: one row per group,
// with how many alerts it has, how many are reviewed, when it was first and last seen,
// and what it reaches. Built from the alert model's rows in one pass, then kept up to
// date as the model tells of changes, never rebuilt for them:
//  - alerts streaming in (rowsInserted): only the new rows are looked at;
//  - reviews and revocations (dataChanged): only the rows in the changed range, each
//    compared with what the group counted for it;
//  - the allow-list (the filter's filtersChanged): one look per group.
// Changing the grouping, or the model being reset (a rescan), rebuilds it.

#include "group_key.h"
#include "pair_counts.h"

#include <QAbstractTableModel>

#include <array>
#include <vector>

namespace sharescope::session {

class AlertFilter;

class GroupModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // What a column shows; each grouping shows some of them (columns()).
    enum class Column : quint8 {
        Key,            // the account, resource or actor
        KnownAs,        // an account AWS documents as its own (resources/known_aws_accounts)
        ResourceType,
        ActingAccount,  // the actor's account
        Alerts,
        Reviewed,       // alerts with a decision (Benign, Suspicious, Malicious)
        FirstSeen,
        LastSeen,
        Resources,      // distinct resources shared
        Accounts,       // distinct grantees
        CanStillReach,  // grantees with a grant that succeeded and was not revoked later
        Actions,        // the API calls that shared (eventName)
        Trusted,        // the account is on the allow-list
    };
    enum Role {
        SortKeyRole = Qt::UserRole + 1,  // numbers for counts and times, text otherwise
        GroupKeyRole,                    // the group's pool id, for AlertFilter::setGroupFilter
    };

    // Distinct values counted per group.
    enum Dimension { Resources, Grantees, EventNames, DimensionCount };
    struct Group {
        quint32 key = 0;          // pool id of the grouped-by text (groupKeyOf)
        quint32 detail = 0;       // pool id: the resource type (by resource) or acting account (by actor), as first seen
        int alerts = 0;
        int reviewed = 0;
        qint64 firstMs = 0, lastMs = 0;  // 0: no alert with a readable time
        int reaching = 0;         // by resource: grantees that can still reach it
        std::array<int, DimensionCount> distinct{};  // distinct values of each dimension (the grouping's own is not counted)
        bool trusted = false;
    };

    // Groups `filter`'s alert model, with its trust rule for the Trusted column.
    explicit GroupModel(AlertFilter *filter, QObject *parent = nullptr);

    void setGroupBy(GroupBy by);  // rebuilds; no-op when unchanged
    GroupBy groupBy() const { return m_by; }

    // The columns the current grouping shows, in order.
    const std::vector<Column> &columns() const;
    // The section showing `c`, or -1 when this grouping does not show it.
    int sectionOf(Column c) const;

    const Group &group(int row) const { return m_groups[static_cast<size_t>(row)]; }
    // The row of the group with this key, or -1.
    int rowOfKey(quint32 key) const;
    // The grantees that can still reach the group's resource (by resource), as text.
    QStringList canStillReach(int row) const;
    // The group's distinct values of a dimension, as text, at most `limit` of them.
    QStringList values(int row, Dimension d, int limit = 1 << 30) const;
    QString keyText(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // What was counted for one alert, to compare with when the alert changes.
    enum RowState : quint8 { Reviewed = 1, Live = 2 };
    quint8 stateOf(const AlertModel::Row &row) const;
    void rebuild();
    // Counts arrival rows [m_counted, model rows) into groups; new groups are not yet shown.
    void countNewRows(int *firstChanged, int *lastChanged);
    // Counts the pairs of every row at once, after a rebuild's first pass.
    void countAllPairs(bool reach);
    void onRowsInserted();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void refreshTrusted();
    void setLive(size_t groupIndex, quint32 grantee, bool live);
    QString listText(int row, Dimension d, int shown) const;
    QVariant displayData(int row, Column c) const;
    QVariant sortData(int row, Column c) const;

    AlertFilter *m_filter;
    const AlertModel *m_alerts;
    GroupBy m_by = GroupBy::Account;
    std::vector<Group> m_groups;
    int m_shown = 0;                    // groups announced to views (rowCount)
    std::vector<qint32> m_groupOfKey;   // pool id -> group index, -1 none
    std::vector<quint32> m_groupOfRow;  // arrival index -> group index
    std::vector<quint8> m_stateOfRow;   // arrival index -> RowState bits counted
    size_t m_counted = 0;               // arrival rows counted so far
    // (group, value) pairs seen, per dimension: a group's distinct values are one range of it.
    std::array<PairCounts, DimensionCount> m_seen;
    PairCounts m_live;                  // by resource: (group, grantee) -> alerts granting it that still stand
};

} // namespace sharescope::session
