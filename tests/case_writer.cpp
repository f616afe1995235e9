// A child process for tst_session: opens a case and records decisions one by one,
// printing the number of each after its transaction commits, until it is killed.
#include "case_file.h"

#include <QCoreApplication>

#include <cstdio>

using namespace sharescope::session;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    QString error;
    std::unique_ptr<CaseFile> c = CaseFile::open(QString::fromLocal8Bit(argv[1]), &error);
    if (!c || c->isReadOnly()) {
        std::fprintf(stderr, "case_writer: %s\n", qPrintable(c ? c->readOnlyReason() : error));
        return 1;
    }
    for (int i = 0;; ++i) {
        Review r;
        r.status = i % 2 ? ReviewStatus::Malicious : ReviewStatus::Benign;
        r.note = QStringLiteral("decision %1").arg(i);
        if (!c->setReview(QStringLiteral("[\"evt-%1\",\"S3Bucket\",\"b\",\"444455556666\",\"\",0]").arg(i), r, QStringLiteral("writer")))
            return 1;
        std::printf("%d\n", i);
        std::fflush(stdout);
    }
}
