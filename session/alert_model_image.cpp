// AlertModel's image: the files, the string pool and every row as bytes, so that a case
// of a million alerts reopens without parsing a million JSON objects and interning their
// 25 million values again. The image is a cache beside the alerts' JSON (which stays the
// case's record): one of another format, or that does not hold together, is not read.
#include "alert_model.h"

#include "image_codec.h"
#include "parallel_for.h"
#include "use_index.h"

#include <QCryptographicHash>

#include <algorithm>

namespace sharescope::session {

namespace {

constexpr quint32 kImageMagic = 0x494d5353;  // "SSMI"
constexpr quint32 kImageVersion = 1;
constexpr size_t kRowsPerThread = 100000;

// One row: every field's pool id, then the fixed fields, in this order.
constexpr size_t kRowBytes = kAlertFieldCount * 4 + 4 /*trustId*/ + 8 /*timeMs*/ + 4 + 8 + 8 + 8 + 4 /*location*/
    + 1 /*severity*/ + 1 /*kind*/ + 1 /*flags*/ + 2 /*keyOrdinal*/ + 4 /*uses*/;

// Times a log can hold (years 1 to 9999, UTC): the timeline's arithmetic is safe inside them.
constexpr qint64 kEarliestMs = -62135596800000;
constexpr qint64 kLatestMs = 253402300799999;

enum RowFlag : quint8 { Extended = 1, Public = 2, Sentinel = 4, UsedAfterRevocation = 8, AllFlags = 15 };

void encodeRow(const AlertModel::Row &r, char *at)
{
    for (quint32 id : r.text)
        putField(at, id);
    putField(at, r.trustId);
    putField(at, r.timeMs);
    putField(at, r.location.fileIndex);
    putField(at, r.location.record);
    putField(at, r.location.offset);
    putField(at, r.location.length);
    putField(at, r.location.inner);
    putField(at, static_cast<quint8>(r.severity));
    putField(at, static_cast<quint8>(r.kind));
    putField(at, static_cast<quint8>((r.extended ? Extended : 0) | (r.isPublic ? Public : 0) | (r.sentinel ? Sentinel : 0)
                                     | (r.usedAfterRevocation ? UsedAfterRevocation : 0)));
    putField(at, r.keyOrdinal);
    putField(at, r.uses);
}

// False when a value is out of range: an id past the pool, a file past the list, an enum
// that names nothing.
bool decodeRow(ImageReader &in, quint32 poolSize, quint32 fileCount, AlertModel::Row &r)
{
    for (quint32 &id : r.text)
        id = in.get<quint32>();
    r.trustId = in.get<quint32>();
    r.timeMs = in.get<qint64>();
    r.location.fileIndex = in.get<quint32>();
    r.location.record = in.get<quint64>();
    r.location.offset = in.get<quint64>();
    r.location.length = in.get<quint64>();
    r.location.inner = in.get<qint32>();
    const auto severity = in.get<quint8>(), kind = in.get<quint8>(), flags = in.get<quint8>();
    r.keyOrdinal = in.get<quint16>();
    r.uses = in.get<quint32>();
    if (!in.ok() || severity > quint8(Severity::High) || kind > quint8(GranteeKind::None) || (flags & ~AllFlags)
        || r.trustId >= poolSize || r.location.fileIndex >= fileCount || r.location.inner < -1
        || r.timeMs < kEarliestMs || r.timeMs > kLatestMs)
        return false;
    for (quint32 id : r.text)
        if (id >= poolSize)
            return false;
    r.severity = static_cast<Severity>(severity);
    r.kind = static_cast<GranteeKind>(kind);
    r.extended = flags & Extended;
    r.isPublic = flags & Public;
    r.sentinel = flags & Sentinel;
    r.usedAfterRevocation = flags & UsedAfterRevocation;
    return true;
}

} // namespace

QByteArray AlertModel::imageFormat()
{
    // The layout and the catalogue it was written with: a field added, removed or moved
    // makes older images unreadable, and the case reopens from its JSON instead.
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const FieldSpec &spec : kAlertFields)
        h.addData(QByteArray(QByteArray(spec.key) + '\n'));
    return QByteArrayLiteral("sharescope-model-image/") + QByteArray::number(kImageVersion) + '/'
        + QByteArray::number(qulonglong(kRowBytes)) + '/' + h.result().toHex().left(16);
}

QByteArray AlertModel::image() const
{
    QByteArray out;
    const QByteArray format = imageFormat();
    out.reserve(static_cast<qsizetype>(m_rows.size() * kRowBytes + 64 * 1024));
    ImageWriter w(out);
    w.put(kImageMagic);
    w.putBytes(std::string_view(format.constData(), static_cast<size_t>(format.size())));
    w.put<quint32>(static_cast<quint32>(m_files.size()));
    for (const QString &f : m_files) {
        const QByteArray path = f.toUtf8();
        w.putBytes(std::string_view(path.constData(), static_cast<size_t>(path.size())));
    }
    m_pool.writeImage(w);
    w.put<quint64>(m_rows.size());
    char record[kRowBytes];
    for (const Row &r : m_rows) {
        encodeRow(r, record);
        w.putRaw(record, kRowBytes);
    }
    return out;
}

bool AlertModel::loadImage(const QByteArray &image)
{
    std::optional<Contents> contents = decodeImage(image);
    if (!contents)
        return false;
    adopt(std::move(*contents));
    return true;
}

std::optional<AlertModel::Contents> AlertModel::decodeImage(const QByteArray &image)
{
    ImageReader in(image.constData(), static_cast<size_t>(image.size()));
    const QByteArray format = imageFormat();
    if (in.get<quint32>() != kImageMagic || in.getBytes() != std::string_view(format.constData(), static_cast<size_t>(format.size())))
        return std::nullopt;
    Contents out;
    const quint32 fileCount = in.get<quint32>();
    for (quint32 i = 0; i < fileCount && in.ok(); ++i) {
        const std::string_view path = in.getBytes();
        out.files << QString::fromUtf8(path.data(), static_cast<qsizetype>(path.size()));
    }
    if (!in.ok() || !out.pool.readImage(in))
        return std::nullopt;
    const auto rowCount = in.get<quint64>();
    if (!in.ok() || rowCount > in.remaining() / kRowBytes || in.remaining() != rowCount * kRowBytes)
        return std::nullopt;
    // Fixed-size records: each core decodes and checks its own range of them.
    out.rows.resize(static_cast<size_t>(rowCount));
    const auto poolSize = static_cast<quint32>(out.pool.size());
    const std::string_view records = in.getRaw(rowCount * kRowBytes);
    std::vector<char> rangeOk(static_cast<size_t>(parallelParts(out.rows.size(), kRowsPerThread)), 1);
    parallelFor(out.rows.size(), kRowsPerThread, [&](size_t begin, size_t end, int part) {
        ImageReader range(records.data() + begin * kRowBytes, (end - begin) * kRowBytes);
        for (size_t i = begin; i < end && rangeOk[static_cast<size_t>(part)]; ++i)
            rangeOk[static_cast<size_t>(part)] = decodeRow(range, poolSize, fileCount, out.rows[i]);
    });
    if (!in.ok() || std::find(rangeOk.begin(), rangeOk.end(), 0) != rangeOk.end())
        return std::nullopt;
    return out;
}

AlertModel::Contents AlertModel::takeContents()
{
    beginResetModel();
    Contents out{m_files, std::move(m_pool), std::move(m_rows), true};
    m_pool = StringPool();
    m_rows.clear();
    m_order.clear();
    m_files.clear();
    m_rowsByResource.clear();
    endResetModel();
    return out;
}

void AlertModel::adopt(Contents &&contents)
{
    beginResetModel();
    m_rows = std::move(contents.rows);
    m_order.resize(m_rows.size());
    for (size_t i = 0; i < m_order.size(); ++i)
        m_order[i] = static_cast<quint32>(i);
    m_sortColumn = -1;
    m_sortOrder = Qt::AscendingOrder;
    m_pool = std::move(contents.pool);
    m_files = std::move(contents.files);
    m_revocations = {};
    m_uses = {};
    m_rowsByResource.clear();
    m_rowsByResourceStale = true;
    // The reviews as the case holds them now, as appendAlerts looks them up.
    if (!contents.reviewsApplied && hasKnownReviews())
        for (Row &r : m_rows)
            applyKnownReview(r);
    endResetModel();
}

void AlertModel::indexRowsByResource()
{
    m_rowsByResourceStale = false;
    m_rowsByResource.clear();
    for (quint32 i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        const quint32 resource = textId(r, AlertField::SharedResourceId);
        if (r.extended && r.kind != GranteeKind::None && resource)
            m_rowsByResource[useResourceKey(m_pool.utf8(textId(r, AlertField::ResourceType)), m_pool.utf8(resource))].push_back(i);
    }
}

} // namespace sharescope::session
