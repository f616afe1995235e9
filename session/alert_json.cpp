#include "alert_json.h"

#include "alert_fields.h"
#include "event_time.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sharescope::session {

bool alertFromJson(const QByteArray &line, Alert &a, QString &filePath)
{
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    a = Alert();
    a.extended = o.contains(QLatin1String("severity"));  // only extended alerts carry it
    for (const FieldSpec &spec : kAlertFields) {
        const QJsonValue v = o.value(QLatin1String(spec.key));
        if (v.isUndefined() || v.isNull()) {
            setField(a, spec.field, std::nullopt);
            continue;
        }
        if (v.isBool()) {
            setField(a, spec.field, std::string(v.toBool() ? "true" : "false"));
        } else if (v.isDouble()) {  // a count (FieldType::Count)
            setField(a, spec.field, std::to_string(static_cast<uint64_t>(std::max(0.0, v.toDouble()))));
        } else if (v.isArray()) {
            std::string joined;
            const QJsonArray items = v.toArray();
            for (qsizetype i = 0; i < items.size(); ++i)
                (i ? joined += '\x1f' : joined) += items[i].toString().toStdString();
            setField(a, spec.field, items.isEmpty() ? std::nullopt : std::optional<std::string>(joined), '\x1f');
        } else {
            setField(a, spec.field, v.toString().toStdString());
        }
    }
    // The ordinal is the last element of the key; the rest of the key follows from the fields.
    const QJsonArray key = QJsonDocument::fromJson(o.value(QLatin1String("alertKey")).toString().toUtf8()).array();
    if (!key.isEmpty())
        a.keyOrdinal = static_cast<uint16_t>(key.last().toInt());
    a.eventTimeMs = a.eventTime ? parseEventTimeMs(*a.eventTime).value_or(0) : 0;
    const QJsonObject source = o.value(QLatin1String("source")).toObject();
    filePath = source.value(QLatin1String("file")).toString();
    a.location.record = static_cast<uint64_t>(source.value(QLatin1String("record")).toDouble());
    a.location.offset = static_cast<uint64_t>(source.value(QLatin1String("offset")).toDouble());
    a.location.length = static_cast<uint64_t>(source.value(QLatin1String("length")).toDouble());
    a.location.inner = source.contains(QLatin1String("inner")) ? source.value(QLatin1String("inner")).toInt() : -1;
    return true;
}

} // namespace sharescope::session
