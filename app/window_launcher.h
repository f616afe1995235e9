#pragma once
// Starts the window program (sharescope-gui) in place of this process, so that
// `sharescope` with no command opens the window while `sharescope scan` never
// loads a GUI library.

namespace sharescope {

// Replaces the process with sharescope-gui, passing argv on. Looks beside this
// executable first (a build tree), then in the installed libexec folder. Returns
// only on failure, with a message printed; the result is the exit status.
int execWindow(int argc, char **argv);

} // namespace sharescope
