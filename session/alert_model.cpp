#include "alert_model.h"

#include "alert_format.h"
#include "alert_key.h"
#include "parallel_for.h"
#include "plain_tip.h"
#include "text_safety.h"

#include <QDateTime>

#include <algorithm>
#include <bit>
#include <functional>

namespace sharescope::session {

QString visibleText(const QString &s)
{
    for (QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            return QString::fromStdString(escapeInvisible(s.toStdString()));
    return s;
}

namespace {

// LSD radix sort, a byte per pass, of the low `bits` bits of each value (the bits above
// are zero); passes where every value has the same byte are skipped. Stable.
template <class T, class Key>
void radixSort(std::vector<T> &v, int bits, Key key)
{
    std::vector<T> tmp(v.size());
    for (int shift = 0; shift < bits; shift += 8) {
        std::array<size_t, 256> count{};
        for (const T &e : v)
            ++count[(key(e) >> shift) & 0xff];
        if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == v.size(); }))
            continue;
        size_t sum = 0;
        for (size_t &c : count)
            sum += std::exchange(c, sum);
        for (const T &e : v)
            tmp[count[(key(e) >> shift) & 0xff]++] = e;
        v.swap(tmp);
    }
}

// The window's columns: the printed fields of the catalogue, in order.
struct ColumnTable {
    std::array<AlertField, kAlertFieldCount> fields{};
    std::array<int, kAlertFieldCount> columnOf{};
    int count = 0;
    ColumnTable()
    {
        columnOf.fill(-1);
        for (const FieldSpec &spec : kAlertFields)
            if (!spec.has(field_flags::Internal)) {
                columnOf[static_cast<size_t>(spec.field)] = count;
                fields[static_cast<size_t>(count++)] = spec.field;
            }
    }
};
const ColumnTable kColumns;

// The severity column's order: by weight, then a share used after its revocation, then a used one.
quint64 severityRank(const AlertModel::Row &r)
{
    return (static_cast<quint64>(r.severity) << 2) | (r.usedAfterRevocation ? 2u : 0u) | (r.uses ? 1u : 0u);
}

} // namespace

AlertModel::AlertModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int AlertModel::columnOf(AlertField field) { return kColumns.columnOf[static_cast<size_t>(field)]; }
AlertField AlertModel::fieldOf(int column) { return kColumns.fields[static_cast<size_t>(column)]; }
int AlertModel::fieldColumnCount() { return kColumns.count; }

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : fieldColumnCount() + ReviewColumnCount;
}

QString AlertModel::cellText(const Row &r, AlertField field) const
{
    const quint32 id = textId(r, field);
    const FieldSpec &spec = fieldSpec(field);
    if (!id)
        return spec.whenAbsent[0] ? tr(spec.whenAbsent) : QString();
    switch (field) {
    case AlertField::EventTime:
        if (r.timeMs)
            return QDateTime::fromMSecsSinceEpoch(r.timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        break;
    case AlertField::RevokedAt:
    case AlertField::UsedAt:
    case AlertField::UsedAfterRevocation:
        return m_pool.at(id).left(19).replace(QLatin1Char('T'), QLatin1Char(' '));
    case AlertField::Sentinel:
    case AlertField::Public:
        return m_pool.at(id) == QLatin1String("true") ? tr("yes") : tr("no");
    default:
        break;
    }
    if (spec.type == FieldType::List)
        return visibleText(QString(m_pool.at(id)).replace(QChar::fromLatin1(kListSeparator), QStringLiteral("; ")));
    return visibleText(m_pool.at(id));
}

QString AlertModel::displayText(const Row &r, int column) const
{
    if (isFieldColumn(column))
        return cellText(r, fieldOf(column));
    return column == reviewColumn(StatusColumn) ? statusTitle(r.status) : m_pool.at(r.noteId);
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const Row &r = row(index.row());
    // Roles about the whole row, whatever the column.
    switch (role) {
    case SeverityRole:
        return static_cast<int>(r.severity);
    case AlertKeyRole:
        return alertKey(index.row());
    case ReviewStatusRole:
        return static_cast<int>(r.status);
    default:
        break;
    }
    if (!isFieldColumn(index.column())) {
        const bool status = index.column() == reviewColumn(StatusColumn);
        switch (role) {
        case Qt::DisplayRole:
            return status ? statusTitle(r.status) : m_pool.at(r.noteId);
        case Qt::ToolTipRole:
            return !status && r.noteId ? plainTextTip(m_pool.at(r.noteId)) : QVariant();
        case SortKeyRole:
            return status ? QVariant(static_cast<int>(r.status)) : QVariant(m_pool.at(r.noteId));
        default:
            return {};
        }
    }
    const AlertField field = fieldOf(index.column());
    const quint32 id = textId(r, field);
    switch (role) {
    case Qt::DisplayRole:
        return cellText(r, field);
    case Qt::ToolTipRole:
        if ((field == AlertField::AddedAccount || field == AlertField::GranteeKind) && r.extended) {
            QStringList lines;
            lines << tr("Grantee: %1").arg(cellText(r, AlertField::Grantee));
            for (AlertField f : {AlertField::Conditions, AlertField::Access, AlertField::CannotEvaluate})
                if (textId(r, f))
                    lines << tr("%1: %2").arg(tr(fieldSpec(f).title), cellText(r, f));
            return plainTextTip(lines.join(QLatin1Char('\n')));
        }
        if (field == AlertField::UserAccount && textId(r, AlertField::ActorArn))
            return plainTextTip(cellText(r, AlertField::ActorArn));
        return id ? plainTextTip(cellText(r, field)) : QVariant();
    case SortKeyRole:
        if (field == AlertField::EventTime)
            return r.timeMs;
        if (field == AlertField::Severity)
            return static_cast<qulonglong>(severityRank(r));
        if (field == AlertField::Uses)
            return r.uses;
        return m_pool.at(id);
    case FieldIdRole:
        return id;
    default:
        return {};
    }
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (!isFieldColumn(section)) {
        if (role != Qt::DisplayRole)
            return {};
        return section == reviewColumn(StatusColumn) ? tr("Status") : tr("Note");
    }
    if (role == Qt::DisplayRole)
        return tr(fieldSpec(fieldOf(section)).title);
    if (role == Qt::ToolTipRole)
        return QString::fromLatin1(fieldSpec(fieldOf(section)).key);
    return {};
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
    std::string joined;
    const bool lookUpReviews = hasKnownReviews();
    for (Alert &a : batch) {
        if (a.extended && !a.revokedAt)
            a.revokedAt = m_revocations.revokedAt(a);
        if (a.extended && !m_uses.empty())  // else keep what it came with (a reopened case)
            applyUses(a, m_uses);
        Row r;
        for (const FieldSpec &spec : kAlertFields) {
            if (!fieldApplies(spec, a.extended) && !spec.has(field_flags::Internal))
                continue;
            const FieldValue v = fieldValue(a, spec.field);
            quint32 &id = r.text[static_cast<size_t>(spec.field)];
            switch (v.kind) {
            case FieldValue::Kind::Null: id = 0; break;
            case FieldValue::Kind::Text: id = m_pool.intern(v.text); break;
            case FieldValue::Kind::Bool: id = m_pool.intern(std::string_view(v.flag ? "true" : "false")); break;
            case FieldValue::Kind::Number: id = v.number ? m_pool.intern(std::string_view(std::to_string(v.number))) : 0; break;
            case FieldValue::Kind::List:
                joined.clear();
                for (const std::string &s : *v.list)
                    (joined.empty() ? joined : joined += kListSeparator) += s;
                id = v.list->empty() ? 0 : m_pool.intern(std::string_view(joined));
                break;
            }
        }
        r.trustId = a.addedAccount.empty() && !a.grantee.empty() ? textId(r, AlertField::Grantee) : textId(r, AlertField::AddedAccount);
        r.timeMs = a.eventTimeMs;
        r.location = a.location;
        r.location.fileIndex += fileOffset;
        r.severity = a.severity;
        r.kind = a.granteeKind;
        r.extended = a.extended;
        r.isPublic = a.isPublic;
        r.sentinel = a.sentinel;
        r.keyOrdinal = a.keyOrdinal;
        r.uses = a.uses;
        r.usedAfterRevocation = a.usedAfterRevocation.has_value();
        if (!m_rowsByResourceStale && a.extended && a.granteeKind != GranteeKind::None && a.sharedResourceId)
            m_rowsByResource[useResourceKey(a.resourceType, *a.sharedResourceId)].push_back(static_cast<quint32>(m_rows.size() + fresh.size()));
        if (lookUpReviews)
            applyKnownReview(r);
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

bool AlertModel::hasKnownReviews() const
{
    return m_reviewLookup.hasAny && m_reviewLookup.hasAny();
}

void AlertModel::applyKnownReview(Row &row)
{
    if (const Review *known = m_reviewLookup.find(alertKeyOf(row))) {
        row.status = known->status;
        row.noteId = known->note.isEmpty() ? 0 : m_pool.intern(known->note);
    }
}

QStringList AlertModel::distinctTexts(AlertField f) const
{
    QStringList out;
    std::vector<char> seen(static_cast<size_t>(m_pool.size()), 0);
    for (const Row &r : m_rows)
        if (const quint32 id = textId(r, f); id && !std::exchange(seen[id], 1))
            out << m_pool.at(id);
    return out;
}

void AlertModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_order.clear();
    m_order.shrink_to_fit();
    m_revocations = {};
    m_uses = {};
    m_rowsByResource.clear();
    m_rowsByResourceStale = false;
    m_pool.clear();
    m_files.clear();
    endResetModel();
}

QString AlertModel::describe(int r) const
{
    const Row &rw = row(r);
    auto has = [&](AlertField f) { return textId(rw, f) != 0; };
    const QString resource = text(r, AlertField::ResourceType)
        + (has(AlertField::SharedResourceId) ? QLatin1Char(' ') + text(r, AlertField::SharedResourceId) : QString());
    QString who = text(r, AlertField::AddedAccount);
    if (who.isEmpty())
        who = text(r, AlertField::Grantee);
    if (rw.extended && rw.kind == GranteeKind::None)
        return tr("%1: a guardrail was weakened (%2)").arg(resource, text(r, AlertField::EventName));
    if (rw.extended && has(AlertField::CannotEvaluate))
        return tr("%1: cannot evaluate — %2").arg(resource, text(r, AlertField::CannotEvaluate));
    if (rw.isPublic)
        who = tr("everyone (public)");
    else if (rw.extended)
        who += QStringLiteral(" (%1)").arg(QString::fromLatin1(granteeKindName(rw.kind)));
    QStringList parts;
    parts << (has(AlertField::ErrorCode) ? tr("%1: an attempt to share with %2 failed (%3)").arg(resource, who, text(r, AlertField::ErrorCode))
                                         : tr("%1 shared with %2").arg(resource, who));
    if (has(AlertField::Access))
        parts << tr("access: %1").arg(cellText(rw, AlertField::Access));
    if (has(AlertField::Conditions))
        parts << tr("conditions: %1").arg(cellText(rw, AlertField::Conditions));
    if (has(AlertField::RevokedAt))
        parts << tr("revoked %1").arg(text(r, AlertField::RevokedAt));
    if (rw.uses)
        parts << (rw.uses == 1 ? tr("used once, on %1").arg(cellText(rw, AlertField::UsedAt))
                               : tr("used %1 times, first on %2").arg(rw.uses).arg(cellText(rw, AlertField::UsedAt)));
    if (rw.usedAfterRevocation)
        parts << tr("USED AFTER ITS REVOCATION, on %1").arg(cellText(rw, AlertField::UsedAfterRevocation));
    if (rw.extended)
        parts << (rw.sentinel ? tr("rule 0236 raises it too") : tr("rule 0236 misses it"));
    return parts.join(QStringLiteral(" · "));
}

Alert AlertModel::alertOf(const Row &rw) const
{
    Alert a;
    a.extended = rw.extended;
    for (const FieldSpec &spec : kAlertFields) {
        const quint32 id = textId(rw, spec.field);
        setField(a, spec.field, id ? std::optional<std::string>(m_pool.at(id).toStdString()) : std::nullopt, kListSeparator);
    }
    a.eventTimeMs = rw.timeMs;
    a.location = rw.location;
    a.keyOrdinal = rw.keyOrdinal;
    return a;
}

Alert AlertModel::alertAt(int r) const
{
    return alertOf(row(r));
}

QByteArray AlertModel::rowJson(int r) const
{
    const Alert a = alertAt(r);
    return QByteArray::fromStdString(alertToJson(a, filePath(a.location.fileIndex).toStdString()));
}

QString AlertModel::alertKey(int r) const
{
    return alertKeyOf(row(r));
}

QString AlertModel::alertKeyOf(const Row &rw) const
{
    auto str = [&](AlertField f) { return m_pool.at(textId(rw, f)).toStdString(); };
    return QString::fromStdString(alertKeyText(str(AlertField::EventId), str(AlertField::ResourceType), str(AlertField::SharedResourceId),
                                               m_pool.at(rw.trustId).toStdString(), str(AlertField::StatementId), rw.keyOrdinal));
}

void AlertModel::setReviews(const QList<int> &rows, const QVector<Review> &reviews)
{
    if (rows.isEmpty())
        return;
    int first = rowCount(), last = -1;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const int r = rows[i];
        Row &rw = m_rows[m_order[static_cast<size_t>(r)]];
        rw.status = reviews[i].status;
        rw.noteId = reviews[i].note.isEmpty() ? 0 : m_pool.intern(reviews[i].note);
        first = std::min(first, r);
        last = std::max(last, r);
    }
    emit dataChanged(index(first, 0), index(last, columnCount() - 1));
}

Alert AlertModel::grantOf(const Row &r) const
{
    Alert a;
    a.extended = r.extended;
    a.granteeKind = r.kind;
    for (AlertField f : {AlertField::ResourceType, AlertField::SharedResourceId, AlertField::AddedAccount, AlertField::EventTime,
                         AlertField::ErrorCode, AlertField::StatementId, AlertField::Via, AlertField::Grantee}) {
        const quint32 id = textId(r, f);
        setField(a, f, id ? std::optional<std::string>(m_pool.at(id).toStdString()) : std::nullopt);
    }
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
        quint32 &id = r.text[static_cast<size_t>(AlertField::RevokedAt)];
        if (!r.extended || id)
            continue;
        if (auto at = m_revocations.revokedAt(grantOf(r))) {
            id = m_pool.intern(std::string_view(*at));
            if (!m_uses.empty())
                refreshUses(r);  // a use may now come after the revocation
            first = std::min(first, display);
            last = std::max(last, display);
        }
    }
    if (last >= 0)
        emit dataChanged(index(first, columnOf(AlertField::RevokedAt)), index(last, columnOf(AlertField::UsedAfterRevocation)));
}

Alert AlertModel::shareOf(const Row &r) const
{
    Alert a = grantOf(r);
    a.isPublic = r.isPublic;
    a.eventTimeMs = r.timeMs;
    if (const quint32 id = textId(r, AlertField::RevokedAt))
        a.revokedAt = m_pool.at(id).toStdString();
    return a;
}

void AlertModel::showUses(Row &r, const Alert &a)
{
    auto set = [&](AlertField f, const std::string &text) {
        r.text[static_cast<size_t>(f)] = text.empty() ? 0 : m_pool.intern(std::string_view(text));
    };
    set(AlertField::Uses, a.uses ? std::to_string(a.uses) : std::string());
    set(AlertField::UsedAt, a.usedAt.value_or(""));
    set(AlertField::UsedAfterRevocation, a.usedAfterRevocation.value_or(""));
    std::string joined;
    for (const std::string &e : a.useEvents)
        (joined.empty() ? joined : joined += kListSeparator) += e;
    set(AlertField::UseEvents, joined);
    r.uses = a.uses;
    r.usedAfterRevocation = a.usedAfterRevocation.has_value();
}

void AlertModel::refreshUses(Row &r)
{
    Alert a = shareOf(r);
    applyUses(a, m_uses);
    showUses(r, a);
}

void AlertModel::addUses(std::vector<ResourceUse> &&batch, quint32 fileOffset)
{
    if (batch.empty())
        return;
    if (m_rowsByResourceStale)
        indexRowsByResource();
    std::vector<std::string> touched;
    for (ResourceUse &u : batch) {
        u.location.fileIndex += fileOffset;
        touched.push_back(useResourceKey(u.resourceType, u.resourceId));
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    m_uses.add(std::move(batch));
    // Uses can arrive before or after their shares (files are read in any order).
    bool changed = false;
    for (const std::string &key : touched) {
        auto it = m_rowsByResource.find(key);
        if (it == m_rowsByResource.end())
            continue;
        for (quint32 i : it->second)
            refreshUses(m_rows[i]);
        changed = true;
    }
    if (changed && rowCount() > 0)
        emit dataChanged(index(0, columnOf(AlertField::Uses)), index(rowCount() - 1, columnOf(AlertField::UsedAfterRevocation)));
}

std::vector<const ResourceUse *> AlertModel::usesOf(int r, size_t limit) const
{
    return m_uses.usesOf(shareOf(row(r)), limit);
}

std::vector<quint32> AlertModel::textRanks(AlertField f) const
{
    return ranksOf([this, f](const Row &r) { return textId(r, f); });
}

std::vector<quint32> AlertModel::noteRanks() const
{
    return ranksOf([](const Row &r) { return r.noteId; });
}

std::vector<quint32> AlertModel::ranksOf(const std::function<quint32(const Row &)> &idOf) const
{
    // Only the distinct strings of this column are compared as text; rows then compare integers.
    std::vector<quint32> ids;
    std::vector<char> seen(static_cast<size_t>(m_pool.size()), 0);
    for (const Row &r : m_rows) {
        const quint32 id = idOf(r);
        if (!seen[id]) {
            seen[id] = 1;
            ids.push_back(id);
        }
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

std::vector<quint32> AlertModel::ranksForSort() const
{
    if (!isFieldColumn(m_sortColumn))
        return m_sortColumn == reviewColumn(NoteColumn) ? noteRanks() : std::vector<quint32>();
    const AlertField f = fieldOf(m_sortColumn);
    return f == AlertField::EventTime || f == AlertField::Severity ? std::vector<quint32>() : textRanks(f);
}

quint64 AlertModel::sortKey(quint32 i, const std::vector<quint32> &ranks) const
{
    const Row &r = m_rows[i];
    if (m_sortColumn == reviewColumn(StatusColumn))
        return static_cast<quint64>(r.status);
    if (m_sortColumn == reviewColumn(NoteColumn))
        return static_cast<quint64>(ranks[r.noteId]);
    const AlertField f = fieldOf(m_sortColumn);
    if (f == AlertField::EventTime)
        return static_cast<quint64>(r.timeMs) ^ (quint64(1) << 63);  // order-preserving for negative times
    if (f == AlertField::Severity)  // by weight, not alphabetically; a used share above an unused one
        return severityRank(r);
    if (f == AlertField::Uses)
        return r.uses;
    return static_cast<quint64>(ranks[textId(r, f)]);
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
    if (column < 0 || column >= columnCount())
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reorder([this] {
        const std::vector<quint32> ranks = ranksForSort();
        // The keys in one compact array, radix-sorted: the sort never chases rows, and
        // being stable it keeps ties in arrival order. Descending sorts the complemented
        // keys, so ties stay in arrival order there too.
        const bool descending = m_sortOrder == Qt::DescendingOrder;
        const size_t n = m_rows.size();
        std::vector<quint64> keys(n);
        // Reading a key is a cache miss a row: the cores share the rows.
        constexpr size_t kRowsPerThread = 100000;
        std::vector<std::pair<quint64, quint64>> spans(static_cast<size_t>(parallelParts(n, kRowsPerThread)), {~quint64(0), 0});
        parallelFor(n, kRowsPerThread, [&](size_t begin, size_t end, int part) {
            auto &[low, high] = spans[static_cast<size_t>(part)];
            for (size_t i = begin; i < end; ++i) {
                const quint64 k = sortKey(static_cast<quint32>(i), ranks);
                keys[i] = descending ? ~k : k;
                low = std::min(low, keys[i]);
                high = std::max(high, keys[i]);
            }
        });
        quint64 low = ~quint64(0), high = 0;
        for (const auto &[l, h] : spans) {
            low = std::min(low, l);
            high = std::max(high, h);
        }
        // Usually (key - lowest) and the arrival index fit in 64 bits together: one word
        // an alert, and only the bytes the keys span are sorted (times span about 5).
        const int indexBits = std::max(1, static_cast<int>(std::bit_width(n)));
        const int keyBits = static_cast<int>(std::bit_width(n ? high - low : 0));
        if (keyBits + indexBits <= 64) {
            for (quint32 i = 0; i < n; ++i)
                keys[i] = (keys[i] - low) << indexBits | i;
            radixSort(keys, keyBits + indexBits, [](quint64 k) { return k; });
            const quint64 mask = (quint64(1) << indexBits) - 1;
            for (size_t i = 0; i < n; ++i)
                m_order[i] = static_cast<quint32>(keys[i] & mask);
            return;
        }
        std::vector<std::pair<quint64, quint32>> keyed(n);
        for (quint32 i = 0; i < n; ++i)
            keyed[i] = {keys[i], i};
        keys = {};
        radixSort(keyed, 64, [](const std::pair<quint64, quint32> &e) { return e.first; });
        for (size_t i = 0; i < n; ++i)
            m_order[i] = keyed[i].second;
    });
}

void AlertModel::mergeNewRows(size_t oldCount)
{
    // Keeps the table sorted while a scan streams in: sort the batch, one linear merge.
    reorder([this, oldCount] {
        const std::vector<quint32> ranks = ranksForSort();
        auto less = [&](quint32 a, quint32 b) { return before(a, b, ranks); };
        const auto middle = m_order.begin() + static_cast<long>(oldCount);
        std::sort(middle, m_order.end(), less);
        std::inplace_merge(m_order.begin(), middle, m_order.end(), less);
    });
}

} // namespace sharescope::session
