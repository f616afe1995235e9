#pragma once
// The raw event behind the selected alert: read back from its file off the GUI
// thread, shown pretty-printed (with highlighting) and as a collapsible tree, with
// the value that made the alert fire highlighted and scrolled into view.

#include "event_text.h"

#include <QFutureWatcher>
#include <QWidget>

#include <functional>
#include <string>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;
class QToolButton;

namespace sharescope::gui {

class EventView : public QWidget {
    Q_OBJECT
public:
    explicit EventView(QWidget *parent = nullptr);

    // Shows the event at (offset, length) of `file`; `firingPath` is highlighted;
    // `summary` says in a sentence what the alert is about.
    void showEvent(const QString &file, quint64 record, quint64 offset, quint64 length, int inner, const QString &firingPath,
                   const QString &summary = {});
    // Shows an event kept in the case file, for alerts whose log is not at hand.
    void showStoredEvent(const QString &origin, const QByteArray &json, const QString &firingPath, const QString &summary = {});

    // The uses of the shown alert's share (use_index.h), after showEvent or showStoredEvent:
    // a chooser above the event then shows each one's event, and the share's again.
    struct UseEntry {
        QString label;    // plain text, from the logs' values made visible
        QString file;
        quint64 record = 0, offset = 0, length = 0;
        int inner = -1;
    };
    void setUses(const QList<UseEntry> &uses);
    QComboBox *useChooser() const { return m_uses; }
    QString summary() const;
    void clear();

    QString eventText() const;     // the whole pretty-printed event (what Copy copies)
    QString notice() const;        // what a very large event's view leaves out; empty otherwise
    // At most this many characters of an event's text are put in the text view: a
    // record of many megabytes would block the window while it is laid out and highlighted.
    static constexpr qsizetype kShownChars = 1 << 18;
    QString firingPath() const { return m_firingPath; }
    int highlightedLine() const { return m_highlightedLine; }
    QPlainTextEdit *textView() const { return m_text; }
    QTreeWidget *treeView() const { return m_tree; }

public slots:
    void copyEventJson();
    void revealFile();

signals:
    void loaded();

private:
    struct Loaded {
        quint64 request = 0;
        PrettyEvent event;
        QString text;    // event.text, converted off the GUI thread
        QString shown;   // the part of it the text view shows (kShownChars, cut at a line's end)
        QString notice;  // what is left out of the views, for a very large event
        QString error;
    };
    void display(const Loaded &result);
    void showEventAt(const QString &file, quint64 record, quint64 offset, quint64 length, int inner, const QString &firingPath,
                     const QString &summary);
    void showStoredEventAt(const QString &origin, const QByteArray &json, const QString &firingPath, const QString &summary);
    void chooseUse(int index);
    // Shows `source` and `summary` at once, and the event that `read` fetches (off the GUI thread) when it comes.
    void load(const QString &file, const QString &source, const QString &firingPath, const QString &summary, int inner,
              std::function<bool(std::string &raw, QString &error)> read);

    QLabel *m_source;
    QLabel *m_summary;
    QLabel *m_notice;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_text;
    QTreeWidget *m_tree;
    QToolButton *m_copy, *m_reveal;
    QComboBox *m_uses;
    QList<UseEntry> m_useEntries;
    std::function<void()> m_showShare;  // shows the alert's own event again
    QFutureWatcher<Loaded> m_watcher;
    quint64 m_request = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    QString m_file, m_firingPath;
    QString m_fullText;
    int m_highlightedLine = -1;
};

} // namespace sharescope::gui
