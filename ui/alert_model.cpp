#include "alert_model.h"

#include "alert_format.h"

#include <QDateTime>
#include <QFont>

#include <algorithm>
#include <functional>

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

// LSD radix sort on the 64-bit key, a byte per pass; passes where every key has the
// same byte (the high bytes of times, small ranks) are skipped.
void radixSort(std::vector<std::pair<quint64, quint32>> &v)
{
    std::vector<std::pair<quint64, quint32>> tmp(v.size());
    for (int shift = 0; shift < 64; shift += 8) {
        std::array<size_t, 256> count{};
        for (const auto &e : v)
            ++count[(e.first >> shift) & 0xff];
        if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == v.size(); }))
            continue;
        size_t sum = 0;
        for (size_t &c : count)
            sum += std::exchange(c, sum);
        for (const auto &e : v)
            tmp[count[(e.first >> shift) & 0xff]++] = e;
        v.swap(tmp);
    }
}

// Lists (conditions, access) are stored joined by a unit separator and shown joined by "; ".
constexpr QChar kListSeparator = QChar(0x1f);

QString shownList(const QString &stored)
{
    return QString(stored).replace(kListSeparator, QStringLiteral("; "));
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
    case Severity: return FSeverity;
    case GranteeKind: return FGranteeKind;
    case Sentinel: return FSentinel;
    case Revoked: return FRevokedAt;
    case ColumnCount: break;
    }
    return FEventId;
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row &r = row(index.row());
    const auto column = static_cast<Column>(index.column());
    const quint32 id = r.text[fieldOf(column)];
    switch (role) {
    case Qt::DisplayRole:
        if (column == Result)
            return id ? m_pool.at(id) : tr("success");
        if (column == Time && r.timeMs)
            return QDateTime::fromMSecsSinceEpoch(r.timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (column == Revoked && id)
            return m_pool.at(id).left(19).replace(QLatin1Char('T'), QLatin1Char(' '));
        return m_pool.at(id);
    case Qt::ToolTipRole:
        // Log text is untrusted: escape it so a tooltip never renders it as rich text.
        if ((column == AddedAccount || column == GranteeKind) && r.extended) {
            QStringList lines;
            lines << tr("Grantee: %1").arg(m_pool.at(r.text[FGrantee]));
            if (r.text[FConditions])
                lines << tr("Conditions: %1").arg(shownList(m_pool.at(r.text[FConditions])));
            if (r.text[FAccess])
                lines << tr("Access: %1").arg(shownList(m_pool.at(r.text[FAccess])));
            if (r.text[FCannotEvaluate])
                lines << tr("Cannot evaluate: %1").arg(m_pool.at(r.text[FCannotEvaluate]));
            return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(lines.join(QLatin1Char('\n')).toHtmlEscaped());
        }
        if (column == Actor && r.text[FActorArn])
            return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(m_pool.at(r.text[FActorArn]).toHtmlEscaped());
        return id ? QStringLiteral("<p style='white-space:pre'>%1</p>").arg(m_pool.at(id).toHtmlEscaped()) : QVariant();
    case Qt::FontRole:
        if (column == Severity && m_pool.at(r.text[FSeverity]) == QLatin1String("high")) {
            QFont bold;  // weight, not colour: right in every palette
            bold.setBold(true);
            return bold;
        }
        return {};
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
    case Severity: return tr("Severity");
    case GranteeKind: return tr("Grantee");
    case Sentinel: return tr("Rule 0236");
    case Revoked: return tr("Revoked");
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
        if (a.extended) {
            auto joined = [](const std::vector<std::string> &v) {
                std::string out;
                for (const std::string &s : v)
                    out += (out.empty() ? "" : "\x1f") + s;  // a unit separator: values may hold "; "
                return out.empty() ? std::nullopt : std::optional<std::string>(out);
            };
            r.extended = true;
            r.isPublic = a.isPublic;
            r.text[FSeverity] = m_pool.intern(a.severity);
            r.text[FGranteeKind] = m_pool.intern(a.granteeKind);
            r.text[FGrantee] = m_pool.intern(a.grantee);
            r.text[FConditions] = m_pool.intern(joined(a.conditions));
            r.text[FAccess] = m_pool.intern(joined(a.access));
            r.text[FSentinel] = m_pool.intern(a.sentinel ? QStringLiteral("yes") : QStringLiteral("no"));
            if (!a.revokedAt)
                a.revokedAt = m_revocations.revokedAt(a);
            r.text[FRevokedAt] = m_pool.intern(a.revokedAt);
            r.text[FStatementId] = m_pool.intern(a.statementId.empty() ? std::nullopt : std::optional<std::string>(a.statementId));
            r.text[FVia] = m_pool.intern(a.via.empty() ? std::nullopt : std::optional<std::string>(a.via));
            r.text[FCannotEvaluate] = m_pool.intern(a.cannotEvaluate.empty() ? std::nullopt : std::optional<std::string>(a.cannotEvaluate));
            r.text[FOrgLimit] = m_pool.intern(a.orgLimits.empty() ? std::nullopt : std::optional<std::string>(a.orgLimits.front()));
        }
        r.text[FTrustKey] = a.addedAccount.empty() && r.text[FGrantee] ? r.text[FGrantee] : r.text[FAdded];
        r.timeMs = a.eventTime ? parseTime(QString::fromStdString(*a.eventTime)) : 0;
        r.location = a.location;
        r.location.fileIndex += fileOffset;
        fresh.push_back(r);
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    for (size_t i = 0; i < fresh.size(); ++i)
        m_order.push_back(static_cast<quint32>(m_rows.size() + i));
    m_rows.insert(m_rows.end(), fresh.begin(), fresh.end());
    endInsertRows();
    if (m_sortColumn >= 0)
        mergeNewRows(static_cast<size_t>(first));
}

void AlertModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_order.clear();
    m_order.shrink_to_fit();
    m_revocations = {};
    m_pool.clear();
    m_files.clear();
    endResetModel();
}

QString AlertModel::describe(int r) const
{
    const Row &rw = row(r);
    const QString resource = text(r, FResourceType) + (rw.text[FResource] ? QLatin1Char(' ') + text(r, FResource) : QString());
    QString who = text(r, FAdded);
    if (rw.extended && text(r, FGranteeKind) == QLatin1String("none"))
        return tr("%1: a guardrail was weakened (%2)").arg(resource, text(r, FEventName));
    if (rw.extended && rw.text[FCannotEvaluate])
        return tr("%1: cannot evaluate — %2").arg(resource, text(r, FCannotEvaluate));
    if (rw.isPublic)
        who = tr("everyone (public)");
    else if (rw.extended)
        who += QStringLiteral(" (%1)").arg(text(r, FGranteeKind));
    QStringList parts;
    parts << (rw.text[FErrorCode] ? tr("%1: an attempt to share with %2 failed (%3)").arg(resource, who, text(r, FErrorCode))
                                  : tr("%1 shared with %2").arg(resource, who));
    if (rw.text[FAccess])
        parts << tr("access: %1").arg(shownList(text(r, FAccess)));
    if (rw.text[FConditions])
        parts << tr("conditions: %1").arg(shownList(text(r, FConditions)));
    if (rw.text[FRevokedAt])
        parts << tr("revoked %1").arg(text(r, FRevokedAt));
    if (rw.extended)
        parts << (text(r, FSentinel) == QLatin1String("yes") ? tr("rule 0236 raises it too") : tr("rule 0236 misses it"));
    return parts.join(QStringLiteral(" · "));
}

QByteArray AlertModel::rowJson(int r) const
{
    const Row &rw = row(r);
    auto opt = [&](Field f) -> OptString { return rw.text[f] ? OptString(m_pool.at(rw.text[f]).toStdString()) : std::nullopt; };
    auto list = [&](Field f) {
        std::vector<std::string> out;
        if (rw.text[f])
            for (const QString &part : m_pool.at(rw.text[f]).split(kListSeparator))
                out.push_back(part.toStdString());
        return out;
    };
    Alert a = grantOf(rw);
    a.eventId = opt(FEventId);
    a.eventName = opt(FEventName);
    a.eventSource = opt(FEventSource);
    a.awsRegion = opt(FRegion);
    a.actorAccountId = opt(FActorAccount);
    a.userAccount = opt(FUserAccount);
    a.actorArn = opt(FActorArn);
    a.sourceIp = opt(FSourceIp);
    a.userAgent = opt(FUserAgent);
    a.firingPath = text(r, FMatchedPath).toStdString();
    a.location = rw.location;
    a.grantee = text(r, FGrantee).toStdString();
    a.isPublic = rw.isPublic;
    a.conditions = list(FConditions);
    a.access = list(FAccess);
    a.severity = text(r, FSeverity).toStdString();
    a.sentinel = text(r, FSentinel) == QLatin1String("yes");
    a.revokedAt = opt(FRevokedAt);
    a.cannotEvaluate = text(r, FCannotEvaluate).toStdString();
    return QByteArray::fromStdString(alertToJson(a, filePath(a.location.fileIndex).toStdString()));
}

Alert AlertModel::grantOf(const Row &r) const
{
    auto opt = [&](Field f) -> OptString { return r.text[f] ? OptString(m_pool.at(r.text[f]).toStdString()) : std::nullopt; };
    Alert a;
    a.extended = r.extended;
    a.granteeKind = m_pool.at(r.text[FGranteeKind]).toStdString();
    a.resourceType = m_pool.at(r.text[FResourceType]).toStdString();
    a.sharedResourceId = opt(FResource);
    a.addedAccount = m_pool.at(r.text[FAdded]).toStdString();
    a.eventTime = opt(FEventTime);
    a.errorCode = opt(FErrorCode);
    a.statementId = m_pool.at(r.text[FStatementId]).toStdString();
    a.via = m_pool.at(r.text[FVia]).toStdString();
    a.grantee = m_pool.at(r.text[FGrantee]).toStdString();
    return a;
}

void AlertModel::addRevocations(std::vector<TimedRevocation> &&batch)
{
    if (batch.empty())
        return;
    m_revocations.add(std::move(batch));
    // Revocations can arrive after the grants they end (files are read in any order): look again.
    int first = rowCount(), last = -1;
    for (int display = 0; display < rowCount(); ++display) {
        Row &r = m_rows[m_order[static_cast<size_t>(display)]];
        if (!r.extended || r.text[FRevokedAt])
            continue;
        if (auto at = m_revocations.revokedAt(grantOf(r))) {
            r.text[FRevokedAt] = m_pool.intern(QString::fromStdString(*at));
            first = std::min(first, display);
            last = std::max(last, display);
        }
    }
    if (last >= 0)
        emit dataChanged(index(first, Revoked), index(last, Revoked));
}

std::vector<quint32> AlertModel::textRanks(Field f) const
{
    // Only the distinct strings of this column are compared as text; rows then compare integers.
    std::vector<quint32> ids;
    std::vector<char> seen(static_cast<size_t>(m_pool.size()), 0);
    for (const Row &r : m_rows)
        if (!seen[r.text[f]]) {
            seen[r.text[f]] = 1;
            ids.push_back(r.text[f]);
        }
    // A total order (case-insensitive, then case, then id): ranks must not swap between
    // batches, or the merge of new rows into sorted ones would break.
    std::sort(ids.begin(), ids.end(), [this](quint32 a, quint32 b) {
        if (int c = QString::compare(m_pool.at(a), m_pool.at(b), Qt::CaseInsensitive))
            return c < 0;
        if (int c = QString::compare(m_pool.at(a), m_pool.at(b), Qt::CaseSensitive))
            return c < 0;
        return a < b;
    });
    std::vector<quint32> ranks(static_cast<size_t>(m_pool.size()), 0);
    for (size_t i = 0; i < ids.size(); ++i)
        ranks[ids[i]] = static_cast<quint32>(i);
    return ranks;
}

quint64 AlertModel::sortKey(quint32 i, const std::vector<quint32> &ranks) const
{
    const Row &r = m_rows[i];
    if (m_sortColumn == Time)
        return static_cast<quint64>(r.timeMs) ^ (quint64(1) << 63);  // order-preserving for negative times
    if (m_sortColumn == Severity) {  // by weight, not alphabetically
        const QString &s = m_pool.at(r.text[FSeverity]);
        return s == QLatin1String("high") ? 4 : s == QLatin1String("medium") ? 3 : s == QLatin1String("low") ? 2 : s == QLatin1String("info") ? 1 : 0;
    }
    return static_cast<quint64>(ranks[r.text[fieldOf(static_cast<Column>(m_sortColumn))]]);
}

bool AlertModel::before(quint32 a, quint32 b, const std::vector<quint32> &ranks) const
{
    const quint64 ka = sortKey(a, ranks), kb = sortKey(b, ranks);
    if (ka != kb)
        return m_sortOrder == Qt::AscendingOrder ? ka < kb : ka > kb;
    return a < b;  // ties keep arrival order
}

void AlertModel::reorder(const std::function<void()> &permute)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList oldIndexes = persistentIndexList();
    std::vector<quint32> held;
    for (const QModelIndex &i : oldIndexes)
        held.push_back(m_order[static_cast<size_t>(i.row())]);
    permute();
    std::vector<quint32> position(m_rows.size());
    for (size_t i = 0; i < m_order.size(); ++i)
        position[m_order[i]] = static_cast<quint32>(i);
    QModelIndexList newIndexes;
    for (qsizetype k = 0; k < oldIndexes.size(); ++k)
        newIndexes << index(static_cast<int>(position[held[static_cast<size_t>(k)]]), oldIndexes[k].column());
    changePersistentIndexList(oldIndexes, newIndexes);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void AlertModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reorder([this] {
        const std::vector<quint32> ranks = m_sortColumn == Time ? std::vector<quint32>() : textRanks(fieldOf(static_cast<Column>(m_sortColumn)));
        // (key, arrival index) pairs in one compact array, radix-sorted: the sort never
        // chases rows, and being stable it keeps ties in arrival order. Descending
        // sorts the complemented keys, so ties stay in arrival order there too.
        const bool descending = m_sortOrder == Qt::DescendingOrder;
        std::vector<std::pair<quint64, quint32>> keyed(m_rows.size());
        for (quint32 i = 0; i < m_rows.size(); ++i)
            keyed[i] = {descending ? ~sortKey(i, ranks) : sortKey(i, ranks), i};
        radixSort(keyed);
        for (size_t i = 0; i < keyed.size(); ++i)
            m_order[i] = keyed[i].second;
    });
}

void AlertModel::mergeNewRows(size_t oldCount)
{
    // Keeps the table sorted while a scan streams in: sort the batch, one linear merge.
    reorder([this, oldCount] {
        const std::vector<quint32> ranks = m_sortColumn == Time ? std::vector<quint32>() : textRanks(fieldOf(static_cast<Column>(m_sortColumn)));
        auto less = [&](quint32 a, quint32 b) { return before(a, b, ranks); };
        const auto middle = m_order.begin() + static_cast<long>(oldCount);
        std::sort(middle, m_order.end(), less);
        std::inplace_merge(m_order.begin(), middle, m_order.end(), less);
    });
}

} // namespace sharescope::ui
