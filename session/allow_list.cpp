#include "allow_list.h"


#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace sharescope::session {

AllowList::AllowList(QObject *parent)
    : QObject(parent)
{
}

QString AllowList::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/allowlist.json");
}

QString AllowList::validate(const QString &value)
{
    static const QRegularExpression account(QStringLiteral("^\\d{12}$"));
    if (account.match(value).hasMatch())
        return {};
    if (value == QLatin1String("*") || value == QLatin1String("all") || value == QLatin1String("cloudfront"))
        return {};
    // Organisations and organisational units: grants limited to a trusted one are not alerts.
    static const QRegularExpression org(QStringLiteral("^o-[a-z0-9]{10,32}$"));
    static const QRegularExpression ou(QStringLiteral("^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$"));
    if (org.match(value).hasMatch() || ou.match(value).hasMatch())
        return {};
    if (value.trimmed().isEmpty())
        return tr("Enter an account id.");
    if (value.contains(QRegularExpression(QStringLiteral("^\\d+$"))))
        return tr("An AWS account id has exactly 12 digits (with its leading zeros); this one has %1.").arg(value.size());
    return tr("Not an AWS account id: use 12 digits (such as 123456789012), an organisation id (o-…) or an OU id (ou-…).");
}

int AllowList::indexOf(const QString &account) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].account == account)
            return i;
    return -1;
}

bool AllowList::add(const AllowEntry &entry)
{
    if (entry.account.isEmpty() || contains(entry.account))
        return false;
    m_entries.append(entry);
    commit();
    return true;
}

bool AllowList::remove(const QString &account)
{
    const int i = indexOf(account);
    if (i < 0)
        return false;
    m_entries.removeAt(i);
    commit();
    return true;
}

bool AllowList::setLabel(const QString &account, const QString &label)
{
    const int i = indexOf(account);
    if (i < 0 || m_entries[i].label == label)
        return false;
    m_entries[i].label = label;
    commit();
    return true;
}

void AllowList::replaceAll(const QVector<AllowEntry> &entries)
{
    m_entries.clear();
    for (const AllowEntry &e : entries)
        if (!e.account.isEmpty() && !contains(e.account))
            m_entries.append(e);
    commit();
}

void AllowList::commit()
{
    QString error;
    if (!m_path.isEmpty() && !save(&error))
        emit saveFailed(error);
    emit changed();
}

bool AllowList::load(const QString &path, QString *error)
{
    m_entries.clear();
    QFile f(path);
    if (!f.exists()) {
        m_path = path;
        emit changed();
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        // Never save over a list we could not read: changes stay in memory this session.
        m_path.clear();
        if (error)
            *error = tr("Cannot read the allow-list %1: %2. Changes will not be saved this session.").arg(path, f.errorString());
        emit changed();
        return false;
    }
    QVector<AllowEntry> entries;
    QString why;
    if (!parse(f.readAll(), entries, &why)) {
        // Keep the unreadable file aside, untouched, and start a new list.
        f.close();
        const QString aside = path + QStringLiteral(".unreadable-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
        const bool moved = QFile::rename(path, aside);
        m_path = moved ? path : QString();
        if (error)
            *error = moved ? tr("The allow-list %1 could not be read (%2); it was kept as %3 and a new list started.").arg(path, why, aside)
                           : tr("The allow-list %1 could not be read (%2). Changes will not be saved this session.").arg(path, why);
        emit changed();
        return false;
    }
    m_path = path;
    m_entries = entries;
    emit changed();
    return true;
}

bool AllowList::save(QString *error) const
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);  // written beside, renamed into place: never half a file
    if (!f.open(QIODevice::WriteOnly) || f.write(toJson()) < 0 || !f.commit()) {
        if (error)
            *error = tr("Cannot save the allow-list %1: %2").arg(m_path, f.errorString());
        return false;
    }
    return true;
}

QByteArray AllowList::toJson() const
{
    QJsonArray list;
    for (const AllowEntry &e : m_entries) {
        QJsonObject o;
        o[QStringLiteral("account")] = e.account;
        o[QStringLiteral("label")] = e.label;
        o[QStringLiteral("added")] = e.added.toUTC().toString(Qt::ISODate);
        list.append(o);
    }
    QJsonObject root;
    root[QStringLiteral("version")] = 1;
    root[QStringLiteral("trusted")] = list;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray AllowList::toText() const
{
    QByteArray out = "# ShareScope allow-list: one trusted account per line\n";
    for (const AllowEntry &e : m_entries) {
        out += e.account.toUtf8();
        if (!e.label.isEmpty())
            out += "  # " + e.label.simplified().toUtf8();
        out += '\n';
    }
    return out;
}

bool AllowList::parse(const QByteArray &data, QVector<AllowEntry> &out, QString *error)
{
    out.clear();
    const QByteArray trimmed = data.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &err);
        if (doc.isNull()) {
            if (error)
                *error = tr("Not valid JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset);
            return false;
        }
        const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("trusted")).toArray();
        for (const QJsonValue &v : list) {
            AllowEntry e;
            if (v.isString()) {
                e.account = v.toString();
            } else {
                const QJsonObject o = v.toObject();
                e.account = o.value(QStringLiteral("account")).toString();
                e.label = o.value(QStringLiteral("label")).toString();
                e.added = QDateTime::fromString(o.value(QStringLiteral("added")).toString(), Qt::ISODate);
            }
            if (!e.account.isEmpty())
                out.append(e);
        }
        return true;
    }
    // The text format shared with `sharescope scan --trusted`, labels from trailing comments.
    for (const QByteArray &rawLine : data.split('\n')) {
        const int hash = rawLine.indexOf('#');
        const QString id = QString::fromUtf8(hash >= 0 ? rawLine.left(hash) : rawLine).trimmed();
        if (id.isEmpty())
            continue;
        AllowEntry e;
        e.account = id;
        if (hash >= 0)
            e.label = QString::fromUtf8(rawLine.mid(hash + 1)).trimmed();
        out.append(e);
    }
    return true;
}

} // namespace sharescope::session
