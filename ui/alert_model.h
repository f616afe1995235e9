#pragma once
// The alerts of an investigation as a table: one row per alert, appended in
// batches while a scan runs. Text is interned; each row keeps ids, a parsed time
// for sorting, and where its event lives so the raw JSON is read back on demand.

#include "alert.h"
#include "extended_rule.h"
#include "string_pool.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <array>
#include <functional>
#include <vector>

namespace sharescope::ui {

class AlertModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Time, Severity, Event, ResourceType, Resource, AddedAccount, GranteeKind, ActingAccount, Actor, SourceIp, Region,
        Result, Sentinel, Revoked, ColumnCount
    };
    // Every text an alert carries, as stored per row.
    enum Field {
        FEventId, FEventTime, FEventName, FEventSource, FRegion, FResourceType, FResource, FAdded, FActorAccount,
        FUserAccount, FActorArn, FSourceIp, FUserAgent, FErrorCode, FMatchedPath,
        // extended mode
        FSeverity, FGranteeKind, FGrantee, FConditions, FAccess, FSentinel, FRevokedAt, FStatementId, FVia, FCannotEvaluate,
        FOrgLimit,
        FTrustKey,  // what trusting the row means: the added account, or the raw grantee when that is no account
        FieldCount
    };
    enum Role {
        SortKeyRole = Qt::UserRole + 1,  // typed: time in ms, or text
        FieldIdRole,                     // the pool id of the cell's text (0 when absent)
    };

    struct Row {
        std::array<quint32, FieldCount> text{};
        qint64 timeMs = 0;
        EventLocation location;
        bool extended = false;
        bool isPublic = false;
    };

    explicit AlertModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Files are numbered across scans: a scan's file i is global file (offset + i).
    quint32 addFiles(const QStringList &paths);
    void appendAlerts(std::vector<Alert> &&batch, quint32 fileOffset);
    void clear();

    // Rows in display order (the model sorts itself; see sort()).
    const Row &row(int r) const { return m_rows[m_order[static_cast<size_t>(r)]]; }
    const QString &text(int r, Field f) const { return m_pool.at(row(r).text[f]); }
    // Rows in arrival order, for passes that want to walk memory sequentially.
    quint32 arrivalIndex(int r) const { return m_order[static_cast<size_t>(r)]; }
    const Row &arrivedRow(quint32 i) const { return m_rows[i]; }
    const StringPool &pool() const { return m_pool; }
    QString filePath(quint32 fileIndex) const { return m_files.value(static_cast<int>(fileIndex)); }
    const QStringList &files() const { return m_files; }

    static Field fieldOf(Column c);

    // Sorting lives in the model, on contiguous typed keys, so that a million rows
    // sort in tens of milliseconds; rows that arrive later are merged into place.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // One sentence on what the alert is about, for the event pane.
    QString describe(int r) const;
    // The alert as one compact JSON object (the command line's jsonl keys).
    QByteArray rowJson(int r) const;
    // What trusting this row means: its added account, or its raw grantee when that is no account.
    quint32 trustKeyId(const Row &r) const { return r.text[FTrustKey]; }

    // Revocations seen so far: rows whose grant was later ended show when.
    void addRevocations(std::vector<TimedRevocation> &&batch);


private:
    // The sort key of arrival-order row i for the current sort column; `ranks` maps pool ids to their text order.
    quint64 sortKey(quint32 i, const std::vector<quint32> &ranks) const;
    std::vector<quint32> textRanks(Field f) const;
    bool before(quint32 a, quint32 b, const std::vector<quint32> &ranks) const;
    // Applies a new m_order, keeping persistent indexes (selection, current row) on their rows.
    void reorder(const std::function<void()> &permute);
    void mergeNewRows(size_t oldCount);

    Alert grantOf(const Row &row) const;  // the fields revocations are matched on

    std::vector<Row> m_rows;        // arrival order
    RevocationIndex m_revocations;
    std::vector<quint32> m_order;   // display row -> index in m_rows
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    StringPool m_pool;
    QStringList m_files;
};

} // namespace sharescope::ui
