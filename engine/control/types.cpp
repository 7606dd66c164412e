#include "engine/control/types.h"

#include <array>
#include <utility>

namespace runnel::control {

namespace {

constexpr std::array kClusterStates = {
    std::pair{ClusterState::Creating, "CREATING"},
    std::pair{ClusterState::Active, "ACTIVE"},
    std::pair{ClusterState::Updating, "UPDATING"},
    std::pair{ClusterState::RebootingBroker, "REBOOTING_BROKER"},
    std::pair{ClusterState::Healing, "HEALING"},
    std::pair{ClusterState::Deleting, "DELETING"},
    std::pair{ClusterState::Failed, "FAILED"},
};

constexpr std::array kBrokerStates = {
    std::pair{BrokerState::Starting, "STARTING"},
    std::pair{BrokerState::Running, "RUNNING"},
    std::pair{BrokerState::Stopping, "STOPPING"},
    std::pair{BrokerState::Stopped, "STOPPED"},
    std::pair{BrokerState::Failed, "FAILED"},
};

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("UNKNOWN");
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table,
                            const QString &text)
{
    for (const auto &[v, name] : table) {
        if (text == QLatin1String(name))
            return v;
    }
    return std::nullopt;
}

} // namespace

QString toString(ClusterState state)
{
    return nameOf(kClusterStates, state);
}

std::optional<ClusterState> clusterStateFromString(const QString &text)
{
    return valueOf(kClusterStates, text);
}

QString toString(BrokerState state)
{
    return nameOf(kBrokerStates, state);
}

std::optional<BrokerState> brokerStateFromString(const QString &text)
{
    return valueOf(kBrokerStates, text);
}

} // namespace runnel::control
