// sharescope-case: the headless commands that read a case file (Qt Core and Sql, no
// GUI library). Started by `sharescope report …` and `sharescope scan --case …` (app/main.cpp).
#include "case_report.h"
#include "scan_command.h"
#include "trust_list.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <cstring>
#include <iostream>

using namespace sharescope::session;

namespace {

int usage(const char *message)
{
    std::cerr << "sharescope report: " << message << "\nUsage: sharescope report CASE [--format html|md] [--output FILE]\n";
    return 2;
}

// The allow-list in force in the case, for `scan --case`: the engine's trust rule then
// decides, exactly as for --trusted. The case is let go of as soon as it is read.
bool readCaseTrust(const std::string &path, sharescope::TrustList &out, std::string &error)
{
    QString why;
    const QString casePath = QString::fromLocal8Bit(path.c_str());
    if (!QFileInfo::exists(casePath)) {
        error = "no case file " + path;
        return false;
    }
    std::unique_ptr<CaseFile> c = CaseFile::open(casePath, &why);
    if (!c) {
        error = "cannot read the case " + path + ": " + why.toStdString();
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const CaseAllowEntry &e : c->allowList()) {
        const std::optional<int64_t> expires = e.expires.isValid() ? std::optional<int64_t>(e.expires.toMSecsSinceEpoch()) : std::nullopt;
        if (sharescope::trustInForce(expires, now) && !e.value.isEmpty())
            out.add(e.value.toStdString());
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "scan") == 0)
        return sharescope::runScanCommand(argc - 1, argv + 1, &readCaseTrust);
    if (argc < 2 || std::strcmp(argv[1], "report") != 0)
        return usage("unknown command");
    QString casePath, output;
    ReportFormat format = ReportFormat::Html;
    for (int i = 2; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QLatin1String("--format") && i + 1 < argc) {
            const QString v = QString::fromLocal8Bit(argv[++i]);
            if (v == QLatin1String("html"))
                format = ReportFormat::Html;
            else if (v == QLatin1String("md") || v == QLatin1String("markdown"))
                format = ReportFormat::Markdown;
            else
                return usage("--format is html or md");
        } else if ((arg == QLatin1String("--output") || arg == QLatin1String("-o")) && i + 1 < argc) {
            output = QString::fromLocal8Bit(argv[++i]);
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            std::cout << "Usage: sharescope report CASE [--format html|md] [--output FILE]\n"
                         "Writes the case's findings, decisions, notes, allow-list and inputs as a report.\n";
            return 0;
        } else if (casePath.isEmpty() && !arg.startsWith(QLatin1Char('-'))) {
            casePath = arg;
        } else {
            return usage("unexpected argument");
        }
    }
    if (casePath.isEmpty())
        return usage("no CASE given");
    QString error;
    std::unique_ptr<CaseFile> c = CaseFile::open(casePath, &error);
    if (!c) {
        std::cerr << "sharescope: error: " << qPrintable(error) << '\n';
        return 3;
    }
    const QByteArray text = renderReport(*c, format).toUtf8();
    if (output.isEmpty()) {
        std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stdout);
        return 0;
    }
    QSaveFile out(output);
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit()) {
        std::cerr << "sharescope: error: cannot write " << qPrintable(output) << ": " << qPrintable(out.errorString()) << '\n';
        return 3;
    }
    return 0;
}
