#pragma once
// The analyst's allow-list: trusted accounts, each with a label, a justification, an
// owner, an optional expiry, the time it was added and the alert it was created from.
// Saved automatically (atomically) as JSON; imported and exported as JSON, as plain
// text, one id per line (the `--trusted` format of `sharescope scan`), or as a
// Sentinel watchlist (watchlist_csv.h).

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariant>
#include <QVector>

#include <optional>

namespace sharescope::session {

struct AllowEntry {
    QString account;
    QString label;
    QDateTime added;
    // Below: optional, so that {account, label, added} still reads as an entry.
    QString justification = {};
    QString owner = {};
    QDateTime expires = {};  // UTC; invalid: never. From then on the entry hides nothing.
    QString fromAlert = {};  // the AlertKey of the alert it was trusted from; empty when typed in or imported

    // By the engine's rule (trustInForce, trust_list.h).
    bool isExpired(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

// The parts of an entry the analyst edits.
enum class AllowField { Label, Justification, Owner, Expires };

class AllowList : public QObject {
    Q_OBJECT
public:
    explicit AllowList(QObject *parent = nullptr);

    // Where the list lives: QStandardPaths' app-data location.
    static QString defaultPath();
    // Empty when `value` is a valid id to type in: 12 digits, an organisation (o-…) or
    // OU (ou-…) id, or a value rule 0236 produces ("*", "all", "cloudfront").
    // Otherwise a sentence saying why not.
    static QString validate(const QString &value);

    const QVector<AllowEntry> &entries() const { return m_entries; }
    bool contains(const QString &account) const { return indexOf(account) >= 0; }
    int indexOf(const QString &account) const;

    // Mutations emit changed() and save when a path is set.
    bool add(const AllowEntry &entry);
    bool remove(const QString &account);
    bool setLabel(const QString &account, const QString &label);
    // Sets one edited part (text, or a QDateTime for Expires: invalid for never); false when unchanged.
    bool setField(const QString &account, AllowField field, const QVariant &value);
    static QVariant fieldValue(const AllowEntry &entry, AllowField field);
    static bool sameValue(AllowField field, const QVariant &a, const QVariant &b);
    // An expiry as the dock shows and takes it: the last day it trusts (UTC, yyyy-MM-dd).
    static QString expiryText(const QDateTime &expires);
    // The expiry for typed text: empty is never; a date trusts through that day. nullopt: not a date.
    static std::optional<QDateTime> parseExpiry(const QString &text);
    void replaceAll(const QVector<AllowEntry> &entries);

    // Persistence: load() reads the file if it exists; every change is saved to it.
    bool load(const QString &path, QString *error = nullptr);
    bool save(QString *error = nullptr) const;
    QString path() const { return m_path; }

    QByteArray toJson() const;
    QByteArray toText() const;
    // Parses JSON (this format, or a plain array of ids) or text; returns false with a reason.
    static bool parse(const QByteArray &data, QVector<AllowEntry> &out, QString *error);

signals:
    void changed();
    void saveFailed(const QString &message);

private:
    void commit();
    // changed() again when the next entry expires, so that what it hid comes back on time.
    void scheduleExpiry();

    QVector<AllowEntry> m_entries;
    QString m_path;
    QTimer m_expiry;
};

} // namespace sharescope::session
