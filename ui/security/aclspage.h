#pragma once

// AclsPage: the ACLs of a local cluster (agent: ListAcls, CreateAcl, DeleteAcl) or of an
// external one (KafkaService: DescribeAcls, CreateAcls, DeleteAcls over librdkafka) with a
// filter, a create dialog that validates before anything is sent, delete with
// confirmation, and the what-if check (whatif.h) over the listed ACLs, which highlights
// the ACLs that decide it. Every agent call is asynchronous. GUI thread.

#include "ui/models/aclmodel.h"
#include "ui/security/whatif.h"

#include <QDialog>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace runnel::ui {

class AgentService;
class KafkaService;

// Create ACL: every resource and pattern type; OK only while the ACL is valid, the reason
// shown under the fields otherwise.
class AclDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AclDialog(QWidget *parent = nullptr);
    AclEntry entry() const;
    void setEntry(const AclEntry &entry);
    QString problem() const; // empty when valid
    QPushButton *okButton() const;

private:
    void revalidate();

    QComboBox *m_type, *m_pattern, *m_operation, *m_permission;
    QLineEdit *m_name, *m_principal, *m_host;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

class AclsPage : public QWidget
{
    Q_OBJECT

public:
    AclsPage(AgentService *agent, const QString &clusterArn, QWidget *parent = nullptr);
    // An external cluster, over the Kafka protocol as the connection's principal (who
    // needs DESCRIBE/ALTER on the cluster to list and change ACLs).
    explicit AclsPage(KafkaService *kafka, QWidget *parent = nullptr);

    AclModel *model() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }

    // What the what-if check knows of the cluster (from DescribeClusterV2).
    void setSuperUsers(const QStringList &superUsers);
    void setAllowEveryoneIfNoAclFound(bool allow);

    // Sends CreateAcl / DeleteAcl; the list refreshes after, aclChanged(ok, sentence).
    void createAcl(const AclEntry &entry);
    void deleteAcl(const AclEntry &entry);
    // The what-if form; check() answers it and highlights the deciding rows.
    void setWhatIf(const WhatIfQuery &query);
    WhatIfAnswer check();
    QString whatIfText() const;

public slots:
    void refresh();
    void openCreateDialog();
    void confirmDeleteSelected();

signals:
    void refreshed(bool ok);
    void aclChanged(bool ok, const QString &sentence);

protected:
    void showEvent(QShowEvent *event) override; // the first show lists the ACLs

private:
    WhatIfQuery whatIfQuery() const;
    void build();
    void listed(bool ok, const QJsonArray &acls, const QString &error);
    void changed(bool ok, bool created, const QString &error);

    AgentService *m_agent = nullptr;
    KafkaService *m_kafka = nullptr;
    QString m_arn;
    AclModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_status;
    QPushButton *m_deleteButton;
    QStringList m_superUsers;
    // what-if
    QLineEdit *m_wiPrincipal, *m_wiName, *m_wiHost;
    QComboBox *m_wiOperation, *m_wiType;
    QCheckBox *m_wiAllowEveryone;
    QLabel *m_wiResult, *m_wiSupers;
    bool m_inFlight = false;
    bool m_shown = false;
};

} // namespace runnel::ui
