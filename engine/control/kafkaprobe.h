#pragma once

// KafkaProbe asks a broker for its API versions, the cheapest request every Kafka
// broker answers, to tell "process started" from "broker serving". Created by the
// Supervisor for one attempt, on the agent's thread; emits finished() exactly once
// (answer, connection error or timeout) and is then deleted by its owner.
//
// Request (ApiVersions v0, classic header v1):
//
//   +---------+--------+---------+----------------+-----------+-----------+
//   | size    | key=18 | ver=0   | correlation id | client id | client id |
//   | int32   | int16  | int16   | int32          | len int16 | bytes     |
//   +---------+--------+---------+----------------+-----------+-----------+
//
// Response: size int32, correlation id int32, error code int16, ... ; ready means the
// correlation id matches and the error code is 0.

#include "engine/control/kafkaadmin.h"

#include <QByteArray>
#include <QObject>
#include <QSslSocket>
#include <QTimer>

namespace runnel::control {

class KafkaProbe : public QObject
{
    Q_OBJECT
public:
    KafkaProbe(quint16 port, int timeoutMs, QObject *parent = nullptr);
    // Asks over TLS with the agent's certificate instead (a cluster with TLS has no
    // plaintext port the agent may rely on); call before start().
    void setTls(const AdminTls &tls) { m_tls = tls; }
    void start();

    static QByteArray apiVersionsRequest(qint32 correlationId);

signals:
    void finished(bool ready, const QString &detail);

private:
    void onConnected();
    void onReadyRead();
    void finish(bool ready, const QString &detail);

    quint16 m_port;
    AdminTls m_tls;
    QSslSocket m_socket;
    QTimer m_timeout;
    QByteArray m_buffer;
    bool m_done = false;
    static constexpr qint32 kCorrelationId = 0x52554e4e; // "RUNN"
};

} // namespace runnel::control
