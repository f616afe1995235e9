#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <vector>

namespace sharescope {

// A streambuf that writes 64 KB at a time to a descriptor and remembers the first error
// (errno), so that a full disk fails the commit instead of publishing a short file.
class OutputFile::FdBuffer : public std::streambuf {
public:
    explicit FdBuffer(int fd) : m_fd(fd), m_bytes(64 * 1024)
    {
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
    }
    int error() const { return m_error; }

protected:
    int_type overflow(int_type c) override
    {
        if (!drain())
            return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain()
    {
        const char *p = pbase();
        size_t left = static_cast<size_t>(pptr() - pbase());
        while (left > 0 && m_error == 0) {
            const ssize_t n = ::write(m_fd, p, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                m_error = n < 0 ? errno : EIO;
                break;
            }
            p += n;
            left -= static_cast<size_t>(n);
        }
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
        return m_error == 0;
    }

    int m_fd;
    int m_error = 0;
    std::vector<char> m_bytes;
};

OutputFile::OutputFile() = default;

OutputFile::~OutputFile()
{
    m_stream.reset();
    m_buffer.reset();
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_temp.empty())
        ::unlink(m_temp.c_str());
}

bool OutputFile::open(const std::string &path, std::string &error)
{
    m_path = path;
    auto fail = [&] {
        error = "cannot write " + path + ": " + std::strerror(errno);
        return false;
    };
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            error = "cannot write " + path + ": it is a folder";
            return false;
        }
        m_fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (m_fd < 0)
            return fail();
    } else {
        const std::filesystem::path target(path);
        const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
        std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
        m_fd = ::mkstemp(temp.data());
        if (m_fd < 0)
            return fail();
        m_temp = std::move(temp);
        // mkstemp makes the file private (0600); the output gets the mode any new file would.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(m_fd, 0666 & ~mask);
    }
    m_buffer = std::make_unique<FdBuffer>(m_fd);
    m_stream = std::make_unique<std::ostream>(m_buffer.get());
    return true;
}

std::ostream &OutputFile::stream()
{
    return *m_stream;
}

bool OutputFile::commit(std::string &error)
{
    m_stream->flush();
    int failure = m_buffer->error();
    if (!failure && !m_temp.empty() && ::fsync(m_fd) != 0)
        failure = errno;
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0 && !failure)
        failure = errno;
    if (!failure && !m_temp.empty()) {
        if (::rename(m_temp.c_str(), m_path.c_str()) != 0)
            failure = errno;
        else
            m_temp.clear();  // published: nothing left to remove
    }
    if (failure)
        error = "cannot write " + m_path + ": " + std::strerror(failure);
    return failure == 0;
}

} // namespace sharescope
