#include "investigation.h"

#include "alert_format.h"
#include "alert_json.h"
#include "alert_key.h"
#include "log_file.h"
#include "parallel_for.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QStandardPaths>
#include <QThreadPool>

#include <utility>

namespace sharescope::session {

namespace {

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QString::fromLatin1(hash.result().toHex());
}

constexpr const char *kUntitledPrefix = "untitled-";

// A bound in the case's meta table: ISO 8601 in UTC with milliseconds (an end of day is
// its last millisecond), empty when that side is open.
QString boundText(const std::optional<int64_t> &ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

std::optional<int64_t> boundFrom(const QString &text)
{
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? std::optional<int64_t>(t.toMSecsSinceEpoch()) : std::nullopt;
}

// A model's review lookup (AlertModel::ReviewLookup) over `reviews`, by AlertKey; it reads
// them as they are at each call, so `reviews` must outlive the model's use of it.
AlertModel::ReviewLookup lookupIn(const QHash<QString, Review> &reviews)
{
    return {[&reviews] { return !reviews.isEmpty(); },
            [&reviews](const QString &key) -> const Review * {
                auto it = reviews.constFind(key);
                return it == reviews.constEnd() ? nullptr : &*it;
            }};
}

} // namespace

Investigation::Investigation(const QString &allowListPath, const QString &casesDir, QObject *parent)
    : QObject(parent)
{
    m_casesDir = casesDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/cases") : casesDir;
    m_model = new AlertModel(this);
    m_model->setReviewLookup(lookupIn(m_reviews));
    // What counts() keeps is gone with new rows and with a change of the allow-list: connected
    // first, so that it is gone before the filter and the views that ask for counts hear of it.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { m_counts.reset(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_counts.reset(); });
    m_filter = new AlertFilter(this);
    m_filter->setAlertModel(m_model);
    m_allowList = new AllowList(this);
    connect(m_allowList, &AllowList::changed, this, [this] { m_counts.reset(); });
    if (!m_allowList->load(allowListPath.isEmpty() ? AllowList::defaultPath() : allowListPath, &m_allowListError))
        m_allowListError = m_allowListError.isEmpty() ? tr("The allow-list could not be read.") : m_allowListError;
    m_filter->setAllowList(m_allowList);
    m_allowModel = new AllowListModel(m_allowList, m_filter, this);
    m_groups = new GroupModel(m_filter, this);
    m_timeline = new AlertTimeline(m_filter, this);
    m_timeline->setActive(false);
    connect(m_allowList, &AllowList::changed, this, &Investigation::saveAllowListToCase);
    connect(m_allowList, &AllowList::saveFailed, this, &Investigation::problem);
    m_controller = new ScanController(this);
    connect(m_controller, &ScanController::filesListed, this, &Investigation::onFilesListed);
    connect(m_controller, &ScanController::alertsFound, this, &Investigation::onAlerts);
    connect(m_controller, &ScanController::revocationsFound, this, [this](int job, auto batch) {
        if (job == m_controller->currentJob() && batch)
            m_model->addRevocations(std::move(*batch));
    });
    connect(m_controller, &ScanController::usesFound, this, [this](int job, auto batch) {
        if (job == m_controller->currentJob() && batch)
            m_model->addUses(std::move(*batch), m_fileOffset);
    });
    connect(m_controller, &ScanController::fileFailed, this, [this](int job, const QString &path, const QString &message) {
        if (job != m_controller->currentJob())
            return;
        ++m_failedFiles;
        emit fileFailed(path, message);
    });
    connect(m_controller, &ScanController::fileSkipped, this, [this](int job, const QString &path, const QString &reason) {
        if (job == m_controller->currentJob())
            emit fileSkipped(path, reason);
    });
    connect(m_controller, &ScanController::fileNoted, this, [this](int job, const QString &path, const QString &notice) {
        if (job == m_controller->currentJob())
            emit fileNoted(path, notice);
    });
    connect(m_controller, &ScanController::progressed, this, [this](int job, const ScanStatus &status) {
        if (job == m_controller->currentJob())
            emit progressed(status);
    });
    connect(m_controller, &ScanController::finished, this, &Investigation::onFinished);
}

Investigation::~Investigation()
{
    cancelLoad();
    m_controller->stop();
    m_case.reset();  // its writer finishes while this object is whole (it posts back to it)
    if (m_imageWriter.joinable())
        m_imageWriter.join();
}

QStringList Investigation::openPaths(const QStringList &paths)
{
    QStringList already, fresh;
    for (const QString &p : paths) {
        const QFileInfo info(p);
        const QString path = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
        if (m_openedPaths.contains(path) || fresh.contains(path))
            already << path;
        else
            fresh << path;
    }
    if (fresh.isEmpty())
        return already;
    if (!ensureCase())
        return already;
    m_openedPaths += fresh;
    m_queuedPaths += fresh;
    // While a case's alerts are read (the reader holds the file), finishLoad writes them and starts the scan.
    if (!m_loading)
        savePathsToCase();
    if (!isScanning() && !m_loading)
        startNextScan();
    return already;
}

void Investigation::startNextScan()
{
    if (m_queuedPaths.isEmpty())
        return;
    const QStringList paths = std::exchange(m_queuedPaths, {});
    // Events already loaded by an earlier scan (overlapping trails opened one by one) stay single.
    m_priorEventIds.clear();
    for (int r = 0; r < m_model->rowCount(); ++r)
        m_priorEventIds.insert(m_model->text(r, AlertField::EventId));
    emit scanStarted();
    m_controller->start(paths, m_mode, m_range);
}

void Investigation::rescan()
{
    if (m_openedPaths.isEmpty())
        return;
    waitForLoad();  // the case's alerts in first, so that the scan's replace them
    m_controller->stop();
    m_finishing = false;  // that scan's end is not waited for any more
    m_queuedPaths = m_openedPaths;
    m_model->clear();
    m_scannedFiles.clear();
    m_failedFiles = 0;
    m_sentinelOnly = 0;
    if (m_case && !m_case->isReadOnly())
        m_case->clearAlerts();  // reviews stay, by AlertKey
    startNextScan();
}

void Investigation::stop()
{
    m_queuedPaths.clear();
    m_controller->stop();
}

void Investigation::setMode(DetectionMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    if (m_case && !m_case->isReadOnly())
        m_case->setMeta(QStringLiteral("mode"), mode == DetectionMode::Sentinel ? QStringLiteral("sentinel") : QStringLiteral("extended"));
    rescan();
}

void Investigation::setTimeRange(const TimeRange &range)
{
    if (range.fromMs == m_range.fromMs && range.toMs == m_range.toMs)
        return;
    m_range = range;
    saveTimeRangeToCase();
    emit timeRangeChanged();
    rescan();
}

void Investigation::saveTimeRangeToCase()
{
    if (!m_case || m_case->isReadOnly())
        return;
    if (!m_case->setMeta(QStringLiteral("timeFrom"), boundText(m_range.fromMs)) || !m_case->setMeta(QStringLiteral("timeTo"), boundText(m_range.toMs)))
        emit problem(tr("The time range could not be saved in the case: %1").arg(m_case->lastError()));
}

void Investigation::onFilesListed(int job, const QStringList &files)
{
    if (job != m_controller->currentJob())
        return;
    m_fileOffset = m_model->addFiles(files);
    m_scannedFiles += files;
}

void Investigation::onAlerts(int job, std::shared_ptr<std::vector<Alert>> batch)
{
    if (job != m_controller->currentJob() || !batch)
        return;
    if (!m_priorEventIds.isEmpty())
        batch->erase(std::remove_if(batch->begin(), batch->end(),
                                    [this](const Alert &a) { return a.eventId && m_priorEventIds.contains(QString::fromStdString(*a.eventId)); }),
                     batch->end());
    QStringList names, types;
    QVector<CaseFile::StoredAlert> stored;
    stored.reserve(static_cast<qsizetype>(batch->size()));
    const std::string *lastEvent = nullptr;
    for (const Alert &a : *batch) {
        if (a.eventName)
            names << QString::fromStdString(*a.eventName);
        types << QString::fromStdString(a.resourceType);
        CaseFile::StoredAlert s;
        s.key = QString::fromStdString(alertKeyText(a));
        s.eventKey = a.eventId ? QString::fromStdString(*a.eventId) : s.key;
        const QString file = m_model->filePath(a.location.fileIndex + m_fileOffset);
        s.alertJson = QByteArray::fromStdString(alertToJson(a, file.toStdString()));
        // The alerts of one event share its text: store it once.
        if (a.eventJson && a.eventJson.get() != lastEvent)
            s.eventJson = QByteArray::fromStdString(*a.eventJson);
        lastEvent = a.eventJson.get();
        stored.push_back(std::move(s));
    }
    names.removeDuplicates();
    types.removeDuplicates();
    emit valuesSeen(names, types);
    // Written by the case's own thread: the window does not wait for SQLite while a scan streams in.
    if (m_case && !m_case->isReadOnly() && !stored.isEmpty())
        m_case->addAlertsInBackground(std::move(stored));
    m_model->appendAlerts(std::move(*batch), m_fileOffset);
}

void Investigation::storeLateFindings()
{
    // Alerts were stored as they arrived; revocations and uses read later in other files
    // changed some of them. The case keeps them as the window shows them.
    if (!m_case || m_case->isReadOnly())
        return;
    QVector<QPair<QString, QByteArray>> changed;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const AlertModel::Row &row = m_model->row(r);
        if (!row.uses && !m_model->textId(row, AlertField::RevokedAt))
            continue;
        const Alert a = m_model->alertAt(r);
        changed.push_back({m_model->alertKey(r), QByteArray::fromStdString(alertToJson(a, m_model->filePath(row.location.fileIndex).toStdString()))});
    }
    if (!changed.isEmpty() && !m_case->updateAlerts(changed))
        emit problem(tr("The case could not be saved: %1").arg(m_case->lastError()));
}

void Investigation::onFinished(int job, const ScanSummary &summary)
{
    if (job != m_controller->currentJob())
        return;
    // The alerts found may still be being written into the case: the scan ends once they are
    // in (what follows reads and changes them), without the window waiting for it. Until
    // then it counts as scanning, so logs opened meanwhile queue behind it.
    if (m_case && m_case->writingInBackground()) {
        m_finishing = true;
        m_case->whenWritten([this, summary, serial = m_caseSerial] {
            QMetaObject::invokeMethod(this, [this, summary, serial] {
                if (serial != m_caseSerial || !std::exchange(m_finishing, false))
                    return;  // another case, or a rescan, since
                finishScan(summary);
            }, Qt::QueuedConnection);
        });
        return;
    }
    finishScan(summary);
}

void Investigation::finishScan(const ScanSummary &summary)
{
    if (m_case)
        if (const QString failure = m_case->takeWriteFailure(); !failure.isEmpty())
            emit problem(tr("The case could not be saved: %1").arg(failure));
    m_sentinelOnly += summary.sentinelOnly;
    if (m_case && !m_case->isReadOnly())
        m_case->setMeta(QStringLiteral("sentinelOnly"), QString::number(m_sentinelOnly));
    storeLateFindings();
    if (!summary.cancelled && !m_queuedPaths.isEmpty()) {
        startNextScan();
        return;
    }
    recordInputs();
    storeImage();
    emit scanFinished(summary);
}

void Investigation::storeImage(QByteArray image)
{
    if (!m_case || m_case->isReadOnly() || m_loading)  // never an image of a model still empty
        return;
    // Made here, where the model lives (unless given), in a few hundred milliseconds at a
    // million alerts; written on a thread of its own through its own connection, while the
    // analyst goes on.
    if (image.isEmpty())
        image = m_model->image();
    if (m_imageWriter.joinable())
        m_imageWriter.join();
    m_imageWriter = std::thread([this, path = m_case->path(), image = std::move(image), generation = m_case->alertsGeneration()] {
        QString error;
        const bool ok = CaseFile::writeModelImage(path, image, AlertModel::imageFormat(), generation, &error);
        QMetaObject::invokeMethod(this, [this, ok, error] { emit imageStored(ok, error); }, Qt::QueuedConnection);
    });
}

bool Investigation::isUntitled() const
{
    return m_case && QFileInfo(m_case->path()).fileName().startsWith(QLatin1String(kUntitledPrefix));
}

bool Investigation::ensureCase()
{
    if (m_case)
        return true;
    QDir().mkpath(m_casesDir);
    const QString path = QDir(m_casesDir).filePath(QLatin1String(kUntitledPrefix)
                                                   + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))
                                                   + QStringLiteral(".sharescope"));
    QString error;
    m_case = CaseFile::create(path, &error);
    if (!m_case) {
        emit problem(tr("No case could be created (%1): decisions will not be kept.").arg(error));
        return false;
    }
    m_case->setMeta(QStringLiteral("mode"), m_mode == DetectionMode::Sentinel ? QStringLiteral("sentinel") : QStringLiteral("extended"));
    saveAllowListToCase();
    saveTimeRangeToCase();
    emit caseChanged();
    return true;
}

void Investigation::clearLoaded()
{
    cancelLoad();
    m_loadedFromImage = false;
    m_finishing = false;
    ++m_caseSerial;
    m_controller->stop();
    m_model->clear();
    m_reviews.clear();
    m_openedPaths.clear();
    m_queuedPaths.clear();
    m_scannedFiles.clear();
    m_changedInputs.clear();
    m_savedView.clear();
    m_failedFiles = 0;
    m_sentinelOnly = 0;
}

void Investigation::newCase()
{
    closeCase();
}

void Investigation::closeCase()
{
    clearLoaded();
    m_case.reset();
    if (!m_range.any()) {
        m_range = {};
        emit timeRangeChanged();
    }
    emit caseChanged();
    emit reviewsChanged();
}

bool Investigation::openCase(const QString &path, QString *error)
{
    QString why;
    std::unique_ptr<CaseFile> opened = CaseFile::open(path, &why);
    if (!opened) {
        if (error)
            *error = why;
        return false;
    }
    clearLoaded();
    m_case = std::move(opened);
    m_savedView = m_case->meta(QStringLiteral("view")).toUtf8();
    loadFromCase();
    emit caseChanged();
    emit reviewsChanged();
    return true;
}

void Investigation::loadFromCase()
{
    m_reviews = m_case->reviews();
    m_mode = m_case->meta(QStringLiteral("mode")) == QLatin1String("sentinel") ? DetectionMode::Sentinel : DetectionMode::Extended;
    m_sentinelOnly = m_case->meta(QStringLiteral("sentinelOnly")).toULongLong();
    m_range.fromMs = boundFrom(m_case->meta(QStringLiteral("timeFrom")));
    m_range.toMs = boundFrom(m_case->meta(QStringLiteral("timeTo")));
    emit timeRangeChanged();
    for (const QJsonValue &v : QJsonDocument::fromJson(m_case->meta(QStringLiteral("paths")).toUtf8()).array())
        m_openedPaths << v.toString();
    // The alerts are read on a thread of their own; finishLoad shows them.
    m_loading = true;
    const quint64 serial = ++m_loadSerial;
    m_loadCancel = std::make_shared<std::atomic<bool>>(false);
    m_loadResult = std::make_shared<LoadedAlerts>();
    m_loader = std::thread([this, serial, path = m_case->path(), reviews = m_reviews, cancel = m_loadCancel, result = m_loadResult] {
        *result = readCaseAlerts(path, reviews, *cancel);
        QMetaObject::invokeMethod(this, [this, serial] { finishLoad(serial); }, Qt::QueuedConnection);
    });
}

Investigation::LoadedAlerts Investigation::readCaseAlerts(const QString &path, const QHash<QString, Review> &reviews,
                                                         const std::atomic<bool> &cancel)
{
    // A model of this thread, which no view sees, gives the rows their decisions (building
    // a million AlertKeys takes a while) and interns what came as JSON; then it hands them over.
    AlertModel model;
    model.setReviewLookup(lookupIn(reviews));
    // The model's image when the case holds one made from its alerts as they are now; else
    // the alerts' JSON (and then finishLoad stores an image for the next time).
    LoadedAlerts out;
    const QByteArray image = CaseFile::readModelImage(path, AlertModel::imageFormat(), &out.readFailure);
    if (cancel.load())
        return out;
    if (std::optional<AlertModel::Contents> decoded = image.isEmpty() ? std::nullopt : AlertModel::decodeImage(image)) {
        model.adopt(std::move(*decoded));
        out.contents = model.takeContents();
        out.fromImage = true;
        return out;
    }
    QString failure;
    const QVector<QByteArray> lines = CaseFile::readAlertJsons(path, &failure);
    if (out.readFailure.isEmpty())
        out.readFailure = failure;
    // Parsed on every core, then their files numbered in order of first mention.
    const size_t count = static_cast<size_t>(lines.size());
    std::vector<Alert> parsed(count);
    std::vector<QString> paths(count);
    std::vector<char> read(count);
    parallelFor(count, 20000, [&](size_t begin, size_t end, int) {
        for (size_t i = begin; i < end && !cancel.load(std::memory_order_relaxed); ++i)
            read[i] = alertFromJson(lines.at(static_cast<qsizetype>(i)), parsed[i], paths[i]);
    });
    if (cancel.load())
        return out;
    QHash<QString, quint32> fileIndex;
    QStringList files;
    std::vector<Alert> alerts;
    alerts.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (!read[i])
            continue;
        auto it = fileIndex.constFind(paths[i]);
        if (it == fileIndex.constEnd()) {
            it = fileIndex.insert(paths[i], static_cast<quint32>(files.size()));
            files << paths[i];
        }
        parsed[i].location.fileIndex = *it;
        alerts.push_back(std::move(parsed[i]));
    }
    model.appendAlerts(std::move(alerts), model.addFiles(files));
    out.image = model.image();  // for the next open: made here, not on the window's thread
    out.contents = model.takeContents();
    return out;
}

void Investigation::finishLoad(quint64 serial)
{
    if (!m_loading || serial != m_loadSerial)
        return;  // a reader cancelled, or one waitForLoad() has finished already
    if (m_loader.joinable())
        m_loader.join();  // it has posted its last: it is ending
    m_loading = false;
    std::shared_ptr<LoadedAlerts> result = std::move(m_loadResult);
    LoadedAlerts &loaded = *result;
    m_loadedFromImage = loaded.fromImage;
    if (loaded.contents)
        m_model->adopt(std::move(*loaded.contents));
    m_scannedFiles = m_model->files();
    emit valuesSeen(m_model->distinctTexts(AlertField::EventName), m_model->distinctTexts(AlertField::ResourceType));

    // A big case is checked as it is read (CaseFile::verify): a damaged page makes it read-only.
    const QString damage = loaded.readFailure;
    if (!damage.isEmpty()) {
        m_case->markDamaged(damage);
        emit problem(m_case->readOnlyReason());
        emit caseChanged();
    }
    // After the alerts: a case found damaged while they were read is not written to.
    const QVector<CaseAllowEntry> trusted = m_case->allowList();
    if (!trusted.isEmpty() || m_case->meta(QStringLiteral("allowListSaved")) == QLatin1String("1")) {
        QVector<AllowEntry> entries;
        for (const CaseAllowEntry &e : trusted)
            entries.push_back({e.value, e.label, e.added, e.justification, e.owner, e.expires, e.fromAlert});
        m_allowList->replaceAll(entries);
    }
    if (damage.isEmpty() && !m_loadedFromImage)
        storeImage(std::move(loaded.image));
    checkInputs();
    emit caseLoaded();

    if (!m_queuedPaths.isEmpty() && !isScanning()) {  // logs opened while the alerts were read
        savePathsToCase();
        startNextScan();
    }
}

void Investigation::waitForLoad()
{
    if (!m_loading)
        return;
    if (m_loader.joinable())
        m_loader.join();
    finishLoad(m_loadSerial);
}

void Investigation::cancelLoad()
{
    if (m_loadCancel)
        m_loadCancel->store(true);
    if (m_loader.joinable())
        m_loader.join();
    m_loading = false;
    m_loadResult.reset();
}

bool Investigation::saveCaseAs(const QString &path, QString *error)
{
    waitForLoad();  // the copy gets an image of the alerts, not of a model still empty
    if (!m_case && !ensureCase()) {
        *error = tr("There is no case to save.");
        return false;
    }
    const QString old = m_case->path();
    const bool wasUntitled = isUntitled();
    if (!m_case->copyTo(path, error))
        return false;
    std::unique_ptr<CaseFile> copy = CaseFile::open(path, error);
    if (!copy)
        return false;
    m_case = std::move(copy);
    if (wasUntitled)  // it lives on under its name
        QFile::remove(old);
    // The copy was taken while an image may have been half written: it gets its own.
    if (!m_case->hasCurrentImage(AlertModel::imageFormat()))
        storeImage();
    emit caseChanged();
    return true;
}

void Investigation::savePathsToCase()
{
    if (m_case && !m_case->isReadOnly())
        m_case->setMeta(QStringLiteral("paths"), QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(m_openedPaths)).toJson(QJsonDocument::Compact)));
}

void Investigation::saveAllowListToCase()
{
    if (!m_case || m_case->isReadOnly())
        return;
    QVector<CaseAllowEntry> entries;
    for (const AllowEntry &e : m_allowList->entries())
        entries.push_back({e.account, e.label, e.justification, e.owner, e.added, e.expires, e.fromAlert});
    if (!m_case->setAllowList(entries) || !m_case->setMeta(QStringLiteral("allowListSaved"), QStringLiteral("1")))
        emit problem(tr("The allow-list could not be saved in the case: %1").arg(m_case->lastError()));
}

void Investigation::recordInputs()
{
    if (!m_case || m_case->isReadOnly())
        return;
    // Hashing reads every log again: off the GUI thread, written back when done.
    const QStringList files = m_scannedFiles;
    QHash<QString, CaseInput> known;  // a log with the size and time the case recorded keeps its hash
    for (const CaseInput &in : m_case->inputs())
        known.insert(in.path, in);
    QPointer<Investigation> self(this);
    const quint64 serial = m_caseSerial;
    // The global pool is waited for when the application quits: no hash outlives it.
    QThreadPool::globalInstance()->start([self, serial, files, known] {
        QVector<CaseInput> inputs;
        for (const QString &f : files) {
            const QFileInfo info(f);
            CaseInput in{f, info.size(), info.lastModified().toUTC(), {}};
            const auto it = known.constFind(f);
            const bool same = it != known.constEnd() && it->size == in.size && it->modified == in.modified && !it->sha256.isEmpty();
            in.sha256 = same ? it->sha256 : sha256Of(f);
            inputs.push_back(in);
            // While the file is in the page cache: index a big gzip log, so that the event
            // pane reads any of its records back in milliseconds.
            prepareReadBack(f.toStdString());
        }
        // Into the same investigation's case, even if it was saved under a new name meanwhile.
        QMetaObject::invokeMethod(qApp, [self, serial, inputs] {
            if (self && self->m_caseSerial == serial && self->m_case && !self->m_case->isReadOnly())
                self->m_case->setInputs(inputs);
        });
    });
}

void Investigation::checkInputs()
{
    const QVector<CaseInput> recorded = m_case->inputs();
    QPointer<Investigation> self(this);
    CaseFile *target = m_case.get();
    QThreadPool::globalInstance()->start([self, target, recorded] {
        QStringList changed;
        for (const CaseInput &in : recorded)
            if (!QFileInfo::exists(in.path) || sha256Of(in.path) != in.sha256)
                changed << in.path;
        QMetaObject::invokeMethod(qApp, [self, target, changed] {
            if (!self || self->m_case.get() != target)
                return;
            self->m_changedInputs = changed;
            emit self->inputsChecked();
        });
    });
}

bool Investigation::saveView(const ViewState &view)
{
    // While the alerts are read, the window shows no view of them: the case's stays.
    if (!m_case || m_case->isReadOnly() || m_loading)
        return true;
    const QByteArray json = view.toJson();
    if (json == m_savedView)
        return true;  // a resize back and forth, a re-sort by the same column: nothing to write
    if (!m_case->setMeta(QStringLiteral("view"), QString::fromUtf8(json))) {
        emit problem(tr("The view could not be saved in the case: %1").arg(m_case->lastError()));
        return false;
    }
    m_savedView = json;
    return true;
}

std::optional<ViewState> Investigation::savedView() const
{
    return m_case ? ViewState::fromJson(m_case->meta(QStringLiteral("view")).toUtf8()) : std::nullopt;
}

Review Investigation::review(int row) const
{
    return m_reviews.value(m_model->alertKey(row));
}

bool Investigation::applyReviews(const QList<int> &asked, const std::function<Review(const Review &)> &change)
{
    QList<int> rows;  // a row that is not there (a stale selection) decides nothing
    for (int r : asked)
        if (r >= 0 && r < m_model->rowCount())
            rows << r;
    if (rows.isEmpty())
        return true;
    if (!m_case && !ensureCase())
        return false;
    QStringList keys;
    QVector<Review> next;
    for (int r : rows) {
        keys << m_model->alertKey(r);
        next.push_back(change(m_reviews.value(keys.back())));
    }
    if (!m_case->setReviews(keys, next, CaseFile::currentUser())) {
        emit problem(tr("The decision could not be saved: %1").arg(m_case->lastError()));
        return false;
    }
    for (qsizetype i = 0; i < keys.size(); ++i) {
        m_reviews.insert(keys[i], next[i]);
        if (const AlertModel::Row &row = m_model->row(rows[i]); m_counts && !m_filter->isTrustedRow(row))
            m_counts->reviewed += int(isDecided(next[i].status)) - int(isDecided(row.status));
    }
    m_model->setReviews(rows, next);
    emit reviewsChanged();
    return true;
}

bool Investigation::setStatus(const QList<int> &rows, ReviewStatus status)
{
    return applyReviews(rows, [status](const Review &old) {
        Review r = old;
        r.status = status;
        r.classification = defaultClassification(status);
        r.updated = QDateTime::currentDateTimeUtc();
        r.updatedBy = CaseFile::currentUser();
        return r;
    });
}

bool Investigation::setNote(int row, const QString &note)
{
    return applyReviews({row}, [&note](const Review &old) {
        Review r = old;
        r.note = note;
        r.updated = QDateTime::currentDateTimeUtc();
        r.updatedBy = CaseFile::currentUser();
        return r;
    });
}

bool Investigation::setClassification(const QList<int> &rows, Classification c)
{
    return applyReviews(rows, [c](const Review &old) {
        Review r = old;
        r.classification = c;
        r.updated = QDateTime::currentDateTimeUtc();
        r.updatedBy = CaseFile::currentUser();
        return r;
    });
}

Investigation::Counts Investigation::counts() const
{
    // Kept between calls (the status bar asks after every key): one pass over a million
    // rows is some 10 ms. New rows and the allow-list drop it; a decision adjusts it.
    if (m_counts)
        return *m_counts;
    Counts c;
    for (quint32 i = 0; i < static_cast<quint32>(m_model->rowCount()); ++i) {  // arrival order: memory in sequence
        const AlertModel::Row &row = m_model->arrivedRow(i);
        if (m_filter->isTrustedRow(row))
            continue;
        ++c.untrusted;
        c.sentinel += row.sentinel;
        c.reviewed += isDecided(row.status);
    }
    m_counts = c;
    return c;
}

QVector<HistoryEntry> Investigation::history(int row) const
{
    return m_case ? m_case->history(m_model->alertKey(row)) : QVector<HistoryEntry>();
}

QByteArray Investigation::storedEventJson(int row) const
{
    if (!m_case)
        return {};
    const QString id = m_model->text(row, AlertField::EventId);
    return m_case->eventJson(id.isEmpty() ? m_model->alertKey(row) : id);
}

} // namespace sharescope::session
