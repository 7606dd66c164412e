#include "runneldprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

RunneldProcess::RunneldProcess() = default;

RunneldProcess::~RunneldProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString RunneldProcess::start()
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return QStringLiteral("no free port");
        m_port = probe.serverPort();
    }
    const QString props = m_dir.filePath(QStringLiteral("server.properties"));
    QFile file(props);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1").arg(props);
    file.write(QStringLiteral("node.id=1\nlisteners=PLAINTEXT://127.0.0.1:%1\nlog.dirs=%2\n"
                              "group.initial.rebalance.delay.ms=0\n")
                   .arg(m_port)
                   .arg(m_dir.filePath(QStringLiteral("data")))
                   .toUtf8());
    file.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("runneld.log")));
    m_process.start(QStringLiteral(RUNNELD_PATH), {props});
    if (!m_process.waitForStarted(10000))
        return QStringLiteral("runneld did not start: %1").arg(m_process.errorString());
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning)
            return QStringLiteral("runneld exited: %1").arg(log());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(200))
            return {};
        QThread::msleep(50);
    }
    return QStringLiteral("runneld did not listen in time: %1").arg(log());
}

QString RunneldProcess::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("runneld.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(4000))
                                          : QString();
}
