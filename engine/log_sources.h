#pragma once
// Turns the paths a user gave into the list of log files to read: folders are
// walked recursively (in a stable, sorted order, following symbolic links to
// folders, loops reported), CloudTrail digest and Insights files are set aside by
// their S3 path, and paths that do not exist or are not regular files (FIFOs,
// sockets, devices) are reported, never opened. Files in folders whose names are
// not a log's (hidden, or another extension) are passed over and named, with why.

#include <cstdint>
#include <string>
#include <vector>

namespace sharescope {

struct LogFile {
    std::string path;
    uint64_t size = 0;
    std::string skipReason;  // non-empty: counted as skipped, not read
};

struct SourceProblem {
    std::string path;
    std::string message;
};

// A file met in a folder and not read for its name. Not a problem (nothing is wrong
// with it), but never silent: whoever scans a folder learns what was left out.
struct PassedOverFile {
    std::string path;
    std::string reason;  // "hidden file" or "not a log file name"
};

struct LogSources {
    std::vector<LogFile> files;
    std::vector<SourceProblem> problems;      // paths that could not be listed
    std::vector<PassedOverFile> passedOver;   // in path order
};

LogSources discoverLogFiles(const std::vector<std::string> &paths);

// Why a path is not a log to scan, judged by name alone ("" when it is one).
std::string skipReasonForPath(const std::string &path);

} // namespace sharescope
