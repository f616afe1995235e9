#include "string_pool.h"

#include "image_codec.h"
#include "parallel_for.h"

#include <string.h>

#include <algorithm>
#include <functional>

namespace sharescope::session {

StringPool::StringPool()
{
    clear();
}

void StringPool::clear()
{
    m_strings.clear();
    m_strings.append(QString());
    m_bytes.clear();
    m_start.assign(2, 0);
    m_slots.assign(1024, Slot{});
    m_folded.clear();
    m_foldedStart.clear();
}

quint32 StringPool::hashOf(std::string_view utf8)
{
    const size_t h = std::hash<std::string_view>{}(utf8);
    return static_cast<quint32>(h ^ (h >> 32));
}

size_t StringPool::slotOf(std::string_view utf8, quint32 hash) const
{
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const Slot &at = m_slots[slot];
        if (!at.id || (at.hash == hash && utf8 == this->utf8(at.id)))
            return slot;
    }
}

quint32 StringPool::find(std::string_view utf8) const
{
    return m_slots[slotOf(utf8, hashOf(utf8))].id;
}

quint32 StringPool::intern(std::string_view utf8)
{
    const quint32 hash = hashOf(utf8);
    const size_t slot = slotOf(utf8, hash);
    if (m_slots[slot].id)
        return m_slots[slot].id;
    const auto id = static_cast<quint32>(m_strings.size());
    m_slots[slot] = {hash, id};
    m_bytes.append(utf8);
    m_start.push_back(m_bytes.size());
    const QString text = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
    m_strings.append(text);
    m_foldedStart.push_back(static_cast<quint64>(m_folded.size()));
    // Most log values are ASCII: fold those bytes directly rather than through a QString.
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        m_folded += QByteArray::fromRawData(utf8.data(), static_cast<qsizetype>(utf8.size())).toLower();  // ASCII letters only
    } else {
        m_folded += text.toLower().toUtf8();
    }
    m_folded += '\0';
    if (static_cast<size_t>(id) * 2 >= m_slots.size())
        grow();
    return id;
}

void StringPool::grow()
{
    std::vector<Slot> table(m_slots.size() * 2, Slot{});
    const size_t mask = table.size() - 1;
    for (const Slot &old : m_slots) {
        if (!old.id)
            continue;
        size_t slot = old.hash & mask;
        while (table[slot].id)
            slot = (slot + 1) & mask;
        table[slot] = old;
    }
    m_slots.swap(table);
}

namespace {
template <class T>
std::string_view bytesOf(const std::vector<T> &v)
{
    return {reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T)};
}
// Offsets that start at `first`, never go down, and end within `size`.
bool ascending(const std::vector<quint64> &v, quint64 first, quint64 size)
{
    return !v.empty() && v.front() == first && std::is_sorted(v.begin(), v.end()) && v.back() <= size;
}
} // namespace

void StringPool::writeImage(ImageWriter &out) const
{
    out.put<quint32>(static_cast<quint32>(size()));
    out.putBytes(m_bytes);
    out.putBytes(bytesOf(m_start));
    out.putBytes(std::string_view(m_folded.constData(), static_cast<size_t>(m_folded.size())));
    out.putBytes(bytesOf(m_foldedStart));
}

bool StringPool::readImage(ImageReader &in)
{
    clear();
    const quint32 count = in.get<quint32>();
    const std::string_view bytes = in.getBytes(), starts = in.getBytes(), folded = in.getBytes(), foldedStarts = in.getBytes();
    if (!in.ok() || count == 0 || starts.size() != (size_t(count) + 1) * sizeof(quint64)
        || foldedStarts.size() != (size_t(count) - 1) * sizeof(quint64))
        return false;
    std::vector<quint64> start(count + 1), foldedStart(count - 1);
    std::memcpy(start.data(), starts.data(), starts.size());
    std::memcpy(foldedStart.data(), foldedStarts.data(), foldedStarts.size());
    // Id 0 is empty; every string's bytes lie in order inside the text, and each folded
    // string ends with its NUL (markContaining walks from one to the next).
    if (!ascending(start, 0, bytes.size()) || start[1] != 0 || start.back() != bytes.size()
        || (count > 1 && !ascending(foldedStart, 0, folded.size())) || (!folded.empty() && folded.back() != '\0'))
        return false;
    for (size_t i = 1; i < foldedStart.size(); ++i)
        if (foldedStart[i] == foldedStart[i - 1])
            return false;
    m_bytes.assign(bytes);
    m_start = std::move(start);
    m_folded = QByteArray(folded.data(), static_cast<qsizetype>(folded.size()));
    m_foldedStart = std::move(foldedStart);
    // Each id's QString, made on every core; then the table, sized as intern() would have grown it.
    m_strings.resize(count);
    QString *strings = m_strings.data();  // detached once, here: the threads write their own elements
    std::vector<quint32> hashes(count);
    parallelFor(count, 100000, [this, strings, &hashes](size_t begin, size_t end, int) {
        for (size_t id = std::max<size_t>(begin, 1); id < end; ++id) {
            const std::string_view text = utf8(static_cast<quint32>(id));
            strings[id] = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
            hashes[id] = hashOf(text);
        }
    });
    size_t tableSize = 1024;
    while (size_t(count) * 2 >= tableSize)
        tableSize *= 2;
    m_slots.assign(tableSize, Slot{});
    for (quint32 id = 1; id < count; ++id) {
        const quint32 hash = hashes[id];
        const size_t slot = slotOf(utf8(id), hash);
        if (!m_slots[slot].id)  // a repeated text keeps its first id, as interning would
            m_slots[slot] = {hash, id};
    }
    return true;
}

void StringPool::markContaining(const QString &needle, std::vector<char> &matches) const
{
    matches.assign(static_cast<size_t>(size()), 0);
    const QByteArray n = needle.toLower().toUtf8();
    if (n.isEmpty()) {
        std::fill(matches.begin() + 1, matches.end(), 1);
        return;
    }
    const char *base = m_folded.constData();
    const char *end = base + m_folded.size();
    const char *p = base;
    while (p < end) {
        const void *hit = ::memmem(p, static_cast<size_t>(end - p), n.constData(), static_cast<size_t>(n.size()));
        if (!hit)
            break;
        const quint64 at = static_cast<quint64>(static_cast<const char *>(hit) - base);
        // The string holding the hit: the last one starting at or before it (id 0 holds no text).
        const auto it = std::upper_bound(m_foldedStart.begin(), m_foldedStart.end(), at) - 1;
        const size_t index = static_cast<size_t>(it - m_foldedStart.begin());
        matches[index + 1] = 1;
        p = index + 1 < m_foldedStart.size() ? base + m_foldedStart[index + 1] : end;
    }
}

} // namespace sharescope::session
