#pragma once

// The agent's SQLite catalog: clusters, brokers, cluster operations with their steps,
// and the audit log. Owns one QSqlDatabase connection (a unique connection name per
// instance). Used by the Agent on its one thread; not thread-safe. Lifecycle: open()
// creates or migrates the schema, then every call is a short statement or transaction;
// the destructor closes the connection.
//
// Schema versions are kept in `schema_version` (one row). Each migration runs in one
// transaction, so a crash mid-migration leaves the previous version intact. A file
// written by a newer Runnel (higher version) is refused rather than guessed at.
//
// Secrets never reach the audit table: appendAudit() redacts parameter values whose key
// names a secret (password, secret, token, credential, private key, JAAS config) and
// secret lines inside server.properties text.

#include "engine/control/result.h"
#include "engine/control/types.h"
#include "engine/metrics/statistics.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace runnel::control {

struct AuditQuery
{
    QString operation;   // empty: any
    QString clusterArn;  // empty: any
    QString clusterName; // empty: any; matches deleted clusters too (by their ARN)
    QDateTime since;     // invalid: from the beginning
    int limit = 1000;
};

// One time series: a metric name and its CloudWatch dimensions ("Cluster Name",
// "Broker ID", "Topic", "Consumer Group", "Partition"), as a JSON object.
struct MetricSeries
{
    qint64 id = 0;
    QString clusterArn;
    QString metric;
    QJsonObject dimensions;
};

struct MetricPoint
{
    qint64 seriesId = 0;
    qint64 timeMs = 0;
    double value = 0;
};

// A CloudWatch-style metric alarm: its PutMetricAlarm parameters and its state.
struct AlarmRecord
{
    QString name;
    QJsonObject definition; // PutMetricAlarm's parameters as given (validated)
    QString state = QStringLiteral("INSUFFICIENT_DATA");
    QString stateReason;
    QDateTime stateUpdated;
    QDateTime configurationUpdated;
};

struct AlarmHistoryItem
{
    QString alarmName;
    QDateTime time;
    QString itemType; // ConfigurationUpdate, StateUpdate
    QString summary;
    QString data; // JSON text
};

class Catalog
{
public:
    static constexpr int kSchemaVersion = 8;

    Catalog();
    ~Catalog();
    Catalog(const Catalog &) = delete;
    Catalog &operator=(const Catalog &) = delete;

    // Opens (creating if needed) the database file and migrates it to targetVersion
    // (tests pass an older version to build an old catalog).
    ControlStatus open(const QString &path, int targetVersion = kSchemaVersion);
    int schemaVersion() const;
    QString path() const { return m_path; }

    ControlStatus insertCluster(const ClusterRecord &cluster);
    ControlStatus updateClusterState(const QString &arn, ClusterState state);
    ControlStatus deleteCluster(const QString &arn); // and its brokers
    std::optional<ClusterRecord> cluster(const QString &arn) const;
    std::optional<ClusterRecord> clusterByName(const QString &name) const;
    QList<ClusterRecord> clusters() const;

    // Sets the cluster's server.properties text and the revision it came from.
    ControlStatus updateClusterConfiguration(const QString &arn,
                                             const QString &text,
                                             const QString &configurationArn,
                                             int revision);

    ControlStatus updateClusterMonitoring(const QString &arn,
                                          const QString &enhancedMonitoring,
                                          bool jmxExporter,
                                          bool nodeExporter);

    ControlStatus updateClusterBrokerCount(const QString &arn, int brokerCount);
    ControlStatus updateClusterVolumeSize(const QString &arn, qint64 volumeSizeMiB);
    // targetUtilization 0 removes the policy.
    ControlStatus updateClusterStorageAutoScaling(const QString &arn,
                                                  int targetUtilization,
                                                  qint64 maxVolumeSizeMiB);

    // Configurations: creating one stores revision 1; addRevision appends the next.
    ControlStatus insertConfiguration(const ConfigurationRecord &configuration,
                                      const ConfigurationRevision &first);
    ControlResult<int> addRevision(const QString &configurationArn,
                                   const ConfigurationRevision &revision);
    std::optional<ConfigurationRecord> configuration(const QString &arn) const;
    std::optional<ConfigurationRecord> configurationByName(const QString &name) const;
    QList<ConfigurationRecord> configurations() const;
    QList<ConfigurationRevision> revisions(const QString &configurationArn) const;

    ControlStatus upsertBroker(const BrokerRecord &broker);
    // UpdateBrokerCount to fewer brokers: the removed broker's row (its ports free again).
    ControlStatus deleteBroker(const QString &clusterArn, BrokerId nodeId);
    QList<BrokerRecord> brokers(const QString &clusterArn) const;
    QList<BrokerRecord> allBrokers() const;

    // Inserts or replaces the operation and all its steps.
    ControlStatus saveOperation(const ClusterOperation &operation);
    QList<ClusterOperation> operations(const QString &clusterArn) const; // newest first

    // Stores the event with its parameters redacted; returns its id.
    ControlResult<qint64> appendAudit(const AuditEvent &event);
    QList<AuditEvent> auditEvents(const AuditQuery &query) const; // oldest first

    // Metrics (catalog_metrics.cpp). Fine samples and 1-minute rollups of each series.
    ControlResult<qint64> seriesId(const QString &clusterArn,
                                   const QString &metric,
                                   const QJsonObject &dimensions); // made when new
    std::optional<MetricSeries> findSeries(const QString &metric,
                                           const QJsonObject &dimensions) const;
    QList<MetricSeries> metricSeries() const;
    ControlStatus appendSamples(const QList<MetricPoint> &points); // one transaction
    std::vector<metrics::TimedValue> samples(qint64 seriesId, qint64 startMs, qint64 endMs) const;
    std::vector<metrics::Rollup> rollups(qint64 seriesId, qint64 startMs, qint64 endMs) const;
    // (Re)computes the rollups of the minutes in [fromMs, toMs) from the fine samples.
    ControlStatus rollUp(qint64 fromMs, qint64 toMs);
    // Drops fine samples older than fineBeforeMs and rollups older than rollupsBeforeMs,
    // then series left without data.
    ControlStatus pruneMetrics(qint64 fineBeforeMs, qint64 rollupsBeforeMs);
    qint64 sampleCount() const;

    // Alarms.
    ControlStatus saveAlarm(const AlarmRecord &alarm);
    std::optional<AlarmRecord> alarm(const QString &name) const;
    QList<AlarmRecord> alarms() const;
    ControlStatus deleteAlarm(const QString &name); // and its history
    ControlStatus appendAlarmHistory(const AlarmHistoryItem &item);
    QList<AlarmHistoryItem> alarmHistory(const QString &alarmName, // empty: all
                                         const QString &itemType,  // empty: all
                                         const QDateTime &start,
                                         const QDateTime &end,
                                         int limit) const; // newest first
    // A cluster's security settings (ClusterSecurity::toJson); empty when it has none.
    // Defined in catalog_security.cpp.
    QJsonObject clusterSecurity(const QString &clusterArn) const;
    ControlStatus saveClusterSecurity(const QString &clusterArn, const QJsonObject &settings);
    ControlStatus deleteClusterSecurity(const QString &clusterArn);

    static bool isSecretKey(const QString &key);
    static QJsonObject redact(const QJsonObject &parameters);
    static QString redactProperties(const QString &text);
    static QString redactedMarker() { return QStringLiteral("***REDACTED***"); }

private:
    ControlStatus migrate(int targetVersion);
    QList<BrokerRecord> queryBrokers(const QString &where, const QString &clusterArn) const;
    QList<ClusterRecord> queryClusters(const QString &where, const QString &value) const;
    QList<ConfigurationRecord> queryConfigurations(const QString &where,
                                                   const QString &value) const;

    QString m_connectionName;
    QString m_path;
    mutable QHash<QString, qint64> m_seriesIds; // "metric\ndimensions" → id
};

} // namespace runnel::control
