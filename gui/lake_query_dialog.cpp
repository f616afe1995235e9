#include "lake_query_dialog.h"

#include "lake_query.h"
#include "rule0236_kql.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sharescope::gui {

namespace {

struct EngineChoice {
    const char *label;
    LakeEngine engine;
    bool rule0236;  // Sentinel: the rule's own query, not the candidate events
    const char *tablePlaceholder;
    const char *hint;
};

const EngineChoice kEngines[] = {
    {QT_TRANSLATE_NOOP("LakeQueryDialog", "Amazon Athena (CloudTrail bucket)"), LakeEngine::Athena, false, "default.cloudtrail_logs",
     QT_TRANSLATE_NOOP("LakeQueryDialog", "Run it in Athena, download the UNLOAD prefix (aws s3 cp --recursive), then open the folder.")},
    {QT_TRANSLATE_NOOP("LakeQueryDialog", "Amazon Security Lake (OCSF)"), LakeEngine::SecurityLake, false,
     "amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0",
     QT_TRANSLATE_NOOP("LakeQueryDialog", "Run it in Athena on Security Lake's database, download the UNLOAD prefix, then open the folder.")},
    {QT_TRANSLATE_NOOP("LakeQueryDialog", "AWS CloudTrail Lake"), LakeEngine::CloudTrailLake, false, "EVENT-DATA-STORE-ID",
     QT_TRANSLATE_NOOP("LakeQueryDialog", "Run it in CloudTrail Lake; open the saved results or `aws cloudtrail get-query-results` output.")},
    {QT_TRANSLATE_NOOP("LakeQueryDialog", "Microsoft Sentinel (KQL)"), LakeEngine::Sentinel, false, "AWSCloudTrail",
     QT_TRANSLATE_NOOP("LakeQueryDialog", "Run it in Logs, export the results (CSV or JSON), then open the export.")},
    {QT_TRANSLATE_NOOP("LakeQueryDialog", "Microsoft Sentinel: rule 0236 itself"), LakeEngine::Sentinel, true, "AWSCloudTrail",
     QT_TRANSLATE_NOOP("LakeQueryDialog", "Rule 0236's alerts, for a hunt or an analytics rule; name a watchlist to trust its SearchKey column instead of this allow-list.")},
};

std::vector<std::string> listOf(const QString &text)
{
    std::vector<std::string> out;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            out.push_back(item.trimmed().toStdString());
    return out;
}

int64_t dayMs(const QDate &d, bool endOfDay)
{
    const qint64 start = QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    return endOfDay ? start + 86400000 - 1 : start;
}

} // namespace

LakeQueryDialog::LakeQueryDialog(bool sentinelMode, const QStringList &trusted, QWidget *parent)
    : QDialog(parent)
    , m_sentinelMode(sentinelMode)
    , m_trusted(trusted)
{
    setWindowTitle(tr("Query a Data Lake"));
    setObjectName(QStringLiteral("lakeQueryDialog"));

    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engine"));
    for (const EngineChoice &e : kEngines)
        m_engine->addItem(tr(e.label));
    m_table = new QLineEdit(this);
    m_table->setObjectName(QStringLiteral("table"));
    m_accounts = new QLineEdit(this);
    m_accounts->setObjectName(QStringLiteral("accounts"));
    m_accounts->setPlaceholderText(tr("every account (or 111122223333, 444455556666)"));
    m_regions = new QLineEdit(this);
    m_regions->setObjectName(QStringLiteral("regions"));
    m_regions->setPlaceholderText(tr("every region (or us-east-1, eu-west-1)"));
    m_output = new QLineEdit(this);
    m_output->setObjectName(QStringLiteral("output"));
    m_output->setPlaceholderText(QStringLiteral("s3://YOUR-QUERY-RESULTS-BUCKET/sharescope/"));
    m_watchlist = new QLineEdit(this);
    m_watchlist->setObjectName(QStringLiteral("watchlist"));
    m_watchlist->setPlaceholderText(trusted.size() == 1 ? tr("none: the allow-list's 1 value, inline")
                                                       : tr("none: the allow-list's %1 values, inline").arg(QLocale().toString(qlonglong(trusted.size()))));

    auto dateRow = [this](QCheckBox *&box, QDateEdit *&edit, const QString &label, const QString &name) {
        box = new QCheckBox(label, this);
        box->setObjectName(name + QStringLiteral("Enabled"));
        edit = new QDateEdit(QDate::currentDate(), this);
        edit->setObjectName(name);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
        connect(box, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        auto *row = new QHBoxLayout;
        row->addWidget(box);
        row->addWidget(edit, 1);
        return row;
    };
    QHBoxLayout *fromRow = dateRow(m_useFrom, m_from, tr("From"), QStringLiteral("from"));
    QHBoxLayout *toRow = dateRow(m_useTo, m_to, tr("To"), QStringLiteral("to"));
    m_from->setDate(QDate::currentDate().addDays(-30));
    auto *range = new QHBoxLayout;
    range->addLayout(fromRow);
    range->addSpacing(12);
    range->addLayout(toRow);

    auto *form = new QFormLayout;
    form->addRow(tr("&Engine:"), m_engine);
    form->addRow(tr("&Table:"), m_table);
    form->addRow(tr("Time range (UTC):"), range);
    form->addRow(tr("&Accounts:"), m_accounts);
    form->addRow(tr("&Regions:"), m_regions);
    form->addRow(tr("&Results to:"), m_output);
    form->addRow(tr("&Watchlist:"), m_watchlist);

    m_query = new QPlainTextEdit(this);
    m_query->setObjectName(QStringLiteral("query"));
    m_query->setReadOnly(true);
    m_query->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_query->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_query->setMinimumSize(640, 260);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setTextFormat(Qt::PlainText);  // it quotes what was typed
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_hint = new QLabel(this);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_allowListNote = new QLabel(this);
    m_allowListNote->setTextFormat(Qt::PlainText);
    m_allowListNote->setWordWrap(true);
    m_allowListNote->setEnabled(false);

    m_copy = new QPushButton(tr("&Copy Query"), this);
    m_copy->setObjectName(QStringLiteral("copy"));
    auto *open = new QPushButton(tr("&Open Results…"), this);
    open->setObjectName(QStringLiteral("openResults"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    buttons->addButton(open, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(queryText()); });
    connect(open, &QPushButton::clicked, this, &LakeQueryDialog::chooseResults);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_query, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_hint);
    layout->addWidget(m_allowListNote);
    layout->addWidget(buttons);

    for (QLineEdit *e : {m_table, m_accounts, m_regions, m_output, m_watchlist})
        connect(e, &QLineEdit::textChanged, this, &LakeQueryDialog::regenerate);
    for (QCheckBox *b : {m_useFrom, m_useTo})
        connect(b, &QCheckBox::toggled, this, &LakeQueryDialog::regenerate);
    for (QDateEdit *d : {m_from, m_to})
        connect(d, &QDateEdit::dateChanged, this, &LakeQueryDialog::regenerate);
    connect(m_engine, &QComboBox::currentIndexChanged, this, &LakeQueryDialog::regenerate);
    regenerate();
}

QString LakeQueryDialog::queryText() const
{
    return m_problem->text().isEmpty() ? m_query->toPlainText() : QString();
}

void LakeQueryDialog::regenerate()
{
    const EngineChoice &choice = kEngines[std::max(0, m_engine->currentIndex())];
    m_table->setPlaceholderText(QString::fromLatin1(choice.tablePlaceholder));
    const bool unload = choice.engine == LakeEngine::Athena || choice.engine == LakeEngine::SecurityLake;
    m_output->setEnabled(unload);
    m_hint->setText(tr(choice.hint));
    m_watchlist->setEnabled(choice.rule0236);
    m_accounts->setEnabled(!choice.rule0236);
    m_regions->setEnabled(!choice.rule0236);
    m_allowListNote->setText(choice.rule0236
        ? tr("Rule 0236 compares the added account only: organisations and OUs on the allow-list hide nothing there.")
        : tr("The allow-list is applied when ShareScope reads the results: a trusted grantee sits inside each event's "
             "request, which the query selects by event name only."));

    LakeQueryRequest r;
    r.engine = choice.engine;
    r.sentinelMode = m_sentinelMode;
    r.table = m_table->text().trimmed().toStdString();
    r.accounts = listOf(m_accounts->text());
    r.regions = listOf(m_regions->text());
    if (unload)
        r.output = m_output->text().trimmed().toStdString();
    if (m_useFrom->isChecked())
        r.fromMs = dayMs(m_from->date(), false);
    if (m_useTo->isChecked())
        r.toMs = dayMs(m_to->date(), true);
    LakeQuery q;
    if (choice.rule0236) {
        Rule0236KqlRequest k;
        if (!r.table.empty())
            k.table = r.table;
        k.fromMs = r.fromMs;
        k.toMs = r.toMs;
        k.watchlist = m_watchlist->text().trimmed().toStdString();
        for (const QString &t : m_trusted)
            k.trusted.push_back(t.toStdString());
        const Rule0236Kql kql = rule0236Kql(k);
        q = LakeQuery{kql.text, kql.error};
    } else {
        q = generateLakeQuery(r);
    }
    m_problem->setText(QString::fromStdString(q.error));
    m_problem->setVisible(!q.error.empty());
    m_query->setPlainText(QString::fromStdString(q.text));
    m_copy->setEnabled(q.error.empty());
}

void LakeQueryDialog::chooseResults()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open Query Results"), QString(),
                                                            tr("Query results (*.gz *.json *.jsonl *.csv);;All files (*)"));
    if (paths.isEmpty())
        return;
    emit openResultsRequested(paths);
    accept();
}

} // namespace sharescope::gui
