#pragma once

// Where the agent and its clients find things: the control socket, the data root
// (catalog, clusters, logs) and the runneld binary. Pure functions of the environment;
// runnel-agent, runnelctl and the tests all resolve paths here so they agree.
//
//   socket   RUNNEL_AGENT_SOCKET, else $XDG_RUNTIME_DIR/runnel/agent.sock,
//            else /tmp/runnel-<uid>/agent.sock (directory created with mode 0700)
//   data     RUNNEL_DATA_DIR, else RUNNEL_HOME, else $XDG_DATA_HOME/runnel
//            (~/.local/share/runnel)
//   runneld  RUNNEL_RUNNELD, else next to the calling executable, else the build
//            tree's ../runneld/runneld

#include "engine/control/result.h"

#include <QString>

namespace runnel::control {

QString agentSocketPath();
QString dataRoot();
QString findRunneld(const QString &executableDir);
QString findAgent(const QString &executableDir);

// Creates `dir` (and parents) and sets it to mode 0700.
ControlStatus ensurePrivateDir(const QString &dir);

} // namespace runnel::control
