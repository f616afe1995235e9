#pragma once
// Recognises what a log file holds — a {"Records": [...]} delivery file, a bare
// array of events, JSON lines, a single event, EventBridge envelopes, `aws
// cloudtrail lookup-events` output, a Sentinel AWSCloudTrail export, Athena's
// results (UNLOAD JSON lines, CSV), OCSF records, CloudTrail Lake's result rows, a digest —
// and hands each event that the prefilter lets through to a callback, parsed.

#include "alert.h"
#include "cloudtrail_event.h"
#include "prefilter.h"
#include "sentinel_csv.h"

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sharescope {

class InputWindow;

struct ContainerStats {
    uint64_t events = 0;        // CloudTrail events met (parsed or not)
    uint64_t records = 0;       // values met in the container, events or not
    uint64_t insightEvents = 0; // Insights records, set aside
    std::string skipReason;     // set when the whole file is not for scanning (a digest)
    std::string error;          // a problem of the whole file (its shape, a cut); events before it count
    // Records that could not be read: each costs itself only, the others are still read.
    uint64_t badRecords = 0;
    uint64_t firstBadOffset = 0;   // byte offset of the first (in the inflated stream)
    std::string firstBadReason;
    CsvDateReading csvDates;       // a Sentinel CSV export: what its dates showed, how they were read
    // A part of a file read on several cores (file_split.h): the reader stopped where the
    // next part begins, which reads on from there.
    bool handedOn = false;
};

// Once every record of a file is counted (its parts put together, file_split.h): a file
// that held values but no CloudTrail event is "not a CloudTrail shape".
void judgeWholeFile(ContainerStats &stats);

// Where the reader of one part of a file read on several cores (file_split.h) stops: it is
// asked at the start of each element of the file's first array at or past nextCheck().
class PartBoundary {
public:
    virtual ~PartBoundary() = default;
    // The offset (in the file) of the next element start worth asking about; UINT64_MAX: none.
    virtual uint64_t nextCheck() = 0;
    // At the start of an element at `offset`, `records` counted before it: true when another
    // part reads on from exactly here (the reader stops and leaves this element to it).
    virtual bool stopsAt(uint64_t offset, uint64_t records) = 0;
    // The reader has left the file's first array (or never entered one): it reaches no other part.
    virtual void leftFirstArray() = 0;
};

class ContainerReader {
public:
    using OnEvent = std::function<void(const CloudTrailEvent &, const EventLocation &)>;
    using OnProgress = std::function<bool(size_t offset)>;  // false stops the read (cancel)

    // `filter` and `uses` (may be null) decide which records are parsed (classifyRecord).
    explicit ContainerReader(NameFilter filter, UseFilter uses = nullptr) : m_filter(filter), m_uses(uses) {}

    // Reads a Sentinel CSV export's ambiguous dates in `order` (a second pass, once the
    // first has shown the file's order: CsvDateReading); nullopt: settle it while reading.
    void setCsvDateOrder(std::optional<DateOrder> order) { m_csvDateOrder = order; }
    // During a read: whether the file is a Sentinel CSV export, whose first pass may be
    // discarded and read again (CsvDateReading): what it found must not leave before its end.
    bool readingSentinelCsv() const { return m_readingCsv; }

    // Reads one file's bytes. `location.fileIndex` is copied into every location.
    ContainerStats read(const char *data, size_t size, uint32_t fileIndex, const OnEvent &onEvent,
                        const OnProgress &onProgress = {});
    // The same, through a window that is refilled as the reader goes (offsets are in the
    // file's bytes, inflated for gzip). Records that cross the window's edges are kept whole.
    ContainerStats read(InputWindow &window, uint32_t fileIndex, const OnEvent &onEvent, const OnProgress &onProgress = {});

    // Reading a file in parts (file_split.h). `boundary` (may be null) says where this
    // part's reader stops; with it, read() leaves the whole-file judgement to the caller
    // (judgeWholeFile, once the parts are put together).
    void setBoundary(PartBoundary *boundary) { m_boundary = boundary; }
    // A later part: reads on from `pos` in the window, the start of an element of the file's
    // records array (wrapped in {"Records": [...]} or bare), then whatever follows the array, as
    // read() would from there. Records count as if one came before (the part's records start
    // at 1; the caller renumbers them once the record before is known).
    ContainerStats readPart(InputWindow &window, size_t pos, bool wrapped, uint32_t fileIndex, const OnEvent &onEvent,
                            const OnProgress &onProgress);
    // Whether a file whose first bytes are `head` opens with its records array, which a later
    // part can join: true for {"Records": [, false for a bare [, nullopt for anything else.
    static std::optional<bool> opensRecordsArray(const char *head, size_t size);

private:
    struct Context;
    ContainerStats finish(Context &ctx);
    bool readTopLevel(Context &ctx);
    // The stream of top-level values from `pos` (an array, a wrapper, JSON lines, ...) to the end.
    bool readValues(Context &ctx, size_t pos);
    // One array's elements from `from`, refilling as the window ends, then (`wrapped`) the
    // wrapper's closing brace; returns the offset after it, nullopt when reading stops.
    std::optional<size_t> readArray(Context &ctx, size_t from, bool wrapped, bool lookup);
    std::optional<size_t> walkArray(Context &ctx, size_t from, bool lookup);
    // The reader leaves the file's first array: no later part is reached from here on.
    void leaveParts(Context &ctx);
    bool partial(const Context &ctx) const;
    bool refill(Context &ctx, size_t keepFrom);
    bool readSentinelCsv(Context &ctx, size_t pos);
    bool tick(Context &ctx, size_t start, size_t end);  // counts a record, reports progress; false: cancelled
    void handleValue(Context &ctx, size_t start, size_t end, bool lookupItem);
    void handleParsed(Context &ctx, simdjson::dom::element value, size_t start, size_t end, bool lookupItem, int inner = -1);
    void emitEvent(Context &ctx, simdjson::dom::element event, size_t start, size_t end, int inner = -1);
    void emitQueryRow(Context &ctx, simdjson::dom::element row, size_t start, size_t end, int inner = -1);
    void fail(Context &ctx, std::string message);
    void badRecord(Context &ctx, uint64_t offset, std::string message);
    // One value of a stream of values (JSON lines, concatenated JSON) at `pos`; returns where
    // to go on (after it, or after its line when it is broken), nullopt to stop (cancelled).
    std::optional<size_t> readStreamedValue(Context &ctx, size_t pos);
    // Refills a stream until `bytes` bytes from `pos` are in the buffer (or it ends); returns pos's new offset.
    size_t ensureAhead(Context &ctx, size_t pos, size_t bytes);
    // The start of the line after the one holding `pos` (refilling a stream), nullopt when cancelled.
    std::optional<size_t> nextLine(Context &ctx, size_t pos);
    std::string describeSplitError(const Context &ctx, int status, size_t position) const;

    NameFilter m_filter;
    UseFilter m_uses;
    PartBoundary *m_boundary = nullptr;
    bool m_readingCsv = false;
    std::optional<DateOrder> m_csvDateOrder;
    simdjson::dom::parser m_parser;       // one record (or one small whole file)
    simdjson::dom::parser m_innerParser;  // a lookup-events CloudTrailEvent string
};

} // namespace sharescope
