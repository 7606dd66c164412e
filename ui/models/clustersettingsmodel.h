#pragma once

// ClusterSettingsModel: the wizard's "All cluster settings" table — every setting of a
// cluster to be created, its value, whether it can be changed after creation, and
// whether this version of Runnel applies it or it is fixed. Read-only. GUI thread.

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace runnel::ui {

class ClusterSettingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SettingColumn, ValueColumn, EditableColumn, ColumnCount };

    struct Setting
    {
        QString name;
        QString value;
        bool editableAfterCreate = false;
        bool operator==(const Setting &) const = default;
    };

    explicit ClusterSettingsModel(QObject *parent = nullptr);
    void setSettings(const QList<Setting> &settings);
    const QList<Setting> &settings() const { return m_settings; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Setting> m_settings;
};

} // namespace runnel::ui
