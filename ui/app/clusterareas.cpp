#include "ui/app/clusterareas.h"

#include "ui/app/clusterpage.h"
#include "ui/data/groupspage.h"
#include "ui/data/messagespage.h"
#include "ui/data/topicspage.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/metrics/metricsdashboard.h"
#include "ui/models/metricscope.h"

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
    page->addTab(
        new DeferredTab([kafka](QWidget *parent) { return new TopicsPage(kafka(), parent); }, page),
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
