#include "scan_command.h"

#include "alert_format.h"
#include "output_file.h"
#include "log_sources.h"
#include "scanner.h"
#include "time_range.h"
#include "trust_list.h"
#include "use_index.h"

#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace sharescope {

namespace {

constexpr const char *kUsage = R"(Usage: sharescope scan [options] PATH...
Find AWS resources shared with accounts outside your trust in CloudTrail logs.

PATH may be files or folders (read recursively). Recognised by content:
CloudTrail delivery files ({"Records": [...]}, plain or gzip), JSON arrays of
events, JSON lines, single events, EventBridge envelopes, `aws cloudtrail
lookup-events` output, JSON and CSV exports of Sentinel's AWSCloudTrail table,
and what `sharescope query` makes a data lake return (Athena UNLOAD JSON lines
and CSV, Security Lake OCSF records, CloudTrail Lake result rows).
Digest and Insights files are skipped. In folders, files are read when named
like logs (*.json, *.gz, *.jsonl, *.ndjson, *.log, or no extension); the others,
and hidden files, are passed over and named. A file given as PATH is always read.

A Sentinel CSV export's locale dates (04/05/2025) are read day- or month-first
as the file's other dates show; when none does, day-first, and a warning says so.

Options:
  --from TIME            only events at or after TIME
  --to TIME              only events at or before TIME. TIME is a UTC date, 2025-04-30
                         (a whole day: --to 2025-04-30 includes all of the 30th), or an
                         ISO 8601 time with its zone, 2025-04-30T12:00:00Z. Events outside
                         are dropped before detection. CloudTrail files whose S3 key
                         (.../CloudTrail/REGION/YYYY/MM/DD/..._YYYYMMDDTHHmmZ_...) says they
                         were delivered more than 15 minutes before --from, or more than
                         24 hours after --to, are skipped unread (CloudTrail delivers a
                         file after its events, usually within minutes); a file whose path
                         has no date is read
  --mode MODE            extended (default): every way a resource leaves your trust,
                         each alert saying whether rule 0236 raises it too;
                         sentinel: rule 0236 exactly as Microsoft Sentinel evaluates it
  --trusted FILE         trusted accounts, one per line; '#' comments allowed
  --case CASE            trust what the allow-list of the ShareScope case file CASE trusts
                         (its entries in force: expired ones trust nothing); with --trusted
                         too, both apply (a value on either list is trusted)
  --format FORMAT        jsonl, csv or table (default: table on a terminal, else jsonl)
  --output FILE          write the alerts to FILE instead of standard output
  --threads N            worker threads (default: one per core)
  --quiet                no summary and no list of skipped or passed-over files on standard error
                         (errors and warnings are still printed)
  -h, --help             show this help
  --version              show the version

Exit status: 0 every input was read; 3 some input could not be read (alerts from
the others are still printed); 2 usage error.
)";

struct Options {
    std::vector<std::string> paths;
    std::optional<std::string> trusted;
    std::optional<std::string> casePath;
    std::optional<OutputFormat> format;
    std::optional<std::string> output;
    unsigned threads = 0;
    bool quiet = false;
    DetectionMode mode = DetectionMode::Extended;
    TimeRange range;
};

// Collects everything; the command line prints once the scan is over, sorted.
class CollectingSink : public ScanSink {
public:
    std::vector<Alert> alerts;
    std::vector<FileOutcome> problems;
    std::vector<TimedRevocation> revocations;
    UseIndex uses;

    void usesFound(std::vector<ResourceUse> &&batch) override { uses.add(std::move(batch)); }

    void revocationsFound(std::vector<TimedRevocation> &&batch) override
    {
        revocations.insert(revocations.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    }

    void alertsFound(std::vector<Alert> &&batch) override
    {
        alerts.insert(alerts.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    }
    void fileFinished(const FileOutcome &outcome) override
    {
        // How a file was read, when it needs saying (a CSV export's ambiguous dates): even with --quiet.
        if (!outcome.notice.empty())
            std::cerr << "sharescope: warning: " << printable(outcome.path) << ": " << printable(outcome.notice) << '\n';
        if (outcome.status == FileOutcome::Status::Failed) {
            std::cerr << "sharescope: error: " << printable(outcome.path) << ": " << printable(outcome.message) << '\n';
            problems.push_back(outcome);
        } else if (outcome.status == FileOutcome::Status::Skipped && !quiet) {
            // Never silently: every file not read is named, with why.
            std::cerr << "sharescope: skipped: " << printable(outcome.path) << ": " << printable(outcome.message) << '\n';
        }
    }
    bool quiet = false;
};

int usageError(const std::string &message)
{
    std::cerr << "sharescope scan: " << message << "\nTry 'sharescope scan --help'.\n";
    return 2;
}

// Parses argv (after "scan"); returns an exit status when the command should stop now.
std::optional<int> parseOptions(int argc, char **argv, Options &opt)
{
    bool onlyPaths = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](const char *name) -> std::optional<std::string> {
            if (size_t eq = arg.find('='); eq != std::string::npos && arg.compare(0, eq, name) == 0)
                return arg.substr(eq + 1);
            if (i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        auto is = [&](const char *name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
        if (onlyPaths || arg.empty() || arg[0] != '-' || arg == "-") {
            opt.paths.push_back(arg);
        } else if (arg == "--") {
            onlyPaths = true;
        } else if (arg == "-h" || arg == "--help") {
            printUsage();
            return 0;
        } else if (arg == "--version") {
            std::cout << "sharescope " << SHARESCOPE_VERSION << '\n';
            return 0;
        } else if (arg == "--quiet" || arg == "-q") {
            opt.quiet = true;
        } else if (is("--mode")) {
            auto v = value("--mode");
            if (!v)
                return usageError("--mode needs a value");
            if (*v == "sentinel")
                opt.mode = DetectionMode::Sentinel;
            else if (*v == "extended")
                opt.mode = DetectionMode::Extended;
            else
                return usageError("unknown mode '" + *v + "' (extended or sentinel)");
        } else if (is("--trusted")) {
            if (!(opt.trusted = value("--trusted")))
                return usageError("--trusted needs a file");
        } else if (is("--case")) {
            if (!(opt.casePath = value("--case")))
                return usageError("--case needs a case file");
        } else if (is("--output") || arg == "-o") {
            if (!(opt.output = value(arg == "-o" ? "-o" : "--output")))
                return usageError("--output needs a file");
        } else if (is("--format")) {
            auto v = value("--format");
            if (!v)
                return usageError("--format needs a value");
            if (*v == "jsonl" || *v == "json")
                opt.format = OutputFormat::Jsonl;
            else if (*v == "csv")
                opt.format = OutputFormat::Csv;
            else if (*v == "table")
                opt.format = OutputFormat::Table;
            else
                return usageError("unknown format '" + *v + "' (jsonl, csv or table)");
        } else if (is("--from") || is("--to")) {
            const bool from = is("--from");
            const char *name = from ? "--from" : "--to";
            auto v = value(name);
            if (!v)
                return usageError(std::string(name) + " needs a date (2025-04-30) or a time (2025-04-30T12:00:00Z)");
            std::string why;
            std::optional<int64_t> ms = from ? parseRangeStart(*v, &why) : parseRangeEnd(*v, &why);
            if (!ms)
                return usageError(std::string(name) + ": " + why);
            (from ? opt.range.fromMs : opt.range.toMs) = ms;
        } else if (is("--threads")) {
            auto v = value("--threads");
            char *end = nullptr;
            long n = v ? std::strtol(v->c_str(), &end, 10) : 0;
            if (!v || *end || n < 1 || n > 256)
                return usageError("--threads needs a number from 1 to 256");
            opt.threads = static_cast<unsigned>(n);
        } else {
            return usageError("unknown option '" + arg + "'");
        }
    }
    if (opt.range.fromMs && opt.range.toMs && *opt.range.fromMs > *opt.range.toMs)
        return usageError("--from is after --to: the range " + describeRange(opt.range) + " holds no time");
    if (opt.paths.empty())
        return usageError("no PATH given");
    return std::nullopt;
}

} // namespace

void printUsage()
{
    std::cout << kUsage;
}

bool scanNeedsCase(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--")
            return false;  // paths only from here
        if (arg == "--case" || arg.rfind("--case=", 0) == 0)
            return true;
        // The value of an option that takes one is not an option itself (a file named --case).
        for (const char *takes : {"--mode", "--trusted", "--output", "-o", "--format", "--from", "--to", "--threads"})
            if (arg == takes) {
                ++i;
                break;
            }
    }
    return false;
}

int runScanCommand(int argc, char **argv, CaseTrustReader readCase)
{
    Options opt;
    if (auto status = parseOptions(argc, argv, opt))
        return *status;

    // --trusted and --case add up: each is a list of what the analyst trusts.
    TrustList trusted;
    if (opt.trusted) {
        std::string error;
        if (!TrustList::loadFile(*opt.trusted, trusted, error))
            return usageError(error);
    }
    if (opt.casePath) {
        std::string error;
        if (!readCase)
            return usageError("--case: this program cannot read case files (sharescope-case does)");
        if (!readCase(*opt.casePath, trusted, error))
            return usageError("--case: " + printable(error));
    }

    LogSources sources = discoverLogFiles(opt.paths);
    for (const SourceProblem &p : sources.problems)
        std::cerr << "sharescope: error: " << printable(p.path) << ": " << printable(p.message) << '\n';
    if (!opt.quiet)  // not errors, but never silent: each file a folder held and was not read
        for (const PassedOverFile &f : sources.passedOver)
            std::cerr << "sharescope: passed over: " << printable(f.path) << ": " << printable(f.reason) << '\n';

    CollectingSink sink;
    sink.quiet = opt.quiet;
    ScanOptions options{opt.threads, opt.mode};
    options.range = opt.range;
    Scanner scanner(options);
    ScanSummary summary = scanner.run(sources.files, sink);
    applyRevocations(sink.alerts, sink.revocations);
    applyUses(sink.alerts, sink.uses);

    std::vector<Alert> alerts;
    alerts.reserve(sink.alerts.size());
    for (Alert &a : sink.alerts)
        if (!trusted.trusts(a))
            alerts.push_back(std::move(a));
    // Chronological, then by where the event was found; alerts of one event keep their order.
    std::stable_sort(alerts.begin(), alerts.end(), [](const Alert &a, const Alert &b) {
        const std::string &ta = a.eventTime ? *a.eventTime : std::string();
        const std::string &tb = b.eventTime ? *b.eventTime : std::string();
        if (ta != tb)
            return ta < tb;
        if (a.location.fileIndex != b.location.fileIndex)
            return a.location.fileIndex < b.location.fileIndex;
        return a.location.record < b.location.record;
    });

    std::vector<std::string> paths;
    for (const LogFile &f : sources.files)
        paths.push_back(f.path);
    const OutputFormat format = opt.format.value_or(
        !opt.output && ::isatty(STDOUT_FILENO) ? OutputFormat::Table : OutputFormat::Jsonl);

    bool writeFailed = false;
    if (opt.output) {
        // Streamed into a temporary file beside the target, renamed over it when complete.
        OutputFile file;
        std::string error;
        if (!file.open(*opt.output, error)) {
            writeFailed = true;
        } else {
            writeAlerts(file.stream(), format, alerts, paths, false);
            writeFailed = !file.commit(error);
        }
        if (writeFailed)
            std::cerr << "sharescope: error: " << printable(error) << '\n';
    } else {
        writeAlerts(std::cout, format, alerts, paths, ::isatty(STDOUT_FILENO));
        std::cout.flush();
    }

    if (!opt.quiet) {
        const double mb = double(summary.jsonBytes) / 1e6;
        char line[512];
        std::snprintf(line, sizeof line,
                      "sharescope: %llu files (%llu read, %llu skipped, %llu failed), %llu events (%llu duplicate), "
                      "%zu alerts (%zu hidden by the trusted list), %.2f s, %.0f MB/s\n",
                      static_cast<unsigned long long>(sources.files.size()), static_cast<unsigned long long>(summary.filesRead),
                      static_cast<unsigned long long>(summary.filesSkipped), static_cast<unsigned long long>(summary.filesFailed),
                      static_cast<unsigned long long>(summary.events), static_cast<unsigned long long>(summary.duplicateEvents),
                      alerts.size(), sink.alerts.size() - alerts.size(), summary.seconds,
                      summary.seconds > 0 ? mb / summary.seconds : 0.0);
        std::cerr << line;
        if (const size_t passed = sources.passedOver.size(); passed > 0) {
            std::snprintf(line, sizeof line,
                          "sharescope: %zu %s in the folders passed over by name (hidden, or not named like a log); "
                          "a file named on the command line is always read\n",
                          passed, passed == 1 ? "file" : "files");
            std::cerr << line;
        }
        if (!opt.range.any()) {
            std::snprintf(line, sizeof line,
                          "sharescope: time range %s: %llu files not read (S3 key date outside it), "
                          "%llu events outside it dropped (of the events that can raise alerts)\n",
                          describeRange(opt.range).c_str(), static_cast<unsigned long long>(summary.filesOutsideRange),
                          static_cast<unsigned long long>(summary.eventsOutsideRange));
            std::cerr << line;
        }
        if (opt.mode == DetectionMode::Extended) {
            const size_t raised = static_cast<size_t>(std::count_if(alerts.begin(), alerts.end(), [](const Alert &a) { return a.sentinel; }));
            std::snprintf(line, sizeof line,
                          "sharescope: rule 0236 would have raised %zu of these %zu alerts; %llu alerts it raises are not sharing (false positives)\n",
                          raised, alerts.size(), static_cast<unsigned long long>(summary.sentinelOnly));
            std::cerr << line;
        }
    }
    if (writeFailed)
        return 3;
    return summary.filesFailed > 0 || !sources.problems.empty() ? 3 : 0;
}

} // namespace sharescope
