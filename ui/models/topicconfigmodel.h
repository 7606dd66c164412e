#pragma once

// A topic's configuration: every entry with its value and where it comes from (topic
// override, broker, default). The value column is editable; an edit makes the entry an
// override, and overrides() is what the page sends with AlterConfigs. GUI thread only.

#include "ui/kafka/kafkatypes.h"
#include "ui/models/topicrows.h"

namespace runnel::ui {

class TopicConfigModel : public RowsModel<ConfigEntry>
{
    Q_OBJECT

public:
    enum Column { Name, Value, Source, ColumnCount };

    explicit TopicConfigModel(QObject *parent = nullptr);
    void setEntries(const QList<ConfigEntry> &entries);
    // Makes `row` follow its default again (it is no longer sent as an override).
    void revertToDefault(int row);
    bool isModified() const { return m_modified; }
    QList<QPair<QString, QString>> overrides() const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool m_modified = false;
};

} // namespace runnel::ui
