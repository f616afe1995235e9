#pragma once
// A file that shrinks while it is memory-mapped (log rotation by copytruncate, a
// sync tool rewriting it) turns reads past its new end into SIGBUS. This runs a
// read so that such a fault fails that read instead of killing the process.

#include <functional>

namespace sharescope {

// Runs `read`; returns false if it touched a mapped page that no longer exists.
// What `read` had allocated when the fault hit is not freed (the fault is rare);
// it must not hold locks while it reads mapped memory.
bool runGuardedAgainstTruncation(const std::function<void()> &read);

} // namespace sharescope
