#include "ui/kafka/kafkaservice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaObject>

#include <librdkafka/rdkafka.h>

#include <cstring>
#include <memory>

namespace runnel::ui {

namespace {

constexpr int kRequestTimeoutMs = 15000;

QString rdError(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

// A sentence for a failed call: what happened (librdkafka's words) and the name of it.
QString failed(const QString &what, const QString &detail)
{
    return KafkaService::tr("%1 failed: %2").arg(what, detail);
}

// RAII for one admin request: its own reply queue and options.
class AdminCall
{
public:
    AdminCall(rd_kafka_t *rk, rd_kafka_admin_op_t op)
        : m_queue(rd_kafka_queue_new(rk))
        , m_options(rd_kafka_AdminOptions_new(rk, op))
    {
        char errstr[256];
        rd_kafka_AdminOptions_set_request_timeout(
            m_options, kRequestTimeoutMs, errstr, sizeof errstr);
    }
    ~AdminCall()
    {
        if (m_event)
            rd_kafka_event_destroy(m_event);
        rd_kafka_AdminOptions_destroy(m_options);
        rd_kafka_queue_destroy(m_queue);
    }
    AdminCall(const AdminCall &) = delete;
    AdminCall &operator=(const AdminCall &) = delete;

    rd_kafka_queue_t *queue() const { return m_queue; }
    rd_kafka_AdminOptions_t *options() const { return m_options; }

    // Waits for the reply; an error sentence, or empty when the request itself succeeded.
    QString wait(const QString &what)
    {
        m_event = rd_kafka_queue_poll(m_queue, kRequestTimeoutMs + 5000);
        if (!m_event)
            return failed(what, KafkaService::tr("no answer from the cluster in time"));
        if (rd_kafka_event_error(m_event))
            return failed(what, QString::fromUtf8(rd_kafka_event_error_string(m_event)));
        return {};
    }
    rd_kafka_event_t *event() const { return m_event; }

private:
    rd_kafka_queue_t *m_queue;
    rd_kafka_AdminOptions_t *m_options;
    rd_kafka_event_t *m_event = nullptr;
};

struct PartitionList
{
    rd_kafka_topic_partition_list_t *list;
    explicit PartitionList(int size = 16)
        : list(rd_kafka_topic_partition_list_new(size))
    {}
    ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
    PartitionList(const PartitionList &) = delete;
    PartitionList &operator=(const PartitionList &) = delete;
    rd_kafka_topic_partition_t *add(const QString &topic, int partition, qint64 offset)
    {
        auto *p = rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), partition);
        p->offset = offset;
        return p;
    }
};

// ListOffsets for many partitions at once: `spec` -2 earliest, -1 latest, else a
// timestamp. Results keyed by (topic, partition); -1 where the broker has none.
KafkaResult<QMap<TopicPartitionKey, qint64>>
listOffsets(rd_kafka_t *rk, const QList<TopicPartitionKey> &tps, qint64 spec)
{
    QMap<TopicPartitionKey, qint64> out;
    if (tps.isEmpty())
        return KafkaResult<QMap<TopicPartitionKey, qint64>>::success(out);
    PartitionList pl(int(tps.size()));
    for (const auto &tp : tps)
        pl.add(tp.topic, tp.partition, spec);
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, pl.list, kRequestTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        // Fall back to one watermark query per partition for the two special positions.
        if (spec != -1 && spec != -2)
            return KafkaResult<QMap<TopicPartitionKey, qint64>>::failure(
                failed(KafkaService::tr("Looking up offsets"), rdError(err)));
        for (const auto &tp : tps) {
            int64_t lo = -1, hi = -1;
            const auto e = rd_kafka_query_watermark_offsets(
                rk, tp.topic.toUtf8().constData(), tp.partition, &lo, &hi, kRequestTimeoutMs);
            if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
                return KafkaResult<QMap<TopicPartitionKey, qint64>>::failure(
                    failed(KafkaService::tr("Looking up offsets"), rdError(e)));
            out.insert(tp, spec == -2 ? lo : hi);
        }
        return KafkaResult<QMap<TopicPartitionKey, qint64>>::success(out);
    }
    for (int i = 0; i < pl.list->cnt; ++i) {
        const auto &e = pl.list->elems[i];
        if (e.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            return KafkaResult<QMap<TopicPartitionKey, qint64>>::failure(
                failed(KafkaService::tr("Looking up offsets of %1 [%2]")
                           .arg(QString::fromUtf8(e.topic))
                           .arg(e.partition),
                       rdError(e.err)));
        out.insert({QString::fromUtf8(e.topic), e.partition}, e.offset);
    }
    return KafkaResult<QMap<TopicPartitionKey, qint64>>::success(out);
}

// borrow: the record's bytes point into the message (valid until it is destroyed);
// otherwise they are copied.
KafkaRecord toRecord(const rd_kafka_message_t *m, int maxValueBytes, bool borrow = false)
{
    auto bytes = [borrow](const void *p, qsizetype n) {
        return borrow ? QByteArray::fromRawData(static_cast<const char *>(p), n)
                      : QByteArray(static_cast<const char *>(p), n);
    };
    KafkaRecord r;
    r.partition = m->partition;
    r.offset = m->offset;
    rd_kafka_timestamp_type_t type;
    r.timestampMs = rd_kafka_message_timestamp(m, &type);
    r.keyNull = m->key == nullptr;
    if (m->key)
        r.key = bytes(m->key, qsizetype(m->key_len));
    r.valueNull = m->payload == nullptr;
    if (m->payload) {
        qsizetype len = qsizetype(m->len);
        if (maxValueBytes > 0 && len > maxValueBytes) {
            len = maxValueBytes;
            r.valueTruncated = true;
        }
        r.value = bytes(m->payload, len);
    }
    rd_kafka_headers_t *hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
        const char *name;
        const void *value;
        size_t size;
        for (size_t i = 0;
             rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
            KafkaHeader h;
            h.key = bytes(name, qsizetype(qstrlen(name)));
            h.valueNull = value == nullptr;
            if (value)
                h.value = bytes(value, qsizetype(size));
            r.headers.append(h);
        }
    }
    return r;
}

struct DeliveryTally
{
    std::atomic<qint64> delivered{0};
    std::atomic<qint64> failed{0};
    std::mutex mutex;
    QString firstError;
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *m, void *)
{
    auto *tally = static_cast<DeliveryTally *>(m->_private);
    if (!tally)
        return;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++tally->delivered;
    } else {
        {
            std::lock_guard lock(tally->mutex);
            if (tally->firstError.isEmpty())
                tally->firstError = rdError(m->err);
        }
        ++tally->failed;
    }
}

rd_kafka_t *makeHandle(rd_kafka_type_t type,
                       const ConnectionSettings &settings,
                       const QList<QPair<QString, QString>> &extra,
                       bool producer,
                       QString *error)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char errstr[512];
    auto set = [&](const QString &k, const QString &v) {
        if (rd_kafka_conf_set(
                conf, k.toUtf8().constData(), v.toUtf8().constData(), errstr, sizeof errstr)
            != RD_KAFKA_CONF_OK) {
            *error = KafkaService::tr("The connection setting %1 is not accepted: %2")
                         .arg(k, QString::fromUtf8(errstr));
            return false;
        }
        return true;
    };
    for (const auto &[k, v] : settings.librdkafkaProperties())
        if (!set(k, v)) {
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    if (!set(QStringLiteral("client.id"), QStringLiteral("runnel-console"))) {
        rd_kafka_conf_destroy(conf);
        return nullptr;
    }
    for (const auto &[k, v] : extra)
        if (!set(k, v)) {
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    if (producer)
        rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr);
    if (!rk) {
        *error = KafkaService::tr("Could not create a Kafka client: %1")
                     .arg(QString::fromUtf8(errstr));
        rd_kafka_conf_destroy(conf); // rd_kafka_new takes it only on success
        return nullptr;
    }
    return rk;
}

QString groupErrorText(const rd_kafka_error_t *e)
{
    return e ? QString::fromUtf8(rd_kafka_error_string(e)) : QString();
}

} // namespace

KafkaService::KafkaService(ConnectionSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    // Enough that a slow page fetch or a scan never holds up a topic list; no more,
    // because librdkafka brings threads of its own per handle.
    m_pool.setMaxThreadCount(6);
    m_pool.setExpiryTimeout(-1);
}

KafkaService::~KafkaService()
{
    shutdown();
    for (rd_kafka_t *rk : {m_browse, m_producer, m_admin}) {
        if (!rk)
            continue;
        if (rk == m_browse)
            rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
}

void KafkaService::shutdown()
{
    {
        std::lock_guard lock(m_scanMutex);
        for (const auto &weak : m_scans)
            if (auto scan = weak.lock())
                scan->cancel();
        m_scans.clear();
    }
    m_pool.waitForDone();
}

template<typename T>
void KafkaService::run(QObject *context, std::function<KafkaResult<T>()> work, Callback<T> done)
{
    QPointer<QObject> guard(context);
    m_pool.start([guard, work = std::move(work), done = std::move(done)]() {
        KafkaResult<T> result = work();
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, result = std::move(result)]() {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

rd_kafka_t *KafkaService::adminHandle(QString *error)
{
    std::lock_guard lock(m_handleMutex);
    if (!m_admin) {
        // A consumer-type handle with a group id it never joins: it serves admin
        // requests, metadata and ListOffsets; it commits nothing.
        m_admin = makeHandle(RD_KAFKA_CONSUMER,
                             m_settings,
                             {{QStringLiteral("group.id"), QStringLiteral("runnel-console-admin")},
                              {QStringLiteral("enable.auto.commit"), QStringLiteral("false")}},
                             false,
                             error);
    }
    return m_admin;
}

rd_kafka_t *KafkaService::producerHandle(QString *error)
{
    std::lock_guard lock(m_handleMutex);
    if (!m_producer) {
        m_producer = makeHandle(
            RD_KAFKA_PRODUCER,
            m_settings,
            {{QStringLiteral("linger.ms"), QStringLiteral("5")},
             {QStringLiteral("enable.idempotence"), QStringLiteral("true")},
             {QStringLiteral("queue.buffering.max.messages"), QStringLiteral("200000")}},
            true,
            error);
    }
    return m_producer;
}

rd_kafka_t *KafkaService::newConsumer(const QList<QPair<QString, QString>> &extra,
                                      QString *error) const
{
    QList<QPair<QString, QString>> props = {
        {QStringLiteral("group.id"), QStringLiteral("runnel-console-reader")},
        {QStringLiteral("enable.auto.commit"), QStringLiteral("false")},
        {QStringLiteral("enable.auto.offset.store"), QStringLiteral("false")},
        {QStringLiteral("enable.partition.eof"), QStringLiteral("true")},
    };
    props.append(extra);
    rd_kafka_t *rk = makeHandle(RD_KAFKA_CONSUMER, m_settings, props, false, error);
    if (rk)
        rd_kafka_poll_set_consumer(rk);
    return rk;
}

// --- topics ----------------------------------------------------------------------------

static KafkaResult<ClusterTopics> readMetadata(rd_kafka_t *rk, const QString &only)
{
    const rd_kafka_metadata_t *md = nullptr;
    const auto err = rd_kafka_metadata(rk, 1, nullptr, &md, kRequestTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return KafkaResult<ClusterTopics>::failure(
            failed(KafkaService::tr("Reading the cluster's metadata"), rdError(err)));
    ClusterTopics out;
    out.brokerCount = md->broker_cnt;
    for (int t = 0; t < md->topic_cnt; ++t) {
        const auto &mt = md->topics[t];
        TopicInfo info;
        info.name = QString::fromUtf8(mt.topic);
        if (!only.isEmpty() && info.name != only)
            continue;
        info.internal = info.name.startsWith(QLatin1String("__"));
        if (mt.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            info.error = rdError(mt.err);
        for (int p = 0; p < mt.partition_cnt; ++p) {
            const auto &mp = mt.partitions[p];
            PartitionInfo pi;
            pi.partition = mp.id;
            pi.leader = mp.leader;
            for (int i = 0; i < mp.replica_cnt; ++i)
                pi.replicas.append(mp.replicas[i]);
            for (int i = 0; i < mp.isr_cnt; ++i)
                pi.isr.append(mp.isrs[i]);
            if (mp.err != RD_KAFKA_RESP_ERR_NO_ERROR)
                pi.error = rdError(mp.err);
            info.partitions.append(pi);
        }
        std::sort(info.partitions.begin(),
                  info.partitions.end(),
                  [](const PartitionInfo &a, const PartitionInfo &b) {
                      return a.partition < b.partition;
                  });
        out.topics.append(info);
    }
    rd_kafka_metadata_destroy(md);
    std::sort(out.topics.begin(), out.topics.end(), [](const TopicInfo &a, const TopicInfo &b) {
        return a.name < b.name;
    });
    return KafkaResult<ClusterTopics>::success(out);
}

static QString fillWatermarks(rd_kafka_t *rk, QList<TopicInfo> &topics)
{
    QList<TopicPartitionKey> tps;
    for (const auto &t : topics)
        if (t.error.isEmpty())
            for (const auto &p : t.partitions)
                tps.append({t.name, p.partition});
    const auto low = listOffsets(rk, tps, -2);
    if (!low.ok())
        return low.error;
    const auto high = listOffsets(rk, tps, -1);
    if (!high.ok())
        return high.error;
    for (auto &t : topics)
        for (auto &p : t.partitions) {
            p.startOffset = low.value.value({t.name, p.partition}, -1);
            p.endOffset = high.value.value({t.name, p.partition}, -1);
        }
    return {};
}

void KafkaService::listTopics(QObject *context, Callback<ClusterTopics> done)
{
    run<ClusterTopics>(
        context,
        [this]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<ClusterTopics>::failure(error);
            auto md = readMetadata(rk, {});
            if (!md.ok())
                return md;
            error = fillWatermarks(rk, md.value.topics);
            if (!error.isEmpty())
                return KafkaResult<ClusterTopics>::failure(error);
            return md;
        },
        std::move(done));
}

KafkaResult<TopicInfo> KafkaService::describeTopicNow(rd_kafka_t *rk, const QString &topic)
{
    auto md = readMetadata(rk, topic);
    if (!md.ok())
        return KafkaResult<TopicInfo>::failure(md.error);
    if (md.value.topics.isEmpty()
        || md.value.topics.first().error == rdError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART))
        return KafkaResult<TopicInfo>::failure(
            tr("The topic \"%1\" does not exist on this cluster.").arg(topic));
    if (!md.value.topics.first().error.isEmpty())
        return KafkaResult<TopicInfo>::failure(
            failed(tr("Describing the topic \"%1\"").arg(topic), md.value.topics.first().error));
    const QString error = fillWatermarks(rk, md.value.topics);
    if (!error.isEmpty())
        return KafkaResult<TopicInfo>::failure(error);
    return KafkaResult<TopicInfo>::success(md.value.topics.first());
}

void KafkaService::describeTopic(const QString &topic, QObject *context, Callback<TopicInfo> done)
{
    run<TopicInfo>(
        context,
        [this, topic]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<TopicInfo>::failure(error);
            return describeTopicNow(rk, topic);
        },
        std::move(done));
}

static QString
topicResultError(const rd_kafka_topic_result_t **results, size_t count, const QString &what)
{
    for (size_t i = 0; i < count; ++i)
        if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            const char *msg = rd_kafka_topic_result_error_string(results[i]);
            return failed(what,
                          msg && *msg ? QString::fromUtf8(msg)
                                      : rdError(rd_kafka_topic_result_error(results[i])));
        }
    return {};
}

void KafkaService::createTopic(const NewTopic &topic, QObject *context, Callback<Done> done)
{
    run<Done>(
        context,
        [this, topic]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            const QString what = tr("Creating the topic \"%1\"").arg(topic.name);
            char errstr[512];
            rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic.name.toUtf8().constData(),
                                                            topic.partitions,
                                                            topic.replicationFactor,
                                                            errstr,
                                                            sizeof errstr);
            if (!nt)
                return KafkaResult<Done>::failure(failed(what, QString::fromUtf8(errstr)));
            for (const auto &[k, v] : topic.configs)
                rd_kafka_NewTopic_set_config(nt, k.toUtf8().constData(), v.toUtf8().constData());
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
            rd_kafka_AdminOptions_set_operation_timeout(
                call.options(), kRequestTimeoutMs, errstr, sizeof errstr);
            rd_kafka_CreateTopics(rk, &nt, 1, call.options(), call.queue());
            rd_kafka_NewTopic_destroy(nt);
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const auto **res = rd_kafka_CreateTopics_result_topics(
                    rd_kafka_event_CreateTopics_result(call.event()), &n);
                error = topicResultError(res, n, what);
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

void KafkaService::deleteTopic(const QString &topic, QObject *context, Callback<Done> done)
{
    run<Done>(
        context,
        [this, topic]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            const QString what = tr("Deleting the topic \"%1\"").arg(topic);
            rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(topic.toUtf8().constData());
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS);
            rd_kafka_DeleteTopics(rk, &dt, 1, call.options(), call.queue());
            rd_kafka_DeleteTopic_destroy(dt);
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const auto **res = rd_kafka_DeleteTopics_result_topics(
                    rd_kafka_event_DeleteTopics_result(call.event()), &n);
                error = topicResultError(res, n, what);
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

void KafkaService::createPartitions(const QString &topic,
                                    int totalCount,
                                    QObject *context,
                                    Callback<Done> done)
{
    run<Done>(
        context,
        [this, topic, totalCount]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            const QString what = tr("Adding partitions to \"%1\"").arg(topic);
            char errstr[512];
            rd_kafka_NewPartitions_t *np = rd_kafka_NewPartitions_new(
                topic.toUtf8().constData(), size_t(totalCount), errstr, sizeof errstr);
            if (!np)
                return KafkaResult<Done>::failure(failed(what, QString::fromUtf8(errstr)));
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS);
            rd_kafka_CreatePartitions(rk, &np, 1, call.options(), call.queue());
            rd_kafka_NewPartitions_destroy(np);
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const auto **res = rd_kafka_CreatePartitions_result_topics(
                    rd_kafka_event_CreatePartitions_result(call.event()), &n);
                error = topicResultError(res, n, what);
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

void KafkaService::describeTopicConfigs(const QString &topic,
                                        QObject *context,
                                        Callback<QList<ConfigEntry>> done)
{
    run<QList<ConfigEntry>>(
        context,
        [this, topic]() {
            using R = KafkaResult<QList<ConfigEntry>>;
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return R::failure(error);
            const QString what = tr("Reading the configuration of \"%1\"").arg(topic);
            rd_kafka_ConfigResource_t *res
                = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData());
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
            rd_kafka_DescribeConfigs(rk, &res, 1, call.options(), call.queue());
            rd_kafka_ConfigResource_destroy(res);
            error = call.wait(what);
            if (!error.isEmpty())
                return R::failure(error);
            size_t n = 0;
            const auto **resources = rd_kafka_DescribeConfigs_result_resources(
                rd_kafka_event_DescribeConfigs_result(call.event()), &n);
            QList<ConfigEntry> entries;
            for (size_t i = 0; i < n; ++i) {
                if (rd_kafka_ConfigResource_error(resources[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
                    return R::failure(failed(
                        what,
                        QString::fromUtf8(rd_kafka_ConfigResource_error_string(resources[i]))));
                size_t cn = 0;
                const auto **configs = rd_kafka_ConfigResource_configs(resources[i], &cn);
                for (size_t c = 0; c < cn; ++c) {
                    ConfigEntry e;
                    e.name = QString::fromUtf8(rd_kafka_ConfigEntry_name(configs[c]));
                    const char *v = rd_kafka_ConfigEntry_value(configs[c]);
                    e.value = v ? QString::fromUtf8(v) : QString();
                    e.isDefault = rd_kafka_ConfigEntry_is_default(configs[c]);
                    e.readOnly = rd_kafka_ConfigEntry_is_read_only(configs[c]);
                    e.sensitive = rd_kafka_ConfigEntry_is_sensitive(configs[c]);
                    switch (rd_kafka_ConfigEntry_source(configs[c])) {
                    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG:
                        e.source = ConfigEntry::Source::TopicOverride;
                        break;
                    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG:
                    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG:
                        e.source = ConfigEntry::Source::BrokerDynamic;
                        break;
                    case RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG:
                        e.source = ConfigEntry::Source::BrokerStatic;
                        break;
                    case RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG:
                        e.source = ConfigEntry::Source::Default;
                        break;
                    default:
                        e.source = e.isDefault ? ConfigEntry::Source::Default
                                               : ConfigEntry::Source::Unknown;
                    }
                    entries.append(e);
                }
            }
            std::sort(entries.begin(),
                      entries.end(),
                      [](const ConfigEntry &a, const ConfigEntry &b) { return a.name < b.name; });
            return R::success(entries);
        },
        std::move(done));
}

void KafkaService::alterTopicConfigs(const QString &topic,
                                     const QList<QPair<QString, QString>> &overrides,
                                     QObject *context,
                                     Callback<Done> done)
{
    run<Done>(
        context,
        [this, topic, overrides]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            const QString what = tr("Changing the configuration of \"%1\"").arg(topic);
            rd_kafka_ConfigResource_t *res
                = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData());
            for (const auto &[k, v] : overrides)
                rd_kafka_ConfigResource_set_config(
                    res, k.toUtf8().constData(), v.toUtf8().constData());
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS);
            rd_kafka_AlterConfigs(rk, &res, 1, call.options(), call.queue());
            rd_kafka_ConfigResource_destroy(res);
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const auto **resources = rd_kafka_AlterConfigs_result_resources(
                    rd_kafka_event_AlterConfigs_result(call.event()), &n);
                for (size_t i = 0; i < n && error.isEmpty(); ++i)
                    if (rd_kafka_ConfigResource_error(resources[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
                        error = failed(
                            what,
                            QString::fromUtf8(rd_kafka_ConfigResource_error_string(resources[i])));
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

// --- records ---------------------------------------------------------------------------

KafkaResult<QList<PartitionRange>> KafkaService::resolveRangeNow(rd_kafka_t *rk,
                                                                 const ScanRange &range)
{
    using R = KafkaResult<QList<PartitionRange>>;
    auto topic = describeTopicNow(rk, range.topic);
    if (!topic.ok())
        return R::failure(topic.error);
    QList<TopicPartitionKey> tps;
    for (const auto &p : topic.value.partitions)
        if (range.partition < 0 || p.partition == range.partition)
            tps.append({range.topic, p.partition});
    if (tps.isEmpty())
        return R::failure(
            tr("The topic \"%1\" has no partition %2.").arg(range.topic).arg(range.partition));
    QMap<TopicPartitionKey, qint64> starts;
    if (range.from == ScanRange::From::Timestamp) {
        auto byTime = listOffsets(rk, tps, range.fromValue);
        if (!byTime.ok())
            return R::failure(byTime.error);
        starts = byTime.value;
    }
    QMap<TopicPartitionKey, qint64> ends;
    if (range.toTimestampMs >= 0) {
        auto byTime = listOffsets(rk, tps, range.toTimestampMs + 1);
        if (!byTime.ok())
            return R::failure(byTime.error);
        ends = byTime.value;
    }
    QList<PartitionRange> out;
    for (const auto &p : topic.value.partitions) {
        if (range.partition >= 0 && p.partition != range.partition)
            continue;
        PartitionRange pr;
        pr.partition = p.partition;
        pr.start = p.startOffset;
        pr.end = p.endOffset;
        if (range.from == ScanRange::From::Offset)
            pr.start = qBound(p.startOffset, range.fromValue, p.endOffset);
        else if (range.from == ScanRange::From::Timestamp) {
            const qint64 s = starts.value({range.topic, p.partition}, -1);
            pr.start = s < 0 ? p.endOffset : qBound(p.startOffset, s, p.endOffset);
        }
        if (range.toOffset >= 0)
            pr.end = qBound(pr.start, range.toOffset, p.endOffset);
        if (range.toTimestampMs >= 0) {
            const qint64 e = ends.value({range.topic, p.partition}, -1);
            if (e >= 0)
                pr.end = qBound(pr.start, e, pr.end);
        }
        out.append(pr);
    }
    return R::success(out);
}

void KafkaService::resolveRange(const ScanRange &range,
                                QObject *context,
                                Callback<QList<PartitionRange>> done)
{
    run<QList<PartitionRange>>(
        context,
        [this, range]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<QList<PartitionRange>>::failure(error);
            return resolveRangeNow(rk, range);
        },
        std::move(done));
}

void KafkaService::fetchRecords(const QString &topic,
                                PartitionId partition,
                                Offset offset,
                                int maxCount,
                                int maxValueBytes,
                                QObject *context,
                                Callback<QList<KafkaRecord>> done)
{
    run<QList<KafkaRecord>>(
        context,
        [this, topic, partition, offset, maxCount, maxValueBytes]() {
            using R = KafkaResult<QList<KafkaRecord>>;
            std::lock_guard lock(m_browseMutex);
            QString error;
            if (!m_browse) {
                // Small fetches: the browser wants one page, not the partition's next
                // megabytes (memory stays bounded however large the topic).
                m_browse = newConsumer(
                    {{QStringLiteral("fetch.max.bytes"), QStringLiteral("4194304")},
                     {QStringLiteral("max.partition.fetch.bytes"), QStringLiteral("1048576")},
                     {QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("4096")},
                     {QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50")}},
                    &error);
                if (!m_browse)
                    return R::failure(error);
            }
            PartitionList pl(1);
            pl.add(topic, partition, offset);
            rd_kafka_resp_err_t err = rd_kafka_assign(m_browse, pl.list);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
                return R::failure(
                    failed(tr("Reading %1 [%2]").arg(topic).arg(partition), rdError(err)));
            QList<KafkaRecord> records;
            QElapsedTimer clock;
            clock.start();
            const QByteArray topicName = topic.toUtf8();
            const Offset last = offset + maxCount - 1;
            while (records.size() < maxCount && clock.elapsed() < kRequestTimeoutMs) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(m_browse, 100);
                if (!m)
                    continue;
                const bool ours = m->rkt && m->partition == partition
                                  && topicName == rd_kafka_topic_name(m->rkt);
                if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF && ours) {
                    rd_kafka_message_destroy(m);
                    break;
                }
                if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    const QString text = QString::fromUtf8(rd_kafka_message_errstr(m));
                    const bool fatal = m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                                       || m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
                                       || m->err == RD_KAFKA_RESP_ERR__FATAL;
                    rd_kafka_message_destroy(m);
                    if (fatal) {
                        rd_kafka_assign(m_browse, nullptr);
                        return R::failure(
                            failed(tr("Reading %1 [%2]").arg(topic).arg(partition), text));
                    }
                    continue;
                }
                const bool inPage = ours && m->offset >= offset;
                const bool pastPage = ours && m->offset >= last;
                if (inPage && m->offset <= last)
                    records.append(toRecord(m, maxValueBytes));
                rd_kafka_message_destroy(m);
                if (pastPage)
                    break;
            }
            rd_kafka_assign(m_browse, nullptr);
            return R::success(records);
        },
        std::move(done));
}

void KafkaService::produce(const ProduceRequest &request,
                           QObject *context,
                           std::function<void(qint64)> progress,
                           Callback<qint64> done)
{
    QPointer<QObject> guard(context);
    run<qint64>(
        context,
        [this, request, guard, progress]() {
            using R = KafkaResult<qint64>;
            QString error;
            rd_kafka_t *rk = producerHandle(&error);
            if (!rk)
                return R::failure(error);
            DeliveryTally tally;
            const QByteArray topic = request.topic.toUtf8();
            qint64 sent = 0;
            QElapsedTimer sinceProgress;
            sinceProgress.start();
            auto report = [&]() {
                if (!progress || !guard || sinceProgress.elapsed() < 100)
                    return;
                sinceProgress.restart();
                const qint64 n = tally.delivered.load();
                QMetaObject::invokeMethod(
                    guard.data(),
                    [guard, progress, n]() {
                        if (guard)
                            progress(n);
                    },
                    Qt::QueuedConnection);
            };
            for (const auto &r : request.records) {
                rd_kafka_headers_t *hdrs = nullptr;
                if (!r.headers.isEmpty()) {
                    hdrs = rd_kafka_headers_new(size_t(r.headers.size()));
                    for (const auto &h : r.headers)
                        rd_kafka_header_add(hdrs,
                                            h.key.constData(),
                                            h.key.size(),
                                            h.valueNull ? nullptr : h.value.constData(),
                                            h.valueNull ? 0 : h.value.size());
                }
                static const char empty = 0;
                const void *key
                    = r.keyNull ? nullptr : (r.key.isEmpty() ? &empty : r.key.constData());
                const void *value
                    = r.valueNull ? nullptr : (r.value.isEmpty() ? &empty : r.value.constData());
                const int32_t partition = request.keepPartitions || r.partition >= 0
                                              ? r.partition
                                              : RD_KAFKA_PARTITION_UA;
                const int64_t ts = request.keepTimestamps && r.timestampMs >= 0 ? r.timestampMs : 0;
                for (;;) {
                    const auto err = rd_kafka_producev(
                        rk,
                        RD_KAFKA_V_TOPIC(topic.constData()),
                        RD_KAFKA_V_PARTITION(partition),
                        RD_KAFKA_V_KEY(const_cast<void *>(key),
                                       r.keyNull ? 0 : size_t(r.key.size())),
                        RD_KAFKA_V_VALUE(const_cast<void *>(value),
                                         r.valueNull ? 0 : size_t(r.value.size())),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_TIMESTAMP(ts),
                        RD_KAFKA_V_HEADERS(hdrs),
                        RD_KAFKA_V_OPAQUE(&tally),
                        RD_KAFKA_V_END);
                    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                        break;
                    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        rd_kafka_poll(rk, 50);
                        report();
                        continue;
                    }
                    if (hdrs)
                        rd_kafka_headers_destroy(hdrs);
                    // Wait for what was sent, so `tally` outlives its messages.
                    while (tally.delivered + tally.failed < sent)
                        rd_kafka_poll(rk, 50);
                    return R::failure(
                        failed(tr("Producing to \"%1\"").arg(request.topic), rdError(err)));
                }
                ++sent;
                rd_kafka_poll(rk, 0);
                report();
            }
            while (tally.delivered + tally.failed < sent) {
                rd_kafka_poll(rk, 50);
                report();
            }
            if (tally.failed > 0)
                return R::failure(tr("%1 of %2 records could not be delivered to \"%3\": %4")
                                      .arg(tally.failed.load())
                                      .arg(sent)
                                      .arg(request.topic, tally.firstError));
            return R::success(tally.delivered.load());
        },
        std::move(done));
}

std::shared_ptr<ScanHandle> KafkaService::scan(const ScanRange &range,
                                               RecordSink sink,
                                               QObject *context,
                                               std::function<void(const ScanProgress &)> progress,
                                               Callback<ScanProgress> done)
{
    auto handle = std::make_shared<ScanHandle>();
    {
        std::lock_guard lock(m_scanMutex);
        m_scans.append(handle);
    }
    QPointer<QObject> guard(context);
    run<ScanProgress>(
        context,
        [this, range, sink, handle, guard, progress]() {
            using R = KafkaResult<ScanProgress>;
            QString error;
            rd_kafka_t *admin = adminHandle(&error);
            if (!admin)
                return R::failure(error);
            auto ranges = resolveRangeNow(admin, range);
            if (!ranges.ok())
                return R::failure(ranges.error);
            ScanProgress state;
            // Per partition id: its range, the next offset to read, whether it is done.
            struct Cursor
            {
                PartitionRange range;
                Offset next = 0;
                bool open = false;
            };
            std::vector<Cursor> cursors;
            int openCount = 0;
            PartitionList pl;
            for (const auto &pr : ranges.value) {
                state.total += pr.count();
                if (size_t(pr.partition) >= cursors.size())
                    cursors.resize(size_t(pr.partition) + 1);
                cursors[size_t(pr.partition)] = {pr, pr.start, pr.count() > 0};
                if (pr.count() > 0) {
                    ++openCount;
                    pl.add(range.topic, pr.partition, pr.start);
                }
            }
            if (openCount == 0)
                return R::success(state);
            rd_kafka_t *rk = newConsumer({}, &error);
            if (!rk)
                return R::failure(error);
            rd_kafka_assign(rk, pl.list);
            rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
            std::vector<rd_kafka_message_t *> batch(4096);
            QElapsedTimer sinceProgress, sinceData;
            sinceProgress.start();
            sinceData.start();
            auto scanned = [&]() {
                qint64 n = 0;
                for (const auto &c : cursors)
                    n += c.next - c.range.start;
                return n;
            };
            auto finish = [&](Cursor &c) {
                c.open = false;
                c.next = c.range.end;
                --openCount;
                PartitionList one(1);
                one.add(range.topic, c.range.partition, RD_KAFKA_OFFSET_INVALID);
                rd_kafka_pause_partitions(rk, one.list);
            };
            const bool timeBound = range.toTimestampMs >= 0;
            while (openCount > 0 && !handle->isCancelled()) {
                const ssize_t n
                    = rd_kafka_consume_batch_queue(queue, 200, batch.data(), batch.size());
                for (ssize_t i = 0; i < n; ++i) {
                    rd_kafka_message_t *m = batch[size_t(i)];
                    Cursor *c = m->partition >= 0 && size_t(m->partition) < cursors.size()
                                    ? &cursors[size_t(m->partition)]
                                    : nullptr;
                    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                        if (c && c->open && m->offset >= c->next) {
                            if (m->offset >= c->range.end) {
                                finish(*c);
                            } else {
                                // The sink sees the bytes in place; it copies what it keeps.
                                const KafkaRecord r = toRecord(m, 0, true);
                                if ((!timeBound || r.timestampMs <= range.toTimestampMs) && sink(r))
                                    ++state.matched;
                                c->next = m->offset + 1;
                                if (c->next >= c->range.end)
                                    finish(*c);
                            }
                        }
                    } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                        if (c && c->open)
                            finish(*c);
                    } else if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                               || m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
                               || m->err == RD_KAFKA_RESP_ERR__FATAL) {
                        error = QString::fromUtf8(rd_kafka_message_errstr(m));
                    }
                    rd_kafka_message_destroy(m);
                }
                if (n > 0)
                    sinceData.restart();
                if (!error.isEmpty())
                    break;
                if (sinceData.elapsed() > 30000) {
                    error = tr("the cluster sent no records for 30 seconds");
                    break;
                }
                if (progress && guard && sinceProgress.elapsed() >= 100) {
                    sinceProgress.restart();
                    ScanProgress now = state;
                    now.scanned = scanned();
                    QMetaObject::invokeMethod(
                        guard.data(),
                        [guard, progress, now]() {
                            if (guard)
                                progress(now);
                        },
                        Qt::QueuedConnection);
                }
            }
            state.scanned = scanned();
            state.cancelled = handle->isCancelled();
            rd_kafka_queue_destroy(queue);
            rd_kafka_consumer_close(rk);
            rd_kafka_destroy(rk);
            if (!error.isEmpty())
                return R::failure(failed(tr("Reading \"%1\"").arg(range.topic), error));
            return R::success(state);
        },
        std::move(done));
    return handle;
}

// --- groups ------------------------------------------------------------------------------

// librdkafka 2.0.2 answers "all partitions" (a null list) with nothing, so the group's
// committed offsets are asked for every partition of every non-internal topic.
static KafkaResult<QList<GroupOffset>> groupOffsets(rd_kafka_t *rk, const QString &groupId)
{
    auto md = readMetadata(rk, {});
    if (!md.ok())
        return KafkaResult<QList<GroupOffset>>::failure(md.error);
    PartitionList all;
    for (const auto &t : md.value.topics)
        if (!t.internal && t.error.isEmpty())
            for (const auto &p : t.partitions)
                all.add(t.name, p.partition, RD_KAFKA_OFFSET_INVALID);
    using R = KafkaResult<QList<GroupOffset>>;
    const QString what = KafkaService::tr("Reading the offsets of group \"%1\"").arg(groupId);
    AdminCall call(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets_t *req
        = rd_kafka_ListConsumerGroupOffsets_new(groupId.toUtf8().constData(), all.list);
    rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, call.options(), call.queue());
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
    const QString error = call.wait(what);
    if (!error.isEmpty())
        return R::failure(error);
    size_t n = 0;
    const auto **groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(call.event()), &n);
    QList<GroupOffset> out;
    for (size_t i = 0; i < n; ++i) {
        if (const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[i]))
            return R::failure(failed(what, groupErrorText(e)));
        const auto *parts = rd_kafka_group_result_partitions(groups[i]);
        for (int p = 0; parts && p < parts->cnt; ++p) {
            const auto &e = parts->elems[p];
            if (e.err != RD_KAFKA_RESP_ERR_NO_ERROR || e.offset < 0)
                continue; // nothing committed there
            GroupOffset o;
            o.topic = QString::fromUtf8(e.topic);
            o.partition = e.partition;
            o.committed = e.offset < 0 ? -1 : e.offset;
            out.append(o);
        }
    }
    std::sort(out.begin(), out.end(), [](const GroupOffset &a, const GroupOffset &b) {
        return TopicPartitionKey{a.topic, a.partition} < TopicPartitionKey{b.topic, b.partition};
    });
    return R::success(out);
}

static QString fillEndOffsets(rd_kafka_t *rk, QList<GroupOffset> &offsets)
{
    QList<TopicPartitionKey> tps;
    for (const auto &o : offsets)
        tps.append({o.topic, o.partition});
    const auto ends = listOffsets(rk, tps, -1);
    if (!ends.ok())
        return ends.error;
    for (auto &o : offsets)
        o.endOffset = ends.value.value({o.topic, o.partition}, -1);
    return {};
}

struct Described
{
    QList<GroupDetail> groups;
};

static KafkaResult<Described> describeGroups(rd_kafka_t *rk, const QStringList &ids)
{
    using R = KafkaResult<Described>;
    Described out;
    if (ids.isEmpty())
        return R::success(out);
    const QString what = KafkaService::tr("Describing consumer groups");
    QList<QByteArray> names;
    std::vector<const char *> ptrs;
    for (const auto &id : ids)
        names.append(id.toUtf8());
    for (const auto &n : names)
        ptrs.push_back(n.constData());
    AdminCall call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
    rd_kafka_DescribeConsumerGroups(rk, ptrs.data(), ptrs.size(), call.options(), call.queue());
    const QString error = call.wait(what);
    if (!error.isEmpty())
        return R::failure(error);
    size_t n = 0;
    const auto **groups = rd_kafka_DescribeConsumerGroups_result_groups(
        rd_kafka_event_DescribeConsumerGroups_result(call.event()), &n);
    for (size_t i = 0; i < n; ++i) {
        const auto *g = groups[i];
        GroupDetail d;
        d.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(g));
        if (const rd_kafka_error_t *e = rd_kafka_ConsumerGroupDescription_error(g))
            return R::failure(failed(KafkaService::tr("Describing the group \"%1\"").arg(d.groupId),
                                     groupErrorText(e)));
        d.state = GroupState(int(rd_kafka_ConsumerGroupDescription_state(g)));
        if (const char *a = rd_kafka_ConsumerGroupDescription_partition_assignor(g))
            d.assignor = QString::fromUtf8(a);
        if (const rd_kafka_Node_t *node = rd_kafka_ConsumerGroupDescription_coordinator(g))
            d.coordinator = rd_kafka_Node_id(node);
        const size_t members = rd_kafka_ConsumerGroupDescription_member_count(g);
        for (size_t m = 0; m < members; ++m) {
            const auto *md = rd_kafka_ConsumerGroupDescription_member(g, m);
            GroupMember gm;
            gm.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(md));
            gm.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(md));
            gm.host = QString::fromUtf8(rd_kafka_MemberDescription_host(md));
            if (const auto *as = rd_kafka_MemberDescription_assignment(md))
                if (const auto *parts = rd_kafka_MemberAssignment_partitions(as))
                    for (int p = 0; p < parts->cnt; ++p)
                        gm.assignment.append(
                            {QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition});
            d.members.append(gm);
        }
        out.groups.append(d);
    }
    return R::success(out);
}

void KafkaService::listGroups(QObject *context, Callback<QList<GroupSummary>> done)
{
    run<QList<GroupSummary>>(
        context,
        [this]() {
            using R = KafkaResult<QList<GroupSummary>>;
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return R::failure(error);
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
            rd_kafka_ListConsumerGroups(rk, call.options(), call.queue());
            error = call.wait(tr("Listing consumer groups"));
            if (!error.isEmpty())
                return R::failure(error);
            const auto *res = rd_kafka_event_ListConsumerGroups_result(call.event());
            size_t n = 0;
            const auto **listed = rd_kafka_ListConsumerGroups_result_valid(res, &n);
            QStringList ids;
            QHash<QString, bool> simple;
            for (size_t i = 0; i < n; ++i) {
                const QString id
                    = QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(listed[i]));
                ids.append(id);
                simple.insert(id,
                              rd_kafka_ConsumerGroupListing_is_simple_consumer_group(listed[i]));
            }
            ids.sort();
            auto described = describeGroups(rk, ids);
            if (!described.ok())
                return R::failure(described.error);
            QList<GroupSummary> out;
            for (const auto &d : described.value.groups) {
                GroupSummary s;
                s.groupId = d.groupId;
                s.state = d.state;
                s.memberCount = int(d.members.size());
                s.simple = simple.value(d.groupId);
                auto offsets = groupOffsets(rk, d.groupId);
                if (!offsets.ok()) {
                    s.error = offsets.error;
                } else {
                    const QString e = fillEndOffsets(rk, offsets.value);
                    if (!e.isEmpty())
                        s.error = e;
                    GroupDetail tmp;
                    tmp.offsets = offsets.value;
                    s.totalLag = tmp.totalLag();
                }
                out.append(s);
            }
            return R::success(out);
        },
        std::move(done));
}

KafkaResult<GroupDetail> KafkaService::describeGroupNow(rd_kafka_t *rk, const QString &groupId)
{
    using R = KafkaResult<GroupDetail>;
    auto described = describeGroups(rk, {groupId});
    if (!described.ok())
        return R::failure(described.error);
    if (described.value.groups.isEmpty())
        return R::failure(tr("The group \"%1\" was not found.").arg(groupId));
    GroupDetail d = described.value.groups.first();
    auto offsets = groupOffsets(rk, groupId);
    if (!offsets.ok())
        return R::failure(offsets.error);
    d.offsets = offsets.value;
    const QString e = fillEndOffsets(rk, d.offsets);
    if (!e.isEmpty())
        return R::failure(e);
    return R::success(d);
}

void KafkaService::describeGroup(const QString &groupId,
                                 QObject *context,
                                 Callback<GroupDetail> done)
{
    run<GroupDetail>(
        context,
        [this, groupId]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<GroupDetail>::failure(error);
            return describeGroupNow(rk, groupId);
        },
        std::move(done));
}

void KafkaService::planOffsetReset(const OffsetReset &reset,
                                   QObject *context,
                                   Callback<QList<OffsetResetRow>> done)
{
    run<QList<OffsetResetRow>>(
        context,
        [this, reset]() {
            using R = KafkaResult<QList<OffsetResetRow>>;
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return R::failure(error);
            auto group = describeGroupNow(rk, reset.groupId);
            if (!group.ok())
                return R::failure(group.error);
            QList<OffsetResetRow> rows;
            QMap<TopicPartitionKey, qint64> committed;
            for (const auto &o : group.value.offsets)
                committed.insert({o.topic, o.partition}, o.committed);
            if (!reset.topic.isEmpty()) {
                auto topic = describeTopicNow(rk, reset.topic);
                if (!topic.ok())
                    return R::failure(topic.error);
                for (const auto &p : topic.value.partitions)
                    rows.append({reset.topic,
                                 p.partition,
                                 committed.value({reset.topic, p.partition}, -1),
                                 -1,
                                 p.startOffset,
                                 p.endOffset});
            } else {
                for (const auto &o : group.value.offsets)
                    rows.append({o.topic, o.partition, o.committed, -1, -1, o.endOffset});
                if (rows.isEmpty())
                    return R::failure(tr("The group \"%1\" has no committed offsets; choose a "
                                         "topic to reset.")
                                          .arg(reset.groupId));
            }
            QList<TopicPartitionKey> tps;
            for (const auto &r : rows)
                tps.append({r.topic, r.partition});
            const auto low = listOffsets(rk, tps, -2);
            if (!low.ok())
                return R::failure(low.error);
            const auto high = listOffsets(rk, tps, -1);
            if (!high.ok())
                return R::failure(high.error);
            QMap<TopicPartitionKey, qint64> byTime;
            if (reset.mode == OffsetReset::Mode::Timestamp) {
                auto t = listOffsets(rk, tps, reset.value);
                if (!t.ok())
                    return R::failure(t.error);
                byTime = t.value;
            }
            for (auto &r : rows) {
                const TopicPartitionKey key{r.topic, r.partition};
                r.startOffset = low.value.value(key);
                r.endOffset = high.value.value(key);
                qint64 target = 0;
                switch (reset.mode) {
                case OffsetReset::Mode::Earliest:
                    target = r.startOffset;
                    break;
                case OffsetReset::Mode::Latest:
                    target = r.endOffset;
                    break;
                case OffsetReset::Mode::Timestamp: {
                    const qint64 t = byTime.value(key, -1);
                    target = t < 0 ? r.endOffset : t;
                    break;
                }
                case OffsetReset::Mode::Exact:
                    target = reset.value;
                    break;
                case OffsetReset::Mode::Shift:
                    target = (r.current < 0 ? r.startOffset : r.current) + reset.value;
                    break;
                }
                r.target = qBound(r.startOffset, target, r.endOffset);
            }
            return R::success(rows);
        },
        std::move(done));
}

void KafkaService::applyOffsetReset(const QString &groupId,
                                    const QList<OffsetResetRow> &plan,
                                    QObject *context,
                                    Callback<Done> done)
{
    run<Done>(
        context,
        [this, groupId, plan]() {
            using R = KafkaResult<Done>;
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return R::failure(error);
            auto described = describeGroups(rk, {groupId});
            if (!described.ok())
                return R::failure(described.error);
            const GroupDetail *g
                = described.value.groups.isEmpty() ? nullptr : &described.value.groups.first();
            if (g && (g->state != GroupState::Empty && g->state != GroupState::Dead))
                return R::failure(
                    tr("The group \"%1\" is %2 with %3 member(s). Offsets can only be "
                       "reset while the group is inactive: stop its consumers and try "
                       "again.")
                        .arg(groupId, groupStateName(g->state))
                        .arg(g->members.size()));
            const QString what = tr("Resetting the offsets of group \"%1\"").arg(groupId);
            PartitionList pl(int(plan.size()));
            for (const auto &r : plan)
                pl.add(r.topic, r.partition, r.target);
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
            rd_kafka_AlterConsumerGroupOffsets_t *req
                = rd_kafka_AlterConsumerGroupOffsets_new(groupId.toUtf8().constData(), pl.list);
            rd_kafka_AlterConsumerGroupOffsets(rk, &req, 1, call.options(), call.queue());
            rd_kafka_AlterConsumerGroupOffsets_destroy(req);
            error = call.wait(what);
            if (!error.isEmpty())
                return R::failure(error);
            size_t n = 0;
            const auto **groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
                rd_kafka_event_AlterConsumerGroupOffsets_result(call.event()), &n);
            for (size_t i = 0; i < n; ++i) {
                if (const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[i]))
                    return R::failure(failed(what, groupErrorText(e)));
                const auto *parts = rd_kafka_group_result_partitions(groups[i]);
                for (int p = 0; parts && p < parts->cnt; ++p)
                    if (parts->elems[p].err != RD_KAFKA_RESP_ERR_NO_ERROR)
                        return R::failure(failed(what,
                                                 tr("%1 [%2]: %3")
                                                     .arg(QString::fromUtf8(parts->elems[p].topic))
                                                     .arg(parts->elems[p].partition)
                                                     .arg(rdError(parts->elems[p].err))));
            }
            return R::success({});
        },
        std::move(done));
}

void KafkaService::deleteGroup(const QString &groupId, QObject *context, Callback<Done> done)
{
    run<Done>(
        context,
        [this, groupId]() {
            using R = KafkaResult<Done>;
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return R::failure(error);
            const QString what = tr("Deleting the group \"%1\"").arg(groupId);
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
            rd_kafka_DeleteGroup_t *req = rd_kafka_DeleteGroup_new(groupId.toUtf8().constData());
            rd_kafka_DeleteGroups(rk, &req, 1, call.options(), call.queue());
            rd_kafka_DeleteGroup_destroy(req);
            error = call.wait(what);
            if (!error.isEmpty())
                return R::failure(error);
            size_t n = 0;
            const auto **groups = rd_kafka_DeleteGroups_result_groups(
                rd_kafka_event_DeleteGroups_result(call.event()), &n);
            for (size_t i = 0; i < n; ++i)
                if (const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[i]))
                    return R::failure(failed(what, groupErrorText(e)));
            return R::success({});
        },
        std::move(done));
}

// ---------------------------------------------------------------------------------------
// ACLs. librdkafka's enum values are Kafka's wire values, so one name table serves both.

namespace {

const char *const kAclResourceTypes[] = {
    "UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"};
const char *const kAclPatternTypes[] = {"UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"};
const char *const kAclOperations[] = {"UNKNOWN",
                                      "ANY",
                                      "ALL",
                                      "READ",
                                      "WRITE",
                                      "CREATE",
                                      "DELETE",
                                      "ALTER",
                                      "DESCRIBE",
                                      "CLUSTER_ACTION",
                                      "DESCRIBE_CONFIGS",
                                      "ALTER_CONFIGS",
                                      "IDEMPOTENT_WRITE",
                                      "CREATE_TOKENS",
                                      "DESCRIBE_TOKENS"};
const char *const kAclPermissions[] = {"UNKNOWN", "ANY", "DENY", "ALLOW"};

template<size_t N>
int aclValue(const char *const (&names)[N], const QString &name)
{
    const QByteArray wanted = name.trimmed().toUpper().toLatin1();
    for (size_t i = 0; i < N; ++i)
        if (wanted == names[i])
            return int(i);
    return -1;
}

template<size_t N>
QString aclName(const char *const (&names)[N], int value)
{
    return value >= 0 && size_t(value) < N ? QString::fromLatin1(names[value])
                                           : QStringLiteral("UNKNOWN");
}

using AclBindingPtr = std::unique_ptr<rd_kafka_AclBinding_t, void (*)(rd_kafka_AclBinding_t *)>;

// The binding `acl` describes, or — for DeleteAcls — the filter matching exactly it (the
// same type in librdkafka); null with a sentence in *problem when `acl` is not valid.
AclBindingPtr newAclBinding(const QJsonObject &acl, bool filter, QString *problem)
{
    AclBindingPtr none(nullptr, rd_kafka_AclBinding_destroy);
    const int type
        = aclValue(kAclResourceTypes, acl.value(QStringLiteral("ResourceType")).toString());
    const int pattern
        = aclValue(kAclPatternTypes,
                   acl.value(QStringLiteral("PatternType")).toString(QStringLiteral("LITERAL")));
    const int operation
        = aclValue(kAclOperations, acl.value(QStringLiteral("Operation")).toString());
    const int permission
        = aclValue(kAclPermissions,
                   acl.value(QStringLiteral("PermissionType")).toString(QStringLiteral("ALLOW")));
    if (type < 2 || pattern < 3 || operation < 2 || permission < 2) {
        *problem = QCoreApplication::translate("runnel::ui::KafkaService",
                                               "The ACL names an unknown resource type, pattern "
                                               "type, operation or permission.");
        return none;
    }
    const QByteArray name = acl.value(QStringLiteral("ResourceName")).toString().toUtf8();
    const QByteArray principal = acl.value(QStringLiteral("Principal")).toString().toUtf8();
    const QByteArray host
        = acl.value(QStringLiteral("Host")).toString(QStringLiteral("*")).toUtf8();
    auto *make = filter ? rd_kafka_AclBindingFilter_new : rd_kafka_AclBinding_new;
    char errstr[512];
    AclBindingPtr binding(make(rd_kafka_ResourceType_t(type),
                               name.constData(),
                               rd_kafka_ResourcePatternType_t(pattern),
                               principal.constData(),
                               host.constData(),
                               rd_kafka_AclOperation_t(operation),
                               rd_kafka_AclPermissionType_t(permission),
                               errstr,
                               sizeof errstr),
                          rd_kafka_AclBinding_destroy);
    if (!binding)
        *problem = QString::fromUtf8(errstr);
    return binding;
}

QJsonObject aclJson(const rd_kafka_AclBinding_t *b)
{
    const auto text = [](const char *s) {
        return QString::fromUtf8(s ? s : "");
    };
    return {{QStringLiteral("ResourceType"),
             aclName(kAclResourceTypes, int(rd_kafka_AclBinding_restype(b)))},
            {QStringLiteral("ResourceName"), text(rd_kafka_AclBinding_name(b))},
            {QStringLiteral("PatternType"),
             aclName(kAclPatternTypes, int(rd_kafka_AclBinding_resource_pattern_type(b)))},
            {QStringLiteral("Principal"), text(rd_kafka_AclBinding_principal(b))},
            {QStringLiteral("Host"), text(rd_kafka_AclBinding_host(b))},
            {QStringLiteral("Operation"),
             aclName(kAclOperations, int(rd_kafka_AclBinding_operation(b)))},
            {QStringLiteral("PermissionType"),
             aclName(kAclPermissions, int(rd_kafka_AclBinding_permission_type(b)))}};
}

} // namespace

void KafkaService::listAcls(QObject *context, Callback<QJsonArray> done)
{
    run<QJsonArray>(
        context,
        [this]() {
            QString error;
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<QJsonArray>::failure(error);
            const QString what = tr("Listing the ACLs");
            char errstr[512];
            rd_kafka_AclBindingFilter_t *filter
                = rd_kafka_AclBindingFilter_new(RD_KAFKA_RESOURCE_ANY,
                                                nullptr,
                                                RD_KAFKA_RESOURCE_PATTERN_ANY,
                                                nullptr,
                                                nullptr,
                                                RD_KAFKA_ACL_OPERATION_ANY,
                                                RD_KAFKA_ACL_PERMISSION_TYPE_ANY,
                                                errstr,
                                                sizeof errstr);
            if (!filter)
                return KafkaResult<QJsonArray>::failure(failed(what, QString::fromUtf8(errstr)));
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_DESCRIBEACLS);
            rd_kafka_DescribeAcls(rk, filter, call.options(), call.queue());
            rd_kafka_AclBinding_destroy(filter);
            error = call.wait(what);
            if (!error.isEmpty())
                return KafkaResult<QJsonArray>::failure(error);
            size_t n = 0;
            const rd_kafka_AclBinding_t **acls = rd_kafka_DescribeAcls_result_acls(
                rd_kafka_event_DescribeAcls_result(call.event()), &n);
            QJsonArray out;
            for (size_t i = 0; i < n; ++i)
                out.append(aclJson(acls[i]));
            return KafkaResult<QJsonArray>::success(out);
        },
        std::move(done));
}

void KafkaService::createAcl(const QJsonObject &acl, QObject *context, Callback<Done> done)
{
    run<Done>(
        context,
        [this, acl]() {
            const QString what = tr("Creating the ACL");
            QString error;
            AclBindingPtr binding = newAclBinding(acl, false, &error);
            if (!binding)
                return KafkaResult<Done>::failure(failed(what, error));
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_CREATEACLS);
            rd_kafka_AclBinding_t *bindings[] = {binding.get()};
            rd_kafka_CreateAcls(rk, bindings, 1, call.options(), call.queue());
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const rd_kafka_acl_result_t **results = rd_kafka_CreateAcls_result_acls(
                    rd_kafka_event_CreateAcls_result(call.event()), &n);
                for (size_t i = 0; i < n && error.isEmpty(); ++i)
                    if (const rd_kafka_error_t *e = rd_kafka_acl_result_error(results[i]))
                        error = failed(what, QString::fromUtf8(rd_kafka_error_string(e)));
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

void KafkaService::deleteAcl(const QJsonObject &acl, QObject *context, Callback<Done> done)
{
    run<Done>(
        context,
        [this, acl]() {
            const QString what = tr("Deleting the ACL");
            QString error;
            AclBindingPtr filter = newAclBinding(acl, true, &error);
            if (!filter)
                return KafkaResult<Done>::failure(failed(what, error));
            rd_kafka_t *rk = adminHandle(&error);
            if (!rk)
                return KafkaResult<Done>::failure(error);
            AdminCall call(rk, RD_KAFKA_ADMIN_OP_DELETEACLS);
            rd_kafka_AclBindingFilter_t *filters[] = {filter.get()};
            rd_kafka_DeleteAcls(rk, filters, 1, call.options(), call.queue());
            error = call.wait(what);
            if (error.isEmpty()) {
                size_t n = 0;
                const rd_kafka_DeleteAcls_result_response_t **responses
                    = rd_kafka_DeleteAcls_result_responses(
                        rd_kafka_event_DeleteAcls_result(call.event()), &n);
                size_t deleted = 0;
                for (size_t i = 0; i < n && error.isEmpty(); ++i) {
                    if (const rd_kafka_error_t *e
                        = rd_kafka_DeleteAcls_result_response_error(responses[i]))
                        error = failed(what, QString::fromUtf8(rd_kafka_error_string(e)));
                    size_t m = 0;
                    rd_kafka_DeleteAcls_result_response_matching_acls(responses[i], &m);
                    deleted += m;
                }
                if (error.isEmpty() && deleted == 0)
                    error = failed(what, tr("the cluster has no such ACL"));
            }
            return error.isEmpty() ? KafkaResult<Done>::success({})
                                   : KafkaResult<Done>::failure(error);
        },
        std::move(done));
}

} // namespace runnel::ui
