#pragma once

// MetricCatalog: MSK's CloudWatch metric names (FEATURES.md §4) with their units and the
// dimension set each is published under, and which of them a dashboard shows for a
// scope. The dashboard asks the agent's ListMetrics which series exist and keeps those
// whose dimension names equal a definition's `dimensionNames`: "BytesInPerSec" under
// {Cluster Name, Broker ID} is one line per broker on the cluster dashboard, under
// {Cluster Name, Broker ID, Topic} one line per broker on a topic's dashboard.

#include "ui/models/metricscope.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace runnel::ui {

struct MetricDefinition
{
    QString name;               // "BytesInPerSec"
    QString unit;               // CloudWatch unit: "Bytes/Second", "Count", "Percent", ...
    QStringList dimensionNames; // sorted by name
    QString description;        // one translated sentence
    // MSK's enhanced-monitoring level that publishes it: DEFAULT, PER_BROKER,
    // PER_TOPIC_PER_BROKER (a cluster below that level never reports it).
    QString level = QStringLiteral("DEFAULT");
};

// The statistics GetMetricData accepts, in the order the chooser lists them.
QStringList metricStatistics();

// Every definition the console knows, in dashboard order, for one scope kind.
QList<MetricDefinition> metricsForScope(MetricScope::Kind kind);

// The definition of `name` under exactly these dimension names, if any scope shows it.
const MetricDefinition *findMetricDefinition(const QString &name,
                                             const QStringList &dimensionNames);

// The dimension names of `dims`, sorted.
QStringList dimensionNames(const QJsonArray &dims);

} // namespace runnel::ui
