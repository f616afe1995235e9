#pragma once
// The bytes of one log file: memory-mapped when plain, inflated with libdeflate
// into a buffer that is reused from file to file when gzipped (detected by its
// magic bytes, not its name).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct libdeflate_decompressor;

namespace sharescope {

class FileData {
public:
    FileData();
    ~FileData();
    FileData(const FileData &) = delete;
    FileData &operator=(const FileData &) = delete;

    // Loads `path`; on failure returns false and sets error() to a sentence for the user.
    // A gzip file whose inflated size would pass `streamAbove` bytes is not inflated:
    // it is left mapped for a GzipWindow (streaming() is true).
    bool load(const std::string &path, uint64_t streamAbove = kDefaultStreamAbove);
    static constexpr uint64_t kDefaultStreamAbove = 256u << 20;

    bool streaming() const { return m_streaming; }
    const unsigned char *compressed() const { return static_cast<const unsigned char *>(m_map); }
    void release();

    const char *data() const { return m_data; }
    size_t size() const { return m_size; }
    uint64_t fileSize() const { return m_fileSize; }  // bytes on disk
    const std::string &error() const { return m_error; }

    // Lets the kernel drop mapped pages below `offset` from our resident set, so a
    // huge plain file does not pile up in RSS as it is scanned (the page cache keeps them).
    void releaseBefore(size_t offset);

private:
    enum class Inflated { Done, Failed, TooBig };
    Inflated inflate(const unsigned char *in, size_t inSize, uint64_t limit);

    const char *m_data = nullptr;
    size_t m_size = 0;
    uint64_t m_fileSize = 0;
    bool m_gzip = false;
    bool m_streaming = false;
    void *m_map = nullptr;
    size_t m_mapSize = 0;
    size_t m_released = 0;
    std::vector<char> m_buffer;  // inflated data, kept across files
    libdeflate_decompressor *m_decompressor = nullptr;
    std::string m_error;
};

// Reads one event's bytes back from its file (inflating it if needed).
bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error);

} // namespace sharescope
