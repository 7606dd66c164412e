// Multi-broker clusters: the agent side of Kafka's combined mode. Every broker of a
// cluster with more than one broker is also a voter of the metadata quorum on its own
// CONTROLLER port; the agent asks the brokers over Kafka (Metadata) which one is the
// active controller and how many partitions are under-replicated, reports both, and
// uses them to roll one broker at a time (active controller last, each next broker only
// once every partition is fully replicated again).

#include "engine/control/agent.h"

#include "engine/protocol/messages.h"

#include <QDateTime>
#include <QJsonArray>

#include <memory>

namespace runnel::control {

namespace {

constexpr int kMetadataTimeoutMs = 3000;
constexpr int kInSyncPollMs = 1000;
// Metadata v1: the first version with ControllerId, where a null topic list means all.
constexpr int16_t kMetadataVersion = 1;

} // namespace

void Agent::applyQuorum(BrokerSpec &spec, const ClusterRecord &cluster) const
{
    if (cluster.brokerCount <= 1)
        return; // one broker keeps the single-broker form
    QStringList voters;
    quint16 own = 0;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn)) {
        if (b.controllerPort == 0)
            return; // not a quorum cluster (cannot happen for clusters this agent made)
        voters << QStringLiteral("%1@127.0.0.1:%2").arg(b.nodeId.value).arg(b.controllerPort);
        if (b.nodeId == spec.nodeId)
            own = b.controllerPort;
    }
    spec.controllerPort = own;
    spec.quorumVoters = voters.join(QLatin1Char(','));
    spec.clusterSize = cluster.brokerCount;
}

void Agent::startQuorumWatch()
{
    m_quorumTimer.setInterval(kQuorumWatchIntervalMs);
    connect(&m_quorumTimer, &QTimer::timeout, this, [this] {
        for (const ClusterRecord &c : m_catalog.clusters()) {
            if (c.brokerCount <= 1 || c.state == ClusterState::Deleting)
                continue;
            refreshQuorum(c.arn, [](const ControlResult<QuorumView> &) {});
        }
    });
    m_quorumTimer.start();
}

void Agent::refreshQuorum(const QString &clusterArn,
                          std::function<void(ControlResult<QuorumView>)> done)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster) {
        done(ControlError::notFound(QStringLiteral("The cluster is gone.")));
        return;
    }
    QList<BrokerRecord> running;
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
        if (b.state == BrokerState::Running)
            running << b;
    const bool tls = securityOf(clusterArn).tlsEnabled();
    const AdminTls adminTlsOfCluster = tls ? adminTls(*cluster) : AdminTls{};
    protocol::MetadataRequest request;
    request.topics = std::nullopt; // every topic
    const QByteArray body = KafkaAdminCall::encodeBody(request, kMetadataVersion);

    // Ask the running brokers in turn until one answers.
    auto askNext = std::make_shared<std::function<void(int, QString)>>();
    *askNext = [this, clusterArn, running, tls, adminTlsOfCluster, body, done, askNext](
                   int index, const QString &lastError) {
        if (index >= running.size()) {
            // Copies first: resetting *askNext (to break the cycle) destroys this lambda's
            // captures while it runs.
            const auto finish = done;
            const QString why
                = running.isEmpty()
                      ? QStringLiteral("No broker of the cluster is running.")
                      : QStringLiteral("No broker answered Metadata (%1).").arg(lastError);
            const auto self = askNext;
            *self = nullptr;
            finish(ControlError::internal(why));
            return;
        }
        const BrokerRecord &b = running.at(index);
        const quint16 port
            = tls ? static_cast<quint16>(b.port + ClusterSecurity::kAgentOffset) : b.port;
        auto *call = new KafkaAdminCall(port,
                                        adminTlsOfCluster,
                                        protocol::ApiKey::Metadata,
                                        kMetadataVersion,
                                        body,
                                        kMetadataTimeoutMs,
                                        this);
        connect(call,
                &KafkaAdminCall::finished,
                this,
                [this, call, clusterArn, index, done, askNext, id = b.nodeId.value](
                    bool ok, const QByteArray &answer, const QString &error) {
                    call->deleteLater();
                    protocol::MetadataResponse response;
                    if (!ok || !KafkaAdminCall::decodeBody(answer, kMetadataVersion, response)) {
                        (*askNext)(index + 1,
                                   QStringLiteral("broker %1: %2")
                                       .arg(id)
                                       .arg(ok ? QStringLiteral("undecodable answer") : error));
                        return;
                    }
                    QuorumView view;
                    view.controllerId = response.controllerId;
                    view.brokers = static_cast<int>(response.brokers.size());
                    view.underReplicated = 0;
                    for (const auto &topic : response.topics)
                        for (const auto &p : topic.partitions)
                            if (p.errorCode != 0 || p.isrNodes.size() < p.replicaNodes.size())
                                ++view.underReplicated;
                    view.sampledAtMs = QDateTime::currentMSecsSinceEpoch();
                    m_quorum.insert(clusterArn, view);
                    *askNext = nullptr;
                    done(view);
                });
        call->start();
    };
    (*askNext)(0, QString());
}

QList<int> Agent::rollOrder(const QString &clusterArn) const
{
    QList<int> order;
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
        order.append(b.nodeId.value);
    // The active controller goes last, so that the quorum elects a new leader once only.
    const int controller = m_quorum.value(clusterArn).controllerId;
    if (order.removeOne(controller))
        order.append(controller);
    return order;
}

void Agent::waitInSyncThen(const QString &clusterArn,
                           qint64 deadlineMs,
                           bool inSync,
                           std::function<void()> next)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster)
        return;
    const int expected = cluster->brokerCount;
    auto check
        = [this, clusterArn, deadlineMs, inSync, next, expected](ControlResult<QuorumView> view) {
              if (!m_flows.contains(clusterArn))
                  return; // the operation ended meanwhile (a broker failed for good)
              if (view && view->brokers >= expected && view->controllerId >= 0
                  && (!inSync || view->underReplicated == 0)) {
                  next();
                  return;
              }
              if (QDateTime::currentMSecsSinceEpoch() >= deadlineMs) {
                  const QString seen = view ? QStringLiteral("%1 of %2 brokers registered, %3 "
                                                             "under-replicated partitions")
                                                  .arg(view->brokers)
                                                  .arg(expected)
                                                  .arg(view->underReplicated)
                                            : view.error().message;
                  const QString error
                      = inSync
                            ? QStringLiteral("The roll stopped: the restarted broker did not catch "
                                             "up within %1 s (%2); the brokers not yet restarted "
                                             "were left as they were.")
                                  .arg(kInSyncTimeoutMs / 1000)
                                  .arg(seen)
                            : QStringLiteral("The brokers answer, but the metadata quorum did not "
                                             "list all of them within %1 s (%2); see the brokers' "
                                             "logs.")
                                  .arg(kInSyncTimeoutMs / 1000)
                                  .arg(seen);
                  finishFlow(clusterArn, false, error);
                  setClusterState(clusterArn, ClusterState::Active);
                  return;
              }
              QTimer::singleShot(kInSyncPollMs, this, [this, clusterArn, deadlineMs, inSync, next] {
                  waitInSyncThen(clusterArn, deadlineMs, inSync, next);
              });
          };
    refreshQuorum(clusterArn, check);
}

void Agent::addQuorumInfo(QJsonObject &info, const ClusterRecord &cluster) const
{
    if (cluster.brokerCount <= 1)
        return;
    const auto it = m_quorum.constFind(cluster.arn);
    if (it == m_quorum.constEnd())
        return;
    info.insert(QStringLiteral("ActiveControllerId"), it->controllerId);
    info.insert(QStringLiteral("UnderReplicatedPartitions"), it->underReplicated);
    info.insert(
        QStringLiteral("QuorumSampledAt"),
        QDateTime::fromMSecsSinceEpoch(it->sampledAtMs, Qt::UTC).toString(Qt::ISODateWithMs));
}

Agent::Reply Agent::rebootBrokers(const ClusterRecord &cluster, const QList<int> &ids)
{
    if (cluster.state != ClusterState::Active || m_flows.contains(cluster.arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; several brokers can be rebooted only while the "
                           "cluster is ACTIVE (reboot a broker of a FAILED cluster on its own).")
                .arg(cluster.name, toString(cluster.state)));
    QList<int> order;
    for (int id : rollOrder(cluster.arn))
        if (ids.contains(id))
            order.append(id);
    QStringList steps{QStringLiteral("Order the brokers, the active controller last")};
    for (int id : order)
        steps << QStringLiteral("Reboot broker %1").arg(id);
    Flow &flow = beginFlow(cluster, FlowKind::Roll, QStringLiteral("REBOOT_NODE"), steps);
    setStep(flow, 0, QStringLiteral("COMPLETED"), 100);
    flow.rollQueue = order;
    flow.rollStep = 0;
    const QString operationArn = flow.operation.arn;
    setClusterState(cluster.arn, ClusterState::RebootingBroker);
    rollNext(cluster.arn);
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster.arn},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

Agent::Reply Agent::updateBrokerCount(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const QJsonValue target = params.value(QStringLiteral("TargetNumberOfBrokerNodes"));
    const int count = target.toInt(-1);
    if (!target.isDouble() || count < 1)
        return ControlError::badRequest(
            QStringLiteral("TargetNumberOfBrokerNodes must be a positive whole number."));
    if (count <= cluster->brokerCount)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has %2 brokers; UpdateBrokerCount only adds brokers, as "
                           "in MSK (you asked for %3).")
                .arg(cluster->name)
                .arg(cluster->brokerCount)
                .arg(count));
    // What runneld lacks (docs/replication.md, "Not done yet"): the voter set of the
    // metadata quorum is fixed by controller.quorum.voters, every member must be a voter
    // (process.roles=broker,controller only), and there is no partition reassignment.
    return ControlError::badRequest(
        QStringLiteral("Cluster %1 cannot grow to %2 brokers: runneld's metadata quorum has a "
                       "fixed set of voters (controller.quorum.voters), accepts no broker-only "
                       "members (process.roles=broker) and cannot move partitions "
                       "(AlterPartitionReassignments), so a new broker could neither join nor "
                       "take load. Create a cluster with %2 brokers and copy the topics instead.")
            .arg(cluster->name)
            .arg(count));
}

} // namespace runnel::control
