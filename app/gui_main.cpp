// sharescope-gui: the investigation window on the given paths. Started by
// `sharescope` (app/main.cpp), which answers --help, --version and the headless
// commands itself.
#include "main_window.h"

#include "alert_model.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSqlDatabase>
#include <QTextStream>


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
    // For the package check (packaging/test_deb.sh): open the paths, print how many alerts the
    // window shows once the scan ends, and quit; fails when the case file's SQLite driver is missing.
    QCommandLineOption smoke(QStringLiteral("smoke-test"), QStringLiteral("Print the alert count after the scan, then quit."));
    smoke.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(smoke);
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Log files or folders to open."), QStringLiteral("[PATH...]"));
    parser.process(app);

    sharescope::gui::MainWindow window;
    window.show();
    if (parser.isSet(smoke)) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
            QTextStream(stderr) << "sharescope-gui: the Qt SQLite driver is missing (libqt6sql6-sqlite)\n";
            return 1;
        }
        QObject::connect(&window, &sharescope::gui::MainWindow::scanFinished, &app, [&window] {
            QTextStream(stdout) << "alerts: " << window.alertModel()->rowCount() << '\n';
            QApplication::exit(window.alertModel()->rowCount() > 0 ? 0 : 1);
        });
    }
    if (parser.isSet(sample))
        window.openSample();
    else if (!parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    return app.exec();
}
