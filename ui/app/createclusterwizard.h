#pragma once

// CreateClusterWizard: Quick create (a name; every defaulted setting shown read-only in
// an "All cluster settings" table) or Custom create in MSK's five steps — cluster
// settings, networking, security, monitoring, review — with inline validation. The
// review page shows the equivalent runnelctl command and exports the settings as an
// `aws kafka create-cluster-v2` JSON. Create sends CreateClusterV2 through AgentService
// and the last page follows the CREATE operation until the cluster is ACTIVE or FAILED;
// an agent refusal is shown as the agent's own sentence.
//
// What is sent: ClusterName, NumberOfBrokerNodes, BrokerNodeGroupInfo's EBS VolumeSize,
// ConfigurationInfo or ServerProperties, ClientAuthentication and EncryptionInfo (the
// shape engine/control/clustersecurity.cpp reads), EnhancedMonitoring, OpenMonitoring.
// Settings the agent cannot apply yet (racks, bind address, ports, encryption at rest)
// are shown as fixed values, not offered as choices.

#include "ui/models/clustersettingsmodel.h"

#include <QJsonObject>
#include <QWizard>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace runnel::ui {

class AgentService;
class OperationProgress;

class CreateClusterWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId {
        ModePage,
        QuickPage,
        SettingsPage,
        NetworkingPage,
        SecurityPage,
        MonitoringPage,
        ReviewPage,
        ProgressPage
    };

    CreateClusterWizard(AgentService *agent, QWidget *parent = nullptr);

    // For tests and scripted use.
    void setQuickCreate(bool quick);
    bool isQuickCreate() const;
    void setClusterName(const QString &name);
    QString clusterName() const;
    void setBrokerCount(int count);
    // Custom create: the EBS volume size per broker as typed (GiB, 1–16384).
    void setStorageText(const QString &gib);
    // Custom create's security step: client authentication kinds and encryption in
    // transit (ClientBroker "TLS", "TLS_PLAINTEXT" or "PLAINTEXT"; in-cluster TLS).
    void setClientAuthentication(bool unauthenticated, bool scram, bool tls);
    void setEncryptionInTransit(const QString &clientBroker, bool inCluster);
    void setEncryptionAtRest(bool on);
    // Custom create: use the saved configuration `name` (latest revision); false if the
    // agent has not listed it (yet).
    bool useSavedConfiguration(const QString &name);
    int savedConfigurationCount() const;

    // The CreateClusterV2 parameters for the current choices.
    QJsonObject request() const;
    // `aws kafka create-cluster-v2 --cli-input-json` document for the current choices.
    QJsonObject awsCliInput() const;
    QString runnelctlCommand() const;
    QList<ClusterSettingsModel::Setting> settings() const;

    static QString validateName(const QString &name);   // empty when valid
    static QString validateStorage(const QString &gib); // empty when valid
    // The security step's sentence for the current choices; empty when the agent takes them.
    QString securityError() const;

    QString createdClusterArn() const { return m_clusterArn; }
    QString refusal() const { return m_refusal; }
    OperationProgress *progress() const { return m_progress; }
    ClusterSettingsModel *quickSettingsModel() const { return m_quickSettings; }

    int nextId() const override;

signals:
    void clusterCreated(const QString &clusterArn, const QString &name);
    void creationFinished(bool active);
    void refused(const QString &sentence);

private:
    QWizardPage *buildModePage();
    QWizardPage *buildQuickPage();
    QWizardPage *buildSettingsPage();
    QWizardPage *buildNetworkingPage();
    QWizardPage *buildSecurityPage();
    QWizardPage *buildMonitoringPage();
    QWizardPage *buildReviewPage();
    QWizardPage *buildProgressPage();
    void loadConfigurations();
    void refreshSettingsViews();
    void startCreate();
    void exportJson();
    void checkMonitoringApplied();
    enum Authentication { AuthNone, AuthScram, AuthTls };
    // The current choices, Quick create's defaults included.
    int volumeGiB() const;
    bool authentication(Authentication kind) const;
    QString clientBroker() const;
    bool inClusterEncryption() const;
    bool atRestEncryption() const;
    // EncryptionInfo of the aws CLI input, and the EncryptionAtRest object the agent takes.
    QJsonObject awsEncryptionInfo() const;
    static QJsonObject atRestJson();

    AgentService *m_agent;
    QRadioButton *m_quick = nullptr;
    QRadioButton *m_custom = nullptr;
    QLineEdit *m_quickName = nullptr;
    QLabel *m_quickNameError = nullptr;
    ClusterSettingsModel *m_quickSettings;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameError = nullptr;
    QSpinBox *m_brokers = nullptr;
    QLabel *m_brokersNote = nullptr;
    QLineEdit *m_storage = nullptr;
    QLabel *m_storageError = nullptr;
    QCheckBox *m_authNone = nullptr;
    QCheckBox *m_authScram = nullptr;
    QCheckBox *m_authTls = nullptr;
    QComboBox *m_clientBroker = nullptr;
    QCheckBox *m_inCluster = nullptr;
    QCheckBox *m_atRest = nullptr;
    QLabel *m_securityError = nullptr;
    QComboBox *m_configKind = nullptr;
    QComboBox *m_configuration = nullptr;
    QSpinBox *m_revision = nullptr;
    QPlainTextEdit *m_properties = nullptr;
    QLabel *m_configError = nullptr;
    QComboBox *m_monitoring = nullptr;
    QCheckBox *m_jmxExporter = nullptr;
    QCheckBox *m_nodeExporter = nullptr;
    ClusterSettingsModel *m_reviewSettings;
    QPlainTextEdit *m_command = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QLabel *m_progressTitle = nullptr;
    QLabel *m_refusalLabel = nullptr;
    QPushButton *m_changeSettings = nullptr;
    OperationProgress *m_progress = nullptr;
    QString m_clusterArn;
    QString m_refusal;
    bool m_creating = false;
    bool m_done = false;
};

} // namespace runnel::ui
