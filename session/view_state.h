#pragma once
// The alert table's view as a case keeps it (meta "view", one JSON object): the filters
// (quick text and whether it is a regex, event, resource type, result, minimum severity,
// show trusted, unreviewed only, the timeline's range, the chosen groups, the cell-value
// filters), the sort, and each column's width, visibility and place on screen.
// Columns are named by the field catalogue's keys ("eventTime", ...; "reviewStatus" and
// "note" for the review columns), never by number, so a case saved before a column was
// added still opens with its view; names it does not know are passed over.

#include "alert_filter.h"
#include "group_key.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace sharescope::session {

struct ViewColumn {
    QString key;
    int width = 0;      // pixels; 0: leave as it is
    bool hidden = false;
    int visual = -1;    // place from the left; -1: leave as it is
    bool operator==(const ViewColumn &) const = default;
};

struct ViewValueFilter {
    QString column;     // a column key
    QString value;
    bool exclude = false;
    bool operator==(const ViewValueFilter &) const = default;
};

struct ViewState {
    QString text;
    bool regex = false;
    QString eventName, resourceType;
    AlertFilter::ResultFilter result = AlertFilter::ResultFilter::All;
    Severity minSeverity = Severity::None;
    bool showTrusted = false;
    bool unreviewedOnly = false;
    qint64 timeFrom = 0, timeTo = 0;  // the timeline's range [from, to); equal: none
    GroupBy groupBy = GroupBy::Account;
    QStringList groups;               // the chosen groups' keys as text; "" is the group without one
    QVector<ViewValueFilter> values;
    QString sortColumn;               // a column key; empty: unsorted
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    QVector<ViewColumn> columns;

    QByteArray toJson() const;
    // nullopt when `json` is not a view object (a damaged or foreign value is ignored, never half-applied).
    static std::optional<ViewState> fromJson(const QByteArray &json);

    // The filter's criteria and its model's sort (the columns are the view's: set them apart).
    static ViewState of(const AlertFilter &filter);
    // Sets every criterion on `filter` at once (one re-filter). Group keys and value-filter
    // columns the loaded alerts do not have are dropped. Does not sort: that is the view's.
    void applyTo(AlertFilter &filter) const;

    bool operator==(const ViewState &) const = default;
};

// A column's key, and back (-1 for a key no column has).
QString columnKey(int column);
int columnOfKey(const QString &key);

} // namespace sharescope::session
