#pragma once
// The alerts of an investigation as a table: one row per alert, appended in
// batches while a scan runs. The columns are the field catalogue's (alert_fields.h):
// every printable field, in its order. Text is interned; each row keeps one pool id
// per field, the enums and flags it is filtered on, a parsed time, and where its
// event lives so the raw JSON is read back on demand.

#include "alert.h"
#include "alert_fields.h"
#include "extended_rule.h"
#include "review.h"
#include "string_pool.h"
#include "use_index.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <array>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace sharescope::session {

// Log text as the window shows it: characters that cannot be seen or that reorder text
// written as <U+200B> (text_safety.h), so that 1111<ZWSP>22223333 never passes for an account id.
QString visibleText(const QString &s);

class AlertModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        SortKeyRole = Qt::UserRole + 1,  // typed: time in ms, severity weight, or text
        FieldIdRole,                     // the pool id of the cell's text (0 when absent)
        SeverityRole,                    // the row's Severity, as an int
        AlertKeyRole,                    // the row's AlertKey text
        ReviewStatusRole,                // the row's ReviewStatus, as an int
    };

    struct Row {
        std::array<quint32, kAlertFieldCount> text{};  // pool id per AlertField; 0 is null
        quint32 trustId = 0;             // the grant's identity (added account, else raw grantee): what trusting it names
        qint64 timeMs = 0;
        EventLocation location;
        Severity severity = Severity::None;
        GranteeKind kind = GranteeKind::None;
        bool extended = false;
        bool isPublic = false;
        bool sentinel = false;
        quint16 keyOrdinal = 0;
        ReviewStatus status = ReviewStatus::New;
        quint32 noteId = 0;              // pool id of the review's note
        quint32 uses = 0;                // the share's uses (use_index.h), for sorting and ranking
        bool usedAfterRevocation = false;
    };

    // After the catalogue's columns: the analyst's decision.
    enum ReviewColumn { StatusColumn, NoteColumn, ReviewColumnCount };
    static int reviewColumn(ReviewColumn c) { return fieldColumnCount() + c; }
    // The review an alert had before (a reopened case, logs added again), by AlertKey;
    // asked for each row as it arrives (the key is only built when `hasAny` says there
    // are reviews at all: a first scan of a million alerts builds none).
    struct ReviewLookup {
        std::function<bool()> hasAny;
        std::function<const Review *(const QString &alertKey)> find;
    };
    void setReviewLookup(ReviewLookup lookup) { m_reviewLookup = std::move(lookup); }
    // Shows each row's decision (rows in display order, reviews[i] for rows[i]) and tells views once.
    void setReviews(const QList<int> &rows, const QVector<Review> &reviews);

    explicit AlertModel(QObject *parent = nullptr);

    // The window's columns: every field of the catalogue that is printed, in order,
    // then the review columns. fieldOf() is for columns below fieldColumnCount().
    static int columnOf(AlertField field);
    static AlertField fieldOf(int column);
    static int fieldColumnCount();
    static bool isFieldColumn(int column) { return column >= 0 && column < fieldColumnCount(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Files are numbered across scans: a scan's file i is global file (offset + i).
    quint32 addFiles(const QStringList &paths);
    void appendAlerts(std::vector<Alert> &&batch, quint32 fileOffset);
    void clear();

    // The model as bytes (alert_model_image.cpp), for a case file to reopen in a fraction
    // of the time parsing its alerts' JSON takes: the files, the strings and every row, in
    // arrival order. Not the reviews: those come from the case through the review lookup,
    // as for appended rows. imageFormat() names the layout (the catalogue included); an
    // image of another format is never read.
    QByteArray image() const;
    static QByteArray imageFormat();
    // Replaces the model with an image's content, as one reset, unsorted; false, and the
    // model unchanged, when the image is of another format or does not hold together
    // (every id, file index and enum is checked: a case file may be damaged or hostile).
    bool loadImage(const QByteArray &image);

    // A model's content made apart from any model, so that a case can be read on another
    // thread and shown in one step: its files, strings and rows in arrival order.
    struct Contents {
        QStringList files;
        StringPool pool;
        std::vector<Row> rows;
        bool reviewsApplied = false;  // the rows show the review lookup's decisions already
    };
    // What loadImage() would show; nullopt when it would refuse the image. Touches no model:
    // safe on any thread.
    static std::optional<Contents> decodeImage(const QByteArray &image);
    // Moves this model's content out, leaving it empty (a model filled on another thread);
    // its rows show the decisions of its review lookup.
    Contents takeContents();
    // Replaces the model with `contents`, as one reset, unsorted; rows take the reviews the
    // review lookup knows, as appended rows do (unless `contents` shows them already).
    void adopt(Contents &&contents);

    // Rows in display order (the model sorts itself; see sort()).
    const Row &row(int r) const { return m_rows[m_order[static_cast<size_t>(r)]]; }
    const QString &text(int r, AlertField f) const { return m_pool.at(row(r).text[static_cast<size_t>(f)]); }
    quint32 textId(const Row &row, AlertField f) const { return row.text[static_cast<size_t>(f)]; }
    // Rows in arrival order, for passes that want to walk memory sequentially.
    quint32 arrivalIndex(int r) const { return m_order[static_cast<size_t>(r)]; }
    const Row &arrivedRow(quint32 i) const { return m_rows[i]; }
    const StringPool &pool() const { return m_pool; }
    // The distinct texts of a field over every row, in order of first appearance (no null).
    QStringList distinctTexts(AlertField f) const;
    QString filePath(quint32 fileIndex) const { return m_files.value(static_cast<int>(fileIndex)); }
    const QStringList &files() const { return m_files; }

    // Sorting lives in the model, on contiguous typed keys, so that a million rows
    // sort in tens of milliseconds; rows that arrive later are merged into place.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // One sentence on what the alert is about, for the event pane.
    QString describe(int r) const;
    // The alert rebuilt from the row, every catalogue field set.
    Alert alertAt(int r) const;
    // The alert as one compact JSON object (the command line's jsonl keys).
    QByteArray rowJson(int r) const;
    // The row's AlertKey (alert_key.h).
    QString alertKey(int r) const;
    QString alertKeyOf(const Row &row) const;
    // The display text of a cell, as data(DisplayRole) gives it.
    QString cellText(const Row &row, AlertField field) const;
    // The same for any column, the review columns included.
    QString displayText(const Row &row, int column) const;

    // Revocations seen so far: rows whose grant was later ended show when.
    void addRevocations(std::vector<TimedRevocation> &&batch);
    // Uses of shares seen so far (their file indexes are the scan's: `fileOffset` as for
    // appendAlerts): rows whose share was used show how often, first when, and whether after
    // its revocation. Sorting by severity puts a used share above an unused one of its severity.
    void addUses(std::vector<ResourceUse> &&batch, quint32 fileOffset);
    // The uses of row r's share in time order, at most `limit` (valid until the next addUses).
    std::vector<const ResourceUse *> usesOf(int r, size_t limit) const;

    // Lists (conditions, access, organisation limits) are stored joined by this.
    static constexpr char kListSeparator = '\x1f';

private:
    // The sort key of arrival-order row i for the current sort column; `ranks` maps pool ids to their text order.
    quint64 sortKey(quint32 i, const std::vector<quint32> &ranks) const;
    std::vector<quint32> textRanks(AlertField f) const;
    std::vector<quint32> noteRanks() const;
    std::vector<quint32> ranksOf(const std::function<quint32(const Row &)> &idOf) const;
    std::vector<quint32> ranksForSort() const;
    bool before(quint32 a, quint32 b, const std::vector<quint32> &ranks) const;
    // Applies a new m_order, keeping persistent indexes (selection, current row) on their rows.
    void reorder(const std::function<void()> &permute);
    void mergeNewRows(size_t oldCount);
    Alert alertOf(const Row &row) const;
    Alert grantOf(const Row &row) const;  // just the fields revocations are matched on
    Alert shareOf(const Row &row) const;  // and those uses are matched on
    void showUses(Row &row, const Alert &withUses);  // copies applyUses' fields into the row
    void refreshUses(Row &row);
    // Whether the review lookup holds any review; applyKnownReview gives a row the one it holds for it.
    bool hasKnownReviews() const;
    void applyKnownReview(Row &row);
    // Builds m_rowsByResource from the rows, once, when the first uses arrive after loadImage.
    void indexRowsByResource();

    std::vector<Row> m_rows;        // arrival order
    RevocationIndex m_revocations;
    UseIndex m_uses;
    std::unordered_map<std::string, std::vector<quint32>> m_rowsByResource;  // useResourceKey -> arrival indexes of grants
    bool m_rowsByResourceStale = false;  // loaded from an image: built when first needed
    std::vector<quint32> m_order;   // display row -> index in m_rows
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    StringPool m_pool;
    QStringList m_files;
    ReviewLookup m_reviewLookup;
};

} // namespace sharescope::session
