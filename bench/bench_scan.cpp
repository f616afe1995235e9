// Times a full scan of a folder of generated logs and checks the alerts against
// the ones the generator says it planted. Prints one JSON line of figures.
#include "log_sources.h"
#include "scanner.h"

#include <simdjson.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

using namespace sharescope;

namespace {

class CountingSink : public ScanSink {
public:
    std::map<std::pair<std::string, std::string>, int> found;  // (eventID, addedAccount) -> count
    std::map<std::pair<std::string, std::string>, int> sentinelFound;  // extended alerts rule 0236 raises too
    void alertsFound(std::vector<Alert> &&batch) override
    {
        for (const Alert &a : batch) {
            ++found[{a.eventId.value_or(""), a.addedAccount}];
            if (a.sentinel)
                ++sentinelFound[{a.eventId.value_or(""), a.addedAccount}];
        }
    }
    void fileFinished(const FileOutcome &o) override
    {
        if (o.status == FileOutcome::Status::Failed)
            std::cerr << "bench: " << o.path << ": " << o.message << '\n';
    }
};

// The generator's expected-alerts.jsonl: {"eventID": ..., "addedAccount": ..., ...} per line.
std::map<std::pair<std::string, std::string>, int> readExpected(const std::string &path)
{
    std::map<std::pair<std::string, std::string>, int> out;
    std::ifstream in(path);
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        simdjson::dom::element e = parser.parse(line);
        ++out[{std::string(e["eventID"].get_string().value()), std::string(e["addedAccount"].get_string().value())}];
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_scan DIR [--threads N] [--repeat N] [--label TEXT] [--mode sentinel|extended]\n";
        return 2;
    }
    std::string dir = argv[1], label = "scan";
    unsigned threads = 0;
    int repeat = 3;
    DetectionMode mode = DetectionMode::Sentinel;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--label"))
            label = argv[i + 1];
        else if (!std::strcmp(argv[i], "--mode"))
            mode = std::strcmp(argv[i + 1], "extended") ? DetectionMode::Sentinel : DetectionMode::Extended;
    }
    LogSources sources = discoverLogFiles({dir + "/AWSLogs"});
    auto expected = readExpected(dir + "/expected-alerts.jsonl");

    double best = 1e9;
    ScanSummary summary;
    bool correct = false;
    for (int r = 0; r < repeat; ++r) {
        CountingSink sink;
        ScanOptions options;
        options.threads = threads;
        options.mode = mode;
        Scanner scanner(options);
        const auto t0 = std::chrono::steady_clock::now();
        summary = scanner.run(sources.files, sink);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        // The generator's expectations are rule 0236's: extended mode is timed, and its
        // alerts marked "sentinel" must be among them.
        if (mode == DetectionMode::Sentinel) {
            correct = sink.found == expected;
        } else {
            correct = true;
            for (const auto &[key, count] : sink.sentinelFound)  // rule 0236 names a public RDS snapshot "all"
                correct = correct && (expected.count(key) || (key.second == "*" && expected.count({key.first, "all"})));
        }
        if (!correct)
            std::cerr << "bench: alerts differ from the generator's: found " << sink.found.size() << " distinct, expected "
                      << expected.size() << '\n';
    }
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("{\"label\":\"%s\",\"files\":%zu,\"json_mb\":%.1f,\"disk_mb\":%.1f,\"events\":%llu,\"alerts\":%llu,"
                "\"seconds\":%.3f,\"mb_per_s\":%.0f,\"events_per_s\":%.0f,\"peak_rss_mb\":%.1f,\"alerts_match\":%s,"
                "\"simdjson_dom\":\"%s\",\"simdjson_builtin\":\"%s\"}\n",
                label.c_str(), sources.files.size(), summary.jsonBytes / 1e6, summary.diskBytes / 1e6,
                static_cast<unsigned long long>(summary.events), static_cast<unsigned long long>(summary.alerts), best,
                summary.jsonBytes / 1e6 / best, summary.events / best, ru.ru_maxrss / 1024.0, correct ? "true" : "false",
                simdjson::get_active_implementation()->name().c_str(), simdjson::builtin_implementation()->name().c_str());
    return correct ? 0 : 1;
}
