#pragma once

// UpdateBrokersDialog: the cluster page's two MSK broker actions. "Update storage"
// (UpdateBrokerStorage: the EBS volume size of every broker, which only grows) and "Broker
// count" (UpdateBrokerCount: more brokers, or fewer: the added brokers with the highest ids
// leave once their partitions have moved). The dialog shows the current value and, for a
// lower count, which brokers will be removed; refuses what the agent would refuse before
// asking (shrinking storage, the same size or count, fewer brokers than the quorum's
// voters) with an inline sentence, shows the agent's own sentence when it refuses, and
// follows the started operation's progress (OperationProgress). Every call through
// AgentService; GUI thread.

#include <QDialog>

class QJsonArray;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace runnel::ui {

class AgentService;
class OperationProgress;

class UpdateBrokersDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Storage, BrokerCount };

    // `current`: the volume size per broker in MiB (Storage) or the broker count.
    UpdateBrokersDialog(Kind kind,
                        AgentService *agent,
                        const QString &clusterArn,
                        const QString &clusterName,
                        qint64 current,
                        QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }
    QLineEdit *targetField() const { return m_target; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *applyButton() const { return m_apply; }
    OperationProgress *progress() const { return m_progress; }
    QLabel *planLabel() const { return m_plan; }
    // BrokerCount: ListNodes' NodeInfoList, for the roles (QuorumRole VOTER or OBSERVER)
    // that decide which brokers a lower count removes.
    void setNodes(const QJsonArray &nodeInfoList);
    // The brokers a lower count `target` removes, highest id first (empty when unknown).
    QList<int> removedFor(int target) const;
    // The inline sentence for the typed target; empty when it can be sent.
    QString validate() const;

public slots:
    void apply();

signals:
    void operationStarted(const QString &operationArn);
    // The agent refused; `sentence` is its own, shown as is.
    void refused(const QString &sentence);

private:
    void recheck();
    void updatePlan();

    Kind m_kind;
    AgentService *m_agent;
    QString m_clusterArn;
    qint64 m_current;
    QLineEdit *m_target;
    QLabel *m_error;
    QLabel *m_plan;
    QList<int> m_voters; // BrokerCount: the quorum's voters (brokers the cluster began with)
    QList<int> m_added;  // BrokerCount: broker-only members, highest id first
    QPushButton *m_apply;
    QStackedWidget *m_stack;
    OperationProgress *m_progress;
};

} // namespace runnel::ui
