// Catalog: schema creation and migration, refusal of newer catalogs, round trips of
// clusters, brokers, operations and audit events, and redaction of secrets.

#include "engine/control/catalog.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::control;

class TestCatalog : public QObject
{
    Q_OBJECT

private slots:
    void freshCatalogHasLatestSchema();
    void migratesVersionOneKeepingData();
    void refusesNewerSchema();
    void clustersAndBrokersRoundTrip();
    void clusterNamesAreUnique();
    void operationsKeepSteps();
    void configurationRevisionsCount();
    void secretKeys_data();
    void secretKeys();
    void auditRedactsSecretsBeforeStoring();
    void auditQueryFilters();
    void redactsPropertiesText();

private:
    static ClusterRecord sampleCluster(const QString &name)
    {
        ClusterRecord c;
        c.arn = QStringLiteral("arn:runnel:kafka:local:cluster/%1/0000").arg(name);
        c.name = name;
        c.state = ClusterState::Creating;
        c.brokerCount = 1;
        c.createdAt = QDateTime::currentDateTimeUtc();
        c.dataDir = QStringLiteral("/tmp/") + name;
        return c;
    }
    QTemporaryDir m_dir;
};

void TestCatalog::freshCatalogHasLatestSchema()
{
    Catalog catalog;
    const auto status = catalog.open(m_dir.filePath(QStringLiteral("fresh.sqlite")));
    QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().message));
    QCOMPARE(catalog.schemaVersion(), Catalog::kSchemaVersion);
    QVERIFY(catalog.clusters().isEmpty());
}

void TestCatalog::migratesVersionOneKeepingData()
{
    const QString path = m_dir.filePath(QStringLiteral("old.sqlite"));
    {
        Catalog v1;
        QVERIFY(v1.open(path, 1).ok());
        QCOMPARE(v1.schemaVersion(), 1);
    }
    {
        // Rows as a version-1 agent wrote them (today's code writes today's columns).
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO clusters (arn, name, state, broker_count, created_at, data_dir,"
            " configuration) VALUES ('arn:runnel:kafka:local:cluster/kept/0000', 'kept', 'ACTIVE',"
            " 1, '2026-01-01T00:00:00.000Z', '/tmp/kept', 'num.partitions=2')")));
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO brokers (cluster_arn, node_id, port, pid, state) VALUES"
            " ('arn:runnel:kafka:local:cluster/kept/0000', 1, 9092, 0, 'STOPPED')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    Catalog latest;
    QVERIFY(latest.open(path).ok());
    QCOMPARE(latest.schemaVersion(), Catalog::kSchemaVersion);
    QCOMPARE(latest.clusters().size(), 1);
    QCOMPARE(latest.clusters().first().name, QStringLiteral("kept"));
    QCOMPARE(latest.clusters().first().configuration, QStringLiteral("num.partitions=2"));
    QCOMPARE(latest.clusters().first().configurationRevision, 0); // column added by v3
    QCOMPARE(latest.brokers(latest.clusters().first().arn).first().restarts, 0); // added by v2
    BrokerRecord b = latest.brokers(latest.clusters().first().arn).first();
    b.restarts = 3;
    QVERIFY(latest.upsertBroker(b).ok());
    QCOMPARE(latest.brokers(b.clusterArn).first().restarts, 3);
}

void TestCatalog::refusesNewerSchema()
{
    const QString path = m_dir.filePath(QStringLiteral("future.sqlite"));
    {
        Catalog catalog;
        QVERIFY(catalog.open(path).ok());
    }
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 99")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    Catalog catalog;
    const auto status = catalog.open(path);
    QVERIFY(!status.ok());
    QVERIFY2(status.error().message.contains(QStringLiteral("newer")),
             qPrintable(status.error().message));
}

void TestCatalog::clustersAndBrokersRoundTrip()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("roundtrip.sqlite"))).ok());
    ClusterRecord c = sampleCluster(QStringLiteral("demo"));
    c.configuration = QStringLiteral("num.partitions=3\n");
    c.volumeSizeMiB = 3;
    QVERIFY(catalog.insertCluster(c).ok());
    QVERIFY(catalog.updateClusterState(c.arn, ClusterState::Active).ok());
    BrokerRecord b;
    b.clusterArn = c.arn;
    b.nodeId = BrokerId{1};
    b.port = 9092;
    b.pid = 4242;
    b.state = BrokerState::Running;
    QVERIFY(catalog.upsertBroker(b).ok());

    const auto read = catalog.clusterByName(QStringLiteral("demo"));
    QVERIFY(read.has_value());
    QCOMPARE(read->arn, c.arn);
    QCOMPARE(toString(read->state), toString(ClusterState::Active));
    QCOMPARE(read->configuration, c.configuration);
    QCOMPARE(read->createdAt.toMSecsSinceEpoch(), c.createdAt.toMSecsSinceEpoch());
    QCOMPARE(read->volumeSizeMiB, c.volumeSizeMiB);
    QVERIFY(catalog.updateClusterVolumeSize(c.arn, 4096).ok());
    QVERIFY(catalog.updateClusterStorageAutoScaling(c.arn, 70, 8192).ok());
    const auto grown = catalog.cluster(c.arn);
    QCOMPARE(grown->volumeSizeMiB, qint64(4096));
    QCOMPARE(grown->autoScalingTargetUtilization, 70);
    QCOMPARE(grown->autoScalingMaxVolumeSizeMiB, qint64(8192));
    const auto brokers = catalog.brokers(c.arn);
    QCOMPARE(brokers.size(), 1);
    QCOMPARE(brokers.first().port, quint16(9092));
    QCOMPARE(brokers.first().pid, qint64(4242));
    QCOMPARE(toString(brokers.first().state), toString(BrokerState::Running));

    QVERIFY(catalog.deleteCluster(c.arn).ok());
    QVERIFY(!catalog.cluster(c.arn).has_value());
    QVERIFY(catalog.brokers(c.arn).isEmpty()); // cascaded
}

void TestCatalog::clusterNamesAreUnique()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("unique.sqlite"))).ok());
    QVERIFY(catalog.insertCluster(sampleCluster(QStringLiteral("same"))).ok());
    ClusterRecord other = sampleCluster(QStringLiteral("same"));
    other.arn += QStringLiteral("-2");
    QVERIFY(!catalog.insertCluster(other).ok());
}

void TestCatalog::operationsKeepSteps()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("ops.sqlite"))).ok());
    ClusterOperation op;
    op.arn = QStringLiteral("op-1");
    op.clusterArn = QStringLiteral("cluster-1");
    op.type = QStringLiteral("CREATE");
    op.state = QStringLiteral("UPDATE_IN_PROGRESS");
    op.startedAt = QDateTime::currentDateTimeUtc();
    op.steps = {{QStringLiteral("Start brokers"), QStringLiteral("COMPLETED"), 100},
                {QStringLiteral("Wait"), QStringLiteral("IN_PROGRESS"), 40}};
    QVERIFY(catalog.saveOperation(op).ok());
    op.state = QStringLiteral("UPDATE_COMPLETE");
    op.endedAt = op.startedAt.addSecs(1);
    op.steps[1] = {QStringLiteral("Wait"), QStringLiteral("COMPLETED"), 100};
    QVERIFY(catalog.saveOperation(op).ok());

    const auto ops = catalog.operations(QStringLiteral("cluster-1"));
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().state, QStringLiteral("UPDATE_COMPLETE"));
    QVERIFY(ops.first().endedAt.isValid());
    QCOMPARE(ops.first().steps.size(), 2);
    QCOMPARE(ops.first().steps.at(1).status, QStringLiteral("COMPLETED"));
    QCOMPARE(ops.first().steps.at(1).progress, 100);
}

void TestCatalog::configurationRevisionsCount()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("configs.sqlite"))).ok());
    ConfigurationRecord c;
    c.arn = QStringLiteral("arn:runnel:kafka:local:configuration/app/1");
    c.name = QStringLiteral("app");
    c.createdAt = QDateTime::currentDateTimeUtc();
    QVERIFY(catalog
                .insertConfiguration(
                    c, {1, QStringLiteral("first"), QStringLiteral("a=1\n"), c.createdAt})
                .ok());
    QVERIFY(!catalog.insertConfiguration(c, {1, {}, {}, c.createdAt}).ok()); // same name
    const auto second = catalog.addRevision(
        c.arn, {0, QStringLiteral("second"), QStringLiteral("a=2\n"), c.createdAt});
    QVERIFY(second.ok());
    QCOMPARE(second.value(), 2);
    QVERIFY(!catalog.addRevision(QStringLiteral("no-such-arn"), {}).ok());
    QCOMPARE(catalog.configurationByName(QStringLiteral("app"))->latestRevision, 2);
    const auto revisions = catalog.revisions(c.arn);
    QCOMPARE(revisions.size(), 2);
    QCOMPARE(revisions.at(1).serverProperties, QStringLiteral("a=2\n"));
    QCOMPARE(revisions.at(1).description, QStringLiteral("second"));

    ClusterRecord cluster = sampleCluster(QStringLiteral("configured"));
    QVERIFY(catalog.insertCluster(cluster).ok());
    QVERIFY(
        catalog.updateClusterConfiguration(cluster.arn, QStringLiteral("a=2\n"), c.arn, 2).ok());
    const auto read = catalog.cluster(cluster.arn);
    QCOMPARE(read->configuration, QStringLiteral("a=2\n"));
    QCOMPARE(read->configurationArn, c.arn);
    QCOMPARE(read->configurationRevision, 2);
}

void TestCatalog::secretKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("secret");
    QTest::newRow("password") << QStringLiteral("Password") << true;
    QTest::newRow("ssl.keystore.password") << QStringLiteral("ssl.keystore.password") << true;
    QTest::newRow("SecretArnList") << QStringLiteral("SecretArnList") << true;
    QTest::newRow("token") << QStringLiteral("AccessToken") << true;
    QTest::newRow("jaas") << QStringLiteral("sasl.jaas.config") << true;
    QTest::newRow("private key") << QStringLiteral("PrivateKey") << true;
    QTest::newRow("cluster name") << QStringLiteral("ClusterName") << false;
    QTest::newRow("broker count") << QStringLiteral("NumberOfBrokerNodes") << false;
    QTest::newRow("keystore location") << QStringLiteral("ssl.keystore.location") << false;
}

void TestCatalog::secretKeys()
{
    QFETCH(QString, key);
    QFETCH(bool, secret);
    QCOMPARE(Catalog::isSecretKey(key), secret);
}

void TestCatalog::auditRedactsSecretsBeforeStoring()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("audit.sqlite"))).ok());
    AuditEvent e;
    e.caller = QStringLiteral("uid:1000");
    e.operation = QStringLiteral("CreateClusterV2");
    e.parameters = QJsonObject{
        {QStringLiteral("ClusterName"), QStringLiteral("demo")},
        {QStringLiteral("ClientAuthentication"),
         QJsonObject{{QStringLiteral("Sasl"),
                      QJsonObject{{QStringLiteral("Scram"),
                                   QJsonObject{{QStringLiteral("Password"),
                                                QStringLiteral("hunter2")}}}}}}},
        {QStringLiteral("Users"),
         QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("alice")},
                                {QStringLiteral("Secret"), QStringLiteral("s3cr3t")}}}},
        {QStringLiteral("ServerProperties"),
         QStringLiteral("num.partitions=3\nssl.key.password=topsecret\n")},
    };
    e.result = QStringLiteral("Success");
    const auto id = catalog.appendAudit(e);
    QVERIFY(id.ok());

    // Read the stored text itself: the secret must not be anywhere in the file's row.
    QSqlDatabase db
        = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-raw"));
    db.setDatabaseName(catalog.path());
    QVERIFY(db.open());
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT parameters FROM audit_events")));
        QVERIFY(q.next());
        const QString stored = q.value(0).toString();
        for (const char *secret : {"hunter2", "s3cr3t", "topsecret"})
            QVERIFY2(!stored.contains(QLatin1String(secret)), qPrintable(stored));
        QVERIFY(stored.contains(QStringLiteral("demo")));
        QVERIFY(stored.contains(QStringLiteral("alice")));
        QVERIFY(stored.contains(QStringLiteral("num.partitions=3")));
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("audit-raw"));

    const auto events = catalog.auditEvents({});
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first()
                 .parameters.value(QStringLiteral("ClientAuthentication"))
                 .toObject()
                 .value(QStringLiteral("Sasl"))
                 .toObject()
                 .value(QStringLiteral("Scram"))
                 .toObject()
                 .value(QStringLiteral("Password"))
                 .toString(),
             Catalog::redactedMarker());
    QCOMPARE(events.first().caller, QStringLiteral("uid:1000"));
}

void TestCatalog::auditQueryFilters()
{
    Catalog catalog;
    QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("audit-filter.sqlite"))).ok());
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-60);
    for (int i = 0; i < 5; ++i) {
        AuditEvent e;
        e.time = t0.addSecs(i * 10);
        e.caller = QStringLiteral("uid:1");
        e.operation = i % 2 ? QStringLiteral("RebootBroker") : QStringLiteral("CreateClusterV2");
        e.clusterArn = QStringLiteral("arn-%1").arg(i % 2);
        e.result = QStringLiteral("Success");
        QVERIFY(catalog.appendAudit(e).ok());
    }
    QCOMPARE(catalog.auditEvents({}).size(), 5);
    AuditQuery byOp;
    byOp.operation = QStringLiteral("RebootBroker");
    QCOMPARE(catalog.auditEvents(byOp).size(), 2);
    AuditQuery since;
    since.since = t0.addSecs(25);
    QCOMPARE(catalog.auditEvents(since).size(), 2);
    AuditQuery limited;
    limited.limit = 2;
    const auto newest = catalog.auditEvents(limited);
    QCOMPARE(newest.size(), 2);
    QVERIFY(newest.at(0).id < newest.at(1).id); // oldest first among the newest two
    QCOMPARE(newest.at(1).time.toMSecsSinceEpoch(), t0.addSecs(40).toMSecsSinceEpoch());

    // By name: "a" must not match cluster "ab".
    for (const char *arn :
         {"arn:runnel:kafka:local:cluster/a/1", "arn:runnel:kafka:local:cluster/ab/2"}) {
        AuditEvent e;
        e.caller = QStringLiteral("uid:1");
        e.operation = QStringLiteral("DeleteCluster");
        e.clusterArn = QLatin1String(arn);
        e.result = QStringLiteral("Success");
        QVERIFY(catalog.appendAudit(e).ok());
    }
    AuditQuery byName;
    byName.clusterName = QStringLiteral("a");
    const auto named = catalog.auditEvents(byName);
    QCOMPARE(named.size(), 1);
    QCOMPARE(named.first().clusterArn, QStringLiteral("arn:runnel:kafka:local:cluster/a/1"));
}

void TestCatalog::redactsPropertiesText()
{
    const QString in
        = QStringLiteral("# comment with password=visible-in-comment\n"
                         "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=x y z\n"
                         "ssl.truststore.password: abc\n"
                         "log.retention.hours=24\n");
    const QString out = Catalog::redactProperties(in);
    QVERIFY(!out.contains(QStringLiteral("x y z")));
    QVERIFY(!out.contains(QStringLiteral("abc")));
    QVERIFY(out.contains(QStringLiteral("log.retention.hours=24")));
    QVERIFY(out.contains(QStringLiteral("ssl.truststore.password:") + Catalog::redactedMarker()));
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "test_catalog.moc"
