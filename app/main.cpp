// sharescope: the command line. `sharescope scan …` runs headless on the engine
// alone; anything else starts the investigation window (sharescope-gui) on the
// given paths; `sharescope query` prints a data-lake query; `report` and `scan --case` read a
// case file in sharescope-case. This executable links no Qt library at all.
#include "query_command.h"
#include "scan_command.h"
#include "helper_launcher.h"

#include <cstring>
#include <iostream>

int main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "scan") == 0) {
        // A case's allow-list is read with Qt Sql: that scan runs in the case program.
        if (sharescope::scanNeedsCase(argc - 1, argv + 1))
            return sharescope::execHelper("sharescope-case", argc, argv);
        return sharescope::runScanCommand(argc - 1, argv + 1);
    }
    if (argc >= 2 && std::strcmp(argv[1], "query") == 0)
        return sharescope::runQueryCommand(argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "report") == 0)  // reads a case file: Qt Sql, in its own program
        return sharescope::execHelper("sharescope-case", argc, argv);

    // --version and --help answer without a display, like `scan`.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::cout << "sharescope " << SHARESCOPE_VERSION << '\n';
            return 0;
        }
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << "Usage: sharescope [--sample] [PATH...]\n"
                         "Opens the ShareScope window on CloudTrail logs (files or folders).\n\n"
                         "  --sample     open the bundled sample logs\n"
                         "  --version    show the version\n\n"
                         "Headless (no display needed): sharescope scan --help\n"
                         "                               sharescope query --help\n"
                         "                               sharescope report CASE [--format html|md] [--output FILE]\n"
                         "                               sharescope scan --case CASE PATH... (the case's allow-list)\n";
            return 0;
        }
    }
    return sharescope::execHelper("sharescope-gui", argc, argv);
}
