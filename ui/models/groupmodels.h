#pragma once

// The consumer-group tables: the group list (state, members, total lag), one group's
// members with their assignments, its committed offsets with lag now, and the dry-run
// plan of an offset reset. GUI thread only.

#include "ui/kafka/kafkatypes.h"
#include "ui/models/topicrows.h"

namespace runnel::ui {

class GroupListModel : public RowsModel<GroupSummary>
{
    Q_OBJECT

public:
    enum Column { GroupId, State, Members, TotalLag, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };
    explicit GroupListModel(QObject *parent = nullptr);
    // The state for people: translated, with Kafka's name (groupStateName) alongside.
    static QString stateText(GroupState state);
    void setGroups(const QList<GroupSummary> &groups);
    int rowOf(const QString &groupId) const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

class GroupMemberModel : public RowsModel<GroupMember>
{
    Q_OBJECT

public:
    enum Column { MemberId, ClientId, Host, Assignment, ColumnCount };
    explicit GroupMemberModel(QObject *parent = nullptr);
    void setMembers(const QList<GroupMember> &members);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

class GroupOffsetModel : public RowsModel<GroupOffset>
{
    Q_OBJECT

public:
    enum Column { Topic, Partition, Committed, EndOffset, Lag, ColumnCount };
    explicit GroupOffsetModel(QObject *parent = nullptr);
    void setOffsets(const QList<GroupOffset> &offsets);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

class GroupResetPlanModel : public RowsModel<OffsetResetRow>
{
    Q_OBJECT

public:
    enum Column { Topic, Partition, Current, Target, Change, ColumnCount };
    explicit GroupResetPlanModel(QObject *parent = nullptr);
    void setPlan(const QList<OffsetResetRow> &plan);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace runnel::ui
