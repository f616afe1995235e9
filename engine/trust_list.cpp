#include "trust_list.h"

#include "regular_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sharescope {

static std::string_view trim(std::string_view s)
{
    const char *ws = " \t\r\n";
    size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos)
        return {};
    size_t e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

TrustList TrustList::fromText(std::string_view text)
{
    TrustList list;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (size_t hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim(line);
        if (!line.empty())
            list.add(std::string(line));
    }
    return list;
}

bool TrustList::trusts(const Alert &alert) const
{
    return hiddenByTrust(grantIdentity(alert), alert.orgLimits, [this](std::string_view v) { return !v.empty() && contains(v); });
}

bool TrustList::loadFile(const std::string &path, TrustList &out, std::string &error)
{
    std::string why;
    off_t size = 0;
    FdCloser f(openRegularFile(path, why, &size));
    if (f.fd < 0) {
        error = "the trusted-accounts file " + path + ": " + why;
        return false;
    }
    // A list of accounts is small; a huge file is a mistake, not something to load whole.
    if (size > kMaxFileBytes) {
        error = "the trusted-accounts file " + path + " is larger than " + std::to_string(kMaxFileBytes >> 20) + " MB";
        return false;
    }
    std::string text;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(f.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = "cannot read the trusted-accounts file " + path + ": " + std::strerror(errno);
            return false;
        }
        if (n == 0)
            break;
        text.append(buf, static_cast<size_t>(n));
        if (text.size() > static_cast<size_t>(kMaxFileBytes)) {  // it grew while we read it
            error = "the trusted-accounts file " + path + " is larger than " + std::to_string(kMaxFileBytes >> 20) + " MB";
            return false;
        }
    }
    out = fromText(text);
    return true;
}

} // namespace sharescope
