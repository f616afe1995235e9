#include "watchlist_csv.h"

#include <QCoreApplication>

namespace sharescope::session {

namespace {

QByteArray field(const QString &text)
{
    QByteArray f = text.toUtf8();
    if (f.contains(',') || f.contains('"') || f.contains('\n') || f.contains('\r')) {
        f.replace("\"", "\"\"");
        f = '"' + f + '"';
    }
    return f;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Watchlist", text);
}

// Splits RFC 4180 records: a record ends at a line break outside quotes. Each record
// comes with the line it starts on. False when a quoted field runs to the end.
bool records(const QByteArray &data, QVector<QPair<int, QStringList>> &out, int *badLine)
{
    QStringList fields;
    QByteArray current;
    bool quoted = false, any = false;
    int line = 1, recordLine = 1;
    auto endField = [&] {
        fields << QString::fromUtf8(current);
        current.clear();
    };
    auto endRecord = [&] {
        endField();
        if (any || fields.size() > 1 || !fields[0].isEmpty())
            out.append({recordLine, fields});
        fields.clear();
        any = false;
        recordLine = line;
    };
    qsizetype i = data.startsWith("\xEF\xBB\xBF") ? 3 : 0;  // a spreadsheet's byte-order mark
    for (; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
                current += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n')
                    ++line;
                current += c;
            }
            continue;
        }
        if (c == '"' && current.isEmpty()) {
            quoted = any = true;
        } else if (c == ',') {
            endField();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n')
                ++i;
            ++line;
            endRecord();
        } else {
            current += c;
        }
    }
    if (quoted) {
        *badLine = recordLine;
        return false;
    }
    endRecord();
    return true;
}

} // namespace

QByteArray watchlistCsv(const QVector<AllowEntry> &entries)
{
    QByteArray out = "SearchKey,Label,Justification,Owner,Expires\r\n";
    for (const AllowEntry &e : entries)
        out += field(e.account) + ',' + field(e.label) + ',' + field(e.justification) + ',' + field(e.owner) + ','
             + field(e.expires.isValid() ? e.expires.toUTC().toString(Qt::ISODateWithMs) : QString()) + "\r\n";
    return out;
}

bool readWatchlistCsv(const QByteArray &data, WatchlistRead &out, QString *error)
{
    out = {};
    QVector<QPair<int, QStringList>> rows;
    int badLine = 0;
    if (!records(data, rows, &badLine)) {
        if (error)
            *error = tr("a quoted field that starts on line %1 never ends").arg(badLine);
        return false;
    }
    if (rows.isEmpty()) {
        if (error)
            *error = tr("the file is empty");
        return false;
    }
    const QStringList header = rows.first().second;
    auto column = [&](const char *name) {
        for (int c = 0; c < header.size(); ++c)
            if (header[c].trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return c;
        return -1;
    };
    const int key = column("SearchKey"), label = column("Label"), justification = column("Justification"),
              owner = column("Owner"), expires = column("Expires");
    if (key < 0) {
        if (error)
            *error = tr("no SearchKey column (a Sentinel watchlist names its key column SearchKey)");
        return false;
    }
    for (qsizetype r = 1; r < rows.size(); ++r) {
        // Not a structured binding: clang 14 (the sanitizer build) cannot capture one in a lambda.
        const auto &line = rows[r].first;
        const auto &cells = rows[r].second;
        auto cell = [&cells](int c) { return c >= 0 && c < cells.size() ? cells[c] : QString(); };
        AllowEntry e;
        e.account = cell(key).trimmed();
        if (e.account.isEmpty())
            continue;
        if (const QString why = AllowList::validate(e.account); !why.isEmpty()) {
            out.refused << tr("line %1: %2").arg(line).arg(why);
            continue;
        }
        e.label = cell(label);
        e.justification = cell(justification);
        e.owner = cell(owner);
        const QString when = cell(expires).trimmed();
        if (!when.isEmpty()) {
            const QDateTime exact = QDateTime::fromString(when, Qt::ISODateWithMs);
            const std::optional<QDateTime> day = AllowList::parseExpiry(when);
            if (exact.isValid() && when.contains(QLatin1Char('T')))
                e.expires = exact.toUTC();
            else if (day)
                e.expires = *day;
            else {
                out.refused << tr("line %1: the expiry “%2” is not a date").arg(line).arg(when);
                continue;
            }
        }
        out.entries.append(e);
    }
    return true;
}

} // namespace sharescope::session
