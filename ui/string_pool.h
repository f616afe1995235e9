#pragma once
// Interned strings: alerts repeat the same accounts, regions, names and agents
// thousands of times, so rows keep 32-bit ids and each text is held once.
// Id 0 is "absent" (null in the logs).

#include <QHash>
#include <QString>
#include <QVector>

#include <optional>
#include <string>

namespace sharescope::ui {

class StringPool {
public:
    StringPool() { m_strings.append(QString()); }

    quint32 intern(const std::optional<std::string> &s) { return s ? intern(QString::fromStdString(*s)) : 0; }
    quint32 intern(const QString &s)
    {
        auto it = m_ids.constFind(s);
        if (it != m_ids.constEnd())
            return *it;
        const quint32 id = static_cast<quint32>(m_strings.size());
        m_strings.append(s);
        m_ids.insert(s, id);
        return id;
    }
    // The id of `s`, or 0 when it was never interned.
    quint32 find(const QString &s) const { return m_ids.value(s, 0); }
    const QString &at(quint32 id) const { return m_strings.at(id); }
    int size() const { return m_strings.size(); }
    void clear()
    {
        m_strings.resize(1);
        m_ids.clear();
    }

private:
    QVector<QString> m_strings;
    QHash<QString, quint32> m_ids;
};

} // namespace sharescope::ui
