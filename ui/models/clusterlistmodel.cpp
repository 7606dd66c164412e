#include "ui/models/clusterlistmodel.h"

#include <QHash>
#include <QIcon>
#include <QJsonObject>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace runnel::ui {

ClusterListModel::ClusterListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ClusterListModel::setLocalClusters(const QJsonArray &clusterInfoList)
{
    QList<Row> rows;
    for (const QJsonValue &v : clusterInfoList) {
        const QJsonObject o = v.toObject();
        Row r;
        r.key = o.value(QStringLiteral("ClusterArn")).toString();
        r.name = o.value(QStringLiteral("ClusterName")).toString();
        r.state = o.value(QStringLiteral("State")).toString();
        r.brokers = o.value(QStringLiteral("Provisioned"))
                        .toObject()
                        .value(QStringLiteral("NumberOfBrokerNodes"))
                        .toInt();
        r.bootstrap = o.value(QStringLiteral("BootstrapBrokerString")).toString();
        if (!r.key.isEmpty())
            rows.append(r);
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.name < b.name; });
    const int old = m_localCount;
    replacePart(0, old, rows);
    m_localCount = int(rows.size());
}

void ClusterListModel::setExternalConnections(
    const QList<QPair<QString, QString>> &nameAndBootstrap)
{
    QList<Row> rows;
    for (const auto &[name, bootstrap] : nameAndBootstrap) {
        Row r;
        r.key = name;
        r.external = true;
        r.name = name;
        r.bootstrap = bootstrap;
        r.state = QStringLiteral("UNTESTED");
        if (const Row *old = rowFor(name); old && old->external && old->bootstrap == bootstrap) {
            r.state = old->state;
            r.brokers = old->brokers;
        }
        rows.append(r);
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.name < b.name; });
    replacePart(m_localCount, int(m_rows.size()) - m_localCount, rows);
}

void ClusterListModel::setConnectionReachable(const QString &name, bool reachable, int brokers)
{
    for (int i = m_localCount; i < m_rows.size(); ++i) {
        if (m_rows[i].key == name) {
            m_rows[i].state
                = reachable ? QStringLiteral("REACHABLE") : QStringLiteral("UNREACHABLE");
            m_rows[i].brokers = brokers;
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
}

void ClusterListModel::replacePart(int first, int oldCount, const QList<Row> &rows)
{
    // Remove rows whose key is gone, from the end so indexes stay valid.
    for (int i = first + oldCount - 1; i >= first; --i) {
        const QString key = m_rows[i].key;
        const bool kept
            = std::any_of(rows.begin(), rows.end(), [&](const Row &r) { return r.key == key; });
        if (!kept) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
            --oldCount;
        }
    }
    // Now every remaining row is in `rows`; walk the wanted order, moving or inserting.
    for (int want = 0; want < rows.size(); ++want) {
        const int pos = first + want;
        int found = -1;
        for (int j = pos; j < first + oldCount; ++j) {
            if (m_rows[j].key == rows[want].key) {
                found = j;
                break;
            }
        }
        if (found < 0) {
            beginInsertRows({}, pos, pos);
            m_rows.insert(pos, rows[want]);
            endInsertRows();
            ++oldCount;
            continue;
        }
        if (found != pos) {
            beginMoveRows({}, found, found, {}, pos);
            m_rows.move(found, pos);
            endMoveRows();
        }
        if (!(m_rows[pos] == rows[want])) {
            m_rows[pos] = rows[want];
            emit dataChanged(index(pos, 0), index(pos, ColumnCount - 1));
        }
    }
}

int ClusterListModel::localCount() const
{
    return m_localCount;
}

int ClusterListModel::externalCount() const
{
    return int(m_rows.size()) - m_localCount;
}

const ClusterListModel::Row *ClusterListModel::rowFor(const QString &key) const
{
    const int i = rowOf(key);
    return i < 0 ? nullptr : &m_rows[i];
}

int ClusterListModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key)
            return i;
    }
    return -1;
}

ClusterListModel::Health ClusterListModel::healthOf(const QString &state)
{
    if (state == QLatin1String("ACTIVE") || state == QLatin1String("REACHABLE"))
        return Health::Healthy;
    if (state == QLatin1String("FAILED") || state == QLatin1String("UNREACHABLE"))
        return Health::Unhealthy;
    if (state == QLatin1String("UNTESTED") || state.isEmpty())
        return Health::Unknown;
    return Health::Changing; // CREATING, UPDATING, HEALING, REBOOTING_BROKER, DELETING, ...
}

QString ClusterListModel::stateText(const QString &state)
{
    if (state == QLatin1String("ACTIVE"))
        return tr("Active");
    if (state == QLatin1String("CREATING"))
        return tr("Creating");
    if (state == QLatin1String("UPDATING"))
        return tr("Updating");
    if (state == QLatin1String("MAINTENANCE"))
        return tr("Maintenance");
    if (state == QLatin1String("REBOOTING_BROKER"))
        return tr("Rebooting broker");
    if (state == QLatin1String("HEALING"))
        return tr("Healing");
    if (state == QLatin1String("DELETING"))
        return tr("Deleting");
    if (state == QLatin1String("FAILED"))
        return tr("Failed");
    if (state == QLatin1String("REACHABLE"))
        return tr("Reachable");
    if (state == QLatin1String("UNREACHABLE"))
        return tr("Unreachable");
    if (state == QLatin1String("UNTESTED"))
        return tr("Not tested");
    return state;
}

QColor ClusterListModel::healthColor(Health health)
{
    switch (health) {
    case Health::Healthy:
        return QColor(0x2e, 0xa0, 0x43);
    case Health::Changing:
        return QColor(0xd2, 0x99, 0x22);
    case Health::Unhealthy:
        return QColor(0xd1, 0x24, 0x2f);
    case Health::Unknown:
        break;
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QIcon ClusterListModel::healthIcon(Health health)
{
    static QHash<int, QIcon> cache;
    if (auto it = cache.constFind(int(health)); it != cache.constEnd())
        return it.value();
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(healthColor(health));
    painter.drawEllipse(QRectF(8, 8, 16, 16));
    painter.end();
    return cache.insert(int(health), QIcon(pixmap)).value();
}

int ClusterListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return r.name;
        case StateColumn:
            return stateText(r.state);
        case BrokersColumn:
            return r.brokers > 0 ? QVariant(r.brokers) : QVariant(QStringLiteral("—"));
        case BootstrapColumn:
            return r.bootstrap;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return healthIcon(healthOf(r.state));
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return r.external ? tr("External connection %1 (%2)").arg(r.name, r.bootstrap)
                              : tr("Local cluster %1").arg(r.key);
        break;
    case KeyRole:
        return r.key;
    case ExternalRole:
        return r.external;
    case RawStateRole:
        return r.state;
    case HealthRole:
        return int(healthOf(r.state));
    }
    return {};
}

QVariant ClusterListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Cluster");
    case StateColumn:
        return tr("State");
    case BrokersColumn:
        return tr("Brokers");
    case BootstrapColumn:
        return tr("Bootstrap servers");
    }
    return {};
}

} // namespace runnel::ui
