// sharescope-gui: the investigation window on the given paths. Started by
// `sharescope` (app/main.cpp), which answers --help, --version and the headless
// commands itself.
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>


int main(int argc, char **argv)
{
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

    sharescope::gui::MainWindow window;
    window.show();
    if (parser.isSet(sample))
        window.openSample();
    else if (!parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    return app.exec();
}
