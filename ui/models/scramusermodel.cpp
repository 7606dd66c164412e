#include "ui/models/scramusermodel.h"

#include <QJsonObject>

#include <algorithm>

namespace runnel::ui {

ScramUserModel::ScramUserModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ScramUserModel::setUsers(const QJsonArray &users)
{
    QList<User> list;
    for (const QJsonValue &v : users) {
        const QJsonObject o = v.toObject();
        User u;
        u.name = o.value(QStringLiteral("Username")).toString();
        u.superUser = o.value(QStringLiteral("SuperUser")).toBool();
        for (const QJsonValue &m : o.value(QStringLiteral("Mechanisms")).toArray()) {
            const QJsonObject mo = m.toObject();
            const int iterations = mo.value(QStringLiteral("Iterations")).toInt();
            const QString name = mo.value(QStringLiteral("Mechanism")).toString();
            u.mechanisms << (iterations > 0 ? tr("%1 (%2 iterations)").arg(name).arg(iterations)
                                            : name);
        }
        list.append(u);
    }
    std::sort(
        list.begin(), list.end(), [](const User &a, const User &b) { return a.name < b.name; });
    if (list == m_users)
        return;
    beginResetModel();
    m_users = std::move(list);
    endResetModel();
}

const ScramUserModel::User *ScramUserModel::user(const QString &name) const
{
    for (const User &u : m_users)
        if (u.name == name)
            return &u;
    return nullptr;
}

int ScramUserModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int ScramUserModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScramUserModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &u = m_users.at(index.row());
    if (role == UsernameRole)
        return u.name;
    if (role == SuperUserRole)
        return u.superUser;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case UsernameColumn:
        return u.name;
    case PrincipalColumn:
        return QStringLiteral("User:") + u.name;
    case MechanismsColumn:
        return u.mechanisms.join(QStringLiteral(", "));
    case SuperUserColumn:
        return u.superUser ? tr("Yes") : tr("No");
    }
    return {};
}

QVariant ScramUserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UsernameColumn:
        return tr("User name");
    case PrincipalColumn:
        return tr("Principal");
    case MechanismsColumn:
        return tr("Mechanisms");
    case SuperUserColumn:
        return tr("Super user");
    }
    return {};
}

} // namespace runnel::ui
