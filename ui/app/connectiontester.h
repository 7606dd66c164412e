#pragma once

// testConnection: a real Kafka request to an external cluster — librdkafka's Metadata
// with a timeout, on a worker thread (QtConcurrent) — so the console can say whether the
// bootstrap address, security settings and credentials work before saving them. The
// future's result is read on the GUI thread through a QFutureWatcher.

#include "ui/kafka/connectionsettings.h"

#include <QFuture>
#include <QList>
#include <QString>

namespace runnel::ui {

struct ConnectionTestResult
{
    bool ok = false;
    QString message;   // a sentence: what was found, or what failed and what to check
    QString clusterId; // when the cluster reports one
    struct Broker
    {
        int id = 0;
        QString host;
        int port = 0;
    };
    QList<Broker> brokers;
    int topicCount = 0;
};

QFuture<ConnectionTestResult> testConnection(const ConnectionSettings &settings,
                                             int timeoutMs = 8000);

// The same request, blocking; for worker threads only.
ConnectionTestResult testConnectionBlocking(const ConnectionSettings &settings, int timeoutMs);

} // namespace runnel::ui
