#include "gzip_handoff.h"

#include <zlib.h>

namespace sharescope {

void GzipHandoff::publishBlock(std::optional<uint64_t> bit)
{
    std::lock_guard guard(m_lock);
    m_blockSaid = true;
    m_block = bit;
    if (!bit)
        m_gaveUp = true;
    m_changed.notify_all();
}

std::optional<uint64_t> GzipHandoff::blockToWatch()
{
    std::unique_lock lock(m_lock);
    m_changed.wait(lock, [&] { return m_blockSaid || m_gaveUp; });
    return m_gaveUp ? std::nullopt : m_block;
}

std::optional<uint64_t> GzipHandoff::reachBlock(uint64_t inflated, const unsigned char *window, size_t windowSize)
{
    std::unique_lock lock(m_lock);
    m_reached = true;
    m_blockInflated = inflated;
    m_window.assign(window, window + windowSize);
    m_changed.notify_all();
    m_changed.wait(lock, [&] { return m_answered || m_gaveUp; });
    return m_gaveUp ? std::nullopt : m_exactStart;
}

void GzipHandoff::missBlock()
{
    std::lock_guard guard(m_lock);
    m_missed = true;
    m_changed.notify_all();
}

bool GzipHandoff::takeWindow(std::vector<unsigned char> &window, uint64_t &inflated, bool &gone)
{
    std::lock_guard guard(m_lock);
    gone = m_missed || (m_zeroGone && !m_reached);
    if (!m_reached)
        return false;
    window = m_window;
    inflated = m_blockInflated;
    return true;
}

bool GzipHandoff::waitForWindow(std::vector<unsigned char> &window, uint64_t &inflated)
{
    std::unique_lock lock(m_lock);
    m_changed.wait(lock, [&] { return m_reached || m_missed || m_zeroGone; });
    if (!m_reached)
        return false;
    window = m_window;
    inflated = m_blockInflated;
    return true;
}

void GzipHandoff::startExact(uint64_t exactStart)
{
    std::lock_guard guard(m_lock);
    m_exactStart = exactStart;
    m_answered = true;
    m_changed.notify_all();
}

void GzipHandoff::giveUp()
{
    std::lock_guard guard(m_lock);
    m_gaveUp = true;
    m_changed.notify_all();
}

void GzipHandoff::noteBefore(uint32_t crc, uint64_t size)
{
    std::lock_guard guard(m_lock);
    m_noted = true;
    m_crcBefore = crc;
    m_sizeBefore = size;
    m_changed.notify_all();
}

void GzipHandoff::partZeroGone()
{
    std::lock_guard guard(m_lock);
    m_zeroGone = true;
    m_changed.notify_all();
}

bool GzipHandoff::confirm(uint32_t crcAfter, uint64_t sizeAfter, uint32_t trailerCrc, uint32_t trailerSize)
{
    std::unique_lock lock(m_lock);
    m_changed.wait(lock, [&] { return m_noted || m_zeroGone; });
    if (!m_noted)
        return false;
    const uint32_t whole = static_cast<uint32_t>(
        crc32_combine(m_crcBefore, crcAfter, static_cast<z_off_t>(sizeAfter)));
    return whole == trailerCrc && static_cast<uint32_t>(m_sizeBefore + sizeAfter) == trailerSize;
}

} // namespace sharescope
