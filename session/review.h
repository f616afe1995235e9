#pragma once
// An analyst's decision on one alert: a status (the triage workflow), a
// classification in Microsoft Sentinel's incident vocabulary, and a note.

#include <QDateTime>
#include <QString>

#include <optional>

namespace sharescope::session {

enum class ReviewStatus : quint8 { New, InReview, Benign, Suspicious, Malicious };
enum class Classification : quint8 { None, TruePositive, BenignPositive, FalsePositive, Undetermined };

// Whether an alert with this status has a decision (Benign, Suspicious, Malicious): what
// "reviewed" counts and "unreviewed only" hides.
constexpr bool isDecided(ReviewStatus s) { return s != ReviewStatus::New && s != ReviewStatus::InReview; }

struct Review {
    ReviewStatus status = ReviewStatus::New;
    Classification classification = Classification::None;
    QString note;
    QDateTime updated;   // UTC
    QString updatedBy;

    bool isReviewed() const { return isDecided(status); }
};

// Stored and exported spellings ("new", "inReview", "benign", ...; "truePositive", ...).
QString statusKey(ReviewStatus s);
std::optional<ReviewStatus> parseStatus(const QString &key);
QString classificationKey(Classification c);
std::optional<Classification> parseClassification(const QString &key);
// What the window shows ("In review", "Benign positive", ...).
QString statusTitle(ReviewStatus s);
QString classificationTitle(Classification c);
// The classification a status implies when the analyst gives none (Sentinel's
// closing reasons): Malicious is a true positive, Benign a benign positive.
Classification defaultClassification(ReviewStatus s);

} // namespace sharescope::session
