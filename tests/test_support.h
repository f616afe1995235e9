#pragma once
// Shared helpers for the engine tests: run a scan and collect what it reports.

#include "alert.h"
#include "log_sources.h"
#include "scanner.h"
#include "use_index.h"

#include <QDebug>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <map>
#include <string>
#include <vector>

namespace sharescope::test {

inline QString dataPath(const QString &relative) { return QStringLiteral(SHARESCOPE_TEST_DATA "/") + relative; }

// Writes `bytes` to the file `name` in `dir`; returns its path.
inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    return path;
}

struct ScanResult {
    ScanSummary summary;
    std::vector<Alert> alerts;
    std::vector<FileOutcome> outcomes;
    std::vector<LogFile> files;
    std::vector<SourceProblem> problems;
    std::vector<TimedRevocation> revocations;
    UseIndex uses;

    const FileOutcome *outcomeFor(const QString &suffix) const
    {
        for (const FileOutcome &o : outcomes)
            if (QString::fromStdString(o.path).endsWith(suffix))
                return &o;
        return nullptr;
    }
};

class CollectSink : public ScanSink {
public:
    ScanResult *result;
    explicit CollectSink(ScanResult *r) : result(r) {}
    void alertsFound(std::vector<Alert> &&batch) override
    {
        for (Alert &a : batch)
            result->alerts.push_back(std::move(a));
    }
    void fileFinished(const FileOutcome &o) override { result->outcomes.push_back(o); }
    void revocationsFound(std::vector<TimedRevocation> &&batch) override
    {
        for (TimedRevocation &r : batch)
            result->revocations.push_back(std::move(r));
    }
    void usesFound(std::vector<ResourceUse> &&batch) override { result->uses.add(std::move(batch)); }
};

inline ScanResult scan(const QStringList &paths, unsigned threads = 0, DetectionMode mode = DetectionMode::Sentinel)
{
    std::vector<std::string> p;
    for (const QString &s : paths)
        p.push_back(s.toStdString());
    ScanResult r;
    LogSources sources = discoverLogFiles(p);
    r.files = sources.files;
    r.problems = sources.problems;
    CollectSink sink(&r);
    Scanner scanner(ScanOptions{threads, mode});
    r.summary = scanner.run(sources.files, sink);
    return r;
}

inline QJsonValue optJson(const OptString &s) { return s ? QJsonValue(QString::fromStdString(*s)) : QJsonValue(); }
inline QJsonValue optJson(const SharedText &s) { return s ? QJsonValue(QString::fromStdString(*s)) : QJsonValue(); }

// The keys the hand-written expectations name.
inline QJsonObject expectationKeys(const Alert &a)
{
    QJsonObject o;
    o[QStringLiteral("eventID")] = optJson(a.eventId);
    o[QStringLiteral("resourceType")] = QString::fromStdString(a.resourceType);
    o[QStringLiteral("sharedResourceId")] = optJson(a.sharedResourceId);
    o[QStringLiteral("addedAccount")] = QString::fromStdString(a.addedAccount);
    o[QStringLiteral("userAccount")] = optJson(a.userAccount);
    o[QStringLiteral("actorAccountId")] = optJson(a.actorAccountId);
    return o;
}

inline QString canonical(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

// A hand-written expectations file: one JSON object per line, as canonical text, sorted.
inline QStringList readExpectations(const QString &path, bool *ok)
{
    QFile f(path);
    *ok = f.open(QIODevice::ReadOnly);
    QStringList out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        *ok = *ok && doc.isObject();
        out << canonical(doc.object());
    }
    out.sort();
    return out;
}

// Compares sorted canonical lines, printing both sides when they differ.
inline bool sameLines(QStringList actual, const QStringList &expected)
{
    actual.sort();
    if (actual != expected) {
        qWarning().noquote() << "expected:\n " << expected.join(QStringLiteral("\n  "));
        qWarning().noquote() << "actual:\n " << actual.join(QStringLiteral("\n  "));
    }
    return actual == expected;
}

} // namespace sharescope::test
