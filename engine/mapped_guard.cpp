#include "mapped_guard.h"

#include <csetjmp>
#include <csignal>
#include <mutex>

namespace sharescope {

namespace {

thread_local sigjmp_buf *t_guard = nullptr;

void onBusError(int sig, siginfo_t *, void *)
{
    if (t_guard)
        siglongjmp(*t_guard, 1);
    // Not ours: the default action, as if we had never been here.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void installOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_sigaction = onBusError;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, nullptr);
    });
}

} // namespace

bool runGuardedAgainstTruncation(const std::function<void()> &read)
{
    installOnce();
    sigjmp_buf jump;
    sigjmp_buf *outer = t_guard;
    if (sigsetjmp(jump, 1) != 0) {
        t_guard = outer;
        return false;
    }
    t_guard = &jump;
    read();
    t_guard = outer;
    return true;
}

} // namespace sharescope
