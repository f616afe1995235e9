#pragma once
// Opening one log file for reading: a regular file only (never a FIFO or device),
// gzip detected by its magic bytes (not its name), read through a bounded window.

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
OpenedLog openLog(const std::string &path, WindowBuffer &buffer, size_t windowBytes, bool readAhead = false);

// A later part of a big plain file read on several cores (file_split.h): the file's
// records array (wrapped: true for {"Records": [, false for a bare [), and a window from
// byte `from`. A gzip file, or one that does not open with its records array, has no
// later parts: `window` is null and `error` says why.
struct LogPart {
    std::unique_ptr<InputWindow> window;
    bool wrapped = false;
    std::string error;
};
LogPart openLogPart(const std::string &path, WindowBuffer &buffer, size_t windowBytes, uint64_t from);
// Whether openLogPart() can open later parts of `path` (reads its first bytes).
bool canReadInParts(const std::string &path);

// Reads bytes [offset, offset + length) of a log file (inflated if gzip), in bounded memory.
bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error);

// Makes later readFileRange() calls on `path` fast: a gzip file of more than a few
// megabytes is indexed whole (gzip_index.h). Slow (it inflates the file): call it off
// the GUI thread. Plain and small files need nothing.
void prepareReadBack(const std::string &path);

} // namespace sharescope
