#include "candidate_events.h"

#include "detectors.h"
#include "kusto_value.h"
#include "rule0236.h"

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

} // namespace sharescope
