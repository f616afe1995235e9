// Kusto's dynamic semantics as rule 0236 uses them (shared/reference/kusto-semantics.md).
#include "kusto_value.h"

#include <QtTest>

using namespace sharescope;
using kusto::Value;

class TestKusto : public QObject {
    Q_OBJECT

    simdjson::dom::parser parser;
    Value parse(const char *json) { return Value::of(parser.parse(std::string_view(json)).value(), "x"); }

private slots:
    void mvExpandArrayGivesOneRowPerElement()
    {
        auto rows = kusto::mvExpand(parse(R"(["a","b"])"));
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(*kusto::toString(rows[1]), std::string("b"));
        QCOMPARE(rows[1].path, std::string("x[1]"));
    }

    void mvExpandEmptyGivesNoRow()
    {
        QCOMPARE(kusto::mvExpand(parse("[]")).size(), size_t(0));
        QCOMPARE(kusto::mvExpand(parse("{}")).size(), size_t(0));
    }

    void mvExpandNullAndScalarGiveOneRow()
    {
        auto nullRows = kusto::mvExpand(Value::null());
        QCOMPARE(nullRows.size(), size_t(1));
        QVERIFY(nullRows[0].isNull());
        auto scalar = kusto::mvExpand(parse(R"("444455556666")"));
        QCOMPARE(scalar.size(), size_t(1));
        QCOMPARE(*kusto::toString(scalar[0]), std::string("444455556666"));
    }

    void mvExpandObjectGivesSingleEntryBags()
    {
        auto rows = kusto::mvExpand(parse(R"({"Effect":"Allow","Principal":{"AWS":"1"}})"));
        QCOMPARE(rows.size(), size_t(2));
        // Each bag has only its own key: the lone-Statement case of the rule.
        QCOMPARE(*kusto::toString(kusto::member(rows[0], "Effect")), std::string("Allow"));
        QVERIFY(kusto::member(rows[1], "Effect").isNull());
        QVERIFY(kusto::member(kusto::member(rows[0], "Principal"), "AWS").isNull());
        QCOMPARE(*kusto::toString(rows[0]), std::string(R"({"Effect":"Allow"})"));
        // mv-expand of a bag is the bag itself.
        QCOMPARE(kusto::mvExpand(rows[1]).size(), size_t(1));
    }

    void memberOfNonObjectIsNull()
    {
        QVERIFY(kusto::member(parse(R"("*")"), "AWS").isNull());
        QVERIFY(kusto::member(parse("[1]"), "a").isNull());
        QVERIFY(kusto::member(Value::null(), "a").isNull());
        QVERIFY(kusto::member(parse(R"({"aws":"1"})"), "AWS").isNull());  // keys are case-sensitive
    }

    void toStringOfScalars()
    {
        QCOMPARE(*kusto::toString(parse("123456789012")), std::string("123456789012"));
        QCOMPARE(*kusto::toString(parse("true")), std::string("true"));
        QVERIFY(!kusto::toString(parse("null")));
        QCOMPARE(*kusto::toString(parse(R"(["a", 1])")), std::string(R"(["a",1])"));
    }

    void caseInsensitiveOperators()
    {
        QVERIFY(kusto::equalsNoCase("Restore", "restore"));
        QVERIFY(!kusto::equalsNoCase("restores", "restore"));
        QVERIFY(kusto::startsWithNoCase("ARN:aws", "arn:"));
        QVERIFY(kusto::endsWithNoCase("EC2.AmazonAWS.com", ".amazonaws.com"));
        QVERIFY(!kusto::endsWithNoCase("amazonaws.com", ".amazonaws.com"));
    }

    void splitFields()
    {
        QCOMPARE(*kusto::splitField("arn:aws:iam::444455556666:root", ':', 4), std::string("444455556666"));
        QVERIFY(!kusto::splitField("arn:aws", ':', 4));
        QCOMPARE(*kusto::splitField("arn:aws:iam::1:user/a/b", '/', -1), std::string("b"));
        QCOMPARE(*kusto::splitField("no-slash", '/', -1), std::string("no-slash"));
        QCOMPARE(*kusto::splitField("", '/', -1), std::string(""));
        QCOMPARE(*kusto::splitField("ends/", '/', -1), std::string(""));
    }
};

QTEST_GUILESS_MAIN(TestKusto)
#include "tst_kusto.moc"
