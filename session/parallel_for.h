#pragma once
// Splits [0, n) into contiguous ranges, one a core (up to 8), and runs body(begin, end,
// part) on each, the last range on the calling thread; returns when all are done.
// Below `minimumPerThread` items a range is not worth a thread: one call does it all.
// For passes over a million rows that are bound by memory, not by the work per row.

#include <QThread>

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace sharescope::session {

// How many ranges parallelFor will use for n items (for the caller's per-range results).
inline int parallelParts(size_t n, size_t minimumPerThread)
{
    const size_t most = minimumPerThread ? std::max<size_t>(1, n / minimumPerThread) : 1;
    return static_cast<int>(std::min<size_t>(most, static_cast<size_t>(std::clamp(QThread::idealThreadCount(), 1, 8))));
}

template <class Body>
void parallelFor(size_t n, size_t minimumPerThread, Body &&body)
{
    const int parts = parallelParts(n, minimumPerThread);
    auto bound = [n, parts](int part) { return n * static_cast<size_t>(part) / static_cast<size_t>(parts); };
    std::vector<std::thread> workers;
    for (int part = 0; part + 1 < parts; ++part)
        workers.emplace_back([&body, &bound, part] { body(bound(part), bound(part + 1), part); });
    body(bound(parts - 1), n, parts - 1);
    for (std::thread &t : workers)
        t.join();
}

} // namespace sharescope::session
