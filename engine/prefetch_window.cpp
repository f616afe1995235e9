#include "prefetch_window.h"

#include <algorithm>
#include <cstring>

namespace sharescope {

PrefetchWindow::PrefetchWindow(const SourceMaker &makeSource, WindowBuffer &buffer, size_t windowBytes)
    : InputWindow(buffer, windowBytes), m_source(makeSource(m_sourceBuffer))
{
    startAt(m_source->base());  // a source that starts later in its file (GzipPartWindow) is seen there
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
            if (!m_stop && m_ready.size() >= kDepth) {
                m_producerWaits = true;
                m_changed.wait(lock, [this] { return m_stop || m_ready.size() < kDepth; });
                m_producerWaits = false;
            }
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
        // An error ends the source after the bytes before it, as it ends a window read directly.
        while (chunk.size < kChunkBytes && m_source->error().empty()) {
            const size_t n = m_source->produce(chunk.bytes.data() + chunk.size, kChunkBytes - chunk.size);
            if (n == 0)
                break;
            chunk.size += n;
        }
        m_consumed.store(m_source->inputConsumed(), std::memory_order_relaxed);
        const bool ended = chunk.size < kChunkBytes || !m_source->error().empty();
        std::vector<MemberCheck> checks;
        m_source->takeMemberChecks(checks);  // of members that end in this chunk or before
        bool wake = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (chunk.size)
                m_ready.push_back(std::move(chunk));
            m_checks.insert(m_checks.end(), checks.begin(), checks.end());
            if (ended) {
                m_sourceDone = true;
                m_sourceError = m_source->error();
            }
            wake = m_readerWaits && (ended || m_ready.size() >= kWakeAt);
        }
        if (wake)
            m_changed.notify_all();
        if (ended)
            return;
    }
}

size_t PrefetchWindow::produce(char *out, size_t room)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_ready.empty() && !m_sourceDone) {
        m_readerWaits = true;
        m_changed.wait(lock, [this] { return m_ready.size() >= kWakeAt || m_sourceDone || m_stop; });
        m_readerWaits = false;
    }
    for (const MemberCheck &check : m_checks)
        m_checker.expect(check);
    m_checks.clear();
    if (m_ready.empty()) {
        // Everything produced before the end or the error has been taken.
        std::string error = m_sourceError;
        lock.unlock();
        m_checker.take(nullptr, 0);  // members that end where the stream does
        if (!m_checker.error().empty())
            error = m_checker.error();
        if (!error.empty())
            fail(error);
        return 0;
    }
    // The front chunk is the reader's alone (the thread only appends, which moves no chunk):
    // it is copied and checked without the lock, which the thread may want meanwhile.
    Chunk &front = m_ready.front();
    lock.unlock();
    size_t n = std::min(room, front.size - front.taken);
    std::memcpy(out, front.bytes.data() + front.taken, n);
    front.taken += n;
    n = m_checker.take(out, n);
    if (!m_checker.error().empty()) {
        // The bytes up to the bad member's end count, as when the inflating thread checks.
        fail(m_checker.error());
        return n;
    }
    if (front.taken == front.size) {
        lock.lock();
        m_free.push_back(std::move(front));
        m_ready.pop_front();
        const bool wake = m_producerWaits;
        lock.unlock();
        if (wake)
            m_changed.notify_all();
    }
    return n;
}

} // namespace sharescope
