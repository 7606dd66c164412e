#include "ui/models/auditmodel.h"

#include "ui/models/operationmodel.h"

#include <QJsonDocument>

namespace runnel::ui {

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditModel::setEvents(const QJsonArray &auditEvents)
{
    QList<QJsonObject> fresh;
    fresh.reserve(auditEvents.size());
    for (const QJsonValue &v : auditEvents)
        fresh.append(v.toObject());
    const auto idOf = [](const QJsonObject &o) {
        return o.value(QStringLiteral("EventId")).toInteger();
    };
    bool prefix = fresh.size() >= m_events.size();
    for (int i = 0; prefix && i < m_events.size(); ++i)
        prefix = idOf(m_events[i]) == idOf(fresh[i]);
    if (!prefix) {
        beginResetModel();
        m_events = fresh;
        endResetModel();
        return;
    }
    if (fresh.size() > m_events.size()) {
        beginInsertRows({}, int(m_events.size()), int(fresh.size()) - 1);
        m_events = fresh;
        endInsertRows();
    }
}

QString AuditModel::clusterNameOf(const QString &arn)
{
    const QStringList parts = arn.split(QLatin1Char('/'));
    return parts.size() >= 2 ? parts.at(1) : arn;
}

QByteArray AuditModel::toJson(const QList<QJsonObject> &events)
{
    QJsonArray list;
    for (const QJsonObject &e : events)
        list.append(e);
    return QJsonDocument(QJsonObject{{QStringLiteral("AuditEvents"), list}})
        .toJson(QJsonDocument::Indented);
}

QByteArray AuditModel::toCsv(const QList<QJsonObject> &events)
{
    const auto field = [](QString text) {
        if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
            || text.contains(QLatin1Char('\n'))) {
            text.replace(QLatin1String("\""), QLatin1String("\"\""));
            text = QLatin1Char('"') + text + QLatin1Char('"');
        }
        return text;
    };
    QByteArray out = "EventId,EventTime,Caller,Operation,ClusterArn,Result,Message,Parameters\n";
    for (const QJsonObject &e : events) {
        const QStringList cells{
            QString::number(e.value(QStringLiteral("EventId")).toInteger()),
            field(e.value(QStringLiteral("EventTime")).toString()),
            field(e.value(QStringLiteral("Caller")).toString()),
            field(e.value(QStringLiteral("Operation")).toString()),
            field(e.value(QStringLiteral("ClusterArn")).toString()),
            field(e.value(QStringLiteral("Result")).toString()),
            field(e.value(QStringLiteral("Message")).toString()),
            field(QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("Parameters")).toObject())
                                        .toJson(QJsonDocument::Compact))),
        };
        out += cells.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return out;
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &e = m_events[index.row()];
    const QString result = e.value(QStringLiteral("Result")).toString();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return OperationModel::timeText(e.value(QStringLiteral("EventTime")).toString());
        case CallerColumn:
            return e.value(QStringLiteral("Caller")).toString();
        case OperationColumn:
            return e.value(QStringLiteral("Operation")).toString();
        case ClusterColumn: {
            // A refused create has no ARN; its parameters still name the cluster.
            const QString arn = e.value(QStringLiteral("ClusterArn")).toString();
            return arn.isEmpty() ? e.value(QStringLiteral("Parameters"))
                                       .toObject()
                                       .value(QStringLiteral("ClusterName"))
                                       .toString()
                                 : clusterNameOf(arn);
        }
        case ResultColumn:
            return result == QLatin1String("Success") ? tr("Success") : result;
        case MessageColumn:
            return e.value(QStringLiteral("Message")).toString();
        }
        break;
    case Qt::ToolTipRole:
        return tr("Parameters: %1")
            .arg(QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("Parameters")).toObject())
                                       .toJson(QJsonDocument::Compact)));
    case EventRole:
        return e;
    case SuccessRole:
        return result == QLatin1String("Success") || result == QLatin1String("Started");
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case CallerColumn:
        return tr("Caller");
    case OperationColumn:
        return tr("Operation");
    case ClusterColumn:
        return tr("Cluster");
    case ResultColumn:
        return tr("Result");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

} // namespace runnel::ui
