#include "ui/app/clusterareas.h"

#include "ui/agent/agentservice.h"
#include "ui/app/clusterpage.h"
#include "ui/data/groupspage.h"
#include "ui/data/messagespage.h"
#include "ui/data/topicspage.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/metrics/metricsdashboard.h"
#include "ui/models/metricscope.h"
#include "ui/models/topiclistmodel.h"

#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QVBoxLayout>

#include <functional>
#include <memory>

namespace runnel::ui {

namespace {

// A tab whose page is made on its first show.
class DeferredTab : public QWidget
{
public:
    DeferredTab(std::function<QWidget *(QWidget *parent)> make, QWidget *parent)
        : QWidget(parent)
        , m_make(std::move(make))
    {
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
    }

protected:
    void showEvent(QShowEvent *event) override
    {
        if (m_make) {
            auto make = std::move(m_make);
            m_make = nullptr;
            layout()->addWidget(make(this));
        }
        QWidget::showEvent(event);
    }

private:
    std::function<QWidget *(QWidget *parent)> m_make;
};

// Consumer groups, with the selected group's lag over time underneath for a local cluster.
QWidget *groupsArea(ClusterPage *page, AgentService *agent, KafkaService *service, QWidget *parent)
{
    auto *groups = new GroupsPage(service, nullptr);
    if (page->isExternal() || !agent) {
        groups->setParent(parent);
        return groups;
    }
    auto *split = new QSplitter(Qt::Vertical, parent);
    split->addWidget(groups);
    auto *history = new QWidget(split);
    auto *layout = new QVBoxLayout(history);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *hint
        = new QLabel(QObject::tr("Select a consumer group to see its lag over time."), history);
    layout->addWidget(hint);
    auto current = std::make_shared<QString>();
    auto dashboard = std::make_shared<QPointer<MetricsDashboard>>();
    QObject::connect(groups, &GroupsPage::detailRefreshed, history, [=](const QString &groupId) {
        if (groupId == *current)
            return;
        *current = groupId;
        if (*dashboard)
            (*dashboard)->deleteLater();
        hint->hide();
        *dashboard = new MetricsDashboard(
            agent, MetricScope::group(page->clusterName(), groupId), history);
        layout->addWidget(*dashboard);
    });
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

// A local cluster's topic sizes and out-rates, which librdkafka 2.0.2 cannot read: after
// each refresh of the list, one GetLatestTopicMetrics call (the brokers' newest Size
// gauges and BytesOutPerSec, whatever the monitoring level) fills them for every topic.
void followBrokerFigures(TopicsPage *topics, ClusterPage *page, AgentService *agent)
{
    auto inFlight = std::make_shared<bool>(false);
    // The last reply's partition sizes by topic, for the partition table of the shown topic.
    auto partitionSizes = std::make_shared<QHash<QString, QHash<PartitionId, qint64>>>();
    topics->setPartitionSizeSource(
        [partitionSizes](const QString &topic) { return partitionSizes->value(topic); });
    QObject::connect(topics, &TopicsPage::refreshed, topics, [=] {
        if (*inFlight)
            return;
        *inFlight = true;
        QPointer<TopicsPage> guard(topics);
        agent->call(
            QStringLiteral("GetLatestTopicMetrics"),
            {{QStringLiteral("ClusterArn"), page->clusterArn()}},
            topics,
            [guard, inFlight, partitionSizes](const AgentReply &r) {
                *inFlight = false;
                if (!guard || !r.ok)
                    return;
                QHash<QString, TopicListModel::BrokerFigures> figures;
                partitionSizes->clear();
                for (const QJsonValue &v : r.result.value(QStringLiteral("Topics")).toArray()) {
                    const QJsonObject t = v.toObject();
                    const QString name = t.value(QStringLiteral("Topic")).toString();
                    figures.insert(name,
                                   {qint64(t.value(QStringLiteral("SizeBytes")).toDouble(-1)),
                                    t.value(QStringLiteral("BytesOutPerSec")).toDouble(-1)});
                    QHash<PartitionId, qint64> &sizes = (*partitionSizes)[name];
                    for (const QJsonValue &p : t.value(QStringLiteral("Partitions")).toArray())
                        sizes.insert(
                            p.toObject().value(QStringLiteral("Partition")).toInt(),
                            qint64(p.toObject().value(QStringLiteral("SizeBytes")).toDouble()));
                }
                guard->topicModel()->setBrokerFigures(figures);
                guard->refreshPartitionSizes();
            });
    });
}

} // namespace

void addClusterAreas(ClusterPage *page, AgentService *agent)
{
    // One Kafka client per cluster page, shared by its data tabs, made when first needed.
    auto service = std::make_shared<QPointer<KafkaService>>();
    const auto kafka = [page, service]() -> KafkaService * {
        if (!*service)
            *service = new KafkaService(page->connectionSettings(), page);
        return *service;
    };
    page->addTab(new DeferredTab(
                     [page, agent, kafka](QWidget *parent) {
                         auto *topics = new TopicsPage(kafka(), parent);
                         if (!page->isExternal() && agent)
                             followBrokerFigures(topics, page, agent);
                         return topics;
                     },
                     page),
                 QObject::tr("Topics"));
    page->addTab(new DeferredTab(
                     [kafka](QWidget *parent) { return new MessagesPage(kafka(), parent); }, page),
                 QObject::tr("Messages"));
    page->addTab(
        new DeferredTab([page, agent, kafka](
                            QWidget *parent) { return groupsArea(page, agent, kafka(), parent); },
                        page),
        QObject::tr("Consumer groups"));
    if (!page->isExternal() && agent)
        page->addTab(new DeferredTab(
                         [page, agent](QWidget *parent) {
                             return new MetricsDashboard(
                                 agent, MetricScope::cluster(page->clusterName()), parent);
                         },
                         page),
                     QObject::tr("Metrics"));
}

} // namespace runnel::ui
