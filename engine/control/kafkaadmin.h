#pragma once

// KafkaAdminCall sends one Kafka request to one broker over the broker's RUNNEL_AGENT
// listener (TLS, the agent's own client certificate: principal
// User:CN=runnel-agent,O=Runnel, a super user; decision 0012), or over its PLAINTEXT
// listener when `tls` is not set (clusters without TLS), and hands back the
// response body for the caller to decode with the generated codec. Created by the
// Agent for one call, on the agent's thread; emits finished() exactly once (answer,
// TLS or connection error, or timeout) and is then deleted by its owner.
//
//   request:  size int32 | request header (v1, or v2 when flexible) | body
//   response: size int32 | response header (v0, or v1 when flexible) | body

#include "engine/protocol/messages.h"

#include <QByteArray>
#include <QObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>
#include <QTimer>

namespace runnel::control {

// How the agent reaches a broker's RUNNEL_AGENT listener: the cluster CA (to verify the
// broker, whose certificate names "localhost") and the agent's keystore (key, then
// certificate chain, PEM).
struct AdminTls
{
    QString caFile;
    QString keystoreFile;

    bool isSet() const { return !caFile.isEmpty(); }
    // TLS 1.2+, verify the broker against the CA, present the agent's certificate.
    QSslConfiguration sslConfiguration(QString *error = nullptr) const;
    static QString peerName() { return QStringLiteral("localhost"); }
};

class KafkaAdminCall : public QObject
{
    Q_OBJECT
public:
    KafkaAdminCall(quint16 port,
                   AdminTls tls,
                   protocol::ApiKey key,
                   int16_t version,
                   QByteArray body,
                   int timeoutMs,
                   QObject *parent = nullptr);
    void start();

    // One request built from a generated message at `version`.
    template<typename Request>
    static QByteArray encodeBody(const Request &request, int16_t version)
    {
        runnel::Bytes out;
        runnel::ByteWriter w(out);
        request.encode(w, version);
        return QByteArray(reinterpret_cast<const char *>(out.data()),
                          static_cast<qsizetype>(out.size()));
    }
    template<typename Response>
    static bool decodeBody(const QByteArray &body, int16_t version, Response &response)
    {
        runnel::ByteReader r(runnel::ByteSpan(reinterpret_cast<const uint8_t *>(body.constData()),
                                              static_cast<size_t>(body.size())));
        return response.decode(r, version) && r.ok();
    }

signals:
    // `body` is the response after its header when ok.
    void finished(bool ok, const QByteArray &body, const QString &error);

private:
    void onEncrypted();
    void onReadyRead();
    void finish(bool ok, const QByteArray &body, const QString &error);

    quint16 m_port;
    AdminTls m_tls;
    protocol::ApiKey m_key;
    int16_t m_version;
    QByteArray m_body;
    QSslSocket m_socket;
    QTimer m_timeout;
    QByteArray m_buffer;
    bool m_done = false;
    static constexpr int32_t kCorrelationId = 0x41444d4e; // "ADMN"
};

} // namespace runnel::control
