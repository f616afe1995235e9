#pragma once
// One alert as a case file stores it (case_file.h): its AlertKey, its jsonl line, and the
// raw JSON of its event.

#include <QByteArray>
#include <QString>

namespace sharescope::session {

struct StoredAlert {
    QString key;
    QByteArray alertJson;
    QByteArray eventJson;   // may be empty when the same event was stored with an earlier alert
    QString eventKey;       // eventID, or the alert key when the event has none
};

} // namespace sharescope::session
