#pragma once

// A real runneld for a test: a fresh log directory in a temporary folder, a free
// loopback port, started as a child process and stopped with SIGTERM.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

class RunneldProcess
{
public:
    RunneldProcess();
    ~RunneldProcess();
    // Starts and waits until the port accepts connections; a sentence on failure.
    QString start();
    QString bootstrap() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
