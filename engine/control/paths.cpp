#include "engine/control/paths.h"

#include <QDir>
#include <QFileInfo>

#include <sys/stat.h>
#include <unistd.h>

namespace runnel::control {

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

QString firstExecutable(const QStringList &candidates)
{
    for (const QString &path : candidates) {
        const QFileInfo info(path);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    return {};
}

} // namespace

QString agentSocketPath()
{
    if (const QString path = env("RUNNEL_AGENT_SOCKET"); !path.isEmpty())
        return path;
    if (const QString runtime = env("XDG_RUNTIME_DIR"); !runtime.isEmpty())
        return runtime + QStringLiteral("/runnel/agent.sock");
    return QStringLiteral("/tmp/runnel-%1/agent.sock").arg(::getuid());
}

QString dataRoot()
{
    for (const char *name : {"RUNNEL_DATA_DIR", "RUNNEL_HOME"}) {
        if (const QString path = env(name); !path.isEmpty())
            return QDir::cleanPath(QDir(path).absolutePath());
    }
    QString base = env("XDG_DATA_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/runnel");
}

QString findRunneld(const QString &executableDir)
{
    if (const QString path = env("RUNNEL_RUNNELD"); !path.isEmpty())
        return path;
    return firstExecutable({executableDir + QStringLiteral("/runneld"),
                            executableDir + QStringLiteral("/../runneld/runneld")});
}

QString findAgent(const QString &executableDir)
{
    if (const QString path = env("RUNNEL_AGENT"); !path.isEmpty())
        return path;
    return firstExecutable({executableDir + QStringLiteral("/runnel-agent"),
                            executableDir + QStringLiteral("/../runnel-agent/runnel-agent")});
}

ControlStatus ensurePrivateDir(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return ControlError::internal(
            QStringLiteral("Could not create the directory %1.").arg(dir));
    if (::chmod(QFile::encodeName(dir).constData(), S_IRWXU) != 0)
        return ControlError::internal(
            QStringLiteral("Could not make the directory %1 private to its owner.").arg(dir));
    return Done{};
}

} // namespace runnel::control
