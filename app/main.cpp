// sharescope: `sharescope scan …` runs headless on the engine alone; the window comes later.
#include "scan_command.h"

#include <cstring>
#include <iostream>

int main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "scan") == 0)
        return sharescope::runScanCommand(argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
        std::cout << "sharescope " << SHARESCOPE_VERSION << '\n';
        return 0;
    }
    if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        sharescope::printUsage(false);
        return 0;
    }
    sharescope::printUsage(true);
    return 2;
}
