#include "view_export.h"

#include "alert_format.h"
#include "investigation.h"

#include <QSaveFile>

namespace sharescope::session {

namespace {

std::string reviewJson(const Review &r)
{
    std::string out = ",\"reviewStatus\":";
    appendJsonString(out, statusKey(r.status).toStdString());
    out += ",\"classification\":";
    appendJsonString(out, classificationKey(r.classification).toStdString());
    out += ",\"note\":";
    appendJsonString(out, r.note.toStdString());
    return out;
}

} // namespace

bool exportView(const Investigation &inv, const QString &path, ExportFormat format, QString *error)
{
    const AlertFilter *filter = inv.filter();
    const AlertModel *model = inv.alerts();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const bool extended = inv.mode() == DetectionMode::Extended;
    const std::vector<AlertField> columns = csvColumns(extended);
    if (format == ExportFormat::Csv) {
        std::string header;
        for (AlertField f : columns)
            header += std::string(fieldSpec(f).key) + ',';
        file.write(QByteArray::fromStdString(header + "source,reviewStatus,classification,note\r\n"));
    }
    for (int r = 0; r < filter->rowCount(); ++r) {
        const int row = filter->mapToSource(filter->index(r, 0)).row();
        const Alert a = model->alertAt(row);
        const Review review = inv.review(row);
        const std::string file_path = model->filePath(a.location.fileIndex).toStdString();
        std::string line;
        if (format == ExportFormat::Jsonl) {
            line = alertToJson(a, file_path);
            line.pop_back();  // the closing brace: the review goes inside the object
            line += reviewJson(review) + "}\n";
        } else {
            for (AlertField f : columns)
                line += csvCell(fieldText(a, f)) + ',';
            line += csvCell(file_path + ':' + std::to_string(a.location.record)) + ',' + csvCell(statusKey(review.status).toStdString()) + ','
                + csvCell(classificationKey(review.classification).toStdString()) + ',' + csvCell(review.note.toStdString()) + "\r\n";
        }
        file.write(line.data(), static_cast<qint64>(line.size()));
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace sharescope::session
