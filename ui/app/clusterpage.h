#pragma once

// ClusterPage: one cluster's page in the main window — a QTabWidget with Overview and
// (for a local cluster) Brokers and Security (ui/security), for an external connection
// ACLs over the Kafka protocol; other areas add their tabs (Topics, Messages, Consumer
// groups, Metrics) with addTab(). A local cluster's page polls the agent
// (DescribeClusterV2, ListNodes, ListClusterOperations) through AgentService while it is
// visible; an external connection's page tests the connection with a real Metadata
// request. Broker actions: reboot (RebootBroker), kill (fault lab: SIGKILL of the
// broker's pid, which the agent then heals), view the broker's log. Cluster actions:
// client information, update configuration, update storage and add brokers
// (UpdateBrokersDialog), delete. GUI thread.

#include "ui/app/updatebrokersdialog.h"
#include "ui/kafka/connectionsettings.h"

#include <QJsonArray>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QGroupBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class QVBoxLayout;

namespace runnel::ui {

class AgentService;
class BrokerModel;
class ConnectionStore;
class OperationModel;
class OperationProgress;

class ClusterPage : public QWidget
{
    Q_OBJECT

public:
    // A local cluster managed by the agent.
    ClusterPage(AgentService *agent,
                const QString &clusterArn,
                const QString &name,
                QWidget *parent = nullptr);
    // A saved external connection.
    ClusterPage(ConnectionStore *store,
                const ConnectionSettings &connection,
                QWidget *parent = nullptr);

    // Adds a tab after the built-in ones; returns its index. For Topics, Messages,
    // Consumer groups, Metrics and whatever comes next.
    int addTab(QWidget *page, const QString &label);
    QTabWidget *tabs() const { return m_tabs; }

    bool isExternal() const { return m_external; }
    QString key() const { return m_external ? m_connection.name : m_arn; }
    QString clusterArn() const { return m_arn; }
    QString clusterName() const { return m_name; }
    QString state() const { return m_state; }
    QStringList stateHistory() const
    {
        return m_stateHistory;
    } // each distinct state seen, in order
    // How to reach this cluster (for a local one: its plaintext bootstrap).
    ConnectionSettings connectionSettings() const;

    BrokerModel *brokerModel() const { return m_brokers; }
    OperationModel *operationModel() const { return m_operations; }

    void setPollInterval(int ms);
    void refresh();

    // Fault lab without the confirmation: SIGKILL broker `id`'s process. False and a
    // sentence when there is no such running broker.
    bool killBroker(int id, QString *error = nullptr);
    void rebootBroker(int id);
    // The volume size per broker (MiB) and broker count DescribeClusterV2 last reported;
    // 0 before the first answer.
    qint64 volumeSizeMiB() const { return m_volumeMiB; }
    int brokerCount() const { return m_brokerCount; }
    // Opens the Update storage or Broker count dialog (non-modal, deleted on close).
    UpdateBrokersDialog *openUpdateStorage();
    UpdateBrokersDialog *openAddBrokers();

public slots:
    void showClientInformation();
    void updateConfiguration();
    void updateStorage();
    void addBrokers();
    void deleteCluster();
    void testConnection();

signals:
    void stateChanged(const QString &state);
    void clusterGone(const QString &key);
    void connectionTested(bool ok, int brokers);
    void editConnectionRequested(const QString &name);
    void removeConnectionRequested(const QString &name);
    void message(const QString &sentence);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    UpdateBrokersDialog *openUpdateBrokers(UpdateBrokersDialog::Kind kind, qint64 current);
    void buildHeader(QWidget *parent, QVBoxLayout *layout);
    QWidget *buildLocalOverview();
    QWidget *buildBrokersTab();
    QWidget *buildExternalOverview();
    void applyDescribe(const QJsonObject &info);
    void setState(const QString &state);
    int selectedBrokerId() const;
    void confirmKill();
    void confirmReboot();
    void showBrokerLog();
    void followOperation(const QString &operationArn);
    QList<QPair<QString, QString>> bootstrapByListener() const;

    AgentService *m_agent = nullptr;
    ConnectionStore *m_store = nullptr;
    bool m_external = false;
    QString m_arn, m_name, m_state, m_bootstrap;
    QStringList m_stateHistory;
    ConnectionSettings m_connection;

    QTabWidget *m_tabs = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_message = nullptr;
    QFormLayout *m_form = nullptr;
    QLabel *m_arnValue = nullptr, *m_brokersValue = nullptr, *m_createdValue = nullptr,
           *m_configValue = nullptr, *m_dirValue = nullptr, *m_storageValue = nullptr;
    qint64 m_volumeMiB = 0;
    int m_brokerCount = 0;
    QJsonArray m_nodeInfo; // ListNodes' last NodeInfoList (roles for the broker count dialog)
    struct BootstrapField
    {
        QString key, label;
        QLineEdit *field;
        QPushButton *copy;
    };
    QList<BootstrapField> m_bootstrapFields;
    QGroupBox *m_activeBox = nullptr;
    OperationProgress *m_progress = nullptr;
    BrokerModel *m_brokers = nullptr;
    OperationModel *m_operations = nullptr;
    QTableView *m_brokerTable = nullptr;
    QPushButton *m_rebootButton = nullptr, *m_killButton = nullptr, *m_logButton = nullptr,
                *m_updateButton = nullptr, *m_deleteButton = nullptr, *m_storageButton = nullptr,
                *m_addBrokersButton = nullptr;
    QLabel *m_testResult = nullptr;
    QPushButton *m_testButton = nullptr;
    QTimer *m_timer = nullptr;
    int m_inFlight = 0;
    bool m_gone = false;
    bool m_tested = false;
};

} // namespace runnel::ui
