#include "ui/models/topicconfigmodel.h"

#include <QFont>
#include <QPalette>

namespace runnel::ui {

TopicConfigModel::TopicConfigModel(QObject *parent)
    : RowsModel<ConfigEntry>(parent)
{}

void TopicConfigModel::setEntries(const QList<ConfigEntry> &entries)
{
    m_modified = false;
    replaceRows(entries, [](const ConfigEntry &e) { return e.name; });
}

void TopicConfigModel::revertToDefault(int row)
{
    if (row < 0 || row >= m_rows.size() || !m_rows.at(row).overridden())
        return;
    m_rows[row].source = ConfigEntry::Source::Default;
    m_rows[row].isDefault = true;
    m_modified = true;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QList<QPair<QString, QString>> TopicConfigModel::overrides() const
{
    QList<QPair<QString, QString>> out;
    for (const auto &e : m_rows)
        if (e.overridden())
            out.append({e.name, e.value});
    return out;
}

int TopicConfigModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString sourceName(ConfigEntry::Source s)
{
    switch (s) {
    case ConfigEntry::Source::TopicOverride:
        return TopicConfigModel::tr("Topic override");
    case ConfigEntry::Source::BrokerDynamic:
        return TopicConfigModel::tr("Broker (dynamic)");
    case ConfigEntry::Source::BrokerStatic:
        return TopicConfigModel::tr("Broker");
    case ConfigEntry::Source::Default:
        return TopicConfigModel::tr("Default");
    case ConfigEntry::Source::Unknown:
        break;
    }
    return TopicConfigModel::tr("Unknown");
}

QVariant TopicConfigModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ConfigEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case Name:
            return e.name;
        case Value:
            return e.sensitive && role == Qt::DisplayRole ? QStringLiteral("••••••") : e.value;
        case Source:
            return sourceName(e.source);
        }
        break;
    case Qt::FontRole:
        if (e.overridden()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::ToolTipRole:
        if (e.readOnly)
            return tr("Read-only: the cluster does not allow changing it per topic.");
        break;
    default:
        break;
    }
    return {};
}

bool TopicConfigModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole
        || index.column() != Value)
        return false;
    ConfigEntry &e = m_rows[index.row()];
    if (e.readOnly)
        return false;
    const QString v = value.toString().trimmed();
    if (v == e.value && e.overridden())
        return false;
    e.value = v;
    e.source = ConfigEntry::Source::TopicOverride;
    e.isDefault = false;
    m_modified = true;
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    return true;
}

Qt::ItemFlags TopicConfigModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Value && !m_rows.at(index.row()).readOnly)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant TopicConfigModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Setting");
    case Value:
        return tr("Value");
    case Source:
        return tr("Source");
    }
    return {};
}

} // namespace runnel::ui
