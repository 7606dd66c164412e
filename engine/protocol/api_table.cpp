#include "engine/protocol/api_table.h"

namespace runnel::protocol {

namespace {

// Advertised ranges (client-compatibility.md §1.2, "Advertise" column).
constexpr ApiVersionRange kSupportedApis[] = {
    {ApiKey::Produce, 0, 8},
    {ApiKey::Fetch, 4, 11},
    {ApiKey::ListOffsets, 0, 5},
    {ApiKey::Metadata, 0, 8},
    {ApiKey::OffsetCommit, 0, 7},
    {ApiKey::OffsetFetch, 0, 5},
    {ApiKey::FindCoordinator, 0, 2},
    {ApiKey::JoinGroup, 0, 5},
    {ApiKey::Heartbeat, 0, 3},
    {ApiKey::LeaveGroup, 0, 3},
    {ApiKey::SyncGroup, 0, 3},
    {ApiKey::DescribeGroups, 0, 4},
    {ApiKey::ListGroups, 0, 2},
    {ApiKey::SaslHandshake, 0, 1},
    {ApiKey::ApiVersions, 0, 3},
    {ApiKey::CreateTopics, 0, 4},
    {ApiKey::DeleteTopics, 0, 3},
    {ApiKey::DeleteRecords, 0, 1},
    {ApiKey::InitProducerId, 0, 4},
    {ApiKey::OffsetForLeaderEpoch, 0, 4},
    {ApiKey::DescribeAcls, 0, 1},
    {ApiKey::CreateAcls, 0, 1},
    {ApiKey::DeleteAcls, 0, 1},
    {ApiKey::DescribeConfigs, 0, 3},
    {ApiKey::AlterConfigs, 0, 1},
    {ApiKey::SaslAuthenticate, 0, 1},
    {ApiKey::CreatePartitions, 0, 1},
    {ApiKey::DeleteGroups, 0, 1},
    {ApiKey::IncrementalAlterConfigs, 0, 1},
    {ApiKey::AlterPartitionReassignments, 0, 0},
    {ApiKey::ListPartitionReassignments, 0, 0},
    {ApiKey::DescribeUserScramCredentials, 0, 0},
    {ApiKey::AlterUserScramCredentials, 0, 0},
    {ApiKey::DescribeCluster, 0, 1},
    {ApiKey::UnregisterBroker, 0, 0},
};

} // namespace

std::span<const ApiVersionRange> supportedApis()
{
    return kSupportedApis;
}

const ApiVersionRange *findApi(int16_t apiKey)
{
    for (const ApiVersionRange &range : kSupportedApis) {
        if (static_cast<int16_t>(range.key) == apiKey)
            return &range;
    }
    return nullptr;
}

} // namespace runnel::protocol
