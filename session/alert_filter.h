#pragma once
// Which alerts are shown, and in what order: the quick text filter over the
// catalogue's searchable fields (plain or regex, matched once per distinct string
// rather than once per row), filters by event, resource type, severity and result,
// "filter to / exclude this value", the groups chosen in a grouped view, and the
// allow-list (hidden, or marked with TrustedRole when "show trusted" is on, for the
// view to grey out), and a time selection made on the timeline (alert_timeline.h).
//
// A flat proxy of its own rather than QSortFilterProxyModel: each alert's verdict is
// kept per arrival index, decided in one sequential pass over the rows when a criterion
// changes, and the visible rows are a sorted vector of source rows. The model sorts
// itself, so a sort only re-walks its order against the kept verdicts; rows that arrive
// are decided as they come; a change to a row's data re-decides that row alone.

#include "alert_model.h"
#include "group_key.h"
#include "utf8_pattern.h"

#include <QAbstractProxyModel>
#include <QRegularExpression>
#include <QSet>

#include <array>
#include <memory>
#include <vector>

namespace sharescope::session {

class AllowList;

class AlertFilter : public QAbstractProxyModel {
    Q_OBJECT
public:
    enum class ResultFilter { All, Succeeded, Failed };
    enum Role { TrustedRole = Qt::UserRole + 20 };

    struct ValueFilter {
        int column;
        QString value;
        bool exclude;
    };

    explicit AlertFilter(QObject *parent = nullptr);

    void setAlertModel(AlertModel *model);
    AlertModel *alertModel() const { return m_model; }
    void setAllowList(AllowList *list);

    // Criteria set between beginChange() and endChange() re-filter once, at the end (restoring a view).
    void beginChange() { ++m_batch; }
    void endChange();

    void setText(const QString &text, bool regex);
    const QString &text() const { return m_text; }
    bool textIsRegex() const { return m_regex; }
    bool textIsValid() const { return m_textValid; }
    // Why the regular expression is invalid ("missing closing parenthesis at 2"); empty when it is not.
    QString textError() const;
    void setEventName(const QString &name);        // empty: any
    void setResourceType(const QString &type);     // empty: any
    const QString &eventName() const { return m_eventName; }
    const QString &resourceType() const { return m_resourceType; }
    void setResult(ResultFilter result);
    ResultFilter result() const { return m_result; }
    // Severity::None: any; otherwise that severity or higher.
    void setMinimumSeverity(Severity minimum);
    Severity minimumSeverity() const { return m_minSeverity; }
    void setShowTrusted(bool show);
    // Only alerts with no decision yet (New or In review).
    void setUnreviewedOnly(bool only);
    bool unreviewedOnly() const { return m_unreviewedOnly; }
    bool showTrusted() const { return m_showTrusted; }
    void addValueFilter(const ValueFilter &filter);
    void clearValueFilters();
    const QVector<ValueFilter> &valueFilters() const { return m_valueFilters; }
    // Only the alerts of these groups of a grouped view (group_model.h): rows whose
    // groupKeyOf(row, by) is one of `keys` (pool ids). An empty list clears the filter;
    // so does a reset of the alert model (its pool ids are gone then).
    void setGroupFilter(GroupBy by, const QList<quint32> &keys);
    void clearGroupFilter() { setGroupFilter(m_groupBy, {}); }
    bool hasGroupFilter() const { return !m_groupKeys.empty(); }
    GroupBy groupFilterBy() const { return m_groupBy; }
    // The chosen groups' keys as text ("(none)" for the group without one).
    QStringList groupFilterTexts() const;
    // The chosen groups' pool ids, ascending.
    QList<quint32> groupFilterKeys() const;

    // Only alerts whose event time t (AlertModel::Row::timeMs, UTC) has fromMs <= t < toMs:
    // the range dragged on the timeline. Alerts without a readable time are outside every
    // selection. fromMs >= toMs clears it. Emits timeSelectionChanged() and filtersChanged().
    void setTimeSelection(qint64 fromMs, qint64 toMs);
    void clearTimeSelection() { setTimeSelection(0, 0); }
    bool hasTimeSelection() const { return m_timeFrom < m_timeTo; }
    qint64 timeSelectionFrom() const { return m_timeFrom; }
    qint64 timeSelectionTo() const { return m_timeTo; }

    // Whether the row (in the model's arrival order) passes every filter, the time
    // selection included or not: what the timeline counts is the table without its own range.
    bool acceptsArrived(quint32 arrival, bool withTimeSelection = true) const;
    // Changes with every filter criterion except the time selection (text, choices, groups,
    // allow-list, ...): the timeline recounts only when it moved.
    quint64 criteriaRevision() const { return m_criteriaRevision; }
    // Whether a change to a row's data (a review, a revocation) can change what passes:
    // unreviewed-only or a cell-value filter is set.
    bool dependsOnRowData() const { return m_unreviewedOnly || !m_valueFilters.isEmpty(); }

    // hiddenByTrust() (trust_list.h) over the allow-list, for a source row.
    bool isTrusted(int sourceRow) const;
    bool isTrustedRow(const AlertModel::Row &row) const;
    // Rows of the source that the allow-list hides (whatever the other filters say).
    int trustedCount() const;
    // Whether the text with this pool id is itself on the allow-list.
    bool isTrustedValue(quint32 poolId) const { return poolId < m_trustedIds.size() && m_trustedIds[poolId]; }

    // The proxy: rows are the visible alerts in the model's order; a flat table.
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    // A source row's index here: invalid when it is filtered out (a binary search).
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // The model sorts itself (much faster than sorting here); the proxy keeps its order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void filtersChanged();
    void timeSelectionChanged();

private:
    void refreshTrusted();
    void refilter();
    // Decides every row again and shows the result as one layout change (selection kept where its rows stay).
    void applyFilters();
    // Decides rows of arrival index from `from` on (text caches first, then one sequential pass).
    void decideFrom(size_t from);
    // The model's rows, in its order, whose verdict is kept.
    std::vector<quint32> visibleSourceRows() const;
    // Replaces the visible rows as a layout change; persistent indexes follow their source rows.
    void setVisible(std::vector<quint32> &&rows);
    int proxyRowOf(int sourceRow) const;  // -1 when hidden
    // The model's signals, mapped.
    void onSourceRowsInserted(int first, int last);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onSourceLayoutAboutToBeChanged();
    void onSourceLayoutChanged();
    void onSourceReset();
    // Sets m_textMatch[from, to) for the text or pattern (sized by the caller).
    void matchPool(int from, int to);
    bool rowMatchesText(quint32 arrival) const;

    AlertModel *m_model = nullptr;
    AllowList *m_allowList = nullptr;

    QString m_text;
    bool m_regex = false;
    bool m_textValid = true;
    QRegularExpression m_pattern;      // the pattern's validity and error message, and a fallback matcher
    std::unique_ptr<Utf8Pattern> m_utf8Pattern;  // the same pattern, matched over the pool's UTF-8
    std::vector<char> m_textMatch;     // per pool id: does the text filter match it
    int m_textMatchedUpTo = 0;         // pool ids below this have been tested
    std::vector<char> m_rowText;       // per row in arrival order: does any of its texts match
    QString m_eventName, m_resourceType;
    ResultFilter m_result = ResultFilter::All;
    Severity m_minSeverity = Severity::None;
    bool m_showTrusted = false;
    bool m_unreviewedOnly = false;
    bool m_anyTrusted = false;
    std::vector<char> m_trustedIds;    // per pool id: is this value on the allow-list
    mutable std::vector<signed char> m_orgLimitsTrusted;  // per pool id of a joined org-limits list: -1 not yet known
    QVector<ValueFilter> m_valueFilters;
    GroupBy m_groupBy = GroupBy::Account;
    std::vector<char> m_groupKeys;     // per pool id: is it a chosen group's key; empty: no group filter
    qint64 m_timeFrom = 0, m_timeTo = 0;  // [from, to); empty: no time selection
    quint64 m_criteriaRevision = 0;
    int m_batch = 0;
    bool m_pendingRefilter = false, m_pendingTime = false;

    std::vector<char> m_accepted;      // per row in arrival order: does it pass (time selection included)
    std::vector<quint32> m_visible;    // proxy row -> model row, ascending
    // Across a sort of the model: the persistent indexes and the arrival index of each one's row.
    QModelIndexList m_heldIndexes;
    std::vector<quint32> m_heldArrivals;
};

} // namespace sharescope::session
