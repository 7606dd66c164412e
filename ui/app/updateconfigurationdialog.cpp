#include "ui/app/updateconfigurationdialog.h"

#include "ui/agent/agentservice.h"
#include "ui/app/operationprogress.h"
#include "ui/app/theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace runnel::ui {

namespace {

int revisionOf(const QJsonValue &latest)
{
    return latest.isObject() ? latest.toObject().value(QStringLiteral("Revision")).toInt()
                             : latest.toInt();
}

const QString kTemplate = QStringLiteral("auto.create.topics.enable=true\n"
                                         "num.partitions=1\n"
                                         "log.retention.hours=168\n");

} // namespace

UpdateConfigurationDialog::UpdateConfigurationDialog(AgentService *agent,
                                                     const QString &clusterArn,
                                                     const QString &clusterName,
                                                     QWidget *parent)
    : QDialog(parent)
    , m_agent(agent)
    , m_clusterArn(clusterArn)
    , m_configuration(new QComboBox(this))
    , m_revision(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_properties(new QPlainTextEdit(this))
    , m_hint(new QLabel(this))
    , m_error(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_progress(new OperationProgress(agent, this))
{
    setWindowTitle(tr("Update configuration — %1").arg(clusterName));
    resize(680, 560);
    auto *layout = new QVBoxLayout(this);

    auto *editPage = new QWidget(m_stack);
    auto *form = new QFormLayout(editPage);
    form->addRow(tr("Configuration"), m_configuration);
    form->addRow(tr("Revision"), m_revision);
    m_name->setPlaceholderText(tr("for example orders-config"));
    form->addRow(tr("New configuration name"), m_name);
    m_description->setPlaceholderText(tr("optional"));
    form->addRow(tr("Description"), m_description);
    m_properties->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("server.properties"), m_properties);
    m_hint->setWordWrap(true);
    form->addRow(m_hint);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(errorColor(m_error->palette()).name()));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_error);
    m_stack->addWidget(editPage);
    m_stack->addWidget(m_progress);
    layout->addWidget(m_stack, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_apply = buttons->addButton(tr("Apply (rolling restart)"), QDialogButtonBox::AcceptRole);
    connect(m_apply, &QPushButton::clicked, this, &UpdateConfigurationDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    m_configuration->addItem(tr("New configuration"), QString());
    connect(m_configuration,
            &QComboBox::currentIndexChanged,
            this,
            &UpdateConfigurationDialog::loadRevisions);
    connect(m_revision,
            &QComboBox::currentIndexChanged,
            this,
            &UpdateConfigurationDialog::loadRevisionText);
    connect(m_properties, &QPlainTextEdit::textChanged, this, [this] {
        const bool existing = !m_configuration->currentData().toString().isEmpty();
        m_hint->setText(
            !existing ? tr("Applying creates the configuration (revision 1) and rolls it onto the "
                           "cluster, one broker at a time.")
            : m_properties->toPlainText() != m_loadedText
                ? tr("Your edits become a new revision of this configuration, which is then "
                     "rolled onto the cluster, one broker at a time.")
                : tr("This revision is rolled onto the cluster, one broker at a time."));
    });
    connect(m_progress, &OperationProgress::finished, this, [this](bool ok) {
        m_apply->setEnabled(false);
        if (ok)
            m_progress->setToolTip(tr("The cluster runs the new configuration."));
    });
    loadRevisions();
    loadConfigurations();
}

void UpdateConfigurationDialog::fail(const QString &sentence)
{
    m_error->setText(sentence);
    m_apply->setEnabled(true);
}

void UpdateConfigurationDialog::loadConfigurations()
{
    m_agent->call(QStringLiteral("ListConfigurations"), {}, this, [this](const AgentReply &r) {
        if (!r.ok) {
            m_error->setText(r.message);
            return;
        }
        for (const QJsonValue &v : r.result.value(QStringLiteral("Configurations")).toArray()) {
            const QJsonObject c = v.toObject();
            m_configuration->addItem(c.value(QStringLiteral("Name")).toString(),
                                     c.value(QStringLiteral("Arn")).toString());
        }
        emit configurationsLoaded();
    });
}

void UpdateConfigurationDialog::loadRevisions()
{
    const QString arn = m_configuration->currentData().toString();
    m_revision->clear();
    m_name->setEnabled(arn.isEmpty());
    m_revision->setEnabled(!arn.isEmpty());
    if (arn.isEmpty()) {
        m_loadedText.clear();
        m_properties->setPlainText(tr("# Kafka broker settings, one key=value per line.")
                                   + QLatin1Char('\n') + kTemplate);
        return;
    }
    m_agent->call(QStringLiteral("ListConfigurationRevisions"),
                  {{QStringLiteral("Arn"), arn}},
                  this,
                  [this, arn](const AgentReply &r) {
                      if (!r.ok || m_configuration->currentData().toString() != arn) {
                          if (!r.ok)
                              m_error->setText(r.message);
                          return;
                      }
                      const QJsonArray revisions
                          = r.result.value(QStringLiteral("Revisions")).toArray();
                      QSignalBlocker block(m_revision);
                      for (auto it = revisions.end(); it != revisions.begin();) {
                          const QJsonObject rev = (--it)->toObject();
                          const int n = rev.value(QStringLiteral("Revision")).toInt();
                          const QString description
                              = rev.value(QStringLiteral("Description")).toString();
                          m_revision->addItem(description.isEmpty()
                                                  ? tr("Revision %1").arg(n)
                                                  : tr("Revision %1 — %2").arg(n).arg(description),
                                              n);
                      }
                      block.unblock();
                      loadRevisionText();
                  });
}

void UpdateConfigurationDialog::loadRevisionText()
{
    const QString arn = m_configuration->currentData().toString();
    const int revision = m_revision->currentData().toInt();
    if (arn.isEmpty() || revision <= 0)
        return;
    m_agent->call(QStringLiteral("DescribeConfigurationRevision"),
                  {{QStringLiteral("Arn"), arn}, {QStringLiteral("Revision"), revision}},
                  this,
                  [this](const AgentReply &r) {
                      if (!r.ok) {
                          m_error->setText(r.message);
                          return;
                      }
                      m_loadedText = r.result.value(QStringLiteral("ServerProperties")).toString();
                      m_properties->setPlainText(m_loadedText);
                  });
}

void UpdateConfigurationDialog::apply()
{
    m_error->clear();
    m_apply->setEnabled(false);
    const QString arn = m_configuration->currentData().toString();
    const QString text = m_properties->toPlainText();
    const QString description = m_description->text();
    if (arn.isEmpty()) {
        if (m_name->text().trimmed().isEmpty()) {
            fail(tr("Name the new configuration."));
            return;
        }
        QJsonObject params{{QStringLiteral("Name"), m_name->text().trimmed()},
                           {QStringLiteral("ServerProperties"), text}};
        if (!description.isEmpty())
            params.insert(QStringLiteral("Description"), description);
        m_agent->call(
            QStringLiteral("CreateConfiguration"), params, this, [this](const AgentReply &r) {
                if (!r.ok)
                    return fail(r.message);
                rollOut(r.result.value(QStringLiteral("Arn")).toString(),
                        revisionOf(r.result.value(QStringLiteral("LatestRevision"))));
            });
        return;
    }
    if (text != m_loadedText) {
        QJsonObject params{{QStringLiteral("Arn"), arn},
                           {QStringLiteral("ServerProperties"), text}};
        if (!description.isEmpty())
            params.insert(QStringLiteral("Description"), description);
        m_agent->call(
            QStringLiteral("UpdateConfiguration"), params, this, [this](const AgentReply &r) {
                if (!r.ok)
                    return fail(r.message);
                rollOut(r.result.value(QStringLiteral("Arn")).toString(),
                        revisionOf(r.result.value(QStringLiteral("LatestRevision"))));
            });
        return;
    }
    rollOut(arn, m_revision->currentData().toInt());
}

void UpdateConfigurationDialog::rollOut(const QString &configurationArn, int revision)
{
    QJsonObject info{{QStringLiteral("Arn"), configurationArn}};
    if (revision > 0)
        info.insert(QStringLiteral("Revision"), revision);
    m_agent->call(
        QStringLiteral("UpdateClusterConfiguration"),
        {{QStringLiteral("ClusterArn"), m_clusterArn}, {QStringLiteral("ConfigurationInfo"), info}},
        this,
        [this](const AgentReply &r) {
            if (!r.ok)
                return fail(r.message);
            const QString op = r.result.value(QStringLiteral("ClusterOperationArn")).toString();
            m_stack->setCurrentWidget(m_progress);
            m_progress->follow(m_clusterArn, op);
            emit operationStarted(op);
        });
}

} // namespace runnel::ui
