#pragma once
// Interned strings: alerts repeat the same accounts, regions, names and agents
// thousands of times, so rows keep 32-bit ids and each text is held once.
// Id 0 is "absent" (null in the logs).
//
// Interning is keyed by the UTF-8 bytes the engine hands over, in an open-addressing
// table, so that the common case (a value seen before) costs a hash and a memcmp and
// allocates nothing: a million alerts intern some 25 million values.

#include <QByteArray>
#include <QString>
#include <QVector>

#include <string>
#include <string_view>
#include <vector>

namespace sharescope::session {

class ImageReader;
class ImageWriter;

class StringPool {
public:
    StringPool();

    // The id of the text, added when new. `utf8` is valid UTF-8 (the engine's values come
    // from simdjson, which validates them); the QString overload converts.
    quint32 intern(std::string_view utf8);
    quint32 intern(const QString &s) { return intern(toStdView(s.toUtf8())); }

    // Marks in `matches` (indexed by id, resized to size()) every string that contains
    // `needle` ignoring case: one pass of memmem over all the text, not one search per string.
    void markContaining(const QString &needle, std::vector<char> &matches) const;

    // The id of `s`, or 0 when it was never interned.
    quint32 find(const QString &s) const { return find(toStdView(s.toUtf8())); }
    quint32 find(std::string_view utf8) const;
    const QString &at(quint32 id) const { return m_strings.at(id); }
    // The text's UTF-8, as it was interned (empty for id 0).
    std::string_view utf8(quint32 id) const
    {
        return std::string_view(m_bytes).substr(m_start[id], m_start[id + 1] - m_start[id]);
    }
    int size() const { return m_strings.size(); }
    void clear();

    // The pool as bytes (image_codec.h), and back: readImage keeps every id and text, and
    // refuses (false, the pool left empty) an image whose offsets do not hold together.
    void writeImage(ImageWriter &out) const;
    bool readImage(ImageReader &in);

private:
    static std::string_view toStdView(const QByteArray &b) { return {b.constData(), static_cast<size_t>(b.size())}; }
    static quint32 hashOf(std::string_view utf8);
    // The slot holding `utf8`'s id, or the empty slot where it would go.
    size_t slotOf(std::string_view utf8, quint32 hash) const;
    void grow();

    QVector<QString> m_strings;          // by id
    std::string m_bytes;                 // every string's UTF-8, back to back
    std::vector<quint64> m_start;        // id's bytes are [m_start[id], m_start[id + 1])
    // The hash beside the id, so a probe reads one cache line and compares text only on a full-hash match.
    struct Slot {
        quint32 hash = 0;
        quint32 id = 0;                  // 0: empty
    };
    std::vector<Slot> m_slots;           // a power of two, at most half full
    QByteArray m_folded;                 // every string (ids 1..), lower-cased UTF-8, NUL-separated
    std::vector<quint64> m_foldedStart;  // where string id (i + 1) starts in m_folded
};

} // namespace sharescope::session
