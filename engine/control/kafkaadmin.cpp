#include "engine/control/kafkaadmin.h"

#include "engine/protocol/headers.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QtEndian>

namespace runnel::control {

QSslConfiguration AdminTls::sslConfiguration(QString *error) const
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    conf.setCaCertificates(QSslCertificate::fromPath(caFile));
    QFile keystore(keystoreFile);
    if (!keystore.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(keystoreFile, keystore.errorString());
        return conf;
    }
    const QByteArray pem = keystore.readAll();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(pem, QSsl::Pem);
    const QSslKey key(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (chain.isEmpty() || key.isNull()) {
        if (error)
            *error = QStringLiteral("%1 holds no PEM key and certificate").arg(keystoreFile);
        return conf;
    }
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    return conf;
}

KafkaAdminCall::KafkaAdminCall(quint16 port,
                               AdminTls tls,
                               protocol::ApiKey key,
                               int16_t version,
                               QByteArray body,
                               int timeoutMs,
                               QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_tls(std::move(tls))
    , m_key(key)
    , m_version(version)
    , m_body(std::move(body))
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(false, {}, QStringLiteral("no answer within %1 ms").arg(m_timeout.interval()));
    });
    connect(&m_socket, &QSslSocket::encrypted, this, &KafkaAdminCall::onEncrypted);
    connect(&m_socket, &QSslSocket::readyRead, this, &KafkaAdminCall::onReadyRead);
    connect(&m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        finish(false, {}, m_socket.errorString());
    });
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        finish(false, {}, QStringLiteral("TLS: ") + texts.join(QStringLiteral("; ")));
    });
}

void KafkaAdminCall::start()
{
    m_timeout.start();
    if (!m_tls.isSet()) {
        // A cluster without TLS: the broker's PLAINTEXT listener on loopback.
        connect(&m_socket, &QSslSocket::connected, this, &KafkaAdminCall::onEncrypted);
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        return;
    }
    QString error;
    const QSslConfiguration conf = m_tls.sslConfiguration(&error);
    if (!error.isEmpty()) {
        QTimer::singleShot(0, this, [this, error] { finish(false, {}, error); });
        return;
    }
    m_socket.setSslConfiguration(conf);
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port, AdminTls::peerName());
}

void KafkaAdminCall::onEncrypted()
{
    protocol::RequestHeader header;
    header.requestApiKey = static_cast<int16_t>(m_key);
    header.requestApiVersion = m_version;
    header.correlationId = kCorrelationId;
    header.clientId = std::string("runnel-agent");
    runnel::Bytes out;
    runnel::ByteWriter w(out);
    header.encode(w, protocol::requestHeaderVersion(m_key, m_version));
    QByteArray payload(reinterpret_cast<const char *>(out.data()),
                       static_cast<qsizetype>(out.size()));
    payload += m_body;
    QByteArray frame(4, '\0');
    qToBigEndian(static_cast<qint32>(payload.size()), frame.data());
    m_socket.write(frame + payload);
}

void KafkaAdminCall::onReadyRead()
{
    m_buffer.append(m_socket.readAll());
    if (m_buffer.size() < 4)
        return;
    const qint32 size = qFromBigEndian<qint32>(m_buffer.constData());
    if (size < 4 || size > 64 << 20) {
        finish(false, {}, QStringLiteral("malformed answer"));
        return;
    }
    if (m_buffer.size() < 4 + size)
        return;
    const QByteArray payload = m_buffer.mid(4, size);
    runnel::ByteReader r(runnel::ByteSpan(reinterpret_cast<const uint8_t *>(payload.constData()),
                                          static_cast<size_t>(payload.size())));
    protocol::ResponseHeader header;
    if (!header.decode(r, protocol::responseHeaderVersion(m_key, m_version)) || !r.ok()) {
        finish(false, {}, QStringLiteral("malformed response header"));
        return;
    }
    if (header.correlationId != kCorrelationId) {
        finish(false, {}, QStringLiteral("answer with a wrong correlation id"));
        return;
    }
    finish(true, payload.mid(static_cast<qsizetype>(r.position())), QString());
}

void KafkaAdminCall::finish(bool ok, const QByteArray &body, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_socket.abort();
    emit finished(ok, body, error);
}

} // namespace runnel::control
