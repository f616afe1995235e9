#include "candidate_events.h"

#include "detectors.h"
#include "kusto_value.h"
#include "rule0236.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace sharescope {

namespace {

bool covers(const EventNamePattern &p, std::string_view name)
{
    return p.prefix ? kusto::startsWithNoCase(name, p.name) : kusto::equalsNoCase(name, p.name);
}

void add(std::vector<EventNamePattern> &out, EventNamePattern p)
{
    for (EventNamePattern &q : out) {
        if (covers(q, p.name) && (q.prefix || !p.prefix))
            return;  // already read
        if (p.prefix && covers(p, q.name))
            q = p;   // the prefix replaces an exact name it covers (it may then appear twice: harmless)
    }
    out.push_back(p);
}

std::vector<EventNamePattern> build(bool sentinel)
{
    std::vector<EventNamePattern> out;
    for (const EventNamePattern &p : Rule0236::eventNames())
        add(out, p);
    if (!sentinel)
        for (const DetectorEntry &d : detectorEntries())
            add(out, {d.eventName, d.prefix});
    // A prefix that replaced several exact names leaves copies: keep the first.
    std::vector<EventNamePattern> unique;
    for (const EventNamePattern &p : out) {
        bool seen = false;
        for (const EventNamePattern &q : unique)
            seen = seen || (q.prefix == p.prefix && kusto::equalsNoCase(q.name, p.name));
        if (!seen)
            unique.push_back(p);
    }
    return unique;
}

} // namespace

std::span<const EventNamePattern> candidateEventNames(bool sentinel)
{
    static const std::vector<EventNamePattern> rule0236 = build(true);
    static const std::vector<EventNamePattern> extended = build(false);
    return sentinel ? rule0236 : extended;
}

bool matchesCandidate(std::span<const EventNamePattern> patterns, std::string_view lower)
{
    for (const EventNamePattern &p : patterns)
        if (covers(p, lower))
            return true;
    return false;
}

namespace {

// The list as a hash set of lower-cased exact names and the few prefixes: the prefilter
// asks for every record, and a walk of the whole list was a tenth of a plain scan.
class CandidateSet {
public:
    explicit CandidateSet(std::span<const EventNamePattern> patterns)
    {
        for (const EventNamePattern &p : patterns) {
            std::string lower(p.name);
            for (char &c : lower)
                c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            if (p.prefix)
                m_prefixes.push_back(std::move(lower));
            else
                m_exact.insert(std::move(lower));
        }
    }
    bool contains(std::string_view lower) const
    {
        if (m_exact.count(lower))
            return true;
        for (const std::string &p : m_prefixes)
            if (lower.substr(0, p.size()) == p)
                return true;
        return false;
    }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_set<std::string, Hash, std::equal_to<>> m_exact;
    std::vector<std::string> m_prefixes;
};

} // namespace

bool isCandidateName(bool sentinel, std::string_view lower)
{
    static const CandidateSet rule0236(candidateEventNames(true));
    static const CandidateSet extended(candidateEventNames(false));
    return (sentinel ? rule0236 : extended).contains(lower);
}

} // namespace sharescope
