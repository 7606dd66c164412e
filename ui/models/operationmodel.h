#pragma once

// OperationModel: a cluster's operations (ListClusterOperations, newest first): type,
// state, start and end time, and the error sentence of a failed one. OperationStepModel:
// the steps of one operation (StepName, StepStatus, Progress) for progress views.
// Both keyed (operation ARN / step position) and updated in place. GUI thread.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace runnel::ui {

class OperationModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TypeColumn, StateColumn, StartedColumn, EndedColumn, ErrorColumn, ColumnCount };
    enum Role { ArnRole = Qt::UserRole + 1, RawStateRole };

    struct Operation
    {
        QString arn, type, state, started, ended, error;
        bool operator==(const Operation &) const = default;
    };

    explicit OperationModel(QObject *parent = nullptr);
    void setOperations(const QJsonArray &clusterOperationInfoList);

    static QString typeText(const QString &type);
    static QString stateText(const QString &state);
    static QString timeText(const QString &iso);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Operation> m_ops;
};

class OperationStepModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StepColumn, StatusColumn, ProgressColumn, ColumnCount };

    struct Step
    {
        QString name, status;
        int progress = 0;
        bool operator==(const Step &) const = default;
    };

    explicit OperationStepModel(QObject *parent = nullptr);
    // The operation object from ClusterOperationInfoList (its OperationSteps).
    void setOperation(const QJsonObject &operation);
    const QList<Step> &steps() const { return m_steps; }

    static QString statusText(const QString &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Step> m_steps;
};

} // namespace runnel::ui
