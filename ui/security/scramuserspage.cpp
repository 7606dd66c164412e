#include "ui/security/scramuserspage.h"

#include "ui/agent/agentservice.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QVBoxLayout>

namespace runnel::ui {

ScramUserDialog::ScramUserDialog(Mode mode, const QString &user, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
{
    setWindowTitle(mode == Create ? tr("Create SCRAM user")
                                  : tr("Rotate password of %1").arg(user));
    auto *form = new QFormLayout;
    m_user = new QLineEdit(user, this);
    m_user->setReadOnly(mode == Rotate);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_super = new QCheckBox(tr("Super user (restarts the brokers one by one)"), this);
    m_super->setVisible(mode == Create);
    form->addRow(tr("User name"), m_user);
    form->addRow(mode == Create ? tr("Password") : tr("New password"), m_password);
    form->addRow(tr("Confirm password"), m_confirm);
    form->addRow(tr("Mechanisms"),
                 new QLabel(tr("SCRAM-SHA-256 and SCRAM-SHA-512 (the agent stores both)"), this));
    if (mode == Create)
        form->addRow(QString(), m_super);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(mode == Create ? tr("Create") : tr("Rotate"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_user, m_password, m_confirm})
        connect(e, &QLineEdit::textChanged, this, &ScramUserDialog::revalidate);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    revalidate();
}

QString ScramUserDialog::username() const
{
    return m_user->text().trimmed();
}
QString ScramUserDialog::password() const
{
    return m_password->text();
}
bool ScramUserDialog::superUser() const
{
    return m_mode == Create && m_super->isChecked();
}
QPushButton *ScramUserDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString ScramUserDialog::problem() const
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._@-]{1,128}$"));
    if (!valid.match(username()).hasMatch())
        return tr("The user name has 1 to 128 letters, digits, '.', '_', '@' or '-'.");
    if (password().size() < 8)
        return tr("The password has at least 8 characters.");
    if (password() != m_confirm->text())
        return tr("The two passwords differ.");
    return {};
}

void ScramUserDialog::revalidate()
{
    const QString p = problem();
    m_problem->setText(p);
    okButton()->setEnabled(p.isEmpty());
}

ScramUsersPage::ScramUsersPage(AgentService *agent, const QString &clusterArn, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_arn(clusterArn)
    , m_model(new ScramUserModel(this))
{
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    auto *createButton = new QPushButton(tr("Create user…"), this);
    m_rotateButton = new QPushButton(tr("Rotate password…"), this);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_rotateButton->setEnabled(false);
    m_deleteButton->setEnabled(false);
    connect(refreshButton, &QPushButton::clicked, this, &ScramUsersPage::refresh);
    connect(createButton, &QPushButton::clicked, this, [this] { openCreateDialog(); });
    connect(m_rotateButton, &QPushButton::clicked, this, [this] {
        if (!selectedUser().isEmpty())
            openRotateDialog(selectedUser());
    });
    connect(m_deleteButton, &QPushButton::clicked, this, [this] {
        if (!selectedUser().isEmpty())
            confirmDelete(selectedUser());
    });
    auto *bar = new QHBoxLayout;
    bar->addWidget(refreshButton);
    bar->addWidget(createButton);
    bar->addWidget(m_rotateButton);
    bar->addWidget(m_deleteButton);
    bar->addStretch(1);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    connect(
        m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const bool any = !selectedUser().isEmpty();
        m_rotateButton->setEnabled(any);
        m_deleteButton->setEnabled(any);
    });
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
}

QString ScramUsersPage::selectedUser() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ScramUserModel::UsernameRole).toString();
}

void ScramUsersPage::refresh()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_agent->call(QStringLiteral("ListScramUsers"),
                  {{QStringLiteral("ClusterArn"), m_arn}},
                  this,
                  [this](const AgentReply &r) {
                      m_inFlight = false;
                      if (r.ok)
                          m_model->setUsers(r.result.value(QStringLiteral("Users")).toArray());
                      else
                          m_status->setText(tr("Could not list the users: %1").arg(r.message));
                      emit refreshed(r.ok);
                  });
}

ScramUserDialog *ScramUsersPage::openCreateDialog()
{
    auto *dialog = new ScramUserDialog(ScramUserDialog::Create, QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_model->user(dialog->username())) {
            m_status->setText(
                tr("%1 exists already; rotate its password instead.").arg(dialog->username()));
            emit userChanged(false, m_status->text(), QString());
            return;
        }
        send(dialog->username(), dialog->password(), dialog->superUser(), false);
    });
    dialog->open();
    return dialog;
}

ScramUserDialog *ScramUsersPage::openRotateDialog(const QString &user)
{
    auto *dialog = new ScramUserDialog(ScramUserDialog::Rotate, user, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        send(dialog->username(), dialog->password(), false, true);
    });
    dialog->open();
    return dialog;
}

void ScramUsersPage::send(const QString &user, const QString &password, bool superUser, bool rotate)
{
    m_status->setText(rotate ? tr("Rotating the password of %1…").arg(user)
                             : tr("Creating %1…").arg(user));
    m_agent->call(
        QStringLiteral("CreateScramUser"),
        {{QStringLiteral("ClusterArn"), m_arn},
         {QStringLiteral("Username"), user},
         {QStringLiteral("Password"), password},
         {QStringLiteral("SuperUser"), superUser}},
        this,
        [this, user, rotate](const AgentReply &r) {
            const QString op = r.result.value(QStringLiteral("ClusterOperationArn")).toString();
            QString sentence;
            if (!r.ok)
                sentence = rotate
                               ? tr("Could not rotate the password of %1: %2").arg(user, r.message)
                               : tr("Could not create %1: %2").arg(user, r.message);
            else if (rotate)
                sentence = tr("The password of %1 is rotated.").arg(user);
            else if (!op.isEmpty())
                sentence = tr("%1 is created; the brokers restart one by one to make "
                              "it a super user.")
                               .arg(user);
            else
                sentence = tr("%1 is created.").arg(user);
            m_status->setText(sentence);
            emit userChanged(r.ok, sentence, op);
            refresh();
        });
}

void ScramUsersPage::confirmDelete(const QString &user)
{
    auto *box = new QMessageBox(QMessageBox::Warning,
                                tr("Delete SCRAM user"),
                                tr("Delete %1? Its clients can no longer log in.").arg(user),
                                QMessageBox::Yes | QMessageBox::Cancel,
                                this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, user](QAbstractButton *b) {
        if (box->standardButton(b) == QMessageBox::Yes)
            deleteUser(user);
    });
    box->open();
}

void ScramUsersPage::deleteUser(const QString &user)
{
    m_status->setText(tr("Deleting %1…").arg(user));
    m_agent->call(
        QStringLiteral("DeleteScramUser"),
        {{QStringLiteral("ClusterArn"), m_arn}, {QStringLiteral("Username"), user}},
        this,
        [this, user](const AgentReply &r) {
            const QString sentence = r.ok ? tr("%1 is deleted.").arg(user)
                                          : tr("Could not delete %1: %2").arg(user, r.message);
            m_status->setText(sentence);
            emit userChanged(
                r.ok, sentence, r.result.value(QStringLiteral("ClusterOperationArn")).toString());
            refresh();
        });
}

} // namespace runnel::ui
