#pragma once

// Keys for encryption at rest (docs/decisions/0014-encryption-at-rest.md), kept by the
// agent:
//
//   <data root>/keys/master.key     the master key: 32 random bytes, 0600 in a 0700 dir,
//                                   made on first use; never under a broker's data dir
//   catalog (cluster_security)      each cluster's data key, wrapped: base64 of
//                                   nonce(12) | AES-256-GCM(data key)(32) | tag(16),
//                                   authenticated with "runnel data key v1" | cluster ARN
//   <runtime dir>/keys/<id>.key     the unwrapped data key for runneld, 64 hex digits,
//                                   0600 in a 0700 dir, rewritten before every broker
//                                   start and named by runnel.log.encryption.key.file
//
// The runtime dir is the agent socket's directory ($XDG_RUNTIME_DIR/runnel, a tmpfs, or
// /tmp/runnel-<uid>), so the unwrapped key lives in memory-backed storage that a reboot
// clears. Functions only, called on the agent's thread; each does its own file I/O.

#include "engine/control/result.h"

#include <QString>

namespace runnel::control::atrestkeys {

// A new random data key for the cluster, wrapped by the master key (made if missing).
ControlResult<QString> newWrappedDataKey(const QString &dataRoot, const QString &clusterArn);

// Unwraps the cluster's data key and writes it where runneld reads it; returns the path.
// Fails with a sentence when the master key is missing or is not the one that wrapped it.
ControlResult<QString>
writeDataKeyFile(const QString &dataRoot, const QString &clusterArn, const QString &wrapped);

// Where the cluster's key file is written (whether or not it exists).
QString dataKeyFilePath(const QString &clusterArn);

} // namespace runnel::control::atrestkeys
