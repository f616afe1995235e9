#include "log_sources.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace sharescope {

namespace {

// Inside folders we read what looks like a log by name; named files are always read.
bool looksLikeLogName(const fs::path &p)
{
    const std::string name = p.filename().string();
    if (name.empty() || name[0] == '.')
        return false;
    static constexpr std::array<std::string_view, 5> kEndings = {".json", ".gz", ".jsonl", ".ndjson", ".log"};
    for (std::string_view e : kEndings)
        if (name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
            return true;
    return p.extension().empty();
}

void addFile(LogSources &out, const fs::path &p, std::error_code &ec)
{
    LogFile f;
    f.path = p.string();
    f.size = fs::file_size(p, ec);
    if (ec) {
        f.size = 0;
        ec.clear();
    }
    f.skipReason = skipReasonForPath(f.path);
    out.files.push_back(std::move(f));
}

} // namespace

std::string skipReasonForPath(const std::string &path)
{
    if (path.find("CloudTrail-Digest") != std::string::npos)
        return "CloudTrail digest file";
    if (path.find("CloudTrail-Insight") != std::string::npos)
        return "CloudTrail Insights file";
    return {};
}

LogSources discoverLogFiles(const std::vector<std::string> &paths)
{
    LogSources out;
    for (const std::string &arg : paths) {
        std::error_code ec;
        const fs::path root(arg);
        const fs::file_status st = fs::status(root, ec);
        if (ec || !fs::exists(st)) {
            out.problems.push_back({arg, "no such file or folder"});
            continue;
        }
        if (!fs::is_directory(st)) {
            addFile(out, root, ec);
            continue;
        }
        std::vector<fs::path> found;
        // A stack of plain directory iterators: a folder that cannot be listed is reported
        // and skipped, and the walk goes on with its siblings.
        std::vector<fs::path> folders{root};
        while (!folders.empty()) {
            const fs::path folder = folders.back();
            folders.pop_back();
            std::error_code listEc;
            fs::directory_iterator it(folder, listEc), end;
            if (listEc) {
                out.problems.push_back({folder.string(), "cannot list folder: " + listEc.message()});
                continue;
            }
            for (; it != end; it.increment(listEc)) {
                std::error_code typeEc;
                if (it->is_directory(typeEc) && !it->is_symlink(typeEc))
                    folders.push_back(it->path());
                else if (it->is_regular_file(typeEc) && looksLikeLogName(it->path()))
                    found.push_back(it->path());
            }
            if (listEc)
                out.problems.push_back({folder.string(), "listing stopped: " + listEc.message()});
        }
        std::sort(found.begin(), found.end());
        for (const fs::path &p : found)
            addFile(out, p, ec);
    }
    return out;
}

} // namespace sharescope
