#include "ui/agent/agentservice.h"

#include "engine/control/agentclient.h"

#include <QMetaObject>

namespace runnel::ui {

AgentService::AgentService(QString socketPath, QString agentPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
    , m_agentPath(std::move(agentPath))
{
    // A few calls at once (a slow metric query must not hold up a cluster list), no more.
    m_pool.setMaxThreadCount(4);
}

AgentService::~AgentService()
{
    m_pool.waitForDone();
}

void AgentService::call(const QString &operation,
                        const QJsonObject &params,
                        QObject *context,
                        Callback done,
                        int timeoutMs)
{
    QPointer<AgentService> self(this);
    QPointer<QObject> guard(context);
    m_pool.start([self,
                  guard,
                  done = std::move(done),
                  operation,
                  params,
                  timeoutMs,
                  socket = m_socketPath]() mutable {
        const control::AgentClient client(socket);
        const auto result = client.call(operation, params, timeoutMs);
        AgentReply reply;
        if (result) {
            reply.ok = true;
            reply.result = result.value();
        } else {
            reply.code = result.error().code;
            reply.message = result.error().message;
        }
        if (self)
            self->deliver(guard.data(), std::move(done), std::move(reply));
    });
}

void AgentService::ensureAgent(QObject *context, Callback done)
{
    QPointer<AgentService> self(this);
    QPointer<QObject> guard(context);
    m_pool.start([self,
                  guard,
                  done = std::move(done),
                  socket = m_socketPath,
                  agent = m_agentPath]() mutable {
        const control::AgentClient client(socket);
        const auto status = client.ensureAgent(agent);
        AgentReply reply;
        reply.ok = status.ok();
        if (!status) {
            reply.code = status.error().code;
            reply.message = status.error().message;
        }
        if (self)
            self->deliver(guard.data(), std::move(done), std::move(reply));
    });
}

void AgentService::waitForIdle()
{
    m_pool.waitForDone();
}

void AgentService::deliver(QObject *context, Callback done, AgentReply reply)
{
    const bool available = reply.ok || reply.code != QLatin1String("AgentUnavailable");
    QPointer<AgentService> self(this);
    QMetaObject::invokeMethod(
        this,
        [self, available] {
            if (!self || (self->m_knownAvailability && self->m_available == available))
                return;
            self->m_knownAvailability = true;
            self->m_available = available;
            emit self->availabilityChanged(available);
        },
        Qt::QueuedConnection);
    if (!context)
        return;
    QMetaObject::invokeMethod(
        context,
        [done = std::move(done), reply = std::move(reply)] { done(reply); },
        Qt::QueuedConnection);
}

} // namespace runnel::ui
