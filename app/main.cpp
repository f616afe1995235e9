// sharescope: `sharescope scan …` runs headless on the engine alone (no display,
// no QApplication); anything else opens the investigation window on the given paths.
#include "main_window.h"
#include "scan_command.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstring>
#include <iostream>

int main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "scan") == 0)
        return sharescope::runScanCommand(argc - 1, argv + 1);

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
                         "Headless scan (no display needed): sharescope scan --help\n";
            return 0;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ShareScope"));
    QApplication::setOrganizationName(QStringLiteral("ShareScope"));
    QApplication::setApplicationVersion(QStringLiteral(SHARESCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sharescope.ShareScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sharescope.svg")));

    QCommandLineParser parser;
    QCommandLineOption sample(QStringLiteral("sample"), QStringLiteral("Open the bundled sample logs."));
    parser.addOption(sample);
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Log files or folders to open."), QStringLiteral("[PATH...]"));
    parser.process(app);

    sharescope::ui::MainWindow window;
    window.show();
    if (parser.isSet(sample))
        window.openSample();
    else if (!parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    return app.exec();
}
