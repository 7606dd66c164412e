#include "ui/app/connectiontester.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

#include <librdkafka/rdkafka.h>

#include <memory>

namespace runnel::ui {

namespace {

// The sentences' translation context.
class ConnectionTester
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionTester)
};

} // namespace

QFuture<ConnectionTestResult> testConnection(const ConnectionSettings &settings, int timeoutMs)
{
    return QtConcurrent::run(
        [settings, timeoutMs] { return testConnectionBlocking(settings, timeoutMs); });
}

ConnectionTestResult testConnectionBlocking(const ConnectionSettings &settings, int timeoutMs)
{
    ConnectionTestResult result;
    if (settings.bootstrapServers.trimmed().isEmpty()) {
        result.message = ConnectionTester::tr("Enter at least one bootstrap server as host:port.");
        return result;
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    for (const auto &[key, value] : settings.librdkafkaProperties()) {
        if (rd_kafka_conf_set(
                conf, key.toUtf8().constData(), value.toUtf8().constData(), err, sizeof err)
            != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            result.message
                = ConnectionTester::tr("The setting %1 was refused by the Kafka client: %2")
                      .arg(key, QString::fromUtf8(err));
            return result;
        }
    }
    // Keep librdkafka quiet on stderr; the outcome is reported as a sentence instead.
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t *, int, const char *, const char *) {});
    rd_kafka_conf_set(
        conf, "socket.timeout.ms", QByteArray::number(timeoutMs).constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "client.id", "runnel-console", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        result.message = ConnectionTester::tr("The Kafka client could not start: %1")
                             .arg(QString::fromUtf8(err));
        return result; // rd_kafka_new freed conf on failure
    }
    std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> handle(rk, &rd_kafka_destroy);
    const struct rd_kafka_metadata *md = nullptr;
    const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &md, timeoutMs);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const QString reason = QString::fromUtf8(rd_kafka_err2str(e));
        if (e == RD_KAFKA_RESP_ERR__TRANSPORT || e == RD_KAFKA_RESP_ERR__TIMED_OUT)
            result.message
                = ConnectionTester::tr(
                      "No broker answered within %1 s (%2). Check the bootstrap address, "
                      "that the cluster is running, and the security protocol.")
                      .arg(timeoutMs / 1000)
                      .arg(reason);
        else if (e == RD_KAFKA_RESP_ERR__AUTHENTICATION
                 || e == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED)
            result.message = ConnectionTester::tr(
                                 "The cluster refused the credentials (%1). Check the user name, "
                                 "password and mechanism.")
                                 .arg(reason);
        else if (e == RD_KAFKA_RESP_ERR__SSL)
            result.message = ConnectionTester::tr(
                                 "The TLS handshake failed (%1). Check the CA file and the client "
                                 "certificate and key.")
                                 .arg(reason);
        else
            result.message = ConnectionTester::tr("The metadata request failed: %1").arg(reason);
        return result;
    }
    for (int i = 0; i < md->broker_cnt; ++i)
        result.brokers.append(ConnectionTestResult::Broker{
            md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port});
    result.topicCount = md->topic_cnt;
    rd_kafka_metadata_destroy(md);
    if (char *id = rd_kafka_clusterid(rk, qMin(timeoutMs, 2000))) {
        result.clusterId = QString::fromUtf8(id);
        rd_kafka_mem_free(rk, id);
    }
    result.ok = true;
    result.message = ConnectionTester::tr("Connected: %n broker(s), %1 topic(s).",
                                          nullptr,
                                          int(result.brokers.size()))
                         .arg(result.topicCount);
    return result;
}

} // namespace runnel::ui
