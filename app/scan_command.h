#pragma once
// `sharescope scan …`: the headless command line, on the engine alone (no display needed);
// with --case, run by sharescope-case (Qt Core and Sql) to read the case's allow-list.

#include <string>

namespace sharescope {

class TrustList;

// Adds the allow-list in force in the case file at `casePath` to `out`; false with `error`
// when it cannot be read (missing, not a case, damaged). Case files are Qt Sql: only
// sharescope-case (app/case_main.cpp) has a reader, so `sharescope scan` itself stays free of Qt.
using CaseTrustReader = bool (*)(const std::string &casePath, TrustList &out, std::string &error);

// Returns the process exit status: 0 all inputs read, 3 some input failed, 2 usage error
// (a --case that cannot be read is one). `readCase` null: --case is refused.
int runScanCommand(int argc, char **argv, CaseTrustReader readCase = nullptr);

// Whether the scan's arguments (after "scan") name a case (--case): main() then hands the
// command to sharescope-case, which can read one.
bool scanNeedsCase(int argc, char **argv);

void printUsage();

} // namespace sharescope
