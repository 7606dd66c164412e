#include "engine/control/agent.h"
#include "engine/control/atrestkeys.h"

#include "engine/control/paths.h"
#include "engine/metrics/broker_metrics.h"

#include <QDateTime>
#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUuid>

#include <algorithm>
#include <cstdio>

namespace runnel::control {

namespace {

const QString kCreate = QStringLiteral("CreateClusterV2");
const QString kList = QStringLiteral("ListClustersV2");
const QString kDescribe = QStringLiteral("DescribeClusterV2");
const QString kBootstrap = QStringLiteral("GetBootstrapBrokers");
const QString kNodes = QStringLiteral("ListNodes");
const QString kReboot = QStringLiteral("RebootBroker");
const QString kUpdateBrokerCount = QStringLiteral("UpdateBrokerCount");
const QString kDelete = QStringLiteral("DeleteCluster");
const QString kOperations = QStringLiteral("ListClusterOperations");
const QString kAudit = QStringLiteral("ListAuditEvents");
const QString kCreateConfiguration = QStringLiteral("CreateConfiguration");
const QString kUpdateConfiguration = QStringLiteral("UpdateConfiguration");
const QString kDescribeConfiguration = QStringLiteral("DescribeConfiguration");
const QString kListConfigurations = QStringLiteral("ListConfigurations");
const QString kListRevisions = QStringLiteral("ListConfigurationRevisions");
const QString kDescribeRevision = QStringLiteral("DescribeConfigurationRevision");
const QString kUpdateClusterConfiguration = QStringLiteral("UpdateClusterConfiguration");
const QString kUpdateMonitoring = QStringLiteral("UpdateMonitoring");
const QString kUpdateBrokerStorage = QStringLiteral("UpdateBrokerStorage");
const QString kPutStorageAutoScaling = QStringLiteral("PutStorageAutoScaling");
const QString kDescribeStorageAutoScaling = QStringLiteral("DescribeStorageAutoScaling");
const QString kDeleteStorageAutoScaling = QStringLiteral("DeleteStorageAutoScaling");
const QString kGetMetricData = QStringLiteral("GetMetricData");
const QString kGetLatestTopicMetrics = QStringLiteral("GetLatestTopicMetrics");
const QString kListMetrics = QStringLiteral("ListMetrics");
const QString kPutMetricAlarm = QStringLiteral("PutMetricAlarm");
const QString kDescribeAlarms = QStringLiteral("DescribeAlarms");
const QString kDeleteAlarms = QStringLiteral("DeleteAlarms");
const QString kDescribeAlarmHistory = QStringLiteral("DescribeAlarmHistory");

const QString kAgentCaller = QStringLiteral("runnel-agent");
const QString kCompleted = QStringLiteral("COMPLETED");
const QString kInProgress = QStringLiteral("IN_PROGRESS");
const QString kFailed = QStringLiteral("FAILED");

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

bool portBindable(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress(QHostAddress::LocalHost), port);
}

QJsonObject operationJson(const ClusterOperation &op)
{
    QJsonArray steps;
    for (const OperationStep &s : op.steps)
        steps.append(QJsonObject{
            {QStringLiteral("StepName"), s.name},
            {QStringLiteral("StepInfo"), QJsonObject{{QStringLiteral("StepStatus"), s.status}}},
            {QStringLiteral("Progress"), s.progress}});
    QJsonObject o{{QStringLiteral("OperationArn"), op.arn},
                  {QStringLiteral("ClusterArn"), op.clusterArn},
                  {QStringLiteral("OperationType"), op.type},
                  {QStringLiteral("OperationState"), op.state},
                  {QStringLiteral("CreationTime"), iso(op.startedAt)},
                  {QStringLiteral("OperationSteps"), steps}};
    if (op.endedAt.isValid())
        o.insert(QStringLiteral("EndTime"), iso(op.endedAt));
    if (!op.error.isEmpty())
        o.insert(QStringLiteral("ErrorInfo"),
                 QJsonObject{{QStringLiteral("ErrorString"), op.error}});
    return o;
}

constexpr qint64 kMiBPerGiB = 1024;
constexpr qint64 kMaxVolumeGiB = 16384; // MSK's largest EBS volume
constexpr qint64 kMaxVolumeMiB = kMaxVolumeGiB * kMiBPerGiB;
constexpr qint64 kDefaultVolumeGiB = 100;

// "10 GiB" for whole GiB, "512 MiB" otherwise.
QString sizeText(qint64 mib)
{
    if (mib % kMiBPerGiB == 0)
        return QStringLiteral("%1 GiB").arg(mib / kMiBPerGiB);
    return QStringLiteral("%1 MiB").arg(mib);
}

// A volume size from an object holding VolumeSize / VolumeSizeGB / MaxVolumeSize (GiB,
// MSK's) or the same in MiB under mibKey (Runnel's, for small local volumes). Returns 0
// when none is given.
ControlResult<qint64> readVolumeSize(const QJsonObject &o,
                                     const QString &gibKey,
                                     const QString &what,
                                     const QString &mibKey = QStringLiteral("VolumeSizeMiB"))
{
    const bool hasGiB = o.contains(gibKey);
    const bool hasMiB = o.contains(mibKey);
    if (hasGiB && hasMiB)
        return ControlError::badRequest(
            QStringLiteral("%1: give %2 (GiB) or %3, not both.").arg(what, gibKey, mibKey));
    if (!hasGiB && !hasMiB)
        return qint64(0);
    const QJsonValue v = o.value(hasGiB ? gibKey : mibKey);
    const double d = v.toDouble(-1);
    const qint64 n = static_cast<qint64>(d);
    const qint64 limit = hasGiB ? kMaxVolumeGiB : kMaxVolumeMiB;
    if (!v.isDouble() || d != static_cast<double>(n) || n < 1 || n > limit)
        return ControlError::badRequest(
            QStringLiteral("%1: %2 must be a whole number from 1 to %3.")
                .arg(what, hasGiB ? gibKey : mibKey)
                .arg(limit));
    return hasGiB ? n * kMiBPerGiB : n;
}

QJsonObject brokerNodeGroupInfo(const ClusterRecord &c)
{
    QJsonObject ebs;
    if (c.volumeSizeMiB > 0) {
        // MSK's VolumeSize is whole GiB; a MiB-sized volume shows the GiB it rounds up to
        // and its exact size in VolumeSizeMiB.
        ebs.insert(QStringLiteral("VolumeSize"), (c.volumeSizeMiB + kMiBPerGiB - 1) / kMiBPerGiB);
        ebs.insert(QStringLiteral("VolumeSizeMiB"), c.volumeSizeMiB);
    }
    return QJsonObject{
        {QStringLiteral("StorageInfo"), QJsonObject{{QStringLiteral("EbsStorageInfo"), ebs}}}};
}

// MSK grows a volume by max(10 GiB, 10 %). A fixed 10 GiB would multiply a local
// MiB-sized volume many times over, so the 10 GiB part is capped at the current size
// (small volumes double); from 100 GiB on it is exactly MSK's rule.
qint64 autoScalingStepMiB(qint64 currentMiB)
{
    const qint64 tenPercent = (currentMiB + 9) / 10;
    return std::max(tenPercent, std::min(10 * kMiBPerGiB, currentMiB));
}

} // namespace

Agent::Agent(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_supervisor = new Supervisor(m_options.runneldPath, this);
    m_metrics = new MetricsService(m_catalog, this);
    connect(m_supervisor, &Supervisor::brokerSpawned, this, &Agent::onBrokerSpawned);
    connect(m_supervisor, &Supervisor::brokerReady, this, &Agent::onBrokerReady);
    connect(m_supervisor, &Supervisor::brokerStartFailed, this, &Agent::onBrokerStartFailed);
    connect(m_supervisor, &Supervisor::brokerDied, this, &Agent::onBrokerDied);
    connect(m_supervisor, &Supervisor::brokerStopped, this, &Agent::onBrokerStopped);
    connect(m_metrics, &MetricsService::roundStored, this, &Agent::checkStorageAutoScaling);
    m_shutdownTimer.setSingleShot(true);
    connect(&m_shutdownTimer, &QTimer::timeout, this, &Agent::shutDown);
    startQuorumWatch();
}

Agent::~Agent() = default;

QStringList Agent::operationNames()
{
    return {kCreate,
            kList,
            kDescribe,
            kBootstrap,
            kNodes,
            kReboot,
            kUpdateBrokerCount,
            kDelete,
            kOperations,
            kAudit,
            kCreateConfiguration,
            kUpdateConfiguration,
            kDescribeConfiguration,
            kListConfigurations,
            kListRevisions,
            kDescribeRevision,
            kUpdateClusterConfiguration,
            kUpdateMonitoring,
            kUpdateBrokerStorage,
            kPutStorageAutoScaling,
            kDescribeStorageAutoScaling,
            kDeleteStorageAutoScaling,
            kGetMetricData,
            kGetLatestTopicMetrics,
            kListMetrics,
            kPutMetricAlarm,
            kDescribeAlarms,
            kDeleteAlarms,
            kDescribeAlarmHistory};
}

ControlStatus Agent::start()
{
    if (auto s = ensurePrivateDir(m_options.dataRoot); !s)
        return s;
    if (auto s = m_catalog.open(m_options.dataRoot + QStringLiteral("/catalog.sqlite")); !s)
        return s;
    // Operations the previous agent left running can no longer finish.
    for (const ClusterRecord &cluster : m_catalog.clusters()) {
        for (ClusterOperation op : m_catalog.operations(cluster.arn)) {
            if (op.endedAt.isValid())
                continue;
            op.state = QStringLiteral("UPDATE_FAILED");
            op.endedAt = QDateTime::currentDateTimeUtc();
            op.error = QStringLiteral("The agent stopped before the operation finished.");
            (void)m_catalog.saveOperation(op);
        }
    }
    // Bring back every cluster that should be running; finish interrupted deletions.
    for (const ClusterRecord &cluster : m_catalog.clusters()) {
        if (cluster.state == ClusterState::Failed)
            continue;
        if (cluster.state == ClusterState::Deleting) {
            Flow &flow = beginFlow(cluster,
                                   FlowKind::Delete,
                                   QStringLiteral("DELETE"),
                                   {QStringLiteral("Stop brokers"), QStringLiteral("Remove data")});
            Q_UNUSED(flow);
            completeDelete(cluster.arn);
            continue;
        }
        ensureMetricsPorts(cluster.arn);
        const QList<BrokerRecord> brokers = m_catalog.brokers(cluster.arn);
        Flow &flow = beginFlow(cluster,
                               FlowKind::Resume,
                               QStringLiteral("RESTART_BROKERS"),
                               {QStringLiteral("Start brokers after the agent started"),
                                QStringLiteral("Wait until every broker answers")});
        setClusterState(cluster.arn, ClusterState::Healing);
        audit(kAgentCaller,
              QStringLiteral("ResumeCluster"),
              cluster.arn,
              QJsonObject{{QStringLiteral("ClusterName"), cluster.name}},
              QStringLiteral("Started"),
              QStringLiteral("The agent started and is bringing the cluster's brokers back."));
        setStep(flow, 0, kInProgress, 0);
        for (const BrokerRecord &broker : brokers) {
            flow.waitingReady.insert(broker.nodeId.value);
            BrokerSpec spec = specFor(cluster, broker);
            spec.stalePid = broker.pid;
            setBrokerState(cluster.arn, broker.nodeId, BrokerState::Starting, 0);
            m_supervisor->startBroker(spec);
        }
        setStep(flow, 0, kCompleted, 100);
        setStep(flow, 1, kInProgress, 0);
    }
    m_metrics->start();
    return Done{};
}

void Agent::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_metrics->stop();
    for (const QString &arn : m_flows.keys())
        finishFlow(arn, false, QStringLiteral("The agent stopped before the operation finished."));
    if (m_supervisor->runningCount() == 0) {
        QTimer::singleShot(0, this, &Agent::shutDown);
        return;
    }
    for (const BrokerRecord &broker : m_catalog.allBrokers()) {
        if (m_supervisor->isRunning(broker.clusterArn, broker.nodeId))
            m_supervisor->stopBroker(broker.clusterArn, broker.nodeId);
    }
    m_shutdownTimer.start(kShutdownTimeoutMs);
}

// ---------------------------------------------------------------------------------------
// Requests

QJsonObject
Agent::handle(const QString &operation, const QJsonObject &params, const QString &caller)
{
    Reply reply = ControlError::badRequest(
        QStringLiteral("Unknown operation %1; the agent serves %2.")
            .arg(operation,
                 (operationNames() + securityOperationNames()).join(QStringLiteral(", "))));
    const bool mutating
        = operation == kCreate || operation == kReboot || operation == kDelete
          || operation == kUpdateBrokerCount || operation == kCreateConfiguration
          || operation == kUpdateConfiguration || operation == kUpdateClusterConfiguration
          || operation == kUpdateMonitoring || operation == kUpdateBrokerStorage
          || operation == kPutStorageAutoScaling || operation == kDeleteStorageAutoScaling
          || operation == kPutMetricAlarm || operation == kDeleteAlarms
          || operation == QLatin1String("IssueClientCertificate")
          || operation == QLatin1String("RotateBrokerCertificates")
          || operation == QLatin1String("UpdateSecurity");
    if (m_shuttingDown && mutating)
        reply = ControlError{QStringLiteral("ServiceUnavailableException"),
                             QStringLiteral("The agent is stopping; try again when it is back.")};
    else if (operation == kCreate)
        reply = createCluster(params);
    else if (operation == kList)
        reply = listClusters(params);
    else if (operation == kDescribe)
        reply = describeCluster(params);
    else if (operation == kBootstrap)
        reply = bootstrapBrokers(params);
    else if (operation == kNodes)
        reply = listNodes(params);
    else if (operation == kReboot)
        reply = rebootBroker(params);
    else if (operation == kUpdateBrokerCount)
        reply = updateBrokerCount(params);
    else if (operation == kDelete)
        reply = deleteCluster(params);
    else if (operation == kOperations)
        reply = listOperations(params);
    else if (operation == kAudit)
        reply = listAuditEvents(params);
    else if (operation == kCreateConfiguration)
        reply = createConfiguration(params);
    else if (operation == kUpdateConfiguration)
        reply = updateConfiguration(params);
    else if (operation == kDescribeConfiguration)
        reply = describeConfiguration(params);
    else if (operation == kListConfigurations)
        reply = listConfigurations(params);
    else if (operation == kListRevisions)
        reply = listConfigurationRevisions(params);
    else if (operation == kDescribeRevision)
        reply = describeConfigurationRevision(params);
    else if (operation == kUpdateClusterConfiguration)
        reply = updateClusterConfiguration(params);
    else if (operation == kUpdateMonitoring)
        reply = updateMonitoring(params);
    else if (operation == kUpdateBrokerStorage)
        reply = updateBrokerStorage(params);
    else if (operation == kPutStorageAutoScaling)
        reply = putStorageAutoScaling(params);
    else if (operation == kDescribeStorageAutoScaling)
        reply = describeStorageAutoScaling(params);
    else if (operation == kDeleteStorageAutoScaling)
        reply = deleteStorageAutoScaling(params);
    else if (operation == kGetMetricData)
        reply = m_metrics->getMetricData(params);
    else if (operation == kGetLatestTopicMetrics) {
        auto cluster = findCluster(params);
        reply
            = cluster ? Reply(m_metrics->latestTopicMetrics(cluster->arn)) : Reply(cluster.error());
    } else if (operation == kListMetrics)
        reply = m_metrics->listMetrics(params);
    else if (operation == kPutMetricAlarm)
        reply = m_metrics->putMetricAlarm(params);
    else if (operation == kDescribeAlarms)
        reply = m_metrics->describeAlarms(params);
    else if (operation == kDeleteAlarms)
        reply = m_metrics->deleteAlarms(params);
    else if (operation == kDescribeAlarmHistory)
        reply = m_metrics->describeAlarmHistory(params);
    else if (operation == QLatin1String("GetClusterCa"))
        reply = getClusterCa(params);
    else if (operation == QLatin1String("IssueClientCertificate"))
        reply = issueClientCertificate(params);
    else if (operation == QLatin1String("RotateBrokerCertificates"))
        reply = rotateBrokerCertificates(params);
    else if (operation == QLatin1String("UpdateSecurity"))
        reply = updateSecurity(params);
    else if (securityOperationNames().contains(operation))
        reply = ControlError::badRequest(
            QStringLiteral("%1 talks to the brokers and is served through the agent's socket.")
                .arg(operation));

    if (mutating) {
        QString arn = params.value(QStringLiteral("ClusterArn")).toString();
        if (reply.ok() && reply.value().contains(QStringLiteral("ClusterArn")))
            arn = reply.value().value(QStringLiteral("ClusterArn")).toString();
        if (arn.isEmpty() && params.contains(QStringLiteral("ClusterName")))
            if (auto named
                = m_catalog.clusterByName(params.value(QStringLiteral("ClusterName")).toString()))
                arn = named->arn; // a refused call on an existing cluster is still its event
        audit(caller,
              operation,
              arn,
              params,
              reply.ok() ? QStringLiteral("Success") : reply.error().code,
              reply.ok() ? QString() : reply.error().message);
    }
    if (reply.ok())
        return {{QStringLiteral("ok"), true}, {QStringLiteral("result"), reply.value()}};
    return {{QStringLiteral("ok"), false},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), reply.error().code},
                         {QStringLiteral("message"), reply.error().message}}}};
}

ControlResult<ClusterRecord> Agent::findCluster(const QJsonObject &params) const
{
    const QString arn = params.value(QStringLiteral("ClusterArn")).toString();
    const QString name = params.value(QStringLiteral("ClusterName")).toString();
    if (!arn.isEmpty()) {
        if (auto c = m_catalog.cluster(arn))
            return *c;
        return ControlError::notFound(QStringLiteral("There is no cluster with ARN %1.").arg(arn));
    }
    if (!name.isEmpty()) {
        if (auto c = m_catalog.clusterByName(name))
            return *c;
        return ControlError::notFound(QStringLiteral("There is no cluster named %1.").arg(name));
    }
    return ControlError::badRequest(
        QStringLiteral("Name the cluster with ClusterArn or ClusterName."));
}

Agent::Reply Agent::createCluster(const QJsonObject &params)
{
    const QString name = params.value(QStringLiteral("ClusterName")).toString();
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"));
    if (!validName.match(name).hasMatch())
        return ControlError::badRequest(
            QStringLiteral("A cluster name has 1 to 64 letters, digits or hyphens and starts with "
                           "a letter or digit; \"%1\" does not.")
                .arg(name));
    QJsonValue countValue = params.value(QStringLiteral("NumberOfBrokerNodes"));
    if (countValue.isUndefined())
        countValue = params.value(QStringLiteral("Provisioned"))
                         .toObject()
                         .value(QStringLiteral("NumberOfBrokerNodes"));
    const int brokerCount = countValue.isUndefined() ? 1 : countValue.toInt(-1);
    if (brokerCount < 1)
        return ControlError::badRequest(
            QStringLiteral("NumberOfBrokerNodes must be a positive whole number."));
    auto security = ClusterSecurity::fromRequest(params);
    if (!security)
        return security.error();
    if (brokerCount > kMaxBrokers)
        return ControlError::badRequest(
            QStringLiteral("A cluster has 1 to %1 brokers on one machine (you asked for %2).")
                .arg(kMaxBrokers)
                .arg(brokerCount));
    if (m_catalog.clusterByName(name))
        return ControlError::conflict(
            QStringLiteral("A cluster named %1 already exists; choose another name or delete it "
                           "first.")
                .arg(name));
    auto ports
        = security->tlsEnabled() ? allocatePortBlocks(brokerCount) : allocatePorts(brokerCount);
    if (!ports)
        return ports.error();
    QSet<int> newKafkaPorts;
    const int span = security->tlsEnabled() ? ClusterSecurity::kBlockSize : 1;
    for (quint16 p : ports.value())
        for (int i = 0; i < span; ++i)
            newKafkaPorts.insert(p + i);
    auto metricsPorts = allocatePortsFrom(brokerCount, m_options.metricsBasePort, newKafkaPorts);
    if (!metricsPorts)
        return metricsPorts.error();
    // More than one broker: each is also a voter of the metadata quorum on a CONTROLLER port.
    QList<quint16> controllerPorts;
    if (brokerCount > 1) {
        QSet<int> alsoTaken = newKafkaPorts;
        for (quint16 p : metricsPorts.value())
            alsoTaken.insert(p);
        // basePort+10000 (19092 for 9092) when that fits, else next to the Kafka ports.
        const int controllerBase = m_options.basePort + kControllerPortOffset + 1000 <= 65535
                                       ? m_options.basePort + kControllerPortOffset
                                       : m_options.basePort;
        auto allocated = allocatePortsFrom(brokerCount, controllerBase, alsoTaken);
        if (!allocated)
            return allocated.error();
        controllerPorts = allocated.value();
    }

    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ClusterRecord cluster;
    cluster.arn = QStringLiteral("arn:runnel:kafka:local:cluster/%1/%2").arg(name, uuid);
    cluster.name = name;
    cluster.state = ClusterState::Creating;
    cluster.brokerCount = brokerCount;
    cluster.createdAt = QDateTime::currentDateTimeUtc();
    cluster.dataDir
        = m_options.dataRoot + QStringLiteral("/clusters/%1-%2").arg(name, uuid.left(8));
    cluster.configuration = params.value(QStringLiteral("ServerProperties")).toString();
    if (params.contains(QStringLiteral("ConfigurationInfo"))) {
        const QJsonObject info = params.value(QStringLiteral("ConfigurationInfo")).toObject();
        auto revision = revisionOf(info);
        if (!revision)
            return revision.error();
        cluster.configuration = revision->serverProperties;
        cluster.configurationArn = info.value(QStringLiteral("Arn")).toString();
        cluster.configurationRevision = revision->revision;
    }
    if (auto s = checkServerProperties(cluster.configuration); !s)
        return s.error();
    if (auto s = readMonitoring(params, cluster); !s)
        return s.error();
    if (auto s = security->checkConfiguration(cluster.configuration); !s)
        return s.error();
    if (auto s = readStorage(params, cluster); !s)
        return s.error();
    if (auto s = m_catalog.insertCluster(cluster); !s)
        return s.error();
    if (auto s = ensurePrivateDir(cluster.dataDir); !s) {
        (void)m_catalog.deleteCluster(cluster.arn);
        return s.error();
    }
    if (auto s = prepareSecurity(cluster, security.value()); !s) {
        (void)m_catalog.deleteClusterSecurity(cluster.arn);
        (void)m_catalog.deleteCluster(cluster.arn);
        return s.error();
    }

    Flow &flow = beginFlow(cluster,
                           FlowKind::Create,
                           QStringLiteral("CREATE"),
                           {QStringLiteral("Allocate ports and directories"),
                            QStringLiteral("Start brokers"),
                            QStringLiteral("Wait until every broker answers")});
    setStep(flow, 0, kCompleted, 100);
    setStep(flow, 1, kInProgress, 0);
    for (int i = 0; i < brokerCount; ++i) {
        BrokerRecord broker;
        broker.clusterArn = cluster.arn;
        broker.nodeId = BrokerId{i + 1};
        broker.port = ports.value().at(i);
        broker.metricsPort = metricsPorts.value().at(i);
        if (!controllerPorts.isEmpty())
            broker.controllerPort = controllerPorts.at(i);
        broker.state = BrokerState::Starting;
        if (auto s = m_catalog.upsertBroker(broker); !s)
            return s.error();
        flow.waitingReady.insert(broker.nodeId.value);
    }
    // Every broker is in the catalog before the first starts: each names all voters.
    for (const BrokerRecord &broker : m_catalog.brokers(cluster.arn))
        m_supervisor->startBroker(specFor(cluster, broker));
    setStep(flow, 1, kCompleted, 100);
    setStep(flow, 2, kInProgress, 0);
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster.arn},
                       {QStringLiteral("ClusterName"), cluster.name},
                       {QStringLiteral("ClusterType"), QStringLiteral("PROVISIONED")},
                       {QStringLiteral("State"), toString(ClusterState::Creating)},
                       {QStringLiteral("ClusterOperationArn"), flow.operation.arn}};
}

Agent::Reply Agent::listClusters(const QJsonObject &params) const
{
    const QString filter = params.value(QStringLiteral("ClusterNameFilter")).toString();
    QJsonArray list;
    for (const ClusterRecord &c : m_catalog.clusters()) {
        if (filter.isEmpty() || c.name.startsWith(filter))
            list.append(clusterInfo(c));
    }
    return QJsonObject{{QStringLiteral("ClusterInfoList"), list}};
}

Agent::Reply Agent::describeCluster(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    return QJsonObject{{QStringLiteral("ClusterInfo"), clusterInfo(cluster.value())}};
}

QJsonObject Agent::clusterInfo(const ClusterRecord &c) const
{
    QJsonObject info{
        {QStringLiteral("ClusterArn"), c.arn},
        {QStringLiteral("ClusterName"), c.name},
        {QStringLiteral("ClusterType"), QStringLiteral("PROVISIONED")},
        {QStringLiteral("State"), toString(c.state)},
        {QStringLiteral("CreationTime"), iso(c.createdAt)},
        {QStringLiteral("Provisioned"),
         QJsonObject{
             {QStringLiteral("NumberOfBrokerNodes"), c.brokerCount},
             {QStringLiteral("BrokerNodeGroupInfo"), brokerNodeGroupInfo(c)},
             {QStringLiteral("EnhancedMonitoring"), c.enhancedMonitoring},
             {QStringLiteral("OpenMonitoring"),
              QJsonObject{
                  {QStringLiteral("Prometheus"),
                   QJsonObject{
                       {QStringLiteral("JmxExporter"),
                        QJsonObject{{QStringLiteral("EnabledInBroker"), c.jmxExporter}}},
                       {QStringLiteral("NodeExporter"),
                        QJsonObject{{QStringLiteral("EnabledInBroker"), c.nodeExporter}}}}}}}}},
        {QStringLiteral("DataDirectory"), c.dataDir},
        {QStringLiteral("BootstrapBrokerString"), bootstrapString(c.arn)}};
    if (auto it = m_flows.constFind(c.arn); it != m_flows.constEnd())
        info.insert(QStringLiteral("ActiveOperationArn"), it->operation.arn);
    addSecurityInfo(info, c);
    addQuorumInfo(info, c);
    if (!c.configurationArn.isEmpty())
        info.insert(QStringLiteral("CurrentConfiguration"),
                    QJsonObject{{QStringLiteral("Arn"), c.configurationArn},
                                {QStringLiteral("Revision"), c.configurationRevision}});
    return info;
}

QString Agent::bootstrapString(const QString &clusterArn) const
{
    QStringList endpoints;
    if (!securityOf(clusterArn).hasPlaintextListener())
        return {}; // TLS only: BootstrapBrokerStringTls / BootstrapBrokerStringSaslScram
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn))
        endpoints << QStringLiteral("127.0.0.1:%1").arg(b.port);
    return endpoints.join(QLatin1Char(','));
}

Agent::Reply Agent::bootstrapBrokers(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    QJsonObject result;
    if (const QString plain = bootstrapString(cluster->arn); !plain.isEmpty())
        result.insert(QStringLiteral("BootstrapBrokerString"), plain);
    addBootstrapStrings(result, cluster.value());
    return result;
}

Agent::Reply Agent::listNodes(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    QJsonArray nodes;
    for (const BrokerRecord &b : m_catalog.brokers(cluster->arn)) {
        const QString dir = brokerDir(cluster.value(), b.nodeId);
        QJsonObject info{{QStringLiteral("BrokerId"), b.nodeId.value},
                         {QStringLiteral("Endpoints"), QJsonArray{QStringLiteral("127.0.0.1")}},
                         {QStringLiteral("Port"), b.port},
                         {QStringLiteral("Pid"), b.pid},
                         {QStringLiteral("State"), toString(b.state)},
                         {QStringLiteral("Restarts"), b.restarts},
                         {QStringLiteral("LogFile"), Supervisor::logPath(dir)}};
        if (b.controllerPort > 0) {
            info.insert(QStringLiteral("ControllerPort"), b.controllerPort);
            info.insert(QStringLiteral("ActiveController"),
                        m_quorum.value(cluster->arn).controllerId == b.nodeId.value);
            // Added by UpdateBrokerCount: not a voter of the metadata quorum.
            info.insert(QStringLiteral("QuorumRole"),
                        b.brokerOnly ? QStringLiteral("OBSERVER") : QStringLiteral("VOTER"));
        }
        // The newest scraped figures the console shows next to each broker.
        const QJsonObject figures = m_metrics->latestBrokerFigures(cluster->arn, b.nodeId.value);
        QJsonObject shown;
        for (const QString &name : {QStringLiteral("CpuUser"),
                                    QStringLiteral("CpuSystem"),
                                    QStringLiteral("KafkaDataLogsDiskUsed"),
                                    QStringLiteral("LeaderCount"),
                                    QStringLiteral("PartitionCount"),
                                    QStringLiteral("MemoryUsed")})
            if (figures.contains(name))
                shown.insert(name, figures.value(name));
        if (!shown.isEmpty())
            info.insert(QStringLiteral("Metrics"), shown);
        if ((cluster->jmxExporter || cluster->nodeExporter) && b.metricsPort > 0)
            info.insert(QStringLiteral("PrometheusEndpoint"),
                        QStringLiteral("http://127.0.0.1:%1/metrics").arg(b.metricsPort));
        nodes.append(
            QJsonObject{{QStringLiteral("NodeARN"),
                         QStringLiteral("%1/broker/%2").arg(cluster->arn).arg(b.nodeId.value)},
                        {QStringLiteral("NodeType"), QStringLiteral("BROKER")},
                        {QStringLiteral("BrokerNodeInfo"), info}});
    }
    return QJsonObject{{QStringLiteral("NodeInfoList"), nodes}};
}

Agent::Reply Agent::rebootBroker(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const QJsonArray ids = params.value(QStringLiteral("BrokerIds")).toArray();
    if (ids.isEmpty())
        return ControlError::badRequest(
            QStringLiteral("RebootBroker needs at least one broker id in BrokerIds."));
    const QList<BrokerRecord> brokers = m_catalog.brokers(cluster->arn);
    QList<int> chosen;
    for (const QJsonValue &idValue : ids) {
        bool numeric = false;
        const int oneId = idValue.isString() ? idValue.toString().toInt(&numeric)
                                             : (numeric = idValue.isDouble(), idValue.toInt());
        const bool known
            = numeric && std::any_of(brokers.begin(), brokers.end(), [oneId](const auto &b) {
                  return b.nodeId.value == oneId;
              });
        if (!known)
            return ControlError::badRequest(
                QStringLiteral("Cluster %1 has no broker %2.")
                    .arg(cluster->name, idValue.toVariant().toString()));
        if (!chosen.contains(oneId))
            chosen.append(oneId);
    }
    if (chosen.size() > 1)
        return rebootBrokers(cluster.value(), chosen);
    const int id = chosen.first();
    // FAILED is allowed too: rebooting is how a user retries a broker the agent gave up on.
    const bool failed = cluster->state == ClusterState::Failed;
    if ((cluster->state != ClusterState::Active && !failed) || m_flows.contains(cluster->arn))
        return ControlError::conflict(QStringLiteral("Cluster %1 is %2; a broker can be rebooted "
                                                     "only while the cluster is ACTIVE or FAILED.")
                                          .arg(cluster->name, toString(cluster->state)));
    if (failed)
        m_failureTimes.remove(cluster->arn + QLatin1Char('#') + QString::number(id));
    Flow &flow = beginFlow(cluster.value(),
                           FlowKind::Reboot,
                           QStringLiteral("REBOOT_NODE"),
                           {QStringLiteral("Stop broker %1").arg(id),
                            QStringLiteral("Start broker %1").arg(id),
                            QStringLiteral("Wait until broker %1 answers").arg(id)});
    setClusterState(cluster->arn, ClusterState::RebootingBroker);
    setStep(flow, 0, kInProgress, 0);
    flow.waitingStopped.insert(id);
    setBrokerState(cluster->arn, BrokerId{id}, BrokerState::Stopping, -1);
    m_supervisor->stopBroker(cluster->arn, BrokerId{id});
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("ClusterOperationArn"), flow.operation.arn}};
}

Agent::Reply Agent::deleteCluster(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    if (cluster->state == ClusterState::Deleting)
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is already being deleted.").arg(cluster->name));
    // Deleting wins over whatever else was running on the cluster.
    if (m_flows.contains(cluster->arn))
        finishFlow(cluster->arn, false, QStringLiteral("The cluster is being deleted."));
    Flow &flow = beginFlow(cluster.value(),
                           FlowKind::Delete,
                           QStringLiteral("DELETE"),
                           {QStringLiteral("Stop brokers"), QStringLiteral("Remove data")});
    setClusterState(cluster->arn, ClusterState::Deleting);
    setStep(flow, 0, kInProgress, 0);
    for (const BrokerRecord &b : m_catalog.brokers(cluster->arn)) {
        if (m_supervisor->isRunning(cluster->arn, b.nodeId)) {
            flow.waitingStopped.insert(b.nodeId.value);
            setBrokerState(cluster->arn, b.nodeId, BrokerState::Stopping, -1);
            m_supervisor->stopBroker(cluster->arn, b.nodeId);
        }
    }
    const QString arn = cluster->arn;
    const QString operationArn = flow.operation.arn;
    if (flow.waitingStopped.isEmpty())
        QTimer::singleShot(0, this, [this, arn] { completeDelete(arn); });
    return QJsonObject{{QStringLiteral("ClusterArn"), arn},
                       {QStringLiteral("State"), toString(ClusterState::Deleting)},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

Agent::Reply Agent::listOperations(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    QString arn;
    if (cluster)
        arn = cluster->arn;
    else if (params.contains(QStringLiteral("ClusterArn")))
        arn = params.value(QStringLiteral("ClusterArn"))
                  .toString(); // deleted clusters keep history
    else
        return cluster.error();
    QJsonArray list;
    for (const ClusterOperation &op : m_catalog.operations(arn))
        list.append(operationJson(op));
    return QJsonObject{{QStringLiteral("ClusterOperationInfoList"), list}};
}

Agent::Reply Agent::listAuditEvents(const QJsonObject &params) const
{
    AuditQuery query;
    query.operation = params.value(QStringLiteral("Operation")).toString();
    query.clusterArn = params.value(QStringLiteral("ClusterArn")).toString();
    query.clusterName = params.value(QStringLiteral("ClusterName")).toString();
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9-]*$"));
    if (!validName.match(query.clusterName).hasMatch())
        return ControlError::badRequest(
            QStringLiteral("A cluster name has only letters, digits and hyphens."));
    if (const QString since = params.value(QStringLiteral("Since")).toString(); !since.isEmpty()) {
        query.since = QDateTime::fromString(since, Qt::ISODateWithMs);
        if (!query.since.isValid())
            return ControlError::badRequest(
                QStringLiteral("Since must be an ISO 8601 time such as 2026-01-31T12:00:00Z."));
    }
    query.limit = params.value(QStringLiteral("MaxResults")).toInt(1000);
    QJsonArray list;
    for (const AuditEvent &e : m_catalog.auditEvents(query))
        list.append(QJsonObject{{QStringLiteral("EventId"), e.id},
                                {QStringLiteral("EventTime"), iso(e.time)},
                                {QStringLiteral("Caller"), e.caller},
                                {QStringLiteral("Operation"), e.operation},
                                {QStringLiteral("ClusterArn"), e.clusterArn},
                                {QStringLiteral("Parameters"), e.parameters},
                                {QStringLiteral("Result"), e.result},
                                {QStringLiteral("Message"), e.message}});
    return QJsonObject{{QStringLiteral("AuditEvents"), list}};
}

ControlResult<QList<quint16>> Agent::allocatePorts(int count) const
{
    return allocatePortsFrom(count, m_options.basePort, {});
}

void Agent::ensureMetricsPorts(const QString &clusterArn)
{
    for (BrokerRecord b : m_catalog.brokers(clusterArn)) {
        if (b.metricsPort > 0)
            continue;
        auto port = allocatePortsFrom(1, m_options.metricsBasePort, {});
        if (!port)
            continue; // the broker runs without metrics; sampling skips it
        b.metricsPort = port->first();
        (void)m_catalog.upsertBroker(b);
    }
}

ControlResult<QList<quint16>>
Agent::allocatePortsFrom(int count, int base, const QSet<int> &alsoTaken) const
{
    const QSet<int> taken = takenPorts() | alsoTaken;
    QList<quint16> ports;
    constexpr int kSearchSpan = 1000;
    for (int port = base; port < base + kSearchSpan && port < 65536 && ports.size() < count;
         ++port) {
        if (!taken.contains(port) && portBindable(static_cast<quint16>(port)))
            ports.append(static_cast<quint16>(port));
    }
    if (ports.size() < count)
        return ControlError::conflict(
            QStringLiteral("No free port on 127.0.0.1 between %1 and %2 for the brokers.")
                .arg(base)
                .arg(base + kSearchSpan - 1));
    return ports;
}

QString Agent::brokerDir(const ClusterRecord &cluster, BrokerId id)
{
    return cluster.dataDir + QStringLiteral("/broker-%1").arg(id.value);
}

BrokerSpec Agent::specFor(const ClusterRecord &cluster, const BrokerRecord &broker) const
{
    BrokerSpec spec;
    spec.clusterArn = cluster.arn;
    spec.nodeId = broker.nodeId;
    spec.port = broker.port;
    spec.metricsPort = broker.metricsPort;
    spec.brokerDir = brokerDir(cluster, broker.nodeId);
    spec.configuration = cluster.configuration;
    applySecurity(spec, cluster);
    spec.logMaxBytes = cluster.volumeSizeMiB * 1024 * 1024;
    applyQuorum(spec, cluster);
    return spec;
}

// ---------------------------------------------------------------------------------------
// Flows: one running operation per cluster, advanced by Supervisor signals.

Agent::Flow &Agent::beginFlow(const ClusterRecord &cluster,
                              FlowKind kind,
                              const QString &type,
                              const QStringList &steps)
{
    Flow flow;
    flow.kind = kind;
    flow.operation.arn = QStringLiteral("arn:runnel:kafka:local:cluster-operation/%1/%2")
                             .arg(cluster.name, QUuid::createUuid().toString(QUuid::WithoutBraces));
    flow.operation.clusterArn = cluster.arn;
    flow.operation.type = type;
    flow.operation.state = QStringLiteral("UPDATE_IN_PROGRESS");
    flow.operation.startedAt = QDateTime::currentDateTimeUtc();
    for (const QString &name : steps)
        flow.operation.steps.append(OperationStep{name, QStringLiteral("PENDING"), 0});
    (void)m_catalog.saveOperation(flow.operation);
    return *m_flows.insert(cluster.arn, flow);
}

void Agent::setStep(Flow &flow, int index, const QString &status, int progress)
{
    if (index < 0 || index >= flow.operation.steps.size())
        return;
    flow.operation.steps[index].status = status;
    flow.operation.steps[index].progress = progress;
    (void)m_catalog.saveOperation(flow.operation);
}

void Agent::finishFlow(const QString &clusterArn, bool success, const QString &error)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end())
        return;
    ClusterOperation &op = it->operation;
    for (OperationStep &step : op.steps) {
        if (success) {
            step.status = kCompleted;
            step.progress = 100;
        } else if (step.status == kInProgress) {
            step.status = kFailed;
        }
    }
    op.state = success ? QStringLiteral("UPDATE_COMPLETE") : QStringLiteral("UPDATE_FAILED");
    if (op.type == QStringLiteral("UPDATE_BROKER_STORAGE"))
        m_storageChangedAt.insert(clusterArn, QDateTime::currentMSecsSinceEpoch());
    op.endedAt = QDateTime::currentDateTimeUtc();
    op.error = error;
    (void)m_catalog.saveOperation(op);
    m_flows.erase(it);
}

void Agent::setBrokerState(const QString &clusterArn, BrokerId id, BrokerState state, qint64 pid)
{
    for (BrokerRecord b : m_catalog.brokers(clusterArn)) {
        if (b.nodeId != id)
            continue;
        b.state = state;
        if (pid >= 0)
            b.pid = pid;
        (void)m_catalog.upsertBroker(b);
    }
}

void Agent::setClusterState(const QString &clusterArn, ClusterState state)
{
    (void)m_catalog.updateClusterState(clusterArn, state);
}

void Agent::audit(const QString &caller,
                  const QString &operation,
                  const QString &clusterArn,
                  const QJsonObject &params,
                  const QString &result,
                  const QString &message)
{
    AuditEvent event;
    event.time = QDateTime::currentDateTimeUtc();
    event.caller = caller;
    event.operation = operation;
    event.clusterArn = clusterArn;
    event.parameters = params;
    event.result = result;
    event.message = message;
    if (auto id = m_catalog.appendAudit(event); !id)
        qWarning("runnel-agent: %s", qPrintable(id.error().message));
    // The same line in the agent's log, for whoever reads DATA/agent.log.
    std::fprintf(stderr,
                 "runnel-agent: %s %s %s %s %s%s%s\n",
                 qPrintable(event.time.toString(Qt::ISODateWithMs)),
                 qPrintable(caller),
                 qPrintable(operation),
                 qPrintable(clusterArn.isEmpty() ? QStringLiteral("-") : clusterArn),
                 qPrintable(result),
                 message.isEmpty() ? "" : ": ",
                 qPrintable(message));
}

void Agent::startBrokerOf(const QString &clusterArn, BrokerId id)
{
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster || m_shuttingDown || cluster->state == ClusterState::Deleting
        || cluster->state == ClusterState::Failed)
        return; // a restart scheduled before the cluster was deleted or given up on
    ensureMetricsPorts(clusterArn); // a cluster FAILED across the schema-4 upgrade
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn)) {
        if (b.nodeId == id) {
            setBrokerState(clusterArn, id, BrokerState::Starting, 0);
            m_supervisor->startBroker(specFor(*cluster, b));
        }
    }
}

int Agent::noteFailure(const QString &clusterArn, BrokerId id)
{
    const QString key = clusterArn + QLatin1Char('#') + QString::number(id.value);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<qint64> &times = m_failureTimes[key];
    times.removeIf([now](qint64 t) { return now - t > kDeathWindowMs; });
    times.append(now);
    if (times.size() >= kMaxDeathsPerWindow)
        return -1;
    return std::min(8000, 250 << (times.size() - 1));
}

void Agent::onBrokerSpawned(const QString &clusterArn, BrokerId id, qint64 pid)
{
    setBrokerState(clusterArn, id, BrokerState::Starting, pid);
}

void Agent::onBrokerReady(const QString &clusterArn, BrokerId id, qint64 pid)
{
    setBrokerState(clusterArn, id, BrokerState::Running, pid);
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end()) {
        setClusterState(clusterArn, ClusterState::Active);
        return;
    }
    Flow &flow = *it;
    flow.waitingReady.remove(id.value);
    if (flow.kind == FlowKind::Grow) {
        for (int i = 0; i < flow.operation.steps.size(); ++i)
            if (flow.operation.steps[i].name == QStringLiteral("Start broker %1").arg(id.value))
                setStep(flow, i, kCompleted, 100);
    }
    // A broker healed during a Shrink: the Shrink goes on by its own steps.
    if (!flow.waitingReady.isEmpty() || !flow.waitingStopped.isEmpty()
        || flow.kind == FlowKind::Delete || flow.kind == FlowKind::Shrink)
        return;
    const auto cluster = m_catalog.cluster(clusterArn);
    const bool replicated = cluster && cluster->brokerCount > 1;
    if (replicated && flow.waitingInSync)
        return; // a broker healed during the wait below; one wait is enough
    if (flow.kind == FlowKind::Roll) {
        if (replicated) {
            // Replicated: the next broker only once no partition is under-replicated.
            flow.waitingInSync = true;
            setStep(flow, flow.rollStep, kInProgress, 75);
            waitInSyncThen(clusterArn,
                           QDateTime::currentMSecsSinceEpoch() + kInSyncTimeoutMs,
                           true,
                           [this, clusterArn] { continueRoll(clusterArn); });
            return;
        }
        if (!flow.rollQueue.isEmpty()) {
            setStep(flow, flow.rollStep, kCompleted, 100);
            rollNext(clusterArn);
            return;
        }
    }
    if (flow.kind == FlowKind::Grow) {
        // UpdateBrokerCount: once the controller lists the new brokers, move partitions.
        flow.waitingInSync = true;
        setStep(flow, static_cast<int>(flow.operation.steps.size()) - 2, kInProgress, 0);
        waitInSyncThen(clusterArn,
                       QDateTime::currentMSecsSinceEpoch() + kInSyncTimeoutMs,
                       false,
                       [this, clusterArn] { spreadReplicas(clusterArn); });
        return;
    }
    if (replicated) {
        // Answering ApiVersions is not enough in a quorum: ACTIVE once the controller
        // lists every broker as registered.
        flow.waitingInSync = true;
        waitInSyncThen(clusterArn,
                       QDateTime::currentMSecsSinceEpoch() + kInSyncTimeoutMs,
                       false,
                       [this, clusterArn, id, pid] { completeFlow(clusterArn, id, pid); });
        return;
    }
    completeFlow(clusterArn, id, pid);
}

void Agent::completeFlow(const QString &clusterArn, BrokerId id, qint64 pid)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end())
        return;
    const FlowKind kind = it->kind;
    finishFlow(clusterArn, true, QString());
    setClusterState(clusterArn, ClusterState::Active);
    if (kind == FlowKind::Heal)
        audit(kAgentCaller,
              QStringLiteral("HealBroker"),
              clusterArn,
              QJsonObject{{QStringLiteral("BrokerId"), id.value}, {QStringLiteral("Pid"), pid}},
              QStringLiteral("Success"),
              QStringLiteral("Broker %1 answers again; the cluster is ACTIVE.").arg(id.value));
}

void Agent::onBrokerStartFailed(const QString &clusterArn, BrokerId id, const QString &reason)
{
    setBrokerState(clusterArn, id, BrokerState::Stopped, 0);
    if (m_shuttingDown)
        return;
    auto flow = m_flows.find(clusterArn);
    if (flow != m_flows.end() && flow->kind == FlowKind::Delete) {
        onBrokerStopped(clusterArn, id);
        return;
    }
    const int delay = noteFailure(clusterArn, id);
    audit(kAgentCaller,
          QStringLiteral("StartBroker"),
          clusterArn,
          QJsonObject{{QStringLiteral("BrokerId"), id.value}},
          QStringLiteral("Failed"),
          QStringLiteral("Broker %1 did not start: %2.").arg(id.value).arg(reason));
    if (delay < 0) {
        failCluster(clusterArn,
                    id,
                    QStringLiteral("Broker %1 failed %2 times in %3 s; last: %4.")
                        .arg(id.value)
                        .arg(kMaxDeathsPerWindow)
                        .arg(kDeathWindowMs / 1000)
                        .arg(reason));
        return;
    }
    QTimer::singleShot(delay, this, [this, clusterArn, id] { startBrokerOf(clusterArn, id); });
}

void Agent::onBrokerDied(const QString &clusterArn, BrokerId id, const QString &reason)
{
    setBrokerState(clusterArn, id, BrokerState::Starting, 0);
    if (m_shuttingDown)
        return;
    auto existing = m_flows.find(clusterArn);
    if (existing != m_flows.end() && existing->kind == FlowKind::Delete) {
        onBrokerStopped(clusterArn, id);
        return;
    }
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster)
        return;
    const int delay = noteFailure(clusterArn, id);
    audit(kAgentCaller,
          QStringLiteral("HealBroker"),
          clusterArn,
          QJsonObject{{QStringLiteral("BrokerId"), id.value}},
          QStringLiteral("Started"),
          QStringLiteral("Broker %1 stopped unexpectedly (%2); restarting it with the same id and "
                         "data.")
              .arg(id.value)
              .arg(reason));
    if (delay < 0) {
        failCluster(clusterArn,
                    id,
                    QStringLiteral("Broker %1 died %2 times in %3 s; last: %4.")
                        .arg(id.value)
                        .arg(kMaxDeathsPerWindow)
                        .arg(kDeathWindowMs / 1000)
                        .arg(reason));
        return;
    }
    if (existing == m_flows.end()) {
        Flow &flow = beginFlow(
            *cluster,
            FlowKind::Heal,
            QStringLiteral("HEAL_BROKER"),
            {QStringLiteral("Detect that broker %1 stopped").arg(id.value),
             QStringLiteral("Restart broker %1 with the same id and data").arg(id.value),
             QStringLiteral("Wait until broker %1 answers").arg(id.value)});
        setStep(flow, 0, kCompleted, 100);
        setStep(flow, 1, kInProgress, 0);
        flow.waitingReady.insert(id.value);
        setClusterState(clusterArn, ClusterState::Healing);
    } else {
        existing->waitingReady.insert(id.value);
    }
    for (BrokerRecord b : m_catalog.brokers(clusterArn)) {
        if (b.nodeId == id) {
            ++b.restarts;
            (void)m_catalog.upsertBroker(b);
        }
    }
    QTimer::singleShot(delay, this, [this, clusterArn, id] {
        startBrokerOf(clusterArn, id);
        if (auto it = m_flows.find(clusterArn); it != m_flows.end() && it->kind == FlowKind::Heal) {
            setStep(*it, 1, kCompleted, 100);
            setStep(*it, 2, kInProgress, 0);
        }
    });
}

void Agent::onBrokerStopped(const QString &clusterArn, BrokerId id)
{
    setBrokerState(clusterArn, id, BrokerState::Stopped, 0);
    if (m_shuttingDown) {
        if (m_supervisor->runningCount() == 0) {
            m_shutdownTimer.stop();
            emit shutDown();
        }
        return;
    }
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end())
        return;
    Flow &flow = *it;
    flow.waitingStopped.remove(id.value);
    if (flow.kind == FlowKind::Reboot) {
        setStep(flow, 0, kCompleted, 100);
        setStep(flow, 1, kInProgress, 0);
        flow.waitingReady.insert(id.value);
        startBrokerOf(clusterArn, id);
        setStep(flow, 1, kCompleted, 100);
        setStep(flow, 2, kInProgress, 0);
    } else if (flow.kind == FlowKind::Roll) {
        setStep(flow, flow.rollStep, kInProgress, 50);
        flow.waitingReady.insert(id.value);
        startBrokerOf(clusterArn, id);
    } else if (flow.kind == FlowKind::Delete && flow.waitingStopped.isEmpty()) {
        completeDelete(clusterArn);
    } else if (flow.kind == FlowKind::Shrink && !flow.removeQueue.isEmpty()
               && flow.removeQueue.first() == id.value) {
        // UpdateBrokerCount to fewer brokers: stopped on purpose, so not healed.
        unregisterRemoved(clusterArn, id.value, 0, 0);
    }
}

void Agent::completeDelete(const QString &clusterArn)
{
    auto it = m_flows.find(clusterArn);
    const auto cluster = m_catalog.cluster(clusterArn);
    if (it == m_flows.end() || !cluster)
        return;
    setStep(*it, 0, kCompleted, 100);
    setStep(*it, 1, kInProgress, 0);
    const QString root = QDir::cleanPath(m_options.dataRoot + QStringLiteral("/clusters"));
    const QString dir = QDir::cleanPath(cluster->dataDir);
    bool removed = true;
    // Only ever remove a directory inside our own clusters folder.
    if (dir.startsWith(root + QLatin1Char('/')) && QDir(dir).exists())
        removed = QDir(dir).removeRecursively();
    if (!removed) {
        finishFlow(clusterArn, false, QStringLiteral("Could not remove %1.").arg(dir));
        setClusterState(clusterArn, ClusterState::Failed);
        return;
    }
    finishFlow(clusterArn, true, QString());
    QFile::remove(atrestkeys::dataKeyFilePath(clusterArn));
    (void)m_catalog.deleteClusterSecurity(clusterArn);
    (void)m_catalog.deleteCluster(clusterArn);
    m_metrics->forgetCluster(clusterArn);
}

// ---------------------------------------------------------------------------------------
// Configurations and rolling restarts

ControlStatus Agent::checkServerProperties(const QString &text)
{
    static const QStringList owned = {QStringLiteral("node.id"),
                                      QStringLiteral("broker.id"),
                                      QStringLiteral("listeners"),
                                      QStringLiteral("advertised.listeners"),
                                      QStringLiteral("log.dirs"),
                                      QStringLiteral("log.dir"),
                                      QStringLiteral("runnel.log.encryption.key.file"),
                                      QStringLiteral("process.roles"),
                                      QStringLiteral("controller.quorum.voters"),
                                      QStringLiteral("controller.listener.names"),
                                      QStringLiteral("inter.broker.listener.name"),
                                      QStringLiteral("listener.security.protocol.map")};
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
            || line.startsWith(QLatin1Char('!')))
            continue;
        const QString key
            = line.section(QRegularExpression(QStringLiteral("[=:]")), 0, 0).trimmed();
        if (key == QLatin1String("runnel.log.dirs.max.bytes"))
            return ControlError::badRequest(QStringLiteral(
                "runnel.log.dirs.max.bytes is set by the agent from the cluster's volume size; "
                "remove it from the configuration and use VolumeSize (create-cluster-v2 "
                "--volume-size) or UpdateBrokerStorage instead."));
        if (owned.contains(key))
            return ControlError::badRequest(
                QStringLiteral("%1 is set by the agent for each broker; remove it from the "
                               "configuration.")
                    .arg(key));
    }
    return Done{};
}

ControlResult<ConfigurationRecord> Agent::findConfiguration(const QJsonObject &params) const
{
    const QString arn = params.value(QStringLiteral("Arn")).toString();
    const QString name = params.value(QStringLiteral("Name")).toString();
    if (!arn.isEmpty()) {
        if (auto c = m_catalog.configuration(arn))
            return *c;
        return ControlError::notFound(
            QStringLiteral("There is no configuration with ARN %1.").arg(arn));
    }
    if (!name.isEmpty()) {
        if (auto c = m_catalog.configurationByName(name))
            return *c;
        return ControlError::notFound(
            QStringLiteral("There is no configuration named %1.").arg(name));
    }
    return ControlError::badRequest(QStringLiteral("Name the configuration with Arn or Name."));
}

ControlResult<ConfigurationRevision> Agent::revisionOf(const QJsonObject &info) const
{
    auto configuration = findConfiguration(info);
    if (!configuration)
        return configuration.error();
    const int wanted = info.value(QStringLiteral("Revision")).toInt(configuration->latestRevision);
    for (const ConfigurationRevision &r : m_catalog.revisions(configuration->arn)) {
        if (r.revision == wanted)
            return r;
    }
    return ControlError::notFound(QStringLiteral("Configuration %1 has no revision %2; its latest "
                                                 "is %3.")
                                      .arg(configuration->name)
                                      .arg(wanted)
                                      .arg(configuration->latestRevision));
}

QJsonObject Agent::configurationJson(const ConfigurationRecord &c) const
{
    QJsonObject latest{{QStringLiteral("Revision"), c.latestRevision}};
    for (const ConfigurationRevision &r : m_catalog.revisions(c.arn)) {
        if (r.revision == c.latestRevision) {
            latest.insert(QStringLiteral("CreationTime"), iso(r.createdAt));
            latest.insert(QStringLiteral("Description"), r.description);
        }
    }
    return {{QStringLiteral("Arn"), c.arn},
            {QStringLiteral("Name"), c.name},
            {QStringLiteral("Description"), c.description},
            {QStringLiteral("CreationTime"), iso(c.createdAt)},
            {QStringLiteral("LatestRevision"), latest},
            {QStringLiteral("State"), QStringLiteral("ACTIVE")}};
}

Agent::Reply Agent::createConfiguration(const QJsonObject &params)
{
    const QString name = params.value(QStringLiteral("Name")).toString();
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!validName.match(name).hasMatch())
        return ControlError::badRequest(
            QStringLiteral("A configuration name has 1 to 64 letters, digits, dots, hyphens or "
                           "underscores; \"%1\" does not.")
                .arg(name));
    if (m_catalog.configurationByName(name))
        return ControlError::conflict(
            QStringLiteral("A configuration named %1 already exists; add a revision to it with "
                           "UpdateConfiguration.")
                .arg(name));
    const QString text = params.value(QStringLiteral("ServerProperties")).toString();
    if (auto s = checkServerProperties(text); !s)
        return s.error();
    ConfigurationRecord c;
    c.arn = QStringLiteral("arn:runnel:kafka:local:configuration/%1/%2")
                .arg(name, QUuid::createUuid().toString(QUuid::WithoutBraces));
    c.name = name;
    c.description = params.value(QStringLiteral("Description")).toString();
    c.createdAt = QDateTime::currentDateTimeUtc();
    c.latestRevision = 1;
    if (auto s = m_catalog.insertConfiguration(c, {1, c.description, text, c.createdAt}); !s)
        return s.error();
    return configurationJson(c);
}

Agent::Reply Agent::updateConfiguration(const QJsonObject &params)
{
    auto c = findConfiguration(params);
    if (!c)
        return c.error();
    const QString text = params.value(QStringLiteral("ServerProperties")).toString();
    if (auto s = checkServerProperties(text); !s)
        return s.error();
    auto number = m_catalog.addRevision(c->arn,
                                        {0,
                                         params.value(QStringLiteral("Description")).toString(),
                                         text,
                                         QDateTime::currentDateTimeUtc()});
    if (!number)
        return number.error();
    return configurationJson(*m_catalog.configuration(c->arn));
}

Agent::Reply Agent::describeConfiguration(const QJsonObject &params) const
{
    auto c = findConfiguration(params);
    if (!c)
        return c.error();
    return configurationJson(c.value());
}

Agent::Reply Agent::listConfigurations(const QJsonObject &) const
{
    QJsonArray list;
    for (const ConfigurationRecord &c : m_catalog.configurations())
        list.append(configurationJson(c));
    return QJsonObject{{QStringLiteral("Configurations"), list}};
}

Agent::Reply Agent::listConfigurationRevisions(const QJsonObject &params) const
{
    auto c = findConfiguration(params);
    if (!c)
        return c.error();
    QJsonArray list;
    for (const ConfigurationRevision &r : m_catalog.revisions(c->arn))
        list.append(QJsonObject{{QStringLiteral("Revision"), r.revision},
                                {QStringLiteral("Description"), r.description},
                                {QStringLiteral("CreationTime"), iso(r.createdAt)}});
    return QJsonObject{{QStringLiteral("Revisions"), list}};
}

Agent::Reply Agent::describeConfigurationRevision(const QJsonObject &params) const
{
    auto r = revisionOf(params);
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("Arn"), findConfiguration(params)->arn},
                       {QStringLiteral("Revision"), r->revision},
                       {QStringLiteral("Description"), r->description},
                       {QStringLiteral("CreationTime"), iso(r->createdAt)},
                       {QStringLiteral("ServerProperties"), r->serverProperties}};
}

Agent::Reply Agent::updateClusterConfiguration(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const QJsonObject info = params.value(QStringLiteral("ConfigurationInfo")).toObject();
    auto revision = revisionOf(info);
    if (!revision)
        return revision.error();
    if (auto s = checkServerProperties(revision->serverProperties); !s)
        return s.error();
    if (auto s = securityOf(cluster->arn).checkConfiguration(revision->serverProperties); !s)
        return s.error();
    if (cluster->state != ClusterState::Active || m_flows.contains(cluster->arn))
        return ControlError::conflict(QStringLiteral("Cluster %1 is %2; its configuration can be "
                                                     "changed only while it is ACTIVE.")
                                          .arg(cluster->name, toString(cluster->state)));
    const QString configurationArn = findConfiguration(info)->arn; // revisionOf found it
    if (auto s = m_catalog.updateClusterConfiguration(
            cluster->arn, revision->serverProperties, configurationArn, revision->revision);
        !s)
        return s.error();
    // One broker at a time in node-id order, the active controller last; in a
    // multi-broker cluster each next broker waits for every partition to be in sync.
    QStringList steps{QStringLiteral("Store configuration revision %1").arg(revision->revision)};
    const QList<int> order = rollOrder(cluster->arn);
    for (int id : order)
        steps << QStringLiteral("Restart broker %1 with the new configuration").arg(id);
    Flow &flow = beginFlow(
        cluster.value(), FlowKind::Roll, QStringLiteral("UPDATE_CLUSTER_CONFIGURATION"), steps);
    setStep(flow, 0, kCompleted, 100);
    flow.rollQueue = order;
    flow.rollStep = 0;
    setClusterState(cluster->arn, ClusterState::Updating);
    const QString arn = cluster->arn;
    const QString operationArn = flow.operation.arn;
    rollNext(arn);
    return QJsonObject{{QStringLiteral("ClusterArn"), arn},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

void Agent::continueRoll(const QString &clusterArn)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end())
        return;
    it->waitingInSync = false;
    setStep(*it, it->rollStep, kCompleted, 100);
    if (!it->rollQueue.isEmpty()) {
        rollNext(clusterArn);
        return;
    }
    finishFlow(clusterArn, true, QString());
    setClusterState(clusterArn, ClusterState::Active);
}

void Agent::rollNext(const QString &clusterArn)
{
    auto it = m_flows.find(clusterArn);
    if (it == m_flows.end() || it->rollQueue.isEmpty())
        return;
    const int id = it->rollQueue.takeFirst();
    ++it->rollStep;
    setStep(*it, it->rollStep, kInProgress, 0);
    it->waitingStopped.insert(id);
    setBrokerState(clusterArn, BrokerId{id}, BrokerState::Stopping, -1);
    m_supervisor->stopBroker(clusterArn, BrokerId{id});
}

ControlStatus Agent::readMonitoring(const QJsonObject &params, ClusterRecord &cluster)
{
    const QJsonObject provisioned = params.value(QStringLiteral("Provisioned")).toObject();
    const auto field = [&](const QString &key) {
        return params.contains(key) ? params.value(key) : provisioned.value(key);
    };
    const QJsonValue level = field(QStringLiteral("EnhancedMonitoring"));
    if (!level.isUndefined()) {
        if (!metrics::parseMonitoringLevel(level.toString().toStdString()))
            return ControlError::badRequest(
                QStringLiteral("EnhancedMonitoring is DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or "
                               "PER_TOPIC_PER_PARTITION; \"%1\" is not.")
                    .arg(level.toString()));
        cluster.enhancedMonitoring = level.toString();
    }
    const QJsonValue open = field(QStringLiteral("OpenMonitoring"));
    if (!open.isUndefined()) {
        const QJsonObject prometheus
            = open.toObject().value(QStringLiteral("Prometheus")).toObject();
        if (!open.isObject() || !open.toObject().contains(QStringLiteral("Prometheus")))
            return ControlError::badRequest(QStringLiteral(
                "OpenMonitoring is {\"Prometheus\": {\"JmxExporter\": {\"EnabledInBroker\": "
                "true|false}, \"NodeExporter\": {\"EnabledInBroker\": true|false}}}."));
        cluster.jmxExporter = prometheus.value(QStringLiteral("JmxExporter"))
                                  .toObject()
                                  .value(QStringLiteral("EnabledInBroker"))
                                  .toBool();
        cluster.nodeExporter = prometheus.value(QStringLiteral("NodeExporter"))
                                   .toObject()
                                   .value(QStringLiteral("EnabledInBroker"))
                                   .toBool();
    }
    return Done{};
}

Agent::Reply Agent::updateMonitoring(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    ClusterRecord updated = cluster.value();
    if (auto s = readMonitoring(params, updated); !s)
        return s.error();
    if (auto s = m_catalog.updateClusterMonitoring(
            updated.arn, updated.enhancedMonitoring, updated.jmxExporter, updated.nodeExporter);
        !s)
        return s.error();
    // The brokers always serve their endpoint on loopback (the agent samples it), so the
    // change needs no restart: the agent stores the new level's metrics from the next
    // sample on.
    return QJsonObject{{QStringLiteral("ClusterArn"), updated.arn}};
}

void Agent::failCluster(const QString &clusterArn, BrokerId id, const QString &reason)
{
    setBrokerState(clusterArn, id, BrokerState::Failed, 0);
    if (m_flows.contains(clusterArn))
        finishFlow(clusterArn, false, reason);
    setClusterState(clusterArn, ClusterState::Failed);
    audit(kAgentCaller,
          QStringLiteral("HealBroker"),
          clusterArn,
          QJsonObject{{QStringLiteral("BrokerId"), id.value}},
          QStringLiteral("Failed"),
          reason + QStringLiteral(" The agent stopped restarting it; see the broker's log."));
}

// ---------------------------------------------------------------------------------------
// Storage: per-broker volume size, UpdateBrokerStorage, storage auto-scaling.

ControlStatus Agent::readStorage(const QJsonObject &params, ClusterRecord &cluster)
{
    QJsonObject group = params.value(QStringLiteral("BrokerNodeGroupInfo")).toObject();
    if (group.isEmpty())
        group = params.value(QStringLiteral("Provisioned"))
                    .toObject()
                    .value(QStringLiteral("BrokerNodeGroupInfo"))
                    .toObject();
    const QJsonObject ebs = group.value(QStringLiteral("StorageInfo"))
                                .toObject()
                                .value(QStringLiteral("EbsStorageInfo"))
                                .toObject();
    auto size = readVolumeSize(ebs,
                               QStringLiteral("VolumeSize"),
                               QStringLiteral("BrokerNodeGroupInfo.StorageInfo.EbsStorageInfo"));
    if (!size)
        return size.error();
    cluster.volumeSizeMiB = size.value() > 0 ? size.value() : kDefaultVolumeGiB * kMiBPerGiB;
    return Done{};
}

ControlResult<QString> Agent::growStorage(const ClusterRecord &cluster, qint64 newSizeMiB)
{
    if (auto s = m_catalog.updateClusterVolumeSize(cluster.arn, newSizeMiB); !s)
        return s.error();
    QStringList steps{
        QStringLiteral("Store the new volume size, %1 per broker").arg(sizeText(newSizeMiB))};
    QList<int> order;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn)) {
        order.append(b.nodeId.value);
        steps << QStringLiteral("Restart broker %1 with the new volume size").arg(b.nodeId.value);
    }
    Flow &flow = beginFlow(cluster, FlowKind::Roll, QStringLiteral("UPDATE_BROKER_STORAGE"), steps);
    setStep(flow, 0, kCompleted, 100);
    flow.rollQueue = order;
    flow.rollStep = 0;
    const QString operationArn = flow.operation.arn;
    setClusterState(cluster.arn, ClusterState::Updating);
    rollNext(cluster.arn);
    return operationArn;
}

Agent::Reply Agent::updateBrokerStorage(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const QJsonValue targets = params.value(QStringLiteral("TargetBrokerEBSVolumeInfo"));
    if (!targets.isArray() || targets.toArray().size() != 1)
        return ControlError::badRequest(QStringLiteral(
            "TargetBrokerEBSVolumeInfo must be a list of one entry, "
            "[{\"KafkaBrokerNodeId\": \"ALL\", \"VolumeSizeGB\": N}]: every broker of a "
            "cluster has the same size."));
    const QJsonObject target = targets.toArray().first().toObject();
    const QString node = target.value(QStringLiteral("KafkaBrokerNodeId")).toString();
    if (node != QStringLiteral("ALL"))
        return ControlError::badRequest(
            QStringLiteral("KafkaBrokerNodeId must be ALL (as MSK requires); \"%1\" is not.")
                .arg(node));
    auto size = readVolumeSize(
        target, QStringLiteral("VolumeSizeGB"), QStringLiteral("TargetBrokerEBSVolumeInfo"));
    if (!size)
        return size.error();
    if (size.value() == 0)
        return ControlError::badRequest(
            QStringLiteral("TargetBrokerEBSVolumeInfo needs VolumeSizeGB (or VolumeSizeMiB)."));
    const QJsonValue version = params.value(QStringLiteral("CurrentVersion"));
    if (!version.isUndefined() && !version.isString())
        return ControlError::badRequest(QStringLiteral("CurrentVersion must be a string."));
    if (cluster->volumeSizeMiB > 0 && size.value() < cluster->volumeSizeMiB)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1's brokers have %2 each; storage can only grow (MSK never "
                           "shrinks a volume), so %3 is refused.")
                .arg(cluster->name, sizeText(cluster->volumeSizeMiB), sizeText(size.value())));
    if (size.value() == cluster->volumeSizeMiB)
        return ControlError::badRequest(
            QStringLiteral("Cluster %1's brokers already have %2 each; ask for a larger size.")
                .arg(cluster->name, sizeText(size.value())));
    if (cluster->state != ClusterState::Active || m_flows.contains(cluster->arn))
        return ControlError::conflict(QStringLiteral("Cluster %1 is %2; its storage can be "
                                                     "changed only while it is ACTIVE.")
                                          .arg(cluster->name, toString(cluster->state)));
    auto operation = growStorage(cluster.value(), size.value());
    if (!operation)
        return operation.error();
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("ClusterOperationArn"), operation.value()}};
}

Agent::Reply Agent::putStorageAutoScaling(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const QJsonValue target = params.value(QStringLiteral("TargetUtilization"));
    const double t = target.toDouble(-1);
    if (!target.isDouble() || t != static_cast<double>(static_cast<int>(t)) || t < 10 || t > 80)
        return ControlError::badRequest(QStringLiteral(
            "TargetUtilization must be a whole percentage from 10 to 80, as MSK's storage "
            "auto-scaling policy allows."));
    auto max = readVolumeSize(params,
                              QStringLiteral("MaxVolumeSize"),
                              QStringLiteral("PutStorageAutoScaling"),
                              QStringLiteral("MaxVolumeSizeMiB"));
    if (!max)
        return max.error();
    const qint64 maxMiB = max.value() > 0 ? max.value() : kMaxVolumeMiB;
    if (maxMiB <= cluster->volumeSizeMiB)
        return ControlError::badRequest(
            QStringLiteral("The maximum volume size (%1) must be larger than the brokers' "
                           "current %2, or there is nothing to scale to.")
                .arg(sizeText(maxMiB), sizeText(cluster->volumeSizeMiB)));
    if (auto s
        = m_catalog.updateClusterStorageAutoScaling(cluster->arn, static_cast<int>(t), maxMiB);
        !s)
        return s.error();
    auto updated = m_catalog.cluster(cluster->arn);
    return describeStorageAutoScaling(QJsonObject{{QStringLiteral("ClusterArn"), updated->arn}});
}

Agent::Reply Agent::describeStorageAutoScaling(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    QJsonObject out{{QStringLiteral("ClusterArn"), cluster->arn},
                    {QStringLiteral("ClusterName"), cluster->name},
                    {QStringLiteral("VolumeSizeMiB"), cluster->volumeSizeMiB},
                    {QStringLiteral("Enabled"), cluster->autoScalingTargetUtilization > 0}};
    if (cluster->autoScalingTargetUtilization > 0) {
        out.insert(QStringLiteral("TargetUtilization"), cluster->autoScalingTargetUtilization);
        out.insert(QStringLiteral("MaxVolumeSizeMiB"), cluster->autoScalingMaxVolumeSizeMiB);
        if (cluster->autoScalingMaxVolumeSizeMiB % kMiBPerGiB == 0)
            out.insert(QStringLiteral("MaxVolumeSize"),
                       cluster->autoScalingMaxVolumeSizeMiB / kMiBPerGiB);
    }
    return out;
}

Agent::Reply Agent::deleteStorageAutoScaling(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    if (cluster->autoScalingTargetUtilization == 0)
        return ControlError::notFound(
            QStringLiteral("Cluster %1 has no storage auto-scaling policy.").arg(cluster->name));
    if (auto s = m_catalog.updateClusterStorageAutoScaling(cluster->arn, 0, 0); !s)
        return s.error();
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("Enabled"), false}};
}

void Agent::checkStorageAutoScaling(const QString &clusterArn)
{
    if (m_shuttingDown || m_flows.contains(clusterArn))
        return;
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster || cluster->state != ClusterState::Active
        || cluster->autoScalingTargetUtilization <= 0 || cluster->volumeSizeMiB <= 0
        || cluster->volumeSizeMiB >= cluster->autoScalingMaxVolumeSizeMiB)
        return;
    const qint64 changedAt = m_storageChangedAt.value(clusterArn, 0);
    int fullest = -1;
    double fullestUsed = -1;
    for (const BrokerRecord &b : m_catalog.brokers(clusterArn)) {
        if (m_metrics->latestBrokerFiguresTimeMs(clusterArn, b.nodeId.value) <= changedAt)
            continue; // sampled before the last growth: it measured the old size
        const QJsonValue used = m_metrics->latestBrokerFigures(clusterArn, b.nodeId.value)
                                    .value(QStringLiteral("KafkaDataLogsDiskUsed"));
        if (used.isDouble() && used.toDouble() > fullestUsed) {
            fullestUsed = used.toDouble();
            fullest = b.nodeId.value;
        }
    }
    if (fullest < 0 || fullestUsed < cluster->autoScalingTargetUtilization)
        return;
    const qint64 from = cluster->volumeSizeMiB;
    const qint64 to
        = std::min(cluster->autoScalingMaxVolumeSizeMiB, from + autoScalingStepMiB(from));
    const QJsonObject parameters{
        {QStringLiteral("BrokerId"), fullest},
        {QStringLiteral("KafkaDataLogsDiskUsed"), fullestUsed},
        {QStringLiteral("TargetUtilization"), cluster->autoScalingTargetUtilization},
        {QStringLiteral("FromVolumeSizeMiB"), from},
        {QStringLiteral("ToVolumeSizeMiB"), to}};
    auto operation = growStorage(cluster.value(), to);
    audit(kAgentCaller,
          QStringLiteral("StorageAutoScaling"),
          clusterArn,
          parameters,
          operation ? QStringLiteral("Success") : operation.error().code,
          operation ? QStringLiteral("Broker %1 uses %2 % of its volume, at or above the target "
                                     "of %3 %; growing every broker from %4 to %5.")
                          .arg(fullest)
                          .arg(fullestUsed, 0, 'f', 1)
                          .arg(cluster->autoScalingTargetUtilization)
                          .arg(sizeText(from), sizeText(to))
                    : operation.error().message);
}

} // namespace runnel::control
