// runnelctl: the command-line twin of the Runnel console, with verbs mirroring
// `aws kafka`. Parses arguments, starts the agent when its socket is absent, sends one
// request (or polls while it waits for an operation), and prints a table or JSON.
//
// Exit codes: 0 done; 1 the agent refused or the operation failed; 2 bad usage;
// 3 the agent could not be reached or started; 4 timed out waiting.

#include "engine/control/agentclient.h"
#include "engine/control/ctlformat.h"
#include "engine/control/paths.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QThread>

#include <cstdio>
#include <optional>

using namespace runnel::control;

namespace {

enum ExitCode { Ok = 0, Refused = 1, Usage = 2, Unavailable = 3, TimedOut = 4 };

struct Verb
{
    QString name;
    QString operation;
    QStringList options; // accepted --options taking a value
    QString help;
};

// Security verbs (SCRAM users, ACLs, the cluster CA and client certificates).
QList<Verb> securityVerbs()
{
    const QStringList cluster{QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")};
    const QStringList acl = cluster
                            + QStringList{QStringLiteral("resource-type"),
                                          QStringLiteral("resource-name"),
                                          QStringLiteral("pattern-type"),
                                          QStringLiteral("principal"),
                                          QStringLiteral("host"),
                                          QStringLiteral("operation"),
                                          QStringLiteral("permission")};
    const QString aclHelp = QStringLiteral(
        "--cluster-name NAME --resource-type TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID "
        "--resource-name NAME [--pattern-type LITERAL|PREFIXED] --principal User:NAME "
        "[--host *] --operation READ|WRITE|CREATE|DELETE|ALTER|DESCRIBE|... "
        "[--permission ALLOW|DENY]");
    return {
        {QStringLiteral("create-scram-user"),
         QStringLiteral("CreateScramUser"),
         cluster + QStringList{QStringLiteral("username"), QStringLiteral("password")},
         QStringLiteral("--cluster-name NAME --username USER --password PASSWORD|- (- reads it "
                        "from stdin) [--super-user]")},
        {QStringLiteral("list-scram-users"),
         QStringLiteral("ListScramUsers"),
         cluster,
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("delete-scram-user"),
         QStringLiteral("DeleteScramUser"),
         cluster + QStringList{QStringLiteral("username")},
         QStringLiteral("--cluster-name NAME --username USER")},
        {QStringLiteral("create-acl"), QStringLiteral("CreateAcl"), acl, aclHelp},
        {QStringLiteral("list-acls"),
         QStringLiteral("ListAcls"),
         acl,
         QStringLiteral("--cluster-name NAME [--resource-type T] [--resource-name N] "
                        "[--pattern-type P] [--principal User:NAME]")},
        {QStringLiteral("delete-acl"), QStringLiteral("DeleteAcl"), acl, aclHelp},
        {QStringLiteral("get-cluster-ca"),
         QStringLiteral("GetClusterCa"),
         cluster,
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME  (prints the CA certificate)")},
        {QStringLiteral("update-security"),
         QStringLiteral("UpdateSecurity"),
         cluster
             + QStringList{QStringLiteral("client-authentication"),
                           QStringLiteral("encryption-in-transit")},
         QStringLiteral("--cluster-name NAME [--client-authentication sasl-scram,tls,"
                        "unauthenticated] [--encryption-in-transit TLS|TLS_PLAINTEXT|PLAINTEXT] "
                        "[--no-wait]")},
        {QStringLiteral("rotate-broker-certificates"),
         QStringLiteral("RotateBrokerCertificates"),
         cluster,
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME [--no-wait]")},
        {QStringLiteral("issue-client-certificate"),
         QStringLiteral("IssueClientCertificate"),
         cluster + QStringList{QStringLiteral("common-name"), QStringLiteral("out")},
         QStringLiteral("--cluster-name NAME --common-name CN --out DIR")},
    };
}

const QList<Verb> &verbs()
{
    static const QList<Verb> list = {
        {QStringLiteral("create-cluster-v2"),
         QStringLiteral("CreateClusterV2"),
         {QStringLiteral("cluster-name"),
          QStringLiteral("broker-count"),
          QStringLiteral("number-of-broker-nodes"),
          QStringLiteral("server-properties"),
          QStringLiteral("configuration-arn"),
          QStringLiteral("configuration-name"),
          QStringLiteral("configuration-revision"),
          QStringLiteral("enhanced-monitoring"),
          QStringLiteral("prometheus-jmx-exporter"),
          QStringLiteral("prometheus-node-exporter"),
          QStringLiteral("client-authentication"),
          QStringLiteral("encryption-in-transit"),
          QStringLiteral("encryption-at-rest"),
          QStringLiteral("volume-size"),
          QStringLiteral("volume-size-mib")},
         QStringLiteral("--cluster-name NAME [--number-of-broker-nodes 1] "
                        "[--volume-size GiB | --volume-size-mib MiB] "
                        "[--server-properties FILE | --configuration-arn ARN "
                        "[--configuration-revision N]] [--enhanced-monitoring LEVEL] "
                        "[--prometheus-jmx-exporter true|false] [--prometheus-node-exporter "
                        "true|false] [--client-authentication sasl-scram,tls,unauthenticated] "
                        "[--encryption-in-transit TLS|TLS_PLAINTEXT|PLAINTEXT] "
                        "[--encryption-at-rest true|false] [--no-wait]")},
        {QStringLiteral("list-clusters-v2"),
         QStringLiteral("ListClustersV2"),
         {QStringLiteral("cluster-name-filter")},
         QStringLiteral("[--cluster-name-filter PREFIX]")},
        {QStringLiteral("describe-cluster-v2"),
         QStringLiteral("DescribeClusterV2"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("get-bootstrap-brokers"),
         QStringLiteral("GetBootstrapBrokers"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("list-nodes"),
         QStringLiteral("ListNodes"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("reboot-broker"),
         QStringLiteral("RebootBroker"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("broker-ids")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME --broker-ids ID[,ID...] "
                        "[--no-wait]")},
        {QStringLiteral("update-broker-count"),
         QStringLiteral("UpdateBrokerCount"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("target-number-of-broker-nodes")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME --target-number-of-broker-nodes N "
                        "[--no-wait]  (a larger N adds broker-only brokers; a smaller one "
                        "moves the partitions off the added brokers with the highest ids, then "
                        "removes them)")},
        {QStringLiteral("delete-cluster"),
         QStringLiteral("DeleteCluster"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME [--no-wait]")},
        {QStringLiteral("list-cluster-operations"),
         QStringLiteral("ListClusterOperations"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("create-configuration"),
         QStringLiteral("CreateConfiguration"),
         {QStringLiteral("name"),
          QStringLiteral("server-properties"),
          QStringLiteral("description")},
         QStringLiteral("--name NAME --server-properties FILE [--description TEXT]")},
        {QStringLiteral("update-configuration"),
         QStringLiteral("UpdateConfiguration"),
         {QStringLiteral("arn"),
          QStringLiteral("name"),
          QStringLiteral("server-properties"),
          QStringLiteral("description")},
         QStringLiteral("--arn ARN | --name NAME --server-properties FILE [--description TEXT]")},
        {QStringLiteral("describe-configuration"),
         QStringLiteral("DescribeConfiguration"),
         {QStringLiteral("arn"), QStringLiteral("name")},
         QStringLiteral("--arn ARN | --name NAME")},
        {QStringLiteral("list-configurations"),
         QStringLiteral("ListConfigurations"),
         {},
         QString()},
        {QStringLiteral("list-configuration-revisions"),
         QStringLiteral("ListConfigurationRevisions"),
         {QStringLiteral("arn"), QStringLiteral("name")},
         QStringLiteral("--arn ARN | --name NAME")},
        {QStringLiteral("describe-configuration-revision"),
         QStringLiteral("DescribeConfigurationRevision"),
         {QStringLiteral("arn"), QStringLiteral("name"), QStringLiteral("revision")},
         QStringLiteral("--arn ARN | --name NAME --revision N")},
        {QStringLiteral("update-cluster-configuration"),
         QStringLiteral("UpdateClusterConfiguration"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("configuration-arn"),
          QStringLiteral("configuration-name"),
          QStringLiteral("configuration-revision")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME --configuration-arn ARN | "
                        "--configuration-name NAME [--configuration-revision N] [--no-wait]")},
        {QStringLiteral("list-audit-events"),
         QStringLiteral("ListAuditEvents"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("operation"),
          QStringLiteral("since"),
          QStringLiteral("max-results")},
         QStringLiteral("[--cluster-arn ARN | --cluster-name NAME] [--operation NAME] "
                        "[--since ISO-TIME] [--max-results N]")},
        {QStringLiteral("update-monitoring"),
         QStringLiteral("UpdateMonitoring"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("enhanced-monitoring"),
          QStringLiteral("prometheus-jmx-exporter"),
          QStringLiteral("prometheus-node-exporter")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME [--enhanced-monitoring "
                        "DEFAULT|PER_BROKER|PER_TOPIC_PER_BROKER|PER_TOPIC_PER_PARTITION] "
                        "[--prometheus-jmx-exporter true|false] [--prometheus-node-exporter "
                        "true|false]")},
        {QStringLiteral("update-broker-storage"),
         QStringLiteral("UpdateBrokerStorage"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("current-version"),
          QStringLiteral("target-broker-ebs-volume-info")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME --target-broker-ebs-volume-info "
                        "KafkaBrokerNodeId=ALL,VolumeSizeGB=N (or VolumeSizeMiB=N, or MSK's "
                        "JSON list) [--current-version V] [--no-wait]")},
        {QStringLiteral("put-storage-auto-scaling"),
         QStringLiteral("PutStorageAutoScaling"),
         {QStringLiteral("cluster-arn"),
          QStringLiteral("cluster-name"),
          QStringLiteral("target-utilization"),
          QStringLiteral("max-volume-size"),
          QStringLiteral("max-volume-size-mib")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME --target-utilization PERCENT "
                        "[--max-volume-size GiB | --max-volume-size-mib MiB]")},
        {QStringLiteral("describe-storage-auto-scaling"),
         QStringLiteral("DescribeStorageAutoScaling"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("delete-storage-auto-scaling"),
         QStringLiteral("DeleteStorageAutoScaling"),
         {QStringLiteral("cluster-arn"), QStringLiteral("cluster-name")},
         QStringLiteral("--cluster-arn ARN | --cluster-name NAME")},
        {QStringLiteral("get-metric-data"),
         QStringLiteral("GetMetricData"),
         {QStringLiteral("cluster-name"),
          QStringLiteral("metric-name"),
          QStringLiteral("broker-id"),
          QStringLiteral("topic"),
          QStringLiteral("consumer-group"),
          QStringLiteral("partition"),
          QStringLiteral("period"),
          QStringLiteral("statistic"),
          QStringLiteral("start-time"),
          QStringLiteral("end-time"),
          QStringLiteral("scan-by")},
         QStringLiteral("--cluster-name NAME --metric-name NAME [--broker-id ID] [--topic T] "
                        "[--consumer-group G] [--partition P] [--period 60] "
                        "[--statistic Average|Sum|Maximum|Minimum|SampleCount|p99] "
                        "[--start-time ISO|-1h] [--end-time ISO|now] "
                        "[--scan-by TimestampDescending|TimestampAscending]")},
        {QStringLiteral("list-metrics"),
         QStringLiteral("ListMetrics"),
         {QStringLiteral("cluster-name"),
          QStringLiteral("metric-name"),
          QStringLiteral("broker-id"),
          QStringLiteral("topic"),
          QStringLiteral("consumer-group"),
          QStringLiteral("partition")},
         QStringLiteral("[--cluster-name NAME] [--metric-name NAME] [--broker-id ID] [--topic T] "
                        "[--consumer-group G] [--partition P]")},
        {QStringLiteral("put-metric-alarm"),
         QStringLiteral("PutMetricAlarm"),
         {QStringLiteral("alarm-name"),
          QStringLiteral("alarm-description"),
          QStringLiteral("cluster-name"),
          QStringLiteral("metric-name"),
          QStringLiteral("broker-id"),
          QStringLiteral("topic"),
          QStringLiteral("consumer-group"),
          QStringLiteral("partition"),
          QStringLiteral("statistic"),
          QStringLiteral("extended-statistic"),
          QStringLiteral("period"),
          QStringLiteral("evaluation-periods"),
          QStringLiteral("datapoints-to-alarm"),
          QStringLiteral("threshold"),
          QStringLiteral("comparison-operator"),
          QStringLiteral("treat-missing-data")},
         QStringLiteral("--alarm-name NAME --cluster-name NAME --metric-name NAME [--broker-id ID] "
                        "[--topic T] [--consumer-group G] [--partition P] --statistic STAT | "
                        "--extended-statistic pNN --period S --evaluation-periods N "
                        "[--datapoints-to-alarm M] --threshold X --comparison-operator "
                        "GreaterThanThreshold|GreaterThanOrEqualToThreshold|LessThanThreshold|"
                        "LessThanOrEqualToThreshold [--treat-missing-data missing|notBreaching|"
                        "breaching|ignore] [--alarm-description TEXT]")},
        {QStringLiteral("describe-alarms"),
         QStringLiteral("DescribeAlarms"),
         {QStringLiteral("alarm-names"),
          QStringLiteral("alarm-name-prefix"),
          QStringLiteral("state-value")},
         QStringLiteral("[--alarm-names A,B] [--alarm-name-prefix P] "
                        "[--state-value OK|ALARM|INSUFFICIENT_DATA]")},
        {QStringLiteral("delete-alarms"),
         QStringLiteral("DeleteAlarms"),
         {QStringLiteral("alarm-names")},
         QStringLiteral("--alarm-names A,B")},
        {QStringLiteral("describe-alarm-history"),
         QStringLiteral("DescribeAlarmHistory"),
         {QStringLiteral("alarm-name"),
          QStringLiteral("history-item-type"),
          QStringLiteral("start-date"),
          QStringLiteral("end-date"),
          QStringLiteral("max-records")},
         QStringLiteral("[--alarm-name NAME] [--history-item-type StateUpdate|ConfigurationUpdate] "
                        "[--start-date ISO|-1h] [--end-date ISO|now] [--max-records N]")},
    };
    static const QList<Verb> all = list + securityVerbs();
    return all;
}

void printUsage(FILE *out)
{
    QString text = QStringLiteral(
        "Usage: runnelctl COMMAND [OPTIONS] [--output table|json]\n"
        "Manages local Kafka clusters through the Runnel agent, which is started when needed.\n\n"
        "Commands:\n");
    for (const Verb &v : verbs())
        text += QStringLiteral("  %1 %2\n").arg(v.name, v.help);
    text += QStringLiteral(
        "\nEnvironment: RUNNEL_AGENT_SOCKET (agent socket), RUNNEL_DATA_DIR (data root).\n");
    std::fputs(qPrintable(text), out);
}

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "runnelctl: %s\n", qPrintable(message));
    return code;
}

int agentFailure(const ControlError &error)
{
    if (error.code == QLatin1String("AgentUnavailable"))
        return fail(Unavailable, error.message);
    return fail(Refused, QStringLiteral("%1 (%2)").arg(error.message, error.code));
}

struct Options
{
    QHash<QString, QString> values;
    bool noWait = false;
    bool superUser = false;
    bool json = false;
};

std::optional<int> parseOptions(const Verb &verb, const QStringList &args, Options &out)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (!arg.startsWith(QStringLiteral("--")))
            return fail(
                Usage,
                QStringLiteral("Unexpected argument \"%1\"; options start with --.").arg(arg));
        arg = arg.mid(2);
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = arg.indexOf(QLatin1Char('=')); eq >= 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
            hasValue = true;
        }
        if (arg == QLatin1String("no-wait")) {
            out.noWait = true;
            continue;
        }
        if (arg == QLatin1String("super-user") && verb.name == QLatin1String("create-scram-user")) {
            out.superUser = true;
            continue;
        }
        const bool isOutput = arg == QLatin1String("output");
        if (!isOutput && !verb.options.contains(arg))
            return fail(Usage,
                        QStringLiteral("%1 does not take --%2; it takes: %3.")
                            .arg(verb.name, arg, verb.help));
        if (!hasValue) {
            if (i + 1 >= args.size())
                return fail(Usage, QStringLiteral("--%1 needs a value.").arg(arg));
            value = args.at(++i);
        }
        if (isOutput) {
            if (value != QLatin1String("json") && value != QLatin1String("table")
                && value != QLatin1String("text"))
                return fail(Usage, QStringLiteral("--output takes json, table or text."));
            out.json = value == QLatin1String("json");
            continue;
        }
        out.values.insert(arg, value);
    }
    return std::nullopt;
}

// "2026-01-31T12:00:00Z" as given; "now"; or relative to now: "-90s", "-15m", "-1h", "-2d".
std::optional<QString> timeArgument(const QString &text)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (text == QLatin1String("now"))
        return now.toString(Qt::ISODateWithMs);
    static const QRegularExpression relative(QStringLiteral("^-(\\d+)([smhd])$"));
    if (const auto m = relative.match(text); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 seconds = unit == QLatin1Char('s')   ? n
                               : unit == QLatin1Char('m') ? n * 60
                               : unit == QLatin1Char('h') ? n * 3600
                                                          : n * 86400;
        return now.addSecs(-seconds).toString(Qt::ISODateWithMs);
    }
    if (QDateTime::fromString(text, Qt::ISODateWithMs).isValid()
        || QDateTime::fromString(text, Qt::ISODate).isValid())
        return text;
    return std::nullopt;
}

// The metrics and alarm verbs, which speak CloudWatch's shapes.
std::optional<int> buildMetricsParams(const Verb &verb, const Options &o, QJsonObject &params)
{
    const auto has = [&o](const char *key) {
        return o.values.contains(QLatin1String(key));
    };
    const auto get = [&o](const char *key) {
        return o.values.value(QLatin1String(key));
    };
    const auto wholeNumber = [&](const char *key, int fallback, int &out) -> std::optional<int> {
        if (!has(key)) {
            out = fallback;
            return std::nullopt;
        }
        bool ok = false;
        out = get(key).toInt(&ok);
        if (!ok || out < 1)
            return fail(
                Usage,
                QStringLiteral("--%1 takes a whole number above 0.").arg(QLatin1String(key)));
        return std::nullopt;
    };
    const auto time
        = [&](const char *key, const QString &fallback, const char *field) -> std::optional<int> {
        const QString text = has(key) ? get(key) : fallback;
        const auto value = timeArgument(text);
        if (!value)
            return fail(Usage,
                        QStringLiteral("--%1 takes an ISO-8601 time (2026-01-31T12:00:00Z), now, "
                                       "or a time relative to now such as -1h, -15m, -2d; not "
                                       "\"%2\".")
                            .arg(QLatin1String(key), text));
        params.insert(QLatin1String(field), *value);
        return std::nullopt;
    };
    QJsonArray dimensions;
    for (const auto &[option, name] : {std::pair{"cluster-name", "Cluster Name"},
                                       std::pair{"broker-id", "Broker ID"},
                                       std::pair{"consumer-group", "Consumer Group"},
                                       std::pair{"topic", "Topic"},
                                       std::pair{"partition", "Partition"}})
        if (has(option))
            dimensions.append(QJsonObject{{QStringLiteral("Name"), QLatin1String(name)},
                                          {QStringLiteral("Value"), get(option)}});
    const QString op = verb.operation;
    if (op == QLatin1String("GetMetricData")) {
        if (!has("cluster-name") || !has("metric-name"))
            return fail(Usage,
                        QStringLiteral("get-metric-data needs --cluster-name NAME and "
                                       "--metric-name NAME."));
        int period = 0;
        if (auto rc = wholeNumber("period", 60, period))
            return rc;
        const QJsonObject metric{{QStringLiteral("Namespace"), QStringLiteral("AWS/Kafka")},
                                 {QStringLiteral("MetricName"), get("metric-name")},
                                 {QStringLiteral("Dimensions"), dimensions}};
        params.insert(
            QStringLiteral("MetricDataQueries"),
            QJsonArray{QJsonObject{
                {QStringLiteral("Id"), QStringLiteral("m1")},
                {QStringLiteral("MetricStat"),
                 QJsonObject{{QStringLiteral("Metric"), metric},
                             {QStringLiteral("Period"), period},
                             {QStringLiteral("Stat"),
                              has("statistic") ? get("statistic") : QStringLiteral("Average")}}}}});
        if (auto rc = time("start-time", QStringLiteral("-1h"), "StartTime"))
            return rc;
        if (auto rc = time("end-time", QStringLiteral("now"), "EndTime"))
            return rc;
        if (has("scan-by"))
            params.insert(QStringLiteral("ScanBy"), get("scan-by"));
    } else if (op == QLatin1String("ListMetrics")) {
        if (has("metric-name"))
            params.insert(QStringLiteral("MetricName"), get("metric-name"));
        params.insert(QStringLiteral("Dimensions"), dimensions);
    } else if (op == QLatin1String("PutMetricAlarm")) {
        for (const char *key : {"alarm-name",
                                "metric-name",
                                "period",
                                "evaluation-periods",
                                "threshold",
                                "comparison-operator"})
            if (!has(key))
                return fail(Usage,
                            QStringLiteral("put-metric-alarm needs --%1; it takes: %2")
                                .arg(QLatin1String(key), verb.help));
        if (has("statistic") == has("extended-statistic"))
            return fail(Usage,
                        QStringLiteral("put-metric-alarm needs --statistic or "
                                       "--extended-statistic (one of them)."));
        int period = 0, evaluationPeriods = 0, datapoints = 0;
        if (auto rc = wholeNumber("period", 60, period))
            return rc;
        if (auto rc = wholeNumber("evaluation-periods", 1, evaluationPeriods))
            return rc;
        if (auto rc = wholeNumber("datapoints-to-alarm", evaluationPeriods, datapoints))
            return rc;
        bool ok = false;
        const double threshold = get("threshold").toDouble(&ok);
        if (!ok)
            return fail(Usage, QStringLiteral("--threshold takes a number."));
        params.insert(QStringLiteral("AlarmName"), get("alarm-name"));
        params.insert(QStringLiteral("Namespace"), QStringLiteral("AWS/Kafka"));
        params.insert(QStringLiteral("MetricName"), get("metric-name"));
        params.insert(QStringLiteral("Dimensions"), dimensions);
        if (has("statistic"))
            params.insert(QStringLiteral("Statistic"), get("statistic"));
        else
            params.insert(QStringLiteral("ExtendedStatistic"), get("extended-statistic"));
        params.insert(QStringLiteral("Period"), period);
        params.insert(QStringLiteral("EvaluationPeriods"), evaluationPeriods);
        params.insert(QStringLiteral("DatapointsToAlarm"), datapoints);
        params.insert(QStringLiteral("Threshold"), threshold);
        params.insert(QStringLiteral("ComparisonOperator"), get("comparison-operator"));
        if (has("treat-missing-data"))
            params.insert(QStringLiteral("TreatMissingData"), get("treat-missing-data"));
        if (has("alarm-description"))
            params.insert(QStringLiteral("AlarmDescription"), get("alarm-description"));
    } else if (op == QLatin1String("DescribeAlarms") || op == QLatin1String("DeleteAlarms")) {
        if (op == QLatin1String("DeleteAlarms") && !has("alarm-names"))
            return fail(Usage, QStringLiteral("delete-alarms needs --alarm-names A,B."));
        if (has("alarm-names")) {
            QJsonArray names;
            for (const QString &n : get("alarm-names").split(QLatin1Char(','), Qt::SkipEmptyParts))
                names.append(n.trimmed());
            params.insert(QStringLiteral("AlarmNames"), names);
        }
        if (has("alarm-name-prefix"))
            params.insert(QStringLiteral("AlarmNamePrefix"), get("alarm-name-prefix"));
        if (has("state-value"))
            params.insert(QStringLiteral("StateValue"), get("state-value"));
    } else if (op == QLatin1String("DescribeAlarmHistory")) {
        if (has("alarm-name"))
            params.insert(QStringLiteral("AlarmName"), get("alarm-name"));
        if (has("history-item-type"))
            params.insert(QStringLiteral("HistoryItemType"), get("history-item-type"));
        if (has("start-date"))
            if (auto rc = time("start-date", {}, "StartDate"))
                return rc;
        if (has("end-date"))
            if (auto rc = time("end-date", {}, "EndDate"))
                return rc;
        int max = 0;
        if (auto rc = wholeNumber("max-records", 100, max))
            return rc;
        params.insert(QStringLiteral("MaxRecords"), max);
    }
    return std::nullopt;
}

// CreateClusterV2's ClientAuthentication/EncryptionInfo and the security verbs' fields.
std::optional<int> buildSecurityParams(const Verb &verb, const Options &o, QJsonObject &params)
{
    const auto has = [&o](const char *key) {
        return o.values.contains(QLatin1String(key));
    };
    const auto get = [&o](const char *key) {
        return o.values.value(QLatin1String(key));
    };
    if (verb.operation == QLatin1String("CreateClusterV2")
        || verb.operation == QLatin1String("UpdateSecurity")) {
        if (has("client-authentication")) {
            bool scram = false, tls = false, unauthenticated = false;
            for (const QString &kind :
                 get("client-authentication").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString k = kind.trimmed().toLower();
                if (k == QLatin1String("sasl-scram") || k == QLatin1String("scram"))
                    scram = true;
                else if (k == QLatin1String("tls"))
                    tls = true;
                else if (k == QLatin1String("unauthenticated"))
                    unauthenticated = true;
                else
                    return fail(Usage,
                                QStringLiteral("--client-authentication takes a comma-separated "
                                               "list of sasl-scram, tls and unauthenticated; "
                                               "\"%1\" is none of them.")
                                    .arg(kind));
            }
            const auto on = [](bool b) {
                return QJsonObject{{QStringLiteral("Enabled"), b}};
            };
            params.insert(QStringLiteral("ClientAuthentication"),
                          QJsonObject{{QStringLiteral("Sasl"),
                                       QJsonObject{{QStringLiteral("Scram"), on(scram)}}},
                                      {QStringLiteral("Tls"), on(tls)},
                                      {QStringLiteral("Unauthenticated"), on(unauthenticated)}});
        }
        QJsonObject encryptionInfo;
        if (has("encryption-in-transit"))
            encryptionInfo.insert(QStringLiteral("EncryptionInTransit"),
                                  QJsonObject{{QStringLiteral("ClientBroker"),
                                               get("encryption-in-transit").toUpper()}});
        if (has("encryption-at-rest")) {
            const QString v = get("encryption-at-rest").toLower();
            if (v != QLatin1String("true") && v != QLatin1String("false"))
                return fail(Usage,
                            QStringLiteral("--encryption-at-rest takes true or false, not \"%1\".")
                                .arg(get("encryption-at-rest")));
            if (verb.operation != QLatin1String("CreateClusterV2"))
                return fail(Usage,
                            QStringLiteral("Encryption at rest is chosen when a cluster is "
                                           "created; use it with create-cluster-v2."));
            if (v == QLatin1String("true"))
                encryptionInfo.insert(QStringLiteral("EncryptionAtRest"),
                                      QJsonObject{{QStringLiteral("DataVolumeKMSKeyId"),
                                                   QStringLiteral("runnel-managed")}});
        }
        if (!encryptionInfo.isEmpty())
            params.insert(QStringLiteral("EncryptionInfo"), encryptionInfo);
        return std::nullopt;
    }
    const QString op = verb.operation;
    if (op == QLatin1String("CreateScramUser") || op == QLatin1String("DeleteScramUser")) {
        if (!has("username"))
            return fail(Usage, QStringLiteral("%1 needs --username USER.").arg(verb.name));
        params.insert(QStringLiteral("Username"), get("username"));
    }
    if (op == QLatin1String("CreateScramUser")) {
        if (!has("password"))
            return fail(Usage, QStringLiteral("create-scram-user needs --password PASSWORD."));
        QString password = get("password");
        if (password == QLatin1String("-")) { // keeps the password out of `ps` and history
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return fail(Usage, QStringLiteral("Could not read the password from stdin."));
            password = QString::fromUtf8(in.readLine()).trimmed();
        }
        params.insert(QStringLiteral("Password"), password);
        params.insert(QStringLiteral("SuperUser"), o.superUser);
    }
    if (op == QLatin1String("CreateAcl") || op == QLatin1String("DeleteAcl")
        || op == QLatin1String("ListAcls")) {
        const bool exact = op != QLatin1String("ListAcls");
        if (exact && (!has("resource-type") || !has("principal") || !has("operation")))
            return fail(Usage,
                        QStringLiteral("%1 needs --resource-type, --principal and --operation "
                                       "(and --resource-name except for CLUSTER).")
                            .arg(verb.name));
        const QList<QPair<const char *, QString>> fields
            = {{"resource-type", QStringLiteral("ResourceType")},
               {"resource-name", QStringLiteral("ResourceName")},
               {"pattern-type", QStringLiteral("PatternType")},
               {"principal", QStringLiteral("Principal")},
               {"host", QStringLiteral("Host")},
               {"operation", QStringLiteral("Operation")},
               {"permission", QStringLiteral("PermissionType")}};
        for (const auto &[option, key] : fields)
            if (has(option))
                params.insert(key, get(option));
    }
    if (op == QLatin1String("IssueClientCertificate")) {
        if (!has("common-name") || !has("out"))
            return fail(Usage,
                        QStringLiteral("issue-client-certificate needs --common-name CN and "
                                       "--out DIR."));
        params.insert(QStringLiteral("CommonName"), get("common-name"));
    }
    return std::nullopt;
}

// issue-client-certificate: the key, certificate and CA as PEM files in --out DIR.
int writeClientCertificate(const QString &dir, const QJsonObject &result, bool json)
{
    const QString cn = result.value(QStringLiteral("Principal"))
                           .toString()
                           .section(QLatin1Char(','), 0, 0)
                           .section(QLatin1Char('='), 1);
    if (!QDir().mkpath(dir))
        return fail(Refused, QStringLiteral("Could not create %1.").arg(dir));
    const QString certPath = QDir(dir).filePath(cn + QStringLiteral(".pem"));
    const QString keyPath = QDir(dir).filePath(cn + QStringLiteral("-key.pem"));
    const QString caPath = QDir(dir).filePath(QStringLiteral("ca.pem"));
    const QList<std::tuple<QString, QString, bool>> files
        = {{keyPath, QStringLiteral("PrivateKeyPem"), true},
           {certPath, QStringLiteral("CertificatePem"), false},
           {caPath, QStringLiteral("CaCertificatePem"), false}};
    for (const auto &[path, key, secret] : files) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || !file.setPermissions(secret ? (QFile::ReadOwner | QFile::WriteOwner)
                                           : (QFile::ReadOwner | QFile::WriteOwner
                                              | QFile::ReadGroup | QFile::ReadOther))
            || file.write(result.value(key).toString().toLatin1()) < 0 || !file.commit())
            return fail(Refused,
                        QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    }
    if (json) {
        QJsonObject out = result;
        out.remove(QStringLiteral("PrivateKeyPem"));
        out.insert(QStringLiteral("CertificateFile"), certPath);
        out.insert(QStringLiteral("PrivateKeyFile"), keyPath);
        out.insert(QStringLiteral("CaFile"), caPath);
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        std::printf("Certificate: %s\nPrivate key: %s\nCA:          %s\nPrincipal:   %s\n",
                    qPrintable(certPath),
                    qPrintable(keyPath),
                    qPrintable(caPath),
                    qPrintable(result.value(QStringLiteral("Principal")).toString()));
    }
    return Ok;
}

std::optional<int> buildParams(const Verb &verb, const Options &o, QJsonObject &params)
{
    static const QStringList metricsOperations = {QStringLiteral("GetMetricData"),
                                                  QStringLiteral("ListMetrics"),
                                                  QStringLiteral("PutMetricAlarm"),
                                                  QStringLiteral("DescribeAlarms"),
                                                  QStringLiteral("DeleteAlarms"),
                                                  QStringLiteral("DescribeAlarmHistory")};
    if (metricsOperations.contains(verb.operation))
        return buildMetricsParams(verb, o, params);
    const auto has = [&o](const char *key) {
        return o.values.contains(QLatin1String(key));
    };
    const auto get = [&o](const char *key) {
        return o.values.value(QLatin1String(key));
    };
    if (has("cluster-arn"))
        params.insert(QStringLiteral("ClusterArn"), get("cluster-arn"));
    if (has("cluster-name"))
        params.insert(QStringLiteral("ClusterName"), get("cluster-name"));
    const bool needsCluster = verb.options.contains(QStringLiteral("cluster-arn"))
                              && verb.operation != QLatin1String("ListAuditEvents");
    if (needsCluster && !has("cluster-arn") && !has("cluster-name"))
        return fail(
            Usage,
            QStringLiteral("%1 needs --cluster-arn ARN or --cluster-name NAME.").arg(verb.name));
    if (has("enhanced-monitoring"))
        params.insert(QStringLiteral("EnhancedMonitoring"), get("enhanced-monitoring"));
    if (has("prometheus-jmx-exporter") || has("prometheus-node-exporter")) {
        QJsonObject prometheus;
        for (const auto &[key, field] : {std::pair{"prometheus-jmx-exporter", "JmxExporter"},
                                         std::pair{"prometheus-node-exporter", "NodeExporter"}}) {
            if (!has(key))
                continue;
            if (get(key) != QLatin1String("true") && get(key) != QLatin1String("false"))
                return fail(Usage,
                            QStringLiteral("--%1 takes true or false.").arg(QLatin1String(key)));
            prometheus.insert(QLatin1String(field),
                              QJsonObject{{QStringLiteral("EnabledInBroker"),
                                           get(key) == QLatin1String("true")}});
        }
        params.insert(QStringLiteral("OpenMonitoring"),
                      QJsonObject{{QStringLiteral("Prometheus"), prometheus}});
    }
    if (verb.operation == QLatin1String("CreateClusterV2")) {
        if (!has("cluster-name"))
            return fail(Usage, QStringLiteral("create-cluster-v2 needs --cluster-name NAME."));
        for (const char *key : {"number-of-broker-nodes", "broker-count"}) {
            if (!has(key))
                continue;
            bool ok = false;
            const int n = get(key).toInt(&ok);
            if (!ok)
                return fail(Usage,
                            QStringLiteral("--%1 takes a whole number.").arg(QLatin1String(key)));
            params.insert(QStringLiteral("NumberOfBrokerNodes"), n);
        }
        if (has("volume-size") && has("volume-size-mib"))
            return fail(Usage,
                        QStringLiteral("Give --volume-size (GiB) or --volume-size-mib, not both."));
        for (const auto &[key, field] : {std::pair{"volume-size", "VolumeSize"},
                                         std::pair{"volume-size-mib", "VolumeSizeMiB"}}) {
            if (!has(key))
                continue;
            bool ok = false;
            const qint64 n = get(key).toLongLong(&ok);
            if (!ok || n < 1)
                return fail(
                    Usage,
                    QStringLiteral("--%1 takes a whole number above 0.").arg(QLatin1String(key)));
            params.insert(QStringLiteral("BrokerNodeGroupInfo"),
                          QJsonObject{{QStringLiteral("StorageInfo"),
                                       QJsonObject{{QStringLiteral("EbsStorageInfo"),
                                                    QJsonObject{{QLatin1String(field), n}}}}}});
        }
    }
    if (verb.operation == QLatin1String("UpdateBrokerStorage")) {
        if (!has("target-broker-ebs-volume-info"))
            return fail(
                Usage,
                QStringLiteral("update-broker-storage needs --target-broker-ebs-volume-info "
                               "KafkaBrokerNodeId=ALL,VolumeSizeGB=N."));
        const QString text = get("target-broker-ebs-volume-info").trimmed();
        QJsonArray targets;
        if (text.startsWith(QLatin1Char('[')) || text.startsWith(QLatin1Char('{'))) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError)
                return fail(Usage,
                            QStringLiteral("--target-broker-ebs-volume-info is not valid JSON: %1.")
                                .arg(error.errorString()));
            targets = doc.isArray() ? doc.array() : QJsonArray{doc.object()};
        } else {
            // The AWS CLI's shorthand: Key=Value,Key=Value.
            QJsonObject target;
            for (const QString &pair : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const qsizetype eq = pair.indexOf(QLatin1Char('='));
                if (eq <= 0)
                    return fail(Usage,
                                QStringLiteral("--target-broker-ebs-volume-info takes "
                                               "KafkaBrokerNodeId=ALL,VolumeSizeGB=N; \"%1\" is "
                                               "not Key=Value.")
                                    .arg(pair));
                const QString key = pair.left(eq).trimmed();
                const QString value = pair.mid(eq + 1).trimmed();
                if (key == QLatin1String("KafkaBrokerNodeId")) {
                    target.insert(key, value);
                } else if (key == QLatin1String("VolumeSizeGB")
                           || key == QLatin1String("VolumeSizeMiB")) {
                    bool ok = false;
                    const qint64 n = value.toLongLong(&ok);
                    if (!ok)
                        return fail(
                            Usage,
                            QStringLiteral("%1 takes a whole number, not \"%2\".").arg(key, value));
                    target.insert(key, n);
                } else {
                    return fail(Usage,
                                QStringLiteral("--target-broker-ebs-volume-info knows "
                                               "KafkaBrokerNodeId, VolumeSizeGB and VolumeSizeMiB, "
                                               "not %1.")
                                    .arg(key));
                }
            }
            targets.append(target);
        }
        params.insert(QStringLiteral("TargetBrokerEBSVolumeInfo"), targets);
        if (has("current-version"))
            params.insert(QStringLiteral("CurrentVersion"), get("current-version"));
    }
    if (verb.operation == QLatin1String("PutStorageAutoScaling")) {
        if (!has("target-utilization"))
            return fail(Usage,
                        QStringLiteral("put-storage-auto-scaling needs --target-utilization "
                                       "PERCENT."));
        for (const auto &[key, field] : {std::pair{"target-utilization", "TargetUtilization"},
                                         std::pair{"max-volume-size", "MaxVolumeSize"},
                                         std::pair{"max-volume-size-mib", "MaxVolumeSizeMiB"}}) {
            if (!has(key))
                continue;
            bool ok = false;
            const qint64 n = get(key).toLongLong(&ok);
            if (!ok)
                return fail(Usage,
                            QStringLiteral("--%1 takes a whole number.").arg(QLatin1String(key)));
            params.insert(QLatin1String(field), n);
        }
    }
    if (has("server-properties")) {
        QFile file(get("server-properties"));
        if (!file.open(QIODevice::ReadOnly))
            return fail(
                Usage,
                QStringLiteral("Could not read %1: %2.").arg(file.fileName(), file.errorString()));
        params.insert(QStringLiteral("ServerProperties"), QString::fromUtf8(file.readAll()));
    }
    if (has("configuration-arn") || has("configuration-name")) {
        QJsonObject info;
        if (has("configuration-arn"))
            info.insert(QStringLiteral("Arn"), get("configuration-arn"));
        if (has("configuration-name"))
            info.insert(QStringLiteral("Name"), get("configuration-name"));
        if (has("configuration-revision"))
            info.insert(QStringLiteral("Revision"), get("configuration-revision").toInt());
        params.insert(QStringLiteral("ConfigurationInfo"), info);
    } else if (verb.operation == QLatin1String("UpdateClusterConfiguration")) {
        return fail(Usage,
                    QStringLiteral("update-cluster-configuration needs --configuration-arn ARN or "
                                   "--configuration-name NAME."));
    }
    if (verb.options.contains(QStringLiteral("arn"))) { // the configuration verbs
        if (has("arn"))
            params.insert(QStringLiteral("Arn"), get("arn"));
        if (has("name"))
            params.insert(QStringLiteral("Name"), get("name"));
        if (has("description"))
            params.insert(QStringLiteral("Description"), get("description"));
        if (has("revision"))
            params.insert(QStringLiteral("Revision"), get("revision").toInt());
        if (!has("arn") && !has("name"))
            return fail(Usage, QStringLiteral("%1 needs --arn ARN or --name NAME.").arg(verb.name));
        if (verb.operation == QLatin1String("UpdateConfiguration") && !has("server-properties"))
            return fail(Usage,
                        QStringLiteral("update-configuration needs --server-properties FILE."));
        if (verb.operation == QLatin1String("DescribeConfigurationRevision") && !has("revision"))
            return fail(Usage,
                        QStringLiteral("describe-configuration-revision needs --revision N."));
    }
    if (verb.operation == QLatin1String("CreateConfiguration")) {
        if (!has("name") || !has("server-properties"))
            return fail(Usage,
                        QStringLiteral("create-configuration needs --name NAME and "
                                       "--server-properties FILE."));
        params.insert(QStringLiteral("Name"), get("name"));
        if (has("description"))
            params.insert(QStringLiteral("Description"), get("description"));
    }
    if (verb.operation == QLatin1String("UpdateBrokerCount")) {
        bool ok = false;
        const int n = get("target-number-of-broker-nodes").toInt(&ok);
        if (!ok)
            return fail(Usage,
                        QStringLiteral("update-broker-count needs --target-number-of-broker-nodes "
                                       "N (a whole number)."));
        params.insert(QStringLiteral("TargetNumberOfBrokerNodes"), n);
    }
    if (verb.operation == QLatin1String("RebootBroker")) {
        if (!has("broker-ids"))
            return fail(Usage, QStringLiteral("reboot-broker needs --broker-ids ID."));
        QJsonArray ids;
        for (const QString &id : get("broker-ids").split(QLatin1Char(','), Qt::SkipEmptyParts))
            ids.append(id.trimmed());
        params.insert(QStringLiteral("BrokerIds"), ids);
    }
    if (auto rc = buildSecurityParams(verb, o, params))
        return rc;
    if (verb.operation == QLatin1String("ListClustersV2") && has("cluster-name-filter"))
        params.insert(QStringLiteral("ClusterNameFilter"), get("cluster-name-filter"));
    if (verb.operation == QLatin1String("ListAuditEvents")) {
        if (has("operation"))
            params.insert(QStringLiteral("Operation"), get("operation"));
        if (has("since"))
            params.insert(QStringLiteral("Since"), get("since"));
        if (has("max-results"))
            params.insert(QStringLiteral("MaxResults"), get("max-results").toInt());
    }
    return std::nullopt;
}

// Polls the operation until it ends; returns its final JSON, or an error.
ControlResult<QJsonObject> waitForOperation(const AgentClient &client,
                                            const QString &clusterArn,
                                            const QString &operationArn,
                                            int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        auto ops = client.call(QStringLiteral("ListClusterOperations"),
                               {{QStringLiteral("ClusterArn"), clusterArn}});
        if (!ops)
            return ops.error();
        for (const QJsonValue &v :
             ops->value(QStringLiteral("ClusterOperationInfoList")).toArray()) {
            const QJsonObject op = v.toObject();
            if (op.value(QStringLiteral("OperationArn")).toString() != operationArn)
                continue;
            const QString state = op.value(QStringLiteral("OperationState")).toString();
            if (state == QLatin1String("UPDATE_COMPLETE")
                || state == QLatin1String("UPDATE_FAILED"))
                return op;
        }
        if (deadline.hasExpired())
            return ControlError{QStringLiteral("TimedOut"),
                                QStringLiteral("The operation %1 did not finish within %2 s; "
                                               "check it with runnelctl list-cluster-operations.")
                                    .arg(operationArn)
                                    .arg(timeoutMs / 1000)};
        QThread::msleep(100);
    }
}

// "Bootstrap brokers (TLS): ..." lines for a cluster with TLS listeners.
QString securedBootstrapLines(const QJsonObject &result)
{
    QString text;
    for (const auto &[key, label] : {std::pair{"BootstrapBrokerStringTls", "TLS"},
                                     std::pair{"BootstrapBrokerStringSaslScram", "SASL/SCRAM"}})
        if (result.contains(QLatin1String(key)))
            text += QStringLiteral("Bootstrap brokers (%1): %2\n")
                        .arg(QLatin1String(label), result.value(QLatin1String(key)).toString());
    return text;
}

void printJson(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("help") || args.first() == QLatin1String("-h")) {
        printUsage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? Usage : Ok;
    }
    const QString verbName = args.takeFirst();
    const Verb *verb = nullptr;
    for (const Verb &v : verbs()) {
        if (v.name == verbName)
            verb = &v;
    }
    if (!verb)
        return fail(Usage,
                    QStringLiteral("Unknown command \"%1\"; run runnelctl --help for the list.")
                        .arg(verbName));
    if (args.contains(QStringLiteral("--help"))) {
        std::printf("Usage: runnelctl %s %s\n", qPrintable(verb->name), qPrintable(verb->help));
        return Ok;
    }
    Options options;
    if (auto rc = parseOptions(*verb, args, options))
        return *rc;
    QJsonObject params;
    if (auto rc = buildParams(*verb, options, params))
        return *rc;

    AgentClient client(agentSocketPath());
    if (auto s = client.ensureAgent(findAgent(QCoreApplication::applicationDirPath())); !s)
        return agentFailure(s.error());

    QElapsedTimer elapsed;
    elapsed.start();
    auto reply = client.call(verb->operation, params);
    if (!reply)
        return agentFailure(reply.error());
    QJsonObject result = reply.value();
    if (verb->operation == QLatin1String("IssueClientCertificate"))
        return writeClientCertificate(
            options.values.value(QStringLiteral("out")), result, options.json);

    const QString operationArn = result.value(QStringLiteral("ClusterOperationArn")).toString();
    if (!operationArn.isEmpty() && !options.noWait) {
        const QString clusterArn = result.value(QStringLiteral("ClusterArn")).toString();
        auto op = waitForOperation(client, clusterArn, operationArn, 120000);
        if (!op)
            return op.error().code == QLatin1String("TimedOut") ? fail(TimedOut, op.error().message)
                                                                : agentFailure(op.error());
        const QString state = op->value(QStringLiteral("OperationState")).toString();
        result.insert(QStringLiteral("OperationState"), state);
        if (verb->operation != QLatin1String("DeleteCluster")) {
            auto describe = client.call(QStringLiteral("DescribeClusterV2"),
                                        {{QStringLiteral("ClusterArn"), clusterArn}});
            if (describe) {
                const QJsonObject info = describe->value(QStringLiteral("ClusterInfo")).toObject();
                result.insert(QStringLiteral("State"), info.value(QStringLiteral("State")));
                result.insert(QStringLiteral("BootstrapBrokerString"),
                              info.value(QStringLiteral("BootstrapBrokerString")));
                result.insert(QStringLiteral("NumberOfBrokerNodes"),
                              info.value(QStringLiteral("Provisioned"))
                                  .toObject()
                                  .value(QStringLiteral("NumberOfBrokerNodes")));
                for (const auto *key :
                     {"BootstrapBrokerStringTls", "BootstrapBrokerStringSaslScram"})
                    if (info.contains(QLatin1String(key)))
                        result.insert(QLatin1String(key), info.value(QLatin1String(key)));
            }
        } else if (state == QLatin1String("UPDATE_COMPLETE")) {
            result.insert(QStringLiteral("State"), QStringLiteral("DELETED"));
        }
        if (state != QLatin1String("UPDATE_COMPLETE")) {
            if (options.json)
                printJson(result);
            return fail(Refused,
                        QStringLiteral("The %1 operation failed: %2")
                            .arg(op->value(QStringLiteral("OperationType")).toString(),
                                 op->value(QStringLiteral("ErrorInfo"))
                                     .toObject()
                                     .value(QStringLiteral("ErrorString"))
                                     .toString()));
        }
        if (!options.json) {
            const double seconds = elapsed.elapsed() / 1000.0;
            const QString name = params.value(QStringLiteral("ClusterName")).toString();
            const QString who = name.isEmpty() ? clusterArn : name;
            if (verb->operation == QLatin1String("CreateClusterV2"))
                std::printf(
                    "Cluster %s is ACTIVE after %.1f s.\nBootstrap brokers: %s\n%sARN: %s\n",
                    qPrintable(who),
                    seconds,
                    qPrintable(result.value(QStringLiteral("BootstrapBrokerString")).toString()),
                    qPrintable(securedBootstrapLines(result)),
                    qPrintable(clusterArn));
            else if (verb->operation == QLatin1String("UpdateClusterConfiguration"))
                std::printf("Cluster %s runs the new configuration after a rolling restart of "
                            "%.1f s; it is %s.\n",
                            qPrintable(who),
                            seconds,
                            qPrintable(result.value(QStringLiteral("State")).toString()));
            else if (verb->operation == QLatin1String("CreateScramUser")
                     || verb->operation == QLatin1String("DeleteScramUser"))
                std::printf("SCRAM user %s is %s; the brokers restarted one by one with the "
                            "new super.users in %.1f s.\n",
                            qPrintable(options.values.value(QStringLiteral("username"))),
                            verb->operation == QLatin1String("CreateScramUser")
                                ? "a super user"
                                : "deleted and no longer a super user",
                            seconds);
            else if (verb->operation == QLatin1String("UpdateSecurity"))
                std::printf("Cluster %s has the new security settings after a rolling restart "
                            "of %.1f s; it is %s.\n%s",
                            qPrintable(who),
                            seconds,
                            qPrintable(result.value(QStringLiteral("State")).toString()),
                            qPrintable(securedBootstrapLines(result)));
            else if (verb->operation == QLatin1String("RotateBrokerCertificates"))
                std::printf("The brokers of %s serve new certificates from the same CA after "
                            "a rolling restart of %.1f s.\n",
                            qPrintable(who),
                            seconds);
            else if (verb->operation == QLatin1String("UpdateBrokerStorage"))
                std::printf("Cluster %s's brokers have the new volume size after a rolling "
                            "restart of %.1f s; it is %s.\n",
                            qPrintable(who),
                            seconds,
                            qPrintable(result.value(QStringLiteral("State")).toString()));
            else if (verb->operation == QLatin1String("RebootBroker"))
                std::printf("Broker %s of cluster %s rebooted in %.1f s; the cluster is %s.\n",
                            qPrintable(options.values.value(QStringLiteral("broker-ids"))),
                            qPrintable(who),
                            seconds,
                            qPrintable(result.value(QStringLiteral("State")).toString()));
            else if (verb->operation == QLatin1String("UpdateBrokerCount"))
                std::printf(
                    "Cluster %s has %d brokers after %.1f s; it is %s.\nBootstrap "
                    "brokers: %s\n",
                    qPrintable(who),
                    result.value(QStringLiteral("NumberOfBrokerNodes")).toInt(),
                    seconds,
                    qPrintable(result.value(QStringLiteral("State")).toString()),
                    qPrintable(result.value(QStringLiteral("BootstrapBrokerString")).toString()));
            else if (verb->operation == QLatin1String("DeleteCluster"))
                std::printf("Cluster %s is deleted, with its brokers and data (%.1f s).\n",
                            qPrintable(who),
                            seconds);
            else
                std::printf("%s on cluster %s completed in %.1f s; it is %s.\n",
                            qPrintable(verb->operation),
                            qPrintable(who),
                            seconds,
                            qPrintable(result.value(QStringLiteral("State")).toString()));
            return Ok;
        }
    }
    if (options.json)
        printJson(result);
    else
        std::fputs(qPrintable(formatResult(verb->operation, result)), stdout);
    return Ok;
}
