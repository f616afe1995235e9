// The SIMD element splitter against a plain byte-by-byte reference, on inputs built
// to put quotes, backslash runs and brackets on every side of the 64-byte blocks.
#include "element_splitter.h"
#include "candidate_events.h"
#include "prefilter.h"
#include "resource_use.h"

#include <QtTest>

#include <random>

using namespace sharescope;

namespace {

struct Span {
    size_t start, end;
    bool operator==(const Span &o) const { return start == o.start && end == o.end; }
};

// Reference: the obvious state machine, one byte at a time.
std::vector<Span> referenceSplit(const std::string &s, size_t begin, size_t *closing)
{
    std::vector<Span> out;
    int depth = 0;
    bool inString = false, escaped = false;
    size_t start = 0;
    for (size_t i = begin; i < s.size(); ++i) {
        char c = s[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[') {
            if (depth++ == 0)
                start = i;
        } else if (c == '}' || c == ']') {
            if (depth == 0) {
                *closing = i;
                return out;
            }
            if (--depth == 0)
                out.push_back({start, i + 1});
        }
    }
    *closing = SIZE_MAX;
    return out;
}

std::string randomString(std::mt19937 &rng)
{
    static const char *pieces[] = {"a", "{", "}", "[", "]", "\\\\", "\\\"", "\\\\\\\"", "x\\\\", ",", ":", " ", "eventName", "\\n"};
    std::string s = "\"";
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i)
        s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    return s + "\"";
}

std::string randomValue(std::mt19937 &rng, int depth)
{
    switch (depth > 3 ? rng() % 2 : rng() % 4) {
    case 0: return randomString(rng);
    case 1: return std::to_string(rng() % 100000);
    case 2: {
        std::string s = "[";
        int n = static_cast<int>(rng() % 4);
        for (int i = 0; i < n; ++i)
            s += (i ? "," : "") + randomValue(rng, depth + 1);
        return s + "]";
    }
    default: {
        std::string s = "{";
        int n = static_cast<int>(rng() % 5);
        for (int i = 0; i < n; ++i)
            s += (i ? ", " : "") + randomString(rng) + ":" + randomValue(rng, depth + 1);
        return s + "}";
    }
    }
}

// Splits with the baseline kernel and, where the CPU has them, with the AVX2 and AVX-512
// kernels too: every split in these tests checks that they agree span for span.
int g_kernelDisagreements = 0;
int g_kernelComparisons = 0;
int g_avx512Comparisons = 0;

std::vector<Span> split(const std::string &s, size_t begin, Separator sep, SplitResult *result)
{
    std::vector<Span> out;
    *result = splitElementsSse2(s.data(), s.size(), begin, sep, SplitFlags{}, [&](size_t a, size_t b) {
        out.push_back({a, b});
        return true;
    });
    auto compare = [&](const char *name, const SplitResult &r, const std::vector<Span> &wide) {
        ++g_kernelComparisons;
        if (wide != out || r.status != result->status || r.position != result->position) {
            ++g_kernelDisagreements;
            qWarning("the SSE2 and %s kernels disagree on: %s", name, s.c_str());
        }
    };
    if (detail::cpuHasAvx2Kernel()) {
        std::vector<Span> wide;
        const SplitResult r = splitElementsAvx2(s.data(), s.size(), begin, sep, SplitFlags{}, [&](size_t a, size_t b) {
            wide.push_back({a, b});
            return true;
        });
        compare("AVX2", r, wide);
    }
    if (detail::cpuHasAvx512Kernel()) {
        std::vector<Span> wide;
        const SplitResult r = splitElementsAvx512(s.data(), s.size(), begin, sep, SplitFlags{}, [&](size_t a, size_t b) {
            wide.push_back({a, b});
            return true;
        });
        compare("AVX-512", r, wide);
        ++g_avx512Comparisons;
    }
    return out;
}

} // namespace

class TestSplitter : public QObject {
    Q_OBJECT
private slots:
    void cleanupTestCase()
    {
        // Every split above ran on every kernel the CPU has.
        QCOMPARE(g_kernelDisagreements, 0);
        if (detail::cpuHasAvx2Kernel())
            QVERIFY(g_kernelComparisons > 3000);
        if (detail::cpuHasAvx512Kernel())
            QVERIFY(g_avx512Comparisons > 3000);
        qInfo("%d splits compared with the SSE2 kernel's (%d of them AVX-512's)", g_kernelComparisons, g_avx512Comparisons);
    }

    void matchesReferenceOnRandomArrays()
    {
        std::mt19937 rng(42);
        for (int round = 0; round < 3000; ++round) {
            std::string doc = std::string(rng() % 70, ' ') + "[";
            int n = static_cast<int>(rng() % 8);
            for (int i = 0; i < n; ++i) {
                std::string element;
                do
                    element = randomValue(rng, 0);
                while (element[0] != '{' && element[0] != '[');  // records are objects (or arrays)
                doc += (i ? "," : "") + std::string(rng() % 3, '\n') + element;
            }
            doc += "]";
            const size_t begin = doc.find('[') + 1;
            size_t closing;
            auto expected = referenceSplit(doc, begin, &closing);
            SplitResult r;
            auto got = split(doc, begin, Separator::Comma, &r);
            QCOMPARE(r.status, SplitResult::Status::ClosingBracket);
            QCOMPARE(r.position, closing);
            QVERIFY2(got == expected, doc.c_str());
        }
    }

    void escapesAcrossBlockBoundaries()
    {
        // Put a run of k backslashes before a quote so that it straddles byte 64, for every k and shift.
        for (int shift = 50; shift < 70; ++shift) {
            for (int k = 0; k < 6; ++k) {
                std::string inner(static_cast<size_t>(shift), 'a');
                inner += std::string(static_cast<size_t>(k), '\\');
                if (k % 2 == 1)
                    inner += "\"]}{";  // escaped quote: the brackets after it are inside the string
                std::string doc = "[{\"k\":\"" + inner + "\"},{\"x\":1}]";
                size_t closing;
                auto expected = referenceSplit(doc, 1, &closing);
                SplitResult r;
                auto got = split(doc, 1, Separator::Comma, &r);
                QCOMPARE(r.status, SplitResult::Status::ClosingBracket);
                QCOMPARE(got.size(), size_t(2));
                QVERIFY2(got == expected, doc.c_str());
            }
        }
    }

    void jsonLinesAndErrors()
    {
        SplitResult r;
        auto got = split("{\"a\":1}\n{\"b\":\"}\"}\n\n[1]\n", 0, Separator::Whitespace, &r);
        QCOMPARE(r.status, SplitResult::Status::EndOfInput);
        QCOMPARE(got.size(), size_t(3));

        split("{\"a\":1},{\"b\":2}", 0, Separator::Whitespace, &r);
        QCOMPARE(r.status, SplitResult::Status::BadSeparator);
        QCOMPARE(r.position, size_t(7));

        split("[{\"a\":1} {\"b\":2}]", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::BadSeparator);

        split("[{\"a\":1},,{\"b\":2}]", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::BadSeparator);
        QCOMPARE(r.position, size_t(9));

        split("[{\"a\":1},]", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::BadSeparator);

        split("[{\"a\":1}, {\"b\": [2, 3", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::Truncated);
        QCOMPARE(r.position, size_t(10));

        split("[{\"a\":\"unterminated}]", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::Truncated);

        split("[{\"a\":1}, 42]", 1, Separator::Comma, &r);
        QCOMPARE(r.status, SplitResult::Status::BadSeparator);
        QCOMPARE(r.position, size_t(10));
    }

    void candidateNamesAreLookedUpAsTheListSays()
    {
        // isCandidateName (a hash set) answers as matchesCandidate (the list) does, for
        // every listed name, its prefixes' longer names, and near misses.
        for (bool sentinel : {true, false}) {
            const std::span<const EventNamePattern> list = candidateEventNames(sentinel);
            QVERIFY(list.size() >= (sentinel ? 5u : 50u));  // rule 0236: four names and the Lambda prefix
            for (const EventNamePattern &p : list) {
                std::string lower(p.name);
                for (char &c : lower)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                for (const std::string &name : {lower, lower + "20150331", lower.substr(0, lower.size() - 1), lower + "x", "x" + lower}) {
                    QCOMPARE(isCandidateName(sentinel, name), matchesCandidate(list, name));
                }
                QVERIFY(isCandidateName(sentinel, lower));
            }
            QVERIFY(!isCandidateName(sentinel, "describeinstances"));
        }
        QVERIFY(isCandidateName(true, "addpermission20150331v2"));  // Lambda's versioned names, by prefix
    }

    void prefilterFindsEveryEventNameKey()
    {
        auto wantsImage = [](std::string_view n) { return n == "modifyimageattribute"; };
        auto classify = [&](const std::string &s) { return classifyRecord(s.data(), s.data() + s.size(), wantsImage); };
        QCOMPARE(classify(R"({"eventName":"ModifyImageAttribute"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName" :  "modifyIMAGEattribute"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"EventName":"ModifyImageAttribute"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName":"DescribeImages"})"), RecordKind::Ordinary);
        QCOMPARE(classify(R"({"a":"eventName", "b":1})"), RecordKind::NotAnEvent);
        QCOMPARE(classify(R"({"x":1})"), RecordKind::NotAnEvent);
        // A nested eventName (e.g. in an EventBridge rule pattern) before the real one must not hide it.
        const std::string padding(300, 'p');
        QCOMPARE(classify(R"({"requestParameters":{"eventName":"GetObject","p":")" + padding + R"("},"eventName":"ModifyImageAttribute"})"),
                 RecordKind::Candidate);
        // A name we cannot read plainly is a candidate: the parser decides.
        QCOMPARE(classify(R"({"eventName":"Modify\u0049mageAttribute"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName":null})"), RecordKind::Candidate);
    }

    void prefilterReadsOnlyTheTopLevelEventName()
    {
        auto wantsImage = [](std::string_view n) { return n == "modifyimageattribute"; };
        auto classify = [&](const std::string &s) { return classifyRecord(s.data(), s.data() + s.size(), wantsImage); };
        const std::string padding(200, 'p');
        // A key spelled with an escape is the event's name for the parser: a plain nested one must not hide it.
        QCOMPARE(classify("{\"event\\u004eame\":\"ModifyImageAttribute\",\"requestParameters\":{\"eventName\":\"DescribeImages\"}}"),
                 RecordKind::NotAnEvent);
        QCOMPARE(classify("{\"event\\u004eame\":\"ModifyImageAttribute\",\"eventName\":\"DescribeImages\"}"), RecordKind::Candidate);
        // A wanted name nested in the request of an ordinary event is not the event's name.
        QCOMPARE(classify(R"({"eventName":"DescribeImages","requestParameters":{"eventName":"ModifyImageAttribute"}})"),
                 RecordKind::Ordinary);
        QCOMPARE(classify(R"({"requestParameters":{"x":[{"eventName":"ModifyImageAttribute","p":")" + padding
                          + R"("}]},"eventName":"DescribeImages"})"),
                 RecordKind::Ordinary);
        // Brackets inside strings before the key do not change its depth.
        QCOMPARE(classify("{\"userAgent\":\"}}{[\",\"eventName\":\"ModifyImageAttribute\"}"), RecordKind::Candidate);
        QCOMPARE(classify("{\"userAgent\":\"}}{[\",\"eventName\":\"DescribeImages\"}"), RecordKind::Ordinary);
        // An escape before the key: unsure, parsed.
        QCOMPARE(classify("{\"a\":\"{\\\"eventName\\\":1}\",\"eventName\":\"DescribeImages\"}"), RecordKind::Candidate);
        // Sentinel rows: "EventName" counts only when there is no "eventName".
        QCOMPARE(classify(R"({"EventName":"ModifyImageAttribute","eventName":"DescribeImages"})"), RecordKind::Ordinary);
        QCOMPARE(classify("{\"EventName\":\"DescribeImages\",\"RequestParameters\":\"{\\\"x\\\":1}\"}"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"EventName":"DescribeImages","RequestParameters":"{}"})"), RecordKind::Ordinary);
    }

    void prefilterReadsOnlyCallsFromOutsideAsUses()
    {
        // A possible use of a share is parsed only with CloudTrail's signs of a call from outside
        // (prefilter.h): most GetObject, Decrypt and AssumeRole calls are the account's own.
        auto wantsImage = [](std::string_view n) { return n == "modifyimageattribute"; };
        auto classify = [&](const std::string &s) { return classifyRecord(s.data(), s.data() + s.size(), wantsImage, &useInterest); };
        const std::string body(700, 'b');  // longer than the tail the marker is looked for in
        const std::string own = "{\"userIdentity\":{\"accountId\":\"111122223333\"},\"eventName\":\"GetObject\",\"requestParameters\":{\"p\":\""
            + body + "\"},\"recipientAccountId\":\"111122223333\"";
        QCOMPARE(classify(own + "}"), RecordKind::Ordinary);
        QCOMPARE(classify(own + R"(,"sharedEventID":"5e29-1","eventCategory":"Data"})"), RecordKind::Candidate);
        QCOMPARE(classify("{\"userIdentity\":{\"type\":\"AWSAccount\",\"principalId\":\"\",\"accountId\":\"anonymous\"},\"eventName\":\"GetObject\",\"p\":\"" + body + "\"}"),
                 RecordKind::Candidate);
        // An AWS service calling for the account (EC2 assuming an instance role) is delivered to
        // several accounts too, but names none of its own: not parsed.
        QCOMPARE(classify(R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventName":"AssumeRole","sharedEventID":"5e"})"),
                 RecordKind::Ordinary);
        // The marker in a short record, and at the very end of a long one.
        QCOMPARE(classify(R"({"eventName":"Decrypt","sharedEventID":"5e"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName":"Decrypt","p":")" + body + R"(","sharedEventID":""})"), RecordKind::Candidate);
        // "anonymous" inside the request (after the name) is not the caller.
        QCOMPARE(classify(R"({"eventName":"GetObject","requestParameters":{"key":"anonymous"},"p":")" + body + R"("})"), RecordKind::Ordinary);
        // A sharedEventID far from the end is not where CloudTrail writes it: not looked for.
        QCOMPARE(classify(R"({"sharedEventID":"x","eventName":"Decrypt","p":")" + body + R"("})"), RecordKind::Ordinary);
        // Rare uses are always read; names that are neither detections nor uses never.
        QCOMPARE(classify(R"({"eventName":"SharedSnapshotVolumeCreated"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName":"AssumeRoleWithWebIdentity"})"), RecordKind::Candidate);
        QCOMPARE(classify(R"({"eventName":"DescribeInstances","sharedEventID":"x"})"), RecordKind::Ordinary);
        // Another format's keys are not in CloudTrail's order: parsed.
        QCOMPARE(classify(R"({"EventName":"Decrypt","RecipientAccountId":"111122223333"})"), RecordKind::Candidate);
        // Without a use filter (rule 0236 mode) uses are never parsed.
        QCOMPARE(classifyRecord(own.data(), own.data() + own.size(), wantsImage), RecordKind::Ordinary);
    }
};

QTEST_GUILESS_MAIN(TestSplitter)
#include "tst_splitter.moc"
