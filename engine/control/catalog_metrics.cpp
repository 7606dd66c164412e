// The catalog's metric store and alarms (schema version 4): series, fine samples,
// 1-minute rollups, metric alarms and their history.

#include "engine/control/catalog.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace runnel::control {

namespace {

QString dimensionsText(const QJsonObject &dimensions)
{
    // QJsonObject keeps keys sorted, so equal dimension sets give equal text.
    return QString::fromUtf8(QJsonDocument(dimensions).toJson(QJsonDocument::Compact));
}

ControlError sqlError(const QString &what, const QSqlError &error)
{
    return ControlError::internal(
        QStringLiteral("The catalog could not %1: %2.").arg(what, error.text()));
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseTime(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

} // namespace

ControlStatus Catalog::updateClusterMonitoring(const QString &arn,
                                               const QString &enhancedMonitoring,
                                               bool jmxExporter,
                                               bool nodeExporter)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("UPDATE clusters SET enhanced_monitoring = ?, jmx_exporter = ?,"
                             " node_exporter = ? WHERE arn = ?"));
    q.addBindValue(enhancedMonitoring);
    q.addBindValue(jmxExporter ? 1 : 0);
    q.addBindValue(nodeExporter ? 1 : 0);
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the monitoring of %1").arg(arn), q.lastError());
    return Done{};
}

ControlResult<qint64>
Catalog::seriesId(const QString &clusterArn, const QString &metric, const QJsonObject &dimensions)
{
    const QString dims = dimensionsText(dimensions);
    const QString key = metric + QLatin1Char('\n') + dims;
    if (auto it = m_seriesIds.constFind(key); it != m_seriesIds.constEnd())
        return it.value();
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT id FROM metric_series WHERE metric = ? AND dimensions = ?"));
    q.addBindValue(metric);
    q.addBindValue(dims);
    if (q.exec() && q.next()) {
        const qint64 id = q.value(0).toLongLong();
        m_seriesIds.insert(key, id);
        return id;
    }
    q.prepare(QStringLiteral(
        "INSERT INTO metric_series (cluster_arn, metric, dimensions) VALUES (?, ?, ?)"));
    q.addBindValue(clusterArn);
    q.addBindValue(metric);
    q.addBindValue(dims);
    if (!q.exec())
        return sqlError(QStringLiteral("record metric series %1").arg(metric), q.lastError());
    const qint64 id = q.lastInsertId().toLongLong();
    m_seriesIds.insert(key, id);
    return id;
}

std::optional<MetricSeries> Catalog::findSeries(const QString &metric,
                                                const QJsonObject &dimensions) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT id, cluster_arn FROM metric_series"
                             " WHERE metric = ? AND dimensions = ?"));
    q.addBindValue(metric);
    q.addBindValue(dimensionsText(dimensions));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return MetricSeries{q.value(0).toLongLong(), q.value(1).toString(), metric, dimensions};
}

QList<MetricSeries> Catalog::metricSeries() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    QList<MetricSeries> out;
    if (!q.exec(QStringLiteral("SELECT id, cluster_arn, metric, dimensions FROM metric_series"
                               " ORDER BY metric, dimensions")))
        return out;
    while (q.next())
        out.append(MetricSeries{q.value(0).toLongLong(),
                                q.value(1).toString(),
                                q.value(2).toString(),
                                QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object()});
    return out;
}

ControlStatus Catalog::appendSamples(const QList<MetricPoint> &points)
{
    if (points.isEmpty())
        return Done{};
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    if (!db.transaction())
        return sqlError(QStringLiteral("start a transaction"), db.lastError());
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO metric_samples (series_id, time_ms, value) VALUES (?, ?, ?)"));
    for (const MetricPoint &p : points) {
        q.addBindValue(p.seriesId);
        q.addBindValue(p.timeMs);
        q.addBindValue(p.value);
        if (!q.exec()) {
            const QSqlError error = q.lastError();
            db.rollback();
            return sqlError(QStringLiteral("store metric samples"), error);
        }
    }
    if (!db.commit())
        return sqlError(QStringLiteral("store metric samples"), db.lastError());
    return Done{};
}

std::vector<metrics::TimedValue>
Catalog::samples(qint64 seriesId, qint64 startMs, qint64 endMs) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT time_ms, value FROM metric_samples WHERE series_id = ?"
                             " AND time_ms >= ? AND time_ms < ? ORDER BY time_ms"));
    q.addBindValue(seriesId);
    q.addBindValue(startMs);
    q.addBindValue(endMs);
    std::vector<metrics::TimedValue> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toDouble()});
    return out;
}

std::vector<metrics::Rollup> Catalog::rollups(qint64 seriesId, qint64 startMs, qint64 endMs) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT minute_ms, count, sum, min, max FROM metric_rollups"
                             " WHERE series_id = ? AND minute_ms >= ? AND minute_ms < ?"
                             " ORDER BY minute_ms"));
    q.addBindValue(seriesId);
    q.addBindValue(startMs);
    q.addBindValue(endMs);
    std::vector<metrics::Rollup> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(),
                       static_cast<uint64_t>(q.value(1).toLongLong()),
                       q.value(2).toDouble(),
                       q.value(3).toDouble(),
                       q.value(4).toDouble()});
    return out;
}

ControlStatus Catalog::rollUp(qint64 fromMs, qint64 toMs)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    // Whole minutes only; the same computation as metrics::rollUp().
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO metric_rollups (series_id, minute_ms, count, sum, min, max)"
        " SELECT series_id, (time_ms / 60000) * 60000, COUNT(*), SUM(value), MIN(value),"
        " MAX(value) FROM metric_samples WHERE time_ms >= ? AND time_ms < ?"
        " GROUP BY series_id, time_ms / 60000"));
    q.addBindValue(fromMs - fromMs % metrics::kMinuteMs);
    q.addBindValue(toMs - toMs % metrics::kMinuteMs);
    if (!q.exec())
        return sqlError(QStringLiteral("roll metric samples up"), q.lastError());
    return Done{};
}

ControlStatus Catalog::pruneMetrics(qint64 fineBeforeMs, qint64 rollupsBeforeMs)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("DELETE FROM metric_samples WHERE time_ms < ?"));
    q.addBindValue(fineBeforeMs);
    if (!q.exec())
        return sqlError(QStringLiteral("drop old metric samples"), q.lastError());
    q.prepare(QStringLiteral("DELETE FROM metric_rollups WHERE minute_ms < ?"));
    q.addBindValue(rollupsBeforeMs);
    if (!q.exec())
        return sqlError(QStringLiteral("drop old metric rollups"), q.lastError());
    if (!q.exec(QStringLiteral(
            "DELETE FROM metric_series WHERE id NOT IN (SELECT series_id FROM metric_rollups)"
            " AND id NOT IN (SELECT series_id FROM metric_samples)")))
        return sqlError(QStringLiteral("drop empty metric series"), q.lastError());
    if (q.numRowsAffected() > 0)
        m_seriesIds.clear();
    return Done{};
}

qint64 Catalog::sampleCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM metric_samples")) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

// --- alarms ------------------------------------------------------------------------------

ControlStatus Catalog::saveAlarm(const AlarmRecord &alarm)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO metric_alarms (name, definition, state,"
                             " state_reason, state_updated, configuration_updated)"
                             " VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(alarm.name);
    q.addBindValue(
        QString::fromUtf8(QJsonDocument(alarm.definition).toJson(QJsonDocument::Compact)));
    q.addBindValue(alarm.state);
    q.addBindValue(alarm.stateReason.isNull() ? QStringLiteral("") : alarm.stateReason);
    q.addBindValue(isoTime(alarm.stateUpdated));
    q.addBindValue(isoTime(alarm.configurationUpdated));
    if (!q.exec())
        return sqlError(QStringLiteral("record alarm %1").arg(alarm.name), q.lastError());
    return Done{};
}

QList<AlarmRecord> Catalog::alarms() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    QList<AlarmRecord> out;
    if (!q.exec(QStringLiteral("SELECT name, definition, state, state_reason, state_updated,"
                               " configuration_updated FROM metric_alarms ORDER BY name")))
        return out;
    while (q.next())
        out.append(AlarmRecord{q.value(0).toString(),
                               QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object(),
                               q.value(2).toString(),
                               q.value(3).toString(),
                               parseTime(q.value(4)),
                               parseTime(q.value(5))});
    return out;
}

std::optional<AlarmRecord> Catalog::alarm(const QString &name) const
{
    for (const AlarmRecord &a : alarms())
        if (a.name == name)
            return a;
    return std::nullopt;
}

ControlStatus Catalog::deleteAlarm(const QString &name)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("DELETE FROM metric_alarms WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return sqlError(QStringLiteral("delete alarm %1").arg(name), q.lastError());
    q.prepare(QStringLiteral("DELETE FROM alarm_history WHERE alarm_name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return sqlError(QStringLiteral("delete the history of alarm %1").arg(name), q.lastError());
    return Done{};
}

ControlStatus Catalog::appendAlarmHistory(const AlarmHistoryItem &item)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT INTO alarm_history (alarm_name, time, item_type, summary,"
                             " data) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(item.alarmName);
    q.addBindValue(isoTime(item.time));
    q.addBindValue(item.itemType);
    q.addBindValue(item.summary);
    q.addBindValue(item.data.isNull() ? QStringLiteral("") : item.data);
    if (!q.exec())
        return sqlError(QStringLiteral("record alarm history"), q.lastError());
    return Done{};
}

QList<AlarmHistoryItem> Catalog::alarmHistory(const QString &alarmName,
                                              const QString &itemType,
                                              const QDateTime &start,
                                              const QDateTime &end,
                                              int limit) const
{
    QStringList where;
    QVariantList binds;
    if (!alarmName.isEmpty()) {
        where << QStringLiteral("alarm_name = ?");
        binds << alarmName;
    }
    if (!itemType.isEmpty()) {
        where << QStringLiteral("item_type = ?");
        binds << itemType;
    }
    if (start.isValid()) {
        where << QStringLiteral("time >= ?");
        binds << isoTime(start);
    }
    if (end.isValid()) {
        where << QStringLiteral("time < ?");
        binds << isoTime(end);
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT alarm_name, time, item_type, summary, data FROM alarm_history"
                             " %1 ORDER BY id DESC LIMIT %2")
                  .arg(where.isEmpty()
                           ? QString()
                           : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
                  .arg(limit));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    QList<AlarmHistoryItem> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append(AlarmHistoryItem{q.value(0).toString(),
                                    parseTime(q.value(1)),
                                    q.value(2).toString(),
                                    q.value(3).toString(),
                                    q.value(4).toString()});
    return out;
}

} // namespace runnel::control
