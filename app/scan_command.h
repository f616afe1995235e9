#pragma once
// `sharescope scan …`: the headless command line, on the engine alone (no display needed).

namespace sharescope {

// Returns the process exit status: 0 all inputs read, 3 some input failed, 2 usage error.
int runScanCommand(int argc, char **argv);

void printUsage();

} // namespace sharescope
