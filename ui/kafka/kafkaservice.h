#pragma once

// KafkaService is the console's Kafka client for one cluster. It owns librdkafka handles
// (an admin/query handle, a producer, a browse consumer — each made on first use) and a
// small thread pool; every public call runs its blocking librdkafka work on that pool and
// delivers its result on the thread of a context object, which also guards the
// callback's lifetime (a closed page never gets a late reply). Nothing here blocks the
// calling (GUI) thread, except the destructor, which waits for calls in flight.
//
//     service->listTopics(this, [this](const KafkaResult<ClusterTopics> &r) {
//         if (r.ok()) m_model->setTopics(r.value.topics); else showError(r.error);
//     });
//
// Long scans (search, export) stream on a worker thread through a sink called on that
// thread, report progress on the context's thread and stop when their ScanHandle is
// cancelled. Only the Kafka protocol is used, so every call works on any cluster.

#include "ui/kafka/connectionsettings.h"
#include "ui/kafka/kafkatypes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

struct rd_kafka_s;

namespace runnel::ui {

class ScanHandle
{
public:
    void cancel() { m_cancelled = true; }
    bool isCancelled() const { return m_cancelled; }

private:
    std::atomic_bool m_cancelled{false};
};

struct ProduceRequest
{
    QString topic;
    QList<KafkaRecord> records;
    bool keepPartitions = false; // use each record's partition (else: record.partition, -1 = any)
    bool keepTimestamps = false; // use each record's timestamp (else: now)
};

class KafkaService : public QObject
{
    Q_OBJECT

public:
    explicit KafkaService(ConnectionSettings settings, QObject *parent = nullptr);
    ~KafkaService() override;

    const ConnectionSettings &settings() const { return m_settings; }

    template<typename T>
    using Callback = std::function<void(const KafkaResult<T> &)>;

    // Topics -------------------------------------------------------------------------
    // Every topic with its partitions and their start/end offsets.
    void listTopics(QObject *context, Callback<ClusterTopics> done);
    void describeTopic(const QString &topic, QObject *context, Callback<TopicInfo> done);
    void createTopic(const NewTopic &topic, QObject *context, Callback<Done> done);
    void deleteTopic(const QString &topic, QObject *context, Callback<Done> done);
    void
    createPartitions(const QString &topic, int totalCount, QObject *context, Callback<Done> done);
    void
    describeTopicConfigs(const QString &topic, QObject *context, Callback<QList<ConfigEntry>> done);
    // Sets the topic's overrides to exactly `overrides` (others return to their defaults).
    void alterTopicConfigs(const QString &topic,
                           const QList<QPair<QString, QString>> &overrides,
                           QObject *context,
                           Callback<Done> done);

    // Offsets and records ---------------------------------------------------------------
    // For each partition (all, or only `partition`): the offset range a view covers.
    void
    resolveRange(const ScanRange &range, QObject *context, Callback<QList<PartitionRange>> done);
    // Up to `maxCount` records of one partition starting at `offset`, values cut to
    // `maxValueBytes` (0: whole). Fewer when the partition ends first.
    void fetchRecords(const QString &topic,
                      PartitionId partition,
                      Offset offset,
                      int maxCount,
                      int maxValueBytes,
                      QObject *context,
                      Callback<QList<KafkaRecord>> done);
    // Produces the records; `progress` (context thread) gets the number delivered so far.
    void produce(const ProduceRequest &request,
                 QObject *context,
                 std::function<void(qint64 delivered)> progress,
                 Callback<qint64> done);

    // Reads the whole range; `sink` runs on the worker thread for every record and
    // returns whether it matched (counted in progress). The record's bytes are borrowed
    // from librdkafka for the duration of the call: a sink that keeps a record keeps
    // record.detached(). Returns a handle to cancel.
    using RecordSink = std::function<bool(const KafkaRecord &)>;
    std::shared_ptr<ScanHandle> scan(const ScanRange &range,
                                     RecordSink sink,
                                     QObject *context,
                                     std::function<void(const ScanProgress &)> progress,
                                     Callback<ScanProgress> done);

    // Consumer groups ---------------------------------------------------------------------
    void listGroups(QObject *context, Callback<QList<GroupSummary>> done);
    void describeGroup(const QString &groupId, QObject *context, Callback<GroupDetail> done);
    // The dry run: what each partition's committed offset would become. Commits nothing.
    void planOffsetReset(const OffsetReset &reset,
                         QObject *context,
                         Callback<QList<OffsetResetRow>> done);
    // Commits the planned offsets, only if the group is Empty at that moment.
    void applyOffsetReset(const QString &groupId,
                          const QList<OffsetResetRow> &plan,
                          QObject *context,
                          Callback<Done> done);
    void deleteGroup(const QString &groupId, QObject *context, Callback<Done> done);

    // ACLs over the Kafka protocol (DescribeAcls, CreateAcls, DeleteAcls), in the agent's
    // ListAcls shape: {ResourceType, ResourceName, PatternType, Principal, Host,
    // Operation, PermissionType} with Kafka's names ("TOPIC", "PREFIXED", "WRITE",
    // "ALLOW"). deleteAcl deletes exactly the binding given.
    void listAcls(QObject *context, Callback<QJsonArray> done);
    void createAcl(const QJsonObject &acl, QObject *context, Callback<Done> done);
    void deleteAcl(const QJsonObject &acl, QObject *context, Callback<Done> done);

    // Waits for calls in flight (tests and shutdown); scans are cancelled first.
    void shutdown();

private:
    template<typename T>
    void run(QObject *context, std::function<KafkaResult<T>()> work, Callback<T> done);

    rd_kafka_s *adminHandle(QString *error);
    rd_kafka_s *producerHandle(QString *error);
    rd_kafka_s *newConsumer(const QList<QPair<QString, QString>> &extra, QString *error) const;

    KafkaResult<TopicInfo> describeTopicNow(rd_kafka_s *rk, const QString &topic);
    KafkaResult<QList<PartitionRange>> resolveRangeNow(rd_kafka_s *rk, const ScanRange &range);
    KafkaResult<GroupDetail> describeGroupNow(rd_kafka_s *rk, const QString &groupId);

    ConnectionSettings m_settings;
    QThreadPool m_pool;
    std::mutex m_handleMutex;
    rd_kafka_s *m_admin = nullptr;
    rd_kafka_s *m_producer = nullptr;
    std::mutex m_browseMutex; // one page fetch at a time on the browse consumer
    rd_kafka_s *m_browse = nullptr;
    std::mutex m_scanMutex;
    QList<std::weak_ptr<ScanHandle>> m_scans;
};

} // namespace runnel::ui
