#include "ui/app/clientinfo.h"

#include <QCoreApplication>
#include <QStringList>

namespace runnel::ui::clientinfo {

namespace {

// The snippets' comments are translated; their code is not.
class ClientInfo
{
    Q_DECLARE_TR_FUNCTIONS(ClientInfo)
};

const QString kPasswordPlaceholder = QStringLiteral("<password>");

QList<QPair<QString, QString>> properties(const ConnectionSettings &s)
{
    auto props = s.librdkafkaProperties();
    for (auto &[key, value] : props) {
        if (key == QLatin1String("sasl.password"))
            value = kPasswordPlaceholder;
    }
    return props;
}

QString javaMechanismModule(const ConnectionSettings &s)
{
    return s.mechanism == ConnectionSettings::Mechanism::Plain
               ? QStringLiteral("org.apache.kafka.common.security.plain.PlainLoginModule")
               : QStringLiteral("org.apache.kafka.common.security.scram.ScramLoginModule");
}

} // namespace

QString kcat(const ConnectionSettings &s)
{
    QStringList args{QStringLiteral("kcat -b %1").arg(s.bootstrapServers)};
    for (const auto &[key, value] : properties(s)) {
        if (key != QLatin1String("bootstrap.servers"))
            args << QStringLiteral("-X %1=%2").arg(key, value);
    }
    const QString base = args.join(QLatin1Char(' '));
    return QStringLiteral(
               "# %2\n%1 -L\n\n# %3\n%1 -P -t my-topic\n\n# %4\n%1 -C -t my-topic -o beginning\n")
        .arg(base,
             ClientInfo::tr("list brokers and topics"),
             ClientInfo::tr("produce lines from stdin to a topic"),
             ClientInfo::tr("consume a topic from the beginning"));
}

QString librdkafka(const ConnectionSettings &s)
{
    QStringList lines;
    for (const auto &[key, value] : properties(s))
        lines << QStringLiteral("%1=%2").arg(key, value);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString java(const ConnectionSettings &s)
{
    static const char *const protocols[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
    static const char *const mechanisms[] = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"};
    QStringList lines{
        QStringLiteral("bootstrap.servers=%1").arg(s.bootstrapServers),
        QStringLiteral("security.protocol=%1").arg(QLatin1String(protocols[int(s.security)]))};
    if (s.usesSasl()) {
        lines
            << QStringLiteral("sasl.mechanism=%1").arg(QLatin1String(mechanisms[int(s.mechanism)]));
        lines << QStringLiteral("sasl.jaas.config=%1 required username=\"%2\" password=\"%3\";")
                     .arg(javaMechanismModule(s), s.username, kPasswordPlaceholder);
    }
    if (s.usesTls()) {
        if (!s.caFile.isEmpty()) {
            lines << QStringLiteral("ssl.truststore.type=PEM");
            lines << QStringLiteral("ssl.truststore.location=%1").arg(s.caFile);
        }
        if (!s.certFile.isEmpty() && !s.keyFile.isEmpty()) {
            lines
                << QStringLiteral("# ")
                       + ClientInfo::tr(
                           "Java reads a PEM key store as one file holding the key and the chain");
            lines << QStringLiteral("ssl.keystore.type=PEM");
            lines << QStringLiteral("ssl.keystore.location=<file with %1 and %2>")
                         .arg(s.keyFile, s.certFile);
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString python(const ConnectionSettings &s)
{
    QStringList conf;
    for (const auto &[key, value] : properties(s))
        conf << QStringLiteral("    \"%1\": \"%2\",").arg(key, value);
    return QStringLiteral("from confluent_kafka import Producer, Consumer\n\n"
                          "conf = {\n%1\n}\n\n"
                          "producer = Producer(conf)\n"
                          "producer.produce(\"my-topic\", key=b\"key\", value=b\"hello\")\n"
                          "producer.flush()\n\n"
                          "consumer = Consumer({**conf, \"group.id\": \"my-group\", "
                          "\"auto.offset.reset\": \"earliest\"})\n"
                          "consumer.subscribe([\"my-topic\"])\n"
                          "message = consumer.poll(10.0)\n")
        .arg(conf.join(QLatin1Char('\n')));
}

} // namespace runnel::ui::clientinfo
