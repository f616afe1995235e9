// Every input shape the scanner recognises, each holding the same share
// (tests/data/inputs/README.md), plus digests, Insights and duplicates.
#include "event_text.h"
#include "gzip_index.h"
#include "key_date.h"
#include "log_file.h"
#include "sentinel_csv.h"
#include "speculative_inflater.h"
#include "gzip_support.h"
#include "test_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace sharescope;
using namespace sharescope::test;

namespace {
const std::string kShareId = "11111111-2222-3333-4444-555555555555";
}

class TestInputs : public QObject {
    Q_OBJECT
private slots:
    void shape_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *name : {"records.json", "records.json.gz", "lines.jsonl.gz", "gzip-no-ext.json", "array.json", "single.json",
                                 "lines.jsonl", "lines-detected.txt", "eventbridge.json", "eventbridge-array.json",
                                 "eventbridge.jsonl", "lookup-events.json", "pretty.json",
                                 "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0000Z_abc.json"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void shape()
    {
        QFETCH(QString, file);
        ScanResult r = scan({dataPath(QStringLiteral("inputs/") + file)});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QVERIFY2(r.outcomes[0].status == FileOutcome::Status::Read, r.outcomes[0].message.c_str());
        // The share and, except in the one-event shapes, the ordinary traffic around it.
        const bool single = file == QLatin1String("single.json") || file == QLatin1String("eventbridge.json");
        QVERIFY(r.summary.events >= (single ? 1u : 2u));
        QCOMPARE(r.alerts.size(), size_t(1));
        const Alert &a = r.alerts[0];
        QCOMPARE(*a.eventId, kShareId);
        QCOMPARE(a.addedAccount, std::string("444455556666"));
        QCOMPARE(*a.sharedResourceId, std::string("ami-0123456789abcdef0"));
        QCOMPARE(*a.actorAccountId, std::string("111122223333"));
        QCOMPARE(*a.userAccount, std::string("alice"));
        QCOMPARE(a.resourceType, std::string("AMI"));
        QVERIFY(a.location.length > 0);
    }

    void folderInS3LayoutWithOrganisationTrail()
    {
        ScanResult r = scan({dataPath(QStringLiteral("inputs/AWSLogs"))});
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        // The digest and the Insights file are skipped and counted, not read and not errors.
        QCOMPARE(r.summary.filesSkipped, uint64_t(2));
        QVERIFY(r.summary.filesRead >= 2);
        std::set<std::string> ids;
        for (const Alert &a : r.alerts)
            ids.insert(*a.eventId);
        QVERIFY(ids.count(kShareId));
        QVERIFY(ids.size() >= 2);  // the organisation trail's own share
    }

    // Inside a folder, files not named like logs are passed over and named with why; they
    // are neither read nor problems. Digests are listed, to be skipped with their reason.
    void folderPassesOverFilesNotNamedLikeLogs()
    {
        QTemporaryDir dir;
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("sub")));
        QVERIFY(root.mkpath(QStringLiteral("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/14")));
        const QString digest = QStringLiteral("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/14/111122223333_CloudTrail-Digest_us-east-1_x.json.gz");
        const QStringList logs = {QStringLiteral("records.json"), QStringLiteral("sub/no-extension"), digest};
        const QStringList passed = {QStringLiteral(".DS_Store"), QStringLiteral("README.md"), QStringLiteral("export.csv"),
                                    QStringLiteral("sub/.records.json.swp"), QStringLiteral("sub/notes.txt")};
        for (const QString &name : logs + passed)
            QVERIFY(QFile::copy(dataPath(QStringLiteral("inputs/records.json")), root.filePath(name)));
        ScanResult r = scan({dir.path()});
        QCOMPARE(r.problems.size(), size_t(0));
        QStringList read;
        for (const LogFile &f : r.files)
            read << root.relativeFilePath(QString::fromStdString(f.path));
        read.sort();
        QStringList expectedRead = logs;
        expectedRead.sort();
        QCOMPARE(read, expectedRead);
        const LogSources sources = discoverLogFiles({dir.path().toStdString()});
        std::vector<std::pair<std::string, std::string>> passedOver;
        for (const PassedOverFile &f : sources.passedOver)
            passedOver.emplace_back(root.relativeFilePath(QString::fromStdString(f.path)).toStdString(), f.reason);
        const std::vector<std::pair<std::string, std::string>> expected = {
            {".DS_Store", "hidden file"}, {"README.md", "not a log file name"}, {"export.csv", "not a log file name"},
            {"sub/.records.json.swp", "hidden file"}, {"sub/notes.txt", "not a log file name"}};
        QCOMPARE(passedOver, expected);
        // What was read: the two logs, the digest skipped with its reason; nothing failed.
        QCOMPARE(r.summary.filesRead, uint64_t(2));
        QCOMPARE(r.summary.filesSkipped, uint64_t(1));
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
        const FileOutcome *skipped = r.outcomeFor(QStringLiteral("_x.json.gz"));
        QVERIFY(skipped);
        QCOMPARE(skipped->message, std::string("CloudTrail digest file"));
        // Named on the command line, the same file is read whatever its name.
        ScanResult named = scan({root.filePath(QStringLiteral("sub/notes.txt"))});
        QCOMPARE(named.summary.filesRead, uint64_t(1));
        QCOMPARE(named.alerts.size(), size_t(1));
        QVERIFY(discoverLogFiles({root.filePath(QStringLiteral("sub/notes.txt")).toStdString()}).passedOver.empty());
    }

    void looseDigestIsSkippedByContent()
    {
        ScanResult r = scan({dataPath(QStringLiteral("inputs/digest-loose.json"))});
        QCOMPARE(r.outcomes.size(), size_t(1));
        QCOMPARE(r.outcomes[0].status, FileOutcome::Status::Skipped);
        QCOMPARE(r.summary.filesFailed, uint64_t(0));
    }

    void duplicateEventIdsAreReportedOnce()
    {
        for (unsigned threads : {1u, 2u}) {
            ScanResult r = scan({dataPath(QStringLiteral("inputs/duplicates"))}, threads);
            QCOMPARE(r.summary.filesRead, uint64_t(2));
            size_t dup = 0;
            for (const Alert &a : r.alerts)
                dup += a.eventId && a.eventId->rfind("77777777", 0) == 0;
            QCOMPARE(dup, size_t(1));
            QCOMPARE(r.summary.duplicateEvents, uint64_t(1));
        }
    }

    void bigGzipStreamsInBoundedWindows()
    {
        // A file big enough to cross many 4 KiB windows, with strings full of brackets,
        // quotes and backslashes, as Records, as JSON lines and cut short.
        QTemporaryDir dir;
        QByteArray records = "{\"Records\": [", lines;
        for (int i = 0; i < 3000; ++i) {
            const bool share = i % 97 == 0;
            QByteArray e = "{\"eventVersion\":\"1.08\",\"eventID\":\"id-" + QByteArray::number(i)
                + "\",\"eventTime\":\"2024-05-01T00:00:00Z\",\"userIdentity\":{\"accountId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:user/a\"},"
                  "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + (share ? "ModifyImageAttribute" : "DescribeImages")
                + "\",\"userAgent\":\"x \\\\\\\"}]{[\\\\ " + QByteArray(i % 50, 'p') + "\","
                  "\"requestParameters\":{\"imageId\":\"ami-" + QByteArray::number(i)
                + "\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}";
            records += (i ? ",\n" : "") + e;
            lines += e + "\n";
        }
        records += "]}";
        auto write = [&](const QString &name, const QByteArray &bytes, bool gzip) {
            const QString path = dir.filePath(name);
            if (gzip) {
                gzFile f = gzopen(path.toLocal8Bit().constData(), "wb6");
                gzwrite(f, bytes.constData(), unsigned(bytes.size()));
                gzclose(f);
            } else {
                QFile f(path);
                f.open(QIODevice::WriteOnly);
                f.write(bytes);
            }
            return path;
        };
        const QString plain = write(QStringLiteral("big.json"), records, false);
        const QString gz = write(QStringLiteral("big.json.gz"), records, true);
        const QString jsonl = write(QStringLiteral("big.jsonl.gz"), lines, true);

        auto run = [](const QString &path, bool smallWindow) {
            ScanOptions options;
            options.mode = DetectionMode::Sentinel;
            if (smallWindow)
                options.windowBytes = 4096;
            ScanResult r;
            LogSources sources = discoverLogFiles({path.toStdString()});
            CollectSink sink(&r);
            r.summary = Scanner(options).run(sources.files, sink);
            return r;
        };
        ScanResult whole = run(plain, false);
        QCOMPARE(whole.alerts.size(), size_t(31));
        const QString plainLines = write(QStringLiteral("big.jsonl"), lines, false);
        for (const QString &path : {plain, plainLines, gz, jsonl}) {
            ScanResult streamed = run(path, true);
            QVERIFY2(streamed.summary.filesFailed == 0, streamed.outcomes[0].message.c_str());
            QCOMPARE(streamed.summary.events, uint64_t(3000));
            QCOMPARE(streamed.alerts.size(), whole.alerts.size());
            QCOMPARE(streamed.summary.jsonBytes, uint64_t(path == gz || path == plain ? records.size() : lines.size()));
        }
        // Offsets are in the inflated stream: reading back through the stream gives the plain file's bytes.
        ScanResult streamed = run(gz, true);
        const Alert &a = streamed.alerts.back();
        std::string fromGz, fromPlain, error;
        QVERIFY(readFileRange(gz.toStdString(), a.location.offset, a.location.length, fromGz, error));
        QVERIFY(readFileRange(plain.toStdString(), a.location.offset, a.location.length, fromPlain, error));
        QCOMPARE(fromGz, fromPlain);
        QVERIFY(fromGz.find(*a.eventId) != std::string::npos);

        // Cut short: an error for the file, and the alerts read before the cut are kept.
        QFile full(gz);
        QVERIFY(full.open(QIODevice::ReadOnly));
        const QString cut = write(QStringLiteral("cut.json.gz"), full.readAll().left(int(full.size() / 2)), false);
        ScanResult truncated = run(cut, true);
        QCOMPARE(truncated.summary.filesFailed, uint64_t(1));
        QVERIFY(QString::fromStdString(truncated.outcomes[0].message).contains(QStringLiteral("gzip data is truncated")));
        QVERIFY(!truncated.alerts.empty() && truncated.alerts.size() < whole.alerts.size());
    }

    void recordsAreReadBackFromAccessPoints()
    {
        // Issue 9: reading one record back from a big gzip file starts at the nearest
        // access point, not at byte 0. 48 MB of varied lines in two gzip members with
        // zero padding between them (as the scan reads them); random ranges read back
        // must equal the plain bytes, and the index must hold points along the file. The
        // padding is 3 MB of zeros: skipped a chunk at a time, not a byte per read.
        QTemporaryDir dir;
        QByteArray plain;
        std::mt19937 rng(7);
        while (plain.size() < (48 << 20)) {
            plain += "{\"eventID\":\"" + QByteArray::number(quint64(rng())) + "\",\"n\":" + QByteArray::number(plain.size())
                + ",\"userAgent\":\"" + QByteArray(int(rng() % 200), char('a' + rng() % 26)) + "\"}\n";
        }
        const int half = int(plain.indexOf('\n', plain.size() / 2)) + 1;
        const QByteArray gz = gzipMember(plain.left(half), 6) + QByteArray(3 << 20, '\0') + gzipMember(plain.mid(half), 6);
        const QString path = dir.filePath(QStringLiteral("big.jsonl.gz"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(gz);
        f.close();

        auto readBack = [&](uint64_t offset, uint64_t length) {
            std::string out, error;
            if (!readFileRange(path.toStdString(), offset, length, out, error))
                qWarning("%s", error.c_str());
            return QByteArray::fromStdString(out);
        };
        // The far end first: this read inflates the file once and leaves points along it.
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(readBack(uint64_t(plain.size()) - 1000, 1000), plain.right(1000));
        const qint64 first = clock.restart();
        for (int i = 0; i < 40; ++i) {
            const uint64_t offset = rng() % uint64_t(plain.size() - 5000), length = 1 + rng() % 4000;
            QCOMPARE(readBack(offset, length), plain.mid(qsizetype(offset), qsizetype(length)));
        }
        // Across the members' seam, and the very start.
        QCOMPARE(readBack(uint64_t(half) - 300, 600), plain.mid(half - 300, 600));
        QCOMPARE(readBack(0, 100), plain.left(100));
        const qint64 later = clock.elapsed();
        qInfo("read back from a 48 MB gzip file: first far read %lld ms, then 43 reads in %lld ms", qint64(first), qint64(later));
        const int fd = ::open(path.toLocal8Bit().constData(), O_RDONLY);
        QVERIFY(fd >= 0);
        const std::shared_ptr<GzipIndex> index = GzipIndexCache::instance().indexFor(path.toStdString(), fd);
        ::close(fd);
        QVERIFY2(index->pointCount() >= size_t(plain.size() / GzipIndex::kSpacing), QByteArray::number(qulonglong(index->pointCount())));

        // The file rewritten (another size): the old index is dropped, the new bytes read.
        const QByteArray other = plain.left(1 << 20).replace("eventID", "EVENTid");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(gzipMember(other));
        f.close();
        QCOMPARE(readBack(500000, 2000), other.mid(500000, 2000));
        // Cut short: an error naming where the data ends, never a crash or a wrong record.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(gz.left(gz.size() / 3));
        f.close();
        std::string out, error;
        QVERIFY(!readFileRange(path.toStdString(), uint64_t(plain.size()) - 1000, 1000, out, error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("gzip data ends")), error.c_str());
    }

    // Every byte a window gives, and the error it ends with.
    static std::string readAll(const QString &path, bool ahead, std::string &error)
    {
        WindowBuffer buffer;
        OpenedLog log = openLog(path.toStdString(), buffer, 64u << 10, ahead);
        std::string bytes;
        if (!log.window)
            return bytes;
        for (;;) {
            bytes.append(log.window->data(), log.window->size());
            if (!log.window->advance(log.window->size()))
                break;
        }
        error = log.window->error();
        return bytes;
    }

    // 12 MB of lines that compress poorly, so that their gzip copy is big enough to be read ahead.
    static QByteArray randomLines(unsigned seed, int bytes)
    {
        QByteArray plain;
        std::mt19937 rng(seed);
        while (plain.size() < bytes) {
            QByteArray pad(int(rng() % 300), 'q');
            for (char &c : pad)
                c = char('a' + rng() % 26);
            plain += "{\"n\":" + QByteArray::number(quint64(rng())) + ",\"pad\":\"" + pad + "\"}\n";
        }
        return plain;
    }

    void readingAheadGivesTheSameBytesAndErrors()
    {
        // A big gzip file inflated ahead on another thread (prefetch_window.h) gives the
        // bytes, the size and the error the direct window gives, in the same order: whole,
        // and cut short (its error after every byte before the cut). A plain file asked to
        // be read ahead is read directly, with the same result.
        QTemporaryDir dir;
        const QByteArray plain = randomLines(11, 12 << 20);
        const QByteArray gz = gzipMember(plain);
        QVERIFY(gz.size() > (4 << 20));  // big enough to be read ahead
        for (const QString &path : {writeFile(dir, QStringLiteral("big.jsonl"), plain), writeFile(dir, QStringLiteral("big.jsonl.gz"), gz),
                                    writeFile(dir, QStringLiteral("cut.jsonl.gz"), gz.left(gz.size() * 2 / 3))}) {
            std::string aheadError, plainError;
            const std::string ahead = readAll(path, true, aheadError), direct = readAll(path, false, plainError);
            QCOMPARE(ahead.size(), direct.size());
            QVERIFY(ahead == direct);
            QCOMPARE(aheadError, plainError);
            if (path.contains(QStringLiteral("cut")))
                QVERIFY2(QString::fromStdString(aheadError).contains(QStringLiteral("truncated")), aheadError.c_str());
            else
                QVERIFY(ahead == plain.toStdString());
        }
    }

    void readingAheadChecksEachMemberAsTheInflaterWould_data()
    {
        // Read ahead, each member's CRC-32 and size (RFC 1952 section 2.3.1: CRC32 and ISIZE,
        // little-endian, after the compressed blocks) are checked by the reader's thread, the
        // header and trailer read by the window itself (member_check.h). Read directly, ISA-L
        // checks them. Both must give the same bytes and the same error, whatever the damage.
        QTest::addColumn<QByteArray>("gz");
        QTest::addColumn<QString>("error");  // what the error says, empty for none
        const QByteArray plain = randomLines(12, 12 << 20);
        const QByteArray one = gzipMember(plain);
        // Many members whose headers carry every optional field, up to 60 KB of extra field:
        // some of them cross the window's 256 KB reads. Then an empty member and zero padding.
        QByteArray many;
        std::mt19937 rng(5);
        for (int at = 0; at < plain.size();) {
            const int len = std::min(int(plain.size()) - at, int(200000 + rng() % 800000));
            many += gzipMemberWithHeader(plain.mid(at, len), int(rng() % 60000));
            at += len;
        }
        many += gzipMember(QByteArray()) + QByteArray(1000, '\0');
        QTest::newRow("one member") << one << QString();
        QTest::newRow("many members, padding") << many << QString();
        auto flip = [](QByteArray bytes, qsizetype at) {
            bytes[at] = char(bytes[at] ^ 0x01);
            return bytes;
        };
        QTest::newRow("bad CRC-32") << flip(one, one.size() - 8) << QStringLiteral("checksum mismatch");
        QTest::newRow("bad size") << flip(one, one.size() - 1) << QStringLiteral("checksum mismatch");
        // A member in the middle with a bad CRC: the bytes up to its end, then the error.
        const qsizetype middle = many.indexOf(QByteArray::fromHex("1f8b081e"), many.size() / 2);
        Q_ASSERT(middle > 0);
        QTest::newRow("bad CRC-32 in the middle") << flip(many, middle - 8) << QStringLiteral("checksum mismatch");
        QTest::newRow("cut in a trailer") << one.left(one.size() - 3) << QStringLiteral("truncated");
        QTest::newRow("cut in a header") << many.left(middle + 30) << QStringLiteral("truncated");
        QTest::newRow("bad header") << flip(many, middle + 2) << QStringLiteral("corrupt");
        // Damage inside the compressed blocks: the window ends at the first error ISA-L finds
        // (or at the checksum), and never inflates on past it (found by fuzz_gzip_split).
        QByteArray records;
        for (int n = 0; records.size() < (24 << 20); ++n)
            records += "{\"eventVersion\":\"1.08\",\"eventID\":\"" + QByteArray::number(qint64(n) * 7919) + "\",\"n\":" + QByteArray::number(n) + "},";
        const QByteArray repetitive = gzipMember(records, 6);
        for (int at : {404, 1000, 5000})
            QTest::newRow(qPrintable(QStringLiteral("damaged blocks %1").arg(at))) << flip(repetitive, at) << QStringLiteral("corrupt");
    }

    void readingAheadChecksEachMemberAsTheInflaterWould()
    {
        QFETCH(QByteArray, gz);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("members.jsonl.gz"), gz);
        std::string aheadError, directError;
        const std::string ahead = readAll(path, true, aheadError), direct = readAll(path, false, directError);
        QCOMPARE(ahead.size(), direct.size());
        QVERIFY(ahead == direct);
        QCOMPARE(aheadError, directError);
        if (error.isEmpty())
            QVERIFY2(aheadError.empty(), aheadError.c_str());
        else
            QVERIFY2(QString::fromStdString(aheadError).contains(error), aheadError.c_str());
        QVERIFY(!ahead.empty());
    }

    void speculativeInflateFromABlockInTheMiddle()
    {
        // Issue 9, one big gzip file on two cores: a decoder that starts at a block in the
        // middle of a deflate stream, before the 32 KB of output before it are known, must
        // find a true block start (RFC 1951 section 3.2.3: blocks follow each other bit by
        // bit), and once given those 32 KB inflate exactly what one decoder from the start
        // gives there. The records repeat their keys, as CloudTrail's do, so most bytes copy
        // from the unknown window for megabytes (a byte-for-byte agreement never comes).
        QByteArray plain;
        std::mt19937 rng(21);
        while (plain.size() < (10 << 20))
            plain += "{\"eventVersion\":\"1.08\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeImages\","
                     "\"requestID\":\"" + QByteArray::number(quint64(rng()), 16) + "\",\"sourceIPAddress\":\"10.0."
                     + QByteArray::number(rng() % 256) + "." + QByteArray::number(rng() % 256) + "\"},\n";
        // Raw deflate (zlib, level 6), and where its blocks start: zlib stops at each (Z_BLOCK).
        z_stream z{};
        QVERIFY(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
        QByteArray packed(int(deflateBound(&z, uLong(plain.size()))), '\0');
        z.next_in = reinterpret_cast<Bytef *>(plain.data());
        z.avail_in = uInt(plain.size());
        z.next_out = reinterpret_cast<Bytef *>(packed.data());
        z.avail_out = uInt(packed.size());
        QCOMPARE(deflate(&z, Z_FINISH), Z_STREAM_END);
        packed.resize(int(z.total_out));
        deflateEnd(&z);
        std::map<uint64_t, uint64_t> blocks;  // bit offset -> inflated offset
        {
            z_stream u{};
            QVERIFY(inflateInit2(&u, -15) == Z_OK);
            std::vector<unsigned char> sink(1 << 20);
            u.next_in = reinterpret_cast<Bytef *>(packed.data());
            u.avail_in = uInt(packed.size());
            for (int r = Z_OK; r == Z_OK;) {
                u.next_out = sink.data();
                u.avail_out = uInt(sink.size());
                r = inflate(&u, Z_BLOCK);
                if ((u.data_type & 128) && !(u.data_type & 64))
                    blocks[8 * u.total_in - (u.data_type & 7)] = u.total_out;
            }
            inflateEnd(&u);
        }
        QVERIFY(blocks.size() > 20);
        const auto *data = reinterpret_cast<const unsigned char *>(packed.constData());
        const size_t size = size_t(packed.size());

        SpeculativeInflater inflater;
        uint64_t bit = 8 * uint64_t(size / 2);
        while (!inflater.begin(data, size, bit))
            ++bit;
        QVERIFY2(blocks.count(bit), "the start found is a block's");
        const uint64_t blockStart = blocks[bit];
        QVERIFY(blockStart > SpeculativeInflater::kWindow);
        // Speculate for a while, then learn the window and go on exactly to the end.
        size_t at = inflater.consumed(), used = 0;
        while (inflater.produced() < (1u << 20)) {
            QVERIFY(inflater.speculate(data + at, size - at, used));
            at += used;
        }
        QVERIFY(inflater.resolve(reinterpret_cast<const unsigned char *>(plain.constData()) + blockStart - SpeculativeInflater::kWindow));
        const uint64_t exactFrom = blockStart + inflater.produced();
        std::string exact;
        std::vector<unsigned char> out(256 << 10);
        bool finished = false;
        while (!finished) {
            size_t produced = 0;
            QVERIFY(inflater.inflate(data + at, size - at, used, out.data(), out.size(), produced, finished));
            at += used;
            exact.append(reinterpret_cast<const char *>(out.data()), produced);
            QVERIFY(used > 0 || produced > 0 || finished);
        }
        QCOMPARE(qsizetype(exactFrom + exact.size()), plain.size());
        QVERIFY(exact == plain.mid(qsizetype(exactFrom)).toStdString());

        // A place that is not a block start is refused: each bit just after the true one.
        for (uint64_t b = bit + 1; b < bit + 64; ++b)
            QVERIFY(blocks.count(b) || !SpeculativeInflater().begin(data, size, b));
    }

    void wrapperParsedWholeLocatesEachEvent()
    {
        // "Records" not first: the wrapper is parsed whole, and each event keeps its index in it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("meta-first.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"exportedBy\":\"a tool\",\"Records\":[{\"eventName\":\"DescribeImages\",\"eventID\":\"first\"},"
                "{\"eventName\":\"ModifyImageAttribute\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"second\","
                "\"userIdentity\":{\"accountId\":\"111122223333\"},\"requestParameters\":{\"imageId\":\"ami-1\","
                "\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}}}]}");
        f.close();
        ScanResult r = scan({path});
        QCOMPARE(r.alerts.size(), size_t(1));
        const Alert &a = r.alerts[0];
        QCOMPARE(a.location.inner, 1);
        std::string raw, error;
        QVERIFY(readEventText(path.toStdString(), a.location.offset, a.location.length, raw, error));
        const PrettyEvent shown = prettyEvent(raw, a.location.inner);
        QVERIFY(shown.text.find("\"second\"") != std::string::npos);
        QVERIFY(shown.text.find("\"first\"") == std::string::npos);
        QVERIFY(shown.lines.count(a.firingPath));
    }

    void keyDates_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("delivered");  // KeyDelivery::text, empty: no date in the key
        const QString dir = QStringLiteral("b/AWSLogs/111122223333/CloudTrail/us-east-1/2025/04/30/");
        QTest::newRow("name") << dir + QStringLiteral("111122223333_CloudTrail_us-east-1_20250430T0010Z_Mu0KsOhtH1ar15ZZ.json.gz")
                              << QStringLiteral("2025-04-30 00:10 UTC");
        QTest::newRow("organisation trail")
            << QStringLiteral("AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2025/04/30/111122223333_CloudTrail_eu-west-1_20250430T2359Z_x.json")
            << QStringLiteral("2025-04-30 23:59 UTC");
        QTest::newRow("name alone") << QStringLiteral("/tmp/111122223333_CloudTrail_us-east-1_20240229T1200Z_y.json.gz") << QStringLiteral("2024-02-29 12:00 UTC");
        QTest::newRow("folders alone") << dir + QStringLiteral("copy.json") << QStringLiteral("2025-04-30");
        QTest::newRow("name wins") << QStringLiteral("AWSLogs/1/CloudTrail/r/2025/04/30/111122223333_CloudTrail_us-east-1_20250501T0001Z_z.json")
                                   << QStringLiteral("2025-05-01 00:01 UTC");
        QTest::newRow("no such day") << QStringLiteral("AWSLogs/1/CloudTrail/r/2025/02/30/copy.json") << QString();
        QTest::newRow("no such minute") << QStringLiteral("111122223333_CloudTrail_us-east-1_20250430T2460Z_y.json") << QString();
        QTest::newRow("11-digit account") << QStringLiteral("11112222333_CloudTrail_us-east-1_20250430T0010Z_y.json") << QString();
        QTest::newRow("digest") << QStringLiteral("AWSLogs/1/CloudTrail-Digest/us-east-1/2025/04/30/"
                                                  "111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250430T010000Z.json.gz")
                                << QString();
        QTest::newRow("folders not under CloudTrail/REGION") << QStringLiteral("backup/2025/04/30/events.json") << QString();
        QTest::newRow("no date") << QStringLiteral("exports/events.json") << QString();
    }

    void keyDates()
    {
        QFETCH(QString, path);
        QFETCH(QString, delivered);
        const std::optional<KeyDelivery> key = deliveryFromKey(path.toStdString());
        QCOMPARE(key.has_value(), !delivered.isEmpty());
        if (key) {
            QCOMPARE(QString::fromStdString(key->text), delivered);
            QVERIFY(key->latestMs > key->earliestMs);
        }
    }

    void rangeSkipsOnlyPastTheMargins_data()
    {
        QTest::addColumn<QString>("stamp");  // the file name's delivery minute
        QTest::addColumn<bool>("skipped");
        // Range: the whole of 30 April 2025. Before it: 15 minutes of margin after the minute the name keeps.
        QTest::newRow("23:44 the day before") << QStringLiteral("20250429T2344Z") << true;
        QTest::newRow("23:45 the day before") << QStringLiteral("20250429T2345Z") << false;
        QTest::newRow("in the range") << QStringLiteral("20250430T1200Z") << false;
        // After it: up to 24 hours after the range's last millisecond.
        QTest::newRow("00:10 the day after") << QStringLiteral("20250501T0010Z") << false;
        QTest::newRow("23:59 the day after") << QStringLiteral("20250501T2359Z") << false;
        QTest::newRow("00:00 two days after") << QStringLiteral("20250502T0000Z") << true;
    }

    void rangeSkipsOnlyPastTheMargins()
    {
        QFETCH(QString, stamp);
        QFETCH(bool, skipped);
        TimeRange range;
        range.fromMs = parseRangeStart("2025-04-30", nullptr);
        range.toMs = parseRangeEnd("2025-04-30", nullptr);
        const std::string path = "AWSLogs/111122223333/CloudTrail/us-east-1/" + stamp.left(4).toStdString() + "/" + stamp.mid(4, 2).toStdString()
            + "/" + stamp.mid(6, 2).toStdString() + "/111122223333_CloudTrail_us-east-1_" + stamp.toStdString() + "_u.json.gz";
        const std::string reason = rangeSkipReason(path, range);
        QVERIFY2(reason.empty() != skipped, reason.c_str());
        QVERIFY(rangeSkipReason(path, TimeRange{}).empty());  // no range, nothing skipped
    }

    void sentinelCsvExports_data()
    {
        // tests/data/sentinel/README.md
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("alerts");  // "eventTime resource grantee", sorted
        QTest::addColumn<QString>("notice");
        QTest::newRow("ambiguous, day first by default")
            << QStringLiteral("portal-ambiguous.csv")
            << QStringList{QStringLiteral("2025-05-03T10:00:00.000Z acme-exports 777788889999"),
                           QStringLiteral("2025-05-04T09:45:54.000Z snap-0a1b2c3d4e5f60718 444455556666")}
            << QStringLiteral("dates like 04/05/2025 read as day/month (4 May 2025), the default: no date in the file settles it "
                              "(4 dates fit both readings)");
        QTest::newRow("US, settled by a later date")
            << QStringLiteral("portal-us-ascending.csv")
            << QStringList{QStringLiteral("2025-04-05T09:45:54.000Z snap-0aaaaaaaaaaaaaaa1 444455556666"),
                           QStringLiteral("2025-04-21T13:30:00.000Z acme-us-exports 777788889999")}
            << QString();
        QTest::newRow("both orders")
            << QStringLiteral("portal-mixed.csv")
            << QStringList{QStringLiteral("2025-04-03T11:00:00.000Z ami-0ddddddddddddddd3 444455556666"),
                           QStringLiteral("2025-04-21T09:00:00.000Z snap-0ddddddddddddddd1 444455556666"),
                           QStringLiteral("2025-04-22T10:00:00.000Z acme-mixed 777788889999")}
            << QStringLiteral("its dates are written both day first (21/04/2025) and month first (04/22/2025): each date that only "
                              "one reading fits is read that way; dates like 03/04/2025 read as day/month (3 April 2025), the "
                              "default, for the 1 date that fits both");
        QTest::newRow("ISO 8601")
            << QStringLiteral("iso-times.csv")
            << QStringList{QStringLiteral("2025-04-21T09:45:54Z ami-0fffffffffffffff1 444455556666"),
                           QStringLiteral("2025-04-21T09:47:00.250Z acme-iso 777788889999")}
            << QString();
    }

    void sentinelCsvExports()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, alerts);
        QFETCH(QString, notice);
        const QString path = dataPath(QStringLiteral("sentinel/") + file);
        ScanResult r = scan({path}, 1, DetectionMode::Extended);
        QCOMPARE(r.outcomes.size(), size_t(1));
        QVERIFY2(r.outcomes[0].status == FileOutcome::Status::Read, r.outcomes[0].message.c_str());
        QCOMPARE(QString::fromStdString(r.outcomes[0].notice), notice);
        QStringList found;
        for (const Alert &a : r.alerts) {
            found << QString::fromStdString(*a.eventTime + ' ' + *a.sharedResourceId + ' ' + a.addedAccount);
            QCOMPARE(*a.actorAccountId, std::string("111122223333"));
            QVERIFY(a.eventTimeMs > 0);  // an ISO time the rest of the engine reads
            // The event pane reads the row back on its own, and reads its date as the scan did.
            std::string raw, error;
            QVERIFY2(readEventText(path.toStdString(), a.location.offset, a.location.length, raw, error), error.c_str());
            const QJsonObject row = QJsonDocument::fromJson(QByteArray::fromStdString(raw)).object();
            QCOMPARE(row[QStringLiteral("TimeGenerated")].toString(), QString::fromStdString(*a.eventTime));
            QCOMPARE(row[QStringLiteral("EventName")].toString(), QString::fromStdString(*a.eventName));
        }
        found.sort();
        QCOMPARE(found, alerts);
        QCOMPARE(r.summary.events, uint64_t(file == QLatin1String("portal-mixed.csv") || file == QLatin1String("iso-times.csv") ? 3 : 4));
    }

    void sentinelCsvSecondPassAppliesTheTimeRange()
    {
        // The US export's first share reads 4 May until 4/21 settles the file month-first: a range
        // of 5 April alone must keep it (the second pass) and drop everything else.
        const QString path = dataPath(QStringLiteral("sentinel/portal-us-ascending.csv"));
        ScanResult r;
        CollectSink sink(&r);
        ScanOptions options{1, DetectionMode::Extended};
        options.range.fromMs = parseRangeStart("2025-04-05", nullptr);
        options.range.toMs = parseRangeEnd("2025-04-05", nullptr);
        r.summary = Scanner(options).run({LogFile{path.toStdString(), 0, {}}}, sink);
        QCOMPARE(r.alerts.size(), size_t(1));
        QCOMPARE(*r.alerts[0].sharedResourceId, std::string("snap-0aaaaaaaaaaaaaaa1"));
        QCOMPARE(*r.alerts[0].eventTime, std::string("2025-04-05T09:45:54.000Z"));
        // The bucket policy of 21 April, and the failed AssumeRole (read as a possible use of a share).
        QCOMPARE(r.summary.eventsOutsideRange, uint64_t(2));
        QCOMPARE(r.summary.duplicateEvents, uint64_t(0));     // the first pass's events are not counted twice
    }

    void csvDateReadingDecidesPerFile_data()
    {
        QTest::addColumn<QStringList>("times");
        QTest::addColumn<QStringList>("read");  // iso() of each, after every time was noted and a second pass if needed
        QTest::newRow("12-hour clock") << QStringList{QStringLiteral("4/21/2025, 12:00:00 AM"), QStringLiteral("4/21/2025, 12:30:00.5 PM")}
                                       << QStringList{QStringLiteral("2025-04-21T00:00:00.000Z"), QStringLiteral("2025-04-21T12:30:00.500Z")};
        QTest::newRow("year first") << QStringList{QStringLiteral("2020/10/16 0:00:01.403")} << QStringList{QStringLiteral("2020-10-16T00:00:01.403Z")};
        QTest::newRow("dots, day first") << QStringList{QStringLiteral("5.4.2025, 09:00:00"), QStringLiteral("21.4.2025, 09:00:00")}
                                         << QStringList{QStringLiteral("2025-04-05T09:00:00.000Z"), QStringLiteral("2025-04-21T09:00:00.000Z")};
        QTest::newRow("same day and month") << QStringList{QStringLiteral("04/04/2025, 08:00:00")} << QStringList{QStringLiteral("2025-04-04T08:00:00.000Z")};
        QTest::newRow("not a date") << QStringList{QStringLiteral("13/13/2025, 08:00:00"), QStringLiteral("31/02/2025, 08:00:00"), QStringLiteral("yesterday")}
                                    << QStringList{QStringLiteral("13/13/2025, 08:00:00"), QStringLiteral("31/02/2025, 08:00:00"), QStringLiteral("yesterday")};
    }

    void csvDateReadingDecidesPerFile()
    {
        QFETCH(QStringList, times);
        QFETCH(QStringList, read);
        auto pass = [&](std::optional<DateOrder> forced) {
            CsvDateReading dates(forced);
            QStringList out;
            for (const QString &t : times) {
                dates.note(t.toStdString());
                out << QString::fromStdString(dates.iso(t.toStdString()));
            }
            return std::make_pair(out, dates);
        };
        auto [first, dates] = pass(std::nullopt);
        if (dates.needsSecondPass())
            first = pass(dates.fileOrder()).first;
        QCOMPARE(first, read);
    }

    void alertsLeaveABigFileInBatches()
    {
        // Issue 9: inside a big file the window must see alerts as they are found, not when the
        // file ends. 3,000 shares in one JSON lines file, one thread: several batches reach the
        // sink before the file's end, together all of them, each alert once.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const int shares = 3000;
        for (int i = 0; i < shares; ++i) {
            const QString account = QStringLiteral("4444%1").arg(i, 8, 10, QLatin1Char('0'));
            f.write(QStringLiteral(R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","accountId":"111122223333","arn":"arn:aws:iam::111122223333:user/u"},)"
                                   R"("eventTime":"2024-06-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"ModifyImageAttribute",)"
                                   R"("requestParameters":{"imageId":"ami-0%1","launchPermission":{"add":{"items":[{"userId":"%2"}]}}},)"
                                   R"("eventID":"e-%1","recipientAccountId":"111122223333"})")
                        .arg(i)
                        .arg(account)
                        .toUtf8()
                    + '\n');
        }
        f.close();

        struct Sequence : ScanSink {
            std::vector<size_t> batches;
            size_t beforeEnd = 0;
            bool ended = false;
            std::set<std::string> keys;
            void alertsFound(std::vector<Alert> &&batch) override
            {
                batches.push_back(batch.size());
                beforeEnd += ended ? 0 : 1;
                for (const Alert &a : batch)
                    keys.insert(*a.eventId);
            }
            void fileFinished(const FileOutcome &) override { ended = true; }
        } sink;
        Scanner(ScanOptions{1, DetectionMode::Extended}).run({LogFile{path.toStdString(), static_cast<uint64_t>(QFileInfo(path).size()), {}}}, sink);
        QVERIFY2(sink.beforeEnd >= 3, qPrintable(QString::number(sink.beforeEnd)));
        QCOMPARE(std::accumulate(sink.batches.begin(), sink.batches.end(), size_t(0)), size_t(shares));
        QCOMPARE(sink.keys.size(), size_t(shares));
    }

    void sameResultOnOneThreadAndMany()
    {
        ScanResult one = scan({dataPath(QStringLiteral("inputs"))}, 1);
        ScanResult many = scan({dataPath(QStringLiteral("inputs"))}, 4);
        QCOMPARE(one.alerts.size(), many.alerts.size());
        QCOMPARE(one.summary.events, many.summary.events);
        QCOMPARE(one.summary.filesRead, many.summary.filesRead);
    }
};

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"
