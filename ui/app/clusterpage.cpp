#include "ui/app/clusterpage.h"

#include "ui/agent/agentservice.h"
#include "ui/app/brokerlogdialog.h"
#include "ui/app/clientinfodialog.h"
#include "ui/app/connectionstore.h"
#include "ui/app/connectiontester.h"
#include "ui/app/deleteclusterdialog.h"
#include "ui/app/operationprogress.h"
#include "ui/app/updatebrokersdialog.h"
#include "ui/app/updateconfigurationdialog.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/models/brokermodel.h"
#include "ui/models/clusterlistmodel.h"
#include "ui/models/operationmodel.h"
#include "ui/security/aclspage.h"
#include "ui/security/securitypage.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <csignal>
#include <sys/types.h>

namespace runnel::ui {

namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *l = new QLabel(QStringLiteral("—"), parent);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

QTableView *tableFor(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

QString securityText(ConnectionSettings::Security s)
{
    switch (s) {
    case ConnectionSettings::Security::Plaintext:
        return ClusterPage::tr("Plaintext, unauthenticated");
    case ConnectionSettings::Security::Ssl:
        return ClusterPage::tr("TLS");
    case ConnectionSettings::Security::SaslPlaintext:
        return ClusterPage::tr("SASL over plaintext");
    case ConnectionSettings::Security::SaslSsl:
        return ClusterPage::tr("SASL over TLS");
    }
    return {};
}

} // namespace

ClusterPage::ClusterPage(AgentService *agent,
                         const QString &clusterArn,
                         const QString &name,
                         QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_arn(clusterArn)
    , m_name(name)
    , m_brokers(new BrokerModel(this))
    , m_operations(new OperationModel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("clusterPage-") + name);
    auto *layout = new QVBoxLayout(this);
    buildHeader(this, layout);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("clusterTabs"));
    m_tabs->addTab(buildLocalOverview(), tr("Overview"));
    m_tabs->addTab(buildBrokersTab(), tr("Brokers"));
    m_tabs->addTab(new SecurityPage(agent, clusterArn, m_tabs), tr("Security"));
    layout->addWidget(m_tabs, 1);
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &ClusterPage::refresh);
}

ClusterPage::ClusterPage(ConnectionStore *store,
                         const ConnectionSettings &connection,
                         QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_external(true)
    , m_name(connection.name)
    , m_connection(connection)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("connectionPage-") + connection.name);
    auto *layout = new QVBoxLayout(this);
    buildHeader(this, layout);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("clusterTabs"));
    m_tabs->addTab(buildExternalOverview(), tr("Overview"));
    // ACLs over the Kafka protocol, as the connection's principal.
    m_tabs->addTab(new AclsPage(new KafkaService(connection, this), m_tabs), tr("ACLs"));
    layout->addWidget(m_tabs, 1);
}

void ClusterPage::buildHeader(QWidget *parent, QVBoxLayout *layout)
{
    auto *row = new QHBoxLayout;
    m_title = new QLabel(m_name, parent);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    m_title->setFont(f);
    m_stateLabel = new QLabel(parent);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    row->addWidget(m_title);
    row->addSpacing(12);
    row->addWidget(m_stateLabel);
    row->addStretch();
    auto *clientInfo = new QPushButton(tr("View client information"), parent);
    connect(clientInfo, &QPushButton::clicked, this, &ClusterPage::showClientInformation);
    row->addWidget(clientInfo);
    if (!m_external) {
        m_updateButton = new QPushButton(tr("Update configuration…"), parent);
        m_storageButton = new QPushButton(tr("Update storage…"), parent);
        m_storageButton->setObjectName(QStringLiteral("updateStorageButton"));
        m_addBrokersButton = new QPushButton(tr("Broker count…"), parent);
        m_addBrokersButton->setObjectName(QStringLiteral("addBrokersButton"));
        m_deleteButton = new QPushButton(tr("Delete…"), parent);
        connect(m_updateButton, &QPushButton::clicked, this, &ClusterPage::updateConfiguration);
        connect(m_storageButton, &QPushButton::clicked, this, &ClusterPage::updateStorage);
        connect(m_addBrokersButton, &QPushButton::clicked, this, &ClusterPage::addBrokers);
        connect(m_deleteButton, &QPushButton::clicked, this, &ClusterPage::deleteCluster);
        row->addWidget(m_updateButton);
        row->addWidget(m_storageButton);
        row->addWidget(m_addBrokersButton);
        row->addWidget(m_deleteButton);
    } else {
        auto *edit = new QPushButton(tr("Edit…"), parent);
        auto *remove = new QPushButton(tr("Remove…"), parent);
        connect(
            edit, &QPushButton::clicked, this, [this] { emit editConnectionRequested(m_name); });
        connect(remove, &QPushButton::clicked, this, [this] {
            emit removeConnectionRequested(m_name);
        });
        row->addWidget(edit);
        row->addWidget(remove);
    }
    layout->addLayout(row);
    m_message = new QLabel(parent);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);
}

QWidget *ClusterPage::buildLocalOverview()
{
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);

    auto *top = new QHBoxLayout;
    auto *cluster = new QGroupBox(tr("Cluster"), page);
    m_form = new QFormLayout(cluster);
    m_arnValue = valueLabel(cluster);
    m_brokersValue = valueLabel(cluster);
    m_createdValue = valueLabel(cluster);
    m_configValue = valueLabel(cluster);
    m_dirValue = valueLabel(cluster);
    m_storageValue = valueLabel(cluster);
    m_storageValue->setObjectName(QStringLiteral("storageValue"));
    m_form->addRow(tr("ARN"), m_arnValue);
    m_form->addRow(tr("Brokers"), m_brokersValue);
    m_form->addRow(tr("Storage per broker"), m_storageValue);
    m_form->addRow(tr("Created"), m_createdValue);
    m_form->addRow(tr("Configuration"), m_configValue);
    m_form->addRow(tr("Data directory"), m_dirValue);
    top->addWidget(cluster, 3);

    auto *bootstrap = new QGroupBox(tr("Bootstrap servers"), page);
    auto *bform = new QFormLayout(bootstrap);
    // One row per listener kind GetBootstrapBrokers can report; absent kinds say so.
    const QList<QPair<QString, QString>> kinds{
        {QStringLiteral("BootstrapBrokerString"), tr("Plaintext")},
        {QStringLiteral("BootstrapBrokerStringTls"), tr("TLS")},
        {QStringLiteral("BootstrapBrokerStringSaslScram"), tr("SASL/SCRAM")},
    };
    for (const auto &[key, label] : kinds) {
        auto *row = new QHBoxLayout;
        auto *field = new QLineEdit(bootstrap);
        field->setReadOnly(true);
        field->setObjectName(key);
        field->setPlaceholderText(tr("Not enabled"));
        field->setToolTip(tr("Empty while the cluster has no %1 listener; the cluster's "
                             "security settings (chosen at creation) decide which exist.")
                              .arg(label));
        auto *copy = new QPushButton(tr("Copy"), bootstrap);
        copy->setEnabled(false);
        connect(copy, &QPushButton::clicked, this, [field] {
            QApplication::clipboard()->setText(field->text());
        });
        row->addWidget(field);
        row->addWidget(copy);
        bform->addRow(label, row);
        m_bootstrapFields.append({key, label, field, copy});
    }
    top->addWidget(bootstrap, 2);
    layout->addLayout(top);

    auto *brokers = new QGroupBox(tr("Brokers"), page);
    auto *blayout = new QVBoxLayout(brokers);
    auto *table = tableFor(m_brokers, brokers);
    for (int c = BrokerModel::PortColumn; c < BrokerModel::ColumnCount; ++c)
        table->hideColumn(c);
    table->setMinimumHeight(90);
    table->setMaximumHeight(150);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    blayout->addWidget(table);
    layout->addWidget(brokers);

    m_activeBox = new QGroupBox(tr("Operation in progress"), page);
    auto *alayout = new QVBoxLayout(m_activeBox);
    m_progress = new OperationProgress(m_agent, m_activeBox);
    m_progress->setMinimumHeight(150);
    alayout->addWidget(m_progress);
    m_activeBox->hide();
    layout->addWidget(m_activeBox);

    auto *ops = new QGroupBox(tr("Recent operations"), page);
    auto *olayout = new QVBoxLayout(ops);
    auto *opTable = tableFor(m_operations, ops);
    opTable->setObjectName(QStringLiteral("operationsTable"));
    opTable->setMinimumHeight(140);
    opTable->setWordWrap(false);
    connect(m_operations,
            &QAbstractItemModel::rowsInserted,
            opTable,
            &QTableView::resizeColumnsToContents);
    connect(m_operations,
            &QAbstractItemModel::modelReset,
            opTable,
            &QTableView::resizeColumnsToContents);
    olayout->addWidget(opTable);
    layout->addWidget(ops, 1);

    scroll->setWidget(page);
    return scroll;
}

QWidget *ClusterPage::buildBrokersTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_rebootButton = new QPushButton(tr("Reboot"), page);
    m_rebootButton->setToolTip(tr("Restart the selected broker (RebootBroker)"));
    m_killButton = new QPushButton(tr("Kill (fault lab)"), page);
    m_killButton->setObjectName(QStringLiteral("killButton"));
    m_killButton->setToolTip(
        tr("Send SIGKILL to the selected broker's process; the agent heals it"));
    m_logButton = new QPushButton(tr("View log"), page);
    connect(m_rebootButton, &QPushButton::clicked, this, &ClusterPage::confirmReboot);
    connect(m_killButton, &QPushButton::clicked, this, &ClusterPage::confirmKill);
    connect(m_logButton, &QPushButton::clicked, this, &ClusterPage::showBrokerLog);
    row->addWidget(m_rebootButton);
    row->addWidget(m_killButton);
    row->addWidget(m_logButton);
    row->addStretch();
    layout->addLayout(row);
    m_brokerTable = tableFor(m_brokers, page);
    m_brokerTable->setObjectName(QStringLiteral("brokerTable"));
    m_brokerTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(
        m_brokerTable, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
            if (!m_brokerTable->indexAt(pos).isValid())
                return;
            QMenu menu(this);
            menu.addAction(tr("Reboot"), this, &ClusterPage::confirmReboot);
            menu.addAction(tr("Kill (fault lab)"), this, &ClusterPage::confirmKill);
            menu.addAction(tr("View log"), this, &ClusterPage::showBrokerLog);
            menu.exec(m_brokerTable->viewport()->mapToGlobal(pos));
        });
    connect(m_brokerTable, &QTableView::doubleClicked, this, &ClusterPage::showBrokerLog);
    layout->addWidget(m_brokerTable, 1);
    auto *note = new QLabel(tr("Leader and partition counts, disk, CPU and memory appear when the "
                               "agent reports broker metrics; until then they show “—”."),
                            page);
    note->setWordWrap(true);
    note->setEnabled(false);
    layout->addWidget(note);
    return page;
}

QWidget *ClusterPage::buildExternalOverview()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *box = new QGroupBox(tr("Connection"), page);
    auto *form = new QFormLayout(box);
    auto *bootstrap = valueLabel(box);
    bootstrap->setText(m_connection.bootstrapServers);
    form->addRow(tr("Bootstrap servers"), bootstrap);
    auto *security = valueLabel(box);
    security->setText(securityText(m_connection.security));
    form->addRow(tr("Security"), security);
    if (m_connection.usesSasl()) {
        auto *user = valueLabel(box);
        static const char *const mechanisms[] = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"};
        user->setText(QStringLiteral("%1 (%2)").arg(
            m_connection.username, QLatin1String(mechanisms[int(m_connection.mechanism)])));
        form->addRow(tr("User"), user);
    }
    if (m_connection.usesTls()) {
        auto *ca = valueLabel(box);
        ca->setText(m_connection.caFile.isEmpty() ? tr("System certificate store")
                                                  : m_connection.caFile);
        form->addRow(tr("CA certificate"), ca);
    }
    layout->addWidget(box);
    auto *row = new QHBoxLayout;
    m_testButton = new QPushButton(tr("Test connection"), page);
    connect(m_testButton, &QPushButton::clicked, this, &ClusterPage::testConnection);
    row->addWidget(m_testButton);
    row->addStretch();
    layout->addLayout(row);
    m_testResult = new QLabel(tr("Not tested yet."), page);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_testResult);
    layout->addStretch();
    return page;
}

int ClusterPage::addTab(QWidget *page, const QString &label)
{
    return m_tabs->addTab(page, label);
}

ConnectionSettings ClusterPage::connectionSettings() const
{
    if (m_external)
        return m_connection;
    ConnectionSettings s;
    s.name = m_name;
    s.bootstrapServers = m_bootstrap;
    s.clusterArn = m_arn;
    return s;
}

void ClusterPage::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

void ClusterPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_external) {
        refresh();
        m_timer->start();
    } else if (!m_tested) {
        m_tested = true; // an external cluster is tested once, when first shown
        testConnection();
    }
}

void ClusterPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void ClusterPage::refresh()
{
    if (m_external || m_inFlight > 0 || m_gone)
        return;
    const QJsonObject params{{QStringLiteral("ClusterArn"), m_arn}};
    m_inFlight = 4;
    m_agent->call(
        QStringLiteral("GetBootstrapBrokers"),
        params,
        this,
        [this](const AgentReply &r) {
            --m_inFlight;
            if (!r.ok)
                return;
            for (const BootstrapField &f : std::as_const(m_bootstrapFields)) {
                const QString value = r.result.value(f.key).toString();
                if (f.field->text() != value)
                    f.field->setText(value);
                f.copy->setEnabled(!value.isEmpty());
            }
        },
        5000);
    m_agent->call(
        QStringLiteral("DescribeClusterV2"),
        params,
        this,
        [this](const AgentReply &r) {
            --m_inFlight;
            if (r.ok) {
                applyDescribe(r.result.value(QStringLiteral("ClusterInfo")).toObject());
            } else if (r.code == QLatin1String("NotFoundException")) {
                m_gone = true;
                m_timer->stop();
                setState(QStringLiteral("DELETED"));
                emit clusterGone(m_arn);
            } else {
                m_message->setText(r.message);
                m_message->show();
            }
        },
        5000);
    m_agent->call(
        QStringLiteral("ListNodes"),
        params,
        this,
        [this](const AgentReply &r) {
            --m_inFlight;
            if (r.ok) {
                m_nodeInfo = r.result.value(QStringLiteral("NodeInfoList")).toArray();
                m_brokers->setNodes(m_nodeInfo);
            }
        },
        5000);
    m_agent->call(
        QStringLiteral("ListClusterOperations"),
        params,
        this,
        [this](const AgentReply &r) {
            --m_inFlight;
            if (r.ok)
                m_operations->setOperations(
                    r.result.value(QStringLiteral("ClusterOperationInfoList")).toArray());
        },
        5000);
}

void ClusterPage::applyDescribe(const QJsonObject &info)
{
    m_message->hide();
    m_bootstrap = info.value(QStringLiteral("BootstrapBrokerString")).toString();
    m_arnValue->setText(m_arn);
    const QJsonObject provisioned = info.value(QStringLiteral("Provisioned")).toObject();
    m_brokerCount = provisioned.value(QStringLiteral("NumberOfBrokerNodes")).toInt();
    m_brokersValue->setText(QString::number(m_brokerCount));
    const QJsonObject ebs = provisioned.value(QStringLiteral("BrokerNodeGroupInfo"))
                                .toObject()
                                .value(QStringLiteral("StorageInfo"))
                                .toObject()
                                .value(QStringLiteral("EbsStorageInfo"))
                                .toObject();
    m_volumeMiB = ebs.contains(QStringLiteral("VolumeSizeMiB"))
                      ? qint64(ebs.value(QStringLiteral("VolumeSizeMiB")).toDouble())
                      : qint64(ebs.value(QStringLiteral("VolumeSize")).toDouble()) * 1024;
    m_storageValue->setText(m_volumeMiB <= 0 ? QStringLiteral("—")
                            : m_volumeMiB % 1024 == 0
                                ? tr("%1 GiB (EBS volume)").arg(m_volumeMiB / 1024)
                                : tr("%1 MiB (EBS volume)").arg(m_volumeMiB));
    m_createdValue->setText(
        OperationModel::timeText(info.value(QStringLiteral("CreationTime")).toString()));
    const QJsonObject config = info.value(QStringLiteral("CurrentConfiguration")).toObject();
    m_configValue->setText(config.isEmpty()
                               ? tr("Runnel defaults")
                               : tr("%1, revision %2")
                                     .arg(config.value(QStringLiteral("Arn"))
                                              .toString()
                                              .section(QLatin1Char('/'), 1, 1))
                                     .arg(config.value(QStringLiteral("Revision")).toInt()));
    m_configValue->setToolTip(config.value(QStringLiteral("Arn")).toString());
    m_dirValue->setText(info.value(QStringLiteral("DataDirectory")).toString());
    const QString active = info.value(QStringLiteral("ActiveOperationArn")).toString();
    if (!active.isEmpty())
        followOperation(active);
    setState(info.value(QStringLiteral("State")).toString());
}

void ClusterPage::followOperation(const QString &operationArn)
{
    if (!m_progress)
        return;
    static const char *const kFollowing = "followingOperation";
    if (m_progress->property(kFollowing).toString() == operationArn)
        return;
    m_progress->setProperty(kFollowing, operationArn);
    m_activeBox->show();
    m_progress->follow(m_arn, operationArn);
    connect(
        m_progress,
        &OperationProgress::finished,
        this,
        [this] {
            QTimer::singleShot(5000, m_activeBox, [this] {
                if (m_progress->isFinished())
                    m_activeBox->hide();
            });
            refresh();
        },
        Qt::SingleShotConnection);
}

void ClusterPage::setState(const QString &state)
{
    const auto health = ClusterListModel::healthOf(state);
    const QString text
        = state == QLatin1String("DELETED") ? tr("Deleted") : ClusterListModel::stateText(state);
    m_stateLabel->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2")
            .arg(ClusterListModel::healthColor(health).name(), text.toHtmlEscaped()));
    const bool active = state == QLatin1String("ACTIVE");
    const bool failed = state == QLatin1String("FAILED");
    if (m_rebootButton) {
        m_rebootButton->setEnabled(active || failed);
        m_killButton->setEnabled(active);
        m_updateButton->setEnabled(active);
        m_storageButton->setEnabled(active && m_volumeMiB > 0);
        m_addBrokersButton->setEnabled(active && m_brokerCount > 0);
        m_deleteButton->setEnabled(state != QLatin1String("DELETING")
                                   && state != QLatin1String("DELETED"));
    }
    if (state == m_state)
        return;
    m_state = state;
    m_stateHistory.append(state);
    emit stateChanged(state);
}

int ClusterPage::selectedBrokerId() const
{
    if (!m_brokerTable)
        return -1;
    const QModelIndexList rows = m_brokerTable->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        return rows.first().data(BrokerModel::BrokerIdRole).toInt();
    if (m_brokers->rowCount() == 1) // one broker: no need to select it
        return m_brokers->index(0, 0).data(BrokerModel::BrokerIdRole).toInt();
    return -1;
}

bool ClusterPage::killBroker(int id, QString *error)
{
    const BrokerModel::Broker *b = m_brokers->broker(id);
    const auto fail = [error](const QString &sentence) {
        if (error)
            *error = sentence;
        return false;
    };
    if (!b || b->pid <= 0 || b->state != QLatin1String("RUNNING"))
        return fail(tr("Broker %1 is not running, so there is no process to kill.").arg(id));
    // Only ever a runneld: the pid comes from the agent, but a stale pid could be reused.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(b->pid));
    if (!cmdline.open(QIODevice::ReadOnly) || !cmdline.readAll().contains("runneld"))
        return fail(
            tr("Process %1 is no longer broker %2; refresh and try again.").arg(b->pid).arg(id));
    if (::kill(pid_t(b->pid), SIGKILL) != 0)
        return fail(tr("Could not kill process %1: %2")
                        .arg(b->pid)
                        .arg(QString::fromLocal8Bit(strerror(errno))));
    emit message(
        tr("Broker %1 (process %2) was killed; the agent will heal it.").arg(id).arg(b->pid));
    refresh();
    return true;
}

void ClusterPage::confirmKill()
{
    const int id = selectedBrokerId();
    if (id < 0) {
        QMessageBox::information(this, tr("Kill broker"), tr("Select a broker first."));
        return;
    }
    const BrokerModel::Broker *b = m_brokers->broker(id);
    const auto answer = QMessageBox::warning(
        this,
        tr("Kill broker"),
        tr("Kill broker %1 of %2 with SIGKILL (process %3)? Clients lose their connections to it; "
           "the agent detects the exit and heals the broker (HEALING, then ACTIVE).")
            .arg(id)
            .arg(m_name)
            .arg(b ? b->pid : 0),
        QMessageBox::Yes | QMessageBox::Cancel,
        QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    QString error;
    if (!killBroker(id, &error))
        QMessageBox::warning(this, tr("Kill broker"), error);
}

void ClusterPage::rebootBroker(int id)
{
    m_agent->call(
        QStringLiteral("RebootBroker"),
        {{QStringLiteral("ClusterArn"), m_arn}, {QStringLiteral("BrokerIds"), QJsonArray{id}}},
        this,
        [this](const AgentReply &r) {
            if (!r.ok) {
                QMessageBox::warning(this, tr("Reboot broker"), r.message);
                return;
            }
            followOperation(r.result.value(QStringLiteral("ClusterOperationArn")).toString());
            refresh();
        });
}

void ClusterPage::confirmReboot()
{
    const int id = selectedBrokerId();
    if (id < 0) {
        QMessageBox::information(this, tr("Reboot broker"), tr("Select a broker first."));
        return;
    }
    const auto answer = QMessageBox::question(
        this,
        tr("Reboot broker"),
        tr("Reboot broker %1 of %2? It stops cleanly and starts again with the same data.")
            .arg(id)
            .arg(m_name),
        QMessageBox::Yes | QMessageBox::Cancel,
        QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        rebootBroker(id);
}

void ClusterPage::showBrokerLog()
{
    const int id = selectedBrokerId();
    const BrokerModel::Broker *b = id < 0 ? nullptr : m_brokers->broker(id);
    if (!b) {
        QMessageBox::information(this, tr("Broker log"), tr("Select a broker first."));
        return;
    }
    auto *dialog = new BrokerLogDialog(b->logFile, tr("%1 — broker %2").arg(m_name).arg(id), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

QList<QPair<QString, QString>> ClusterPage::bootstrapByListener() const
{
    if (m_external) {
        static const char *const kinds[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
        return {{QLatin1String(kinds[int(m_connection.security)]), m_connection.bootstrapServers}};
    }
    QList<QPair<QString, QString>> list;
    for (const BootstrapField &f : m_bootstrapFields)
        list.append(
            {f.label,
             f.field->text().isEmpty() ? tr("Not enabled on this cluster") : f.field->text()});
    return list;
}

void ClusterPage::showClientInformation()
{
    ClientInfoDialog dialog(connectionSettings(), bootstrapByListener(), this);
    dialog.exec();
}

void ClusterPage::updateConfiguration()
{
    auto *dialog = new UpdateConfigurationDialog(m_agent, m_arn, m_name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UpdateConfigurationDialog::operationStarted, this, [this](const QString &op) {
        followOperation(op);
        refresh();
    });
    dialog->show();
}

UpdateBrokersDialog *ClusterPage::openUpdateStorage()
{
    return openUpdateBrokers(UpdateBrokersDialog::Kind::Storage, m_volumeMiB);
}

UpdateBrokersDialog *ClusterPage::openAddBrokers()
{
    UpdateBrokersDialog *dialog
        = openUpdateBrokers(UpdateBrokersDialog::Kind::BrokerCount, m_brokerCount);
    dialog->setNodes(m_nodeInfo);
    return dialog;
}

UpdateBrokersDialog *ClusterPage::openUpdateBrokers(UpdateBrokersDialog::Kind kind, qint64 current)
{
    auto *dialog = new UpdateBrokersDialog(kind, m_agent, m_arn, m_name, current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UpdateBrokersDialog::operationStarted, this, [this](const QString &op) {
        followOperation(op);
        refresh();
    });
    dialog->show();
    return dialog;
}

void ClusterPage::updateStorage()
{
    openUpdateStorage();
}

void ClusterPage::addBrokers()
{
    openAddBrokers();
}

void ClusterPage::deleteCluster()
{
    DeleteClusterDialog dialog(m_name, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_agent->call(QStringLiteral("DeleteCluster"),
                  {{QStringLiteral("ClusterArn"), m_arn}},
                  this,
                  [this](const AgentReply &r) {
                      if (!r.ok) {
                          QMessageBox::warning(this, tr("Delete cluster"), r.message);
                          return;
                      }
                      emit message(tr("Deleting cluster %1…").arg(m_name));
                      followOperation(
                          r.result.value(QStringLiteral("ClusterOperationArn")).toString());
                      refresh();
                  });
}

void ClusterPage::testConnection()
{
    if (!m_external)
        return;
    m_testButton->setEnabled(false);
    m_testResult->setText(tr("Testing the connection…"));
    QPointer<ClusterPage> self(this);
    const auto run = [self](const ConnectionSettings &settings) {
        if (!self)
            return;
        auto *watcher = new QFutureWatcher<ConnectionTestResult>(self);
        connect(watcher, &QFutureWatcher<ConnectionTestResult>::finished, self, [self, watcher] {
            watcher->deleteLater();
            const ConnectionTestResult result = watcher->result();
            self->m_testButton->setEnabled(true);
            QString text = result.message;
            for (const auto &b : result.brokers)
                text += QStringLiteral("\n")
                        + tr("Broker %1 at %2:%3").arg(b.id).arg(b.host).arg(b.port);
            if (!result.clusterId.isEmpty())
                text += QStringLiteral("\n") + tr("Cluster id: %1").arg(result.clusterId);
            self->m_testResult->setText(text);
            self->setState(result.ok ? QStringLiteral("REACHABLE") : QStringLiteral("UNREACHABLE"));
            emit self->connectionTested(result.ok, int(result.brokers.size()));
        });
        watcher->setFuture(ui::testConnection(settings));
    };
    if (m_connection.usesSasl() && m_connection.password.isEmpty() && m_store) {
        m_store->loadPassword(m_connection.name, this, [this, run](const QString &password) {
            m_connection.password = password;
            run(m_connection);
        });
    } else {
        run(m_connection);
    }
}

} // namespace runnel::ui
