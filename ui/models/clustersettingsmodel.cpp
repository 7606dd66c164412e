#include "ui/models/clustersettingsmodel.h"

namespace runnel::ui {

ClusterSettingsModel::ClusterSettingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ClusterSettingsModel::setSettings(const QList<Setting> &settings)
{
    if (settings.size() != m_settings.size()) {
        beginResetModel();
        m_settings = settings;
        endResetModel();
        return;
    }
    for (int i = 0; i < settings.size(); ++i) {
        if (!(settings[i] == m_settings[i])) {
            m_settings[i] = settings[i];
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
}

int ClusterSettingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_settings.size());
}

int ClusterSettingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterSettingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Setting &s = m_settings[index.row()];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case SettingColumn:
            return s.name;
        case ValueColumn:
            return s.value;
        case EditableColumn:
            return s.editableAfterCreate ? tr("Yes") : tr("No");
        }
    }
    return {};
}

QVariant ClusterSettingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SettingColumn:
        return tr("Setting");
    case ValueColumn:
        return tr("Value");
    case EditableColumn:
        return tr("Editable after creation");
    }
    return {};
}

} // namespace runnel::ui
