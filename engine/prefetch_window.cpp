#include "prefetch_window.h"

#include <algorithm>
#include <cstring>

namespace sharescope {

PrefetchWindow::PrefetchWindow(const SourceMaker &makeSource, WindowBuffer &buffer, size_t windowBytes)
    : InputWindow(buffer, windowBytes), m_source(makeSource(m_sourceBuffer))
{
    m_thread = std::thread([this] { run(); });
}

PrefetchWindow::~PrefetchWindow()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void PrefetchWindow::run()
{
    for (;;) {
        Chunk chunk;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [this] { return m_stop || m_ready.size() < kDepth; });
            if (m_stop)
                return;
            if (!m_free.empty()) {
                chunk = std::move(m_free.back());
                m_free.pop_back();
            }
        }
        chunk.bytes.resize(kChunkBytes);
        chunk.size = chunk.taken = 0;
        // The source is only ever touched on this thread.
        while (chunk.size < kChunkBytes) {
            const size_t n = m_source->produce(chunk.bytes.data() + chunk.size, kChunkBytes - chunk.size);
            if (n == 0)
                break;
            chunk.size += n;
        }
        m_consumed.store(m_source->inputConsumed(), std::memory_order_relaxed);
        const bool ended = chunk.size < kChunkBytes;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (chunk.size)
                m_ready.push_back(std::move(chunk));
            if (ended) {
                m_sourceDone = true;
                m_sourceError = m_source->error();
            }
        }
        m_changed.notify_all();
        if (ended)
            return;
    }
}

size_t PrefetchWindow::produce(char *out, size_t room)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_ready.empty() || m_sourceDone; });
    if (m_ready.empty()) {
        // Everything produced before the end or the error has been taken.
        if (!m_sourceError.empty()) {
            const std::string error = m_sourceError;
            lock.unlock();
            fail(error);
        }
        return 0;
    }
    Chunk &front = m_ready.front();
    const size_t n = std::min(room, front.size - front.taken);
    std::memcpy(out, front.bytes.data() + front.taken, n);
    front.taken += n;
    if (front.taken == front.size) {
        m_free.push_back(std::move(front));
        m_ready.pop_front();
        lock.unlock();
        m_changed.notify_all();
    }
    return n;
}

} // namespace sharescope
