#include "ui/models/operationmodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace runnel::ui {

OperationModel::OperationModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void OperationModel::setOperations(const QJsonArray &list)
{
    QList<Operation> fresh;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        Operation op;
        op.arn = o.value(QStringLiteral("OperationArn")).toString();
        op.type = o.value(QStringLiteral("OperationType")).toString();
        op.state = o.value(QStringLiteral("OperationState")).toString();
        op.started = o.value(QStringLiteral("CreationTime")).toString();
        op.ended = o.value(QStringLiteral("EndTime")).toString();
        op.error = o.value(QStringLiteral("ErrorInfo"))
                       .toObject()
                       .value(QStringLiteral("ErrorString"))
                       .toString();
        fresh.append(op);
    }
    // Operations are only ever added (newest first) or, for a new cluster, all different.
    const bool sameTail
        = fresh.size() >= m_ops.size()
          && std::equal(m_ops.begin(),
                        m_ops.end(),
                        fresh.end() - m_ops.size(),
                        [](const auto &a, const auto &b) { return a.arn == b.arn; });
    if (!sameTail) {
        beginResetModel();
        m_ops = fresh;
        endResetModel();
        return;
    }
    const int added = int(fresh.size() - m_ops.size());
    if (added > 0) {
        beginInsertRows({}, 0, added - 1);
        m_ops = fresh.mid(0, added) + m_ops;
        endInsertRows();
    }
    for (int i = added; i < fresh.size(); ++i) {
        if (!(m_ops[i] == fresh[i])) {
            m_ops[i] = fresh[i];
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
}

QString OperationModel::typeText(const QString &type)
{
    if (type == QLatin1String("CREATE"))
        return tr("Create cluster");
    if (type == QLatin1String("DELETE"))
        return tr("Delete cluster");
    if (type == QLatin1String("HEAL_BROKER"))
        return tr("Heal broker");
    if (type == QLatin1String("REBOOT_NODE"))
        return tr("Reboot broker");
    if (type == QLatin1String("RESTART_BROKERS"))
        return tr("Restart brokers");
    if (type == QLatin1String("UPDATE_CLUSTER_CONFIGURATION"))
        return tr("Update configuration");
    return type;
}

QString OperationModel::stateText(const QString &state)
{
    if (state == QLatin1String("PENDING"))
        return tr("Pending");
    if (state == QLatin1String("UPDATE_IN_PROGRESS"))
        return tr("In progress");
    if (state == QLatin1String("UPDATE_COMPLETE"))
        return tr("Complete");
    if (state == QLatin1String("UPDATE_FAILED"))
        return tr("Failed");
    return state;
}

QString OperationModel::timeText(const QString &iso)
{
    if (iso.isEmpty())
        return QStringLiteral("—");
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return iso;
    return QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

int OperationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ops.size());
}

int OperationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Operation &op = m_ops[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TypeColumn:
            return typeText(op.type);
        case StateColumn:
            return stateText(op.state);
        case StartedColumn:
            return timeText(op.started);
        case EndedColumn:
            return timeText(op.ended);
        case ErrorColumn:
            return op.error;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == ErrorColumn && !op.error.isEmpty())
        return op.error;
    if (role == ArnRole)
        return op.arn;
    if (role == RawStateRole)
        return op.state;
    return {};
}

QVariant OperationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TypeColumn:
        return tr("Operation");
    case StateColumn:
        return tr("State");
    case StartedColumn:
        return tr("Started");
    case EndedColumn:
        return tr("Ended");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

OperationStepModel::OperationStepModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void OperationStepModel::setOperation(const QJsonObject &operation)
{
    QList<Step> fresh;
    for (const QJsonValue &v : operation.value(QStringLiteral("OperationSteps")).toArray()) {
        const QJsonObject o = v.toObject();
        Step s;
        s.name = o.value(QStringLiteral("StepName")).toString();
        s.status = o.value(QStringLiteral("StepInfo"))
                       .toObject()
                       .value(QStringLiteral("StepStatus"))
                       .toString();
        s.progress = o.value(QStringLiteral("Progress")).toInt();
        fresh.append(s);
    }
    const int common = int(qMin(fresh.size(), m_steps.size()));
    if (m_steps.size() > fresh.size()) {
        beginRemoveRows({}, common, int(m_steps.size()) - 1);
        m_steps.resize(common);
        endRemoveRows();
    }
    for (int i = 0; i < common; ++i) {
        if (!(m_steps[i] == fresh[i])) {
            m_steps[i] = fresh[i];
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
    if (fresh.size() > common) {
        beginInsertRows({}, common, int(fresh.size()) - 1);
        m_steps += fresh.mid(common);
        endInsertRows();
    }
}

QString OperationStepModel::statusText(const QString &status)
{
    if (status == QLatin1String("PENDING"))
        return tr("Pending");
    if (status == QLatin1String("IN_PROGRESS"))
        return tr("In progress");
    if (status == QLatin1String("COMPLETED"))
        return tr("Completed");
    if (status == QLatin1String("FAILED"))
        return tr("Failed");
    return status;
}

int OperationStepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int OperationStepModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationStepModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Step &s = m_steps[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case StepColumn:
            return s.name;
        case StatusColumn:
            return statusText(s.status);
        case ProgressColumn:
            return QStringLiteral("%1 %").arg(s.progress);
        }
    }
    return {};
}

QVariant OperationStepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Step");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    }
    return {};
}

} // namespace runnel::ui
