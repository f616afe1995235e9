#pragma once
// A gzip file inflated a window at a time (zlib), for files too large to inflate
// whole: the reader sees a buffer, asks for more, and keeps only what it has not
// consumed, so memory stays bounded whatever the file's size.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sharescope {

class GzipWindow {
public:
    // `in` must stay valid while the window is used (the mapped compressed file).
    GzipWindow(const unsigned char *in, size_t inSize, size_t chunkBytes);
    ~GzipWindow();
    GzipWindow(const GzipWindow &) = delete;
    GzipWindow &operator=(const GzipWindow &) = delete;

    const char *data() const { return m_buffer.data(); }
    size_t size() const { return m_size; }
    uint64_t base() const { return m_base; }        // offset of data()[0] in the inflated stream
    bool atEnd() const { return m_finished; }        // nothing more will come
    size_t consumedInput() const { return m_consumed; }
    const std::string &error() const { return m_error; }

    // Drops the bytes before `keepFrom`, then inflates more after the rest. Returns
    // false when no byte was added (the end, or an error: see error()). A value that
    // outgrows kMaxValueBytes (a broken or hostile file) ends the stream with an error.
    bool advance(size_t keepFrom);
    static constexpr size_t kMaxValueBytes = 256u << 20;

private:
    bool fill();

    struct Inflater;
    std::unique_ptr<Inflater> m_z;
    const unsigned char *m_in;
    size_t m_inSize, m_consumed = 0;
    std::vector<char> m_buffer;
    size_t m_size = 0;
    uint64_t m_base = 0;
    bool m_finished = false;
    std::string m_error;
};

// Reads bytes [offset, offset + length) of the inflated stream of a gzip file, in bounded memory.
bool readGzipRange(const unsigned char *in, size_t inSize, uint64_t offset, uint64_t length, std::string &out, std::string &error);

} // namespace sharescope
