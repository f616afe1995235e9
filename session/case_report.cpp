#include "case_report.h"

#include "alert_json.h"
#include "alert_key.h"

#include <QFileInfo>

#include <algorithm>

namespace sharescope::session {

namespace {

struct Finding {
    Alert alert;
    QString key;
    Review review;
};

// Markdown table cells: no pipe, backtick or newline from a log may break the table.
QString md(const QString &s)
{
    QString out = s;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('|'), QStringLiteral("\\|"));
    out.replace(QLatin1Char('`'), QStringLiteral("\\`")).replace(QLatin1Char('<'), QStringLiteral("&lt;"));
    out.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return out;
}

QString html(const QString &s) { return s.toHtmlEscaped(); }

QString q(const std::string &s) { return QString::fromStdString(s); }
QString q(const OptString &s) { return s ? QString::fromStdString(*s) : QString(); }
QString q(const SharedText &s) { return s ? QString::fromStdString(*s) : QString(); }

// What the finding is, in the report's columns.
QStringList cells(const Finding &f)
{
    const Alert &a = f.alert;
    QString who = a.addedAccount.empty() ? q(a.grantee) : q(a.addedAccount);
    if (!a.granteeName.empty())
        who += QStringLiteral(" (%1)").arg(q(a.granteeName));
    QStringList access;
    for (const std::string &s : a.access)
        access << q(s);
    return {q(a.eventTime), statusTitle(f.review.status), classificationTitle(f.review.classification), a.extended ? QString::fromLatin1(severityName(a.severity)) : QString(),
            q(a.eventName), q(a.resourceType) + QLatin1Char(' ') + q(a.sharedResourceId), who, access.join(QStringLiteral(", ")),
            q(a.actorArn), f.review.note};
}

const QStringList kColumns = {QStringLiteral("Time (UTC)"), QStringLiteral("Status"), QStringLiteral("Classification"), QStringLiteral("Severity"),
                              QStringLiteral("Event"), QStringLiteral("Resource"), QStringLiteral("Shared with"), QStringLiteral("Access"),
                              QStringLiteral("Actor"), QStringLiteral("Note")};

int weight(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Malicious: return 0;
    case ReviewStatus::Suspicious: return 1;
    case ReviewStatus::InReview: return 2;
    case ReviewStatus::New: return 3;
    case ReviewStatus::Benign: return 4;
    }
    return 5;
}

} // namespace

QString renderReport(const CaseFile &c, ReportFormat format)
{
    const QHash<QString, Review> reviews = c.reviews();
    std::vector<Finding> findings;
    QString file;
    for (const QByteArray &line : c.alertJsons()) {
        Finding f;
        if (!alertFromJson(line, f.alert, file))
            continue;
        f.key = QString::fromStdString(alertKeyText(f.alert));
        f.review = reviews.value(f.key);
        findings.push_back(std::move(f));
    }
    // What needs attention first: malicious, suspicious, open; then time.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        if (weight(a.review.status) != weight(b.review.status))
            return weight(a.review.status) < weight(b.review.status);
        return a.alert.eventTimeMs < b.alert.eventTimeMs;
    });
    int decided = 0;
    for (const Finding &f : findings)
        decided += f.review.isReviewed();
    const QString title = QStringLiteral("ShareScope case %1").arg(QFileInfo(c.path()).completeBaseName());
    QString summary = QStringLiteral("%1 findings, %2 decided · mode %3 · ShareScope %4 (case written by %5) · created %6")
                          .arg(findings.size())
                          .arg(decided)
                          .arg(c.meta(QStringLiteral("mode")), QStringLiteral(SHARESCOPE_VERSION), c.meta(QStringLiteral("toolVersion")),
                               c.meta(QStringLiteral("created")));
    // A case that looked at part of the logs says so: its findings are those of that time only.
    const QString from = c.meta(QStringLiteral("timeFrom")), to = c.meta(QStringLiteral("timeTo"));
    if (!from.isEmpty() || !to.isEmpty())
        summary += QStringLiteral(" · only events from %1 to %2")
                       .arg(from.isEmpty() ? QStringLiteral("any time") : from, to.isEmpty() ? QStringLiteral("any time") : to);
    const QVector<CaseAllowEntry> allow = c.allowList();
    const QVector<CaseInput> inputs = c.inputs();

    QString out;
    if (format == ReportFormat::Markdown) {
        out += QStringLiteral("# %1\n\n%2\n\n## Findings\n\n").arg(md(title), md(summary));
        out += QLatin1String("| ") + kColumns.join(QStringLiteral(" | ")) + QStringLiteral(" |\n|") + QStringLiteral("---|").repeated(kColumns.size()) + QLatin1Char('\n');
        for (const Finding &f : findings) {
            QStringList row;
            for (const QString &cell : cells(f))
                row << md(cell);
            out += QLatin1String("| ") + row.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
        }
        out += QStringLiteral("\n## Allow-list\n\n| Value | Label | Justification | Owner | Added | Expires |\n|---|---|---|---|---|---|\n");
        for (const CaseAllowEntry &e : allow)
            out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                       .arg(md(e.value), md(e.label), md(e.justification), md(e.owner), e.added.toString(Qt::ISODate), e.expires.toString(Qt::ISODate));
        out += QStringLiteral("\n## Inputs\n\n| File | Size | SHA-256 |\n|---|---|---|\n");
        for (const CaseInput &in : inputs)
            out += QStringLiteral("| %1 | %2 | `%3` |\n").arg(md(in.path)).arg(in.size).arg(md(in.sha256));
        return out;
    }
    out += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title>\n").arg(html(title));
    // No script, no remote resource: the page is safe to open from a ticket.
    out += QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                          "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2em}"
                          "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f0f0f0;white-space:nowrap}"
                          // Times, decisions, severities and accounts never break; ARNs and notes wrap where they must.
                          "td:nth-child(-n+4),td:nth-child(7){white-space:nowrap}"
                          "tr.malicious td{background:#fde2e2}tr.suspicious td{background:#fff4d6}tr.benign td{color:#666}"
                          "code{font-size:12px}</style></head><body>\n");
    out += QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n<h2>Findings</h2>\n<table><thead><tr>").arg(html(title), html(summary));
    for (const QString &col : kColumns)
        out += QStringLiteral("<th>%1</th>").arg(html(col));
    out += QStringLiteral("</tr></thead><tbody>\n");
    for (const Finding &f : findings) {
        out += QStringLiteral("<tr class=\"%1\">").arg(statusKey(f.review.status).toLower());
        for (const QString &cell : cells(f))
            out += QStringLiteral("<td>%1</td>").arg(html(cell));
        out += QStringLiteral("</tr>\n");
    }
    out += QStringLiteral("</tbody></table>\n<h2>Allow-list</h2>\n<table><thead><tr><th>Value</th><th>Label</th><th>Justification</th><th>Owner</th>"
                          "<th>Added</th><th>Expires</th></tr></thead><tbody>\n");
    for (const CaseAllowEntry &e : allow)
        out += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                   .arg(html(e.value), html(e.label), html(e.justification), html(e.owner), e.added.toString(Qt::ISODate), e.expires.toString(Qt::ISODate));
    out += QStringLiteral("</tbody></table>\n<h2>Inputs</h2>\n<table><thead><tr><th>File</th><th>Size</th><th>SHA-256</th></tr></thead><tbody>\n");
    for (const CaseInput &in : inputs)
        out += QStringLiteral("<tr><td>%1</td><td>%2</td><td><code>%3</code></td></tr>\n").arg(html(in.path)).arg(in.size).arg(html(in.sha256));
    out += QStringLiteral("</tbody></table>\n</body></html>\n");
    return out;
}

} // namespace sharescope::session
