#include "engine/control/kafkaprobe.h"

#include <QHostAddress>
#include <QtEndian>

namespace runnel::control {

KafkaProbe::KafkaProbe(quint16 port, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_port(port)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(false, QStringLiteral("no ApiVersions answer in time"));
    });
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        if (!m_tls.isSet())
            onConnected();
    });
    connect(&m_socket, &QSslSocket::encrypted, this, &KafkaProbe::onConnected);
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        finish(false,
               QStringLiteral("TLS: %1").arg(errors.isEmpty() ? QString()
                                                              : errors.first().errorString()));
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, &KafkaProbe::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        finish(false, m_socket.errorString());
    });
}

void KafkaProbe::start()
{
    m_timeout.start();
    if (m_tls.isSet()) {
        QString error;
        m_socket.setSslConfiguration(m_tls.sslConfiguration(&error));
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port, AdminTls::peerName());
        return;
    }
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_port);
}

QByteArray KafkaProbe::apiVersionsRequest(qint32 correlationId)
{
    const QByteArray clientId = QByteArrayLiteral("runnel-agent");
    QByteArray body;
    auto put16 = [&body](qint16 v) {
        char b[2];
        qToBigEndian(v, b);
        body.append(b, 2);
    };
    auto put32 = [&body](qint32 v) {
        char b[4];
        qToBigEndian(v, b);
        body.append(b, 4);
    };
    put16(18); // ApiVersions
    put16(0);
    put32(correlationId);
    put16(static_cast<qint16>(clientId.size()));
    body.append(clientId);
    QByteArray frame(4, '\0');
    qToBigEndian(static_cast<qint32>(body.size()), frame.data());
    return frame + body;
}

void KafkaProbe::onConnected()
{
    m_socket.write(apiVersionsRequest(kCorrelationId));
}

void KafkaProbe::onReadyRead()
{
    m_buffer.append(m_socket.readAll());
    if (m_buffer.size() < 4)
        return;
    const qint32 size = qFromBigEndian<qint32>(m_buffer.constData());
    if (size < 6 || size > 1 << 20) {
        finish(false, QStringLiteral("malformed ApiVersions answer"));
        return;
    }
    if (m_buffer.size() < 4 + size)
        return;
    const qint32 correlation = qFromBigEndian<qint32>(m_buffer.constData() + 4);
    const qint16 error = qFromBigEndian<qint16>(m_buffer.constData() + 8);
    if (correlation != kCorrelationId)
        finish(false, QStringLiteral("ApiVersions answer with a wrong correlation id"));
    else if (error != 0)
        finish(false, QStringLiteral("ApiVersions answered error %1").arg(error));
    else
        finish(true, QString());
}

void KafkaProbe::finish(bool ready, const QString &detail)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_socket.abort();
    emit finished(ready, detail);
}

} // namespace runnel::control
