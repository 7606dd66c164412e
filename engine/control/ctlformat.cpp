#include "engine/control/ctlformat.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

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

QString formatResult(const QString &operation, const QJsonObject &result)
{
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
            rows << QStringList{str(b, "BrokerId"),
                                str(b, "State"),
                                QStringLiteral("127.0.0.1:%1").arg(str(b, "Port")),
                                str(b, "Pid"),
                                str(b, "Restarts"),
                                str(b, "LogFile")};
        }
        return formatTable({QStringLiteral("BROKER"),
                            QStringLiteral("STATE"),
                            QStringLiteral("ENDPOINT"),
                            QStringLiteral("PID"),
                            QStringLiteral("RESTARTS"),
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
