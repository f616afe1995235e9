#include "log_sources.h"

#include "regular_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>
#include <system_error>

namespace fs = std::filesystem;

namespace sharescope {

namespace {

// Inside folders we read what looks like a log by name; named files are always read.
// Returns why a file in a folder is not read for its name, "" when it looks like a log.
std::string passOverReason(const fs::path &p)
{
    const std::string name = p.filename().string();
    if (name.empty() || name[0] == '.')
        return "hidden file";  // .DS_Store, editors' and sync tools' files
    static constexpr std::array<std::string_view, 5> kEndings = {".json", ".gz", ".jsonl", ".ndjson", ".log"};
    for (std::string_view e : kEndings)
        if (name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
            return {};
    return p.extension().empty() ? std::string() : "not a log file name";
}

using FolderId = std::pair<dev_t, ino_t>;

std::string notRegular(const fs::path &p)
{
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0)
        return "not a regular file";
    return std::string("not a regular file (") + fileKindName(st.st_mode) + ")";
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
            // A FIFO, socket or device would block or never end: refused by name, never opened.
            if (fs::is_regular_file(st))
                addFile(out, root, ec);
            else
                out.problems.push_back({arg, notRegular(root)});
            continue;
        }
        std::vector<fs::path> found;
        // A stack of plain directory iterators: a folder that cannot be listed is reported
        // and skipped, and the walk goes on with its siblings. Symbolic links to folders are
        // followed; each folder is known by its device and inode, so a link back to a folder
        // above it is a loop (reported) and a second way into a folder already read is skipped.
        struct Pending {
            fs::path folder;
            std::vector<FolderId> ancestors;
        };
        std::set<FolderId> visited;
        std::vector<Pending> folders{{root, {}}};
        while (!folders.empty()) {
            Pending pending = std::move(folders.back());
            folders.pop_back();
            const fs::path &folder = pending.folder;
            struct stat st {};
            if (::stat(folder.c_str(), &st) != 0) {
                out.problems.push_back({folder.string(), "cannot list folder: " + std::string(std::strerror(errno))});
                continue;
            }
            const FolderId id{st.st_dev, st.st_ino};
            if (std::find(pending.ancestors.begin(), pending.ancestors.end(), id) != pending.ancestors.end()) {
                out.problems.push_back({folder.string(), "symbolic link loop: it leads back to a folder that contains it (not followed)"});
                continue;
            }
            if (!visited.insert(id).second)
                continue;  // reached again through another link: its files are already listed
            pending.ancestors.push_back(id);
            std::error_code listEc;
            fs::directory_iterator it(folder, listEc), end;
            if (listEc) {
                out.problems.push_back({folder.string(), "cannot list folder: " + listEc.message()});
                continue;
            }
            for (; it != end; it.increment(listEc)) {
                std::error_code typeEc;
                if (it->is_directory(typeEc)) {
                    folders.push_back({it->path(), pending.ancestors});
                    continue;
                }
                if (!it->exists(typeEc))
                    continue;  // a dangling link: nothing there to read or name
                if (std::string reason = passOverReason(it->path()); !reason.empty())
                    out.passedOver.push_back({it->path().string(), std::move(reason)});
                else if (it->is_regular_file(typeEc))
                    found.push_back(it->path());
                else
                    out.problems.push_back({it->path().string(), notRegular(it->path())});
            }
            if (listEc)
                out.problems.push_back({folder.string(), "listing stopped: " + listEc.message()});
        }
        std::sort(found.begin(), found.end());
        for (const fs::path &p : found)
            addFile(out, p, ec);
    }
    std::sort(out.passedOver.begin(), out.passedOver.end(), [](const PassedOverFile &a, const PassedOverFile &b) { return a.path < b.path; });
    return out;
}

} // namespace sharescope
