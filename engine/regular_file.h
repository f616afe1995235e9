#pragma once
// Opening a file that must be a plain regular file. A FIFO, socket or device named
// as a log (or as the trusted list) would block open() forever or never end;
// this opens without blocking, checks what was opened (not what the path was a
// moment before), and refuses anything else with a sentence naming what it is.

#include <sys/types.h>

#include <string>

namespace sharescope {

// Opens `path` read-only. Returns the descriptor (close-on-exec, blocking mode
// restored), or -1 with `error` set: "cannot open: <reason>" or "not a regular file (a FIFO)".
// `sizeOut`, when given, receives the file's size at the moment it was opened.
int openRegularFile(const std::string &path, std::string &error, off_t *sizeOut = nullptr);

// "a FIFO", "a socket", "a character device", ... for a stat() mode.
const char *fileKindName(mode_t mode);

// Closes a descriptor on scope exit.
struct FdCloser {
    int fd = -1;
    explicit FdCloser(int f) : fd(f) {}
    ~FdCloser();
    FdCloser(const FdCloser &) = delete;
    FdCloser &operator=(const FdCloser &) = delete;
};

} // namespace sharescope
