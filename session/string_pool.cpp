#include "string_pool.h"

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
