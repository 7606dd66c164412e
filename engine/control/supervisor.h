#pragma once

// The Supervisor runs broker processes: it writes each broker's server.properties,
// spawns runneld with QProcess (stdout and stderr appended to the broker's log file),
// polls the port with a KafkaProbe until the broker answers ApiVersions, keeps probing
// it while it runs (a broker that stops answering is killed), and reports exits. It is mechanism
// only: the Agent decides what an exit means (heal, reboot, delete) and records it. Owned by the
// Agent; lives on the agent's thread; every wait is a timer, nothing blocks the event loop.
//
// Brokers get PR_SET_PDEATHSIG=SIGTERM and their own session, so a terminal's Ctrl-C
// does not reach them and an agent that dies (even kill -9) never leaves an orphan
// broker behind: it stops cleanly and the next agent start brings it back. A broker
// left over from an earlier agent (its pid recorded in the catalog and its command
// line naming the same properties file) is stopped before a new one is spawned, so a
// broker is never running twice.

#include "engine/control/kafkaadmin.h"
#include "engine/control/types.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QTimer>

#include <memory>

namespace runnel::control {

struct BrokerSpec
{
    QString clusterArn;
    BrokerId nodeId;
    quint16 port = 0;
    quint16 metricsPort = 0; // runnel.metrics.listener on 127.0.0.1; 0: none
    // A broker of a multi-broker cluster (Kafka's combined mode): its CONTROLLER port and
    // the cluster's controller.quorum.voters ("1@127.0.0.1:p1,2@…"); empty for a
    // one-broker cluster, which keeps the single-broker form. `clusterSize` decides the
    // safe defaults written when the configuration does not set them.
    quint16 controllerPort = 0;
    QString quorumVoters;
    bool brokerOnly = false; // process.roles=broker (added by UpdateBrokerCount)
    int clusterSize = 1;
    QString brokerDir;      // holds server.properties, broker.log and data/
    QString configuration;  // the cluster's server.properties text, written first
    qint64 logMaxBytes = 0; // runnel.log.dirs.max.bytes; 0: unlimited
    qint64 stalePid = 0;    // pid recorded by an earlier agent, 0 if none
    // A cluster with TLS (ClusterSecurity): its listeners replace the one PLAINTEXT
    // listener, its Kafka security keys follow the configuration, and the readiness
    // probe asks ApiVersions on the agent's own TLS listener.
    QString listeners;
    QString securityProperties;
    quint16 probePort = 0; // 0: `port`
    AdminTls probeTls;
    // A cluster encrypted at rest: the data key file runneld reads
    // (runnel.log.encryption.key.file, engine/control/atrestkeys.h); empty: none.
    QString atRestKeyFile;
    // EncryptionInTransit.InCluster on a multi-broker cluster: CONTROLLER:SSL.
    bool controllerTls = false;
};

class Supervisor : public QObject
{
    Q_OBJECT
public:
    static constexpr int kReadyTimeoutMs = 30000;
    static constexpr int kStopTimeoutMs = 15000;
    // A running broker is asked ApiVersions every kHealthIntervalMs; after
    // kHealthFailures unanswered probes in a row it is killed and reported dead.
    static constexpr int kHealthIntervalMs = 1000;
    static constexpr int kHealthFailures = 3;

    explicit Supervisor(QString runneldPath, QObject *parent = nullptr);
    ~Supervisor() override;

    QString runneldPath() const { return m_runneldPath; }

    // Spawns the broker (after stopping a stale one). Later: brokerReady, or
    // brokerStartFailed if it exits or does not answer within kReadyTimeoutMs.
    void startBroker(const BrokerSpec &spec);
    // SIGTERM, SIGKILL after kStopTimeoutMs; then brokerStopped. No-op signal at once if
    // the broker is not running.
    void stopBroker(const QString &clusterArn, BrokerId nodeId);
    // Drops what the Supervisor keeps of a stopped broker that no longer exists (removed
    // by UpdateBrokerCount). No-op while it runs.
    void forget(const QString &clusterArn, BrokerId nodeId);
    bool isRunning(const QString &clusterArn, BrokerId nodeId) const;
    int runningCount() const;
    qint64 pid(const QString &clusterArn, BrokerId nodeId) const;

    static QString propertiesPath(const QString &brokerDir);
    static QString logPath(const QString &brokerDir);
    static QString renderProperties(const BrokerSpec &spec);
    // The combined-mode lines of a multi-broker cluster's broker (supervisor_cluster.cpp):
    // roles, voters, the CONTROLLER listener (plaintext on loopback: runneld has no TLS
    // on it), and the safe defaults of 3+ brokers where the configuration sets none.
    static QString combinedModeProperties(const BrokerSpec &spec, const QString &clientListeners);
    static quint16 probePortOf(const BrokerSpec &spec);

signals:
    void brokerSpawned(const QString &clusterArn, BrokerId nodeId, qint64 pid);
    void brokerReady(const QString &clusterArn, BrokerId nodeId, qint64 pid);
    void brokerStartFailed(const QString &clusterArn, BrokerId nodeId, const QString &reason);
    // The process ended without being asked to: a crash, kill -9, or a fatal error.
    void brokerDied(const QString &clusterArn, BrokerId nodeId, const QString &reason);
    void brokerStopped(const QString &clusterArn, BrokerId nodeId);

private:
    struct Managed
    {
        BrokerSpec spec;
        std::unique_ptr<QProcess> process;
        QTimer probeTimer;
        QTimer killTimer;
        QTimer healthTimer;
        int healthFailures = 0;
        QString killReason; // set when we kill a hung broker
        QElapsedTimer sinceSpawn;
        QPointer<QObject> probe;
        bool ready = false;
        bool stopping = false;
    };

    static QString keyOf(const QString &clusterArn, BrokerId nodeId);
    void stopStaleThenSpawn(const QString &key, int attemptsLeft);
    void spawn(const QString &key);
    void probe(const QString &key);
    void checkHealth(const QString &key);
    void onFinished(const QString &key, int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(const QString &key, QProcess::ProcessError error);

    QString m_runneldPath;
    QHash<QString, std::shared_ptr<Managed>> m_brokers;
};

} // namespace runnel::control

Q_DECLARE_METATYPE(runnel::control::BrokerId)
