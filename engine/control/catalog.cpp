#include "engine/control/catalog.h"

#include <QAtomicInteger>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace runnel::control {

namespace {

QAtomicInteger<int> g_connectionCounter;

// Migration N takes the schema from version N-1 to N. Never edit a published one:
// add the next.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list = {
        // 1: clusters, brokers, operations, audit log.
        {
            QStringLiteral("CREATE TABLE clusters ("
                           " arn TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " state TEXT NOT NULL,"
                           " broker_count INTEGER NOT NULL,"
                           " created_at TEXT NOT NULL,"
                           " data_dir TEXT NOT NULL,"
                           " configuration TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE brokers ("
                           " cluster_arn TEXT NOT NULL REFERENCES clusters(arn) ON DELETE CASCADE,"
                           " node_id INTEGER NOT NULL,"
                           " port INTEGER NOT NULL,"
                           " pid INTEGER NOT NULL DEFAULT 0,"
                           " state TEXT NOT NULL,"
                           " PRIMARY KEY (cluster_arn, node_id))"),
            QStringLiteral("CREATE TABLE cluster_operations ("
                           " arn TEXT PRIMARY KEY,"
                           " cluster_arn TEXT NOT NULL,"
                           " type TEXT NOT NULL,"
                           " state TEXT NOT NULL,"
                           " started_at TEXT NOT NULL,"
                           " ended_at TEXT,"
                           " error TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE operation_steps ("
                           " operation_arn TEXT NOT NULL"
                           "  REFERENCES cluster_operations(arn) ON DELETE CASCADE,"
                           " seq INTEGER NOT NULL,"
                           " name TEXT NOT NULL,"
                           " status TEXT NOT NULL,"
                           " progress INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (operation_arn, seq))"),
            QStringLiteral("CREATE TABLE audit_events ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " time TEXT NOT NULL,"
                           " caller TEXT NOT NULL,"
                           " operation TEXT NOT NULL,"
                           " cluster_arn TEXT NOT NULL DEFAULT '',"
                           " parameters TEXT NOT NULL,"
                           " result TEXT NOT NULL,"
                           " message TEXT NOT NULL DEFAULT '')"),
        },
        // 2: count healed crashes per broker; index the audit log by time and operation.
        {
            QStringLiteral("ALTER TABLE brokers ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX audit_events_time ON audit_events(time)"),
            QStringLiteral("CREATE INDEX audit_events_operation ON audit_events(operation)"),
            QStringLiteral("CREATE INDEX cluster_operations_cluster"
                           " ON cluster_operations(cluster_arn, started_at)"),
        },
        // 3: configurations with revisions; which revision a cluster runs.
        {
            QStringLiteral("CREATE TABLE configurations ("
                           " arn TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " created_at TEXT NOT NULL,"
                           " latest_revision INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE configuration_revisions ("
                           " configuration_arn TEXT NOT NULL"
                           "  REFERENCES configurations(arn) ON DELETE CASCADE,"
                           " revision INTEGER NOT NULL,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " server_properties TEXT NOT NULL,"
                           " created_at TEXT NOT NULL,"
                           " PRIMARY KEY (configuration_arn, revision))"),
            QStringLiteral(
                "ALTER TABLE clusters ADD COLUMN configuration_arn TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE clusters ADD COLUMN configuration_revision INTEGER NOT NULL"
                           " DEFAULT 0"),
        },
        // 4: metrics. Each broker's metrics port; each cluster's monitoring settings;
        // metric series (metric + dimensions), fine samples, 1-minute rollups; alarms and
        // their history.
        {
            QStringLiteral(
                "ALTER TABLE brokers ADD COLUMN metrics_port INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE clusters ADD COLUMN enhanced_monitoring TEXT NOT NULL"
                           " DEFAULT 'DEFAULT'"),
            QStringLiteral(
                "ALTER TABLE clusters ADD COLUMN jmx_exporter INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral(
                "ALTER TABLE clusters ADD COLUMN node_exporter INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE TABLE metric_series ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " cluster_arn TEXT NOT NULL,"
                           " metric TEXT NOT NULL,"
                           " dimensions TEXT NOT NULL,"
                           " UNIQUE (metric, dimensions))"),
            QStringLiteral("CREATE TABLE metric_samples ("
                           " series_id INTEGER NOT NULL REFERENCES metric_series(id)"
                           "  ON DELETE CASCADE,"
                           " time_ms INTEGER NOT NULL,"
                           " value REAL NOT NULL)"),
            QStringLiteral(
                "CREATE INDEX metric_samples_series_time ON metric_samples(series_id, time_ms)"),
            QStringLiteral("CREATE INDEX metric_samples_time ON metric_samples(time_ms)"),
            QStringLiteral("CREATE TABLE metric_rollups ("
                           " series_id INTEGER NOT NULL REFERENCES metric_series(id)"
                           "  ON DELETE CASCADE,"
                           " minute_ms INTEGER NOT NULL,"
                           " count INTEGER NOT NULL,"
                           " sum REAL NOT NULL,"
                           " min REAL NOT NULL,"
                           " max REAL NOT NULL,"
                           " PRIMARY KEY (series_id, minute_ms))"),
            QStringLiteral("CREATE TABLE metric_alarms ("
                           " name TEXT PRIMARY KEY,"
                           " definition TEXT NOT NULL,"
                           " state TEXT NOT NULL,"
                           " state_reason TEXT NOT NULL DEFAULT '',"
                           " state_updated TEXT NOT NULL,"
                           " configuration_updated TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE alarm_history ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " alarm_name TEXT NOT NULL,"
                           " time TEXT NOT NULL,"
                           " item_type TEXT NOT NULL,"
                           " summary TEXT NOT NULL,"
                           " data TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX alarm_history_time ON alarm_history(alarm_name, time)"),
        },
        // 5 (security): each cluster's ClientAuthentication, EncryptionInfo and super users
        // as JSON (ClusterSecurity); no row means a PLAINTEXT cluster.
        {
            QStringLiteral("CREATE TABLE cluster_security ("
                           " cluster_arn TEXT PRIMARY KEY,"
                           " settings TEXT NOT NULL)"),
        },
        // 6: storage. Each cluster's per-broker volume size (MiB, 0 = unlimited) and its
        // storage auto-scaling policy (target utilisation 0 = none).
        {
            QStringLiteral("ALTER TABLE clusters ADD COLUMN volume_mib INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE clusters ADD COLUMN autoscaling_target INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("ALTER TABLE clusters ADD COLUMN autoscaling_max_mib INTEGER NOT NULL"
                           " DEFAULT 0"),
        },
        // 7 (multi-broker clusters): each broker's CONTROLLER (metadata quorum) port; 0
        // for brokers of one-broker clusters, which run no quorum.
        {
            QStringLiteral(
                "ALTER TABLE brokers ADD COLUMN controller_port INTEGER NOT NULL DEFAULT 0"),
        },
        // 8 (UpdateBrokerCount): brokers added to a running cluster are broker-only members
        // (process.roles=broker, Raft observers), not voters of the metadata quorum.
        {
            QStringLiteral("ALTER TABLE brokers ADD COLUMN broker_only INTEGER NOT NULL DEFAULT 0"),
        },
    };
    return list;
}

// SQLite stores a null QString as NULL; the catalog's text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
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

ControlError sqlError(const QString &what, const QSqlError &error)
{
    return ControlError::internal(
        QStringLiteral("The catalog could not %1: %2.").arg(what, error.text()));
}

QJsonValue redactValue(const QString &key, const QJsonValue &value);

QJsonArray redactArray(const QString &key, const QJsonArray &array)
{
    QJsonArray out;
    for (const QJsonValue &item : array)
        out.append(redactValue(key, item));
    return out;
}

QJsonValue redactValue(const QString &key, const QJsonValue &value)
{
    if (value.isObject())
        return Catalog::redact(value.toObject());
    if (value.isArray())
        return redactArray(key, value.toArray());
    if (Catalog::isSecretKey(key))
        return Catalog::redactedMarker();
    if (value.isString() && key.contains(QStringLiteral("propert"), Qt::CaseInsensitive))
        return Catalog::redactProperties(value.toString());
    return value;
}

} // namespace

Catalog::Catalog()
    : m_connectionName(
        QStringLiteral("runnel-catalog-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1)))
{}

Catalog::~Catalog()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

ControlStatus Catalog::open(const QString &path, int targetVersion)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return ControlError::internal(QStringLiteral(
            "Qt's SQLite driver is not installed (Debian package libqt6sql6-sqlite)."));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return sqlError(QStringLiteral("open %1").arg(path), db.lastError());
    m_path = path;
    QSqlQuery q(db);
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=2000"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return sqlError(QStringLiteral("configure SQLite"), q.lastError());
    }
    return migrate(targetVersion);
}

int Catalog::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

ControlStatus Catalog::migrate(int targetVersion)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")))
        return sqlError(QStringLiteral("create the version table"), q.lastError());
    int version = schemaVersion();
    if (version > kSchemaVersion)
        return ControlError::internal(
            QStringLiteral("The catalog %1 has schema version %2, newer than this runnel-agent "
                           "understands (%3); use a newer Runnel or another RUNNEL_DATA_DIR.")
                .arg(m_path)
                .arg(version)
                .arg(kSchemaVersion));
    while (version < targetVersion && version < migrations().size()) {
        if (!db.transaction())
            return sqlError(QStringLiteral("start a migration"), db.lastError());
        for (const QString &statement : migrations().at(version)) {
            if (!q.exec(statement)) {
                const QSqlError error = q.lastError();
                db.rollback();
                return sqlError(QStringLiteral("migrate to version %1").arg(version + 1), error);
            }
        }
        const bool stored
            = version == 0
                  ? q.exec(QStringLiteral("INSERT INTO schema_version VALUES (1)"))
                  : q.exec(
                      QStringLiteral("UPDATE schema_version SET version = %1").arg(version + 1));
        if (!stored || !db.commit()) {
            const QSqlError error = q.lastError();
            db.rollback();
            return sqlError(QStringLiteral("record schema version %1").arg(version + 1), error);
        }
        ++version;
    }
    return Done{};
}

ControlStatus Catalog::insertCluster(const ClusterRecord &cluster)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT INTO clusters (arn, name, state, broker_count, created_at,"
                             " data_dir, configuration, configuration_arn, configuration_revision,"
                             " enhanced_monitoring, jmx_exporter, node_exporter, volume_mib,"
                             " autoscaling_target, autoscaling_max_mib)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(cluster.arn);
    q.addBindValue(cluster.name);
    q.addBindValue(toString(cluster.state));
    q.addBindValue(cluster.brokerCount);
    q.addBindValue(isoTime(cluster.createdAt));
    q.addBindValue(cluster.dataDir);
    q.addBindValue(text(cluster.configuration));
    q.addBindValue(text(cluster.configurationArn));
    q.addBindValue(cluster.configurationRevision);
    q.addBindValue(text(cluster.enhancedMonitoring));
    q.addBindValue(cluster.jmxExporter ? 1 : 0);
    q.addBindValue(cluster.nodeExporter ? 1 : 0);
    q.addBindValue(cluster.volumeSizeMiB);
    q.addBindValue(cluster.autoScalingTargetUtilization);
    q.addBindValue(cluster.autoScalingMaxVolumeSizeMiB);
    if (!q.exec())
        return sqlError(QStringLiteral("record cluster %1").arg(cluster.name), q.lastError());
    return Done{};
}

ControlStatus Catalog::updateClusterBrokerCount(const QString &arn, int brokerCount)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("UPDATE clusters SET broker_count = ? WHERE arn = ?"));
    q.addBindValue(brokerCount);
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the broker count of %1").arg(arn), q.lastError());
    return Done{};
}

ControlStatus Catalog::updateClusterVolumeSize(const QString &arn, qint64 volumeSizeMiB)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("UPDATE clusters SET volume_mib = ? WHERE arn = ?"));
    q.addBindValue(volumeSizeMiB);
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the volume size of %1").arg(arn), q.lastError());
    return Done{};
}

ControlStatus Catalog::updateClusterStorageAutoScaling(const QString &arn,
                                                       int targetUtilization,
                                                       qint64 maxVolumeSizeMiB)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral(
        "UPDATE clusters SET autoscaling_target = ?, autoscaling_max_mib = ? WHERE arn = ?"));
    q.addBindValue(targetUtilization);
    q.addBindValue(maxVolumeSizeMiB);
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the storage auto-scaling of %1").arg(arn),
                        q.lastError());
    return Done{};
}

ControlStatus Catalog::updateClusterState(const QString &arn, ClusterState state)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("UPDATE clusters SET state = ? WHERE arn = ?"));
    q.addBindValue(toString(state));
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the state of %1").arg(arn), q.lastError());
    return Done{};
}

ControlStatus Catalog::deleteCluster(const QString &arn)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("DELETE FROM clusters WHERE arn = ?"));
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("delete %1").arg(arn), q.lastError());
    return Done{};
}

QList<ClusterRecord> Catalog::queryClusters(const QString &where, const QString &value) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT arn, name, state, broker_count, created_at, data_dir,"
                             " configuration, configuration_arn, configuration_revision,"
                             " enhanced_monitoring, jmx_exporter, node_exporter, volume_mib,"
                             " autoscaling_target, autoscaling_max_mib"
                             " FROM clusters %1 ORDER BY created_at, name")
                  .arg(where));
    if (!where.isEmpty())
        q.addBindValue(value);
    QList<ClusterRecord> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        ClusterRecord c;
        c.arn = q.value(0).toString();
        c.name = q.value(1).toString();
        c.state = clusterStateFromString(q.value(2).toString()).value_or(ClusterState::Failed);
        c.brokerCount = q.value(3).toInt();
        c.createdAt = parseTime(q.value(4));
        c.dataDir = q.value(5).toString();
        c.configuration = q.value(6).toString();
        c.configurationArn = q.value(7).toString();
        c.configurationRevision = q.value(8).toInt();
        c.enhancedMonitoring = q.value(9).toString();
        c.jmxExporter = q.value(10).toInt() != 0;
        c.nodeExporter = q.value(11).toInt() != 0;
        c.volumeSizeMiB = q.value(12).toLongLong();
        c.autoScalingTargetUtilization = q.value(13).toInt();
        c.autoScalingMaxVolumeSizeMiB = q.value(14).toLongLong();
        out.append(c);
    }
    return out;
}

std::optional<ClusterRecord> Catalog::cluster(const QString &arn) const
{
    const auto list = queryClusters(QStringLiteral("WHERE arn = ?"), arn);
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

std::optional<ClusterRecord> Catalog::clusterByName(const QString &name) const
{
    const auto list = queryClusters(QStringLiteral("WHERE name = ?"), name);
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

QList<ClusterRecord> Catalog::clusters() const
{
    return queryClusters({}, {});
}

ControlStatus Catalog::updateClusterConfiguration(const QString &arn,
                                                  const QString &configText,
                                                  const QString &configurationArn,
                                                  int revision)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("UPDATE clusters SET configuration = ?, configuration_arn = ?,"
                             " configuration_revision = ? WHERE arn = ?"));
    q.addBindValue(text(configText));
    q.addBindValue(text(configurationArn));
    q.addBindValue(revision);
    q.addBindValue(arn);
    if (!q.exec())
        return sqlError(QStringLiteral("update the configuration of %1").arg(arn), q.lastError());
    return Done{};
}

ControlStatus Catalog::insertConfiguration(const ConfigurationRecord &configuration,
                                           const ConfigurationRevision &first)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    if (!db.transaction())
        return sqlError(QStringLiteral("start a transaction"), db.lastError());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO configurations (arn, name, description, created_at,"
                             " latest_revision) VALUES (?, ?, ?, ?, 1)"));
    q.addBindValue(configuration.arn);
    q.addBindValue(configuration.name);
    q.addBindValue(text(configuration.description));
    q.addBindValue(isoTime(configuration.createdAt));
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("INSERT INTO configuration_revisions (configuration_arn, revision,"
                                 " description, server_properties, created_at)"
                                 " VALUES (?, 1, ?, ?, ?)"));
        q.addBindValue(configuration.arn);
        q.addBindValue(text(first.description));
        q.addBindValue(text(first.serverProperties));
        q.addBindValue(isoTime(first.createdAt));
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QSqlError error = q.lastError();
        db.rollback();
        return sqlError(QStringLiteral("record configuration %1").arg(configuration.name), error);
    }
    return Done{};
}

ControlResult<int> Catalog::addRevision(const QString &configurationArn,
                                        const ConfigurationRevision &revision)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    if (!db.transaction())
        return sqlError(QStringLiteral("start a transaction"), db.lastError());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE configurations SET latest_revision = latest_revision + 1"
                             " WHERE arn = ?"));
    q.addBindValue(configurationArn);
    bool ok = q.exec() && q.numRowsAffected() == 1;
    int number = 0;
    if (ok) {
        q.prepare(QStringLiteral("SELECT latest_revision FROM configurations WHERE arn = ?"));
        q.addBindValue(configurationArn);
        ok = q.exec() && q.next();
        number = ok ? q.value(0).toInt() : 0;
    }
    if (ok) {
        q.prepare(QStringLiteral("INSERT INTO configuration_revisions (configuration_arn, revision,"
                                 " description, server_properties, created_at)"
                                 " VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(configurationArn);
        q.addBindValue(number);
        q.addBindValue(text(revision.description));
        q.addBindValue(text(revision.serverProperties));
        q.addBindValue(isoTime(revision.createdAt));
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QSqlError error = q.lastError();
        db.rollback();
        return sqlError(QStringLiteral("add a revision to %1").arg(configurationArn), error);
    }
    return number;
}

QList<ConfigurationRecord> Catalog::queryConfigurations(const QString &where,
                                                        const QString &value) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT arn, name, description, created_at, latest_revision"
                             " FROM configurations %1 ORDER BY created_at, name")
                  .arg(where));
    if (!where.isEmpty())
        q.addBindValue(value);
    QList<ConfigurationRecord> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        ConfigurationRecord c;
        c.arn = q.value(0).toString();
        c.name = q.value(1).toString();
        c.description = q.value(2).toString();
        c.createdAt = parseTime(q.value(3));
        c.latestRevision = q.value(4).toInt();
        out.append(c);
    }
    return out;
}

std::optional<ConfigurationRecord> Catalog::configuration(const QString &arn) const
{
    const auto list = queryConfigurations(QStringLiteral("WHERE arn = ?"), arn);
    return list.isEmpty() ? std::nullopt : std::optional(list.first());
}

std::optional<ConfigurationRecord> Catalog::configurationByName(const QString &name) const
{
    const auto list = queryConfigurations(QStringLiteral("WHERE name = ?"), name);
    return list.isEmpty() ? std::nullopt : std::optional(list.first());
}

QList<ConfigurationRecord> Catalog::configurations() const
{
    return queryConfigurations({}, {});
}

QList<ConfigurationRevision> Catalog::revisions(const QString &configurationArn) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT revision, description, server_properties, created_at"
                             " FROM configuration_revisions WHERE configuration_arn = ?"
                             " ORDER BY revision"));
    q.addBindValue(configurationArn);
    QList<ConfigurationRevision> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append(ConfigurationRevision{q.value(0).toInt(),
                                         q.value(1).toString(),
                                         q.value(2).toString(),
                                         parseTime(q.value(3))});
    return out;
}

ControlStatus Catalog::upsertBroker(const BrokerRecord &broker)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO brokers (cluster_arn, node_id, port, pid,"
                             " state, restarts, metrics_port, controller_port, broker_only)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(broker.clusterArn);
    q.addBindValue(broker.nodeId.value);
    q.addBindValue(broker.port);
    q.addBindValue(broker.pid);
    q.addBindValue(toString(broker.state));
    q.addBindValue(broker.restarts);
    q.addBindValue(broker.metricsPort);
    q.addBindValue(broker.controllerPort);
    q.addBindValue(broker.brokerOnly ? 1 : 0);
    if (!q.exec())
        return sqlError(QStringLiteral("record broker %1").arg(broker.nodeId.value), q.lastError());
    return Done{};
}

ControlStatus Catalog::deleteBroker(const QString &clusterArn, BrokerId nodeId)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("DELETE FROM brokers WHERE cluster_arn = ? AND node_id = ?"));
    q.addBindValue(clusterArn);
    q.addBindValue(nodeId.value);
    if (!q.exec())
        return sqlError(QStringLiteral("delete broker %1").arg(nodeId.value), q.lastError());
    return Done{};
}

QList<BrokerRecord> Catalog::queryBrokers(const QString &where, const QString &clusterArn) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT cluster_arn, node_id, port, pid, state, restarts,"
                             " metrics_port, controller_port, broker_only FROM brokers %1"
                             " ORDER BY cluster_arn, node_id")
                  .arg(where));
    if (!where.isEmpty())
        q.addBindValue(clusterArn);
    QList<BrokerRecord> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        BrokerRecord b;
        b.clusterArn = q.value(0).toString();
        b.nodeId = BrokerId{q.value(1).toInt()};
        b.port = static_cast<quint16>(q.value(2).toUInt());
        b.pid = q.value(3).toLongLong();
        b.state = brokerStateFromString(q.value(4).toString()).value_or(BrokerState::Stopped);
        b.restarts = q.value(5).toInt();
        b.metricsPort = static_cast<quint16>(q.value(6).toUInt());
        b.controllerPort = static_cast<quint16>(q.value(7).toUInt());
        b.brokerOnly = q.value(8).toInt() != 0;
        out.append(b);
    }
    return out;
}

QList<BrokerRecord> Catalog::brokers(const QString &clusterArn) const
{
    return queryBrokers(QStringLiteral("WHERE cluster_arn = ?"), clusterArn);
}

QList<BrokerRecord> Catalog::allBrokers() const
{
    return queryBrokers({}, {});
}

ControlStatus Catalog::saveOperation(const ClusterOperation &operation)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    if (!db.transaction())
        return sqlError(QStringLiteral("start a transaction"), db.lastError());
    QSqlQuery q(db);
    auto fail = [&](const QString &what) -> ControlStatus {
        const QSqlError error = q.lastError();
        db.rollback();
        return sqlError(what, error);
    };
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO cluster_operations (arn, cluster_arn, type,"
                             " state, started_at, ended_at, error) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(operation.arn);
    q.addBindValue(operation.clusterArn);
    q.addBindValue(operation.type);
    q.addBindValue(operation.state);
    q.addBindValue(isoTime(operation.startedAt));
    q.addBindValue(operation.endedAt.isValid() ? QVariant(isoTime(operation.endedAt)) : QVariant());
    q.addBindValue(text(operation.error));
    if (!q.exec())
        return fail(QStringLiteral("record operation %1").arg(operation.arn));
    q.prepare(QStringLiteral("DELETE FROM operation_steps WHERE operation_arn = ?"));
    q.addBindValue(operation.arn);
    if (!q.exec())
        return fail(QStringLiteral("replace the steps of %1").arg(operation.arn));
    for (qsizetype i = 0; i < operation.steps.size(); ++i) {
        const OperationStep &step = operation.steps.at(i);
        q.prepare(QStringLiteral("INSERT INTO operation_steps (operation_arn, seq, name, status,"
                                 " progress) VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(operation.arn);
        q.addBindValue(static_cast<int>(i));
        q.addBindValue(step.name);
        q.addBindValue(step.status);
        q.addBindValue(step.progress);
        if (!q.exec())
            return fail(QStringLiteral("record a step of %1").arg(operation.arn));
    }
    if (!db.commit())
        return fail(QStringLiteral("commit operation %1").arg(operation.arn));
    return Done{};
}

QList<ClusterOperation> Catalog::operations(const QString &clusterArn) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT arn, cluster_arn, type, state, started_at, ended_at, error"
                             " FROM cluster_operations WHERE cluster_arn = ?"
                             " ORDER BY started_at DESC, rowid DESC"));
    q.addBindValue(clusterArn);
    QList<ClusterOperation> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        ClusterOperation op;
        op.arn = q.value(0).toString();
        op.clusterArn = q.value(1).toString();
        op.type = q.value(2).toString();
        op.state = q.value(3).toString();
        op.startedAt = parseTime(q.value(4));
        op.endedAt = parseTime(q.value(5));
        op.error = q.value(6).toString();
        out.append(op);
    }
    QSqlQuery steps(db);
    for (ClusterOperation &op : out) {
        steps.prepare(QStringLiteral("SELECT name, status, progress FROM operation_steps"
                                     " WHERE operation_arn = ? ORDER BY seq"));
        steps.addBindValue(op.arn);
        if (!steps.exec())
            continue;
        while (steps.next())
            op.steps.append(OperationStep{
                steps.value(0).toString(), steps.value(1).toString(), steps.value(2).toInt()});
    }
    return out;
}

ControlResult<qint64> Catalog::appendAudit(const AuditEvent &event)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT INTO audit_events (time, caller, operation, cluster_arn,"
                             " parameters, result, message) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const QDateTime time = event.time.isValid() ? event.time : QDateTime::currentDateTimeUtc();
    q.addBindValue(isoTime(time));
    q.addBindValue(text(event.caller));
    q.addBindValue(text(event.operation));
    q.addBindValue(text(event.clusterArn));
    q.addBindValue(
        QString::fromUtf8(QJsonDocument(redact(event.parameters)).toJson(QJsonDocument::Compact)));
    q.addBindValue(text(event.result));
    q.addBindValue(text(event.message));
    if (!q.exec())
        return sqlError(QStringLiteral("append to the audit log"), q.lastError());
    return q.lastInsertId().toLongLong();
}

QList<AuditEvent> Catalog::auditEvents(const AuditQuery &query) const
{
    QStringList where;
    QVariantList binds;
    if (!query.operation.isEmpty()) {
        where << QStringLiteral("operation = ?");
        binds << query.operation;
    }
    if (!query.clusterArn.isEmpty()) {
        where << QStringLiteral("cluster_arn = ?");
        binds << query.clusterArn;
    }
    if (!query.clusterName.isEmpty()) {
        // Cluster names are letters, digits and hyphens, so no LIKE wildcard can hide in one.
        where << QStringLiteral("cluster_arn LIKE ?");
        binds << QStringLiteral("arn:runnel:kafka:local:cluster/%1/%").arg(query.clusterName);
    }
    if (query.since.isValid()) {
        where << QStringLiteral("time >= ?");
        binds << isoTime(query.since);
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    // The newest `limit` events, returned oldest first.
    q.prepare(QStringLiteral("SELECT * FROM (SELECT id, time, caller, operation, cluster_arn,"
                             " parameters, result, message FROM audit_events %1"
                             " ORDER BY id DESC LIMIT ?) ORDER BY id")
                  .arg(where.isEmpty()
                           ? QString()
                           : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    q.addBindValue(query.limit > 0 ? query.limit : 1000);
    QList<AuditEvent> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        AuditEvent e;
        e.id = q.value(0).toLongLong();
        e.time = parseTime(q.value(1));
        e.caller = q.value(2).toString();
        e.operation = q.value(3).toString();
        e.clusterArn = q.value(4).toString();
        e.parameters = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
        e.result = q.value(6).toString();
        e.message = q.value(7).toString();
        out.append(e);
    }
    return out;
}

bool Catalog::isSecretKey(const QString &key)
{
    static const QRegularExpression pattern(
        QStringLiteral("password|passwd|secret|token|credential|private[._-]?key|"
                       "jaas|sasl[._-]?scram|api[._-]?key|key[._-]?material"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(key).hasMatch();
}

QJsonObject Catalog::redact(const QJsonObject &parameters)
{
    QJsonObject out;
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
        out.insert(it.key(), redactValue(it.key(), it.value()));
    return out;
}

QString Catalog::redactProperties(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1Char('#')) || trimmed.startsWith(QLatin1Char('!')))
            continue;
        qsizetype sep = -1;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line.at(i) == QLatin1Char('=') || line.at(i) == QLatin1Char(':')) {
                sep = i;
                break;
            }
        }
        if (sep < 0)
            continue;
        if (isSecretKey(line.left(sep)))
            line = line.left(sep + 1) + redactedMarker();
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace runnel::control
