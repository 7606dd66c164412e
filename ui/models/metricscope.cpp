#include "ui/models/metricscope.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

namespace runnel::ui {

namespace {
QJsonObject dimension(const QString &name, const QString &value)
{
    return QJsonObject{{QStringLiteral("Name"), name}, {QStringLiteral("Value"), value}};
}
} // namespace

MetricScope::Kind MetricScope::kind() const
{
    if (!consumerGroup.isEmpty())
        return Kind::ConsumerGroup;
    if (!topic.isEmpty())
        return Kind::Topic;
    if (brokerId)
        return Kind::Broker;
    return Kind::Cluster;
}

QJsonArray MetricScope::dimensions() const
{
    QJsonArray dims{dimension(QString::fromUtf16(metricdim::kCluster), clusterName)};
    if (brokerId)
        dims.append(dimension(QString::fromUtf16(metricdim::kBroker), QString::number(*brokerId)));
    if (!topic.isEmpty())
        dims.append(dimension(QString::fromUtf16(metricdim::kTopic), topic));
    if (!consumerGroup.isEmpty())
        dims.append(dimension(QString::fromUtf16(metricdim::kGroup), consumerGroup));
    return dims;
}

bool MetricScope::contains(const QJsonArray &dims) const
{
    const QJsonArray mine = dimensions();
    return std::all_of(mine.begin(), mine.end(), [&dims](const QJsonValue &d) {
        const QJsonObject want = d.toObject();
        return std::any_of(dims.begin(), dims.end(), [&want](const QJsonValue &have) {
            return have.toObject().value(QStringLiteral("Name"))
                       == want.value(QStringLiteral("Name"))
                   && have.toObject().value(QStringLiteral("Value"))
                          == want.value(QStringLiteral("Value"));
        });
    });
}

QString MetricScope::title() const
{
    switch (kind()) {
    case Kind::Cluster:
        return clusterName;
    case Kind::Broker:
        return QCoreApplication::translate("runnel::ui::MetricScope", "%1 › broker %2")
            .arg(clusterName)
            .arg(*brokerId);
    case Kind::Topic:
        return QCoreApplication::translate("runnel::ui::MetricScope", "%1 › topic %2")
            .arg(clusterName, topic);
    case Kind::ConsumerGroup:
        return QCoreApplication::translate("runnel::ui::MetricScope", "%1 › consumer group %2")
            .arg(clusterName, consumerGroup);
    }
    return clusterName;
}

QString dimensionValue(const QJsonArray &dims, const QString &name)
{
    for (const QJsonValue &d : dims) {
        if (d.toObject().value(QStringLiteral("Name")).toString() == name)
            return d.toObject().value(QStringLiteral("Value")).toString();
    }
    return {};
}

QJsonArray sortedDimensions(const QJsonArray &dims)
{
    QList<QJsonObject> list;
    for (const QJsonValue &d : dims)
        list.append(d.toObject());
    std::sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("Name")).toString()
               < b.value(QStringLiteral("Name")).toString();
    });
    QJsonArray out;
    for (const QJsonObject &d : list)
        out.append(d);
    return out;
}

} // namespace runnel::ui
