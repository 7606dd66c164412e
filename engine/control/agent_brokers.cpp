// Multi-broker clusters: the agent side of Kafka's combined mode. Every broker a cluster
// was created with is also a voter of the metadata quorum on its own CONTROLLER port;
// brokers added later by UpdateBrokerCount are broker-only members (Raft observers)
// whose CONTROLLER port carries broker-to-broker traffic only, and partitions are moved
// onto them with AlterPartitionReassignments; the agent asks the brokers over Kafka (Metadata)
// which one is the active controller and how many partitions are under-replicated, reports both,
// and uses them to roll one broker at a time (active controller last, each next broker only once
// every partition is fully replicated again).

#include "engine/control/agent.h"

#include "engine/protocol/messages.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <map>
#include <memory>

namespace runnel::control {

namespace {

constexpr int kMetadataTimeoutMs = 3000;
constexpr int kReassignCallTimeoutMs = 10000;
constexpr int kReassignPollMs = 500;
constexpr int kReassignTimeoutMs = 300000;
const QString kGrowCaller = QStringLiteral("runnel-agent");
const QString kStepDone = QStringLiteral("COMPLETED");
const QString kStepRunning = QStringLiteral("IN_PROGRESS");
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
    bool brokerOnly = false;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn)) {
        if (b.controllerPort == 0)
            return; // not a quorum cluster (cannot happen for clusters this agent made)
        if (!b.brokerOnly)
            voters << QStringLiteral("%1@127.0.0.1:%2").arg(b.nodeId.value).arg(b.controllerPort);
        if (b.nodeId == spec.nodeId) {
            own = b.controllerPort;
            brokerOnly = b.brokerOnly;
        }
    }
    spec.controllerPort = own;
    spec.brokerOnly = brokerOnly;
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
    auto found = findCluster(params);
    if (!found)
        return found.error();
    const ClusterRecord cluster = found.value();
    const QJsonValue target = params.value(QStringLiteral("TargetNumberOfBrokerNodes"));
    const int count = target.toInt(-1);
    if (!target.isDouble() || count < 1)
        return ControlError::badRequest(
            QStringLiteral("TargetNumberOfBrokerNodes must be a positive whole number."));
    if (count <= cluster.brokerCount)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has %2 brokers; UpdateBrokerCount only adds brokers, as "
                           "in MSK (you asked for %3).")
                .arg(cluster.name)
                .arg(cluster.brokerCount)
                .arg(count));
    if (count > kMaxBrokers)
        return ControlError::badRequest(
            QStringLiteral("A cluster has 1 to %1 brokers on one machine (you asked for %2).")
                .arg(kMaxBrokers)
                .arg(count));
    if (cluster.brokerCount <= 1)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has one broker, which runs no metadata quorum that new "
                           "brokers could join; create a cluster with 3 brokers to grow it "
                           "later.")
                .arg(cluster.name));
    if (cluster.state != ClusterState::Active || m_flows.contains(cluster.arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; brokers can be added only while it is ACTIVE.")
                .arg(cluster.name, toString(cluster.state)));

    // The new brokers: broker-only members (Raft observers) with the next node ids, the
    // cluster's settings and ports of their own (Kafka, metrics, peer).
    const int added = count - cluster.brokerCount;
    const bool tls = securityOf(cluster.arn).tlsEnabled();
    auto ports = tls ? allocatePortBlocks(added) : allocatePorts(added);
    if (!ports)
        return ports.error();
    QSet<int> taken;
    const int span = tls ? ClusterSecurity::kBlockSize : 1;
    for (quint16 p : ports.value())
        for (int i = 0; i < span; ++i)
            taken.insert(p + i);
    auto metricsPorts = allocatePortsFrom(added, m_options.metricsBasePort, taken);
    if (!metricsPorts)
        return metricsPorts.error();
    for (quint16 p : metricsPorts.value())
        taken.insert(p);
    const int controllerBase = m_options.basePort + kControllerPortOffset + 1000 <= 65535
                                   ? m_options.basePort + kControllerPortOffset
                                   : m_options.basePort;
    auto peerPorts = allocatePortsFrom(added, controllerBase, taken);
    if (!peerPorts)
        return peerPorts.error();
    int nextId = 1;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn))
        nextId = std::max(nextId, b.nodeId.value + 1);
    if (auto s = m_catalog.updateClusterBrokerCount(cluster.arn, count); !s)
        return s.error();

    QStringList steps{QStringLiteral("Allocate ports and directories")};
    for (int i = 0; i < added; ++i)
        steps << QStringLiteral("Start broker %1").arg(nextId + i);
    steps << QStringLiteral("Wait until the new brokers are registered")
          << QStringLiteral("Move partitions onto the new brokers");
    Flow &flow = beginFlow(cluster, FlowKind::Grow, QStringLiteral("UPDATE_BROKER_COUNT"), steps);
    setStep(flow, 0, kStepDone, 100);
    setClusterState(cluster.arn, ClusterState::Updating);
    QList<BrokerRecord> fresh;
    for (int i = 0; i < added; ++i) {
        BrokerRecord broker;
        broker.clusterArn = cluster.arn;
        broker.nodeId = BrokerId{nextId + i};
        broker.port = ports.value().at(i);
        broker.metricsPort = metricsPorts.value().at(i);
        broker.controllerPort = peerPorts.value().at(i);
        broker.brokerOnly = true;
        broker.state = BrokerState::Starting;
        if (auto s = m_catalog.upsertBroker(broker); !s) {
            finishFlow(cluster.arn, false, s.error().message);
            setClusterState(cluster.arn, ClusterState::Active);
            return s.error();
        }
        flow.waitingReady.insert(broker.nodeId.value);
        setStep(flow, 1 + i, kStepRunning, 0);
        fresh << broker;
    }
    const ClusterRecord grown = m_catalog.cluster(cluster.arn).value_or(cluster);
    for (const BrokerRecord &broker : fresh)
        m_supervisor->startBroker(specFor(grown, broker));
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster.arn},
                       {QStringLiteral("ClusterOperationArn"), flow.operation.arn}};
}

void Agent::adminCallTo(const QString &clusterArn,
                        protocol::ApiKey key,
                        int16_t version,
                        const QByteArray &body,
                        std::function<void(bool, const QByteArray &, const QString &)> done)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    const BrokerRecord *target = nullptr;
    const QList<BrokerRecord> brokers = m_catalog.brokers(clusterArn);
    for (const BrokerRecord &b : brokers)
        if (b.state == BrokerState::Running && !target)
            target = &b;
    if (!cluster || !target) {
        done(false, {}, QStringLiteral("no broker of the cluster is running"));
        return;
    }
    const bool tls = securityOf(clusterArn).tlsEnabled();
    const quint16 port
        = tls ? static_cast<quint16>(target->port + ClusterSecurity::kAgentOffset) : target->port;
    auto *call = new KafkaAdminCall(port,
                                    tls ? adminTls(*cluster) : AdminTls{},
                                    key,
                                    version,
                                    body,
                                    kReassignCallTimeoutMs,
                                    this);
    connect(call,
            &KafkaAdminCall::finished,
            this,
            [call, done](bool ok, const QByteArray &answer, const QString &error) {
                call->deleteLater();
                done(ok, answer, error);
            });
    call->start();
}

namespace {

// Moves replicas from the most to the least loaded brokers until every broker holds
// floor(total / brokers) or one more; each partition keeps its replication factor and
// never holds a broker twice. Returns the partitions whose replicas change.
std::map<std::pair<std::string, int32_t>, std::vector<int32_t>>
planSpread(const protocol::MetadataResponse &metadata, const QList<int> &brokerIds)
{
    std::map<std::pair<std::string, int32_t>, std::vector<int32_t>> assignment;
    std::map<int32_t, int> load;
    for (int id : brokerIds)
        load[id] = 0;
    for (const auto &t : metadata.topics) {
        if (t.errorCode != 0 || !t.name)
            continue;
        for (const auto &p : t.partitions) {
            assignment[{*t.name, p.partitionIndex}] = p.replicaNodes;
            for (int32_t r : p.replicaNodes)
                ++load[r];
        }
    }
    int total = 0;
    for (const auto &[id, n] : load)
        total += n;
    const int floorShare = brokerIds.isEmpty() ? 0 : total / static_cast<int>(brokerIds.size());
    std::map<std::pair<std::string, int32_t>, std::vector<int32_t>> changed;
    for (bool moved = true; moved;) {
        moved = false;
        // The least loaded broker that is below its share.
        int32_t to = -1;
        for (int id : brokerIds)
            if (load[id] < floorShare && (to < 0 || load[id] < load[to]))
                to = id;
        if (to < 0)
            break;
        // A replica on the most loaded broker, of a partition `to` does not hold yet.
        for (int pass = 0; pass < 2 && !moved; ++pass) {
            for (auto &[key, replicas] : assignment) {
                if (std::find(replicas.begin(), replicas.end(), to) != replicas.end())
                    continue;
                for (int32_t &r : replicas) {
                    // First from brokers above floor + 1, then from those above the floor
                    // (`to` is below it, so a move always narrows the spread).
                    const bool donor = pass == 0 ? load[r] > floorShare + 1 : load[r] > floorShare;
                    if (!donor)
                        continue;
                    --load[r];
                    ++load[to];
                    r = to;
                    changed[key] = replicas;
                    moved = true;
                    break;
                }
                if (moved)
                    break;
            }
        }
    }
    return changed;
}

} // namespace

void Agent::spreadReplicas(const QString &clusterArn)
{
    auto flowIt = m_flows.find(clusterArn);
    if (flowIt == m_flows.end())
        return;
    const int moveStep = static_cast<int>(flowIt->operation.steps.size()) - 1;
    setStep(*flowIt, moveStep - 1, kStepDone, 100);
    setStep(*flowIt, moveStep, kStepRunning, 0);
    protocol::MetadataRequest request;
    request.topics = std::nullopt;
    adminCallTo(
        clusterArn,
        protocol::ApiKey::Metadata,
        kMetadataVersion,
        KafkaAdminCall::encodeBody(request, kMetadataVersion),
        [this, clusterArn](bool ok, const QByteArray &answer, const QString &error) {
            protocol::MetadataResponse metadata;
            if (!ok || !KafkaAdminCall::decodeBody(answer, kMetadataVersion, metadata)) {
                failGrow(clusterArn,
                         QStringLiteral("The new brokers run, but the partitions could not be "
                                        "listed to move them (%1); move them with "
                                        "kafka-reassign-partitions.")
                             .arg(ok ? QStringLiteral("undecodable Metadata answer") : error));
                return;
            }
            QList<int> ids;
            for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
                ids << b.nodeId.value;
            const auto plan = planSpread(metadata, ids);
            if (plan.empty()) {
                finishGrow(clusterArn, 0);
                return;
            }
            protocol::AlterPartitionReassignmentsRequest alter;
            alter.timeoutMs = kReassignCallTimeoutMs;
            std::map<std::string, size_t> topicIndex;
            for (const auto &[key, replicas] : plan) {
                auto [it, inserted] = topicIndex.emplace(key.first, alter.topics.size());
                if (inserted) {
                    alter.topics.emplace_back();
                    alter.topics.back().name = key.first;
                }
                protocol::AlterPartitionReassignmentsRequest::ReassignablePartition p;
                p.partitionIndex = key.second;
                p.replicas = replicas;
                alter.topics[it->second].partitions.push_back(std::move(p));
            }
            const int moved = static_cast<int>(plan.size());
            adminCallTo(
                clusterArn,
                protocol::ApiKey::AlterPartitionReassignments,
                0,
                KafkaAdminCall::encodeBody(alter, 0),
                [this, clusterArn, moved](bool ok, const QByteArray &answer, const QString &error) {
                    protocol::AlterPartitionReassignmentsResponse response;
                    if (!ok || !KafkaAdminCall::decodeBody(answer, 0, response)) {
                        failGrow(clusterArn,
                                 QStringLiteral("AlterPartitionReassignments failed: %1")
                                     .arg(ok ? QStringLiteral("undecodable answer") : error));
                        return;
                    }
                    QStringList refused;
                    if (response.errorCode != 0)
                        refused << QString::fromStdString(response.errorMessage.value_or(
                            "error " + std::to_string(response.errorCode)));
                    for (const auto &t : response.responses)
                        for (const auto &p : t.partitions)
                            if (p.errorCode != 0)
                                refused << QStringLiteral("%1-%2: %3")
                                               .arg(QString::fromStdString(t.name))
                                               .arg(p.partitionIndex)
                                               .arg(QString::fromStdString(p.errorMessage.value_or(
                                                   "error " + std::to_string(p.errorCode))));
                    if (!refused.isEmpty()) {
                        failGrow(clusterArn,
                                 QStringLiteral("The brokers refused to move partitions: %1")
                                     .arg(refused.join(QStringLiteral("; "))));
                        return;
                    }
                    waitReassignmentsThen(clusterArn,
                                          QDateTime::currentMSecsSinceEpoch() + kReassignTimeoutMs,
                                          moved);
                });
        });
}

void Agent::waitReassignmentsThen(const QString &clusterArn, qint64 deadlineMs, int moved)
{
    if (!m_flows.contains(clusterArn))
        return;
    protocol::ListPartitionReassignmentsRequest request;
    request.topics = std::nullopt;
    adminCallTo(
        clusterArn,
        protocol::ApiKey::ListPartitionReassignments,
        0,
        KafkaAdminCall::encodeBody(request, 0),
        [this, clusterArn, deadlineMs, moved](
            bool ok, const QByteArray &answer, const QString &error) {
            protocol::ListPartitionReassignmentsResponse response;
            const bool decoded = ok && KafkaAdminCall::decodeBody(answer, 0, response);
            int ongoing = 0;
            if (decoded)
                for (const auto &t : response.topics)
                    ongoing += static_cast<int>(t.partitions.size());
            if (decoded && response.errorCode == 0 && ongoing == 0) {
                finishGrow(clusterArn, moved);
                return;
            }
            if (QDateTime::currentMSecsSinceEpoch() >= deadlineMs) {
                failGrow(clusterArn,
                         decoded ? QStringLiteral("%1 of %2 partition moves were still in "
                                                  "progress after %3 s; they go on in the "
                                                  "brokers.")
                                       .arg(ongoing)
                                       .arg(moved)
                                       .arg(kReassignTimeoutMs / 1000)
                                 : QStringLiteral("ListPartitionReassignments failed: %1")
                                       .arg(ok ? QStringLiteral("undecodable answer") : error));
                return;
            }
            if (auto it = m_flows.find(clusterArn); it != m_flows.end() && moved > 0)
                setStep(*it,
                        static_cast<int>(it->operation.steps.size()) - 1,
                        kStepRunning,
                        100 * (moved - ongoing) / moved);
            QTimer::singleShot(kReassignPollMs, this, [this, clusterArn, deadlineMs, moved] {
                waitReassignmentsThen(clusterArn, deadlineMs, moved);
            });
        });
}

void Agent::finishGrow(const QString &clusterArn, int moved)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    finishFlow(clusterArn, true, QString());
    setClusterState(clusterArn, ClusterState::Active);
    audit(kGrowCaller,
          QStringLiteral("MovePartitions"),
          clusterArn,
          QJsonObject{{QStringLiteral("PartitionsMoved"), moved},
                      {QStringLiteral("NumberOfBrokerNodes"), cluster ? cluster->brokerCount : 0}},
          QStringLiteral("Success"),
          QStringLiteral("%1 partitions moved so that every broker holds a fair share of "
                         "replicas; the cluster is ACTIVE.")
              .arg(moved));
}

void Agent::failGrow(const QString &clusterArn, const QString &why)
{
    finishFlow(clusterArn, false, why);
    // The brokers were added and run; only the data movement is incomplete.
    setClusterState(clusterArn, ClusterState::Active);
    audit(kGrowCaller,
          QStringLiteral("MovePartitions"),
          clusterArn,
          {},
          QStringLiteral("Failure"),
          why);
}

} // namespace runnel::control
