#pragma once

// The areas every cluster page carries beyond its own Overview and Brokers tabs: Topics,
// Messages and Consumer groups (ui/data, over the Kafka protocol, so they work on external
// clusters too) and, for a cluster the local agent manages, Metrics (ui/metrics) and each
// consumer group's lag over time. Pages are built the first time their tab is shown, so a
// cluster that is still CREATING gets its Kafka client only once it has an address.

namespace runnel::ui {

class AgentService;
class ClusterPage;

void addClusterAreas(ClusterPage *page, AgentService *agent);

} // namespace runnel::ui
