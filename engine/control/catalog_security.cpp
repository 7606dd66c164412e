// The Catalog's table of cluster security settings (migration "4 (security)"), kept in
// its own file so the security slice touches catalog.cpp only for its migration.

#include "engine/control/catalog.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace runnel::control {

QJsonObject Catalog::clusterSecurity(const QString &clusterArn) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT settings FROM cluster_security WHERE cluster_arn = ?"));
    q.addBindValue(clusterArn);
    if (!q.exec() || !q.next())
        return {};
    return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
}

ControlStatus Catalog::saveClusterSecurity(const QString &clusterArn, const QJsonObject &settings)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO cluster_security (cluster_arn, settings)"
                             " VALUES (?, ?)"));
    q.addBindValue(clusterArn);
    q.addBindValue(QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return ControlError::internal(
            QStringLiteral("The catalog could not record the security settings of %1: %2")
                .arg(clusterArn, q.lastError().text()));
    return Done{};
}

ControlStatus Catalog::deleteClusterSecurity(const QString &clusterArn)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("DELETE FROM cluster_security WHERE cluster_arn = ?"));
    q.addBindValue(clusterArn);
    if (!q.exec())
        return ControlError::internal(
            QStringLiteral("The catalog could not delete the security settings of %1: %2")
                .arg(clusterArn, q.lastError().text()));
    return Done{};
}

} // namespace runnel::control
