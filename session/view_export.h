#pragma once
// Hands the filtered view on: the rows the analyst sees, in their order, as CSV or
// JSON lines with the command line's keys plus the review (status, classification,
// note). Written atomically (QSaveFile).

#include <QString>

namespace sharescope::session {

class AlertFilter;
class Investigation;

enum class ExportFormat { Csv, Jsonl };

// False with a message when the file cannot be written.
bool exportView(const Investigation &investigation, const QString &path, ExportFormat format, QString *error);

} // namespace sharescope::session
