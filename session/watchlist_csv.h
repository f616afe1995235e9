#pragma once
// The allow-list as a Microsoft Sentinel watchlist: a CSV file whose SearchKey column
// holds each trusted account, organisation or OU id (Microsoft Learn, "Build queries or
// rules with watchlists - Microsoft Sentinel": the SearchKey is the column a watchlist
// is joined on, and _GetWatchlist('name') returns it), so that rule 0236's
// TrustedAccounts can be taken from it. Written with Label, Justification, Owner and
// Expires columns; read from any CSV with a SearchKey column (the others optional).
// RFC 4180 both ways: fields with commas, quotes or line breaks are quoted, quotes doubled.

#include "allow_list.h"

#include <QByteArray>
#include <QStringList>
#include <QVector>

namespace sharescope::session {

// SearchKey, Label, Justification, Owner, Expires (ISO 8601 UTC: from then on the entry
// trusts nothing; empty: never), with CRLF line ends as RFC 4180 has them.
QByteArray watchlistCsv(const QVector<AllowEntry> &entries);

struct WatchlistRead {
    QVector<AllowEntry> entries;
    QStringList refused;  // "line 4: not an AWS account id …", for rows whose SearchKey is not an id
};
// Reads a watchlist. Header names are matched ignoring case; an Expires cell is an ISO
// 8601 time, or a date (trusted through that day). False with a reason when there is
// no SearchKey column or a quoted field never ends.
bool readWatchlistCsv(const QByteArray &data, WatchlistRead &out, QString *error);

} // namespace sharescope::session
