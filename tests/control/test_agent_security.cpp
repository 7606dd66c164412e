// The agent's security requests that need no broker process: MSK shapes refused with
// their sentences and audited, security operations on a missing cluster, the audit
// record of a refused CreateScramUser with its password redacted, operations that only
// the socket's asynchronous path serves, and the operation list naming them.

#include "engine/control/agent.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::control;

class TestAgentSecurity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Agent> m_agent;

    // handleAsync's reply; these calls answer before returning (no broker involved).
    QJsonObject ask(const QString &op, const QJsonObject &params)
    {
        QJsonObject reply;
        bool called = false;
        m_agent->handleAsync(op, params, QStringLiteral("uid:7"), [&](const QJsonObject &r) {
            reply = r;
            called = true;
        });
        [&] {
            QVERIFY2(called, qPrintable(op + QStringLiteral(" did not answer at once")));
        }();
        return reply;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_agent = std::make_unique<Agent>(Agent::Options{m_dir->path(), QString(), 39192});
        QVERIFY(m_agent->start().ok());
    }
    void cleanup()
    {
        m_agent.reset();
        m_dir.reset();
    }

    void refusedShapesAreAudited()
    {
        const QJsonObject params = QJsonDocument::fromJson(R"({"ClusterName":"s",
            "ClientAuthentication":{"Sasl":{"Scram":{"Enabled":true}}},
            "EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"PLAINTEXT"}}})")
                                       .object();
        const QJsonObject reply = ask(QStringLiteral("CreateClusterV2"), params);
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(), false);
        const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(),
                 QStringLiteral("BadRequestException"));
        QVERIFY(error.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("need encryption in transit")));
        QVERIFY(m_agent->catalog().clusters().isEmpty());
        AuditQuery q;
        q.operation = QStringLiteral("CreateClusterV2");
        const auto events = m_agent->catalog().auditEvents(q);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().result, QStringLiteral("BadRequestException"));
    }

    void securityCallsOnAMissingCluster_data()
    {
        QTest::addColumn<QString>("op");
        for (const char *op : {"CreateScramUser",
                               "ListScramUsers",
                               "DeleteScramUser",
                               "CreateAcl",
                               "ListAcls",
                               "DeleteAcl",
                               "GetClusterCa",
                               "IssueClientCertificate",
                               "RotateBrokerCertificates",
                               "UpdateSecurity"})
            QTest::newRow(op) << QString::fromLatin1(op);
    }
    void securityCallsOnAMissingCluster()
    {
        QFETCH(QString, op);
        const QJsonObject reply
            = ask(op,
                  {{QStringLiteral("ClusterName"), QStringLiteral("nope")},
                   {QStringLiteral("Username"), QStringLiteral("u")},
                   {QStringLiteral("Password"), QStringLiteral("hunter2-secret")}});
        QCOMPARE(reply.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("NotFoundException"));
    }

    void refusedCreateScramUserIsAuditedWithoutItsPassword()
    {
        (void)ask(QStringLiteral("CreateScramUser"),
                  {{QStringLiteral("ClusterName"), QStringLiteral("nope")},
                   {QStringLiteral("Username"), QStringLiteral("alice")},
                   {QStringLiteral("Password"), QStringLiteral("hunter2-secret")}});
        (void)ask(QStringLiteral("ListScramUsers"),
                  {{QStringLiteral("ClusterName"), QStringLiteral("nope")}});
        const auto events = m_agent->catalog().auditEvents({});
        QCOMPARE(events.size(), 1); // reads are not audited
        QCOMPARE(events.first().operation, QStringLiteral("CreateScramUser"));
        QCOMPARE(events.first().result, QStringLiteral("NotFoundException"));
        QCOMPARE(events.first().parameters.value(QStringLiteral("Password")).toString(),
                 Catalog::redactedMarker());
        QByteArray stored; // the database and its write-ahead log, as bytes on disk
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(m_agent->catalog().path() + suffix);
            if (file.open(QIODevice::ReadOnly))
                stored += file.readAll();
        }
        QVERIFY(stored.contains("alice"));
        QVERIFY(!stored.contains("hunter2-secret"));
    }

    void brokerCallsNeedTheAsynchronousPath()
    {
        const QJsonObject reply
            = m_agent->handle(QStringLiteral("ListAcls"),
                              {{QStringLiteral("ClusterName"), QStringLiteral("x")}},
                              QStringLiteral("uid:7"));
        QVERIFY(reply.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("served through the agent's socket")));
        const QString unknown = ask(QStringLiteral("Nope"), {})
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        for (const QString &op : Agent::securityOperationNames())
            QVERIFY2(unknown.contains(op), qPrintable(unknown));
    }
};

QTEST_GUILESS_MAIN(TestAgentSecurity)
#include "test_agent_security.moc"
