#include "ui/app/updatebrokersdialog.h"

#include "ui/agent/agentservice.h"
#include "ui/app/operationprogress.h"
#include "ui/app/theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace runnel::ui {

namespace {

constexpr qint64 kMiBPerGiB = 1024;
constexpr qint64 kMaxVolumeGiB = 16384; // MSK's largest EBS volume
constexpr int kMaxBrokers = 9;          // the agent's limit on one machine

QString sizeText(qint64 mib)
{
    if (mib % kMiBPerGiB == 0)
        return UpdateBrokersDialog::tr("%1 GiB").arg(mib / kMiBPerGiB);
    return UpdateBrokersDialog::tr("%1 MiB").arg(mib);
}

} // namespace

UpdateBrokersDialog::UpdateBrokersDialog(Kind kind,
                                         AgentService *agent,
                                         const QString &clusterArn,
                                         const QString &clusterName,
                                         qint64 current,
                                         QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_agent(agent)
    , m_clusterArn(clusterArn)
    , m_current(current)
    , m_target(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_plan(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_progress(new OperationProgress(agent, this))
{
    const bool storage = kind == Kind::Storage;
    setObjectName(storage ? QStringLiteral("updateStorageDialog")
                          : QStringLiteral("addBrokersDialog"));
    setWindowTitle(storage ? tr("Update storage — %1").arg(clusterName)
                           : tr("Broker count — %1").arg(clusterName));
    resize(560, storage ? 240 : 290); // grows when it shows the operation's progress
    auto *layout = new QVBoxLayout(this);

    auto *editPage = new QWidget(m_stack);
    auto *form = new QFormLayout(editPage);
    auto *intro = new QLabel(storage ? tr("Every broker of the cluster gets the new EBS volume "
                                          "size; the brokers restart one at a time with it. A "
                                          "volume can only grow.")
                                     : tr("More brokers join the cluster with the same "
                                          "configuration and storage, and partitions are spread "
                                          "onto them. Fewer brokers: the added brokers with the "
                                          "highest ids leave, after their partitions have moved "
                                          "to the brokers that stay."),
                             editPage);
    intro->setWordWrap(true);
    form->addRow(intro);
    auto *currentLabel
        = new QLabel(storage ? sizeText(current) : QString::number(current), editPage);
    currentLabel->setObjectName(QStringLiteral("currentValue"));
    form->addRow(storage ? tr("Current size per broker") : tr("Current brokers"), currentLabel);
    auto *row = new QHBoxLayout;
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setMaximumWidth(140);
    if (storage) {
        m_target->setText(QString::number(current / kMiBPerGiB + 1));
        row->addWidget(m_target);
        row->addWidget(new QLabel(tr("GiB (up to %1)").arg(kMaxVolumeGiB), editPage));
    } else {
        m_target->setText(QString::number(current + 1));
        row->addWidget(m_target);
        row->addWidget(new QLabel(tr("brokers (up to %1)").arg(kMaxBrokers), editPage));
    }
    row->addStretch();
    form->addRow(storage ? tr("New size per broker") : tr("Target broker count"), row);
    m_plan->setObjectName(QStringLiteral("plan"));
    m_plan->setWordWrap(true);
    m_plan->setVisible(!storage);
    form->addRow(m_plan);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(errorColor(m_error->palette()).name()));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_error);
    m_stack->addWidget(editPage);
    m_stack->addWidget(m_progress);
    layout->addWidget(m_stack, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_apply = buttons->addButton(storage ? tr("Update storage") : tr("Change broker count"),
                                 QDialogButtonBox::AcceptRole);
    connect(m_apply, &QPushButton::clicked, this, &UpdateBrokersDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_target, &QLineEdit::textChanged, this, &UpdateBrokersDialog::recheck);
    recheck();
}

QString UpdateBrokersDialog::validate() const
{
    bool ok = false;
    const qint64 n = m_target->text().trimmed().toLongLong(&ok);
    if (m_kind == Kind::Storage) {
        if (!ok || n < 1 || n > kMaxVolumeGiB)
            return tr("Enter a whole number of GiB from 1 to %1.").arg(kMaxVolumeGiB);
        if (n * kMiBPerGiB < m_current)
            return tr("Storage can only grow: the brokers have %1 each, so %2 GiB would "
                      "shrink it.")
                .arg(sizeText(m_current))
                .arg(n);
        if (n * kMiBPerGiB == m_current)
            return tr("The brokers already have %1 each; enter a larger size.")
                .arg(sizeText(m_current));
        return {};
    }
    if (!ok || n < 1 || n > kMaxBrokers)
        return tr("Enter a whole number of brokers from 1 to %1.").arg(kMaxBrokers);
    if (n == m_current)
        return tr(
            "The cluster has %n broker(s) already; enter another count.", nullptr, int(m_current));
    if (m_current == 1 && n > m_current)
        return tr("A one-broker cluster runs no metadata quorum that new brokers could join; "
                  "create a cluster with 3 brokers to grow it later.");
    if (n < m_current && n < m_voters.size())
        return tr("The %1 brokers the cluster was created with run its metadata quorum and "
                  "stay; enter at least %1.")
            .arg(m_voters.size());
    return {};
}

void UpdateBrokersDialog::setNodes(const QJsonArray &nodeInfoList)
{
    m_voters.clear();
    m_added.clear();
    for (const QJsonValue &node : nodeInfoList) {
        const QJsonObject broker
            = node.toObject().value(QStringLiteral("BrokerNodeInfo")).toObject();
        const int id = broker.value(QStringLiteral("BrokerId")).toInt(-1);
        if (id < 0)
            continue;
        // A one-broker cluster names no role: its broker is all there is.
        if (broker.value(QStringLiteral("QuorumRole")).toString() == QLatin1String("OBSERVER"))
            m_added << id;
        else
            m_voters << id;
    }
    std::sort(m_added.begin(), m_added.end(), std::greater<>());
    recheck();
}

QList<int> UpdateBrokersDialog::removedFor(int target) const
{
    const int count = int(m_current) - target;
    if (count <= 0 || count > m_added.size())
        return {};
    return m_added.mid(0, count);
}

void UpdateBrokersDialog::updatePlan()
{
    if (m_kind != Kind::BrokerCount)
        return;
    bool ok = false;
    const int n = m_target->text().trimmed().toInt(&ok);
    if (!ok || n == m_current || !validate().isEmpty()) {
        m_plan->clear();
        return;
    }
    if (n > m_current) {
        m_plan->setText(tr("%n new broker(s) will join; partitions then move so that every "
                           "broker holds a fair share.",
                           nullptr,
                           n - int(m_current)));
        m_apply->setText(tr("Add brokers"));
        return;
    }
    m_apply->setText(tr("Remove brokers"));
    const QList<int> removed = removedFor(n);
    if (removed.isEmpty()) {
        m_plan->setText(tr("The %n added broker(s) with the highest ids will be removed. Their "
                           "partitions move to the other brokers first; then each is stopped and "
                           "its data deleted.",
                           nullptr,
                           int(m_current) - n));
        return;
    }
    QStringList ids;
    for (int id : removed)
        ids << QString::number(id);
    m_plan->setText(tr("Broker(s) %1 will be removed. Their partitions move to the other brokers "
                       "first; then each is stopped and its data deleted.",
                       nullptr,
                       int(removed.size()))
                        .arg(QLocale().createSeparatedList(ids)));
}

void UpdateBrokersDialog::recheck()
{
    const QString error = validate();
    m_error->setText(error);
    m_apply->setEnabled(error.isEmpty() && m_stack->currentIndex() == 0);
    updatePlan();
}

void UpdateBrokersDialog::apply()
{
    if (!validate().isEmpty() || m_stack->currentIndex() != 0)
        return;
    m_apply->setEnabled(false);
    m_error->setText(tr("Asking the agent…"));
    const qint64 n = m_target->text().trimmed().toLongLong();
    QString operation;
    QJsonObject params{{QStringLiteral("ClusterArn"), m_clusterArn}};
    if (m_kind == Kind::Storage) {
        operation = QStringLiteral("UpdateBrokerStorage");
        params.insert(
            QStringLiteral("TargetBrokerEBSVolumeInfo"),
            QJsonArray{QJsonObject{{QStringLiteral("KafkaBrokerNodeId"), QStringLiteral("ALL")},
                                   {QStringLiteral("VolumeSizeGB"), n}}});
    } else {
        operation = QStringLiteral("UpdateBrokerCount");
        params.insert(QStringLiteral("TargetNumberOfBrokerNodes"), n);
    }
    m_agent->call(operation, params, this, [this](const AgentReply &r) {
        if (!r.ok) {
            m_error->setText(r.message);
            m_apply->setEnabled(true);
            emit refused(r.message);
            return;
        }
        const QString op = r.result.value(QStringLiteral("ClusterOperationArn")).toString();
        m_error->clear();
        m_stack->setCurrentWidget(m_progress);
        resize(qMax(width(), 640), qMax(height(), 440));
        m_progress->follow(m_clusterArn, op);
        emit operationStarted(op);
    });
}

} // namespace runnel::ui
