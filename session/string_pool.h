#pragma once
// Interned strings: alerts repeat the same accounts, regions, names and agents
// thousands of times, so rows keep 32-bit ids and each text is held once.
// Id 0 is "absent" (null in the logs).

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

#include <string.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope::session {

class StringPool {
public:
    StringPool() { m_strings.append(QString()); }

    quint32 intern(std::string_view utf8) { return intern(QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()))); }
    quint32 intern(const QString &s)
    {
        auto it = m_ids.constFind(s);
        if (it != m_ids.constEnd())
            return *it;
        const quint32 id = static_cast<quint32>(m_strings.size());
        m_strings.append(s);
        m_ids.insert(s, id);
        m_foldedStart.push_back(static_cast<quint64>(m_folded.size()));
        m_folded += s.toLower().toUtf8();
        m_folded += '\0';
        return id;
    }

    // Marks in `matches` (indexed by id, resized to size()) every string that contains
    // `needle` ignoring case: one pass of memmem over all the text, not one search per string.
    void markContaining(const QString &needle, std::vector<char> &matches) const
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
    // The id of `s`, or 0 when it was never interned.
    quint32 find(const QString &s) const { return m_ids.value(s, 0); }
    const QString &at(quint32 id) const { return m_strings.at(id); }
    int size() const { return m_strings.size(); }
    void clear()
    {
        m_strings.resize(1);
        m_ids.clear();
        m_folded.clear();
        m_foldedStart.clear();
    }

private:
    QVector<QString> m_strings;
    QHash<QString, quint32> m_ids;
    QByteArray m_folded;                 // every string (ids 1..), lower-cased UTF-8, NUL-separated
    std::vector<quint64> m_foldedStart;  // where string id (i + 1) starts in m_folded
};

} // namespace sharescope::session
