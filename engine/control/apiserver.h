#pragma once

// ApiServer listens on the agent's local socket and turns each request line into an
// Agent::handle() call. Framing: one compact JSON object per line, both ways:
//
//   -> {"op": "CreateClusterV2", "params": {"ClusterName": "demo"}}\n
//   <- {"ok": true, "result": {...}}\n   or   {"ok": false, "error": {"code", "message"}}\n
//
// The socket file is created user-only (0600 in a 0700 directory) and each connection's
// peer uid (SO_PEERCRED) must be ours; it is the audit log's caller. Owned by
// runnel-agent's main(), on the main thread.

#include "engine/control/result.h"

#include <QLocalServer>
#include <QObject>
#include <QString>

namespace runnel::control {

class Agent;

class ApiServer : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxRequestBytes = 1 << 20;

    ApiServer(Agent *agent, QObject *parent = nullptr);
    ~ApiServer() override;

    // Fails if another agent already answers on `path`; removes a stale socket file.
    ControlStatus listen(const QString &path);
    void close();
    QString path() const { return m_path; }

private:
    void onNewConnection();

    Agent *m_agent;
    QLocalServer m_server;
    QString m_path;
};

} // namespace runnel::control
