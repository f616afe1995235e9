// What a case file holds for its alerts, over hostile bytes. The model image
// (AlertModel::loadImage): a valid image of a small model, overwritten at the places and
// with the bytes the input names and cut where it says. Loading must never crash or hang;
// an image it accepts must give a model whose every row can be shown and written as JSON,
// and whose own image loads again. And an alert's JSON line (alertFromJson), the input as is.
#include "alert_json.h"
#include "alert_model.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace sharescope;
using namespace sharescope::session;

namespace {

const QByteArray &validImage()
{
    static const QByteArray image = [] {
        AlertModel model;
        model.addFiles({QStringLiteral("/logs/a.json"), QStringLiteral("/logs/b.json.gz")});
        std::vector<Alert> alerts;
        for (int i = 0; i < 6; ++i) {
            Alert a;
            a.eventId = "evt-" + std::to_string(i);
            a.eventTime = "2024-03-1" + std::to_string(i) + "T00:00:00Z";
            a.eventName = i % 2 ? "ModifySnapshotAttribute" : "PutBucketPolicy";
            a.resourceType = i % 2 ? "EBSSnapshot" : "S3Bucket";
            a.sharedResourceId = "res-" + std::to_string(i % 3);
            a.addedAccount = "44445555666" + std::to_string(i);
            a.extended = i % 3 != 0;
            a.severity = static_cast<Severity>(i % 5);
            a.granteeKind = a.extended ? GranteeKind::Account : GranteeKind::None;
            a.location = {static_cast<uint32_t>(i % 2), static_cast<uint64_t>(i), 100u * i, 90, i % 2 ? -1 : i};
            alerts.push_back(std::move(a));
        }
        model.appendAlerts(std::move(alerts), 0);
        return model.image();
    }();
    return image;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    {
        Alert alert;
        QString file;
        if (alertFromJson(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)), alert, file)) {
            AlertModel one;
            one.appendAlerts({alert}, one.addFiles({file}));
            (void)one.rowJson(0);
        }
    }
    // Input: [cut: 4 bytes] then (offset: 2 bytes, byte) triples written over the image.
    QByteArray image = validImage();
    if (size >= 4) {
        uint32_t cut;
        std::memcpy(&cut, data, 4);
        if (cut % 4 == 0)  // most inputs keep the whole length, so the overwrites are what is tested
            image.truncate(static_cast<qsizetype>(cut % (static_cast<uint32_t>(image.size()) + 1)));
        for (size_t at = 4; at + 3 <= size; at += 3) {
            const size_t offset = (size_t(data[at]) | size_t(data[at + 1]) << 8) % static_cast<size_t>(std::max<qsizetype>(image.size(), 1));
            if (!image.isEmpty())
                image[static_cast<qsizetype>(offset)] = static_cast<char>(data[at + 2]);
        }
    }
    AlertModel model;
    if (!model.loadImage(image))
        return model.rowCount() == 0 ? 0 : (std::abort(), 0);  // refused: the model unchanged
    for (int r = 0; r < model.rowCount(); ++r) {
        (void)model.rowJson(r);
        (void)model.describe(r);
        for (int c = 0; c < model.columnCount(); ++c)
            (void)model.data(model.index(r, c), Qt::DisplayRole);
    }
    AlertModel again;
    if (!again.loadImage(model.image()) || again.rowCount() != model.rowCount())
        std::abort();  // what it accepted, it must write and read back
    return 0;
}
