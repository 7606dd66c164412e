#include "ui/app/mainwindow.h"

#include "ui/agent/agentservice.h"
#include "ui/app/auditview.h"
#include "ui/app/clusterareas.h"
#include "ui/app/clusterpage.h"
#include "ui/app/connectiondialog.h"
#include "ui/app/connectionstore.h"
#include "ui/app/createclusterwizard.h"
#include "ui/app/theme.h"
#include "ui/models/clusterlistmodel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace runnel::ui {

MainWindow::MainWindow(AgentService *agent, QWidget *parent)
    : QMainWindow(parent)
    , m_agent(agent)
    , m_store(new ConnectionStore(this))
    , m_clusters(new ClusterListModel(this))
    , m_splitter(new QSplitter(this))
    , m_list(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_welcome(buildWelcome())
    , m_audit(new AuditView(agent, this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Runnel"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/runnel.png")));

    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    auto *heading = new QLabel(tr("Clusters"), left);
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);
    leftLayout->addWidget(heading);
    m_list->setObjectName(QStringLiteral("clusterList"));
    m_list->setModel(m_clusters);
    m_list->verticalHeader()->hide();
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setShowGrid(false);
    m_list->hideColumn(ClusterListModel::BootstrapColumn);
    m_list->horizontalHeader()->setSectionResizeMode(ClusterListModel::NameColumn,
                                                     QHeaderView::Stretch);
    // Wide enough for the longest state word in this language: no state is ever elided.
    int stateWidth = m_list->fontMetrics().horizontalAdvance(
        m_clusters->headerData(ClusterListModel::StateColumn, Qt::Horizontal, Qt::DisplayRole)
            .toString());
    for (const char *state : {"ACTIVE",
                              "CREATING",
                              "UPDATING",
                              "REBOOTING_BROKER",
                              "HEALING",
                              "DELETING",
                              "FAILED",
                              "REACHABLE",
                              "UNREACHABLE",
                              "UNTESTED"})
        stateWidth = qMax(stateWidth,
                          m_list->fontMetrics().horizontalAdvance(
                              ClusterListModel::stateText(QString::fromLatin1(state))));
    m_list->horizontalHeader()->setSectionResizeMode(ClusterListModel::StateColumn,
                                                     QHeaderView::Fixed);
    m_list->setColumnWidth(ClusterListModel::StateColumn, stateWidth + 16);
    m_list->horizontalHeader()->setSectionResizeMode(ClusterListModel::BrokersColumn,
                                                     QHeaderView::Fixed);
    m_list->setColumnWidth(
        ClusterListModel::BrokersColumn,
        m_list->fontMetrics().horizontalAdvance(
            m_clusters->headerData(ClusterListModel::BrokersColumn, Qt::Horizontal, Qt::DisplayRole)
                .toString())
            + 20);
    leftLayout->addWidget(m_list, 1);
    auto *create = new QPushButton(tr("Create cluster…"), left);
    auto *add = new QPushButton(tr("Add external cluster…"), left);
    connect(create, &QPushButton::clicked, this, &MainWindow::openCreateWizard);
    connect(add, &QPushButton::clicked, this, &MainWindow::addConnection);
    leftLayout->addWidget(create);
    leftLayout->addWidget(add);

    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_audit);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({340, 940});
    setCentralWidget(m_splitter);
    statusBar()->addWidget(m_status, 1);
    buildActions();

    connect(m_list->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &MainWindow::onSelectionChanged);
    connect(m_store, &ConnectionStore::changed, this, &MainWindow::reloadConnections);
    connect(m_clusters,
            &QAbstractItemModel::rowsAboutToBeRemoved,
            this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row) {
                    const QString key
                        = m_clusters->index(row, 0).data(ClusterListModel::KeyRole).toString();
                    if (ClusterPage *page = m_pages.take(key)) {
                        if (m_stack->currentWidget() == page)
                            m_stack->setCurrentWidget(m_welcome);
                        page->deleteLater();
                    }
                }
            });
    connect(m_agent, &AgentService::availabilityChanged, this, [this](bool available) {
        if (available)
            setStatus(tr("Connected to runnel-agent (%1)").arg(m_agent->socketPath()), false);
        else
            setStatus(
                tr("runnel-agent does not answer on %1; retrying…").arg(m_agent->socketPath()),
                true);
    });
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &MainWindow::refresh);

    reloadConnections();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);

    auto *file = menuBar()->addMenu(tr("&File"));
    auto *createAction = file->addAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder),
                                         tr("&Create cluster…"),
                                         this,
                                         &MainWindow::openCreateWizard);
    createAction->setShortcut(QKeySequence::New);
    auto *addAction = file->addAction(style()->standardIcon(QStyle::SP_DriveNetIcon),
                                      tr("&Add external cluster…"),
                                      this,
                                      &MainWindow::addConnection);
    addAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto *cluster = menuBar()->addMenu(tr("&Cluster"));
    auto *info = cluster->addAction(tr("View client &information"), this, [this] {
        if (ClusterPage *p = currentClusterPage())
            p->showClientInformation();
    });
    info->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    cluster->addAction(tr("&Update configuration…"), this, [this] {
        if (ClusterPage *p = currentClusterPage(); p && !p->isExternal())
            p->updateConfiguration();
    });
    cluster->addAction(tr("&Delete cluster…"), this, [this] {
        if (ClusterPage *p = currentClusterPage(); p && !p->isExternal())
            p->deleteCluster();
    });

    auto *view = menuBar()->addMenu(tr("&View"));
    auto *refreshAction = view->addAction(style()->standardIcon(QStyle::SP_BrowserReload),
                                          tr("&Refresh"),
                                          this,
                                          &MainWindow::refresh);
    refreshAction->setShortcut(QKeySequence::Refresh);
    auto *auditAction = view->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView),
                                        tr("&Audit log"),
                                        this,
                                        &MainWindow::showAuditLog);
    auditAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    auto *clusterList = view->addAction(tr("Cluster &list"), this, [this] { m_list->setFocus(); });
    clusterList->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    view->addSeparator();
    auto *language = view->addMenu(tr("&Language"));
    auto *group = new QActionGroup(language);
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    for (const auto &[code, label] : {std::pair{QString(), tr("System language")},
                                      std::pair{QStringLiteral("en"), QStringLiteral("English")},
                                      std::pair{QStringLiteral("ko"), QStringLiteral("한국어")}}) {
        QAction *a = language->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("language"), code);
            QMessageBox::information(
                this, tr("Language"), tr("The new language applies the next time Runnel starts."));
        });
    }

    auto *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Runnel"), this, [this] {
        QMessageBox::about(
            this,
            tr("About Runnel"),
            tr("<b>Runnel</b> %1<br>A managed Kafka service on the desktop.<br>Apache-2.0.")
                .arg(QCoreApplication::applicationVersion()));
    });

    toolbar->addAction(createAction);
    toolbar->addAction(addAction);
    toolbar->addAction(auditAction);
    toolbar->addAction(refreshAction);
}

QWidget *MainWindow::buildWelcome()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *icon = new QLabel(page);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/runnel.png")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    auto *title = new QLabel(tr("Runnel"), page);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 2.2);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto *text = new QLabel(
        tr("Kafka clusters on this computer, managed like MSK: created in seconds, healed when a "
           "broker dies, every change audited.\nSelect a cluster on the left, or create one."),
        page);
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    layout->addWidget(text);
    auto *row = new QHBoxLayout;
    row->addStretch();
    auto *create = new QPushButton(tr("Create cluster…"), page);
    auto *add = new QPushButton(tr("Add external cluster…"), page);
    connect(create, &QPushButton::clicked, this, &MainWindow::openCreateWizard);
    connect(add, &QPushButton::clicked, this, &MainWindow::addConnection);
    row->addWidget(create);
    row->addWidget(add);
    row->addStretch();
    layout->addLayout(row);
    layout->addStretch(1);
    return page;
}

void MainWindow::setStatus(const QString &text, bool problem)
{
    m_status->setText(problem ? QStringLiteral("<span style=\"color:%1\">%2</span>")
                                    .arg(errorColor(palette()).name(), text.toHtmlEscaped())
                              : text.toHtmlEscaped());
}

QString MainWindow::agentStatus() const
{
    return m_status->text();
}

void MainWindow::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

void MainWindow::start(bool createDefault)
{
    m_createDefault = createDefault;
    setStatus(tr("Starting runnel-agent…"), false);
    m_agent->ensureAgent(this, [this](const AgentReply &r) {
        m_agentOk = r.ok;
        emit agentReady(r.ok, r.message);
        if (!r.ok) {
            setStatus(tr("Could not start runnel-agent: %1").arg(r.message), true);
            // Keep polling: the agent may be started by hand or come back.
        } else {
            setStatus(tr("Connected to runnel-agent (%1)").arg(m_agent->socketPath()), false);
        }
        m_started = true;
        m_timer->start();
        refresh();
        if (r.ok && m_createDefault)
            createDefaultCluster();
    });
}

void MainWindow::refresh()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_agent->call(
        QStringLiteral("ListClustersV2"),
        {},
        this,
        [this](const AgentReply &r) {
            m_inFlight = false;
            if (!r.ok) {
                if (r.code != QLatin1String("AgentUnavailable"))
                    setStatus(r.message, true);
                return;
            }
            const QString selected = currentClusterPage() ? currentClusterPage()->key() : QString();
            m_clusters->setLocalClusters(
                r.result.value(QStringLiteral("ClusterInfoList")).toArray());
            if (!selected.isEmpty())
                selectCluster(selected);
            emit clustersRefreshed();
            if (m_offerDefault && !m_offered && !m_createDefault)
                offerDefaultCluster();
        },
        5000);
}

void MainWindow::offerDefaultCluster()
{
    m_offered = true;
    if (m_clusters->rowCount() > 0
        || QSettings().value(QStringLiteral("firstRun/defaultOffered")).toBool())
        return;
    QSettings().setValue(QStringLiteral("firstRun/defaultOffered"), true);
    auto *box = new QMessageBox(
        QMessageBox::Question,
        tr("Welcome to Runnel"),
        tr("There is no cluster yet. Create the default local cluster “local” now? It "
           "listens on 127.0.0.1:9092 and is ready in seconds."),
        QMessageBox::Yes | QMessageBox::No,
        this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            createDefaultCluster();
    });
    box->open();
}

void MainWindow::createDefaultCluster()
{
    const QString name = QStringLiteral("local");
    m_agent->call(
        QStringLiteral("DescribeClusterV2"),
        {{QStringLiteral("ClusterName"), name}},
        this,
        [this, name](const AgentReply &r) {
            if (r.ok) {
                const QString arn = r.result.value(QStringLiteral("ClusterInfo"))
                                        .toObject()
                                        .value(QStringLiteral("ClusterArn"))
                                        .toString();
                emit defaultClusterRequested(true, tr("The cluster %1 exists already.").arg(name));
                refresh();
                QTimer::singleShot(300, this, [this, arn] { selectCluster(arn); });
                return;
            }
            m_agent->call(
                QStringLiteral("CreateClusterV2"),
                // Three brokers, as MSK's smallest multi-AZ cluster: RF 3, min.isr 2.
                {{QStringLiteral("ClusterName"), name}, {QStringLiteral("NumberOfBrokerNodes"), 3}},
                this,
                [this, name](const AgentReply &c) {
                    if (!c.ok) {
                        setStatus(tr("Could not create %1: %2").arg(name, c.message), true);
                        emit defaultClusterRequested(false, c.message);
                        return;
                    }
                    const QString arn = c.result.value(QStringLiteral("ClusterArn")).toString();
                    setStatus(tr("Creating cluster %1…").arg(name), false);
                    emit defaultClusterRequested(true, QString());
                    refresh();
                    QTimer::singleShot(300, this, [this, arn] { selectCluster(arn); });
                });
        });
}

void MainWindow::reloadConnections()
{
    QList<QPair<QString, QString>> list;
    for (const ConnectionSettings &c : m_store->connections())
        list.append({c.name, c.bootstrapServers});
    m_clusters->setExternalConnections(list);
}

ClusterPage *MainWindow::clusterPage(const QString &key)
{
    if (ClusterPage *page = m_pages.value(key))
        return page;
    const ClusterListModel::Row *row = m_clusters->rowFor(key);
    if (!row)
        return nullptr;
    ClusterPage *page = nullptr;
    if (row->external) {
        const auto connection = m_store->connection(key);
        if (!connection)
            return nullptr;
        page = new ClusterPage(m_store, *connection, m_stack);
        connect(page, &ClusterPage::connectionTested, this, [this, key](bool ok, int brokers) {
            m_clusters->setConnectionReachable(key, ok, brokers);
        });
        connect(page, &ClusterPage::editConnectionRequested, this, &MainWindow::editConnection);
        connect(page, &ClusterPage::removeConnectionRequested, this, &MainWindow::removeConnection);
    } else {
        page = new ClusterPage(m_agent, key, row->name, m_stack);
        connect(page, &ClusterPage::clusterGone, this, [this] { refresh(); });
    }
    connect(
        page, &ClusterPage::message, this, [this](const QString &text) { setStatus(text, false); });
    m_stack->addWidget(page);
    m_pages.insert(key, page);
    addClusterAreas(page, row->external ? nullptr : m_agent);
    emit clusterPageCreated(page);
    return page;
}

ClusterPage *MainWindow::currentClusterPage() const
{
    return qobject_cast<ClusterPage *>(m_stack->currentWidget());
}

bool MainWindow::selectCluster(const QString &key)
{
    const int row = m_clusters->rowOf(key);
    if (row < 0)
        return false;
    const QModelIndex index = m_clusters->index(row, 0);
    if (!m_list->selectionModel()->isRowSelected(row, {}))
        m_list->selectionModel()->select(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_list->setCurrentIndex(index);
    if (ClusterPage *page = clusterPage(key); page && m_stack->currentWidget() != page)
        m_stack->setCurrentWidget(page);
    return true;
}

void MainWindow::onSelectionChanged()
{
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString key = rows.first().data(ClusterListModel::KeyRole).toString();
    if (ClusterPage *page = clusterPage(key))
        m_stack->setCurrentWidget(page);
}

CreateClusterWizard *MainWindow::openCreateWizard()
{
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return m_wizard;
    }
    m_wizard = new CreateClusterWizard(m_agent, this);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &CreateClusterWizard::clusterCreated, this, [this](const QString &arn) {
        refresh();
        QTimer::singleShot(300, this, [this, arn] { selectCluster(arn); });
    });
    m_wizard->show();
    return m_wizard;
}

void MainWindow::addConnection()
{
    auto *dialog = new ConnectionDialog(m_store, std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog,
            &ConnectionDialog::saved,
            this,
            [this](const QString &name, const QString &sentence) {
                setStatus(sentence, false);
                selectCluster(name);
            });
    dialog->open();
}

void MainWindow::editConnection(const QString &name)
{
    const auto existing = m_store->connection(name);
    if (!existing)
        return;
    auto *dialog = new ConnectionDialog(m_store, existing, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog,
            &ConnectionDialog::saved,
            this,
            [this, name](const QString &newName, const QString &sentence) {
                // The page shows the old settings: rebuild it.
                if (ClusterPage *page = m_pages.take(name)) {
                    m_stack->setCurrentWidget(m_welcome);
                    page->deleteLater();
                }
                setStatus(sentence, false);
                selectCluster(newName);
            });
    dialog->open();
}

void MainWindow::removeConnection(const QString &name)
{
    const auto answer = QMessageBox::question(
        this,
        tr("Remove connection"),
        tr("Remove the connection %1 and its saved password? The cluster itself "
           "is not touched.")
            .arg(name));
    if (answer == QMessageBox::Yes)
        m_store->remove(name);
}

void MainWindow::showAuditLog()
{
    m_list->clearSelection();
    m_stack->setCurrentWidget(m_audit);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    // A system theme switch changes the palette: the health colours stay, the rest follows.
    if (event->type() == QEvent::PaletteChange)
        m_list->viewport()->update();
    QMainWindow::changeEvent(event);
}

} // namespace runnel::ui
