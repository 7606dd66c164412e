#include "ui/app/createclusterwizard.h"

#include "ui/agent/agentservice.h"
#include "ui/app/operationprogress.h"
#include "ui/app/theme.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <functional>

namespace runnel::ui {

namespace {

// A wizard page whose completeness is a function of the wizard's widgets.
class Page : public QWizardPage
{
public:
    std::function<bool()> complete;
    std::function<void()> entered;
    bool isComplete() const override { return complete ? complete() : true; }
    void initializePage() override
    {
        if (entered)
            entered();
    }
    void recheck() { emit completeChanged(); }
};

QLabel *errorLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: %1").arg(errorColor(l->palette()).name()));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setEnabled(false);
    return l;
}

QTableView *settingsTable(ClusterSettingsModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->horizontalHeader()->setSectionResizeMode(ClusterSettingsModel::ValueColumn,
                                                   QHeaderView::Stretch);
    view->horizontalHeader()->setSectionResizeMode(ClusterSettingsModel::SettingColumn,
                                                   QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(ClusterSettingsModel::EditableColumn,
                                                   QHeaderView::ResizeToContents);
    view->setWordWrap(false);
    return view;
}

const char *const kLevels[]
    = {"DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"};

enum ConfigKind { DefaultConfig, ExistingConfig, CustomProperties };

// MSK's EBS volume range and the agent's default (engine/control/agent.cpp).
constexpr int kDefaultVolumeGiB = 100;
constexpr int kMaxVolumeGiB = 16384;

QString shellQuote(const QString &s)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=,-]+$"));
    if (plain.match(s).hasMatch())
        return s;
    QString q = s;
    q.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

} // namespace

CreateClusterWizard::CreateClusterWizard(AgentService *agent, QWidget *parent)
    : QWizard(parent)
    , m_agent(agent)
    , m_quickSettings(new ClusterSettingsModel(this))
    , m_reviewSettings(new ClusterSettingsModel(this))
{
    setObjectName(QStringLiteral("createClusterWizard"));
    setWindowTitle(tr("Create cluster"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::DisabledBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    resize(820, 640);
    setPage(ModePage, buildModePage());
    setPage(QuickPage, buildQuickPage());
    setPage(SettingsPage, buildSettingsPage());
    setPage(NetworkingPage, buildNetworkingPage());
    setPage(SecurityPage, buildSecurityPage());
    setPage(MonitoringPage, buildMonitoringPage());
    setPage(ReviewPage, buildReviewPage());
    setPage(ProgressPage, buildProgressPage());
    setStartId(ModePage);
    refreshSettingsViews();
    loadConfigurations();
}

QString CreateClusterWizard::validateName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"));
    if (name.isEmpty())
        return tr("Enter a cluster name.");
    if (!valid.match(name).hasMatch())
        return tr("A cluster name has 1 to 64 letters, digits or hyphens and starts with a letter "
                  "or digit.");
    return {};
}

QString CreateClusterWizard::validateStorage(const QString &gib)
{
    const QString text = gib.trimmed();
    if (text.isEmpty())
        return tr("Enter the storage size per broker in GiB.");
    bool ok = false;
    const qlonglong n = text.toLongLong(&ok);
    if (!ok || n < 1 || n > kMaxVolumeGiB)
        return tr("The storage size is a whole number of GiB from 1 to %1.").arg(kMaxVolumeGiB);
    return {};
}

QWizardPage *CreateClusterWizard::buildModePage()
{
    auto *page = new Page;
    page->setTitle(tr("Create cluster"));
    page->setSubTitle(tr("Choose how much to decide now. Everything can be reviewed before the "
                         "cluster is created."));
    auto *layout = new QVBoxLayout(page);
    m_quick = new QRadioButton(tr("Quick create"), page);
    m_custom = new QRadioButton(tr("Custom create"), page);
    m_quick->setChecked(true);
    auto *group = new QButtonGroup(page);
    group->addButton(m_quick);
    group->addButton(m_custom);
    layout->addWidget(m_quick);
    layout->addWidget(noteLabel(
        tr("A name is all it takes: recommended defaults for everything else, ACTIVE in seconds."),
        page));
    layout->addSpacing(12);
    layout->addWidget(m_custom);
    layout->addWidget(noteLabel(
        tr("MSK's five steps: cluster settings, networking, security, monitoring, review."), page));
    layout->addStretch();
    return page;
}

QWizardPage *CreateClusterWizard::buildQuickPage()
{
    auto *page = new Page;
    page->setTitle(tr("Quick create"));
    page->setSubTitle(tr("Name the cluster; the other settings take the defaults below."));
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    m_quickName = new QLineEdit(page);
    m_quickName->setObjectName(QStringLiteral("quickName"));
    m_quickName->setPlaceholderText(tr("for example orders"));
    form->addRow(tr("Cluster name"), m_quickName);
    layout->addLayout(form);
    m_quickNameError = errorLabel(page);
    layout->addWidget(m_quickNameError);
    layout->addWidget(new QLabel(tr("All cluster settings"), page));
    layout->addWidget(settingsTable(m_quickSettings, page), 1);
    page->complete = [this] {
        return validateName(m_quickName->text()).isEmpty();
    };
    connect(m_quickName, &QLineEdit::textChanged, page, [this, page] {
        m_quickNameError->setText(
            m_quickName->text().isEmpty() ? QString() : validateName(m_quickName->text()));
        refreshSettingsViews();
        page->recheck();
    });
    page->setButtonText(QWizard::NextButton, tr("Create cluster"));
    return page;
}

QWizardPage *CreateClusterWizard::buildSettingsPage()
{
    auto *page = new Page;
    page->setTitle(tr("Step 1 of 5: Cluster settings"));
    page->setSubTitle(tr("Name, engine, brokers, storage and configuration."));
    auto *form = new QFormLayout(page);
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("customName"));
    m_name->setPlaceholderText(tr("for example orders"));
    form->addRow(tr("Cluster name"), m_name);
    m_nameError = errorLabel(page);
    form->addRow(QString(), m_nameError);
    form->addRow(
        tr("Engine version"),
        new QLabel(tr("runneld %1 (Kafka wire protocol)").arg(QStringLiteral(RUNNEL_VERSION)),
                   page));
    m_brokers = new QSpinBox(page);
    m_brokers->setRange(1, 9);
    m_brokers->setValue(1);
    form->addRow(tr("Brokers"), m_brokers);
    m_brokersNote
        = noteLabel(tr("With 2 or more brokers, every broker is also a voter of the metadata "
                       "quorum; 3 or more give topics 3 replicas and min.insync.replicas 2."),
                    page);
    form->addRow(QString(), m_brokersNote);
    form->addRow(tr("Zones (broker racks)"),
                 noteLabel(tr("One rack — not configurable yet"), page));
    auto *storageRow = new QHBoxLayout;
    m_storage = new QLineEdit(QString::number(kDefaultVolumeGiB), page);
    m_storage->setObjectName(QStringLiteral("storageGiB"));
    m_storage->setMaximumWidth(120);
    m_storage->setToolTip(tr("The EBS volume size of each broker, as in MSK's wizard"));
    storageRow->addWidget(m_storage);
    storageRow->addWidget(new QLabel(tr("GiB (1–%1)").arg(kMaxVolumeGiB), page));
    storageRow->addStretch();
    form->addRow(tr("Storage per broker"), storageRow);
    m_storageError = errorLabel(page);
    form->addRow(QString(), m_storageError);
    form->addRow(QString(),
                 noteLabel(tr("Every broker gets the same size; it can grow later with “Update "
                              "storage”, never shrink."),
                           page));
    m_configKind = new QComboBox(page);
    m_configKind->addItem(tr("Runnel defaults"), DefaultConfig);
    m_configKind->addItem(tr("A saved configuration"), ExistingConfig);
    m_configKind->addItem(tr("Custom server.properties"), CustomProperties);
    form->addRow(tr("Configuration"), m_configKind);
    auto *row = new QHBoxLayout;
    m_configuration = new QComboBox(page);
    m_revision = new QSpinBox(page);
    m_revision->setRange(0, 100000);
    m_revision->setSpecialValueText(tr("latest"));
    row->addWidget(m_configuration, 1);
    row->addWidget(new QLabel(tr("Revision"), page));
    row->addWidget(m_revision);
    form->addRow(tr("Saved configuration"), row);
    m_properties = new QPlainTextEdit(page);
    m_properties->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_properties->setPlaceholderText(
        QStringLiteral("auto.create.topics.enable=false\nnum.partitions=3"));
    form->addRow(tr("server.properties"), m_properties);
    m_configError = errorLabel(page);
    form->addRow(QString(), m_configError);

    const auto update = [this, page, form] {
        const int kind = m_configKind->currentData().toInt();
        m_configuration->setEnabled(kind == ExistingConfig);
        m_revision->setEnabled(kind == ExistingConfig);
        m_properties->setEnabled(kind == CustomProperties);
        m_nameError->setText(m_name->text().isEmpty() ? QString() : validateName(m_name->text()));
        m_storageError->setText(validateStorage(m_storage->text()));
        QString configError;
        if (kind == ExistingConfig && m_configuration->count() == 0)
            configError = tr("There is no saved configuration yet; create one from a cluster's "
                             "“Update configuration”, or write server.properties here.");
        if (kind == CustomProperties) {
            static const QStringList reserved{QStringLiteral("node.id"),
                                              QStringLiteral("broker.id"),
                                              QStringLiteral("listeners"),
                                              QStringLiteral("advertised.listeners"),
                                              QStringLiteral("log.dirs"),
                                              QStringLiteral("log.dir")};
            const QStringList lines = m_properties->toPlainText().split(QLatin1Char('\n'));
            for (int i = 0; i < lines.size(); ++i) {
                const QString line = lines[i].trimmed();
                if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
                    || line.startsWith(QLatin1Char('!')))
                    continue;
                const qsizetype eq = line.indexOf(QLatin1Char('='));
                if (eq <= 0) {
                    configError = tr("Line %1 is not key=value.").arg(i + 1);
                    break;
                }
                const QString key = line.left(eq).trimmed();
                if (reserved.contains(key)) {
                    configError = tr("Line %1: %2 is set by the agent for each broker; remove it.")
                                      .arg(i + 1)
                                      .arg(key);
                    break;
                }
            }
        }
        m_configError->setText(configError);
        // Empty sentences take no room: the rows of the form stay together.
        for (QLabel *error : {m_nameError, m_storageError, m_configError})
            form->setRowVisible(error, !error->text().isEmpty());
        refreshSettingsViews();
        page->recheck();
    };
    connect(m_name, &QLineEdit::textChanged, page, update);
    connect(m_brokers, &QSpinBox::valueChanged, page, update);
    connect(m_storage, &QLineEdit::textChanged, page, update);
    connect(m_configKind, &QComboBox::currentIndexChanged, page, update);
    connect(m_configuration, &QComboBox::currentIndexChanged, page, update);
    connect(m_revision, &QSpinBox::valueChanged, page, update);
    connect(m_properties, &QPlainTextEdit::textChanged, page, update);
    page->complete = [this] {
        return validateName(m_name->text()).isEmpty()
               && validateStorage(m_storage->text()).isEmpty() && m_configError->text().isEmpty();
    };
    page->entered = update;
    return page;
}

QWizardPage *CreateClusterWizard::buildNetworkingPage()
{
    auto *page = new Page;
    page->setTitle(tr("Step 2 of 5: Networking"));
    page->setSubTitle(tr("Where clients reach the brokers."));
    auto *form = new QFormLayout(page);
    form->addRow(tr("Bind address"), new QLabel(tr("127.0.0.1 — loopback only"), page));
    form->addRow(tr("Ports"),
                 new QLabel(tr("9092 (MSK's plaintext port), or the next free port"), page));
    form->addRow(noteLabel(
        tr("The agent binds every broker to loopback and picks the ports itself; exposing a "
           "cluster on the network is not offered yet, so these are shown, not chosen."),
        page));
    return page;
}

QWizardPage *CreateClusterWizard::buildSecurityPage()
{
    auto *page = new Page;
    page->setTitle(tr("Step 3 of 5: Security"));
    page->setSubTitle(tr("Access control and encryption."));
    auto *form = new QFormLayout(page);

    auto *auth = new QVBoxLayout;
    m_authNone = new QCheckBox(tr("Unauthenticated access"), page);
    m_authNone->setObjectName(QStringLiteral("authUnauthenticated"));
    m_authNone->setChecked(true);
    m_authScram = new QCheckBox(tr("SASL/SCRAM authentication"), page);
    m_authScram->setObjectName(QStringLiteral("authScram"));
    m_authTls = new QCheckBox(tr("TLS client authentication (client certificates)"), page);
    m_authTls->setObjectName(QStringLiteral("authTls"));
    auth->addWidget(m_authNone);
    auth->addWidget(
        noteLabel(tr("Any client that reaches the brokers may use them (without ACLs)."), page));
    auth->addWidget(m_authScram);
    auth->addWidget(noteLabel(tr("Users and passwords you create on the cluster's Security tab "
                                 "(SCRAM-SHA-256 or SCRAM-SHA-512, over TLS)."),
                              page));
    auth->addWidget(m_authTls);
    auth->addWidget(
        noteLabel(tr("Clients present a certificate issued by the cluster's own certificate "
                     "authority (Security tab, “Issue client certificate”)."),
                  page));
    form->addRow(tr("Client authentication"), auth);

    m_clientBroker = new QComboBox(page);
    m_clientBroker->setObjectName(QStringLiteral("clientBrokerEncryption"));
    m_clientBroker->addItem(tr("Plaintext only (PLAINTEXT)"), QStringLiteral("PLAINTEXT"));
    m_clientBroker->addItem(tr("TLS encryption only (TLS)"), QStringLiteral("TLS"));
    m_clientBroker->addItem(tr("Both TLS and plaintext (TLS_PLAINTEXT)"),
                            QStringLiteral("TLS_PLAINTEXT"));
    form->addRow(tr("Encryption between clients and brokers"), m_clientBroker);
    m_inCluster = new QCheckBox(tr("Encrypt data between the brokers (TLS)"), page);
    m_inCluster->setObjectName(QStringLiteral("inClusterEncryption"));
    form->addRow(tr("Encryption within the cluster"), m_inCluster);
    m_atRest = new QCheckBox(tr("Encrypt the brokers' data on disk (AES-256-GCM)"), page);
    m_atRest->setObjectName(QStringLiteral("atRestEncryption"));
    auto *atRest = new QVBoxLayout;
    atRest->addWidget(m_atRest);
    atRest->addWidget(noteLabel(tr("The agent keeps the key outside the data directories; it is "
                                   "chosen now and cannot be turned on or off later."),
                                page));
    form->addRow(tr("Encryption at rest"), atRest);
    m_securityError = errorLabel(page);
    m_securityError->setObjectName(QStringLiteral("securityError"));
    form->addRow(m_securityError);
    form->addRow(noteLabel(tr("With TLS the agent makes the cluster its own certificate "
                              "authority; its CA certificate is on the Security tab. A "
                              "loopback-only cluster is reachable from this computer only."),
                           page));

    const auto update = [this, page] {
        const bool tls = m_clientBroker->currentData().toString() != QLatin1String("PLAINTEXT");
        if (!tls)
            m_inCluster->setChecked(false);
        m_inCluster->setEnabled(tls);
        m_securityError->setText(securityError());
        refreshSettingsViews();
        page->recheck();
    };
    // Turning on SCRAM or TLS authentication with plaintext selected moves to TLS, as
    // MSK's console does: both need encryption in transit.
    const auto authChanged = [this, update](bool on) {
        if (on && m_clientBroker->currentData().toString() == QLatin1String("PLAINTEXT")) {
            m_clientBroker->setCurrentIndex(m_clientBroker->findData(QStringLiteral("TLS")));
            m_inCluster->setChecked(true);
        }
        update();
    };
    connect(m_authNone, &QCheckBox::toggled, page, update);
    connect(m_authScram, &QCheckBox::toggled, page, authChanged);
    connect(m_authTls, &QCheckBox::toggled, page, authChanged);
    connect(m_clientBroker, &QComboBox::currentIndexChanged, page, [this, update] {
        if (m_clientBroker->currentData().toString() != QLatin1String("PLAINTEXT")
            && !m_inCluster->isEnabled())
            m_inCluster->setChecked(true); // the agent's default with TLS
        update();
    });
    connect(m_inCluster, &QCheckBox::toggled, page, update);
    page->complete = [this] {
        return securityError().isEmpty();
    };
    page->entered = update;
    return page;
}

QString CreateClusterWizard::securityError() const
{
    if (!m_authNone)
        return {};
    const bool tls = m_clientBroker->currentData().toString() != QLatin1String("PLAINTEXT");
    if (!m_authNone->isChecked() && !m_authScram->isChecked() && !m_authTls->isChecked())
        return tr("Choose at least one kind of client authentication.");
    if (!tls && (m_authScram->isChecked() || m_authTls->isChecked()))
        return tr("SASL/SCRAM and TLS client authentication need TLS between clients and "
                  "brokers; choose TLS or TLS_PLAINTEXT.");
    return {};
}

QWizardPage *CreateClusterWizard::buildMonitoringPage()
{
    auto *page = new Page;
    page->setTitle(tr("Step 4 of 5: Monitoring"));
    page->setSubTitle(tr("How much the cluster reports."));
    auto *form = new QFormLayout(page);
    m_monitoring = new QComboBox(page);
    m_monitoring->addItem(tr("Basic (DEFAULT)"), QString::fromLatin1(kLevels[0]));
    m_monitoring->addItem(tr("Per broker (PER_BROKER)"), QString::fromLatin1(kLevels[1]));
    m_monitoring->addItem(tr("Per topic per broker (PER_TOPIC_PER_BROKER)"),
                          QString::fromLatin1(kLevels[2]));
    m_monitoring->addItem(tr("Per topic per partition (PER_TOPIC_PER_PARTITION)"),
                          QString::fromLatin1(kLevels[3]));
    form->addRow(tr("Enhanced monitoring"), m_monitoring);
    m_jmxExporter = new QCheckBox(tr("JMX Exporter"), page);
    m_nodeExporter = new QCheckBox(tr("Node Exporter"), page);
    auto *prom = new QVBoxLayout;
    prom->addWidget(m_jmxExporter);
    prom->addWidget(m_nodeExporter);
    form->addRow(tr("Open monitoring with Prometheus"), prom);
    form->addRow(
        noteLabel(tr("These are sent as EnhancedMonitoring and OpenMonitoring. If the agent does "
                     "not apply them, the console says so once the cluster exists."),
                  page));
    for (QObject *o : {static_cast<QObject *>(m_monitoring)})
        connect(static_cast<QComboBox *>(o),
                &QComboBox::currentIndexChanged,
                this,
                &CreateClusterWizard::refreshSettingsViews);
    connect(m_jmxExporter, &QCheckBox::toggled, this, &CreateClusterWizard::refreshSettingsViews);
    connect(m_nodeExporter, &QCheckBox::toggled, this, &CreateClusterWizard::refreshSettingsViews);
    return page;
}

QWizardPage *CreateClusterWizard::buildReviewPage()
{
    auto *page = new Page;
    page->setTitle(tr("Step 5 of 5: Review and create"));
    page->setSubTitle(tr("Check the settings; the same cluster can be created from a terminal with "
                         "the command below."));
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(settingsTable(m_reviewSettings, page), 2);
    layout->addWidget(new QLabel(tr("Equivalent runnelctl command"), page));
    m_command = new QPlainTextEdit(page);
    m_command->setObjectName(QStringLiteral("runnelctlCommand"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setMaximumHeight(70);
    layout->addWidget(m_command);
    layout->addWidget(new QLabel(tr("aws kafka create-cluster-v2 input (JSON)"), page));
    m_json = new QPlainTextEdit(page);
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_json, 1);
    auto *row = new QHBoxLayout;
    auto *copy = new QPushButton(tr("Copy command"), page);
    auto *exportButton = new QPushButton(tr("Export JSON…"), page);
    connect(copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(runnelctlCommand());
    });
    connect(exportButton, &QPushButton::clicked, this, &CreateClusterWizard::exportJson);
    row->addStretch();
    row->addWidget(copy);
    row->addWidget(exportButton);
    layout->addLayout(row);
    page->entered = [this] {
        refreshSettingsViews();
    };
    page->setButtonText(QWizard::NextButton, tr("Create cluster"));
    return page;
}

QWizardPage *CreateClusterWizard::buildProgressPage()
{
    auto *page = new Page;
    page->setTitle(tr("Creating the cluster"));
    auto *layout = new QVBoxLayout(page);
    m_progressTitle = new QLabel(page);
    m_progressTitle->setWordWrap(true);
    layout->addWidget(m_progressTitle);
    m_refusalLabel = errorLabel(page);
    m_refusalLabel->setObjectName(QStringLiteral("refusal"));
    layout->addWidget(m_refusalLabel);
    m_changeSettings = new QPushButton(tr("Change settings"), page);
    m_changeSettings->hide();
    connect(m_changeSettings, &QPushButton::clicked, this, [this] {
        m_refusal.clear();
        back();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_changeSettings);
    row->addStretch();
    layout->addLayout(row);
    m_progress = new OperationProgress(m_agent, page);
    layout->addWidget(m_progress, 1);
    page->complete = [this] {
        return m_done;
    };
    page->entered = [this] {
        startCreate();
    };
    connect(m_progress,
            &OperationProgress::finished,
            this,
            [this, page](bool ok, const QString &error) {
                m_done = true;
                m_progressTitle->setText(
                    ok ? tr("Cluster %1 is ACTIVE.").arg(clusterName())
                       : tr("Cluster %1 FAILED: %2").arg(clusterName(), error));
                if (ok)
                    checkMonitoringApplied();
                page->recheck();
                emit creationFinished(ok);
            });
    return page;
}

int CreateClusterWizard::nextId() const
{
    switch (currentId()) {
    case ModePage:
        return m_quick->isChecked() ? QuickPage : SettingsPage;
    case QuickPage:
        return ProgressPage;
    case ReviewPage:
        return ProgressPage;
    case ProgressPage:
        return -1;
    default:
        return currentId() + 1;
    }
}

void CreateClusterWizard::setQuickCreate(bool quick)
{
    (quick ? m_quick : m_custom)->setChecked(true);
}

bool CreateClusterWizard::isQuickCreate() const
{
    return m_quick->isChecked();
}

void CreateClusterWizard::setClusterName(const QString &name)
{
    m_quickName->setText(name);
    m_name->setText(name);
}

QString CreateClusterWizard::clusterName() const
{
    return isQuickCreate() ? m_quickName->text() : m_name->text();
}

void CreateClusterWizard::setBrokerCount(int count)
{
    m_brokers->setValue(count);
}

void CreateClusterWizard::setStorageText(const QString &gib)
{
    m_storage->setText(gib);
}

void CreateClusterWizard::setClientAuthentication(bool unauthenticated, bool scram, bool tls)
{
    m_authNone->setChecked(unauthenticated);
    m_authScram->setChecked(scram);
    m_authTls->setChecked(tls);
}

void CreateClusterWizard::setEncryptionAtRest(bool on)
{
    m_atRest->setChecked(on);
}

bool CreateClusterWizard::atRestEncryption() const
{
    return !isQuickCreate() && m_atRest->isChecked();
}

void CreateClusterWizard::setEncryptionInTransit(const QString &clientBroker, bool inCluster)
{
    const int index = m_clientBroker->findData(clientBroker);
    if (index >= 0)
        m_clientBroker->setCurrentIndex(index);
    m_inCluster->setChecked(inCluster);
}

bool CreateClusterWizard::useSavedConfiguration(const QString &name)
{
    const int index = m_configuration->findText(name);
    if (index < 0)
        return false;
    m_configKind->setCurrentIndex(m_configKind->findData(ExistingConfig));
    m_configuration->setCurrentIndex(index);
    m_revision->setValue(0);
    return true;
}

int CreateClusterWizard::savedConfigurationCount() const
{
    return m_configuration->count();
}

QJsonObject CreateClusterWizard::request() const
{
    QJsonObject params{{QStringLiteral("ClusterName"), clusterName()}};
    if (isQuickCreate())
        return params;
    params.insert(QStringLiteral("NumberOfBrokerNodes"), m_brokers->value());
    if (validateStorage(m_storage->text()).isEmpty())
        params.insert(
            QStringLiteral("BrokerNodeGroupInfo"),
            QJsonObject{{QStringLiteral("StorageInfo"),
                         QJsonObject{{QStringLiteral("EbsStorageInfo"),
                                      QJsonObject{{QStringLiteral("VolumeSize"),
                                                   m_storage->text().trimmed().toInt()}}}}}});
    const auto enabled = [](bool on) {
        return QJsonObject{{QStringLiteral("Enabled"), on}};
    };
    params.insert(
        QStringLiteral("ClientAuthentication"),
        QJsonObject{{QStringLiteral("Sasl"),
                     QJsonObject{{QStringLiteral("Scram"), enabled(m_authScram->isChecked())},
                                 {QStringLiteral("Iam"), enabled(false)}}},
                    {QStringLiteral("Tls"), enabled(m_authTls->isChecked())},
                    {QStringLiteral("Unauthenticated"), enabled(m_authNone->isChecked())}});
    QJsonObject encryption{
        {QStringLiteral("EncryptionInTransit"),
         QJsonObject{{QStringLiteral("ClientBroker"), m_clientBroker->currentData().toString()},
                     {QStringLiteral("InCluster"), m_inCluster->isChecked()}}}};
    if (m_atRest->isChecked())
        encryption.insert(QStringLiteral("EncryptionAtRest"), atRestJson());
    params.insert(QStringLiteral("EncryptionInfo"), encryption);
    const int kind = m_configKind->currentData().toInt();
    if (kind == ExistingConfig && m_configuration->count() > 0) {
        QJsonObject info{{QStringLiteral("Arn"), m_configuration->currentData().toString()}};
        if (m_revision->value() > 0)
            info.insert(QStringLiteral("Revision"), m_revision->value());
        params.insert(QStringLiteral("ConfigurationInfo"), info);
    } else if (kind == CustomProperties && !m_properties->toPlainText().trimmed().isEmpty()) {
        params.insert(QStringLiteral("ServerProperties"), m_properties->toPlainText());
    }
    const QString level = m_monitoring->currentData().toString();
    if (level != QLatin1String(kLevels[0]))
        params.insert(QStringLiteral("EnhancedMonitoring"), level);
    if (m_jmxExporter->isChecked() || m_nodeExporter->isChecked())
        params.insert(QStringLiteral("OpenMonitoring"),
                      QJsonObject{{QStringLiteral("Prometheus"),
                                   QJsonObject{{QStringLiteral("JmxExporter"),
                                                QJsonObject{{QStringLiteral("EnabledInBroker"),
                                                             m_jmxExporter->isChecked()}}},
                                               {QStringLiteral("NodeExporter"),
                                                QJsonObject{{QStringLiteral("EnabledInBroker"),
                                                             m_nodeExporter->isChecked()}}}}}});
    return params;
}

QJsonObject CreateClusterWizard::atRestJson()
{
    return {{QStringLiteral("DataVolumeKMSKeyId"), QStringLiteral("runnel-managed")}};
}

QJsonObject CreateClusterWizard::awsEncryptionInfo() const
{
    QJsonObject info{{QStringLiteral("EncryptionInTransit"),
                      QJsonObject{{QStringLiteral("ClientBroker"), clientBroker()},
                                  {QStringLiteral("InCluster"), inClusterEncryption()}}}};
    if (atRestEncryption())
        info.insert(QStringLiteral("EncryptionAtRest"), atRestJson());
    return info;
}

QJsonObject CreateClusterWizard::awsCliInput() const
{
    const QJsonObject params = request();
    QJsonObject provisioned{
        {QStringLiteral("KafkaVersion"), QStringLiteral("3.6.0")},
        {QStringLiteral("NumberOfBrokerNodes"),
         params.value(QStringLiteral("NumberOfBrokerNodes")).toInt(1)},
        {QStringLiteral("BrokerNodeGroupInfo"),
         QJsonObject{{QStringLiteral("InstanceType"), QStringLiteral("kafka.m5.large")},
                     {QStringLiteral("ClientSubnets"), QJsonArray{QStringLiteral("loopback")}},
                     {QStringLiteral("StorageInfo"),
                      QJsonObject{{QStringLiteral("EbsStorageInfo"),
                                   QJsonObject{{QStringLiteral("VolumeSize"), volumeGiB()}}}}}}},
        {QStringLiteral("EnhancedMonitoring"),
         params.value(QStringLiteral("EnhancedMonitoring"))
             .toString(QString::fromLatin1(kLevels[0]))},
        {QStringLiteral("EncryptionInfo"), awsEncryptionInfo()},
        {QStringLiteral("ClientAuthentication"),
         QJsonObject{
             {QStringLiteral("Sasl"),
              QJsonObject{{QStringLiteral("Scram"),
                           QJsonObject{{QStringLiteral("Enabled"), authentication(AuthScram)}}}}},
             {QStringLiteral("Tls"),
              QJsonObject{{QStringLiteral("Enabled"), authentication(AuthTls)}}},
             {QStringLiteral("Unauthenticated"),
              QJsonObject{{QStringLiteral("Enabled"), authentication(AuthNone)}}}}}};
    if (params.contains(QStringLiteral("ConfigurationInfo")))
        provisioned.insert(QStringLiteral("ConfigurationInfo"),
                           params.value(QStringLiteral("ConfigurationInfo")));
    if (params.contains(QStringLiteral("OpenMonitoring")))
        provisioned.insert(QStringLiteral("OpenMonitoring"),
                           params.value(QStringLiteral("OpenMonitoring")));
    return {{QStringLiteral("ClusterName"), clusterName()},
            {QStringLiteral("Provisioned"), provisioned}};
}

QString CreateClusterWizard::runnelctlCommand() const
{
    const QJsonObject params = request();
    QStringList cmd{QStringLiteral("runnelctl create-cluster-v2 --cluster-name"),
                    shellQuote(clusterName())};
    if (params.contains(QStringLiteral("NumberOfBrokerNodes"))
        && params.value(QStringLiteral("NumberOfBrokerNodes")).toInt() != 1)
        cmd << QStringLiteral("--number-of-broker-nodes")
            << QString::number(params.value(QStringLiteral("NumberOfBrokerNodes")).toInt());
    if (volumeGiB() != kDefaultVolumeGiB)
        cmd << QStringLiteral("--volume-size") << QString::number(volumeGiB());
    QStringList kinds;
    if (authentication(AuthScram))
        kinds << QStringLiteral("sasl-scram");
    if (authentication(AuthTls))
        kinds << QStringLiteral("tls");
    if (authentication(AuthNone) && !kinds.isEmpty())
        kinds << QStringLiteral("unauthenticated");
    if (!kinds.isEmpty())
        cmd << QStringLiteral("--client-authentication") << kinds.join(QLatin1Char(','));
    // Without the option the agent picks TLS when authentication needs it, else PLAINTEXT.
    const QString impliedClientBroker
        = kinds.isEmpty() ? QStringLiteral("PLAINTEXT") : QStringLiteral("TLS");
    if (clientBroker() != impliedClientBroker)
        cmd << QStringLiteral("--encryption-in-transit") << clientBroker();
    if (atRestEncryption())
        cmd << QStringLiteral("--encryption-at-rest true");
    if (params.contains(QStringLiteral("ConfigurationInfo"))) {
        const QJsonObject info = params.value(QStringLiteral("ConfigurationInfo")).toObject();
        cmd << QStringLiteral("--configuration-arn")
            << shellQuote(info.value(QStringLiteral("Arn")).toString());
        if (info.contains(QStringLiteral("Revision")))
            cmd << QStringLiteral("--configuration-revision")
                << QString::number(info.value(QStringLiteral("Revision")).toInt());
    }
    if (params.contains(QStringLiteral("ServerProperties")))
        cmd << QStringLiteral("--server-properties server.properties");
    if (params.contains(QStringLiteral("EnhancedMonitoring")))
        cmd << QStringLiteral("--enhanced-monitoring")
            << params.value(QStringLiteral("EnhancedMonitoring")).toString();
    if (params.contains(QStringLiteral("OpenMonitoring")))
        cmd << QStringLiteral("--open-monitoring")
            << shellQuote(QString::fromUtf8(
                   QJsonDocument(params.value(QStringLiteral("OpenMonitoring")).toObject())
                       .toJson(QJsonDocument::Compact)));
    QString text = cmd.join(QLatin1Char(' '));
    if (params.contains(QStringLiteral("ServerProperties")))
        text = tr("# with your settings saved as server.properties") + QLatin1Char('\n') + text;
    // runnelctl has no option for InCluster: with TLS the agent encrypts between brokers.
    if (clientBroker() != QLatin1String("PLAINTEXT") && !inClusterEncryption())
        text = tr("# runnelctl always encrypts within the cluster with TLS; only the console "
                  "or the JSON below turns it off")
               + QLatin1Char('\n') + text;
    return text;
}

QList<ClusterSettingsModel::Setting> CreateClusterWizard::settings() const
{
    const QJsonObject params = request();
    const QString name = clusterName().isEmpty() ? QStringLiteral("—") : clusterName();
    QString config = tr("Runnel defaults");
    if (params.contains(QStringLiteral("ConfigurationInfo")))
        config = tr("%1, revision %2")
                     .arg(m_configuration->currentText(),
                          m_revision->value() > 0 ? QString::number(m_revision->value())
                                                  : tr("latest"));
    else if (params.contains(QStringLiteral("ServerProperties")))
        config = tr("Custom server.properties (%n line(s))",
                    nullptr,
                    int(params.value(QStringLiteral("ServerProperties"))
                            .toString()
                            .trimmed()
                            .split(QLatin1Char('\n'))
                            .size()));
    QStringList access;
    if (authentication(AuthNone))
        access << tr("Unauthenticated");
    if (authentication(AuthScram))
        access << tr("SASL/SCRAM");
    if (authentication(AuthTls))
        access << tr("TLS client certificates");
    if (access.isEmpty())
        access << tr("None chosen");
    QStringList prometheus;
    if (m_jmxExporter->isChecked())
        prometheus << tr("JMX Exporter");
    if (m_nodeExporter->isChecked())
        prometheus << tr("Node Exporter");
    return {
        {tr("Cluster name"), name, false},
        {tr("Cluster type"), tr("Provisioned"), false},
        {tr("Engine version"), tr("runneld %1").arg(QStringLiteral(RUNNEL_VERSION)), false},
        {tr("Brokers"),
         QString::number(params.value(QStringLiteral("NumberOfBrokerNodes")).toInt(1)),
         false},
        {tr("Zones (broker racks)"), tr("One rack"), false},
        {tr("Storage per broker"), tr("%1 GiB (can grow, never shrinks)").arg(volumeGiB()), true},
        {tr("Configuration"), config, true},
        {tr("Bind address"), tr("127.0.0.1 (loopback only)"), false},
        {tr("Ports"), tr("9092, or the next free port"), false},
        {tr("Client authentication"), access.join(QStringLiteral(", ")), true},
        {tr("Encryption between clients and brokers"), clientBroker(), true},
        {tr("Encryption within the cluster"), inClusterEncryption() ? tr("TLS") : tr("Off"), false},
        {tr("Encryption at rest"),
         atRestEncryption() ? tr("AES-256-GCM, key kept by the agent") : tr("None"),
         true},
        {tr("Enhanced monitoring"), m_monitoring->currentData().toString(), false},
        {tr("Open monitoring (Prometheus)"),
         prometheus.isEmpty() ? tr("Off") : prometheus.join(QStringLiteral(", ")),
         false},
        {tr("Auto-recovery"), tr("On: a broker that dies is restarted with its data"), false},
    };
}

int CreateClusterWizard::volumeGiB() const
{
    if (isQuickCreate() || !validateStorage(m_storage->text()).isEmpty())
        return kDefaultVolumeGiB;
    return m_storage->text().trimmed().toInt();
}

bool CreateClusterWizard::authentication(Authentication kind) const
{
    if (isQuickCreate())
        return kind == AuthNone;
    switch (kind) {
    case AuthNone:
        return m_authNone->isChecked();
    case AuthScram:
        return m_authScram->isChecked();
    case AuthTls:
        return m_authTls->isChecked();
    }
    return false;
}

QString CreateClusterWizard::clientBroker() const
{
    return isQuickCreate() ? QStringLiteral("PLAINTEXT") : m_clientBroker->currentData().toString();
}

bool CreateClusterWizard::inClusterEncryption() const
{
    return !isQuickCreate() && m_inCluster->isChecked();
}

void CreateClusterWizard::refreshSettingsViews()
{
    if (!m_quickName || !m_name || !m_monitoring || !m_jmxExporter || !m_storage || !m_authNone)
        return; // still building the pages
    const auto list = settings();
    m_quickSettings->setSettings(list);
    m_reviewSettings->setSettings(list);
    if (m_command)
        m_command->setPlainText(runnelctlCommand());
    if (m_json)
        m_json->setPlainText(
            QString::fromUtf8(QJsonDocument(awsCliInput()).toJson(QJsonDocument::Indented)));
}

void CreateClusterWizard::loadConfigurations()
{
    m_agent->call(QStringLiteral("ListConfigurations"), {}, this, [this](const AgentReply &r) {
        if (!r.ok)
            return;
        for (const QJsonValue &v : r.result.value(QStringLiteral("Configurations")).toArray()) {
            const QJsonObject c = v.toObject();
            m_configuration->addItem(c.value(QStringLiteral("Name")).toString(),
                                     c.value(QStringLiteral("Arn")).toString());
        }
    });
}

void CreateClusterWizard::exportJson()
{
    const QString path
        = QFileDialog::getSaveFileName(this,
                                       tr("Export cluster settings"),
                                       clusterName() + QStringLiteral("-create-cluster-v2.json"),
                                       tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QJsonDocument(awsCliInput()).toJson()) < 0)
        m_json->appendPlainText(QLatin1Char('\n')
                                + tr("Could not write %1: %2").arg(path, file.errorString()));
}

void CreateClusterWizard::startCreate()
{
    if (m_creating || m_done)
        return;
    m_creating = true;
    m_refusal.clear();
    m_refusalLabel->clear();
    m_changeSettings->hide();
    m_progress->hide();
    m_progressTitle->setText(tr("Asking the agent to create %1…").arg(clusterName()));
    m_agent->call(QStringLiteral("CreateClusterV2"), request(), this, [this](const AgentReply &r) {
        m_creating = false;
        if (!r.ok) {
            m_refusal = r.message;
            m_progressTitle->setText(tr("The agent did not create the cluster."));
            m_refusalLabel->setText(r.message);
            m_changeSettings->show();
            emit refused(r.message);
            return;
        }
        m_clusterArn = r.result.value(QStringLiteral("ClusterArn")).toString();
        m_progressTitle->setText(tr("Creating %1 (%2)…").arg(clusterName(), m_clusterArn));
        m_progress->show();
        m_progress->follow(m_clusterArn,
                           r.result.value(QStringLiteral("ClusterOperationArn")).toString());
        emit clusterCreated(m_clusterArn, clusterName());
    });
}

void CreateClusterWizard::checkMonitoringApplied()
{
    const QJsonObject sent = request();
    if (!sent.contains(QStringLiteral("EnhancedMonitoring"))
        && !sent.contains(QStringLiteral("OpenMonitoring")))
        return;
    m_agent->call(
        QStringLiteral("DescribeClusterV2"),
        {{QStringLiteral("ClusterArn"), m_clusterArn}},
        this,
        [this, sent](const AgentReply &r) {
            if (!r.ok)
                return;
            const QJsonObject info = r.result.value(QStringLiteral("ClusterInfo")).toObject();
            const QJsonObject provisioned = info.value(QStringLiteral("Provisioned")).toObject();
            QStringList missing;
            for (const QString &key :
                 {QStringLiteral("EnhancedMonitoring"), QStringLiteral("OpenMonitoring")}) {
                if (sent.contains(key) && !info.contains(key) && !provisioned.contains(key))
                    missing << key;
            }
            if (!missing.isEmpty())
                m_refusalLabel->setText(
                    tr("The agent created the cluster but did not report %1: this "
                       "agent does not apply those settings yet.")
                        .arg(missing.join(QStringLiteral(", "))));
        });
}

} // namespace runnel::ui
