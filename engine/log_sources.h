#pragma once
// Turns the paths a user gave into the list of log files to read: folders are
// walked recursively (in a stable, sorted order, following symbolic links to
// folders, loops reported), CloudTrail digest and Insights files are set aside by
// their S3 path, and paths that do not exist or are not regular files (FIFOs,
// sockets, devices) are reported, never opened.

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

struct LogSources {
    std::vector<LogFile> files;
    std::vector<SourceProblem> problems;  // paths that could not be listed
};

LogSources discoverLogFiles(const std::vector<std::string> &paths);

// Why a path is not a log to scan, judged by name alone ("" when it is one).
std::string skipReasonForPath(const std::string &path);

} // namespace sharescope
