#pragma once
// Starts a helper program in place of this process: sharescope-gui for the window,
// sharescope-case for the commands on case files. So `sharescope` with no command
// opens the window, while `sharescope scan` never loads a Qt library.

namespace sharescope {

// Replaces the process with the helper program `name` (sharescope-gui, sharescope-case), passing argv on. Looks beside this
// executable first (a build tree), then in the installed libexec folder. Returns
// only on failure, with a message printed; the result is the exit status.
int execHelper(const char *name, int argc, char **argv);

} // namespace sharescope
