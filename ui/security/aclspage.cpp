#include "ui/security/aclspage.h"

#include "ui/agent/agentservice.h"
#include "ui/kafka/kafkaservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace runnel::ui {

AclDialog::AclDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Create ACL"));
    auto *form = new QFormLayout;
    m_type = new QComboBox(this);
    m_type->addItems(aclResourceTypes());
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("orders, orders- (PREFIXED), * for all"));
    m_pattern = new QComboBox(this);
    m_pattern->addItems(aclPatternTypes());
    m_principal = new QLineEdit(this);
    m_principal->setPlaceholderText(tr("User:alice, User:* for everyone"));
    m_host = new QLineEdit(QStringLiteral("*"), this);
    m_operation = new QComboBox(this);
    m_operation->addItems(aclOperations());
    m_permission = new QComboBox(this);
    m_permission->addItems(aclPermissions());
    form->addRow(tr("Resource type"), m_type);
    form->addRow(tr("Resource name"), m_name);
    form->addRow(tr("Pattern type"), m_pattern);
    form->addRow(tr("Principal"), m_principal);
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Operation"), m_operation);
    form->addRow(tr("Permission"), m_permission);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    for (QComboBox *c : {m_type, m_pattern, m_operation, m_permission})
        connect(c, &QComboBox::currentIndexChanged, this, &AclDialog::revalidate);
    for (QLineEdit *e : {m_name, m_principal, m_host})
        connect(e, &QLineEdit::textChanged, this, &AclDialog::revalidate);
    connect(m_type, &QComboBox::currentTextChanged, this, [this](const QString &type) {
        if (type == QLatin1String("CLUSTER"))
            m_name->setText(QStringLiteral("kafka-cluster"));
    });
    revalidate();
}

AclEntry AclDialog::entry() const
{
    AclEntry e;
    e.resourceType = m_type->currentText();
    e.resourceName = m_name->text();
    e.patternType = m_pattern->currentText();
    e.principal = m_principal->text().trimmed();
    e.host = m_host->text().trimmed();
    e.operation = m_operation->currentText();
    e.permission = m_permission->currentText();
    return e;
}

void AclDialog::setEntry(const AclEntry &e)
{
    m_type->setCurrentText(e.resourceType);
    m_name->setText(e.resourceName);
    m_pattern->setCurrentText(e.patternType);
    m_principal->setText(e.principal);
    m_host->setText(e.host);
    m_operation->setCurrentText(e.operation);
    m_permission->setCurrentText(e.permission);
}

QString AclDialog::problem() const
{
    return aclProblem(entry()).value_or(QString());
}

QPushButton *AclDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void AclDialog::revalidate()
{
    const QString p = problem();
    m_problem->setText(p);
    okButton()->setEnabled(p.isEmpty());
}

AclsPage::AclsPage(AgentService *agent, const QString &clusterArn, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_arn(clusterArn)
    , m_model(new AclModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    build();
}

AclsPage::AclsPage(KafkaService *kafka, QWidget *parent)
    : QWidget(parent)
    , m_kafka(kafka)
    , m_model(new AclModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    build();
}

void AclsPage::build()
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by resource, principal, operation…"));
    m_filter->setClearButtonEnabled(true);
    connect(
        m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    auto *createButton = new QPushButton(tr("Create ACL…"), this);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_deleteButton->setEnabled(false);
    connect(refreshButton, &QPushButton::clicked, this, &AclsPage::refresh);
    connect(createButton, &QPushButton::clicked, this, &AclsPage::openCreateDialog);
    connect(m_deleteButton, &QPushButton::clicked, this, &AclsPage::confirmDeleteSelected);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(createButton);
    bar->addWidget(m_deleteButton);

    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    connect(
        m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_deleteButton->setEnabled(m_table->selectionModel()->hasSelection());
    });
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    // What-if check
    auto *box = new QGroupBox(tr("What-if check"), this);
    auto *form = new QFormLayout(box);
    m_wiPrincipal = new QLineEdit(QStringLiteral("User:"), box);
    m_wiOperation = new QComboBox(box);
    m_wiOperation->addItems(aclOperations());
    m_wiOperation->setCurrentText(QStringLiteral("WRITE"));
    m_wiType = new QComboBox(box);
    m_wiType->addItems(aclResourceTypes());
    m_wiName = new QLineEdit(box);
    m_wiHost = new QLineEdit(QStringLiteral("*"), box);
    m_wiAllowEveryone = new QCheckBox(tr("allow.everyone.if.no.acl.found"), box);
    m_wiSupers = new QLabel(box);
    m_wiSupers->setWordWrap(true);
    auto *checkButton = new QPushButton(tr("Check"), box);
    m_wiResult = new QLabel(box);
    m_wiResult->setWordWrap(true);
    m_wiResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Can principal"), m_wiPrincipal);
    form->addRow(tr("do operation"), m_wiOperation);
    form->addRow(tr("on resource type"), m_wiType);
    form->addRow(tr("named"), m_wiName);
    form->addRow(tr("from host"), m_wiHost);
    form->addRow(QString(), m_wiAllowEveryone);
    form->addRow(tr("Super users"), m_wiSupers);
    form->addRow(QString(), checkButton);
    form->addRow(m_wiResult);
    connect(checkButton, &QPushButton::clicked, this, [this] { check(); });
    setSuperUsers({});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(box);
}

void AclsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_shown) {
        m_shown = true;
        refresh();
    }
}

void AclsPage::setSuperUsers(const QStringList &superUsers)
{
    m_superUsers = superUsers;
    m_wiSupers->setText(superUsers.isEmpty() ? tr("none") : superUsers.join(QStringLiteral(", ")));
}

void AclsPage::setAllowEveryoneIfNoAclFound(bool allow)
{
    m_wiAllowEveryone->setChecked(allow);
}

void AclsPage::refresh()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    if (m_kafka) {
        m_kafka->listAcls(
            this, [this](const KafkaResult<QJsonArray> &r) { listed(r.ok(), r.value, r.error); });
        return;
    }
    m_agent->call(QStringLiteral("ListAcls"),
                  {{QStringLiteral("ClusterArn"), m_arn}},
                  this,
                  [this](const AgentReply &r) {
                      listed(r.ok, r.result.value(QStringLiteral("Acls")).toArray(), r.message);
                  });
}

void AclsPage::listed(bool ok, const QJsonArray &acls, const QString &error)
{
    m_inFlight = false;
    if (ok) {
        m_model->setAcls(acls);
        m_status->setText(tr("%n ACL(s).", nullptr, m_model->rowCount()));
    } else {
        m_status->setText(tr("Could not list the ACLs: %1").arg(error));
    }
    emit refreshed(ok);
}

void AclsPage::changed(bool ok, bool created, const QString &error)
{
    const QString sentence = ok ? (created ? tr("ACL created.") : tr("ACL deleted."))
                                : (created ? tr("Could not create the ACL: %1").arg(error)
                                           : tr("Could not delete the ACL: %1").arg(error));
    m_status->setText(sentence);
    emit aclChanged(ok, sentence);
    refresh();
}

void AclsPage::openCreateDialog()
{
    auto *dialog = new AclDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { createAcl(dialog->entry()); });
    dialog->open();
}

void AclsPage::createAcl(const AclEntry &entry)
{
    if (auto problem = aclProblem(entry)) {
        m_status->setText(*problem);
        emit aclChanged(false, *problem);
        return;
    }
    m_status->setText(tr("Creating the ACL…"));
    if (m_kafka) {
        m_kafka->createAcl(entry.toJson(), this, [this](const KafkaResult<Done> &r) {
            changed(r.ok(), true, r.error);
        });
        return;
    }
    QJsonObject params = entry.toJson();
    params.insert(QStringLiteral("ClusterArn"), m_arn);
    m_agent->call(QStringLiteral("CreateAcl"), params, this, [this](const AgentReply &r) {
        changed(r.ok, true, r.message);
    });
}

void AclsPage::deleteAcl(const AclEntry &entry)
{
    m_status->setText(tr("Deleting the ACL…"));
    if (m_kafka) {
        m_kafka->deleteAcl(entry.toJson(), this, [this](const KafkaResult<Done> &r) {
            changed(r.ok(), false, r.error);
        });
        return;
    }
    QJsonObject params = entry.toJson();
    params.insert(QStringLiteral("ClusterArn"), m_arn);
    m_agent->call(QStringLiteral("DeleteAcl"), params, this, [this](const AgentReply &r) {
        changed(r.ok, false, r.message);
    });
}

void AclsPage::confirmDeleteSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    QList<AclEntry> entries;
    for (const QModelIndex &i : rows)
        entries.append(m_model->entries().at(m_proxy->mapToSource(i).row()));
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Delete ACLs"),
                                tr("Delete %n ACL(s)? Clients they allowed lose that access.",
                                   nullptr,
                                   int(entries.size())),
                                QMessageBox::Yes | QMessageBox::Cancel,
                                this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, entries](QAbstractButton *b) {
        if (box->standardButton(b) != QMessageBox::Yes)
            return;
        for (const AclEntry &e : entries)
            deleteAcl(e);
    });
    box->open();
}

void AclsPage::setWhatIf(const WhatIfQuery &q)
{
    m_wiPrincipal->setText(q.principal);
    m_wiOperation->setCurrentText(q.operation);
    m_wiType->setCurrentText(q.resourceType);
    m_wiName->setText(q.resourceName);
    m_wiHost->setText(q.host);
}

WhatIfQuery AclsPage::whatIfQuery() const
{
    WhatIfQuery q;
    q.principal = m_wiPrincipal->text();
    q.operation = m_wiOperation->currentText();
    q.resourceType = m_wiType->currentText();
    q.resourceName = m_wiName->text();
    q.host = m_wiHost->text();
    return q;
}

WhatIfAnswer AclsPage::check()
{
    const WhatIfQuery q = whatIfQuery();
    const WhatIfAnswer a
        = whatIf(m_model->entries(), m_superUsers, m_wiAllowEveryone->isChecked(), q);
    m_wiResult->setText(a.explanation);
    // Show every ACL, then select the ones that decided.
    m_filter->clear();
    m_table->clearSelection();
    for (int row : a.decidingRows) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->select(index,
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    return a;
}

QString AclsPage::whatIfText() const
{
    return m_wiResult->text();
}

} // namespace runnel::ui
