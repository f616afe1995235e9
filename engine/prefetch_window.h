#pragma once
// Reading ahead on a spare core: another window's bytes (a plain file's read(), a
// gzip file's inflating) are produced on a thread of their own, a few chunks ahead of
// the reader, so that inflating one big file and looking at its records overlap.
// Memory stays bounded (kDepth chunks of kChunkBytes); errors arrive in order, after
// the bytes produced before them. Checks the source leaves (a gzip member's CRC-32)
// are done by the reader as it takes the bytes, off the producing thread. Each side wakes the other only when it waits, and a
// waiting reader only once kWakeAt chunks are ready: waking a thread on another core
// costs tens of microseconds (an interrupt between virtual CPUs), and per chunk that
// was a tenth of the inflating thread's time.

#include "input_window.h"
#include "member_check.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sharescope {

class PrefetchWindow : public InputWindow {
public:
    static constexpr size_t kChunkBytes = 512u << 10;
    static constexpr size_t kDepth = 8;
    static constexpr size_t kWakeAt = kDepth / 2;

    // Makes the source window with `makeSource` (given a buffer this window keeps for it;
    // the source is never start()ed) and produces its bytes on a thread. `buffer` and
    // `windowBytes` are this window's own, as for any window.
    using SourceMaker = std::function<std::unique_ptr<InputWindow>(WindowBuffer &sourceBuffer)>;
    PrefetchWindow(const SourceMaker &makeSource, WindowBuffer &buffer, size_t windowBytes);
    ~PrefetchWindow() override;  // stops and joins the thread
    uint64_t inputConsumed() const override { return m_consumed.load(std::memory_order_relaxed); }
    // Called, on the reader's thread, at each mark the source leaves (MemberChecker::onMark).
    void onMark(std::function<void(uint32_t crc, uint64_t size)> handler) { m_checker.onMark(std::move(handler)); }

private:
    size_t produce(char *out, size_t room) override;
    void run();  // the thread: fills chunks until the source ends or the window is destroyed

    struct Chunk {
        std::vector<char> bytes;
        size_t size = 0, taken = 0;
    };
    WindowBuffer m_sourceBuffer;  // before m_source, which holds it
    std::unique_ptr<InputWindow> m_source;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Chunk> m_ready;       // produced, not yet taken
    std::vector<Chunk> m_free;       // taken, for reuse
    bool m_sourceDone = false;       // the source produced its last byte
    std::string m_sourceError;       // why it ended early, if it did
    std::vector<MemberCheck> m_checks;  // left by the source, not yet taken by the reader
    MemberChecker m_checker;         // the reader's: checks the bytes it takes
    bool m_stop = false;
    bool m_readerWaits = false;      // the reader waits for kWakeAt chunks (or the end)
    bool m_producerWaits = false;    // the thread waits for room
    std::atomic<uint64_t> m_consumed{0};
    std::thread m_thread;
};

} // namespace sharescope
