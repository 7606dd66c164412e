#pragma once

// OperationProgress: follows one cluster operation (ListClusterOperations, polled every
// half second through AgentService, never blocking) and shows its steps, a progress bar
// and its outcome. Emits finished() once the operation is UPDATE_COMPLETE or
// UPDATE_FAILED. GUI thread.

#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;
class QTableView;
class QTimer;

namespace runnel::ui {

class AgentService;
class OperationStepModel;

class OperationProgress : public QWidget
{
    Q_OBJECT

public:
    OperationProgress(AgentService *agent, QWidget *parent = nullptr);

    void follow(const QString &clusterArn, const QString &operationArn);
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_succeeded; }
    QString operationState() const { return m_state; }
    OperationStepModel *stepModel() const { return m_steps; }

signals:
    void finished(bool succeeded, const QString &error);

private:
    void poll();

    AgentService *m_agent;
    OperationStepModel *m_steps;
    QLabel *m_title;
    QLabel *m_status;
    QProgressBar *m_bar;
    QTableView *m_table;
    QTimer *m_timer;
    QString m_clusterArn, m_operationArn, m_state;
    bool m_inFlight = false;
    bool m_finished = false;
    bool m_succeeded = false;
};

} // namespace runnel::ui
