#include "ui/models/aclmodel.h"

#include <algorithm>

namespace runnel::ui {

AclEntry AclEntry::fromJson(const QJsonObject &acl)
{
    AclEntry e;
    e.resourceType = acl.value(QStringLiteral("ResourceType")).toString();
    e.resourceName = acl.value(QStringLiteral("ResourceName")).toString();
    e.patternType = acl.value(QStringLiteral("PatternType")).toString(QStringLiteral("LITERAL"));
    e.principal = acl.value(QStringLiteral("Principal")).toString();
    e.host = acl.value(QStringLiteral("Host")).toString(QStringLiteral("*"));
    e.operation = acl.value(QStringLiteral("Operation")).toString();
    e.permission = acl.value(QStringLiteral("PermissionType")).toString(QStringLiteral("ALLOW"));
    return e;
}

QJsonObject AclEntry::toJson() const
{
    return {{QStringLiteral("ResourceType"), resourceType},
            {QStringLiteral("ResourceName"), resourceName},
            {QStringLiteral("PatternType"), patternType},
            {QStringLiteral("Principal"), principal},
            {QStringLiteral("Host"), host},
            {QStringLiteral("Operation"), operation},
            {QStringLiteral("PermissionType"), permission}};
}

AclModel::AclModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AclModel::setAcls(const QJsonArray &acls)
{
    QList<AclEntry> entries;
    for (const QJsonValue &v : acls)
        entries.append(AclEntry::fromJson(v.toObject()));
    setEntries(std::move(entries));
}

void AclModel::setEntries(QList<AclEntry> entries)
{
    // A stable order: resource, then principal, operation and permission.
    std::sort(entries.begin(), entries.end(), [](const AclEntry &a, const AclEntry &b) {
        return std::tie(a.resourceType,
                        a.resourceName,
                        a.patternType,
                        a.principal,
                        a.host,
                        a.operation,
                        a.permission)
               < std::tie(b.resourceType,
                          b.resourceName,
                          b.patternType,
                          b.principal,
                          b.host,
                          b.operation,
                          b.permission);
    });
    if (entries == m_entries)
        return;
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void AclModel::clear()
{
    setEntries({});
}

int AclModel::rowOf(const AclEntry &entry) const
{
    return int(m_entries.indexOf(entry));
}

int AclModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AclModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AclModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AclEntry &e = m_entries.at(index.row());
    if (role == RowRole)
        return index.row();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case ResourceTypeColumn:
        return e.resourceType;
    case ResourceNameColumn:
        return e.resourceName;
    case PatternTypeColumn:
        return e.patternType;
    case PrincipalColumn:
        return e.principal;
    case HostColumn:
        return e.host;
    case OperationColumn:
        return e.operation;
    case PermissionColumn:
        return e.permission;
    }
    return {};
}

QVariant AclModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ResourceTypeColumn:
        return tr("Resource type");
    case ResourceNameColumn:
        return tr("Resource name");
    case PatternTypeColumn:
        return tr("Pattern type");
    case PrincipalColumn:
        return tr("Principal");
    case HostColumn:
        return tr("Host");
    case OperationColumn:
        return tr("Operation");
    case PermissionColumn:
        return tr("Permission");
    }
    return {};
}

} // namespace runnel::ui
