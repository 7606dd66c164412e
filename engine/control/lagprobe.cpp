#include "engine/control/lagprobe.h"

#include <QDateTime>

#include <librdkafka/rdkafka.h>

#include <memory>

namespace runnel::control {

namespace {

struct KafkaHandle
{
    rd_kafka_t *rk = nullptr;
    ~KafkaHandle()
    {
        if (rk)
            rd_kafka_destroy(rk);
    }
};

void quietLog(const rd_kafka_t *, int, const char *, const char *) {}

QString text(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

// The committed offsets of one group (OffsetFetch for all its partitions).
QString fetchCommitted(rd_kafka_t *rk,
                       metrics::ConsumerGroupOffsets &group,
                       const std::map<metrics::PartitionKey, int64_t> &partitions,
                       int timeoutMs)
{
    if (partitions.empty())
        return {};
    std::unique_ptr<rd_kafka_queue_t, decltype(&rd_kafka_queue_destroy)> queue(
        rd_kafka_queue_new(rk), &rd_kafka_queue_destroy);
    // Every known partition by name: OffsetFetch for "all partitions" (a null topic
    // list) is not answered by every broker version.
    rd_kafka_topic_partition_list_t *wanted
        = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
    for (const auto &[key, hwm] : partitions)
        rd_kafka_topic_partition_list_add(wanted, key.topic.c_str(), key.partition);
    rd_kafka_ListConsumerGroupOffsets_t *request
        = rd_kafka_ListConsumerGroupOffsets_new(group.groupId.c_str(), wanted);
    rd_kafka_topic_partition_list_destroy(wanted);
    rd_kafka_AdminOptions_t *options
        = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, err, sizeof err);
    rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options, queue.get());
    rd_kafka_ListConsumerGroupOffsets_destroy(request);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue.get(), timeoutMs + 1000);
    if (!event)
        return QStringLiteral("no answer to OffsetFetch for group %1")
            .arg(QString::fromStdString(group.groupId));
    QString error;
    if (rd_kafka_event_error(event)) {
        error = QString::fromUtf8(rd_kafka_event_error_string(event));
    } else if (const auto *result = rd_kafka_event_ListConsumerGroupOffsets_result(event)) {
        size_t count = 0;
        const rd_kafka_group_result_t **groups
            = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count);
        for (size_t i = 0; i < count; ++i) {
            if (const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[i])) {
                error = QString::fromUtf8(rd_kafka_error_string(e));
                continue;
            }
            const rd_kafka_topic_partition_list_t *parts
                = rd_kafka_group_result_partitions(groups[i]);
            for (int p = 0; parts && p < parts->cnt; ++p) {
                const rd_kafka_topic_partition_t &tp = parts->elems[p];
                if (tp.err || tp.offset < 0)
                    continue; // nothing committed for this partition
                group.committed[{tp.topic, tp.partition}] = tp.offset >= 0 ? tp.offset : -1;
            }
        }
    }
    rd_kafka_event_destroy(event);
    return error;
}

} // namespace

LagSnapshot LagProbe::collect(const QString &bootstrapServers, int timeoutMs)
{
    LagSnapshot snapshot;
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const QByteArray servers = bootstrapServers.toUtf8();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", servers.constData(), err, sizeof err)
            != RD_KAFKA_CONF_OK
        || rd_kafka_conf_set(conf, "client.id", "runnel-agent-lag", err, sizeof err)
               != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        snapshot.error = QString::fromUtf8(err);
        return snapshot;
    }
    rd_kafka_conf_set_log_cb(conf, quietLog);
    KafkaHandle handle;
    handle.rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!handle.rk) {
        snapshot.error = QString::fromUtf8(err);
        return snapshot;
    }
    rd_kafka_t *rk = handle.rk;

    // High watermarks of every partition, so EstimatedTimeLag can tell when each offset
    // was written even before a group commits on that topic.
    const rd_kafka_metadata_t *metadata = nullptr;
    if (rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &metadata, timeoutMs); e) {
        snapshot.error = QStringLiteral("Metadata: %1").arg(text(e));
        return snapshot;
    }
    snapshot.timeMs = QDateTime::currentMSecsSinceEpoch();
    for (int t = 0; t < metadata->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &topic = metadata->topics[t];
        if (topic.err || std::string_view(topic.topic).starts_with("__"))
            continue;
        for (int p = 0; p < topic.partition_cnt; ++p) {
            int64_t low = 0, high = 0;
            const int32_t id = topic.partitions[p].id;
            if (rd_kafka_query_watermark_offsets(rk, topic.topic, id, &low, &high, timeoutMs)
                == RD_KAFKA_RESP_ERR_NO_ERROR)
                snapshot.highWatermarks[{topic.topic, id}] = high;
        }
    }
    rd_kafka_metadata_destroy(metadata);

    // Groups with their states. rd_kafka_list_groups asks ListGroups and DescribeGroups,
    // which gives the state with the ListGroups versions runneld serves (< 4).
    const rd_kafka_group_list *list = nullptr;
    if (rd_kafka_resp_err_t e = rd_kafka_list_groups(rk, nullptr, &list, timeoutMs); e) {
        snapshot.error = QStringLiteral("ListGroups: %1").arg(text(e));
        return snapshot;
    }
    for (int i = 0; i < list->group_cnt; ++i) {
        const rd_kafka_group_info &info = list->groups[i];
        metrics::ConsumerGroupOffsets group;
        group.groupId = info.group ? info.group : "";
        group.state = info.state ? info.state : "";
        if (metrics::lagCounted(group.groupId, group.state)) {
            const QString e = fetchCommitted(rk, group, snapshot.highWatermarks, timeoutMs);
            if (!e.isEmpty() && snapshot.error.isEmpty())
                snapshot.error = e;
        }
        snapshot.groups.push_back(std::move(group));
    }
    rd_kafka_group_list_destroy(list);
    return snapshot;
}

} // namespace runnel::control
