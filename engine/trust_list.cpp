#include "trust_list.h"

#include <fstream>
#include <sstream>

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
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read the trusted-accounts file " + path;
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    out = fromText(text.str());
    return true;
}

} // namespace sharescope
