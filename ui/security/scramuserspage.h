#pragma once

// ScramUsersPage: the SCRAM users of a local cluster (agent: ListScramUsers,
// CreateScramUser, DeleteScramUser). Create asks for the user name, the password twice
// and whether the user is a super user (which rolls the brokers); rotate stores a new
// password (CreateScramUser again: the broker replaces the credential); delete asks for
// confirmation. Passwords live only in the dialogs' fields and the call's parameters:
// they are never shown, kept or logged. GUI thread.

#include "ui/models/scramusermodel.h"

#include <QDialog>
#include <QWidget>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace runnel::ui {

class AgentService;

// Create (user name editable) or rotate (user name fixed) a SCRAM credential.
class ScramUserDialog : public QDialog
{
    Q_OBJECT

public:
    enum Mode { Create, Rotate };
    ScramUserDialog(Mode mode, const QString &user, QWidget *parent = nullptr);

    QString username() const;
    QString password() const;
    bool superUser() const;
    QString problem() const; // empty when the form can be sent
    QPushButton *okButton() const;
    QLineEdit *usernameEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *confirmEdit() const { return m_confirm; }
    QCheckBox *superUserBox() const { return m_super; }

private:
    void revalidate();

    Mode m_mode;
    QLineEdit *m_user, *m_password, *m_confirm;
    QCheckBox *m_super;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

class ScramUsersPage : public QWidget
{
    Q_OBJECT

public:
    ScramUsersPage(AgentService *agent, const QString &clusterArn, QWidget *parent = nullptr);

    ScramUserModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

    // The dialogs, opened (not executed); the page sends the call when one is accepted.
    ScramUserDialog *openCreateDialog();
    ScramUserDialog *openRotateDialog(const QString &user);
    // Asks, then deletes.
    void confirmDelete(const QString &user);
    void deleteUser(const QString &user);

public slots:
    void refresh();

signals:
    void refreshed(bool ok);
    // ok and a sentence; a super-user change also names the rolling operation.
    void userChanged(bool ok, const QString &sentence, const QString &operationArn);

private:
    void send(const QString &user, const QString &password, bool superUser, bool rotate);
    QString selectedUser() const;

    AgentService *m_agent;
    QString m_arn;
    ScramUserModel *m_model;
    QTableView *m_table;
    QLabel *m_status;
    QPushButton *m_rotateButton, *m_deleteButton;
    bool m_inFlight = false;
};

} // namespace runnel::ui
