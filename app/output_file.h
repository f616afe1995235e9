#pragma once
// `--output FILE`, written as a stream and published atomically: the text goes through
// a small buffer into a temporary file beside the target, which is renamed over it
// only when all of it is written and synced. A reader never sees half a file, and
// the output is never held whole in memory, however many alerts it has.

#include <memory>
#include <ostream>
#include <string>

namespace sharescope {

class OutputFile {
public:
    OutputFile();
    ~OutputFile();  // removes the temporary file unless commit() succeeded
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    // Opens the way to `path`. A regular file (or none yet) is written through a
    // temporary file created exclusively in the same folder (mkstemp: a symlink planted
    // there is never followed); a device or FIFO (/dev/null, a pipe) is written in place,
    // because renaming over it would replace the node itself. A folder is refused.
    // Returns false with `error` set when nothing can be written.
    bool open(const std::string &path, std::string &error);

    // Where the text goes; valid after open() succeeded.
    std::ostream &stream();

    // Flushes, syncs and renames the temporary file over the target. Returns false with
    // `error` set when any write failed; the target is then left as it was.
    bool commit(std::string &error);

private:
    class FdBuffer;
    std::string m_path;
    std::string m_temp;  // empty when written in place
    int m_fd = -1;
    std::unique_ptr<FdBuffer> m_buffer;
    std::unique_ptr<std::ostream> m_stream;
};

} // namespace sharescope
