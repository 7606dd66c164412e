#pragma once

// AgentService is how the console talks to runnel-agent without ever blocking the GUI
// thread: each call runs on a worker thread of its own pool (one local-socket request,
// bounded in time) and its reply is delivered on the thread of a context object, which
// also guards the callback's lifetime (a closed page never gets a late reply).
//
//     agent->call(QStringLiteral("ListClustersV2"), {}, this, [this](const AgentReply &r) {
//         if (r.ok) m_model->setClusters(r.result.value("ClusterInfoList").toArray());
//         else showError(r.message);
//     });

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <functional>

namespace runnel::ui {

struct AgentReply
{
    bool ok = false;
    QJsonObject result; // the API's result object when ok
    QString code;       // MSK exception name, or "AgentUnavailable"
    QString message;    // a sentence a user can act on
};

class AgentService : public QObject
{
    Q_OBJECT

public:
    // socketPath: the agent's control socket; agentPath: the runnel-agent binary to
    // start when the socket does not answer (empty: never start one).
    AgentService(QString socketPath, QString agentPath, QObject *parent = nullptr);
    ~AgentService() override;

    using Callback = std::function<void(const AgentReply &)>;

    // Sends {op, params}; `done` runs on `context`'s thread unless context is gone.
    void call(const QString &operation,
              const QJsonObject &params,
              QObject *context,
              Callback done,
              int timeoutMs = 30000);

    // Starts the agent if its socket does not answer; `done` gets ok or the reason.
    void ensureAgent(QObject *context, Callback done);

    QString socketPath() const { return m_socketPath; }

    // Waits for calls in flight (tests and shutdown).
    void waitForIdle();

signals:
    // Emitted (on this object's thread) whenever a call finds the agent reachable or not.
    void availabilityChanged(bool available);

private:
    void deliver(QObject *context, Callback done, AgentReply reply);

    QString m_socketPath;
    QString m_agentPath;
    QThreadPool m_pool;
    bool m_available = false;
    bool m_knownAvailability = false;
};

} // namespace runnel::ui
