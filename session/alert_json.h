#pragma once
// Reads an alert back from its jsonl line (alert_format.h's alertToJson), field by
// field through the catalogue, so that a case file reopens its alerts exactly.

#include "alert.h"

#include <QByteArray>
#include <QString>

namespace sharescope::session {

// False when `line` is not such an object. `filePath` receives source.file.
bool alertFromJson(const QByteArray &line, Alert &out, QString &filePath);

} // namespace sharescope::session
