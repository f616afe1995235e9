#include "container_reader.h"

#include "element_splitter.h"
#include "input_window.h"
#include "json_access.h"
#include "query_result_rows.h"
#include "sentinel_csv.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>

namespace sharescope {

using simdjson::dom::element;
using simdjson::dom::element_type;

struct ContainerReader::Context {
    const char *data;
    size_t size;
    InputWindow *window;  // null: the whole file is in data/size
    uint64_t base = 0;   // offset of data[0] in the (inflated) file
    uint32_t fileIndex;
    const OnEvent &onEvent;
    const OnProgress &onProgress;
    ContainerStats stats;
    bool stopped = false;
    size_t sinceProgress = 0;
    bool lineMode = false;       // a value has fitted on one line: the file is JSON lines
    bool queryRows = false;      // walking CloudTrail Lake's QueryResultRows: each element is a row
    int unboundedFailures = 0;   // values of a concatenated stream that could not be read
    // A part of a file read on several cores: asked at element starts of the first array.
    PartBoundary *boundary = nullptr;
    uint64_t nextCheck = UINT64_MAX;  // the boundary's next offset worth asking about
};

namespace {

size_t skipSpace(const char *data, size_t size, size_t pos)
{
    while (pos < size && detail::isJsonSpace(data[pos]))
        ++pos;
    return pos;
}

// A value of a concatenated stream that is not closed on its line is looked for past
// it (pretty-printed values) at most this many times in vain; then the file is read
// as JSON lines, so that resyncing stays linear whatever the number of broken lines.
constexpr int kMaxUnboundedFailures = 8;

// How far ahead the file's head (its kind: CSV header, binary) and a wrapper's key are looked for.
constexpr size_t kHeadBytes = 8192;
constexpr size_t kKeyBytes = 256;

// Matches `"Key"` followed by `:` and `[` (whitespace allowed), returning the offset after `[`.
size_t matchArrayKey(const char *data, size_t size, size_t pos, std::string_view key)
{
    pos = skipSpace(data, size, pos);
    if (pos + key.size() + 2 > size || data[pos] != '"' || std::string_view(data + pos + 1, key.size()) != key
        || data[pos + 1 + key.size()] != '"')
        return 0;
    pos = skipSpace(data, size, pos + key.size() + 2);
    if (pos >= size || data[pos] != ':')
        return 0;
    pos = skipSpace(data, size, pos + 1);
    if (pos >= size || data[pos] != '[')
        return 0;
    return pos + 1;
}

bool hasKey(element obj, std::string_view key)
{
    return json::at(obj, {key}).has_value();
}

const char *typeName(element_type t)
{
    switch (t) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::STRING: return "a string";
    case element_type::NULL_VALUE: return "null";
    case element_type::BOOL: return "a boolean";
    default: return "a number";
    }
}

} // namespace

void ContainerReader::fail(Context &ctx, std::string message)
{
    if (ctx.stats.error.empty())
        ctx.stats.error = std::move(message);
}

void ContainerReader::badRecord(Context &ctx, uint64_t offset, std::string message)
{
    if (ctx.stats.badRecords++ == 0) {
        ctx.stats.firstBadOffset = offset;
        ctx.stats.firstBadReason = std::move(message);
    }
}

void judgeWholeFile(ContainerStats &stats)
{
    if (stats.skipReason.empty() && stats.error.empty() && stats.events == 0 && stats.records > stats.badRecords
        && stats.insightEvents == 0)
        stats.error = "not a CloudTrail shape: no CloudTrail event in " + std::to_string(stats.records)
            + (stats.records == 1 ? " JSON value" : " JSON values");
}

std::optional<bool> ContainerReader::opensRecordsArray(const char *head, size_t size)
{
    size_t pos = 0;
    if (size >= 3 && static_cast<unsigned char>(head[0]) == 0xEF && static_cast<unsigned char>(head[1]) == 0xBB
        && static_cast<unsigned char>(head[2]) == 0xBF)
        pos = 3;
    pos = skipSpace(head, size, pos);
    if (pos >= size)
        return std::nullopt;
    if (head[pos] == '[')
        return false;
    // The same test readTopLevel makes, on the same kKeyBytes.
    if (head[pos] == '{' && matchArrayKey(head, std::min(size, pos + kKeyBytes), pos + 1, "Records"))
        return true;
    return std::nullopt;
}

ContainerStats ContainerReader::read(const char *data, size_t size, uint32_t fileIndex, const OnEvent &onEvent,
                                     const OnProgress &onProgress)
{
    Context ctx{data, size, nullptr, 0, fileIndex, onEvent, onProgress, {}};
    m_readingCsv = false;
    return finish(ctx);
}

ContainerStats ContainerReader::read(InputWindow &window, uint32_t fileIndex, const OnEvent &onEvent, const OnProgress &onProgress)
{
    Context ctx{window.data(), window.size(), &window, 0, fileIndex, onEvent, onProgress, {}};
    m_readingCsv = false;
    ContainerStats stats = finish(ctx);
    if (!window.error().empty() && !ctx.stopped)
        stats.error = window.error();  // a broken stream or a shrunk file explains whatever the reader saw last
    return stats;
}

ContainerStats ContainerReader::readPart(InputWindow &window, size_t pos, bool wrapped, uint32_t fileIndex, const OnEvent &onEvent,
                                         const OnProgress &onProgress)
{
    Context ctx{window.data(), window.size(), &window, window.base(), fileIndex, onEvent, onProgress, {}};
    m_readingCsv = false;
    // The record before `pos`: what depends on being the first record (a digest's test, a
    // stream's first value) must judge as one reader from byte 0 would.
    ctx.stats.records = 1;
    ctx.boundary = m_boundary;
    ctx.nextCheck = m_boundary ? m_boundary->nextCheck() : UINT64_MAX;
    if (std::optional<size_t> end = readArray(ctx, pos, wrapped, false))
        readValues(ctx, skipSpace(ctx.data, ctx.size, *end));
    leaveParts(ctx);
    if (!window.error().empty() && !ctx.stopped)
        ctx.stats.error = window.error();
    return ctx.stats;
}

void ContainerReader::leaveParts(Context &ctx)
{
    if (ctx.boundary && !ctx.stats.handedOn)
        ctx.boundary->leftFirstArray();
    ctx.boundary = nullptr;
    ctx.nextCheck = UINT64_MAX;
}

bool ContainerReader::partial(const Context &ctx) const
{
    return ctx.window && !ctx.window->atEnd();
}

bool ContainerReader::refill(Context &ctx, size_t keepFrom)
{
    if (!partial(ctx))
        return false;
    if (ctx.onProgress && !ctx.onProgress(ctx.base + keepFrom)) {  // a stop request is honoured between windows too
        ctx.stopped = true;
        return false;
    }
    const bool grew = ctx.window->advance(keepFrom);
    ctx.data = ctx.window->data();
    ctx.size = ctx.window->size();
    ctx.base = ctx.window->base();
    // A gzip part's share becomes known only as the bytes before it are inflated (FileSplit::
    // setShareStart, before any byte past it arrives): asked again with each new window.
    if (ctx.boundary && ctx.nextCheck == UINT64_MAX)
        ctx.nextCheck = ctx.boundary->nextCheck();
    return grew || keepFrom > 0;
}

ContainerStats ContainerReader::finish(Context &ctx)
{
    ctx.boundary = m_boundary;
    ctx.nextCheck = m_boundary ? m_boundary->nextCheck() : UINT64_MAX;
    readTopLevel(ctx);
    leaveParts(ctx);
    if (!m_boundary)
        judgeWholeFile(ctx.stats);
    return ctx.stats;
}

bool ContainerReader::readTopLevel(Context &ctx)
{
    size_t pos = 0;
    if (ctx.size >= 3 && static_cast<unsigned char>(ctx.data[0]) == 0xEF && static_cast<unsigned char>(ctx.data[1]) == 0xBB
        && static_cast<unsigned char>(ctx.data[2]) == 0xBF)
        pos = 3;  // UTF-8 byte order mark
    pos = skipSpace(ctx.data, ctx.size, pos);
    bool anyByte = ctx.size > 0;
    while (pos >= ctx.size && partial(ctx)) {  // leading whitespace may fill whole windows
        if (!refill(ctx, pos))
            break;
        anyByte = anyByte || ctx.size > 0;
        pos = skipSpace(ctx.data, ctx.size, 0);
    }
    if (ctx.stopped)
        return false;
    if (pos >= ctx.size) {
        fail(ctx, !anyByte ? "empty file" : "the file holds only whitespace");
        return false;
    }
    // Control bytes in the first KB mean a binary file, unless it starts a JSON value: then
    // a NUL or stray byte inside a record costs that record only. (When leading whitespace
    // filled the first window, the first KB is whitespace: nothing to check.)
    const bool startsValue = ctx.data[pos] == '{' || ctx.data[pos] == '[';
    for (size_t i = 0; !startsValue && ctx.base == 0 && i < std::min<size_t>(ctx.size, 1024); ++i) {
        const auto b = static_cast<unsigned char>(ctx.data[i]);
        if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
            char buf[80];
            std::snprintf(buf, sizeof buf, "not JSON: binary data (byte 0x%02x at byte %zu)", b, i);
            fail(ctx, buf);
            return false;
        }
    }
    // What the file is must not depend on where a window ends: its head (a CSV header)
    // is judged on the same bytes whether the file is read whole or a window at a time.
    pos = ensureAhead(ctx, pos, kHeadBytes);
    if (ctx.data[pos] != '{' && ctx.data[pos] != '[' && looksLikeSentinelCsv(ctx.data + pos, ctx.size - pos)) {
        leaveParts(ctx);
        return readSentinelCsv(ctx, pos);
    }
    return readValues(ctx, pos);
}

bool ContainerReader::readValues(Context &ctx, size_t pos)
{
    while (!ctx.stopped) {
        if (pos >= ctx.size) {
            if (!refill(ctx, pos))
                break;
            pos = skipSpace(ctx.data, ctx.size, 0);
            continue;
        }
        const char c = ctx.data[pos];
        if (c == '[' || c == '{') {
            size_t after = 0;
            bool lookup = false;
            if (c == '{') {
                // The wrapper's key is looked for in the next kKeyBytes only, whole or windowed.
                pos = ensureAhead(ctx, pos, kKeyBytes);
                const size_t limit = std::min(ctx.size, pos + kKeyBytes);
                after = matchArrayKey(ctx.data, limit, pos + 1, "Records");
                if (!after && (after = matchArrayKey(ctx.data, limit, pos + 1, "Events")))
                    lookup = true;
                if (!after && (after = matchArrayKey(ctx.data, limit, pos + 1, "QueryResultRows")))
                    ctx.queryRows = true;
            }
            size_t end;
            // Only the file's first array, of records, can hold where another part begins.
            if (lookup || ctx.queryRows || (c == '{' && !after))
                leaveParts(ctx);
            if (c == '[' || after) {
                // A wrapper or a bare array: walk its elements without parsing the whole file.
                std::optional<size_t> next = readArray(ctx, c == '[' ? pos + 1 : after, c == '{', lookup);
                if (!next)
                    return false;
                end = *next;
            } else {
                std::optional<size_t> next = readStreamedValue(ctx, pos);
                if (!next)
                    return false;
                end = *next;
            }
            pos = skipSpace(ctx.data, ctx.size, end);
            continue;
        }
        char buf[96];
        const unsigned long long at = ctx.base + pos;
        if (ctx.stats.records == 0 && (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f))
            std::snprintf(buf, sizeof buf, "not JSON: byte 0x%02x at byte %llu", static_cast<unsigned char>(c), at);
        else
            std::snprintf(buf, sizeof buf, "invalid JSON at byte %llu: expected an object or array", at);
        if (ctx.stats.records == 0) {  // not a stream of values at all
            fail(ctx, buf);
            return false;
        }
        // In a stream of values (JSON lines), the rest of this line is one bad record.
        ++ctx.stats.records;
        badRecord(ctx, at, buf);
        std::optional<size_t> next = nextLine(ctx, pos);
        if (!next)
            return false;
        pos = skipSpace(ctx.data, ctx.size, *next);
    }
    return true;
}

std::optional<size_t> ContainerReader::readArray(Context &ctx, size_t from, bool wrapped, bool lookup)
{
    std::optional<size_t> closing = walkArray(ctx, from, lookup);
    leaveParts(ctx);
    ctx.queryRows = false;
    if (!closing)
        return std::nullopt;
    size_t end = *closing + 1;
    if (wrapped) {
        end = skipSpace(ctx.data, ctx.size, end);
        if (end >= ctx.size && refill(ctx, end))
            end = skipSpace(ctx.data, ctx.size, 0);
        if (end >= ctx.size || ctx.data[end] != '}') {
            fail(ctx, "not a CloudTrail shape: unexpected content after the records array at byte " + std::to_string(ctx.base + end));
            return std::nullopt;
        }
        ++end;
    }
    return end;
}

std::optional<size_t> ContainerReader::walkArray(Context &ctx, size_t from, bool lookup)
{
    // At an element start at or past the boundary's next offset: does another part read on from here?
    auto handedOn = [&](size_t start) {
        if (ctx.stats.handedOn || !ctx.boundary->stopsAt(ctx.base + start, ctx.stats.records)) {
            ctx.nextCheck = ctx.boundary->nextCheck();
            return false;
        }
        ctx.stats.handedOn = true;
        ctx.stopped = true;
        return true;
    };
    auto onElement = [&](size_t s, size_t e) {
        if (ctx.base + s >= ctx.nextCheck && ctx.boundary && handedOn(s))
            return false;
        handleValue(ctx, s, e, lookup);
        return !ctx.stopped;
    };
    // Walks the elements, refilling from the stream whenever the window ends mid-way.
    bool afterElement = false;
    for (;;) {
        const uint64_t recordsBefore = ctx.stats.records;
        SplitResult r = splitElements(ctx.data, ctx.size, from, Separator::Comma, SplitFlags{false, partial(ctx), afterElement}, onElement);
        if (r.status == SplitResult::Status::NeedMoreInGap || r.status == SplitResult::Status::NeedMoreInValue) {
            afterElement = r.status == SplitResult::Status::NeedMoreInGap && (afterElement || ctx.stats.records > recordsBefore);
            if (!refill(ctx, r.position)) {
                if (ctx.stopped)
                    return std::nullopt;  // stopped by the user: not a problem of the file
                break;
            }
            from = 0;
            continue;
        }
        if (r.status == SplitResult::Status::StoppedEarly)
            return std::nullopt;
        if (r.status != SplitResult::Status::ClosingBracket) {
            fail(ctx, describeSplitError(ctx, static_cast<int>(r.status), r.position));
            return std::nullopt;
        }
        return r.position;
    }
    fail(ctx, "truncated: the JSON ends before the array is closed");
    return std::nullopt;
}

size_t ContainerReader::ensureAhead(Context &ctx, size_t pos, size_t bytes)
{
    while (ctx.size - pos < bytes && partial(ctx)) {
        if (!refill(ctx, pos))
            break;
        pos = 0;
    }
    return pos;
}

std::optional<size_t> ContainerReader::nextLine(Context &ctx, size_t pos)
{
    for (;;) {
        if (const void *nl = std::memchr(ctx.data + pos, '\n', ctx.size - pos))
            return static_cast<size_t>(static_cast<const char *>(nl) - ctx.data) + 1;
        if (!partial(ctx))
            return ctx.size;
        // Keep only the line's last byte: the line is skipped, not kept whole.
        const size_t keep = ctx.size > pos ? ctx.size - 1 : pos;
        if (!refill(ctx, keep))
            return ctx.stopped ? std::nullopt : std::optional<size_t>(ctx.size);
        pos = 0;
    }
}

std::optional<size_t> ContainerReader::readStreamedValue(Context &ctx, size_t pos)
{
    using Status = SplitResult::Status;
    auto onValue = [&](size_t s, size_t e) { handleValue(ctx, s, e, false); return !ctx.stopped; };
    // The value's line, whole in the buffer (a stream window grows for a long line).
    const char *nl = nullptr;
    while (!(nl = static_cast<const char *>(std::memchr(ctx.data + pos, '\n', ctx.size - pos))) && partial(ctx)) {
        if (!refill(ctx, pos))
            break;
        pos = 0;
    }
    if (ctx.stopped)
        return std::nullopt;
    const size_t lineEnd = nl ? static_cast<size_t>(nl - ctx.data) : ctx.size;
    SplitResult r = splitElements(ctx.data, lineEnd, pos, Separator::Whitespace, SplitFlags{true, false, false}, onValue);
    if (r.status == Status::StoppedEarly) {
        if (ctx.stopped)
            return std::nullopt;
        ctx.lineMode = true;
        return r.position;
    }
    if (r.status == Status::Truncated && !ctx.lineMode && ctx.unboundedFailures < kMaxUnboundedFailures) {
        // Not closed on its line: a pretty-printed value, or a broken line. Look further,
        // across window edges, but never past what one value may hold: a broken line then
        // costs itself, not the rest of the stream (and only kMaxUnboundedFailures times).
        for (;;) {
            SplitResult whole = splitElements(ctx.data, ctx.size, pos, Separator::Whitespace, SplitFlags{true, partial(ctx), false}, onValue);
            if (whole.status == Status::StoppedEarly)
                return ctx.stopped ? std::nullopt : std::optional<size_t>(whole.position);
            if (whole.status == Status::NeedMoreInValue && ctx.size - pos < InputWindow::kMaxValueBytes) {
                if (refill(ctx, pos)) {
                    pos = 0;
                    continue;
                }
                if (ctx.stopped)
                    return std::nullopt;
            }
            break;
        }
        ++ctx.unboundedFailures;
        nl = static_cast<const char *>(std::memchr(ctx.data + pos, '\n', ctx.size - pos));
    }
    ++ctx.stats.records;
    const uint64_t at = ctx.base + (r.status == Status::Truncated ? pos : r.position);
    if (r.status != Status::Truncated)
        badRecord(ctx, at, describeSplitError(ctx, static_cast<int>(r.status), r.position));
    else if (nl)
        badRecord(ctx, at, "invalid JSON line at byte " + std::to_string(at) + ": the value is not closed on its line");
    else
        badRecord(ctx, at, "truncated: the JSON ends inside the value that starts at byte " + std::to_string(at));
    if (!nl)
        return nextLine(ctx, pos);
    return static_cast<size_t>(nl - ctx.data) + 1;
}

std::string ContainerReader::describeSplitError(const Context &ctx, int status, size_t position) const
{
    using Status = SplitResult::Status;
    const std::string at = std::to_string(ctx.base + position);
    switch (static_cast<Status>(status)) {
    case Status::Truncated:
        return "truncated: the JSON ends inside the value that starts at byte " + at;
    case Status::BadSeparator: {
        if (position >= ctx.size)
            return "truncated: the JSON ends at byte " + at + " before the array is closed";
        const char c = ctx.data[position];
        if (c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')
            return "not a CloudTrail shape: the value at byte " + at + " is not a JSON object";
        return "invalid JSON at byte " + at + ": expected ',' or the end of the array";
    }
    case Status::EndOfInput:
        return "truncated: the JSON ends at byte " + at + " before the array is closed";
    default:
        return "invalid JSON at byte " + at;
    }
}

bool ContainerReader::tick(Context &ctx, size_t start, size_t end)
{
    ++ctx.stats.records;
    if (ctx.onProgress) {
        ctx.sinceProgress += end - start;
        if (ctx.sinceProgress >= (1u << 20)) {
            ctx.sinceProgress = 0;
            if (!ctx.onProgress(ctx.base + end))
                ctx.stopped = true;
        }
    }
    return !ctx.stopped;
}

bool ContainerReader::readSentinelCsv(Context &ctx, size_t pos)
{
    m_readingCsv = true;
    // Rows are read from the window; a row cut by the window's end is read again from
    // its start once the window has been refilled (quoted fields may hold newlines).
    std::vector<std::string> header, row;
    size_t start = 0, end = 0;
    CsvReader reader(ctx.data + pos, ctx.size - pos);
    // The header too must be whole: a quoted field may carry it past the window's end.
    while ((!reader.next(header, start, end) || pos + end >= ctx.size) && partial(ctx)) {
        if (!refill(ctx, pos) && (ctx.stopped || !ctx.window->error().empty()))
            return false;
        pos = 0;
        reader = CsvReader(ctx.data, ctx.size);
    }
    if (!reader.error().empty()) {
        fail(ctx, "CSV export: the header: " + reader.error());
        return false;
    }
    const std::vector<std::string> columns = sentinelColumns(header);
    size_t nameColumn = static_cast<size_t>(std::find(columns.begin(), columns.end(), "EventName") - columns.begin());
    std::string kind = "Sentinel CSV export";  // for messages
    if (nameColumn == columns.size()) {  // Athena's results: the lower-case column
        nameColumn = static_cast<size_t>(std::find(columns.begin(), columns.end(), "eventname") - columns.begin());
        kind = "Athena CSV results";
    }
    size_t rowsFrom = pos + reader.position();
    reader = CsvReader(ctx.data + rowsFrom, ctx.size - rowsFrom);
    const size_t timeColumn = static_cast<size_t>(std::find(columns.begin(), columns.end(), "TimeGenerated") - columns.begin());
    CsvDateReading &dates = ctx.stats.csvDates = CsvDateReading(m_csvDateOrder);
    while (!ctx.stopped) {
        const bool got = reader.next(row, start, end);
        const bool cut = got ? rowsFrom + end >= ctx.size : true;  // the row may go on past the window
        if (cut && partial(ctx)) {
            const size_t keep = got ? rowsFrom + start : ctx.size;
            if (!refill(ctx, keep)) {
                if (ctx.stopped)
                    return false;
                if (!ctx.window->error().empty())
                    return false;
            }
            rowsFrom = 0;
            reader = CsvReader(ctx.data, ctx.size);
            continue;
        }
        if (!got)
            break;
        const size_t rowStart = rowsFrom + start, rowEnd = rowsFrom + end;
        if (!tick(ctx, rowStart, rowEnd))
            break;
        if (timeColumn < row.size())
            dates.note(row[timeColumn]);  // every row's date decides the file's order, alerting or not
        if (nameColumn >= row.size()) {
            badRecord(ctx, ctx.base + rowStart,
                      kind + ": the row at byte " + std::to_string(ctx.base + rowStart) + " has fewer columns than the header");
            continue;
        }
        std::string lower = row[nameColumn];
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        // A row's columns are not in CloudTrail's order: a possible use is read whatever its signs.
        if (!m_filter(lower) && (!m_uses || m_uses(lower) == UseInterest::None)) {
            ++ctx.stats.events;
            continue;
        }
        const std::string json = sentinelRowJson(columns, row, dates);
        element value;
        if (m_parser.parse(json).get(value) == simdjson::SUCCESS)
            handleParsed(ctx, value, rowStart, rowEnd, false);
        else
            badRecord(ctx, ctx.base + rowStart, kind + ": the row at byte " + std::to_string(ctx.base + rowStart) + " is not valid text");
    }
    if (!reader.error().empty())
        fail(ctx, kind + ": " + reader.error());
    return true;
}

void ContainerReader::handleValue(Context &ctx, size_t start, size_t end, bool lookupItem)
{
    if (!tick(ctx, start, end))
        return;
    // A lookup-events item holds its event as text, a CloudTrail Lake row as cells: neither can be prefiltered.
    const RecordKind kind = lookupItem || ctx.queryRows ? RecordKind::Candidate : classifyRecord(ctx.data + start, ctx.data + end, m_filter, m_uses);
    if (kind == RecordKind::Ordinary) {
        ++ctx.stats.events;
        return;
    }
    element value;
    simdjson::error_code err = m_parser.parse(ctx.data + start, end - start, true).get(value);
    if (err) {
        badRecord(ctx, ctx.base + start, "invalid JSON in the value at bytes " + std::to_string(ctx.base + start) + "-" + std::to_string(ctx.base + end) + ": "
                 + simdjson::error_message(err));
        return;
    }
    if (ctx.queryRows) {
        emitQueryRow(ctx, value, start, end);
        return;
    }
    handleParsed(ctx, value, start, end, lookupItem);
}

void ContainerReader::emitQueryRow(Context &ctx, element row, size_t start, size_t end, int inner)
{
    std::optional<std::string> json = queryRowJson(row, m_innerParser);
    element event;
    if (!json || m_innerParser.parse(*json).get(event) != simdjson::SUCCESS || !recogniseEvent(event)) {
        badRecord(ctx, ctx.base + start, "the CloudTrail Lake result row at byte " + std::to_string(ctx.base + start)
                 + " is not a list of columns with an event name");
        return;
    }
    emitEvent(ctx, event, start, end, inner);
}

void ContainerReader::handleParsed(Context &ctx, element value, size_t start, size_t end, bool lookupItem, int inner)
{
    if (value.type() != element_type::OBJECT)
        return;  // counted as a record, not an event
    element array;
    if (lookupItem || (hasKey(value, "CloudTrailEvent") && hasKey(value, "EventId"))) {
        std::string_view text;
        if (value.get_object().at_key("CloudTrailEvent").get_string().get(text) != simdjson::SUCCESS) {
            badRecord(ctx, ctx.base + start, "lookup-events item at byte " + std::to_string(ctx.base + start) + " has no CloudTrailEvent string");
            return;
        }
        element event;
        auto err = m_innerParser.parse(text.data(), text.size(), true).get(event);
        if (err || event.type() != element_type::OBJECT) {
            badRecord(ctx, ctx.base + start, "the CloudTrailEvent string of the lookup-events item at byte " + std::to_string(ctx.base + start)
                     + " is not a JSON object");
            return;
        }
        emitEvent(ctx, event, start, end, inner);
        return;
    }
    if (value.get_object().at_key("Records").get(array) == simdjson::SUCCESS
        || value.get_object().at_key("Events").get(array) == simdjson::SUCCESS) {
        // A wrapper whose array is not its first key: walk the parsed array. Its events
        // are located by the wrapper's bytes plus their index inside it.
        if (array.type() != element_type::ARRAY) {
            fail(ctx, std::string("not a CloudTrail shape: \"") + (hasKey(value, "Records") ? "Records" : "Events")
                     + "\" is " + typeName(array.type()) + ", not an array");
            return;
        }
        --ctx.stats.records;
        const bool lookup = !hasKey(value, "Records");
        int index = 0;
        for (element item : array.get_array()) {
            ++ctx.stats.records;
            if (item.type() == element_type::OBJECT)
                lookup ? handleParsed(ctx, item, start, end, true, index) : emitEvent(ctx, item, start, end, index);
            ++index;
        }
        return;
    }
    if (value.get_object().at_key("QueryResultRows").get(array) == simdjson::SUCCESS && array.type() == element_type::ARRAY) {
        // CloudTrail Lake's results whose rows are not the first key (get-query-results prints
        // QueryStatus and QueryStatistics too): walk the parsed rows.
        --ctx.stats.records;
        int index = 0;
        for (element row : array.get_array()) {
            ++ctx.stats.records;
            emitQueryRow(ctx, row, start, end, index++);
        }
        return;
    }
    if (value.get_object().at_key("detail").get(array) == simdjson::SUCCESS && hasKey(value, "detail-type")) {
        if (array.type() == element_type::OBJECT)
            emitEvent(ctx, array, start, end, inner);
        return;
    }
    if (recogniseEvent(value)) {
        emitEvent(ctx, value, start, end, inner);
        return;
    }
    if (hasKey(value, "digestStartTime") && ctx.stats.records == 1)
        ctx.stats.skipReason = "CloudTrail digest file";
}

void ContainerReader::emitEvent(Context &ctx, element event, size_t start, size_t end, int inner)
{
    CloudTrailEvent ev(event);
    std::optional<std::string> type = ev.eventType();
    if (type && *type == "AwsCloudTrailInsight") {
        ++ctx.stats.insightEvents;
        return;
    }
    ++ctx.stats.events;
    EventLocation loc;
    loc.fileIndex = ctx.fileIndex;
    loc.record = ctx.stats.records - 1;
    loc.offset = ctx.base + start;
    loc.length = end - start;
    loc.inner = inner;
    ctx.onEvent(ev, loc);
}

} // namespace sharescope
