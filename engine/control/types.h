#pragma once

// Domain types of the control plane: the words MSK users already know (cluster states,
// broker nodes, cluster operations, audit events), as plain values. Owned by whoever
// holds them; no threads, no I/O. The Catalog stores them, the Agent serves them as JSON.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <compare>
#include <optional>

namespace runnel::control {

// A broker's node.id inside its cluster (1-based, as MSK numbers brokers).
struct BrokerId
{
    int value = 0;
    auto operator<=>(const BrokerId &) const = default;
};

// MSK's cluster states (FEATURES.md §2). MAINTENANCE is not produced yet.
enum class ClusterState {
    Creating,
    Active,
    Updating,
    RebootingBroker,
    Healing,
    Deleting,
    Failed,
};

QString toString(ClusterState state);
std::optional<ClusterState> clusterStateFromString(const QString &text);

// What the supervisor knows about one broker process.
enum class BrokerState {
    Starting, // spawned, not yet answering ApiVersions
    Running,  // answering ApiVersions
    Stopping, // SIGTERM sent
    Stopped,  // not running, on purpose (agent stopped, cluster deleted)
    Failed,   // gave up restarting it
};

QString toString(BrokerState state);
std::optional<BrokerState> brokerStateFromString(const QString &text);

struct ClusterRecord
{
    QString arn; // arn:runnel:kafka:local:cluster/<name>/<uuid>
    QString name;
    ClusterState state = ClusterState::Creating;
    int brokerCount = 1;
    QDateTime createdAt;
    QString dataDir;          // everything of this cluster lives below it
    QString configuration;    // server.properties text shared by its brokers
    QString configurationArn; // the revision it came from, if any
    int configurationRevision = 0;
    // MSK's monitoring settings: EnhancedMonitoring (DEFAULT, PER_BROKER,
    // PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION) decides which metrics the agent
    // stores; OpenMonitoring.Prometheus's exporters say whether the brokers' Prometheus
    // endpoints are offered to the user (ListNodes, DescribeClusterV2).
    QString enhancedMonitoring = QStringLiteral("DEFAULT");
    bool jmxExporter = false;
    bool nodeExporter = false;
    // Each broker's data size (MSK's EBS VolumeSize), in MiB; runneld enforces it as
    // runnel.log.dirs.max.bytes. 0: unlimited (clusters from before schema version 5).
    qint64 volumeSizeMiB = 0;
    // Storage auto-scaling (MSK's Application Auto Scaling policy): when a broker's
    // KafkaDataLogsDiskUsed reaches targetUtilization percent, the volume grows, never
    // beyond maxVolumeSizeMiB. targetUtilization 0: no policy.
    int autoScalingTargetUtilization = 0;
    qint64 autoScalingMaxVolumeSizeMiB = 0;
};

// An MSK "configuration": a named server.properties with numbered revisions.
struct ConfigurationRevision
{
    int revision = 0;
    QString description;
    QString serverProperties;
    QDateTime createdAt;
};

struct ConfigurationRecord
{
    QString arn; // arn:runnel:kafka:local:configuration/<name>/<uuid>
    QString name;
    QString description;
    QDateTime createdAt;
    int latestRevision = 0;
};

struct BrokerRecord
{
    QString clusterArn;
    BrokerId nodeId;
    quint16 port = 0;
    quint16 metricsPort = 0;    // runneld's GET /metrics; 0 until one is allocated
    quint16 controllerPort = 0; // the CONTROLLER listener of a multi-broker cluster; 0: none
    // Added by UpdateBrokerCount: process.roles=broker, a Raft observer whose CONTROLLER
    // port carries only broker-to-broker traffic; not in controller.quorum.voters.
    bool brokerOnly = false;
    qint64 pid = 0; // 0 when not running
    BrokerState state = BrokerState::Stopped;
    int restarts = 0; // unexpected exits that were healed
};

// One step of a long-running operation, with MSK's step statuses
// (PENDING, IN_PROGRESS, COMPLETED, FAILED) and a progress percentage.
struct OperationStep
{
    QString name;
    QString status = QStringLiteral("PENDING");
    int progress = 0;
};

// A long-running operation on a cluster (MSK's ClusterOperationInfo). Types used today:
// CREATE, DELETE, REBOOT_NODE, HEAL_BROKER, RESTART_AFTER_AGENT_START. States are MSK's:
// PENDING, UPDATE_IN_PROGRESS, UPDATE_COMPLETE, UPDATE_FAILED.
struct ClusterOperation
{
    QString arn;
    QString clusterArn;
    QString type;
    QString state = QStringLiteral("PENDING");
    QDateTime startedAt;
    QDateTime endedAt; // invalid while running
    QString error;
    QList<OperationStep> steps;
};

// One entry of the audit log (MSK's CloudTrail): who called what, with which
// (redacted) parameters, and how it ended. `caller` is "uid:<n>" for API calls and
// "runnel-agent" for what the agent did on its own (broker replacement).
struct AuditEvent
{
    qint64 id = 0;
    QDateTime time;
    QString caller;
    QString operation;
    QString clusterArn;
    QJsonObject parameters; // already redacted when stored
    QString result;         // "Success" or an error code
    QString message;        // the error sentence, or a note
};

} // namespace runnel::control
