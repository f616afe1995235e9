#include "pair_counts.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sharescope::session {

void radixSort(std::vector<quint64> &keys)
{
    std::vector<quint64> tmp(keys.size());
    for (int shift = 0; shift < 64; shift += 8) {
        std::array<size_t, 256> count{};
        for (quint64 k : keys)
            ++count[(k >> shift) & 0xff];
        if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == keys.size(); }))
            continue;
        size_t sum = 0;
        for (size_t &c : count)
            sum += std::exchange(c, sum);
        for (quint64 k : keys)
            tmp[count[(k >> shift) & 0xff]++] = k;
        keys.swap(tmp);
    }
}

std::vector<quint64> PairCounts::addAll(std::vector<quint64> &&pairs)
{
    std::vector<quint64> fresh;
    if (pairs.empty())
        return fresh;
    radixSort(pairs);
    // One merge of the sorted batch (repeats folded into counts) with what is there.
    std::vector<quint64> keys;
    std::vector<quint32> counts;
    keys.reserve(m_keys.size() + pairs.size());
    counts.reserve(m_keys.size() + pairs.size());
    size_t i = 0, j = 0;
    while (j < pairs.size()) {
        const quint64 k = pairs[j];
        quint32 n = 0;
        while (j < pairs.size() && pairs[j] == k) {
            ++n;
            ++j;
        }
        while (i < m_keys.size() && m_keys[i] < k) {
            keys.push_back(m_keys[i]);
            counts.push_back(m_counts[i++]);
        }
        quint32 before = 0;
        if (i < m_keys.size() && m_keys[i] == k)
            before = m_counts[i++];
        if (before == 0)
            fresh.push_back(k);
        keys.push_back(k);
        counts.push_back(before + n);
    }
    keys.insert(keys.end(), m_keys.begin() + static_cast<long>(i), m_keys.end());
    counts.insert(counts.end(), m_counts.begin() + static_cast<long>(i), m_counts.end());
    m_keys.swap(keys);
    m_counts.swap(counts);
    return fresh;
}

quint32 PairCounts::add(quint64 key, int delta)
{
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
    const size_t i = static_cast<size_t>(it - m_keys.begin());
    if (it == m_keys.end() || *it != key) {
        m_keys.insert(it, key);
        m_counts.insert(m_counts.begin() + static_cast<long>(i), 0);
    }
    m_counts[i] = static_cast<quint32>(static_cast<qint64>(m_counts[i]) + delta);
    return m_counts[i];
}

quint32 PairCounts::count(quint64 key) const
{
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
    return it != m_keys.end() && *it == key ? m_counts[static_cast<size_t>(it - m_keys.begin())] : 0;
}

std::pair<size_t, size_t> PairCounts::rangeOf(quint32 group) const
{
    const auto first = std::lower_bound(m_keys.begin(), m_keys.end(), keyOf(group, 0));
    const auto last = std::lower_bound(first, m_keys.end(), keyOf(group + 1, 0));
    return {static_cast<size_t>(first - m_keys.begin()), static_cast<size_t>(last - m_keys.begin())};
}

void PairCounts::clear()
{
    m_keys = {};
    m_counts = {};
}

} // namespace sharescope::session
