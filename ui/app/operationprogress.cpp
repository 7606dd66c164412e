#include "ui/app/operationprogress.h"

#include "ui/agent/agentservice.h"
#include "ui/models/operationmodel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace runnel::ui {

OperationProgress::OperationProgress(AgentService *agent, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_steps(new OperationStepModel(this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_table(new QTableView(this))
    , m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar->setRange(0, 100);
    m_table->setModel(m_steps);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(OperationStepModel::StepColumn,
                                                      QHeaderView::Stretch);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_title);
    layout->addWidget(m_bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, &OperationProgress::poll);
}

void OperationProgress::follow(const QString &clusterArn, const QString &operationArn)
{
    m_clusterArn = clusterArn;
    m_operationArn = operationArn;
    m_finished = false;
    m_succeeded = false;
    m_state.clear();
    m_steps->setOperation({});
    m_bar->setValue(0);
    m_title->setText(tr("Waiting for the operation to start…"));
    m_status->clear();
    m_timer->start();
    poll();
}

void OperationProgress::poll()
{
    if (m_inFlight || m_finished)
        return;
    m_inFlight = true;
    m_agent->call(
        QStringLiteral("ListClusterOperations"),
        {{QStringLiteral("ClusterArn"), m_clusterArn}},
        this,
        [this](const AgentReply &reply) {
            m_inFlight = false;
            if (!reply.ok) {
                m_status->setText(
                    tr("Could not read the operation's progress: %1").arg(reply.message));
                return;
            }
            const QJsonArray ops
                = reply.result.value(QStringLiteral("ClusterOperationInfoList")).toArray();
            for (const QJsonValue &v : ops) {
                const QJsonObject op = v.toObject();
                if (op.value(QStringLiteral("OperationArn")).toString() != m_operationArn)
                    continue;
                m_steps->setOperation(op);
                m_state = op.value(QStringLiteral("OperationState")).toString();
                int total = 0;
                for (const auto &s : m_steps->steps())
                    total += s.status == QLatin1String("COMPLETED") ? 100 : s.progress;
                const int steps = int(m_steps->steps().size());
                m_bar->setValue(steps > 0 ? total / steps : 0);
                m_title->setText(tr("%1: %2").arg(
                    OperationModel::typeText(op.value(QStringLiteral("OperationType")).toString()),
                    OperationModel::stateText(m_state)));
                if (m_state == QLatin1String("UPDATE_COMPLETE")
                    || m_state == QLatin1String("UPDATE_FAILED")) {
                    m_finished = true;
                    m_succeeded = m_state == QLatin1String("UPDATE_COMPLETE");
                    m_timer->stop();
                    const QString error = op.value(QStringLiteral("ErrorInfo"))
                                              .toObject()
                                              .value(QStringLiteral("ErrorString"))
                                              .toString();
                    if (m_succeeded) {
                        m_bar->setValue(100);
                        m_status->setText(tr("Done."));
                    } else {
                        m_status->setText(tr("The operation failed: %1").arg(error));
                    }
                    emit finished(m_succeeded, error);
                }
                return;
            }
        },
        5000);
}

} // namespace runnel::ui
