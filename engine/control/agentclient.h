#pragma once

// AgentClient is the CLI side of the control API: one blocking request/response over
// the agent's local socket, and starting the agent when its socket is absent. Meant for
// runnelctl and scripts, which have nothing else to do while they wait; the console uses
// its own worker thread. Each call is bounded in time.

#include "engine/control/result.h"

#include <QJsonObject>
#include <QString>

namespace runnel::control {

class AgentClient
{
public:
    explicit AgentClient(QString socketPath);

    // Sends {"op", "params"}; the result object, or the agent's error, or a connection
    // error with code "AgentUnavailable".
    ControlResult<QJsonObject>
    call(const QString &operation, const QJsonObject &params, int timeoutMs = 30000) const;

    bool agentAnswers() const;

    // If no agent answers, starts `agentPath` (it daemonizes) and waits up to timeoutMs
    // for its socket.
    ControlStatus ensureAgent(const QString &agentPath, int timeoutMs = 15000) const;

    QString socketPath() const { return m_socketPath; }

private:
    QString m_socketPath;
};

} // namespace runnel::control
