#include "alert_model.h"

#include "alert_format.h"

#include <QDateTime>

namespace sharescope::ui {

namespace {

qint64 parseTime(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    if (!t.isValid())  // some exports write "2022-09-29 22:28:40"
        t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!t.isValid())
        return 0;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch();
}

} // namespace

AlertModel::AlertModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

AlertModel::Field AlertModel::fieldOf(Column c)
{
    switch (c) {
    case Time: return FEventTime;
    case Event: return FEventName;
    case ResourceType: return FResourceType;
    case Resource: return FResource;
    case AddedAccount: return FAdded;
    case ActingAccount: return FActorAccount;
    case Actor: return FUserAccount;
    case SourceIp: return FSourceIp;
    case Region: return FRegion;
    case Result: return FErrorCode;
    case ColumnCount: break;
    }
    return FEventId;
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row &r = m_rows[static_cast<size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    const quint32 id = r.text[fieldOf(column)];
    switch (role) {
    case Qt::DisplayRole:
        if (column == Result)
            return id ? m_pool.at(id) : tr("success");
        if (column == Time && r.timeMs)
            return QDateTime::fromMSecsSinceEpoch(r.timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        return m_pool.at(id);
    case Qt::ToolTipRole:
        // Log text is untrusted: escape it so a tooltip never renders it as rich text.
        if (column == Actor && r.text[FActorArn])
            return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(m_pool.at(r.text[FActorArn]).toHtmlEscaped());
        return id ? QStringLiteral("<p style='white-space:pre'>%1</p>").arg(m_pool.at(id).toHtmlEscaped()) : QVariant();
    case SortKeyRole:
        if (column == Time)
            return r.timeMs;
        return m_pool.at(id);
    case FieldIdRole:
        return id;
    default:
        return {};
    }
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time (UTC)");
    case Event: return tr("Event");
    case ResourceType: return tr("Resource type");
    case Resource: return tr("Resource");
    case AddedAccount: return tr("Added account");
    case ActingAccount: return tr("Acting account");
    case Actor: return tr("Actor");
    case SourceIp: return tr("Source IP");
    case Region: return tr("Region");
    case Result: return tr("Result");
    default: return {};
    }
}

quint32 AlertModel::addFiles(const QStringList &paths)
{
    const auto offset = static_cast<quint32>(m_files.size());
    m_files += paths;
    return offset;
}

void AlertModel::appendAlerts(std::vector<Alert> &&batch, quint32 fileOffset)
{
    if (batch.empty())
        return;
    // Intern first, announce after: views and proxies see a consistent pool.
    std::vector<Row> fresh;
    fresh.reserve(batch.size());
    for (Alert &a : batch) {
        Row r;
        r.text[FEventId] = m_pool.intern(a.eventId);
        r.text[FEventTime] = m_pool.intern(a.eventTime);
        r.text[FEventName] = m_pool.intern(a.eventName);
        r.text[FEventSource] = m_pool.intern(a.eventSource);
        r.text[FRegion] = m_pool.intern(a.awsRegion);
        r.text[FResourceType] = m_pool.intern(a.resourceType);
        r.text[FResource] = m_pool.intern(a.sharedResourceId);
        r.text[FAdded] = m_pool.intern(a.addedAccount);
        r.text[FActorAccount] = m_pool.intern(a.actorAccountId);
        r.text[FUserAccount] = m_pool.intern(a.userAccount);
        r.text[FActorArn] = m_pool.intern(a.actorArn);
        r.text[FSourceIp] = m_pool.intern(a.sourceIp);
        r.text[FUserAgent] = m_pool.intern(a.userAgent);
        r.text[FErrorCode] = m_pool.intern(a.errorCode);
        r.text[FMatchedPath] = m_pool.intern(a.firingPath);
        r.timeMs = a.eventTime ? parseTime(QString::fromStdString(*a.eventTime)) : 0;
        r.location = a.location;
        r.location.fileIndex += fileOffset;
        fresh.push_back(r);
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_rows.insert(m_rows.end(), fresh.begin(), fresh.end());
    endInsertRows();
}

void AlertModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_pool.clear();
    m_files.clear();
    endResetModel();
}

QByteArray AlertModel::rowJson(int r) const
{
    auto opt = [&](Field f) -> OptString {
        const quint32 id = row(r).text[f];
        return id ? OptString(m_pool.at(id).toStdString()) : std::nullopt;
    };
    Alert a;
    a.eventId = opt(FEventId);
    a.eventTime = opt(FEventTime);
    a.eventName = opt(FEventName);
    a.eventSource = opt(FEventSource);
    a.awsRegion = opt(FRegion);
    a.resourceType = text(r, FResourceType).toStdString();
    a.sharedResourceId = opt(FResource);
    a.addedAccount = text(r, FAdded).toStdString();
    a.actorAccountId = opt(FActorAccount);
    a.userAccount = opt(FUserAccount);
    a.actorArn = opt(FActorArn);
    a.sourceIp = opt(FSourceIp);
    a.userAgent = opt(FUserAgent);
    a.errorCode = opt(FErrorCode);
    a.firingPath = text(r, FMatchedPath).toStdString();
    a.location = row(r).location;
    return QByteArray::fromStdString(alertToJson(a, filePath(a.location.fileIndex).toStdString()));
}

int AlertModel::countAdded(quint32 accountId) const
{
    if (!accountId)
        return 0;
    int n = 0;
    for (const Row &r : m_rows)
        n += r.text[FAdded] == accountId;
    return n;
}

} // namespace sharescope::ui
