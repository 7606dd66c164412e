#pragma once

// AclModel: the ACL bindings of one cluster, from the agent's ListAcls "Acls" array (or
// the same shape built from a Kafka DescribeAcls answer). One row per binding: resource
// type, resource name, pattern type (LITERAL/PREFIXED), principal, host, operation and
// permission, in the wire names Kafka uses ("TOPIC", "WRITE", "ALLOW"). A refresh with
// the same bindings changes nothing; otherwise the model is reset. GUI thread.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace runnel::ui {

struct AclEntry
{
    QString resourceType; // TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER
    QString resourceName;
    QString patternType; // LITERAL or PREFIXED
    QString principal;   // User:alice
    QString host;        // * or an address
    QString operation;   // READ, WRITE, ..., ALL
    QString permission;  // ALLOW or DENY

    bool operator==(const AclEntry &) const = default;
    static AclEntry fromJson(const QJsonObject &acl);
    // The agent's CreateAcl/DeleteAcl parameters (without ClusterArn).
    QJsonObject toJson() const;
};

class AclModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ResourceTypeColumn,
        ResourceNameColumn,
        PatternTypeColumn,
        PrincipalColumn,
        HostColumn,
        OperationColumn,
        PermissionColumn,
        ColumnCount
    };
    // Qt::UserRole + 1 on any column: the row's index into entries().
    enum Role { RowRole = Qt::UserRole + 1 };

    explicit AclModel(QObject *parent = nullptr);

    void setAcls(const QJsonArray &acls);
    void setEntries(QList<AclEntry> entries);
    void clear();
    const QList<AclEntry> &entries() const { return m_entries; }
    int rowOf(const AclEntry &entry) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<AclEntry> m_entries;
};

} // namespace runnel::ui
