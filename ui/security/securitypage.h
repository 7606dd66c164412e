#pragma once

// SecurityPage: a local cluster's "Security" tab — ACLs (with the what-if check), SCRAM
// users and certificates, each a page of its own. It reads the cluster's security
// settings (DescribeClusterV2: ClientAuthentication, SuperUsers) so the what-if check
// knows the super users and whether the cluster authorizes at all, and refreshes the
// pages the first time it is shown. GUI thread.
//
//     page->addTab(new SecurityPage(agent, clusterArn), QObject::tr("Security"));

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTabWidget;

namespace runnel::ui {

class AgentService;
class AclsPage;
class CertificatesPage;
class ScramUsersPage;

class SecurityPage : public QWidget
{
    Q_OBJECT

public:
    SecurityPage(AgentService *agent, const QString &clusterArn, QWidget *parent = nullptr);

    AclsPage *aclsPage() const { return m_acls; }
    ScramUsersPage *usersPage() const { return m_users; }
    CertificatesPage *certificatesPage() const { return m_certs; }
    QTabWidget *tabs() const { return m_tabs; }
    QStringList superUsers() const { return m_superUsers; }

public slots:
    void refresh();

signals:
    void settingsLoaded(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    AgentService *m_agent;
    QString m_arn;
    QTabWidget *m_tabs;
    QLabel *m_summary;
    AclsPage *m_acls;
    ScramUsersPage *m_users;
    CertificatesPage *m_certs;
    QStringList m_superUsers;
    bool m_loaded = false;
};

} // namespace runnel::ui
