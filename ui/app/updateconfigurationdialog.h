#pragma once

// UpdateConfigurationDialog: rolls a configuration revision onto a cluster. The user picks
// an existing configuration and revision (ListConfigurations, ListConfigurationRevisions,
// DescribeConfigurationRevision) or writes a new one; edited text becomes a new revision
// (CreateConfiguration / UpdateConfiguration) before UpdateClusterConfiguration starts the
// rolling restart, whose progress the dialog then shows. Every call through AgentService.

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace runnel::ui {

class AgentService;
class OperationProgress;

class UpdateConfigurationDialog : public QDialog
{
    Q_OBJECT

public:
    UpdateConfigurationDialog(AgentService *agent,
                              const QString &clusterArn,
                              const QString &clusterName,
                              QWidget *parent = nullptr);

    QComboBox *configurationBox() const { return m_configuration; }
    QLineEdit *nameField() const { return m_name; }
    QPlainTextEdit *propertiesEditor() const { return m_properties; }
    OperationProgress *progress() const { return m_progress; }

public slots:
    void apply();

signals:
    void operationStarted(const QString &operationArn);
    void configurationsLoaded();

private:
    void loadConfigurations();
    void loadRevisions();
    void loadRevisionText();
    void rollOut(const QString &configurationArn, int revision);
    void fail(const QString &sentence);

    AgentService *m_agent;
    QString m_clusterArn;
    QComboBox *m_configuration;
    QComboBox *m_revision;
    QLineEdit *m_name;
    QLineEdit *m_description;
    QPlainTextEdit *m_properties;
    QLabel *m_hint;
    QLabel *m_error;
    QPushButton *m_apply;
    QStackedWidget *m_stack;
    OperationProgress *m_progress;
    QString m_loadedText;
};

} // namespace runnel::ui
