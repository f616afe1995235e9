#include "view_state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sharescope::session {

namespace {

const char *const kResults[] = {"all", "succeeded", "failed"};
const char *const kGroupings[] = {"account", "resource", "actor"};

QString severityKey(Severity s)
{
    return s == Severity::None ? QString() : QString::fromLatin1(severityName(s));
}

Severity severityOfKey(const QString &key)
{
    for (Severity s : {Severity::Info, Severity::Low, Severity::Medium, Severity::High})
        if (key == QLatin1String(severityName(s)))
            return s;
    return Severity::None;
}

template <size_t N>
int indexOf(const char *const (&names)[N], const QString &name)
{
    for (size_t i = 0; i < N; ++i)
        if (name == QLatin1String(names[i]))
            return static_cast<int>(i);
    return 0;
}

} // namespace

QString columnKey(int column)
{
    if (AlertModel::isFieldColumn(column))
        return QString::fromLatin1(fieldSpec(AlertModel::fieldOf(column)).key);
    if (column == AlertModel::reviewColumn(AlertModel::StatusColumn))
        return QStringLiteral("reviewStatus");
    if (column == AlertModel::reviewColumn(AlertModel::NoteColumn))
        return QStringLiteral("note");
    return {};
}

int columnOfKey(const QString &key)
{
    for (int c = 0; c < AlertModel::fieldColumnCount() + AlertModel::ReviewColumnCount; ++c)
        if (columnKey(c) == key)
            return c;
    return -1;
}

QByteArray ViewState::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("version")] = 1;
    o[QStringLiteral("text")] = text;
    o[QStringLiteral("regex")] = regex;
    o[QStringLiteral("eventName")] = eventName;
    o[QStringLiteral("resourceType")] = resourceType;
    o[QStringLiteral("result")] = QString::fromLatin1(kResults[static_cast<int>(result)]);
    o[QStringLiteral("minSeverity")] = severityKey(minSeverity);
    o[QStringLiteral("showTrusted")] = showTrusted;
    o[QStringLiteral("unreviewedOnly")] = unreviewedOnly;
    if (timeFrom < timeTo) {
        // Milliseconds as text: exact in JSON whatever reads it.
        o[QStringLiteral("timeFrom")] = QString::number(timeFrom);
        o[QStringLiteral("timeTo")] = QString::number(timeTo);
    }
    o[QStringLiteral("groupBy")] = QString::fromLatin1(kGroupings[static_cast<int>(groupBy)]);
    o[QStringLiteral("groups")] = QJsonArray::fromStringList(groups);
    QJsonArray vals;
    for (const ViewValueFilter &v : values)
        vals.append(QJsonObject{{QStringLiteral("column"), v.column}, {QStringLiteral("value"), v.value}, {QStringLiteral("exclude"), v.exclude}});
    o[QStringLiteral("values")] = vals;
    o[QStringLiteral("sortColumn")] = sortColumn;
    o[QStringLiteral("sortOrder")] = sortOrder == Qt::DescendingOrder ? QStringLiteral("descending") : QStringLiteral("ascending");
    QJsonArray cols;
    for (const ViewColumn &c : columns)
        cols.append(QJsonObject{{QStringLiteral("key"), c.key}, {QStringLiteral("width"), c.width},
                                {QStringLiteral("hidden"), c.hidden}, {QStringLiteral("visual"), c.visual}});
    o[QStringLiteral("columns")] = cols;
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<ViewState> ViewState::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || doc.object().value(QStringLiteral("version")).toInt() != 1)
        return std::nullopt;
    const QJsonObject o = doc.object();
    ViewState v;
    v.text = o.value(QStringLiteral("text")).toString();
    v.regex = o.value(QStringLiteral("regex")).toBool();
    v.eventName = o.value(QStringLiteral("eventName")).toString();
    v.resourceType = o.value(QStringLiteral("resourceType")).toString();
    v.result = static_cast<AlertFilter::ResultFilter>(indexOf(kResults, o.value(QStringLiteral("result")).toString()));
    v.minSeverity = severityOfKey(o.value(QStringLiteral("minSeverity")).toString());
    v.showTrusted = o.value(QStringLiteral("showTrusted")).toBool();
    v.unreviewedOnly = o.value(QStringLiteral("unreviewedOnly")).toBool();
    v.timeFrom = o.value(QStringLiteral("timeFrom")).toString().toLongLong();
    v.timeTo = o.value(QStringLiteral("timeTo")).toString().toLongLong();
    if (v.timeFrom >= v.timeTo)
        v.timeFrom = v.timeTo = 0;
    v.groupBy = static_cast<GroupBy>(indexOf(kGroupings, o.value(QStringLiteral("groupBy")).toString()));
    for (const QJsonValue &g : o.value(QStringLiteral("groups")).toArray())
        v.groups << g.toString();
    for (const QJsonValue &f : o.value(QStringLiteral("values")).toArray()) {
        const QJsonObject fo = f.toObject();
        v.values.push_back({fo.value(QStringLiteral("column")).toString(), fo.value(QStringLiteral("value")).toString(),
                            fo.value(QStringLiteral("exclude")).toBool()});
    }
    v.sortColumn = o.value(QStringLiteral("sortColumn")).toString();
    v.sortOrder = o.value(QStringLiteral("sortOrder")).toString() == QLatin1String("descending") ? Qt::DescendingOrder : Qt::AscendingOrder;
    for (const QJsonValue &c : o.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject co = c.toObject();
        v.columns.push_back({co.value(QStringLiteral("key")).toString(), co.value(QStringLiteral("width")).toInt(),
                             co.value(QStringLiteral("hidden")).toBool(), co.value(QStringLiteral("visual")).toInt(-1)});
    }
    return v;
}

ViewState ViewState::of(const AlertFilter &filter)
{
    ViewState v;
    v.text = filter.text();
    v.regex = filter.textIsRegex();
    v.eventName = filter.eventName();
    v.resourceType = filter.resourceType();
    v.result = filter.result();
    v.minSeverity = filter.minimumSeverity();
    v.showTrusted = filter.showTrusted();
    v.unreviewedOnly = filter.unreviewedOnly();
    v.timeFrom = filter.timeSelectionFrom();
    v.timeTo = filter.timeSelectionTo();
    v.groupBy = filter.groupFilterBy();
    if (const AlertModel *model = filter.alertModel())
        for (quint32 key : filter.groupFilterKeys())
            v.groups << (key ? model->pool().at(key) : QString());
    for (const AlertFilter::ValueFilter &f : filter.valueFilters())
        v.values.push_back({columnKey(f.column), f.value, f.exclude});
    if (const AlertModel *model = filter.alertModel(); model && model->sortColumn() >= 0) {
        v.sortColumn = columnKey(model->sortColumn());
        v.sortOrder = model->sortOrder();
    }
    return v;
}

void ViewState::applyTo(AlertFilter &filter) const
{
    filter.beginChange();
    filter.setText(text, regex);
    filter.setEventName(eventName);
    filter.setResourceType(resourceType);
    filter.setResult(result);
    filter.setMinimumSeverity(minSeverity);
    filter.setShowTrusted(showTrusted);
    filter.setUnreviewedOnly(unreviewedOnly);
    filter.setTimeSelection(timeFrom, timeTo);
    QList<quint32> keys;
    if (const AlertModel *model = filter.alertModel())
        for (const QString &g : groups)
            if (const quint32 id = g.isEmpty() ? 0 : model->pool().find(g); id || g.isEmpty())
                keys << id;
    filter.setGroupFilter(groupBy, keys);
    filter.clearValueFilters();
    for (const ViewValueFilter &f : values)
        if (const int column = columnOfKey(f.column); column >= 0)
            filter.addValueFilter({column, f.value, f.exclude});
    filter.endChange();
}

} // namespace sharescope::session
