#include "file_data.h"

#include "gzip_stream.h"
#include "mapped_guard.h"
#include "regular_file.h"

#include <libdeflate.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sharescope {

namespace {
constexpr size_t kReleaseStep = 32u << 20;

struct Fd {
    int fd;
    ~Fd() { if (fd >= 0) ::close(fd); }
};
} // namespace

FileData::FileData() = default;

FileData::~FileData()
{
    release();
    if (m_decompressor)
        libdeflate_free_decompressor(m_decompressor);
}

void FileData::release()
{
    if (m_map)
        ::munmap(m_map, m_mapSize);
    m_map = nullptr;
    m_mapSize = 0;
    m_data = nullptr;
    m_size = 0;
    m_released = 0;
    m_gzip = false;
    m_streaming = false;
    if (m_buffer.size() > (64u << 20))
        std::vector<char>().swap(m_buffer);  // one huge file should not pin its buffer for the rest of the scan
}

bool FileData::load(const std::string &path, uint64_t streamAbove)
{
    release();
    m_error.clear();
    off_t size = 0;
    Fd f{openRegularFile(path, m_error, &size)};
    if (f.fd < 0)
        return false;
    m_fileSize = static_cast<uint64_t>(size);
    if (m_fileSize == 0) {
        m_data = "";
        return true;
    }
    // MAP_POPULATE maps every cached page in one go instead of one fault per page;
    // huge files are faulted in as we go so that they never sit whole in our RSS.
    const int populate = m_fileSize <= kReleaseStep ? MAP_POPULATE : 0;
    void *map = ::mmap(nullptr, m_fileSize, PROT_READ, MAP_PRIVATE | populate, f.fd, 0);
    if (map == MAP_FAILED) {
        m_error = std::string("cannot read: ") + std::strerror(errno);
        return false;
    }
    m_map = map;
    m_mapSize = m_fileSize;
    ::madvise(map, m_mapSize, MADV_SEQUENTIAL);
    const auto *bytes = static_cast<const unsigned char *>(map);
    if (m_fileSize >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
        m_gzip = true;
        // The trailer's size is mod 2^32, so a big compressed file streams whatever it claims.
        uint32_t isize = 0;
        if (m_fileSize >= 18)
            std::memcpy(&isize, bytes + m_fileSize - 4, 4);
        Inflated result = Inflated::TooBig;
        if (isize <= streamAbove && m_fileSize <= streamAbove / 8)
            result = inflate(bytes, m_fileSize, streamAbove);
        if (result == Inflated::TooBig) {  // claims to be small but is not (or says it is big): stream it
            m_streaming = true;
            m_size = m_fileSize;
            return true;
        }
        ::munmap(m_map, m_mapSize);
        m_map = nullptr;
        m_mapSize = 0;
        return result == Inflated::Done;
    }
    m_data = static_cast<const char *>(map);
    m_size = m_fileSize;
    return true;
}

FileData::Inflated FileData::inflate(const unsigned char *in, size_t inSize, uint64_t limit)
{
    if (!m_decompressor)
        m_decompressor = libdeflate_alloc_decompressor();
    if (inSize < 18) {
        m_error = "gzip file is truncated (shorter than a gzip header and trailer)";
        return Inflated::Failed;
    }
    // The trailer holds the size mod 2^32 of the last member: a first guess, grown if wrong.
    uint32_t isize;
    std::memcpy(&isize, in + inSize - 4, 4);
    size_t capacity = std::max<size_t>(isize, inSize * 4) + 64;
    size_t produced = 0;
    size_t consumed = 0;
    while (consumed < inSize) {
        if (m_buffer.size() < capacity)
            m_buffer.resize(capacity);
        size_t inUsed = 0, outUsed = 0;
        libdeflate_result r = libdeflate_gzip_decompress_ex(m_decompressor, in + consumed, inSize - consumed,
                                                            m_buffer.data() + produced, m_buffer.size() - produced,
                                                            &inUsed, &outUsed);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
            // Bigger than its trailer said: past the limit it is streamed instead (bounded memory).
            if (capacity * 2 > limit)
                return Inflated::TooBig;
            capacity *= 2;
            continue;
        }
        if (r != LIBDEFLATE_SUCCESS) {
            m_error = consumed == 0 ? "gzip data is truncated or corrupt (could not inflate)"
                                    : "gzip data after byte " + std::to_string(consumed) + " is truncated or corrupt";
            return Inflated::Failed;
        }
        consumed += inUsed;
        produced += outUsed;
        // Concatenated members are legal gzip; trailing zero padding is common and ignored.
        while (consumed < inSize && in[consumed] == 0)
            ++consumed;
        if (consumed < inSize && (inSize - consumed < 2 || in[consumed] != 0x1f || in[consumed + 1] != 0x8b)) {
            m_error = "unexpected data after the gzip stream at byte " + std::to_string(consumed);
            return Inflated::Failed;
        }
        capacity = std::max(capacity, produced + 64 + (inSize - consumed) * 4);
    }
    m_data = m_buffer.data();
    m_size = produced;
    return Inflated::Done;
}

void FileData::releaseBefore(size_t offset)
{
    if (!m_map || offset < m_released + kReleaseStep)
        return;
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t upTo = offset / page * page;
    ::madvise(static_cast<char *>(m_map) + m_released, upTo - m_released, MADV_DONTNEED);
    m_released = upTo;
}

bool readFileRange(const std::string &path, uint64_t offset, uint64_t length, std::string &out, std::string &error)
{
    FileData file;
    if (!file.load(path)) {
        error = file.error();
        return false;
    }
    if (file.streaming())
        return readGzipRange(file.compressed(), file.fileSize(), offset, length, out, error);
    if (offset > file.size() || length > file.size() - offset) {
        error = "the file changed since it was scanned";
        return false;
    }
    if (!runGuardedAgainstTruncation([&] { out.assign(file.data() + offset, length); })) {
        error = "the file shrank since it was scanned";
        return false;
    }
    return true;
}

} // namespace sharescope
