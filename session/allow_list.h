#pragma once
// The analyst's allow-list: trusted accounts, each with a label and the time it
// was added. Saved automatically (atomically) as JSON; imported and exported as
// JSON or as plain text, one id per line (the `--trusted` format of `sharescope scan`).

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QVector>

namespace sharescope::session {

struct AllowEntry {
    QString account;
    QString label;
    QDateTime added;
};

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

    QVector<AllowEntry> m_entries;
    QString m_path;
};

} // namespace sharescope::session
