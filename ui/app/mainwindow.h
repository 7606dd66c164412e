#pragma once

// MainWindow: the console. On the left the cluster list (local clusters from the agent,
// polled with ListClustersV2 every two seconds without blocking, then the saved external
// connections), on the right the selected cluster's page (ClusterPage), the audit log or
// a welcome page. Starts runnel-agent on demand (AgentService::ensureAgent); on first
// start offers to create the default local cluster "local". Remembers its geometry and
// layout in QSettings. GUI thread.
//
// Other areas add their tabs to every cluster page through clusterPageCreated():
//     connect(window, &MainWindow::clusterPageCreated, window, [](ClusterPage *page) {
//         page->addTab(new TopicsPage(page->connectionSettings()), QObject::tr("Topics"));
//     });

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace runnel::ui {

class AgentService;
class AuditView;
class ClusterListModel;
class ClusterPage;
class ConnectionStore;
class CreateClusterWizard;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(AgentService *agent, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Ensures the agent runs, then starts polling. With createDefault, creates the
    // cluster "local" if absent (no question asked).
    void start(bool createDefault = false);
    void setOfferDefaultCluster(bool offer) { m_offerDefault = offer; }
    void setPollInterval(int ms);

    ClusterListModel *clusterModel() const { return m_clusters; }
    ConnectionStore *connectionStore() const { return m_store; }
    AuditView *auditView() const { return m_audit; }
    ClusterPage *clusterPage(const QString &key); // creates it when the key is listed
    ClusterPage *currentClusterPage() const;
    bool selectCluster(const QString &key);
    QString agentStatus() const;

public slots:
    CreateClusterWizard *openCreateWizard();
    void addConnection();
    void editConnection(const QString &name);
    void removeConnection(const QString &name);
    void showAuditLog();
    void refresh();

signals:
    void clusterPageCreated(runnel::ui::ClusterPage *page);
    void clustersRefreshed();
    void agentReady(bool ok, const QString &message);
    void defaultClusterRequested(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    QWidget *buildWelcome();
    void onSelectionChanged();
    void reloadConnections();
    void createDefaultCluster();
    void offerDefaultCluster();
    void setStatus(const QString &text, bool problem);

    AgentService *m_agent;
    ConnectionStore *m_store;
    ClusterListModel *m_clusters;
    QSplitter *m_splitter;
    QTableView *m_list;
    QStackedWidget *m_stack;
    QWidget *m_welcome;
    AuditView *m_audit;
    QLabel *m_status;
    QTimer *m_timer;
    QHash<QString, ClusterPage *> m_pages;
    QPointer<CreateClusterWizard> m_wizard;
    bool m_inFlight = false;
    bool m_started = false;
    bool m_agentOk = false;
    bool m_offerDefault = true;
    bool m_offered = false;
    bool m_createDefault = false;
};

} // namespace runnel::ui
