#pragma once
// A log file's bytes seen through a bounded window: the reader looks at data(),
// says which bytes it still needs, and the window drops the others and reads
// more. Nothing is memory-mapped, so a file that shrinks while it is read gives
// a short read (an error for that file), never a fault. Plain files and gzip
// streams (gzip_window.h) differ only in how they produce bytes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sharescope {

// A check a source leaves to the thread that takes its bytes (PrefetchWindow, member_check.h):
// the gzip member whose inflated bytes end at byte `end` of the stream must have the CRC-32
// `crc` and the size `size` (mod 2^32) that its trailer states. `compressedEnd`: where its
// trailer ends in the file, for the message. A `mark` checks nothing: the taker notes the
// CRC-32 and size of the member's bytes before `end` (gzip_handoff.h).
struct MemberCheck {
    uint64_t end = 0;
    uint32_t crc = 0;
    uint32_t size = 0;
    uint64_t compressedEnd = 0;
    bool mark = false;
};

// The bytes a window holds, kept by a worker from file to file. Plain new[] rather
// than a vector: growing it touches only the bytes copied and read, not a zero fill
// of the whole new size, so the memory in use stays close to what is held.
struct WindowBuffer {
    std::unique_ptr<char[]> bytes;
    size_t capacity = 0;
    // Makes room for at least `n` bytes, keeping the first `keep`.
    void grow(size_t n, size_t keep);
    void release() { bytes.reset(); capacity = 0; }
};

class InputWindow {
public:
    // `buffer` is borrowed (a worker reuses it from file to file); the window keeps
    // at most `windowBytes` in it, or more while one value needs it (kMaxValueBytes).
    InputWindow(WindowBuffer &buffer, size_t windowBytes);
    virtual ~InputWindow() = default;
    InputWindow(const InputWindow &) = delete;
    InputWindow &operator=(const InputWindow &) = delete;

    const char *data() const { return m_buffer.bytes.get(); }
    size_t size() const { return m_size; }
    uint64_t base() const { return m_base; }      // offset of data()[0] in the file's (inflated) bytes
    bool atEnd() const { return m_finished; }      // nothing more will come
    const std::string &error() const { return m_error; }
    // Bytes of the file on disk consumed so far (for progress).
    virtual uint64_t inputConsumed() const = 0;
    // Moves the checks this window has left to its taker so far into `into` (most windows leave none).
    virtual void takeMemberChecks(std::vector<MemberCheck> &into) { (void)into; }

    // Reads the first window; call once before data(). Returns false when nothing was read.
    bool start() { return fill(); }
    // Drops the bytes before `keepFrom`, then reads more after the rest. Returns false
    // when no byte was added (the end, or an error: see error()). A value that outgrows
    // kMaxValueBytes (a broken or hostile file) ends the window with an error, so memory
    // stays bounded whatever the input.
    bool advance(size_t keepFrom);
    static constexpr size_t kMaxValueBytes = 16u << 20;

protected:
    friend class PrefetchWindow;  // runs another window's produce() on its own thread
    friend class GzipPartWindow;  // reads on through the members after its first with a GzipWindow

    // Writes up to `room` bytes at `out` and returns how many; at the end of the input
    // (or on an error, after fail()) returns 0.
    virtual size_t produce(char *out, size_t room) = 0;
    void fail(std::string message);
    // Before start(): the first byte produced is byte `offset` of the file.
    void startAt(uint64_t offset) { m_base = offset; }

private:
    bool fill();

    WindowBuffer &m_buffer;
    size_t m_capacity;
    size_t m_size = 0;
    uint64_t m_base = 0;
    bool m_finished = false;
    std::string m_error;
};

} // namespace sharescope
