#include "engine/security/authorizer.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::security;

namespace {

using Op = AclOperation;
using RT = ResourceType;
using PT = PatternType;
using Perm = AclPermission;

AclBinding acl(RT type,
               std::string name,
               PT pattern,
               std::string principal,
               Op op,
               Perm perm,
               std::string host = "*")
{
    return {type, std::move(name), pattern, std::move(principal), std::move(host), op, perm};
}

} // namespace

Q_DECLARE_METATYPE(runnel::security::AclOperation)
Q_DECLARE_METATYPE(runnel::security::ResourceType)

class TestAuthorizer : public QObject
{
    Q_OBJECT
private slots:
    // Kafka's documented rules, one row each, against this fixed set of bindings.
    void rules_data()
    {
        QTest::addColumn<QString>("principal");
        QTest::addColumn<QString>("host");
        QTest::addColumn<runnel::security::AclOperation>("operation");
        QTest::addColumn<runnel::security::ResourceType>("type");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<bool>("allowed");

        auto row = [](const char *name,
                      const char *principal,
                      const char *host,
                      Op op,
                      RT type,
                      const char *resource,
                      bool allowed) {
            QTest::newRow(name) << principal << host << op << type << resource << allowed;
        };
        row("literal allow", "User:alice", "127.0.0.1", Op::Write, RT::Topic, "payments", true);
        row("other user denied", "User:bob", "127.0.0.1", Op::Write, RT::Topic, "payments", false);
        row("other operation denied",
            "User:alice",
            "127.0.0.1",
            Op::Read,
            RT::Topic,
            "payments",
            false);
        row("write implies describe",
            "User:alice",
            "127.0.0.1",
            Op::Describe,
            RT::Topic,
            "payments",
            true);
        row("write does not imply describe configs",
            "User:alice",
            "127.0.0.1",
            Op::DescribeConfigs,
            RT::Topic,
            "payments",
            false);
        row("prefixed allow", "User:alice", "127.0.0.1", Op::Write, RT::Topic, "orders-us", true);
        row("literal deny beats prefixed allow",
            "User:alice",
            "127.0.0.1",
            Op::Write,
            RT::Topic,
            "orders-eu",
            false);
        row("deny write leaves describe",
            "User:alice",
            "127.0.0.1",
            Op::Describe,
            RT::Topic,
            "orders-eu",
            true);
        row("prefix must match from the start",
            "User:alice",
            "127.0.0.1",
            Op::Write,
            RT::Topic,
            "old-orders-us",
            false);
        row("deny ALL from one host",
            "User:carol",
            "10.0.0.9",
            Op::Read,
            RT::Topic,
            "shared",
            false);
        row("allow wildcard principal from other host",
            "User:carol",
            "127.0.0.1",
            Op::Read,
            RT::Topic,
            "shared",
            true);
        row("wildcard resource", "User:dave", "127.0.0.1", Op::Read, RT::Group, "any-group", true);
        row("alter configs implies describe configs",
            "User:erin",
            "127.0.0.1",
            Op::DescribeConfigs,
            RT::Cluster,
            "kafka-cluster",
            true);
        row("super user bypasses deny",
            "User:admin",
            "127.0.0.1",
            Op::Write,
            RT::Topic,
            "orders-eu",
            true);
        row("no acl for resource: default deny",
            "User:alice",
            "127.0.0.1",
            Op::Write,
            RT::Topic,
            "unlisted",
            false);
        row("resource type matters",
            "User:alice",
            "127.0.0.1",
            Op::Read,
            RT::Group,
            "payments",
            true); // the wildcard group binding is for User:*
    }
    void rules()
    {
        QFETCH(QString, principal);
        QFETCH(QString, host);
        QFETCH(runnel::security::AclOperation, operation);
        QFETCH(runnel::security::ResourceType, type);
        QFETCH(QString, resource);
        QFETCH(bool, allowed);

        Authorizer authorizer({"User:admin"}, false);
        authorizer.add(
            acl(RT::Topic, "payments", PT::Literal, "User:alice", Op::Write, Perm::Allow));
        authorizer.add(
            acl(RT::Topic, "orders-", PT::Prefixed, "User:alice", Op::Write, Perm::Allow));
        authorizer.add(
            acl(RT::Topic, "orders-eu", PT::Literal, "User:alice", Op::Write, Perm::Deny));
        authorizer.add(acl(RT::Topic, "shared", PT::Literal, "User:*", Op::Read, Perm::Allow));
        authorizer.add(
            acl(RT::Topic, "shared", PT::Literal, "User:carol", Op::All, Perm::Deny, "10.0.0.9"));
        authorizer.add(acl(RT::Group, "*", PT::Literal, "User:*", Op::Read, Perm::Allow));
        authorizer.add(acl(
            RT::Cluster, "kafka-cluster", PT::Literal, "User:erin", Op::AlterConfigs, Perm::Allow));

        auto decision = authorizer.authorize(
            {principal.toStdString(), host.toStdString(), operation, type, resource.toStdString()});
        QVERIFY2(decision.allowed == allowed, decision.explain().c_str());
    }

    void allowEveryoneIfNoAclFound()
    {
        for (bool allowEveryone : {false, true}) {
            Authorizer authorizer({}, allowEveryone);
            authorizer.add(
                acl(RT::Topic, "guarded", PT::Literal, "User:alice", Op::Read, Perm::Allow));
            auto open = authorizer.authorize(
                {"User:bob", "127.0.0.1", Op::Write, RT::Topic, "unguarded"});
            QCOMPARE(open.allowed, allowEveryone);
            QCOMPARE(open.reason, AuthorizationDecision::Reason::NoAclFound);
            // A resource with ACLs is closed to everyone they do not name, either way.
            auto guarded
                = authorizer.authorize({"User:bob", "127.0.0.1", Op::Read, RT::Topic, "guarded"});
            QVERIFY(!guarded.allowed);
            QCOMPARE(guarded.reason, AuthorizationDecision::Reason::NoMatchingAllow);
        }
    }

    void decisionNamesTheRule()
    {
        Authorizer authorizer({}, false);
        const AclBinding deny
            = acl(RT::Topic, "orders-eu", PT::Literal, "User:alice", Op::Write, Perm::Deny);
        authorizer.add(
            acl(RT::Topic, "orders-", PT::Prefixed, "User:alice", Op::Write, Perm::Allow));
        authorizer.add(deny);
        auto d = authorizer.authorize({"User:alice", "h", Op::Write, RT::Topic, "orders-eu"});
        QVERIFY(!d.allowed);
        QCOMPARE(d.reason, AuthorizationDecision::Reason::DeniedByAcl);
        QVERIFY(d.rule && *d.rule == deny);
    }

    void filters()
    {
        Authorizer authorizer({}, false);
        authorizer.add(
            acl(RT::Topic, "orders-", PT::Prefixed, "User:alice", Op::Write, Perm::Allow));
        authorizer.add(
            acl(RT::Topic, "orders-eu", PT::Literal, "User:alice", Op::Write, Perm::Deny));
        authorizer.add(acl(RT::Topic, "*", PT::Literal, "User:bob", Op::Read, Perm::Allow));
        authorizer.add(acl(RT::Group, "orders-eu", PT::Literal, "User:bob", Op::Read, Perm::Allow));
        // Identical bindings are kept once.
        authorizer.add(acl(RT::Topic, "*", PT::Literal, "User:bob", Op::Read, Perm::Allow));
        QCOMPARE(authorizer.bindings().size(), size_t(4));

        AclBindingFilter match;
        match.resourceType = RT::Topic;
        match.resourceName = "orders-eu";
        match.patternType = PT::Match;
        QCOMPARE(authorizer.find(match).size(), size_t(3));

        AclBindingFilter any;
        any.resourceName = "orders-eu";
        QCOMPARE(authorizer.find(any).size(), size_t(2)); // exact name, any type and pattern

        AclBindingFilter prefixed;
        prefixed.patternType = PT::Prefixed;
        QCOMPARE(authorizer.find(prefixed).size(), size_t(1));

        AclBindingFilter denies;
        denies.permission = Perm::Deny;
        auto removed = authorizer.remove(denies);
        QCOMPARE(removed.size(), size_t(1));
        QCOMPARE(authorizer.bindings().size(), size_t(3));
        QVERIFY(
            authorizer.authorize({"User:alice", "h", Op::Write, RT::Topic, "orders-eu"}).allowed);
    }

    void textRoundTripAndValidation()
    {
        std::vector<AclBinding> acls
            = {acl(RT::Topic, "with space", PT::Prefixed, "User:al ice", Op::Write, Perm::Allow),
               acl(RT::Cluster, "kafka-cluster", PT::Literal, "User:*", Op::Alter, Perm::Deny)};
        auto back = aclsFromText(aclsToText(acls));
        QVERIFY(back.ok());
        QVERIFY(*back == acls);
        QVERIFY(
            !validateBinding(acl(RT::Any, "x", PT::Literal, "User:a", Op::Read, Perm::Allow)).ok());
        QVERIFY(
            !validateBinding(acl(RT::Topic, "x", PT::Match, "User:a", Op::Read, Perm::Allow)).ok());
        QVERIFY(!validateBinding(acl(RT::Topic, "x", PT::Literal, "alice", Op::Read, Perm::Allow))
                     .ok());
        QVERIFY(
            !validateBinding(acl(RT::Cluster, "c", PT::Literal, "User:a", Op::Alter, Perm::Allow))
                 .ok());
        QCOMPARE(parseSuperUsers("User:admin; User:bob;"),
                 (std::set<std::string>{"User:admin", "User:bob"}));
    }
};

QTEST_APPLESS_MAIN(TestAuthorizer)
#include "test_authorizer.moc"
