#include "ui/data/topicspage.h"

#include "ui/data/createtopicdialog.h"
#include "ui/data/datawidgets.h"
#include "ui/models/partitiontablemodel.h"
#include "ui/models/topicconfigmodel.h"
#include "ui/models/topiclistmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace runnel::ui {

TopicsPage::TopicsPage(KafkaService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_topics(new TopicListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_partitions(new PartitionTableModel(this))
    , m_configs(new TopicConfigModel(this))
    , m_timer(new QTimer(this))
{
    m_clock.start();
    m_proxy->setSourceModel(m_topics);
    m_proxy->setFilterKeyColumn(TopicListModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(TopicListModel::SortRole);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter topics"));
    m_filter->setClearButtonEnabled(true);
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);
    auto *createButton = new QPushButton(tr("&Create…"), this);
    createButton->setObjectName(QStringLiteral("create"));
    m_deleteButton = new QPushButton(tr("&Delete…"), this);
    m_partitionsButton = new QPushButton(tr("Add &partitions…"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(createButton);
    bar->addWidget(m_deleteButton);
    bar->addWidget(m_partitionsButton);

    m_topicView = makeTable(m_proxy, this);
    m_topicView->setObjectName(QStringLiteral("topics"));
    m_topicView->setSortingEnabled(true);
    m_topicView->sortByColumn(TopicListModel::Name, Qt::AscendingOrder);
    // Room for a typical name (Kafka's own internal topic) without measuring every row.
    m_topicView->setColumnWidth(
        TopicListModel::Name,
        m_topicView->fontMetrics().horizontalAdvance(QStringLiteral("__consumer_offsets-0000"))
            + 16);

    auto *detail = new QTabWidget(this);
    detail->addTab(makeTable(m_partitions, detail), tr("Partitions"));
    auto *configTab = new QWidget(detail);
    m_configView = makeTable(m_configs, configTab);
    m_configView->setEditTriggers(QAbstractItemView::DoubleClicked
                                  | QAbstractItemView::EditKeyPressed);
    m_saveConfigsButton = new QPushButton(tr("&Save changes"), configTab);
    m_revertConfigButton = new QPushButton(tr("Use &default"), configTab);
    auto *configButtons = new QHBoxLayout;
    configButtons->addStretch(1);
    configButtons->addWidget(m_revertConfigButton);
    configButtons->addWidget(m_saveConfigsButton);
    auto *configLayout = new QVBoxLayout(configTab);
    configLayout->setContentsMargins(0, 0, 0, 0);
    configLayout->addWidget(m_configView);
    configLayout->addLayout(configButtons);
    detail->addTab(configTab, tr("Configuration"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_topicView);
    splitter->addWidget(detail);
    m_status = new StatusLine(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_filter, &QLineEdit::textChanged, this, &TopicsPage::setFilter);
    connect(refreshButton, &QPushButton::clicked, this, &TopicsPage::refresh);
    connect(createButton, &QPushButton::clicked, this, &TopicsPage::openCreateDialog);
    connect(m_deleteButton, &QPushButton::clicked, this, &TopicsPage::confirmDelete);
    connect(m_partitionsButton, &QPushButton::clicked, this, &TopicsPage::openAddPartitionsDialog);
    connect(m_saveConfigsButton, &QPushButton::clicked, this, &TopicsPage::saveConfigs);
    connect(m_revertConfigButton, &QPushButton::clicked, this, [this]() {
        m_configs->revertToDefault(m_configView->currentIndex().row());
    });
    connect(m_topicView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                const QString name
                    = current.isValid()
                          ? m_proxy->data(m_proxy->index(current.row(), TopicListModel::Name))
                                .toString()
                          : QString();
                if (name != m_current) {
                    m_current = name;
                    loadDetail();
                }
            });
    connect(m_timer, &QTimer::timeout, this, &TopicsPage::refresh);
    m_timer->setInterval(5000);
    refresh();
}

void TopicsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer->start();
}

void TopicsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void TopicsPage::setFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
}

void TopicsPage::refresh()
{
    if (m_listInFlight)
        return;
    m_listInFlight = true;
    m_service->listTopics(this, [this](const KafkaResult<ClusterTopics> &r) {
        m_listInFlight = false;
        if (!r.ok()) {
            m_status->showError(r.error);
            emit refreshed();
            return;
        }
        m_brokerCount = r.value.brokerCount;
        m_topics->setTopics(r.value.topics, m_clock.elapsed());
        const int row = m_topics->rowOf(m_current);
        if (row >= 0)
            showPartitions(m_topics->rowAt(row).partitions);
        if (!m_status->isError())
            m_status->showInfo(tr("%n topic(s), %1 broker(s).", nullptr, int(r.value.topics.size()))
                                   .arg(r.value.brokerCount));
        emit refreshed();
    });
}

void TopicsPage::selectTopic(const QString &topic)
{
    const int row = m_topics->rowOf(topic);
    if (row >= 0) {
        const QModelIndex proxyIndex = m_proxy->mapFromSource(m_topics->index(row, 0));
        if (proxyIndex.isValid()) {
            m_topicView->setCurrentIndex(proxyIndex);
            return;
        }
    }
    m_current = topic;
    loadDetail();
}

void TopicsPage::setPartitionSizeSource(PartitionSizeSource source)
{
    m_sizeSource = std::move(source);
    refreshPartitionSizes();
}

void TopicsPage::refreshPartitionSizes()
{
    m_partitions->setBrokerSizes(m_sizeSource && !m_current.isEmpty()
                                     ? m_sizeSource(m_current)
                                     : QHash<PartitionId, qint64>{});
}

void TopicsPage::showPartitions(const QList<PartitionInfo> &partitions)
{
    m_partitions->setPartitions(partitions);
    refreshPartitionSizes();
}

void TopicsPage::loadDetail()
{
    const QString topic = m_current;
    if (topic.isEmpty()) {
        showPartitions({});
        m_configs->setEntries({});
        return;
    }
    m_service->describeTopic(topic, this, [this, topic](const KafkaResult<TopicInfo> &r) {
        if (topic != m_current)
            return;
        if (!r.ok()) {
            m_status->showError(r.error);
            return;
        }
        showPartitions(r.value.partitions);
        m_service->describeTopicConfigs(
            topic, this, [this, topic](const KafkaResult<QList<ConfigEntry>> &c) {
                if (topic != m_current)
                    return;
                if (!c.ok())
                    m_status->showError(c.error);
                else
                    m_configs->setEntries(c.value);
                emit detailRefreshed(topic);
            });
    });
}

void TopicsPage::finish(bool ok, const QString &message, bool reload)
{
    if (ok)
        m_status->showInfo(message);
    else
        m_status->showError(message);
    if (reload) {
        refresh();
        loadDetail();
    }
    emit operationFinished(ok, message);
}

void TopicsPage::createTopic(const NewTopic &topic)
{
    const QString invalid = validateNewTopic(topic, m_brokerCount);
    if (!invalid.isEmpty()) {
        finish(false, invalid, false);
        return;
    }
    m_status->showInfo(tr("Creating %1…").arg(topic.name));
    m_service->createTopic(topic, this, [this, name = topic.name](const KafkaResult<Done> &r) {
        if (r.ok())
            m_current = name;
        finish(r.ok(), r.ok() ? tr("Created the topic %1.").arg(name) : r.error, r.ok());
        if (r.ok())
            selectTopic(name);
    });
}

void TopicsPage::deleteTopic(const QString &topic)
{
    m_service->deleteTopic(topic, this, [this, topic](const KafkaResult<Done> &r) {
        if (r.ok() && m_current == topic)
            m_current.clear();
        finish(r.ok(), r.ok() ? tr("Deleted the topic %1.").arg(topic) : r.error, r.ok());
    });
}

void TopicsPage::addPartitions(const QString &topic, int totalCount)
{
    const int row = m_topics->rowOf(topic);
    if (row >= 0 && totalCount <= m_topics->rowAt(row).partitions.size()) {
        finish(false,
               tr("%1 already has %2 partitions; the new count must be larger (partitions cannot "
                  "be removed).")
                   .arg(topic)
                   .arg(m_topics->rowAt(row).partitions.size()),
               false);
        return;
    }
    m_service->createPartitions(
        topic, totalCount, this, [this, topic, totalCount](const KafkaResult<Done> &r) {
            finish(r.ok(),
                   r.ok() ? tr("%1 now has %2 partitions.").arg(topic).arg(totalCount) : r.error,
                   r.ok());
        });
}

void TopicsPage::saveConfigs()
{
    const QString topic = m_current;
    if (topic.isEmpty())
        return;
    m_service->alterTopicConfigs(
        topic, m_configs->overrides(), this, [this, topic](const KafkaResult<Done> &r) {
            finish(
                r.ok(), r.ok() ? tr("Saved the configuration of %1.").arg(topic) : r.error, r.ok());
        });
}

void TopicsPage::openCreateDialog()
{
    auto *dialog = new CreateTopicDialog(m_brokerCount, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        const auto t = dialog->topic();
        if (t.ok())
            createTopic(t.value);
    });
    dialog->open();
}

void TopicsPage::confirmDelete()
{
    const QString topic = m_current;
    if (topic.isEmpty())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Warning,
        tr("Delete topic"),
        tr("Delete the topic %1 and all its messages? This cannot be undone.").arg(topic),
        QMessageBox::Yes | QMessageBox::Cancel,
        this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, topic](int result) {
        if (result == QMessageBox::Yes)
            deleteTopic(topic);
    });
    box->open();
}

void TopicsPage::openAddPartitionsDialog()
{
    const int row = m_topics->rowOf(m_current);
    if (row < 0)
        return;
    const QString topic = m_current;
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add partitions"));
    dialog->setLabelText(
        tr("New partition count for %1 (keys may map to other partitions afterwards):").arg(topic));
    dialog->setInputMode(QInputDialog::IntInput);
    const int now = int(m_topics->rowAt(row).partitions.size());
    dialog->setIntRange(now + 1, 100000);
    dialog->setIntValue(now + 1);
    connect(dialog, &QInputDialog::intValueSelected, this, [this, topic](int value) {
        addPartitions(topic, value);
    });
    dialog->open();
}

} // namespace runnel::ui
