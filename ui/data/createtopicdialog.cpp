#include "ui/data/createtopicdialog.h"

#include "ui/data/datawidgets.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace runnel::ui {

QString validateNewTopic(const NewTopic &t, int brokerCount)
{
    static const QRegularExpression legal(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (t.name.isEmpty())
        return CreateTopicDialog::tr("Give the topic a name.");
    if (t.name == QLatin1String(".") || t.name == QLatin1String(".."))
        return CreateTopicDialog::tr("A topic cannot be named \".\" or \"..\".");
    if (t.name.size() > 249)
        return CreateTopicDialog::tr("A topic name can have at most 249 characters.");
    if (!legal.match(t.name).hasMatch())
        return CreateTopicDialog::tr(
            "A topic name may use only letters, digits, '.', '_' and '-'.");
    if (t.partitions < 1)
        return CreateTopicDialog::tr("A topic needs at least one partition.");
    if (t.replicationFactor < 1)
        return CreateTopicDialog::tr("The replication factor must be at least 1.");
    if (brokerCount > 0 && t.replicationFactor > brokerCount)
        return CreateTopicDialog::tr(
                   "The replication factor (%1) cannot exceed the number of brokers (%2).")
            .arg(t.replicationFactor)
            .arg(brokerCount);
    // Values Kafka checks for the settings people change most; others go to the broker.
    static const QStringList numeric = {QStringLiteral("retention.ms"),
                                        QStringLiteral("retention.bytes"),
                                        QStringLiteral("segment.bytes"),
                                        QStringLiteral("segment.ms"),
                                        QStringLiteral("max.message.bytes"),
                                        QStringLiteral("min.insync.replicas"),
                                        QStringLiteral("delete.retention.ms")};
    for (const auto &[k, v] : t.configs) {
        if (k.isEmpty())
            return CreateTopicDialog::tr("A configuration line has no name.");
        bool ok = false;
        const qint64 n = v.toLongLong(&ok);
        if (numeric.contains(k) && (!ok || n < -1))
            return CreateTopicDialog::tr(
                       "%1 must be a whole number (or -1 for no limit), not \"%2\".")
                .arg(k, v);
        if (k == QLatin1String("cleanup.policy")) {
            const QStringList parts = v.split(QLatin1Char(','));
            for (const auto &p : parts)
                if (p.trimmed() != QLatin1String("delete")
                    && p.trimmed() != QLatin1String("compact"))
                    return CreateTopicDialog::tr(
                               "cleanup.policy must be delete, compact or both, not \"%1\".")
                        .arg(v);
        }
        if (k == QLatin1String("min.insync.replicas") && ok && n > t.replicationFactor)
            return CreateTopicDialog::tr(
                       "min.insync.replicas (%1) cannot exceed the replication factor (%2).")
                .arg(n)
                .arg(t.replicationFactor);
    }
    return {};
}

CreateTopicDialog::CreateTopicDialog(int brokerCount, QWidget *parent)
    : QDialog(parent)
    , m_brokerCount(brokerCount)
{
    setWindowTitle(tr("Create topic"));
    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    form->addRow(tr("&Name:"), m_name);
    m_partitions = new QSpinBox(this);
    m_partitions->setObjectName(QStringLiteral("partitions"));
    m_partitions->setRange(1, 100000);
    m_partitions->setValue(3);
    form->addRow(tr("&Partitions:"), m_partitions);
    m_replication = new QSpinBox(this);
    m_replication->setObjectName(QStringLiteral("replication"));
    m_replication->setRange(1, 32);
    m_replication->setValue(qBound(1, brokerCount, 3));
    form->addRow(tr("&Replication factor:"), m_replication);
    m_configs = new QPlainTextEdit(this);
    m_configs->setObjectName(QStringLiteral("configs"));
    m_configs->setPlaceholderText(tr("optional overrides, one per line: retention.ms=86400000"));
    form->addRow(tr("&Configuration:"), m_configs);
    m_status = new StatusLine(this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CreateTopicDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void CreateTopicDialog::setTopic(const NewTopic &t)
{
    m_name->setText(t.name);
    m_partitions->setValue(t.partitions);
    m_replication->setValue(t.replicationFactor);
    QStringList lines;
    for (const auto &[k, v] : t.configs)
        lines.append(k + QLatin1Char('=') + v);
    m_configs->setPlainText(lines.join(QLatin1Char('\n')));
}

KafkaResult<NewTopic> CreateTopicDialog::topic() const
{
    NewTopic t;
    t.name = m_name->text().trimmed();
    t.partitions = m_partitions->value();
    t.replicationFactor = m_replication->value();
    QString error;
    const auto configs = parseKeyValueLines(m_configs->toPlainText(), &error);
    if (!configs)
        return KafkaResult<NewTopic>::failure(tr("Configuration: %1").arg(error));
    t.configs = *configs;
    error = validateNewTopic(t, m_brokerCount);
    if (!error.isEmpty())
        return KafkaResult<NewTopic>::failure(error);
    return KafkaResult<NewTopic>::success(t);
}

void CreateTopicDialog::accept()
{
    const auto t = topic();
    if (!t.ok()) {
        m_status->showError(t.error);
        return;
    }
    QDialog::accept();
}

} // namespace runnel::ui
