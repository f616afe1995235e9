#pragma once
// File ▸ Query a Data Lake…: pick the engine, the time range, accounts and regions,
// read the query that selects the candidate events (engine/lake_query.h) — or rule
// 0236 itself for Sentinel, trusting the allow-list or a watchlist — copy it,
// and open what the engine returned like any logs. The query is rewritten on every
// change; a value the generator refuses shows why instead of a query.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sharescope::gui {

class LakeQueryDialog : public QDialog {
    Q_OBJECT

public:
    // `sentinelMode`: select rule 0236's events only (the investigation's mode).
    // `trusted`: the allow-list, for rule 0236's TrustedAccounts when no watchlist is named.
    LakeQueryDialog(bool sentinelMode, const QStringList &trusted, QWidget *parent = nullptr);

    QString queryText() const;  // empty while the inputs are refused

signals:
    // The analyst chose result files to open (downloaded UNLOAD output, CSV, exports).
    void openResultsRequested(const QStringList &paths);

private:
    void regenerate();
    void chooseResults();

    bool m_sentinelMode;
    QStringList m_trusted;
    QComboBox *m_engine;
    QLineEdit *m_table, *m_accounts, *m_regions, *m_output, *m_watchlist;
    QCheckBox *m_useFrom, *m_useTo;
    QDateEdit *m_from, *m_to;
    QPlainTextEdit *m_query;
    QLabel *m_problem, *m_hint, *m_allowListNote;
    QPushButton *m_copy;
};

} // namespace sharescope::gui
