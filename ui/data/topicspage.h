#pragma once

// TopicsPage: the topics of one cluster with a filter, their partitions and their
// configuration; create, delete, add partitions and edit configuration. Every call goes
// through the KafkaService (worker threads); the list refreshes every few seconds while
// the page is visible, and after each change.

#include "ui/kafka/kafkaservice.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <functional>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace runnel::ui {

class PartitionTableModel;
class StatusLine;
class TopicConfigModel;
class TopicListModel;

class TopicsPage : public QWidget
{
    Q_OBJECT

public:
    explicit TopicsPage(KafkaService *service, QWidget *parent = nullptr);

    TopicListModel *topicModel() const { return m_topics; }
    QSortFilterProxyModel *filteredTopics() const { return m_proxy; }
    PartitionTableModel *partitionModel() const { return m_partitions; }
    TopicConfigModel *configModel() const { return m_configs; }
    QString currentTopic() const { return m_current; }
    int brokerCount() const { return m_brokerCount; }

    // Where partition sizes come from when the cluster can tell them (librdkafka cannot):
    // called with the shown topic whenever the partition table is filled; an empty hash
    // leaves the Size column a dash. The app layer sets it for agent-managed clusters.
    using PartitionSizeSource = std::function<QHash<PartitionId, qint64>(const QString &topic)>;
    void setPartitionSizeSource(PartitionSizeSource source);
    // Asks the source again for the shown topic (after it learnt new sizes).
    void refreshPartitionSizes();

public slots:
    void refresh();
    void setFilter(const QString &text);
    void selectTopic(const QString &topic);
    // These validate, call the cluster and report through operationFinished.
    void createTopic(const NewTopic &topic);
    void deleteTopic(const QString &topic);
    void addPartitions(const QString &topic, int totalCount);
    void saveConfigs();
    // The dialogs behind the buttons (opened window-modal, never blocking).
    void openCreateDialog();
    void confirmDelete();
    void openAddPartitionsDialog();

signals:
    void refreshed();
    void detailRefreshed(const QString &topic);
    void operationFinished(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void loadDetail();
    void showPartitions(const QList<PartitionInfo> &partitions);
    void finish(bool ok, const QString &message, bool reload);

    KafkaService *m_service;
    PartitionSizeSource m_sizeSource;
    TopicListModel *m_topics;
    QSortFilterProxyModel *m_proxy;
    PartitionTableModel *m_partitions;
    TopicConfigModel *m_configs;
    QTableView *m_topicView;
    QLineEdit *m_filter;
    QPushButton *m_deleteButton;
    QPushButton *m_partitionsButton;
    QPushButton *m_saveConfigsButton;
    QPushButton *m_revertConfigButton;
    QTableView *m_configView;
    StatusLine *m_status;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    QString m_current;
    int m_brokerCount = 0;
    bool m_listInFlight = false;
};

} // namespace runnel::ui
