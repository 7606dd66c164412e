#pragma once

// Human-readable renderings of control API results for runnelctl: aligned tables with a
// header row, in the order `aws kafka ... --output table` users expect. Pure functions
// over the JSON results; the JSON itself is what `--output json` prints.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace runnel::control {

QString formatTable(const QStringList &headers, const QList<QStringList> &rows);

// Renders the result of `operation` ("ListClustersV2", ...) as text ending in '\n'.
QString formatResult(const QString &operation, const QJsonObject &result);

// The security operations' renderings (ctlformat_security.cpp), and GetBootstrapBrokers /
// DescribeClusterV2 of a cluster with TLS; nullopt for everything else.
std::optional<QString> formatSecurityResult(const QString &operation, const QJsonObject &result);

} // namespace runnel::control
