#pragma once

// AuditModel: the agent's audit log (ListAuditEvents, oldest first): time, caller,
// operation, cluster, result and message, with the redacted parameters as a tooltip.
// New polls append only the events not seen yet (by EventId). The export helpers write
// the rows given (e.g. the ones a filter proxy shows) as JSON or CSV. GUI thread.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace runnel::ui {

class AuditModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        CallerColumn,
        OperationColumn,
        ClusterColumn,
        ResultColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role { EventRole = Qt::UserRole + 1, SuccessRole };

    explicit AuditModel(QObject *parent = nullptr);

    // Replaces the events with the agent's AuditEvents (appends when it only grew).
    void setEvents(const QJsonArray &auditEvents);
    QJsonObject event(int row) const { return m_events.value(row); }

    // The cluster name inside an ARN (arn:runnel:kafka:local:cluster/NAME/UUID).
    static QString clusterNameOf(const QString &arn);
    static QByteArray toJson(const QList<QJsonObject> &events);
    static QByteArray toCsv(const QList<QJsonObject> &events);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<QJsonObject> m_events;
};

} // namespace runnel::ui
