#include "engine/control/agentclient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QThread>

namespace runnel::control {

namespace {

ControlError unavailable(QString message)
{
    return {QStringLiteral("AgentUnavailable"), std::move(message)};
}

} // namespace

AgentClient::AgentClient(QString socketPath)
    : m_socketPath(std::move(socketPath))
{}

bool AgentClient::agentAnswers() const
{
    QLocalSocket socket;
    socket.connectToServer(m_socketPath);
    return socket.waitForConnected(1000);
}

ControlResult<QJsonObject>
AgentClient::call(const QString &operation, const QJsonObject &params, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(m_socketPath);
    if (!socket.waitForConnected(std::min(5000, timeoutMs)))
        return unavailable(QStringLiteral("The Runnel agent does not answer on %1 (%2).")
                               .arg(m_socketPath, socket.errorString()));
    const QJsonObject request{{QStringLiteral("op"), operation},
                              {QStringLiteral("params"), params}};
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    if (!socket.waitForBytesWritten(static_cast<int>(deadline.remainingTime())))
        return unavailable(QStringLiteral("Could not send the request to the agent: %1.")
                               .arg(socket.errorString()));
    QByteArray buffer;
    while (!buffer.contains('\n')) {
        if (deadline.hasExpired()
            || !socket.waitForReadyRead(static_cast<int>(deadline.remainingTime())))
            return unavailable(QStringLiteral("The agent did not answer %1 within %2 s.")
                                   .arg(operation)
                                   .arg(timeoutMs / 1000));
        buffer += socket.readAll();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(buffer.left(buffer.indexOf('\n')));
    const QJsonObject reply = doc.object();
    if (!doc.isObject() || !reply.contains(QStringLiteral("ok")))
        return unavailable(QStringLiteral("The agent sent an answer that is not valid JSON."));
    if (reply.value(QStringLiteral("ok")).toBool())
        return reply.value(QStringLiteral("result")).toObject();
    const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
    return ControlError{error.value(QStringLiteral("code")).toString(),
                        error.value(QStringLiteral("message")).toString()};
}

ControlStatus AgentClient::ensureAgent(const QString &agentPath, int timeoutMs) const
{
    if (agentAnswers())
        return Done{};
    if (agentPath.isEmpty())
        return unavailable(QStringLiteral("The Runnel agent is not running and runnel-agent was "
                                          "not found next to runnelctl (set RUNNEL_AGENT)."));
    QProcess agent;
    agent.setProgram(agentPath);
    agent.setStandardInputFile(QProcess::nullDevice());
    agent.setStandardOutputFile(QProcess::nullDevice());
    // The agent forks into the background and its first process exits once it has;
    // its errors before that reach our stderr.
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start();
    if (!agent.waitForStarted(5000))
        return unavailable(QStringLiteral("Could not start the Runnel agent %1: %2.")
                               .arg(agentPath, agent.errorString()));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        // Exit code 3: another agent won the race to start; wait for its socket.
        if (agent.state() == QProcess::NotRunning && agent.exitCode() != 0 && agent.exitCode() != 3)
            return unavailable(QStringLiteral("The Runnel agent could not start (exit code %1).")
                                   .arg(agent.exitCode()));
        if (agentAnswers())
            return Done{};
        if (agent.state() == QProcess::NotRunning)
            QThread::msleep(100);
        else
            agent.waitForFinished(100);
    }
    return unavailable(QStringLiteral("The Runnel agent did not open %1 within %2 s.")
                           .arg(m_socketPath)
                           .arg(timeoutMs / 1000));
}

} // namespace runnel::control
