// runnel-agent: the control plane daemon. Parses arguments, daemonizes unless
// --foreground, and runs runnel::control::Agent behind its local socket until SIGTERM
// or SIGINT, when it stops every broker cleanly (clusters stay ACTIVE in the catalog
// and come back at the next start).

#include "engine/control/agent.h"
#include "engine/control/apiserver.h"
#include "engine/control/paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QLockFile>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace runnel::control;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &byte, 1);
}

void usage()
{
    std::fputs("Usage: runnel-agent [--foreground]\n"
               "Runs the Runnel control plane for this user. Without --foreground it moves to\n"
               "the background once its socket is open and logs to DATA/agent.log.\n"
               "Environment: RUNNEL_AGENT_SOCKET (socket path), RUNNEL_DATA_DIR or RUNNEL_HOME\n"
               "(data root), RUNNEL_RUNNELD (broker binary), RUNNEL_PORT_BASE (first port, 9092),\n"
               "RUNNEL_METRICS_PORT_BASE (first metrics port, 11001), RUNNEL_METRICS_INTERVAL_MS\n"
               "(metrics sampling interval, 5000).\n",
               stdout);
}

// Forks twice; the original process waits until the daemon reports that it listens
// (one byte on the pipe) and exits 0, or exits 1 if the daemon gave up. Returns the
// pipe's write end in the daemon.
int daemonize(const QString &logPath)
{
    int ready[2];
    if (::pipe(ready) != 0) {
        std::perror("runnel-agent: pipe");
        std::exit(1);
    }
    const pid_t first = ::fork();
    if (first < 0) {
        std::perror("runnel-agent: fork");
        std::exit(1);
    }
    if (first > 0) {
        ::close(ready[1]);
        char byte = 0;
        // '1': listening; '3': another agent runs (runnelctl then waits for it).
        const ssize_t n = ::read(ready[0], &byte, 1);
        std::_Exit(n != 1 ? 1 : byte == '1' ? 0 : byte == '3' ? 3 : 1);
    }
    ::close(ready[0]);
    ::fcntl(ready[1], F_SETFD, FD_CLOEXEC); // brokers must not hold it open
    ::setsid();
    if (::fork() > 0)
        std::_Exit(0);
    const int devNull = ::open("/dev/null", O_RDONLY);
    const int log = ::open(logPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (devNull >= 0)
        ::dup2(devNull, STDIN_FILENO);
    if (log >= 0) {
        ::dup2(log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
    }
    return ready[1];
}

// Tells the waiting first process how the start went (no-op in the foreground).
void reportStart(int readyFd, int rc)
{
    if (readyFd < 0)
        return;
    const char byte = rc == 0 ? '1' : rc == 3 ? '3' : '0';
    [[maybe_unused]] const auto n = ::write(readyFd, &byte, 1);
    ::close(readyFd);
}

} // namespace

int main(int argc, char **argv)
{
    bool foreground = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--foreground") == 0) {
            foreground = true;
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else {
            std::fprintf(
                stderr, "runnel-agent: unknown argument %s; see runnel-agent --help.\n", argv[i]);
            return 2;
        }
    }

    const QString root = dataRoot();
    if (auto s = ensurePrivateDir(root); !s) {
        std::fprintf(stderr, "runnel-agent: %s\n", qPrintable(s.error().message));
        return 1;
    }
    const int readyFd = foreground ? -1 : daemonize(root + QStringLiteral("/agent.log"));

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("runnel-agent"));

    QLockFile lock(root + QStringLiteral("/agent.lock"));
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString host, appName;
        lock.getLockInfo(&pid, &host, &appName);
        std::fprintf(stderr,
                     "runnel-agent: another agent (pid %lld) already runs for %s.\n",
                     static_cast<long long>(pid),
                     qPrintable(root));
        reportStart(readyFd, 3);
        return 3;
    }

    quint16 metricsBasePort = 11001;
    if (const QString base = qEnvironmentVariable("RUNNEL_METRICS_PORT_BASE"); !base.isEmpty()) {
        bool ok = false;
        metricsBasePort = base.toUShort(&ok);
        if (!ok || metricsBasePort == 0) {
            std::fprintf(stderr, "runnel-agent: RUNNEL_METRICS_PORT_BASE must be a port number.\n");
            reportStart(readyFd, 2);
            return 2;
        }
    }
    quint16 basePort = 9092;
    if (const QString base = qEnvironmentVariable("RUNNEL_PORT_BASE"); !base.isEmpty()) {
        bool ok = false;
        basePort = base.toUShort(&ok);
        if (!ok || basePort == 0) {
            std::fprintf(stderr, "runnel-agent: RUNNEL_PORT_BASE must be a port number.\n");
            return 2;
        }
    }
    Agent agent(Agent::Options{
        root, findRunneld(QCoreApplication::applicationDirPath()), basePort, metricsBasePort});
    if (auto s = agent.start(); !s) {
        std::fprintf(stderr, "runnel-agent: %s\n", qPrintable(s.error().message));
        return 1;
    }
    ApiServer server(&agent);
    const QString socketPath = agentSocketPath();
    if (auto s = server.listen(socketPath); !s) {
        std::fprintf(stderr, "runnel-agent: %s\n", qPrintable(s.error().message));
        const int rc = s.error().code == QLatin1String("ConflictException") ? 3 : 1;
        reportStart(readyFd, rc);
        return rc;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalFds) != 0) {
        std::perror("runnel-agent: socketpair");
        return 1;
    }
    QSocketNotifier notifier(g_signalFds[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(g_signalFds[1], &byte, 1);
        notifier.setEnabled(false);
        std::fprintf(stderr, "runnel-agent: stopping brokers and exiting.\n");
        server.close();
        agent.shutdown();
    });
    QObject::connect(&agent, &Agent::shutDown, &app, &QCoreApplication::quit);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    ::sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGHUP, SIG_IGN);
    ::signal(SIGPIPE, SIG_IGN);

    std::fprintf(stderr,
                 "runnel-agent: pid %lld listening on %s, data in %s, runneld %s\n",
                 static_cast<long long>(::getpid()),
                 qPrintable(socketPath),
                 qPrintable(root),
                 qPrintable(findRunneld(QCoreApplication::applicationDirPath())));
    reportStart(readyFd, 0);
    const int rc = app.exec();
    std::fprintf(stderr, "runnel-agent: stopped.\n");
    return rc;
}
