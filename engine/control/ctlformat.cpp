#include "engine/control/ctlformat.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace runnel::control {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble())
        return QString::number(v.toInteger());
    return v.toString();
}

QString clustersTable(const QJsonArray &list)
{
    QList<QStringList> rows;
    for (const QJsonValue &v : list) {
        const QJsonObject c = v.toObject();
        rows << QStringList{str(c, "ClusterName"),
                            str(c, "State"),
                            QString::number(c.value(QStringLiteral("Provisioned"))
                                                .toObject()
                                                .value(QStringLiteral("NumberOfBrokerNodes"))
                                                .toInt()),
                            str(c, "BootstrapBrokerString"),
                            str(c, "CreationTime"),
                            str(c, "ClusterArn")};
    }
    if (rows.isEmpty())
        return QStringLiteral("There are no clusters yet; create one with "
                              "runnelctl create-cluster-v2 --cluster-name NAME.\n");
    return formatTable({QStringLiteral("NAME"),
                        QStringLiteral("STATE"),
                        QStringLiteral("BROKERS"),
                        QStringLiteral("BOOTSTRAP"),
                        QStringLiteral("CREATED"),
                        QStringLiteral("ARN")},
                       rows);
}

QString dimensionsText(const QJsonArray &dimensions)
{
    QStringList parts;
    for (const QJsonValue &d : dimensions)
        parts << QStringLiteral("%1=%2").arg(str(d.toObject(), "Name"), str(d.toObject(), "Value"));
    return parts.join(QStringLiteral(", "));
}

QString number(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (d == static_cast<double>(static_cast<qint64>(d)) && std::abs(d) < 1e15)
        return QString::number(static_cast<qint64>(d));
    return QString::number(d, 'f', 3);
}

QString metricsResult(const QString &operation, const QJsonObject &result)
{
    if (operation == QLatin1String("GetMetricData")) {
        QString out;
        for (const QJsonValue &v : result.value(QStringLiteral("MetricDataResults")).toArray()) {
            const QJsonObject r = v.toObject();
            const QJsonArray times = r.value(QStringLiteral("Timestamps")).toArray();
            const QJsonArray values = r.value(QStringLiteral("Values")).toArray();
            if (times.isEmpty()) {
                out += QStringLiteral("%1: no data points in this time range.\n")
                           .arg(str(r, "Label"));
                continue;
            }
            QList<QStringList> rows;
            for (qsizetype i = 0; i < times.size() && i < values.size(); ++i)
                rows << QStringList{times.at(i).toString(), number(values.at(i))};
            out += formatTable({QStringLiteral("TIMESTAMP"), str(r, "Label").toUpper()}, rows);
        }
        return out;
    }
    if (operation == QLatin1String("ListMetrics")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("Metrics")).toArray())
            rows << QStringList{
                str(v.toObject(), "MetricName"),
                dimensionsText(v.toObject().value(QStringLiteral("Dimensions")).toArray())};
        if (rows.isEmpty())
            return QStringLiteral("No metrics match; the agent stores them once brokers run.\n");
        return formatTable({QStringLiteral("METRIC"), QStringLiteral("DIMENSIONS")}, rows);
    }
    if (operation == QLatin1String("DescribeAlarms")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("MetricAlarms")).toArray()) {
            const QJsonObject a = v.toObject();
            const QString stat = a.contains(QStringLiteral("Statistic"))
                                     ? str(a, "Statistic")
                                     : str(a, "ExtendedStatistic");
            rows << QStringList{
                str(a, "AlarmName"),
                str(a, "StateValue"),
                QStringLiteral("%1 %2 (%3)")
                    .arg(stat,
                         str(a, "MetricName"),
                         dimensionsText(a.value(QStringLiteral("Dimensions")).toArray())),
                QStringLiteral("%1 %2 for %3 of %4 × %5 s")
                    .arg(str(a, "ComparisonOperator"),
                         number(a.value(QStringLiteral("Threshold"))),
                         str(a, "DatapointsToAlarm"),
                         str(a, "EvaluationPeriods"),
                         str(a, "Period")),
                str(a, "StateUpdatedTimestamp")};
        }
        if (rows.isEmpty())
            return QStringLiteral("No alarms.\n");
        return formatTable({QStringLiteral("ALARM"),
                            QStringLiteral("STATE"),
                            QStringLiteral("METRIC"),
                            QStringLiteral("CONDITION"),
                            QStringLiteral("SINCE")},
                           rows);
    }
    if (operation == QLatin1String("DescribeAlarmHistory")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("AlarmHistoryItems")).toArray()) {
            const QJsonObject h = v.toObject();
            rows << QStringList{str(h, "Timestamp"),
                                str(h, "AlarmName"),
                                str(h, "HistoryItemType"),
                                str(h, "HistorySummary")};
        }
        if (rows.isEmpty())
            return QStringLiteral("No alarm history.\n");
        return formatTable({QStringLiteral("TIME"),
                            QStringLiteral("ALARM"),
                            QStringLiteral("TYPE"),
                            QStringLiteral("SUMMARY")},
                           rows);
    }
    if (operation == QLatin1String("PutMetricAlarm"))
        return QStringLiteral("Alarm saved; the agent evaluates it with every sample.\n");
    if (operation == QLatin1String("DeleteAlarms"))
        return QStringLiteral("Alarms deleted.\n");
    return QString();
}

} // namespace

QString formatTable(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &h : headers)
        widths << h.size();
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    auto line = [&widths](const QStringList &cells) {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i + 1 == cells.size())
                out += cells.at(i);
            else
                out += cells.at(i).leftJustified(widths.at(i)) + QStringLiteral("  ");
        }
        return out.trimmed() + QLatin1Char('\n');
    };
    QString out = line(headers);
    for (const QStringList &row : rows)
        out += line(row);
    return out;
}

// A size in MiB as "10 GiB" or "512 MiB"; "unlimited" for 0.
QString sizeOf(qint64 mib)
{
    if (mib <= 0)
        return QStringLiteral("unlimited");
    if (mib % 1024 == 0)
        return QStringLiteral("%1 GiB").arg(mib / 1024);
    return QStringLiteral("%1 MiB").arg(mib);
}

QString formatResult(const QString &operation, const QJsonObject &result)
{
    if (operation == QLatin1String("DescribeStorageAutoScaling")
        || operation == QLatin1String("PutStorageAutoScaling")) {
        QList<QStringList> rows
            = {{QStringLiteral("Cluster"), str(result, "ClusterName")},
               {QStringLiteral("Volume size per broker"),
                sizeOf(result.value(QStringLiteral("VolumeSizeMiB")).toInteger())},
               {QStringLiteral("Auto-scaling"),
                result.value(QStringLiteral("Enabled")).toBool() ? QStringLiteral("enabled")
                                                                 : QStringLiteral("off")}};
        if (result.value(QStringLiteral("Enabled")).toBool()) {
            rows << QStringList{QStringLiteral("Target utilisation"),
                                str(result, "TargetUtilization") + QLatin1Char('%')};
            rows << QStringList{
                QStringLiteral("Maximum size"),
                sizeOf(result.value(QStringLiteral("MaxVolumeSizeMiB")).toInteger())};
        }
        return formatTable({QStringLiteral("FIELD"), QStringLiteral("VALUE")}, rows);
    }
    if (operation == QLatin1String("DeleteStorageAutoScaling"))
        return QStringLiteral("Storage auto-scaling is off for this cluster.\n");
    if (QString text = metricsResult(operation, result); !text.isEmpty())
        return text;
    if (auto text = formatSecurityResult(operation, result))
        return *text;
    if (operation == QLatin1String("ListClustersV2"))
        return clustersTable(result.value(QStringLiteral("ClusterInfoList")).toArray());
    if (operation == QLatin1String("DescribeClusterV2")) {
        const QJsonObject c = result.value(QStringLiteral("ClusterInfo")).toObject();
        QList<QStringList> rows = {
            {QStringLiteral("Name"), str(c, "ClusterName")},
            {QStringLiteral("ARN"), str(c, "ClusterArn")},
            {QStringLiteral("State"), str(c, "State")},
            {QStringLiteral("Type"), str(c, "ClusterType")},
            {QStringLiteral("Brokers"),
             QString::number(c.value(QStringLiteral("Provisioned"))
                                 .toObject()
                                 .value(QStringLiteral("NumberOfBrokerNodes"))
                                 .toInt())},
            {QStringLiteral("Bootstrap brokers"), str(c, "BootstrapBrokerString")},
            {QStringLiteral("Created"), str(c, "CreationTime")},
            {QStringLiteral("Data directory"), str(c, "DataDirectory")},
        };
        if (c.contains(QStringLiteral("CurrentConfiguration"))) {
            const QJsonObject conf = c.value(QStringLiteral("CurrentConfiguration")).toObject();
            rows << QStringList{
                QStringLiteral("Configuration"),
                QStringLiteral("%1 revision %2").arg(str(conf, "Arn"), str(conf, "Revision"))};
        }
        const QJsonObject provisioned = c.value(QStringLiteral("Provisioned")).toObject();
        const QJsonObject ebs = provisioned.value(QStringLiteral("BrokerNodeGroupInfo"))
                                    .toObject()
                                    .value(QStringLiteral("StorageInfo"))
                                    .toObject()
                                    .value(QStringLiteral("EbsStorageInfo"))
                                    .toObject();
        if (ebs.contains(QStringLiteral("VolumeSizeMiB")))
            rows << QStringList{QStringLiteral("Volume size per broker"),
                                sizeOf(ebs.value(QStringLiteral("VolumeSizeMiB")).toInteger())};
        if (provisioned.contains(QStringLiteral("EnhancedMonitoring"))) {
            const QJsonObject prometheus = provisioned.value(QStringLiteral("OpenMonitoring"))
                                               .toObject()
                                               .value(QStringLiteral("Prometheus"))
                                               .toObject();
            const auto on = [&prometheus](const char *exporter) {
                return prometheus.value(QLatin1String(exporter))
                               .toObject()
                               .value(QStringLiteral("EnabledInBroker"))
                               .toBool()
                           ? QStringLiteral("on")
                           : QStringLiteral("off");
            };
            rows << QStringList{QStringLiteral("Enhanced monitoring"),
                                str(provisioned, "EnhancedMonitoring")};
            rows << QStringList{QStringLiteral("Open monitoring"),
                                QStringLiteral("JMX exporter %1, node exporter %2")
                                    .arg(on("JmxExporter"), on("NodeExporter"))};
        }
        if (c.contains(QStringLiteral("ActiveOperationArn")))
            rows << QStringList{QStringLiteral("Active operation"), str(c, "ActiveOperationArn")};
        return formatTable({QStringLiteral("SETTING"), QStringLiteral("VALUE")}, rows);
    }
    if (operation == QLatin1String("GetBootstrapBrokers"))
        return str(result, "BootstrapBrokerString") + QLatin1Char('\n');
    if (operation == QLatin1String("ListNodes")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("NodeInfoList")).toArray()) {
            const QJsonObject b = v.toObject().value(QStringLiteral("BrokerNodeInfo")).toObject();
            const QJsonObject m = b.value(QStringLiteral("Metrics")).toObject();
            const auto figure = [&m](const char *key, int decimals) {
                return m.contains(QLatin1String(key))
                           ? QString::number(m.value(QLatin1String(key)).toDouble(), 'f', decimals)
                           : QStringLiteral("-");
            };
            // Multi-broker clusters: the active controller is marked as kcat -L marks it.
            const bool controller = b.value(QStringLiteral("ActiveController")).toBool();
            rows << QStringList{
                str(b, "BrokerId") + (controller ? QStringLiteral(" (controller)") : QString()),
                str(b, "State"),
                QStringLiteral("127.0.0.1:%1").arg(str(b, "Port")),
                str(b, "Pid"),
                str(b, "Restarts"),
                figure("CpuUser", 1),
                m.contains(QStringLiteral("MemoryUsed")) ? QString::number(
                    m.value(QStringLiteral("MemoryUsed")).toDouble() / (1024 * 1024), 'f', 0)
                                                         : QStringLiteral("-"),
                figure("KafkaDataLogsDiskUsed", 1),
                figure("PartitionCount", 0),
                str(b, "LogFile")};
        }
        return formatTable({QStringLiteral("BROKER"),
                            QStringLiteral("STATE"),
                            QStringLiteral("ENDPOINT"),
                            QStringLiteral("PID"),
                            QStringLiteral("RESTARTS"),
                            QStringLiteral("CPU%"),
                            QStringLiteral("MEM_MB"),
                            QStringLiteral("DISK%"),
                            QStringLiteral("PARTITIONS"),
                            QStringLiteral("LOG")},
                           rows);
    }
    if (operation == QLatin1String("ListClusterOperations")) {
        QList<QStringList> rows;
        for (const QJsonValue &v :
             result.value(QStringLiteral("ClusterOperationInfoList")).toArray()) {
            const QJsonObject op = v.toObject();
            const QJsonArray steps = op.value(QStringLiteral("OperationSteps")).toArray();
            const auto done = std::count_if(steps.begin(), steps.end(), [](const QJsonValue &s) {
                return s.toObject()
                           .value(QStringLiteral("StepInfo"))
                           .toObject()
                           .value(QStringLiteral("StepStatus"))
                           .toString()
                       == QLatin1String("COMPLETED");
            });
            rows << QStringList{str(op, "OperationType"),
                                str(op, "OperationState"),
                                QStringLiteral("%1/%2").arg(done).arg(steps.size()),
                                str(op, "CreationTime"),
                                str(op, "EndTime"),
                                op.value(QStringLiteral("ErrorInfo"))
                                    .toObject()
                                    .value(QStringLiteral("ErrorString"))
                                    .toString()};
        }
        return formatTable({QStringLiteral("TYPE"),
                            QStringLiteral("STATE"),
                            QStringLiteral("STEPS"),
                            QStringLiteral("STARTED"),
                            QStringLiteral("ENDED"),
                            QStringLiteral("ERROR")},
                           rows);
    }
    if (operation == QLatin1String("ListAuditEvents")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("AuditEvents")).toArray()) {
            const QJsonObject e = v.toObject();
            QString cluster = str(e, "ClusterArn");
            cluster = cluster.section(QLatin1Char('/'), 1, 1); // the name part of the ARN
            rows << QStringList{str(e, "EventTime"),
                                str(e, "Caller"),
                                str(e, "Operation"),
                                cluster,
                                str(e, "Result"),
                                str(e, "Message")};
        }
        return formatTable({QStringLiteral("TIME"),
                            QStringLiteral("CALLER"),
                            QStringLiteral("OPERATION"),
                            QStringLiteral("CLUSTER"),
                            QStringLiteral("RESULT"),
                            QStringLiteral("MESSAGE")},
                           rows);
    }
    if (operation == QLatin1String("ListConfigurations")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("Configurations")).toArray()) {
            const QJsonObject c = v.toObject();
            rows << QStringList{str(c, "Name"),
                                QString::number(c.value(QStringLiteral("LatestRevision"))
                                                    .toObject()
                                                    .value(QStringLiteral("Revision"))
                                                    .toInt()),
                                str(c, "CreationTime"),
                                str(c, "Arn")};
        }
        return formatTable({QStringLiteral("NAME"),
                            QStringLiteral("LATEST REVISION"),
                            QStringLiteral("CREATED"),
                            QStringLiteral("ARN")},
                           rows);
    }
    if (operation == QLatin1String("ListConfigurationRevisions")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("Revisions")).toArray()) {
            const QJsonObject r = v.toObject();
            rows << QStringList{str(r, "Revision"), str(r, "CreationTime"), str(r, "Description")};
        }
        return formatTable(
            {QStringLiteral("REVISION"), QStringLiteral("CREATED"), QStringLiteral("DESCRIPTION")},
            rows);
    }
    if (operation == QLatin1String("DescribeConfigurationRevision"))
        return QStringLiteral("# Revision %1 of %2, created %3\n%4")
            .arg(str(result, "Revision"), str(result, "Arn"), str(result, "CreationTime"))
            .arg(str(result, "ServerProperties"));
    // Mutating calls and single objects: one row per field, nested objects as JSON.
    QList<QStringList> rows;
    for (auto it = result.begin(); it != result.end(); ++it) {
        const QJsonValue v = it.value();
        rows << QStringList{it.key(),
                            v.isObject() ? QString::fromUtf8(
                                QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                                         : v.toVariant().toString()};
    }
    return formatTable({QStringLiteral("FIELD"), QStringLiteral("VALUE")}, rows);
}

} // namespace runnel::control
