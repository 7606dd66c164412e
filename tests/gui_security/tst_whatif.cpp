// The what-if check against Kafka's authorizer rules, data-driven: super users, DENY
// beats ALLOW, LITERAL / PREFIXED / "*", hosts, implied DESCRIBE and DESCRIBE_CONFIGS,
// ALL, allow.everyone.if.no.acl.found — and which ACLs are shown as deciding. Also the
// create dialog's validation sentences.

#include "ui/security/whatif.h"

#include <QTest>

using namespace runnel::ui;
using Reason = WhatIfAnswer::Reason;

Q_DECLARE_METATYPE(runnel::ui::WhatIfAnswer::Reason)

namespace {

// "TOPIC PREFIXED orders- User:alice * WRITE ALLOW"
QList<AclEntry> parse(const QStringList &lines)
{
    QList<AclEntry> out;
    for (const QString &line : lines) {
        const QStringList f = line.split(QLatin1Char(' '));
        Q_ASSERT(f.size() == 7);
        out.append(AclEntry{f[0], f[2], f[1], f[3], f[4], f[5], f[6]});
    }
    return out;
}

} // namespace

class TestWhatIf : public QObject
{
    Q_OBJECT

private slots:
    void decides_data();
    void decides();
    void validation_data();
    void validation();
    void badQueryIsASentence();
};

void TestWhatIf::decides_data()
{
    QTest::addColumn<QStringList>("acls");
    QTest::addColumn<QStringList>("supers");
    QTest::addColumn<bool>("allowEveryone");
    QTest::addColumn<QString>("ask"); // principal host operation type name
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<QList<int>>("rows");

    const QStringList none;
    const QStringList admin{QStringLiteral("User:admin")};
    const QString aliceWrite = QStringLiteral("User:alice * WRITE TOPIC orders-eu");

    QTest::newRow("super user beats a DENY")
        << QStringList{"TOPIC LITERAL orders-eu User:admin * ALL DENY"} << admin << false
        << QStringLiteral("User:admin * WRITE TOPIC orders-eu") << true << Reason::SuperUser
        << QList<int>{};
    QTest::newRow("no ACL, allow.everyone false")
        << none << none << false << aliceWrite << false << Reason::NoAclFound << QList<int>{};
    QTest::newRow("no ACL, allow.everyone true")
        << none << none << true << aliceWrite << true << Reason::NoAclFound << QList<int>{};
    QTest::newRow("ACLs name the resource: allow.everyone does not apply")
        << QStringList{"TOPIC LITERAL orders-eu User:bob * WRITE ALLOW"} << none << true
        << aliceWrite << false << Reason::NoMatchingAllow << QList<int>{0};
    QTest::newRow("LITERAL ALLOW")
        << QStringList{"TOPIC LITERAL other User:alice * WRITE ALLOW",
                       "TOPIC LITERAL orders-eu User:alice * WRITE ALLOW"}
        << none << false << aliceWrite << true << Reason::AllowedByAcl << QList<int>{1};
    QTest::newRow("LITERAL is exact, not a prefix")
        << QStringList{"TOPIC LITERAL orders User:alice * WRITE ALLOW"} << none << false
        << aliceWrite << false << Reason::NoAclFound << QList<int>{};
    QTest::newRow("PREFIXED ALLOW")
        << QStringList{"TOPIC PREFIXED orders- User:alice * WRITE ALLOW"} << none << false
        << aliceWrite << true << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("PREFIXED longer than the name")
        << QStringList{"TOPIC PREFIXED orders- User:alice * WRITE ALLOW"} << none << false
        << QStringLiteral("User:alice * WRITE TOPIC orders") << false << Reason::NoAclFound
        << QList<int>{};
    QTest::newRow("LITERAL * names every topic")
        << QStringList{"TOPIC LITERAL * User:alice * WRITE ALLOW"} << none << false << aliceWrite
        << true << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("DENY beats ALLOW")
        << QStringList{"TOPIC LITERAL orders-eu User:* * WRITE ALLOW",
                       "TOPIC LITERAL orders-eu User:alice * WRITE DENY"}
        << none << false << aliceWrite << false << Reason::DeniedByAcl << QList<int>{1};
    QTest::newRow("DENY for User:* covers alice")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * WRITE ALLOW",
                       "TOPIC PREFIXED orders User:* * WRITE DENY"}
        << none << false << aliceWrite << false << Reason::DeniedByAcl << QList<int>{1};
    QTest::newRow("DENY from another host does not apply")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * WRITE ALLOW",
                       "TOPIC LITERAL orders-eu User:alice 10.0.0.1 WRITE DENY"}
        << none << false << QStringLiteral("User:alice 10.0.0.2 WRITE TOPIC orders-eu") << true
        << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("DENY from the client's host applies")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * WRITE ALLOW",
                       "TOPIC LITERAL orders-eu User:alice 10.0.0.1 WRITE DENY"}
        << none << false << QStringLiteral("User:alice 10.0.0.1 WRITE TOPIC orders-eu") << false
        << Reason::DeniedByAcl << QList<int>{1};
    QTest::newRow("ALLOW for one host only")
        << QStringList{"TOPIC LITERAL orders-eu User:alice 10.0.0.1 WRITE ALLOW"} << none << false
        << QStringLiteral("User:alice 10.0.0.9 WRITE TOPIC orders-eu") << false
        << Reason::NoMatchingAllow << QList<int>{0};
    for (const char *op : {"READ", "WRITE", "DELETE", "ALTER"})
        QTest::addRow("%s implies DESCRIBE", op)
            << QStringList{QStringLiteral("TOPIC LITERAL orders-eu User:alice * %1 ALLOW")
                               .arg(QLatin1String(op))}
            << none << false << QStringLiteral("User:alice * DESCRIBE TOPIC orders-eu") << true
            << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("CREATE does not imply DESCRIBE")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * CREATE ALLOW"} << none << false
        << QStringLiteral("User:alice * DESCRIBE TOPIC orders-eu") << false
        << Reason::NoMatchingAllow << QList<int>{0};
    QTest::newRow("DESCRIBE does not imply READ")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * DESCRIBE ALLOW"} << none << false
        << QStringLiteral("User:alice * READ TOPIC orders-eu") << false << Reason::NoMatchingAllow
        << QList<int>{0};
    QTest::newRow("ALTER_CONFIGS implies DESCRIBE_CONFIGS")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * ALTER_CONFIGS ALLOW"} << none << false
        << QStringLiteral("User:alice * DESCRIBE_CONFIGS TOPIC orders-eu") << true
        << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("DESCRIBE_CONFIGS does not imply ALTER_CONFIGS")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * DESCRIBE_CONFIGS ALLOW"} << none
        << false << QStringLiteral("User:alice * ALTER_CONFIGS TOPIC orders-eu") << false
        << Reason::NoMatchingAllow << QList<int>{0};
    QTest::newRow("ALL allows CREATE")
        << QStringList{"TOPIC PREFIXED orders User:alice * ALL ALLOW"} << none << false
        << QStringLiteral("User:alice * CREATE TOPIC orders-eu") << true << Reason::AllowedByAcl
        << QList<int>{0};
    QTest::newRow("DENY ALL beats ALLOW READ")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * READ ALLOW",
                       "TOPIC LITERAL orders-eu User:alice * ALL DENY"}
        << none << false << QStringLiteral("User:alice * READ TOPIC orders-eu") << false
        << Reason::DeniedByAcl << QList<int>{1};
    QTest::newRow("DENY DESCRIBE does not deny READ")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * READ ALLOW",
                       "TOPIC LITERAL orders-eu User:alice * DESCRIBE DENY"}
        << none << false << QStringLiteral("User:alice * READ TOPIC orders-eu") << true
        << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("an ALLOW for another resource type does not apply")
        << QStringList{"TOPIC LITERAL orders-eu User:alice * READ ALLOW"} << none << false
        << QStringLiteral("User:alice * READ GROUP orders-eu") << false << Reason::NoAclFound
        << QList<int>{};
    QTest::newRow("CLUSTER IDEMPOTENT_WRITE")
        << QStringList{"CLUSTER LITERAL kafka-cluster User:alice * IDEMPOTENT_WRITE ALLOW"} << none
        << false << QStringLiteral("User:alice * IDEMPOTENT_WRITE CLUSTER kafka-cluster") << true
        << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("a certificate's principal")
        << QStringList{"TOPIC PREFIXED orders User:CN=billing,O=Runnel * WRITE ALLOW"} << none
        << false << QStringLiteral("User:CN=billing,O=Runnel * WRITE TOPIC orders-eu") << true
        << Reason::AllowedByAcl << QList<int>{0};
    QTest::newRow("NoMatchingAllow shows only the ACLs that name the resource")
        << QStringList{"TOPIC LITERAL payments User:alice * WRITE ALLOW",
                       "TOPIC PREFIXED orders User:bob * WRITE ALLOW",
                       "TOPIC LITERAL * User:carol * READ ALLOW"}
        << none << false << aliceWrite << false << Reason::NoMatchingAllow << QList<int>{1, 2};
}

void TestWhatIf::decides()
{
    QFETCH(QStringList, acls);
    QFETCH(QStringList, supers);
    QFETCH(bool, allowEveryone);
    QFETCH(QString, ask);
    QFETCH(bool, allowed);
    QFETCH(Reason, reason);
    QFETCH(QList<int>, rows);
    const QStringList a = ask.split(QLatin1Char(' '));
    WhatIfQuery q;
    q.principal = a[0];
    q.host = a[1];
    q.operation = a[2];
    q.resourceType = a[3];
    q.resourceName = a[4];
    const WhatIfAnswer answer = whatIf(parse(acls), supers, allowEveryone, q);
    QCOMPARE(answer.allowed, allowed);
    QCOMPARE(answer.reason, reason);
    QCOMPARE(answer.decidingRows, rows);
    QVERIFY(answer.explanation.startsWith(allowed ? QLatin1String("ALLOWED")
                                                  : QLatin1String("DENIED")));
}

void TestWhatIf::validation_data()
{
    QTest::addColumn<QString>("acl");
    QTest::addColumn<QString>("problem"); // a fragment of the sentence; empty: valid
    QTest::newRow("valid LITERAL") << "TOPIC LITERAL orders User:alice * WRITE ALLOW"
                                   << "";
    QTest::newRow("valid PREFIXED GROUP") << "GROUP PREFIXED app- User:* * READ ALLOW"
                                          << "";
    QTest::newRow("valid CLUSTER") << "CLUSTER LITERAL kafka-cluster User:a * ALTER DENY"
                                   << "";
    QTest::newRow("valid TRANSACTIONAL_ID")
        << "TRANSACTIONAL_ID PREFIXED tx User:a 127.0.0.1 WRITE ALLOW"
        << "";
    QTest::newRow("valid USER") << "USER LITERAL bob User:a * CREATE_TOKENS ALLOW"
                                << "";
    QTest::newRow("valid DELEGATION_TOKEN") << "DELEGATION_TOKEN LITERAL * User:a * DESCRIBE ALLOW"
                                            << "";
    QTest::newRow("CLUSTER misnamed") << "CLUSTER LITERAL mycluster User:a * ALTER ALLOW"
                                      << "kafka-cluster";
    QTest::newRow("no principal type") << "TOPIC LITERAL orders alice * WRITE ALLOW"
                                       << "Type:name";
    QTest::newRow("PREFIXED *") << "TOPIC PREFIXED * User:a * WRITE ALLOW"
                                << "LITERAL";
    QTest::newRow("unknown operation") << "TOPIC LITERAL orders User:a * SCRIBBLE ALLOW"
                                       << "Choose an operation";
    QTest::newRow("MATCH is a filter only") << "TOPIC MATCH orders User:a * READ ALLOW"
                                            << "LITERAL or PREFIXED";
}

void TestWhatIf::validation()
{
    QFETCH(QString, acl);
    QFETCH(QString, problem);
    const auto result = aclProblem(parse({acl}).first());
    if (problem.isEmpty()) {
        QVERIFY2(!result, qPrintable(result.value_or(QString())));
    } else {
        QVERIFY(result);
        QVERIFY2(result->contains(problem), qPrintable(*result));
    }
    AclEntry empty = parse({acl}).first();
    empty.resourceName.clear();
    QVERIFY(aclProblem(empty));
}

void TestWhatIf::badQueryIsASentence()
{
    WhatIfQuery q;
    q.principal = QStringLiteral("alice");
    q.operation = QStringLiteral("WRITE");
    q.resourceType = QStringLiteral("TOPIC");
    q.resourceName = QStringLiteral("orders");
    const WhatIfAnswer a = whatIf({}, {}, true, q);
    QVERIFY(!a.allowed);
    QVERIFY(a.explanation.contains(QLatin1String("User:alice")));
}

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_whatif.moc"
