#include "engine/control/supervisor.h"

#include <QRegularExpression>

namespace runnel::control {

namespace {

// True if the cluster's configuration sets `key` itself.
bool configurationSets(const QString &configuration, const QString &key)
{
    const QRegularExpression line(
        QStringLiteral("^\\s*%1\\s*[=:]").arg(QRegularExpression::escape(key)),
        QRegularExpression::MultilineOption);
    return line.match(configuration).hasMatch();
}

} // namespace

QString Supervisor::combinedModeProperties(const BrokerSpec &spec, const QString &clientListeners)
{
    // The first client listener carries what runneld calls inter-broker traffic (replica
    // fetches and broker→controller RPCs travel on the CONTROLLER connections,
    // docs/replication.md); its name is the part before "://".
    const QString firstListener = clientListeners.section(QLatin1Char(','), 0, 0);
    const QString listenerName = firstListener.section(QStringLiteral("://"), 0, 0);
    QString text;
    if (spec.brokerOnly) {
        text += QStringLiteral("# A broker-only member of a %1-broker cluster (a Raft observer; "
                               "its CONTROLLER listener carries broker-to-broker traffic).\n")
                    .arg(spec.clusterSize);
        text += QStringLiteral("process.roles=broker\n");
    } else {
        text += QStringLiteral("# A broker of a %1-broker cluster: Kafka's combined mode.\n")
                    .arg(spec.clusterSize);
        text += QStringLiteral("process.roles=broker,controller\n");
    }
    text += QStringLiteral("node.id=%1\n").arg(spec.nodeId.value);
    text += QStringLiteral("controller.quorum.voters=%1\n").arg(spec.quorumVoters);
    text += QStringLiteral("listeners=%1,CONTROLLER://127.0.0.1:%2\n")
                .arg(clientListeners)
                .arg(spec.controllerPort);
    text += QStringLiteral("advertised.listeners=%1\n").arg(clientListeners);
    text += QStringLiteral("controller.listener.names=CONTROLLER\n");
    if (spec.securityProperties.isEmpty())
        text += QStringLiteral("listener.security.protocol.map=%1:PLAINTEXT,CONTROLLER:PLAINTEXT\n")
                    .arg(listenerName);
    text += QStringLiteral("inter.broker.listener.name=%1\n").arg(listenerName);
    text += QStringLiteral("log.dirs=%1/data\n").arg(spec.brokerDir);
    // runneld's cluster defaults already are RF min(3, brokers), min.insync.replicas 2 for
    // RF >= 3 and no unclean election; they are written out so that the file says what the
    // cluster runs with, unless the cluster's configuration chose otherwise.
    if (spec.clusterSize >= 3) {
        if (!configurationSets(spec.configuration, QStringLiteral("default.replication.factor")))
            text += QStringLiteral("default.replication.factor=3\n");
        if (!configurationSets(spec.configuration, QStringLiteral("min.insync.replicas")))
            text += QStringLiteral("min.insync.replicas=2\n");
    }
    if (!configurationSets(spec.configuration, QStringLiteral("unclean.leader.election.enable")))
        text += QStringLiteral("unclean.leader.election.enable=false\n");
    return text;
}

} // namespace runnel::control
