#pragma once

// Human-readable renderings of control API results for runnelctl: aligned tables with a
// header row, in the order `aws kafka ... --output table` users expect. Pure functions
// over the JSON results; the JSON itself is what `--output json` prints.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace runnel::control {

QString formatTable(const QStringList &headers, const QList<QStringList> &rows);

// Renders the result of `operation` ("ListClustersV2", ...) as text ending in '\n'.
QString formatResult(const QString &operation, const QJsonObject &result);

} // namespace runnel::control
