#include "event_view.h"

#include "log_file.h"
#include "json_highlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace sharescope::gui {

EventView::EventView(QWidget *parent)
    : QWidget(parent)
{
    m_source = new QLabel(this);
    m_source->setTextFormat(Qt::PlainText);  // file names come from the disk, not from us
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setWordWrap(true);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);  // names and values from the logs
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    QFont strong = m_summary->font();
    strong.setBold(true);
    m_summary->setFont(strong);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("largeEventNotice"));
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setWordWrap(true);
    m_copy = new QToolButton(this);
    m_copy->setText(tr("Copy event JSON"));
    m_copy->setToolTip(tr("Copy the event as pretty-printed JSON (Ctrl+Shift+C)"));
    m_reveal = new QToolButton(this);
    m_reveal->setText(tr("Reveal file"));
    m_reveal->setToolTip(tr("Open the folder that holds the log file"));
    m_uses = new QComboBox(this);
    m_uses->setObjectName(QStringLiteral("useChooser"));
    m_uses->setToolTip(tr("The calls the grantee made on the shared resource after the share: choose one to read its event"));
    m_uses->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_uses, &QComboBox::activated, this, &EventView::chooseUse);
    connect(m_copy, &QToolButton::clicked, this, &EventView::copyEventJson);
    connect(m_reveal, &QToolButton::clicked, this, &EventView::revealFile);

    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new JsonHighlighter(m_text->document());

    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Key"), tr("Value")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_text, tr("JSON"));
    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->setDocumentMode(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_source, 1);
    bar->addWidget(m_copy);
    bar->addWidget(m_reveal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_uses, 0, Qt::AlignLeft);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);

    connect(&m_watcher, &QFutureWatcher<Loaded>::finished, this, [this] { display(m_watcher.result()); });
    clear();
}

void EventView::clear()
{
    ++m_request;
    m_file.clear();
    m_firingPath.clear();
    m_highlightedLine = -1;
    m_source->setText(tr("Select an alert to read its event."));
    m_summary->clear();
    m_summary->hide();
    m_notice->clear();
    m_notice->hide();
    m_fullText.clear();
    m_text->clear();
    m_tree->clear();
    m_copy->setEnabled(false);
    m_reveal->setEnabled(false);
    setUses({});
    m_showShare = {};
}

QString EventView::summary() const
{
    return m_summary->text();
}

void EventView::showEvent(const QString &file, quint64 record, quint64 offset, quint64 length, int inner,
                          const QString &firingPath, const QString &summary)
{
    setUses({});
    m_showShare = [=, this] { showEventAt(file, record, offset, length, inner, firingPath, summary); };
    m_showShare();
}

void EventView::showStoredEvent(const QString &origin, const QByteArray &json, const QString &firingPath, const QString &summary)
{
    setUses({});
    m_showShare = [=, this] { showStoredEventAt(origin, json, firingPath, summary); };
    m_showShare();
}

void EventView::setUses(const QList<UseEntry> &uses)
{
    m_useEntries = uses;
    m_uses->clear();
    m_uses->setVisible(!uses.isEmpty());
    if (uses.isEmpty())
        return;
    m_uses->addItem(tr("The share (this alert's event)"));
    for (qsizetype i = 0; i < uses.size(); ++i)
        m_uses->addItem(tr("Use %1: %2").arg(i + 1).arg(uses[i].label));
}

void EventView::chooseUse(int index)
{
    if (index <= 0 || index > m_useEntries.size()) {
        if (m_showShare)
            m_showShare();
        return;
    }
    const UseEntry &u = m_useEntries[index - 1];
    showEventAt(u.file, u.record, u.offset, u.length, u.inner, {},
                tr("Use %1 of the share: %2").arg(index).arg(u.label));
}

void EventView::showEventAt(const QString &file, quint64 record, quint64 offset, quint64 length, int inner,
                            const QString &firingPath, const QString &summary)
{
    m_reveal->setEnabled(true);
    // Reading back means re-inflating a gzip file: never on the GUI thread.
    load(file, tr("%1 · record %2").arg(QDir::toNativeSeparators(file), QString::number(record)), firingPath, summary, inner,
         [path = file.toStdString(), offset, length](std::string &raw, QString &error) {
             std::string why;
             if (readEventText(path, offset, length, raw, why))
                 return true;
             error = QString::fromStdString(why);
             return false;
         });
}

void EventView::showStoredEventAt(const QString &origin, const QByteArray &json, const QString &firingPath, const QString &summary)
{
    m_reveal->setEnabled(false);
    load({}, tr("%1 · kept in the case (the log is not at hand)").arg(QDir::toNativeSeparators(origin)), firingPath, summary, -1,
         [json](std::string &raw, QString &error) {
             raw = json.toStdString();
             if (raw.empty())
                 error = tr("the case holds no copy of this event");
             return !raw.empty();
         });
}

void EventView::load(const QString &file, const QString &source, const QString &firingPath, const QString &summary, int inner,
                     std::function<bool(std::string &raw, QString &error)> read)
{
    const quint64 request = ++m_request;
    m_summary->setText(summary);
    m_summary->setVisible(!summary.isEmpty());
    m_file = file;
    m_firingPath = firingPath;
    m_source->setText(source);
    m_copy->setEnabled(false);
    // Holding Down queues many reads: each skips its work once a newer one exists.
    m_latest->store(request);
    m_watcher.setFuture(QtConcurrent::run([request, latest = m_latest, inner, read = std::move(read)]() -> Loaded {
        Loaded out;
        out.request = request;
        if (latest->load() != request)
            return out;
        std::string raw;
        if (!read(raw, out.error))
            return out;
        out.event = prettyEvent(raw, inner);
        out.error = QString::fromStdString(out.event.error);
        out.text = QString::fromStdString(out.event.text);
        out.shown = out.text;
        QStringList leftOut;
        if (out.text.size() > kShownChars) {
            const qsizetype cut = out.text.lastIndexOf(QLatin1Char('\n'), kShownChars);
            out.shown = out.text.left(cut > 0 ? cut : kShownChars);
            leftOut << tr("the JSON view shows its first %1 of %2 characters")
                           .arg(QLocale().toString(out.shown.size()), QLocale().toString(out.text.size()));
        }
        if (out.event.valuesLeftOut)
            leftOut << tr("the tree shows its first %1 values of %2")
                           .arg(QLocale().toString(qulonglong(out.event.nodes.size())),
                                QLocale().toString(qulonglong(out.event.nodes.size() + out.event.valuesLeftOut)));
        if (!leftOut.isEmpty())
            out.notice = tr("A very large event (%1 MB): %2. Copy event JSON copies all of it.")
                             .arg(double(raw.size()) / 1e6, 0, 'f', 1)
                             .arg(leftOut.join(QStringLiteral("; ")));
        return out;
    }));
}

void EventView::display(const Loaded &result)
{
    if (result.request != m_request)
        return;  // the selection moved on
    m_tree->clear();
    m_highlightedLine = -1;
    m_fullText.clear();
    m_notice->hide();
    if (!result.error.isEmpty()) {
        m_text->setPlainText(tr("Cannot show this event: %1").arg(result.error));
        emit loaded();
        return;
    }
    m_fullText = result.text;
    m_text->setPlainText(result.shown);
    m_notice->setText(result.notice);
    m_notice->setVisible(!result.notice.isEmpty());
    m_copy->setEnabled(true);

    // The tree: nodes arrive parents first.
    std::vector<QTreeWidgetItem *> items(result.event.nodes.size(), nullptr);
    QTreeWidgetItem *firing = nullptr;
    const std::string firingPath = m_firingPath.toStdString();
    for (size_t i = 0; i < result.event.nodes.size(); ++i) {
        const JsonNode &n = result.event.nodes[i];
        QTreeWidgetItem *item = n.parent < 0 ? new QTreeWidgetItem(m_tree) : new QTreeWidgetItem(items[static_cast<size_t>(n.parent)]);
        item->setText(0, n.parent < 0 ? tr("event") : QString::fromStdString(n.key));
        if (n.embeddedJson)
            item->setText(1, tr("JSON text: %1").arg(QString::fromStdString(n.value).simplified().left(80)));
        else if (n.kind == JsonNode::Kind::Object)
            item->setText(1, n.childCount == 1 ? tr("{1 key}") : tr("{%1 keys}").arg(n.childCount));
        else if (n.kind == JsonNode::Kind::Array)
            item->setText(1, n.childCount == 1 ? tr("[1 item]") : tr("[%1 items]").arg(n.childCount));
        else
            item->setText(1, QString::fromStdString(n.value));
        item->setToolTip(1, QString());
        items[i] = item;
        if (!firingPath.empty() && firingPath.compare(0, n.path.size(), n.path) == 0
            && (n.path.size() == firingPath.size() || firingPath[n.path.size()] == '.' || firingPath[n.path.size()] == '['))
            firing = item;  // the deepest node on the firing path
    }
    if (!items.empty())
        items[0]->setExpanded(true);
    if (firing) {
        for (QTreeWidgetItem *p = firing->parent(); p; p = p->parent())
            p->setExpanded(true);
        m_tree->setCurrentItem(firing);
        m_tree->scrollToItem(firing, QAbstractItemView::PositionAtCenter);
    }

    // A grant inside a policy given as JSON text has a path deeper than the text
    // shows: highlight the longest part of the path that the text has.
    std::string shown = firingPath;
    auto it = result.event.lines.find(shown);
    while (it == result.event.lines.end() && !shown.empty()) {
        const size_t cut = shown.find_last_of(".[");
        shown = cut == std::string::npos ? std::string() : shown.substr(0, cut);
        it = shown.empty() ? result.event.lines.end() : result.event.lines.find(shown);
    }
    if (it != result.event.lines.end() && it->second < m_text->document()->blockCount()) {  // in the part shown
        m_highlightedLine = it->second;
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(palette().color(QPalette::Highlight));
        selection.format.setForeground(palette().color(QPalette::HighlightedText));
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        QTextCursor cursor(m_text->document()->findBlockByNumber(m_highlightedLine));
        selection.cursor = cursor;
        m_text->setExtraSelections({selection});
        m_text->setTextCursor(cursor);
        m_text->centerCursor();
    } else {
        m_text->setExtraSelections({});
    }
    emit loaded();
}

QString EventView::eventText() const
{
    return m_fullText;
}

QString EventView::notice() const
{
    return m_notice->text();
}

void EventView::copyEventJson()
{
    if (m_copy->isEnabled())
        QApplication::clipboard()->setText(eventText());
}

void EventView::revealFile()
{
    // Opens the folder of a file the analyst chose to scan; nothing from the log's content is opened.
    if (!m_file.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_file).absolutePath()));
}

} // namespace sharescope::gui
