#pragma once

// ClusterListModel: the console's left-hand list — the agent's local clusters (from
// ListClustersV2's ClusterInfoList) followed by the saved external connections. Rows are
// keyed (a local cluster by ARN, a connection by name), so each poll updates rows in
// place and emits ranged dataChanged, inserts and removals, never a reset. GUI thread.

#include <QAbstractTableModel>
#include <QColor>
#include <QIcon>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace runnel::ui {

class ClusterListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, StateColumn, BrokersColumn, BootstrapColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1, // ARN for a local cluster, connection name otherwise
        ExternalRole,               // bool
        RawStateRole,               // the agent's state word (ACTIVE, HEALING, ...)
        HealthRole,                 // Health as int
    };
    enum class Health { Healthy, Changing, Unhealthy, Unknown };

    struct Row
    {
        QString key;
        bool external = false;
        QString name;
        QString state; // agent state, or for a connection: REACHABLE / UNREACHABLE / UNTESTED
        int brokers = 0;
        QString bootstrap;
        bool operator==(const Row &) const = default;
    };

    explicit ClusterListModel(QObject *parent = nullptr);

    // Replaces the local part with the agent's ClusterInfoList (sorted by name).
    void setLocalClusters(const QJsonArray &clusterInfoList);
    // Replaces the external part: name and bootstrap of each saved connection.
    void setExternalConnections(const QList<QPair<QString, QString>> &nameAndBootstrap);
    // Records the result of the last connection test of an external connection.
    void setConnectionReachable(const QString &name, bool reachable, int brokers);

    int localCount() const;
    int externalCount() const;
    const Row *rowFor(const QString &key) const;
    int rowOf(const QString &key) const;

    static Health healthOf(const QString &state);
    static QString stateText(const QString &state);
    static QColor healthColor(Health health);
    static QIcon healthIcon(Health health); // a coloured dot

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    // Makes rows [first, first + old count of that part) equal to `rows`.
    void replacePart(int first, int oldCount, const QList<Row> &rows);

    QList<Row> m_rows; // local rows first, then external rows
    int m_localCount = 0;
};

} // namespace runnel::ui
