#pragma once
// Opening one log file for reading: a regular file only (never a FIFO or device),
// gzip detected by its magic bytes (not its name), read through a bounded window.

#include "gzip_part_window.h"
#include "input_window.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sharescope {

struct OpenedLog {
    std::unique_ptr<InputWindow> window;  // null when the file could not be opened (see error)
    uint64_t diskBytes = 0;               // the file's size when it was opened
    bool gzip = false;
    std::string error;
};

// Opens `path` and reads its first window into `buffer` (borrowed, reused by the caller).
// With `readAhead`, a gzip file of more than a few megabytes is inflated on a thread of
// its own while the caller looks at what came before (prefetch_window.h): for a scan
// with a core to spare.
// Part 0 of a gzip file read on two cores (gzip_handoff.h): the handoff, and where part 1's share starts.
struct GzipPartZero {
    GzipHandoff *handoff = nullptr;
    uint64_t watchFrom = 0;
};
OpenedLog openLog(const std::string &path, WindowBuffer &buffer, size_t windowBytes, bool readAhead = false,
                  const GzipPartZero *partZero = nullptr);

// A later part of a big file read on several cores (file_split.h): the file's records
// array (wrapped: true for {"Records": [, false for a bare [), and a window from byte
// `from` of a plain file, or (`gzipLinks`) from a deflate block near compressed byte `from`
// of a gzip file (gzip_part_window.h; this blocks until part 0 has inflated up to there). A
// file that does not open with its records array has no later parts, nor a gzip part whose
// block could not be used: `window` is null and `error` says why.
struct LogPart {
    std::unique_ptr<InputWindow> window;
    bool wrapped = false;
    std::string error;
};
LogPart openLogPart(const std::string &path, WindowBuffer &buffer, size_t windowBytes, uint64_t from,
                    const GzipPartWindow::Links *gzipLinks = nullptr);
// Whether openLogPart() can open later parts of `path` (reads its first bytes), and how.
enum class PartsKind { None, Plain, Gzip };
PartsKind canReadInParts(const std::string &path);

// Reads bytes [offset, offset + length) of a log file (inflated if gzip), in bounded memory.
bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error);

// Makes later readFileRange() calls on `path` fast: a gzip file of more than a few
// megabytes is indexed whole (gzip_index.h). Slow (it inflates the file): call it off
// the GUI thread. Plain and small files need nothing.
void prepareReadBack(const std::string &path);

} // namespace sharescope
