#include "allow_list.h"

#include "trust_list.h"

#include <algorithm>

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

bool AllowEntry::isExpired(const QDateTime &now) const
{
    return !trustInForce(expires.isValid() ? std::optional<int64_t>(expires.toMSecsSinceEpoch()) : std::nullopt, now.toMSecsSinceEpoch());
}

AllowList::AllowList(QObject *parent)
    : QObject(parent)
{
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, [this] {
        emit changed();
        scheduleExpiry();
    });
}

void AllowList::scheduleExpiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 soonest = -1;
    for (const AllowEntry &e : m_entries)
        if (e.expires.isValid() && !e.isExpired(now)) {
            const qint64 in = now.msecsTo(e.expires);
            soonest = soonest < 0 ? in : std::min(soonest, in);
        }
    if (soonest < 0) {
        m_expiry.stop();
        return;
    }
    // QTimer takes an int: a far expiry is looked at again in a day.
    m_expiry.start(static_cast<int>(std::min<qint64>(soonest + 1, 24ll * 3600 * 1000)));
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

QString AllowList::expiryText(const QDateTime &expires)
{
    // The last day it trusts: an entry trusted through the 30th expires at the 31st's midnight.
    return expires.isValid() ? expires.toUTC().addMSecs(-1).date().toString(Qt::ISODate) : QString();
}

std::optional<QDateTime> AllowList::parseExpiry(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QDateTime();  // never
    const QDate day = QDate::fromString(t, Qt::ISODate);
    if (!day.isValid())
        return std::nullopt;
    // Through that whole day, as `--to 2025-04-30` includes all of the 30th.
    return QDateTime(day.addDays(1), QTime(0, 0), Qt::UTC);
}

bool AllowList::setLabel(const QString &account, const QString &label)
{
    return setField(account, AllowField::Label, label);
}

QVariant AllowList::fieldValue(const AllowEntry &e, AllowField field)
{
    switch (field) {
    case AllowField::Label: return e.label;
    case AllowField::Justification: return e.justification;
    case AllowField::Owner: return e.owner;
    case AllowField::Expires: return e.expires;
    }
    return {};
}

bool AllowList::sameValue(AllowField field, const QVariant &a, const QVariant &b)
{
    if (field != AllowField::Expires)
        return a.toString() == b.toString();
    // Compared by hand: QVariant's == says an invalid time equals a valid one.
    const QDateTime x = a.toDateTime(), y = b.toDateTime();
    return x.isValid() == y.isValid() && (!x.isValid() || x == y);
}

bool AllowList::setField(const QString &account, AllowField field, const QVariant &value)
{
    const int i = indexOf(account);
    if (i < 0 || sameValue(field, fieldValue(m_entries[i], field), value))
        return false;
    AllowEntry &e = m_entries[i];
    switch (field) {
    case AllowField::Label: e.label = value.toString(); break;
    case AllowField::Justification: e.justification = value.toString(); break;
    case AllowField::Owner: e.owner = value.toString(); break;
    case AllowField::Expires: e.expires = value.toDateTime().toUTC(); break;
    }
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
    scheduleExpiry();
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
    scheduleExpiry();
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
        // Only what is set: a list without them reads as before.
        if (!e.justification.isEmpty())
            o[QStringLiteral("justification")] = e.justification;
        if (!e.owner.isEmpty())
            o[QStringLiteral("owner")] = e.owner;
        if (e.expires.isValid())
            o[QStringLiteral("expires")] = e.expires.toUTC().toString(Qt::ISODateWithMs);
        if (!e.fromAlert.isEmpty())
            o[QStringLiteral("fromAlert")] = e.fromAlert;
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
        // The format has no expiry: an expired entry is kept as a comment, never trusted again by accident.
        if (e.isExpired())
            out += "# expired " + e.expires.toString(Qt::ISODate).toUtf8() + ": ";
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
                e.justification = o.value(QStringLiteral("justification")).toString();
                e.owner = o.value(QStringLiteral("owner")).toString();
                e.expires = QDateTime::fromString(o.value(QStringLiteral("expires")).toString(), Qt::ISODateWithMs).toUTC();
                e.fromAlert = o.value(QStringLiteral("fromAlert")).toString();
            }
            if (!e.account.isEmpty())
                out.append(e);
        }
        return true;
    }
    // The text format shared with `sharescope scan --trusted`, labels from trailing comments.
    for (const QByteArray &rawLine : data.split('\n')) {
        const int hash = rawLine.indexOf('#');
        // A byte order mark is never part of an id (files joined with `cat` carry one per
        // file); JSON does not keep it either, so a list saved and read back stays the same.
        const QString id = QString::fromUtf8(hash >= 0 ? rawLine.left(hash) : rawLine).remove(QChar(0xFEFF)).trimmed();
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
