#include "engine/control/apiserver.h"

#include "engine/control/agent.h"
#include "engine/control/paths.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QPointer>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runnel::control {

namespace {

// The peer's uid, or -1 if the kernel does not tell.
qint64 peerUid(QLocalSocket *socket)
{
    struct ucred cred = {};
    socklen_t len = sizeof(cred);
    if (::getsockopt(
            static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &len)
        != 0)
        return -1;
    return cred.uid;
}

QByteArray errorLine(const QString &code, const QString &message)
{
    const QJsonObject reply{
        {QStringLiteral("ok"), false},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    return QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

ApiServer::ApiServer(Agent *agent, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &ApiServer::onNewConnection);
}

ApiServer::~ApiServer()
{
    close();
}

ControlStatus ApiServer::listen(const QString &path)
{
    if (auto s = ensurePrivateDir(QFileInfo(path).absolutePath()); !s)
        return s;
    if (QFileInfo::exists(path)) {
        QLocalSocket probe;
        probe.connectToServer(path);
        if (probe.waitForConnected(500))
            return ControlError::conflict(
                QStringLiteral("Another runnel-agent already answers on %1.").arg(path));
        QLocalServer::removeServer(path); // stale: its agent is gone
    }
    if (!m_server.listen(path))
        return ControlError::internal(
            QStringLiteral("Could not listen on %1: %2.").arg(path, m_server.errorString()));
    ::chmod(QFile::encodeName(path).constData(), S_IRUSR | S_IWUSR);
    m_path = path;
    return Done{};
}

void ApiServer::close()
{
    if (m_server.isListening()) {
        m_server.close();
        QLocalServer::removeServer(m_path);
    }
}

void ApiServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        const qint64 uid = peerUid(socket);
        if (uid != static_cast<qint64>(::getuid())) {
            socket->write(
                errorLine(QStringLiteral("ForbiddenException"),
                          QStringLiteral("Only the user who runs the agent may use it.")));
            socket->disconnectFromServer();
            continue;
        }
        const QString caller = QStringLiteral("uid:%1").arg(uid);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket, caller] {
            while (socket->canReadLine()) {
                const QByteArray line = socket->readLine().trimmed();
                if (line.isEmpty())
                    continue;
                QJsonParseError parseError;
                const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
                if (!doc.isObject()) {
                    socket->write(errorLine(QStringLiteral("BadRequestException"),
                                            QStringLiteral("The request is not a JSON object: %1.")
                                                .arg(parseError.errorString())));
                    continue;
                }
                const QJsonObject request = doc.object();
                m_agent->handleAsync(
                    request.value(QStringLiteral("op")).toString(),
                    request.value(QStringLiteral("params")).toObject(),
                    caller,
                    [socket = QPointer<QLocalSocket>(socket)](const QJsonObject &reply) {
                        if (socket)
                            socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact)
                                          + '\n');
                    });
            }
            if (socket->bytesAvailable() > kMaxRequestBytes) {
                socket->write(errorLine(QStringLiteral("BadRequestException"),
                                        QStringLiteral("The request is larger than 1 MiB.")));
                socket->disconnectFromServer();
            }
        });
    }
}

} // namespace runnel::control
