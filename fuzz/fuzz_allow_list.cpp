// The allow-list readers over any bytes: the window's allow-list file (AllowList::parse:
// its JSON, a plain array of ids, or text), a Sentinel watchlist CSV (readWatchlistCsv) and
// the command line's --trusted text (TrustList::fromText). None may crash or hang, and what
// they read must survive being written back: an allow-list saved as JSON, and a watchlist
// written as CSV, read back to the same ids; every value --trusted reads is trusted.
#include "allow_list.h"
#include "trust_list.h"
#include "watchlist_csv.h"

#include <cstdint>
#include <cstdlib>

using namespace sharescope;
using namespace sharescope::session;

namespace {

QStringList ids(const QVector<AllowEntry> &entries)
{
    QStringList out;
    for (const AllowEntry &e : entries)
        out << e.account;
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;

    QVector<AllowEntry> entries;
    if (AllowList::parse(bytes, entries, &error)) {
        AllowList list;  // no path: nothing is saved
        list.replaceAll(entries);
        QVector<AllowEntry> again;
        if (!AllowList::parse(list.toJson(), again, &error) || ids(again) != ids(list.entries()))
            std::abort();  // what the window saves, it must read back
    }

    WatchlistRead read;
    if (readWatchlistCsv(bytes, read, &error)) {
        WatchlistRead back;
        if (!readWatchlistCsv(watchlistCsv(read.entries), back, &error) || ids(back.entries) != ids(read.entries))
            std::abort();  // an exported watchlist imports as it was
    }

    const TrustList trusted = TrustList::fromText(std::string_view(reinterpret_cast<const char *>(data), size));
    for (const std::string &value : trusted.values()) {
        Alert a;  // a rule 0236 alert naming the value
        a.addedAccount = value;
        if (!trusted.trusts(a))
            std::abort();
    }
    return 0;
}
