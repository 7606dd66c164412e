#include "ui/models/groupmodels.h"

#include <QStringList>

namespace runnel::ui {

static QVariant rightAligned()
{
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
}

// --- GroupListModel ---

GroupListModel::GroupListModel(QObject *parent)
    : RowsModel<GroupSummary>(parent)
{}

void GroupListModel::setGroups(const QList<GroupSummary> &groups)
{
    replaceRows(groups, [](const GroupSummary &g) { return g.groupId; });
}

int GroupListModel::rowOf(const QString &groupId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).groupId == groupId)
            return i;
    return -1;
}

QString GroupListModel::stateText(GroupState state)
{
    switch (state) {
    case GroupState::PreparingRebalance:
        return tr("Rebalancing (PreparingRebalance)");
    case GroupState::CompletingRebalance:
        return tr("Rebalancing (CompletingRebalance)");
    case GroupState::Stable:
        return tr("Stable");
    case GroupState::Dead:
        return tr("Dead");
    case GroupState::Empty:
        return tr("Empty (no members)");
    case GroupState::Unknown:
        break;
    }
    return tr("Unknown");
}

int GroupListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const GroupSummary &g = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
        case GroupId:
            return g.groupId;
        case State:
            return role == SortRole ? groupStateName(g.state) : stateText(g.state);
        case Members:
            return g.memberCount;
        case TotalLag:
            return role == SortRole ? QVariant(g.totalLag) : QVariant(formatCount(g.totalLag));
        }
    }
    if (role == Qt::ToolTipRole && !g.error.isEmpty())
        return g.error;
    if (role == Qt::ToolTipRole && index.column() == GroupId)
        return g.groupId; // the column may be too narrow for a long id
    if (role == Qt::TextAlignmentRole && (index.column() == Members || index.column() == TotalLag))
        return rightAligned();
    return {};
}

QVariant GroupListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GroupId:
        return tr("Group");
    case State:
        return tr("State");
    case Members:
        return tr("Members");
    case TotalLag:
        return tr("Total lag");
    }
    return {};
}

// --- GroupMemberModel ---

GroupMemberModel::GroupMemberModel(QObject *parent)
    : RowsModel<GroupMember>(parent)
{}

void GroupMemberModel::setMembers(const QList<GroupMember> &members)
{
    replaceRows(members, [](const GroupMember &m) { return m.memberId; });
}

int GroupMemberModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupMemberModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const GroupMember &m = m_rows.at(index.row());
    switch (index.column()) {
    case MemberId:
        return m.memberId;
    case ClientId:
        return m.clientId;
    case Host:
        return m.host;
    case Assignment: {
        QStringList parts;
        for (const auto &tp : m.assignment)
            parts.append(QStringLiteral("%1[%2]").arg(tp.topic).arg(tp.partition));
        return parts.join(QLatin1String(", "));
    }
    }
    return {};
}

QVariant GroupMemberModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MemberId:
        return tr("Member");
    case ClientId:
        return tr("Client id");
    case Host:
        return tr("Host");
    case Assignment:
        return tr("Assigned partitions");
    }
    return {};
}

// --- GroupOffsetModel ---

GroupOffsetModel::GroupOffsetModel(QObject *parent)
    : RowsModel<GroupOffset>(parent)
{}

void GroupOffsetModel::setOffsets(const QList<GroupOffset> &offsets)
{
    replaceRows(offsets, [](const GroupOffset &o) {
        return TopicPartitionKey{o.topic, o.partition};
    });
}

int GroupOffsetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupOffsetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const GroupOffset &o = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Topic:
            return o.topic;
        case Partition:
            return o.partition;
        case Committed:
            return formatCount(o.committed);
        case EndOffset:
            return formatCount(o.endOffset);
        case Lag:
            return formatCount(o.lag());
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Topic)
        return rightAligned();
    return {};
}

QVariant GroupOffsetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Committed:
        return tr("Committed");
    case EndOffset:
        return tr("End offset");
    case Lag:
        return tr("Lag");
    }
    return {};
}

// --- GroupResetPlanModel ---

GroupResetPlanModel::GroupResetPlanModel(QObject *parent)
    : RowsModel<OffsetResetRow>(parent)
{}

void GroupResetPlanModel::setPlan(const QList<OffsetResetRow> &plan)
{
    replaceRows(plan, [](const OffsetResetRow &r) {
        return TopicPartitionKey{r.topic, r.partition};
    });
}

int GroupResetPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupResetPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const OffsetResetRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Topic:
            return r.topic;
        case Partition:
            return r.partition;
        case Current:
            return r.current < 0 ? tr("none") : formatCount(r.current);
        case Target:
            return formatCount(r.target);
        case Change:
            if (r.current < 0)
                return QString(QChar(0x2014));
            return r.target >= r.current ? QStringLiteral("+%1").arg(r.target - r.current)
                                         : QString::number(r.target - r.current);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Topic)
        return rightAligned();
    return {};
}

QVariant GroupResetPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Current:
        return tr("Committed now");
    case Target:
        return tr("After reset");
    case Change:
        return tr("Change");
    }
    return {};
}

} // namespace runnel::ui
