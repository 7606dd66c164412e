#include "engine/control/supervisor.h"

#include "engine/control/kafkaprobe.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace runnel::control {

namespace {

constexpr int kProbeIntervalMs = 100;
constexpr int kProbeTimeoutMs = 1000;
constexpr int kStalePollMs = 50;
constexpr int kStalePolls = 200; // 10 s

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

// True if `pid` is a process whose command line names `propertiesPath`: a broker this
// catalog started, not an unrelated process that reused the pid.
bool isOurBroker(qint64 pid, const QString &propertiesPath)
{
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> args = cmdline.readAll().split('\0');
    return args.contains(QFile::encodeName(propertiesPath));
}

} // namespace

Supervisor::Supervisor(QString runneldPath, QObject *parent)
    : QObject(parent)
    , m_runneldPath(std::move(runneldPath))
{}

Supervisor::~Supervisor()
{
    // The Agent stops brokers before it goes; whatever is left is killed so that no
    // process outlives its QProcess.
    for (const auto &managed : std::as_const(m_brokers)) {
        if (managed->process && managed->process->state() != QProcess::NotRunning) {
            managed->process->disconnect(this);
            managed->process->kill();
            managed->process->waitForFinished(2000);
        }
    }
}

QString Supervisor::keyOf(const QString &clusterArn, BrokerId nodeId)
{
    return clusterArn + QLatin1Char('#') + QString::number(nodeId.value);
}

QString Supervisor::propertiesPath(const QString &brokerDir)
{
    return brokerDir + QStringLiteral("/server.properties");
}

QString Supervisor::logPath(const QString &brokerDir)
{
    return brokerDir + QStringLiteral("/broker.log");
}

quint16 Supervisor::probePortOf(const BrokerSpec &spec)
{
    return spec.probePort != 0 ? spec.probePort : spec.port;
}

QString Supervisor::renderProperties(const BrokerSpec &spec)
{
    const QString listener = spec.listeners.isEmpty()
                                 ? QStringLiteral("PLAINTEXT://127.0.0.1:%1").arg(spec.port)
                                 : spec.listeners;
    QString text = QStringLiteral("# Written by runnel-agent for %1, broker %2.\n"
                                  "# Change the cluster's configuration, not this file.\n")
                       .arg(spec.clusterArn)
                       .arg(spec.nodeId.value);
    if (!spec.configuration.trimmed().isEmpty())
        text += spec.configuration.trimmed() + QLatin1Char('\n');
    if (spec.quorumVoters.isEmpty()) {
        text += QStringLiteral("node.id=%1\nlisteners=%2\nadvertised.listeners=%2\nlog.dirs=%3\n")
                    .arg(spec.nodeId.value)
                    .arg(listener, spec.brokerDir + QStringLiteral("/data"));
    } else {
        text += combinedModeProperties(spec, listener);
    }
    if (spec.metricsPort > 0)
        text += QStringLiteral("runnel.metrics.listener=127.0.0.1:%1\n").arg(spec.metricsPort);
    if (spec.quorumVoters.isEmpty() || spec.securityProperties.isEmpty()) {
        text += spec.securityProperties;
    } else {
        // The quorum's CONTROLLER listener, on loopback: SSL with the broker certificates
        // (mutual TLS) when EncryptionInTransit.InCluster, else plaintext.
        static const QRegularExpression map(
            QStringLiteral("^(listener\\.security\\.protocol\\.map=.*)$"),
            QRegularExpression::MultilineOption);
        text += QString(spec.securityProperties)
                    .replace(map,
                             spec.controllerTls ? QStringLiteral("\\1,CONTROLLER:SSL")
                                                : QStringLiteral("\\1,CONTROLLER:PLAINTEXT"));
    }
    if (spec.logMaxBytes > 0)
        text += QStringLiteral("runnel.log.dirs.max.bytes=%1\n").arg(spec.logMaxBytes);
    if (!spec.atRestKeyFile.isEmpty())
        text += QStringLiteral("runnel.log.encryption.key.file=%1\n").arg(spec.atRestKeyFile);
    return text;
}

void Supervisor::startBroker(const BrokerSpec &spec)
{
    const QString key = keyOf(spec.clusterArn, spec.nodeId);
    if (auto it = m_brokers.find(key); it != m_brokers.end() && it.value()->process
                                       && it.value()->process->state() != QProcess::NotRunning)
        return; // already running: never twice
    auto managed = std::make_shared<Managed>();
    managed->spec = spec;
    m_brokers.insert(key, managed);
    stopStaleThenSpawn(key, kStalePolls);
}

void Supervisor::stopStaleThenSpawn(const QString &key, int attemptsLeft)
{
    auto managed = m_brokers.value(key);
    if (!managed)
        return;
    const qint64 stale = managed->spec.stalePid;
    const QString props = propertiesPath(managed->spec.brokerDir);
    if (stale > 0 && processAlive(stale) && isOurBroker(stale, props)) {
        if (attemptsLeft == kStalePolls)
            ::kill(static_cast<pid_t>(stale), SIGTERM);
        else if (attemptsLeft == 0)
            ::kill(static_cast<pid_t>(stale), SIGKILL);
        QTimer::singleShot(kStalePollMs, this, [this, key, attemptsLeft] {
            stopStaleThenSpawn(key, std::max(0, attemptsLeft - 1));
        });
        return;
    }
    managed->spec.stalePid = 0;
    spawn(key);
}

void Supervisor::spawn(const QString &key)
{
    auto managed = m_brokers.value(key);
    const BrokerSpec &spec = managed->spec;
    const auto fail = [this, &spec](const QString &reason) {
        const QString arn = spec.clusterArn;
        const BrokerId id = spec.nodeId;
        QTimer::singleShot(
            0, this, [this, arn, id, reason] { emit brokerStartFailed(arn, id, reason); });
    };
    if (m_runneldPath.isEmpty()) {
        fail(QStringLiteral("the runneld binary was not found (set RUNNEL_RUNNELD)"));
        return;
    }
    if (!QDir().mkpath(spec.brokerDir + QStringLiteral("/data"))) {
        fail(QStringLiteral("could not create %1").arg(spec.brokerDir));
        return;
    }
    QSaveFile props(propertiesPath(spec.brokerDir));
    if (!props.open(QIODevice::WriteOnly) || props.write(renderProperties(spec).toUtf8()) < 0
        || !props.commit()) {
        fail(QStringLiteral("could not write %1").arg(props.fileName()));
        return;
    }

    managed->ready = false;
    managed->stopping = false;
    managed->process = std::make_unique<QProcess>();
    QProcess *process = managed->process.get();
    process->setProgram(m_runneldPath);
    process->setArguments({propertiesPath(spec.brokerDir)});
    process->setWorkingDirectory(spec.brokerDir);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(logPath(spec.brokerDir), QIODevice::Append);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setChildProcessModifier([] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        ::setsid();
    });
    connect(process, &QProcess::finished, this, [this, key](int code, QProcess::ExitStatus st) {
        onFinished(key, code, st);
    });
    connect(process, &QProcess::errorOccurred, this, [this, key](QProcess::ProcessError error) {
        onErrorOccurred(key, error);
    });
    connect(process, &QProcess::started, this, [this, key] {
        auto m = m_brokers.value(key);
        if (!m || !m->process)
            return;
        m->sinceSpawn.start();
        emit brokerSpawned(m->spec.clusterArn, m->spec.nodeId, m->process->processId());
        m->probeTimer.start();
    });
    managed->probeTimer.setSingleShot(true);
    managed->probeTimer.setInterval(kProbeIntervalMs);
    managed->probeTimer.disconnect(this);
    connect(&managed->probeTimer, &QTimer::timeout, this, [this, key] { probe(key); });
    managed->healthFailures = 0;
    managed->killReason.clear();
    managed->healthTimer.setSingleShot(true);
    managed->healthTimer.setInterval(kHealthIntervalMs);
    managed->healthTimer.disconnect(this);
    connect(&managed->healthTimer, &QTimer::timeout, this, [this, key] { checkHealth(key); });
    managed->killTimer.setSingleShot(true);
    managed->killTimer.disconnect(this);
    connect(&managed->killTimer, &QTimer::timeout, this, [this, key] {
        auto m = m_brokers.value(key);
        if (m && m->process && m->process->state() != QProcess::NotRunning)
            m->process->kill();
    });
    process->start();
}

void Supervisor::probe(const QString &key)
{
    auto managed = m_brokers.value(key);
    if (!managed || !managed->process || managed->stopping || managed->ready)
        return;
    if (managed->sinceSpawn.elapsed() > kReadyTimeoutMs) {
        const BrokerSpec spec = managed->spec;
        managed->stopping = true; // the exit that follows is not a death to heal
        managed->process->kill();
        emit brokerStartFailed(
            spec.clusterArn,
            spec.nodeId,
            QStringLiteral("it did not answer ApiVersions on port %1 within %2 s")
                .arg(probePortOf(spec))
                .arg(kReadyTimeoutMs / 1000));
        return;
    }
    auto *probe = new KafkaProbe(probePortOf(managed->spec), kProbeTimeoutMs, this);
    probe->setTls(managed->spec.probeTls);
    managed->probe = probe;
    connect(probe, &KafkaProbe::finished, this, [this, key, probe](bool ready, const QString &) {
        probe->deleteLater();
        auto m = m_brokers.value(key);
        if (!m || !m->process || m->stopping || m->ready
            || m->process->state() != QProcess::Running)
            return;
        if (ready) {
            m->ready = true;
            m->healthTimer.start();
            emit brokerReady(m->spec.clusterArn, m->spec.nodeId, m->process->processId());
        } else {
            m->probeTimer.start();
        }
    });
    probe->start();
}

void Supervisor::checkHealth(const QString &key)
{
    auto managed = m_brokers.value(key);
    if (!managed || !managed->process || managed->stopping || !managed->ready
        || managed->process->state() != QProcess::Running)
        return;
    auto *probe = new KafkaProbe(probePortOf(managed->spec), kHealthIntervalMs, this);
    probe->setTls(managed->spec.probeTls);
    connect(probe, &KafkaProbe::finished, this, [this, key, probe](bool ready, const QString &why) {
        probe->deleteLater();
        auto m = m_brokers.value(key);
        if (!m || !m->process || m->stopping || m->process->state() != QProcess::Running)
            return;
        m->healthFailures = ready ? 0 : m->healthFailures + 1;
        if (m->healthFailures < kHealthFailures) {
            m->healthTimer.start();
            return;
        }
        // Hung (stopped, deadlocked, or its port taken away): replace it.
        m->killReason = QStringLiteral("it stopped answering ApiVersions on port %1 (%2), so the "
                                       "agent killed it")
                            .arg(probePortOf(m->spec))
                            .arg(why);
        m->process->kill();
    });
    probe->start();
}

void Supervisor::onFinished(const QString &key, int exitCode, QProcess::ExitStatus status)
{
    auto managed = m_brokers.value(key);
    if (!managed)
        return;
    managed->probeTimer.stop();
    managed->killTimer.stop();
    managed->healthTimer.stop();
    const BrokerSpec spec = managed->spec;
    const bool wasReady = managed->ready;
    const bool stopping = managed->stopping;
    // Keep the QProcess alive until we return from its signal.
    if (managed->process)
        managed->process.release()->deleteLater();
    if (stopping) {
        emit brokerStopped(spec.clusterArn, spec.nodeId);
        return;
    }
    const QString reason = !managed->killReason.isEmpty() ? managed->killReason
                           : status == QProcess::CrashExit
                               ? QStringLiteral("the process was killed by a signal")
                               : QStringLiteral("the process exited with code %1").arg(exitCode);
    if (wasReady)
        emit brokerDied(spec.clusterArn, spec.nodeId, reason);
    else
        emit brokerStartFailed(
            spec.clusterArn,
            spec.nodeId,
            reason + QStringLiteral(" before answering (see %1)").arg(logPath(spec.brokerDir)));
}

void Supervisor::onErrorOccurred(const QString &key, QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes arrive through finished()
    auto managed = m_brokers.value(key);
    if (!managed)
        return;
    const BrokerSpec spec = managed->spec;
    const QString reason
        = QStringLiteral("runneld could not be started from %1: %2")
              .arg(m_runneldPath, managed->process ? managed->process->errorString() : QString());
    if (managed->process)
        managed->process.release()->deleteLater();
    // QProcess may report this from inside start(); callers expect signals later.
    QTimer::singleShot(0, this, [this, spec, reason] {
        emit brokerStartFailed(spec.clusterArn, spec.nodeId, reason);
    });
}

void Supervisor::stopBroker(const QString &clusterArn, BrokerId nodeId)
{
    const QString key = keyOf(clusterArn, nodeId);
    auto managed = m_brokers.value(key);
    if (!managed || !managed->process || managed->process->state() == QProcess::NotRunning) {
        QTimer::singleShot(
            0, this, [this, clusterArn, nodeId] { emit brokerStopped(clusterArn, nodeId); });
        return;
    }
    if (managed->stopping)
        return;
    managed->stopping = true;
    managed->probeTimer.stop();
    managed->healthTimer.stop();
    managed->process->terminate();
    managed->killTimer.start(kStopTimeoutMs);
}

void Supervisor::forget(const QString &clusterArn, BrokerId nodeId)
{
    if (!isRunning(clusterArn, nodeId))
        m_brokers.remove(keyOf(clusterArn, nodeId));
}

bool Supervisor::isRunning(const QString &clusterArn, BrokerId nodeId) const
{
    auto managed = m_brokers.value(keyOf(clusterArn, nodeId));
    return managed && managed->process && managed->process->state() != QProcess::NotRunning;
}

int Supervisor::runningCount() const
{
    int n = 0;
    for (const auto &managed : m_brokers) {
        if (managed->process && managed->process->state() != QProcess::NotRunning)
            ++n;
    }
    return n;
}

qint64 Supervisor::pid(const QString &clusterArn, BrokerId nodeId) const
{
    auto managed = m_brokers.value(keyOf(clusterArn, nodeId));
    return managed && managed->process ? managed->process->processId() : 0;
}

} // namespace runnel::control
