#pragma once

// ScramUserModel: the SCRAM users of one cluster, from the agent's ListScramUsers "Users"
// array: user name, mechanisms with their iteration counts, super user. Passwords are
// never part of it (the agent never returns them). GUI thread.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace runnel::ui {

class ScramUserModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { UsernameColumn, PrincipalColumn, MechanismsColumn, SuperUserColumn, ColumnCount };
    enum Role { UsernameRole = Qt::UserRole + 1, SuperUserRole };

    struct User
    {
        QString name;
        QStringList mechanisms; // "SCRAM-SHA-256 (4096 iterations)"
        bool superUser = false;
        bool operator==(const User &) const = default;
    };

    explicit ScramUserModel(QObject *parent = nullptr);

    void setUsers(const QJsonArray &users);
    const QList<User> &users() const { return m_users; }
    const User *user(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<User> m_users;
};

} // namespace runnel::ui
