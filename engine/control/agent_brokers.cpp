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
#include <QDir>
#include <QFile>
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
// UnregisterBroker: retried on NOT_CONTROLLER or no answer, on the next running broker.
constexpr int kUnregisterRetryMs = 500;
constexpr int kUnregisterTimeoutMs = 30000;
constexpr int16_t kNotController = 41;
constexpr int16_t kBrokerIdNotRegistered = 102;

// "5, 4"
QString idList(const QList<int> &ids)
{
    QStringList out;
    for (int id : ids)
        out << QString::number(id);
    return out.join(QStringLiteral(", "));
}

QString brokersWord(const QList<int> &ids)
{
    return ids.size() == 1 ? QStringLiteral("broker %1").arg(ids.first())
                           : QStringLiteral("brokers %1").arg(idList(ids));
}

int stepNamed(const ClusterOperation &operation, const QString &name)
{
    for (int i = 0; i < operation.steps.size(); ++i)
        if (operation.steps[i].name == name)
            return i;
    return -1;
}

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
                           std::function<void()> next,
                           const QString &timeoutSentence)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster)
        return;
    const int expected = cluster->brokerCount;
    auto check = [this, clusterArn, deadlineMs, inSync, next, expected, timeoutSentence](
                     ControlResult<QuorumView> view) {
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
                = !timeoutSentence.isEmpty() ? QStringLiteral("%1 (%2).").arg(timeoutSentence, seen)
                  : inSync ? QStringLiteral("The roll stopped: the restarted broker did not catch "
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
        QTimer::singleShot(
            kInSyncPollMs, this, [this, clusterArn, deadlineMs, inSync, next, timeoutSentence] {
                waitInSyncThen(clusterArn, deadlineMs, inSync, next, timeoutSentence);
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
    if (count == cluster.brokerCount)
        return ControlError::badRequest(QStringLiteral("Cluster %1 already has %2 brokers.")
                                            .arg(cluster.name)
                                            .arg(cluster.brokerCount));
    if (count < cluster.brokerCount) {
        // Shrinking asks the brokers for the topics first (updateBrokerCountAsync); here
        // only what needs no broker is answered.
        if (auto removed = checkShrink(cluster, count); !removed)
            return removed.error();
        return ControlError::badRequest(
            QStringLiteral("Removing brokers asks the brokers about their topics first; send "
                           "UpdateBrokerCount through the agent's socket (runnelctl)."));
    }
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
                        std::function<void(bool, const QByteArray &, const QString &)> done,
                        int nth)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    QList<BrokerRecord> running;
    const int controller = m_quorum.value(clusterArn).controllerId;
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn)) {
        if (b.state != BrokerState::Running)
            continue;
        if (b.nodeId.value == controller)
            running.prepend(b); // the controller first: it answers for the cluster's metadata
        else
            running.append(b);
    }
    const BrokerRecord *target = running.isEmpty() ? nullptr : &running[nth % running.size()];
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

void Agent::allTopicsMetadata(
    const QString &clusterArn,
    std::function<void(const protocol::MetadataResponse *metadata, const QString &error)> done)
{
    protocol::MetadataRequest request;
    request.topics = std::nullopt; // every topic
    adminCallTo(clusterArn,
                protocol::ApiKey::Metadata,
                kMetadataVersion,
                KafkaAdminCall::encodeBody(request, kMetadataVersion),
                [done](bool ok, const QByteArray &answer, const QString &error) {
                    protocol::MetadataResponse metadata;
                    if (!ok)
                        done(nullptr, error);
                    else if (!KafkaAdminCall::decodeBody(answer, kMetadataVersion, metadata))
                        done(nullptr, QStringLiteral("undecodable Metadata answer"));
                    else
                        done(&metadata, {});
                });
}

void Agent::spreadReplicas(const QString &clusterArn)
{
    auto flowIt = m_flows.find(clusterArn);
    if (flowIt == m_flows.end())
        return;
    const int moveStep = static_cast<int>(flowIt->operation.steps.size()) - 1;
    setStep(*flowIt, moveStep - 1, kStepDone, 100);
    setStep(*flowIt, moveStep, kStepRunning, 0);
    allTopicsMetadata(
        clusterArn,
        [this, clusterArn, moveStep](const protocol::MetadataResponse *metadata,
                                     const QString &error) {
            if (!metadata) {
                failGrow(clusterArn,
                         QStringLiteral("The new brokers run, but the partitions could not be "
                                        "listed to move them (%1); move them with "
                                        "kafka-reassign-partitions.")
                             .arg(error));
                return;
            }
            QList<int> ids;
            for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
                ids << b.nodeId.value;
            reassignThen(clusterArn,
                         planSpread(*metadata, ids),
                         moveStep,
                         [this, clusterArn](int moved) { finishGrow(clusterArn, moved); });
        });
}

void Agent::reassignThen(const QString &clusterArn,
                         const ReplicaPlan &plan,
                         int moveStep,
                         std::function<void(int)> next)
{
    if (plan.empty()) {
        next(0);
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
    adminCallTo(clusterArn,
                protocol::ApiKey::AlterPartitionReassignments,
                0,
                KafkaAdminCall::encodeBody(alter, 0),
                [this, clusterArn, moved, moveStep, next](
                    bool ok, const QByteArray &answer, const QString &error) {
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
                                          moved,
                                          moveStep,
                                          next);
                });
}

void Agent::waitReassignmentsThen(const QString &clusterArn,
                                  qint64 deadlineMs,
                                  int moved,
                                  int moveStep,
                                  std::function<void(int)> next)
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
        [this, clusterArn, deadlineMs, moved, moveStep, next](
            bool ok, const QByteArray &answer, const QString &error) {
            protocol::ListPartitionReassignmentsResponse response;
            const bool decoded = ok && KafkaAdminCall::decodeBody(answer, 0, response);
            int ongoing = 0;
            if (decoded)
                for (const auto &t : response.topics)
                    ongoing += static_cast<int>(t.partitions.size());
            if (decoded && response.errorCode == 0 && ongoing == 0) {
                next(moved);
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
                setStep(*it, moveStep, kStepRunning, 100 * (moved - ongoing) / moved);
            QTimer::singleShot(
                kReassignPollMs, this, [this, clusterArn, deadlineMs, moved, moveStep, next] {
                    waitReassignmentsThen(clusterArn, deadlineMs, moved, moveStep, next);
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

// ---------------------------------------------------------------------------------------
// UpdateBrokerCount to fewer brokers.

ControlResult<QList<int>> Agent::checkShrink(const ClusterRecord &cluster, int target) const
{
    QList<int> voters;
    QList<int> brokerOnly;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn))
        (b.brokerOnly ? brokerOnly : voters) << b.nodeId.value;
    if (target >= cluster.brokerCount)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has %2 brokers; %3 removes none.")
                .arg(cluster.name)
                .arg(cluster.brokerCount)
                .arg(target));
    if (target < voters.size())
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 can shrink to %2 brokers at the fewest (you asked for "
                           "%3): the %2 brokers cluster %1 was created with run its metadata "
                           "quorum and stay.")
                .arg(cluster.name)
                .arg(voters.size())
                .arg(target));
    if (cluster.state != ClusterState::Active)
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; brokers can be removed only while it is ACTIVE.")
                .arg(cluster.name, toString(cluster.state)));
    if (m_flows.contains(cluster.arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 has another operation running; remove brokers once it "
                           "has ended.")
                .arg(cluster.name));
    std::sort(brokerOnly.begin(), brokerOnly.end(), std::greater<>());
    const int removeCount = cluster.brokerCount - target;
    if (brokerOnly.size() < removeCount) // the catalog disagrees with the broker count
        return ControlError::internal(
            QStringLiteral("Cluster %1 records %2 brokers but only %3 added ones to remove.")
                .arg(cluster.name)
                .arg(cluster.brokerCount)
                .arg(brokerOnly.size()));
    return brokerOnly.mid(0, removeCount);
}

void Agent::updateBrokerCountAsync(const QJsonObject &params, std::function<void(Reply)> done)
{
    const auto found = findCluster(params);
    const QJsonValue target = params.value(QStringLiteral("TargetNumberOfBrokerNodes"));
    const int count = target.toInt(-1);
    if (!found || !target.isDouble() || count < 1 || count >= found->brokerCount) {
        done(updateBrokerCount(params)); // growing, or refused the same way
        return;
    }
    if (auto removed = checkShrink(found.value(), count); !removed) {
        done(removed.error());
        return;
    }
    // A topic with more replicas per partition than `count` could not be placed.
    allTopicsMetadata(
        found->arn,
        [this, arn = found->arn, name = found->name, count, done](
            const protocol::MetadataResponse *metadata, const QString &error) {
            if (!metadata) {
                done(ControlError::conflict(
                    QStringLiteral("The brokers of cluster %1 could not be asked about their "
                                   "topics (%2); nothing was changed, try again when the cluster "
                                   "is ACTIVE.")
                        .arg(name, error)));
                return;
            }
            if (auto refusal = replicationFactorRefusal(*metadata, count)) {
                done(ControlError::badRequest(*refusal));
                return;
            }
            // Checked again: another call may have started an operation meanwhile.
            const auto cluster = m_catalog.cluster(arn);
            if (!cluster) {
                done(ControlError::notFound(QStringLiteral("Cluster %1 is gone.").arg(name)));
                return;
            }
            auto removed = checkShrink(*cluster, count);
            if (!removed) {
                done(removed.error());
                return;
            }
            done(startShrink(*cluster, count, removed.value()));
        });
}

Agent::Reply Agent::startShrink(const ClusterRecord &cluster, int target, const QList<int> &removed)
{
    QStringList steps{QStringLiteral("Move partitions off %1").arg(brokersWord(removed))};
    for (int id : removed)
        steps << QStringLiteral("Stop broker %1").arg(id)
              << QStringLiteral("Unregister broker %1").arg(id)
              << QStringLiteral("Remove broker %1's data").arg(id);
    Flow &flow = beginFlow(cluster, FlowKind::Shrink, QStringLiteral("UPDATE_BROKER_COUNT"), steps);
    flow.removeQueue = removed;
    flow.targetCount = target;
    const QString operationArn = flow.operation.arn;
    setClusterState(cluster.arn, ClusterState::Updating);
    QTimer::singleShot(0, this, [this, arn = cluster.arn] { drainBrokers(arn); });
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster.arn},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

void Agent::drainBrokers(const QString &clusterArn)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end() || it->kind != FlowKind::Shrink)
        return;
    setStep(*it, 0, kStepRunning, 0);
    const QList<int> removed = it->removeQueue;
    allTopicsMetadata(
        clusterArn,
        [this, clusterArn, removed](const protocol::MetadataResponse *metadata,
                                    const QString &error) {
            if (!m_flows.contains(clusterArn))
                return;
            if (!metadata) {
                failGrow(clusterArn,
                         QStringLiteral("The partitions could not be listed to move them off %1 "
                                        "(%2); every broker still runs.")
                             .arg(brokersWord(removed), error));
                return;
            }
            const QSet<int> gone(removed.begin(), removed.end());
            QList<int> remaining;
            for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
                if (!gone.contains(b.nodeId.value))
                    remaining << b.nodeId.value;
            QString why;
            const auto plan = planDrain(*metadata, gone, remaining, &why);
            if (!plan) {
                failGrow(clusterArn,
                         QStringLiteral("Partitions cannot move off %1: %2; every broker still "
                                        "runs.")
                             .arg(brokersWord(removed), why));
                return;
            }
            reassignThen(clusterArn, *plan, 0, [this, clusterArn, removed](int moved) {
                // No broker stops before every partition is fully in sync on the others.
                waitInSyncThen(
                    clusterArn,
                    QDateTime::currentMSecsSinceEpoch() + kInSyncTimeoutMs,
                    true,
                    [this, clusterArn, removed, moved] {
                        audit(kGrowCaller,
                              QStringLiteral("MovePartitions"),
                              clusterArn,
                              QJsonObject{{QStringLiteral("PartitionsMoved"), moved},
                                          {QStringLiteral("BrokersRemoved"), idList(removed)}},
                              QStringLiteral("Success"),
                              QStringLiteral("%1 partitions moved off %2; every partition is in "
                                             "sync on the brokers that stay.")
                                  .arg(moved)
                                  .arg(brokersWord(removed)));
                        if (auto f = m_flows.find(clusterArn); f != m_flows.end())
                            setStep(*f, 0, kStepDone, 100);
                        stopNextRemoved(clusterArn);
                    },
                    QStringLiteral("The partitions moved off %1 were not all in sync within %2 s, "
                                   "so no broker was stopped")
                        .arg(brokersWord(removed))
                        .arg(kInSyncTimeoutMs / 1000));
            });
        });
}

void Agent::stopNextRemoved(const QString &clusterArn)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end() || it->kind != FlowKind::Shrink)
        return;
    if (it->removeQueue.isEmpty()) {
        const auto cluster = m_catalog.cluster(clusterArn);
        const int count = cluster ? cluster->brokerCount : it->targetCount;
        finishFlow(clusterArn, true, QString());
        setClusterState(clusterArn, ClusterState::Active);
        audit(kGrowCaller,
              QStringLiteral("RemoveBrokers"),
              clusterArn,
              QJsonObject{{QStringLiteral("NumberOfBrokerNodes"), count}},
              QStringLiteral("Success"),
              QStringLiteral("The cluster has %1 brokers and is ACTIVE.").arg(count));
        return;
    }
    const int id = it->removeQueue.first();
    setStep(
        *it, stepNamed(it->operation, QStringLiteral("Stop broker %1").arg(id)), kStepRunning, 0);
    it->waitingStopped.insert(id);
    setBrokerState(clusterArn, BrokerId{id}, BrokerState::Stopping, -1);
    // SIGTERM: runneld's controlled shutdown. The Supervisor reports brokerStopped (not
    // brokerDied), so nothing heals it.
    m_supervisor->stopBroker(clusterArn, BrokerId{id});
}

void Agent::unregisterRemoved(const QString &clusterArn, int id, int attempt, qint64 deadlineMs)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end() || it->kind != FlowKind::Shrink)
        return;
    const int step = stepNamed(it->operation, QStringLiteral("Unregister broker %1").arg(id));
    if (attempt == 0) {
        deadlineMs = QDateTime::currentMSecsSinceEpoch() + kUnregisterTimeoutMs;
        setStep(*it,
                stepNamed(it->operation, QStringLiteral("Stop broker %1").arg(id)),
                kStepDone,
                100);
        setStep(*it, step, kStepRunning, 0);
    }
    protocol::UnregisterBrokerRequest request;
    request.brokerId = id;
    adminCallTo(
        clusterArn,
        protocol::ApiKey::UnregisterBroker,
        0,
        KafkaAdminCall::encodeBody(request, 0),
        [this, clusterArn, id, attempt, deadlineMs, step](
            bool ok, const QByteArray &answer, const QString &error) {
            auto f = m_flows.find(clusterArn);
            if (f == m_flows.end() || f->kind != FlowKind::Shrink)
                return;
            protocol::UnregisterBrokerResponse response;
            const bool decoded = ok && KafkaAdminCall::decodeBody(answer, 0, response);
            QString last = ok ? QStringLiteral("undecodable answer") : error;
            if (decoded) {
                // BROKER_ID_NOT_REGISTERED: already gone, which is what was asked.
                if (response.errorCode == 0 || response.errorCode == kBrokerIdNotRegistered) {
                    setStep(*f, step, kStepDone, 100);
                    removeBrokerData(clusterArn, id);
                    return;
                }
                last = response.errorMessage
                           ? QString::fromStdString(*response.errorMessage)
                           : QStringLiteral("Kafka error %1").arg(response.errorCode);
                if (response.errorCode != kNotController) {
                    failShrink(clusterArn,
                               QStringLiteral("The brokers refused to unregister broker %1: %2.")
                                   .arg(id)
                                   .arg(last),
                               id);
                    return;
                }
            }
            if (QDateTime::currentMSecsSinceEpoch() >= deadlineMs) {
                failShrink(clusterArn,
                           QStringLiteral("Broker %1 could not be unregistered within %2 s (last: "
                                          "%3).")
                               .arg(id)
                               .arg(kUnregisterTimeoutMs / 1000)
                               .arg(last),
                           id);
                return;
            }
            QTimer::singleShot(
                kUnregisterRetryMs, this, [this, clusterArn, id, attempt, deadlineMs] {
                    unregisterRemoved(clusterArn, id, attempt + 1, deadlineMs);
                });
        },
        attempt);
}

void Agent::removeBrokerData(const QString &clusterArn, int id)
{
    auto it = m_flows.find(clusterArn);
    const auto cluster = m_catalog.cluster(clusterArn);
    if (it == m_flows.end() || !cluster)
        return;
    const int step = stepNamed(it->operation, QStringLiteral("Remove broker %1's data").arg(id));
    setStep(*it, step, kStepRunning, 0);
    // The broker is out of the cluster's metadata now: its row goes first (its ports are
    // free again), then its files.
    if (auto s = m_catalog.deleteBroker(clusterArn, BrokerId{id}); !s) {
        finishFlow(clusterArn, false, s.error().message);
        setClusterState(clusterArn, ClusterState::Active);
        return;
    }
    (void)m_catalog.updateClusterBrokerCount(clusterArn, cluster->brokerCount - 1);
    m_supervisor->forget(clusterArn, BrokerId{id});
    m_failureTimes.remove(clusterArn + QLatin1Char('#') + QString::number(id));
    m_quorum.remove(clusterArn); // its broker count was the old one
    const QString root = QDir::cleanPath(m_options.dataRoot + QStringLiteral("/clusters"));
    const QString dir = QDir::cleanPath(brokerDir(*cluster, BrokerId{id}));
    bool removed = true;
    // Only ever remove a directory inside our own clusters folder.
    if (dir.startsWith(root + QLatin1Char('/')) && QDir(dir).exists())
        removed = QDir(dir).removeRecursively();
    QFile::remove(securityDir(*cluster) + QStringLiteral("/broker-%1.pem").arg(id)); // TLS only
    it = m_flows.find(clusterArn);
    if (it == m_flows.end())
        return;
    it->removeQueue.removeOne(id);
    if (!removed) {
        finishFlow(clusterArn,
                   false,
                   QStringLiteral("Broker %1 is stopped and unregistered, but %2 could not be "
                                  "removed; remove it by hand.")
                       .arg(id)
                       .arg(dir));
        setClusterState(clusterArn, ClusterState::Active);
        return;
    }
    setStep(*it, step, kStepDone, 100);
    stopNextRemoved(clusterArn);
}

void Agent::failShrink(const QString &clusterArn, const QString &why, int restartId)
{
    const QString message
        = restartId < 0
              ? why
              : why
                    + QStringLiteral(" Broker %1 was started again and stays in the cluster.")
                          .arg(restartId);
    finishFlow(clusterArn, false, message);
    setClusterState(clusterArn, ClusterState::Active);
    audit(kGrowCaller,
          QStringLiteral("RemoveBrokers"),
          clusterArn,
          {},
          QStringLiteral("Failure"),
          message);
    if (restartId >= 0)
        startBrokerOf(clusterArn, BrokerId{restartId});
}

} // namespace runnel::control
