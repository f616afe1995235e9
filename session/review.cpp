#include "review.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace sharescope::session {

namespace {
constexpr std::array<std::pair<ReviewStatus, const char *>, 5> kStatus = {{
    {ReviewStatus::New, "new"}, {ReviewStatus::InReview, "inReview"}, {ReviewStatus::Benign, "benign"},
    {ReviewStatus::Suspicious, "suspicious"}, {ReviewStatus::Malicious, "malicious"},
}};
constexpr std::array<std::pair<Classification, const char *>, 5> kClass = {{
    {Classification::None, ""}, {Classification::TruePositive, "truePositive"}, {Classification::BenignPositive, "benignPositive"},
    {Classification::FalsePositive, "falsePositive"}, {Classification::Undetermined, "undetermined"},
}};
} // namespace

QString statusKey(ReviewStatus s)
{
    return QString::fromLatin1(kStatus[static_cast<size_t>(s)].second);
}

std::optional<ReviewStatus> parseStatus(const QString &key)
{
    for (const auto &[v, k] : kStatus)
        if (key == QLatin1String(k))
            return v;
    return std::nullopt;
}

QString classificationKey(Classification c)
{
    return QString::fromLatin1(kClass[static_cast<size_t>(c)].second);
}

std::optional<Classification> parseClassification(const QString &key)
{
    for (const auto &[v, k] : kClass)
        if (key == QLatin1String(k))
            return v;
    return std::nullopt;
}

QString statusTitle(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::New: return QCoreApplication::translate("Review", "New");
    case ReviewStatus::InReview: return QCoreApplication::translate("Review", "In review");
    case ReviewStatus::Benign: return QCoreApplication::translate("Review", "Benign");
    case ReviewStatus::Suspicious: return QCoreApplication::translate("Review", "Suspicious");
    case ReviewStatus::Malicious: return QCoreApplication::translate("Review", "Malicious");
    }
    return {};
}

QString classificationTitle(Classification c)
{
    switch (c) {
    case Classification::None: return {};
    case Classification::TruePositive: return QCoreApplication::translate("Review", "True positive");
    case Classification::BenignPositive: return QCoreApplication::translate("Review", "Benign positive");
    case Classification::FalsePositive: return QCoreApplication::translate("Review", "False positive");
    case Classification::Undetermined: return QCoreApplication::translate("Review", "Undetermined");
    }
    return {};
}

Classification defaultClassification(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Malicious: return Classification::TruePositive;
    case ReviewStatus::Benign: return Classification::BenignPositive;
    case ReviewStatus::Suspicious: return Classification::Undetermined;
    default: return Classification::None;
    }
}

} // namespace sharescope::session
