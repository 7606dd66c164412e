// The Security tab's models with the agent's JSON shapes, under QAbstractItemModelTester:
// ACLs (ListAcls "Acls") and SCRAM users (ListScramUsers "Users").

#include "ui/models/aclmodel.h"
#include "ui/models/scramusermodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace runnel::ui;

namespace {

QJsonObject acl(const char *type,
                const char *name,
                const char *pattern,
                const char *principal,
                const char *op,
                const char *permission)
{
    return {{QStringLiteral("ResourceType"), QLatin1String(type)},
            {QStringLiteral("ResourceName"), QLatin1String(name)},
            {QStringLiteral("PatternType"), QLatin1String(pattern)},
            {QStringLiteral("Principal"), QLatin1String(principal)},
            {QStringLiteral("Host"), QStringLiteral("*")},
            {QStringLiteral("Operation"), QLatin1String(op)},
            {QStringLiteral("PermissionType"), QLatin1String(permission)}};
}

} // namespace

class TestSecurityModels : public QObject
{
    Q_OBJECT

private slots:
    void aclModel();
    void scramUserModel();
};

void TestSecurityModels::aclModel()
{
    AclModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(AclModel::ColumnCount));
    const QJsonArray acls{acl("TOPIC", "orders-eu", "LITERAL", "User:alice", "WRITE", "ALLOW"),
                          acl("GROUP", "app-", "PREFIXED", "User:bob", "READ", "ALLOW"),
                          acl("CLUSTER", "kafka-cluster", "LITERAL", "User:*", "ALTER", "DENY")};
    model.setAcls(acls);
    QCOMPARE(model.rowCount(), 3);
    // Sorted by resource type, then name.
    QCOMPARE(model.index(0, AclModel::ResourceTypeColumn).data().toString(),
             QStringLiteral("CLUSTER"));
    const int topic = model.rowOf(AclEntry::fromJson(acls[0].toObject()));
    QCOMPARE(topic, 2);
    QCOMPARE(model.index(topic, AclModel::PatternTypeColumn).data().toString(),
             QStringLiteral("LITERAL"));
    QCOMPARE(model.index(topic, AclModel::PrincipalColumn).data().toString(),
             QStringLiteral("User:alice"));
    QCOMPARE(model.index(topic, AclModel::OperationColumn).data().toString(),
             QStringLiteral("WRITE"));
    QCOMPARE(model.index(topic, AclModel::PermissionColumn).data().toString(),
             QStringLiteral("ALLOW"));
    QCOMPARE(model.index(1, AclModel::PatternTypeColumn).data().toString(),
             QStringLiteral("PREFIXED"));
    QCOMPARE(AclEntry::fromJson(acls[1].toObject()).toJson(), acls[1].toObject());
    // The same list again changes nothing.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setAcls(QJsonArray{acls[2], acls[0], acls[1]});
    QCOMPARE(resets.count(), 0);
    // The filter matches any column.
    proxy.setFilterFixedString(QStringLiteral("bob"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterFixedString(QStringLiteral("DENY"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterFixedString(QString());
    model.setAcls(QJsonArray{acls[0]});
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestSecurityModels::scramUserModel()
{
    ScramUserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto mechanisms
        = QJsonArray{QJsonObject{{QStringLiteral("Mechanism"), QStringLiteral("SCRAM-SHA-256")},
                                 {QStringLiteral("Iterations"), 4096}},
                     QJsonObject{{QStringLiteral("Mechanism"), QStringLiteral("SCRAM-SHA-512")},
                                 {QStringLiteral("Iterations"), 4096}}};
    const QJsonArray users{QJsonObject{{QStringLiteral("Username"), QStringLiteral("zed")},
                                       {QStringLiteral("Mechanisms"), mechanisms},
                                       {QStringLiteral("SuperUser"), false}},
                           QJsonObject{{QStringLiteral("Username"), QStringLiteral("admin")},
                                       {QStringLiteral("Mechanisms"), mechanisms},
                                       {QStringLiteral("SuperUser"), true}}};
    model.setUsers(users);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ScramUserModel::UsernameColumn).data().toString(),
             QStringLiteral("admin"));
    QCOMPARE(model.index(0, ScramUserModel::PrincipalColumn).data().toString(),
             QStringLiteral("User:admin"));
    QVERIFY(model.index(0, 0).data(ScramUserModel::SuperUserRole).toBool());
    QVERIFY(!model.index(1, 0).data(ScramUserModel::SuperUserRole).toBool());
    const QString mech = model.index(1, ScramUserModel::MechanismsColumn).data().toString();
    QVERIFY2(mech.contains(QLatin1String("SCRAM-SHA-256")) && mech.contains(QLatin1String("4096")),
             qPrintable(mech));
    QVERIFY(model.user(QStringLiteral("zed")));
    QVERIFY(!model.user(QStringLiteral("nobody")));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setUsers(users);
    QCOMPARE(resets.count(), 0);
    model.setUsers({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestSecurityModels)
#include "tst_models.moc"
