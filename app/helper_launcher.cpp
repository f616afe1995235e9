#include "helper_launcher.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace sharescope {

int execHelper(const char *name, int argc, char **argv)
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec)
        candidates.push_back(self.parent_path() / name);
    candidates.push_back(std::filesystem::path(SHARESCOPE_LIBEXEC_DIR) / name);
    if (!ec)  // an installed tree moved elsewhere (a .deb unpacked into a scratch root)
        candidates.push_back(self.parent_path().parent_path() / "libexec" / "sharescope" / name);

    std::vector<char *> args(argv, argv + argc);
    args.push_back(nullptr);
    for (const std::filesystem::path &p : candidates) {
        if (::access(p.c_str(), X_OK) != 0)
            continue;
        std::string program = p.string();
        args[0] = program.data();
        ::execv(program.c_str(), args.data());
        std::cerr << "sharescope: cannot start " << program << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    std::cerr << "sharescope: " << name << " is not installed; `sharescope scan --help` works without it\n";
    return 1;
}

} // namespace sharescope
