#include "ui/security/securitypage.h"

#include "engine/control/clustersecurity.h"
#include "ui/agent/agentservice.h"
#include "ui/security/aclspage.h"
#include "ui/security/certificatespage.h"
#include "ui/security/scramuserspage.h"

#include <QJsonArray>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace runnel::ui {

SecurityPage::SecurityPage(AgentService *agent, const QString &clusterArn, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_arn(clusterArn)
{
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_tabs = new QTabWidget(this);
    m_acls = new AclsPage(agent, clusterArn, m_tabs);
    m_users = new ScramUsersPage(agent, clusterArn, m_tabs);
    m_certs = new CertificatesPage(agent, clusterArn, m_tabs);
    m_tabs->addTab(m_acls, tr("ACLs"));
    m_tabs->addTab(m_users, tr("SCRAM users"));
    m_tabs->addTab(m_certs, tr("Certificates"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    // A super-user change rolls the brokers and changes super.users.
    connect(m_users, &ScramUsersPage::userChanged, this, [this](bool ok) {
        if (ok)
            refresh();
    });
}

void SecurityPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded) {
        m_loaded = true;
        refresh();
    }
}

void SecurityPage::refresh()
{
    m_agent->call(
        QStringLiteral("DescribeClusterV2"),
        {{QStringLiteral("ClusterArn"), m_arn}},
        this,
        [this](const AgentReply &r) {
            if (!r.ok) {
                m_summary->setText(tr("Could not read the cluster's security: %1").arg(r.message));
                emit settingsLoaded(false);
                return;
            }
            const QJsonObject info = r.result.value(QStringLiteral("ClusterInfo")).toObject();
            const QJsonObject auth = info.value(QStringLiteral("ClientAuthentication")).toObject();
            const auto enabled = [&auth](const QString &path) {
                QJsonObject o = auth;
                for (const QString &part : path.split(QLatin1Char('/')))
                    o = o.value(part).toObject();
                return o.value(QStringLiteral("Enabled")).toBool();
            };
            const bool scram = enabled(QStringLiteral("Sasl/Scram"));
            const bool tls = enabled(QStringLiteral("Tls"));
            const bool authorizes = info.contains(QStringLiteral("SuperUsers")) && (scram || tls);
            // super.users: the agent's own certificate principal, then the SCRAM users
            // the agent lists by name.
            m_superUsers.clear();
            if (authorizes)
                m_superUsers << runnel::control::ClusterSecurity::agentPrincipal();
            for (const QJsonValue &v : info.value(QStringLiteral("SuperUsers")).toArray()) {
                const QString name = v.toString();
                m_superUsers << (name.contains(QLatin1Char(':')) ? name
                                                                 : QStringLiteral("User:") + name);
            }
            m_acls->setSuperUsers(m_superUsers);
            // The agent writes allow.everyone.if.no.acl.found=false whenever it turns the
            // authorizer on; without an authorizer every request is allowed.
            m_acls->setAllowEveryoneIfNoAclFound(!authorizes);
            QStringList kinds;
            if (scram)
                kinds << tr("SASL/SCRAM");
            if (tls)
                kinds << tr("TLS certificates");
            m_summary->setText(
                authorizes ? tr("Clients authenticate with %1; the brokers check ACLs, and a "
                                "resource no ACL names is denied.")
                                 .arg(kinds.join(tr(" and ")))
                           : tr("This cluster does not authenticate clients, so its brokers "
                                "do not check ACLs: every request is allowed."));
            m_tabs->setTabEnabled(1, scram);
            m_tabs->setTabEnabled(2, tls);
            m_acls->refresh();
            if (scram)
                m_users->refresh();
            if (tls)
                m_certs->refresh();
            emit settingsLoaded(true);
        });
}

} // namespace runnel::ui
