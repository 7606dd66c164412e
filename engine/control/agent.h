#pragma once

// The Agent is the control plane: it serves MSK-named operations (CreateClusterV2,
// ListClustersV2, DescribeClusterV2, GetBootstrapBrokers, ListNodes, RebootBroker,
// DeleteCluster, ListClusterOperations, ListAuditEvents, CreateConfiguration,
// UpdateConfiguration, DescribeConfiguration, ListConfigurations,
// ListConfigurationRevisions, DescribeConfigurationRevision, UpdateClusterConfiguration,
// UpdateMonitoring, UpdateBrokerStorage, Put/Describe/DeleteStorageAutoScaling, and
// through its MetricsService GetMetricData, ListMetrics,
// PutMetricAlarm, DescribeAlarms, DeleteAlarms, DescribeAlarmHistory) over JSON objects,
// keeps the Catalog, and drives the Supervisor: it starts brokers for new clusters,
// heals brokers that die (HEALING, then ACTIVE), reboots, rolls (one broker at a time,
// for a configuration change) and deletes them, and records each
// long-running change as a ClusterOperation with steps and each mutating call (and each
// healing) as an audit event.
//
// Owned by runnel-agent's main(); lives on the main thread and never blocks it: every
// operation returns at once with a ClusterOperationArn and advances on Supervisor
// signals. Lifecycle: start() opens the catalog and brings back every cluster that
// should be running; shutdown() stops every broker with SIGTERM (clusters stay ACTIVE
// in the catalog, so the next start() resumes them) and emits shutDown().
//
// One operation per cluster at a time: a second mutating call while one runs gets a
// ConflictException, as MSK answers.

#include "engine/control/catalog.h"
#include "engine/control/clustersecurity.h"
#include "engine/control/kafkaadmin.h"
#include "engine/control/metricsservice.h"
#include "engine/control/reassignplan.h"
#include "engine/control/result.h"
#include "engine/control/supervisor.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

namespace runnel::control {

class Agent : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataRoot;
        QString runneldPath;
        quint16 basePort = 9092; // MSK's plaintext port; RUNNEL_PORT_BASE overrides
        // First port for the brokers' Prometheus endpoints: MSK's Open Monitoring port;
        // RUNNEL_METRICS_PORT_BASE overrides.
        quint16 metricsBasePort = 11001;
    };

    static constexpr int kMaxDeathsPerWindow = 5;
    static constexpr int kDeathWindowMs = 120000;
    static constexpr int kShutdownTimeoutMs = 20000;
    // Multi-broker clusters (agent_brokers.cpp): at most kMaxBrokers brokers, each also a
    // voter of the metadata quorum; a roll waits up to kInSyncTimeoutMs after each
    // restarted broker for the under-replicated partitions to be back to 0.
    static constexpr int kMaxBrokers = 9;
    static constexpr int kControllerPortOffset = 10000; // first CONTROLLER port: basePort + this
    static constexpr int kInSyncTimeoutMs = 120000;
    static constexpr int kQuorumWatchIntervalMs = 2000;

    explicit Agent(Options options, QObject *parent = nullptr);
    ~Agent() override;

    ControlStatus start();
    void shutdown();

    // Serves one request. `caller` is recorded in the audit log ("uid:1000").
    // Returns {"ok": true, "result": {...}} or {"ok": false, "error": {code, message}}.
    QJsonObject handle(const QString &operation, const QJsonObject &params, const QString &caller);

    const Catalog &catalog() const { return m_catalog; }
    const MetricsService &metrics() const { return *m_metrics; }
    static QStringList operationNames();

    // Serves one request and calls `reply` with what handle() returns: at once for most
    // operations, after the brokers answer for the ones that talk to them over Kafka
    // (the SCRAM user and ACL operations, agent_security.cpp). ApiServer's entry point.
    using Replier = std::function<void(const QJsonObject &)>;
    void handleAsync(const QString &operation,
                     const QJsonObject &params,
                     const QString &caller,
                     Replier reply);
    // The security operations (agent_security.cpp), served besides operationNames().
    static QStringList securityOperationNames();

signals:
    void shutDown();

private:
    // Grow: UpdateBrokerCount (new broker-only members, then partitions moved onto them);
    // Shrink: UpdateBrokerCount to fewer brokers (partitions moved off the broker-only
    // members with the highest ids, then each stopped, unregistered and removed).
    enum class FlowKind { Create, Resume, Heal, Reboot, Delete, Roll, Grow, Shrink };
    struct Flow
    {
        FlowKind kind = FlowKind::Create;
        ClusterOperation operation;
        QSet<int> waitingReady;     // broker ids we wait to answer
        QSet<int> waitingStopped;   // broker ids we wait to stop
        QList<int> rollQueue;       // Roll: brokers still to restart, in order
        int rollStep = 0;           // Roll: index of the step of the broker restarting now
        bool waitingInSync = false; // Roll: polling Metadata before the next broker
        QList<int> removeQueue;     // Shrink: brokers still to stop and remove, in order
        int targetCount = 0;        // Shrink: the broker count asked for
    };

    // What the brokers of a multi-broker cluster last said in Metadata: the active
    // controller, how many brokers are registered, partitions whose ISR is smaller than
    // their replica set.
    struct QuorumView
    {
        int controllerId = -1;
        int brokers = 0;
        int underReplicated = -1;
        qint64 sampledAtMs = 0;
    };

    using Reply = ControlResult<QJsonObject>;
    Reply createCluster(const QJsonObject &params);
    Reply listClusters(const QJsonObject &params) const;
    Reply describeCluster(const QJsonObject &params) const;
    Reply bootstrapBrokers(const QJsonObject &params) const;
    Reply listNodes(const QJsonObject &params) const;
    Reply rebootBroker(const QJsonObject &params);
    Reply deleteCluster(const QJsonObject &params);
    Reply listOperations(const QJsonObject &params) const;
    Reply listAuditEvents(const QJsonObject &params) const;
    Reply createConfiguration(const QJsonObject &params);
    Reply updateConfiguration(const QJsonObject &params);
    Reply describeConfiguration(const QJsonObject &params) const;
    Reply listConfigurations(const QJsonObject &params) const;
    Reply listConfigurationRevisions(const QJsonObject &params) const;
    Reply describeConfigurationRevision(const QJsonObject &params) const;
    Reply updateClusterConfiguration(const QJsonObject &params);
    Reply updateMonitoring(const QJsonObject &params);
    Reply updateBrokerStorage(const QJsonObject &params);
    Reply putStorageAutoScaling(const QJsonObject &params);
    Reply describeStorageAutoScaling(const QJsonObject &params) const;
    Reply deleteStorageAutoScaling(const QJsonObject &params);
    // StorageInfo.EbsStorageInfo of CreateClusterV2 (under BrokerNodeGroupInfo, at the top
    // level or under Provisioned) into cluster.volumeSizeMiB.
    static ControlStatus readStorage(const QJsonObject &params, ClusterRecord &cluster);
    // Stores the new size and rolls the brokers one at a time (operation `type`).
    ControlResult<QString> growStorage(const ClusterRecord &cluster, qint64 newSizeMiB);
    // Storage auto-scaling: after each sampling round of the cluster.
    void checkStorageAutoScaling(const QString &clusterArn);
    // EnhancedMonitoring and OpenMonitoring of CreateClusterV2 / UpdateMonitoring, at the
    // top level or under Provisioned (as MSK's API has them), into `cluster`.
    static ControlStatus readMonitoring(const QJsonObject &params, ClusterRecord &cluster);

    ControlResult<ConfigurationRecord> findConfiguration(const QJsonObject &params) const;
    // The server.properties text of ConfigurationInfo {Arn, Revision} in `params`.
    ControlResult<ConfigurationRevision> revisionOf(const QJsonObject &configurationInfo) const;
    static ControlStatus checkServerProperties(const QString &text);
    QJsonObject configurationJson(const ConfigurationRecord &configuration) const;
    void rollNext(const QString &clusterArn);
    // After a restarted broker is ready: the next broker, or the end of the roll.
    void continueRoll(const QString &clusterArn);
    // The last awaited broker is ready (and, with 2+ brokers, registered): the flow ends.
    void completeFlow(const QString &clusterArn, BrokerId id, qint64 pid);

    ControlResult<ClusterRecord> findCluster(const QJsonObject &params) const;
    QJsonObject clusterInfo(const ClusterRecord &cluster) const;
    QString bootstrapString(const QString &clusterArn) const;
    ControlResult<QList<quint16>> allocatePorts(int count) const;
    ControlResult<QList<quint16>>
    allocatePortsFrom(int count, int base, const QSet<int> &alsoTaken) const;
    // Gives every broker of the cluster that has none a metrics port (catalogs from before
    // schema version 4).
    void ensureMetricsPorts(const QString &clusterArn);
    BrokerSpec specFor(const ClusterRecord &cluster, const BrokerRecord &broker) const;
    static QString brokerDir(const ClusterRecord &cluster, BrokerId id);

    // Flows
    Flow &beginFlow(const ClusterRecord &cluster,
                    FlowKind kind,
                    const QString &type,
                    const QStringList &steps);
    void setStep(Flow &flow, int index, const QString &status, int progress);
    void finishFlow(const QString &clusterArn, bool success, const QString &error);
    void startBrokerOf(const QString &clusterArn, BrokerId id);
    void setBrokerState(const QString &clusterArn, BrokerId id, BrokerState state, qint64 pid);
    void setClusterState(const QString &clusterArn, ClusterState state);
    void audit(const QString &caller,
               const QString &operation,
               const QString &clusterArn,
               const QJsonObject &params,
               const QString &result,
               const QString &message);
    // Records a crash or failed start; returns the restart delay, or -1 to give up.
    int noteFailure(const QString &clusterArn, BrokerId id);

    void onBrokerSpawned(const QString &clusterArn, BrokerId id, qint64 pid);
    void onBrokerReady(const QString &clusterArn, BrokerId id, qint64 pid);
    void onBrokerStartFailed(const QString &clusterArn, BrokerId id, const QString &reason);
    void onBrokerDied(const QString &clusterArn, BrokerId id, const QString &reason);
    void onBrokerStopped(const QString &clusterArn, BrokerId id);
    void completeDelete(const QString &clusterArn);
    void failCluster(const QString &clusterArn, BrokerId id, const QString &reason);

    // Security (agent_security.cpp): the cluster CA and certificates, listeners per kind,
    // SCRAM users and ACLs through the brokers' Kafka APIs as User:CN=runnel-agent.
    using BrokerAnswer = ControlResult<QByteArray>;
    ClusterSecurity securityOf(const QString &clusterArn) const;
    static QString securityDir(const ClusterRecord &cluster);
    ControlStatus prepareSecurity(const ClusterRecord &cluster, const ClusterSecurity &security);
    void applySecurity(BrokerSpec &spec, const ClusterRecord &cluster) const;
    static AdminTls adminTls(const ClusterRecord &cluster);
    void addSecurityInfo(QJsonObject &info, const ClusterRecord &cluster) const;
    void addBootstrapStrings(QJsonObject &result, const ClusterRecord &cluster) const;
    QSet<int> takenPorts() const;
    ControlResult<QList<quint16>> allocatePortBlocks(int count) const;
    Reply getClusterCa(const QJsonObject &params) const;
    Reply issueClientCertificate(const QJsonObject &params);
    Reply rotateBrokerCertificates(const QJsonObject &params);
    Reply updateSecurity(const QJsonObject &params);
    // Restarts the brokers one at a time (FlowKind::Roll); returns the operation ARN.
    QString startSecurityRoll(const ClusterRecord &cluster,
                              const QString &type,
                              const QString &firstStep,
                              const QString &brokerStep);
    void serveSecurity(const QString &operation, const QJsonObject &params, Replier done);
    void createScramUser(const ClusterRecord &cluster, const QJsonObject &params, Replier done);
    void deleteScramUser(const ClusterRecord &cluster, const QJsonObject &params, Replier done);
    void listScramUsers(const ClusterRecord &cluster, Replier done);
    void createAcl(const ClusterRecord &cluster, const QJsonObject &params, Replier done);
    void deleteAcl(const ClusterRecord &cluster, const QJsonObject &params, Replier done);
    void listAcls(const ClusterRecord &cluster, const QJsonObject &params, Replier done);
    ControlResult<QString>
    updateSuperUsers(const ClusterRecord &cluster, const QString &user, bool add);
    // Sends the request to one broker of the cluster — the first in node-id order that
    // answers; the next one when a broker cannot be reached — and calls `done` with its
    // response body. One is enough: a multi-broker cluster commits SCRAM credentials and
    // ACLs through its metadata log, which every broker applies (decision
    // 0016-scram-acls-in-metadata-log), and a single broker has only itself.
    void callBroker(const ClusterRecord &cluster,
                    protocol::ApiKey key,
                    int16_t version,
                    const QByteArray &body,
                    std::function<void(BrokerAnswer)> done);
    static QJsonObject replyJson(const Reply &reply);

    // Multi-broker clusters (agent_brokers.cpp).
    // CONTROLLER ports, voters and cluster size into the broker's spec (none for 1 broker).
    void applyQuorum(BrokerSpec &spec, const ClusterRecord &cluster) const;
    // Polls every running multi-broker cluster's Metadata every kQuorumWatchIntervalMs.
    void startQuorumWatch();
    void refreshQuorum(const QString &clusterArn,
                       std::function<void(ControlResult<QuorumView>)> done);
    // Broker ids in roll order: node-id order, the active controller last.
    QList<int> rollOrder(const QString &clusterArn) const;
    // In a flow of a multi-broker cluster: polls Metadata until the controller lists every
    // broker (and, with `inSync`, no partition is under-replicated), then `next`; fails
    // the operation after kInSyncTimeoutMs.
    // `timeoutSentence` (if not empty) replaces the failure's first words; "(what was
    // seen)" follows it.
    void waitInSyncThen(const QString &clusterArn,
                        qint64 deadlineMs,
                        bool inSync,
                        std::function<void()> next,
                        const QString &timeoutSentence = {});
    void addQuorumInfo(QJsonObject &clusterInfo, const ClusterRecord &cluster) const;
    Reply updateBrokerCount(const QJsonObject &params);
    // UpdateBrokerCount as served on the socket: growing as updateBrokerCount(); shrinking
    // asks the brokers for the topics' replication factors first, so `done` comes later.
    void updateBrokerCountAsync(const QJsonObject &params, std::function<void(Reply)> done);
    // The refusals of shrinking that need no broker: returns the broker ids to remove
    // (broker-only members, highest id first).
    ControlResult<QList<int>> checkShrink(const ClusterRecord &cluster, int target) const;
    // Begins the Shrink flow (the checks done); returns the operation's reply.
    Reply startShrink(const ClusterRecord &cluster, int target, const QList<int> &removed);
    // Shrink steps: move partitions off the removed brokers and wait until every partition
    // is in sync; then per broker stop, unregister (UnregisterBroker on a running broker,
    // the active controller first), remove its data.
    void drainBrokers(const QString &clusterArn);
    void stopNextRemoved(const QString &clusterArn);
    // `deadlineMs` is set by the first attempt (0).
    void unregisterRemoved(const QString &clusterArn, int id, int attempt, qint64 deadlineMs);
    void removeBrokerData(const QString &clusterArn, int id);
    // A failed Shrink step: the operation FAILED with `why`, a stopped broker that was not
    // yet unregistered started again, the cluster ACTIVE.
    void failShrink(const QString &clusterArn, const QString &why, int restartId = -1);
    // UpdateBrokerCount, once the new brokers are registered: reassigns replicas so that
    // every broker holds about as many as the others (AlterPartitionReassignments), then
    // waits until ListPartitionReassignments shows none in progress.
    void spreadReplicas(const QString &clusterArn);
    // Sends `plan` as one AlterPartitionReassignments, then polls until no reassignment is
    // in progress (step `moveStep` shows the share done) and calls `next` with the number
    // of partitions moved; failGrow() on a refusal or after kReassignTimeoutMs.
    void reassignThen(const QString &clusterArn,
                      const ReplicaPlan &plan,
                      int moveStep,
                      std::function<void(int moved)> next);
    void waitReassignmentsThen(const QString &clusterArn,
                               qint64 deadlineMs,
                               int moved,
                               int moveStep,
                               std::function<void(int moved)> next);
    void finishGrow(const QString &clusterArn, int moved);
    void failGrow(const QString &clusterArn, const QString &why);
    // One Kafka request to the first running broker of a cluster (the agent's listener).
    // `nth`: the nth running broker (modulo their number), the active controller first.
    void
    adminCallTo(const QString &clusterArn,
                protocol::ApiKey key,
                int16_t version,
                const QByteArray &body,
                std::function<void(bool ok, const QByteArray &answer, const QString &error)> done,
                int nth = 0);
    // Every topic's Metadata (v1) from a running broker of the cluster; `done` gets it, or
    // nothing and why not.
    void allTopicsMetadata(
        const QString &clusterArn,
        std::function<void(const protocol::MetadataResponse *metadata, const QString &error)> done);
    // RebootBroker with several ids: a roll over those brokers (controller last, in sync
    // between them).
    Reply rebootBrokers(const ClusterRecord &cluster, const QList<int> &ids);
    QHash<QString, QuorumView> m_quorum; // by cluster arn
    QTimer m_quorumTimer;

    Options m_options;
    Catalog m_catalog;
    Supervisor *m_supervisor = nullptr;
    MetricsService *m_metrics = nullptr;
    QHash<QString, Flow> m_flows; // by cluster arn
    QHash<QString, QList<qint64>> m_failureTimes;
    // When each cluster's last storage update finished (ms since the epoch): auto-scaling
    // only trusts figures sampled after it.
    QHash<QString, qint64> m_storageChangedAt;
    bool m_shuttingDown = false;
    QTimer m_shutdownTimer;
};

} // namespace runnel::control
