#pragma once

// BrokerConfig: runneld's settings, read from a Kafka server.properties using Kafka's own
// key names. Parsing is strict about values (a bad number or a missing required key is a
// clear error) and forgiving about keys Kafka has but runneld does not use (logged as
// ignored). An unknown key close to a known one is refused with a did-you-mean hint,
// because a typo in a setting that silently does nothing is worse than a failed start.

#include "engine/broker/properties.h"
#include "engine/broker/topic_config.h"
#include "engine/common/result.h"
#include "engine/net/tls.h"
#include "engine/storage/at_rest_cipher.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace runnel::broker {

enum class SecurityProtocol { Plaintext, Ssl, SaslPlaintext, SaslSsl };

struct Listener
{
    std::string name; // PLAINTEXT, CONTROLLER, …
    std::string host; // bind or advertised host; never empty after parsing
    uint16_t port = 0;
    SecurityProtocol protocol = SecurityProtocol::Plaintext;
};

// Combined-mode cluster settings (docs/replication.md). Present when the file sets
// controller.quorum.voters; absent for the single broker, which then runs as before.
struct ClusterSettings
{
    std::string quorumVoters;                 // controller.quorum.voters, validated
    bool brokerOnly = false;                  // process.roles=broker: a Raft observer, not a voter
    Listener controllerListener;              // the listener named by controller.listener.names
    std::string interBrokerListenerName;      // inter.broker.listener.name (advertised to peers)
    std::string metadataLogDir;               // metadata.log.dir, default the first of log.dirs
    int64_t brokerSessionTimeoutMs = 9000;    // broker.session.timeout.ms
    int64_t brokerHeartbeatIntervalMs = 2000; // broker.heartbeat.interval.ms
    int64_t electionTimeoutMs = 1000;         // controller.quorum.election.timeout.ms
    int64_t quorumFetchTimeoutMs = 2000;      // controller.quorum.fetch.timeout.ms
    int64_t connectionLossMs = 500;           // runnel.broker.connection.loss.ms (0: off)
    int64_t replicaLagTimeMaxMs = 30000;      // replica.lag.time.max.ms
    int64_t replicaFetchWaitMaxMs = 500;      // replica.fetch.wait.max.ms
    int64_t replicaFetchBackoffMs = 1000;     // replica.fetch.backoff.ms
    int32_t replicaFetchMaxBytes = 1048576;   // replica.fetch.max.bytes
    // The controller moves leadership back to each partition's preferred (first) replica
    // once it is in sync again, checked this often.
    bool autoLeaderRebalanceEnable = true;             // auto.leader.rebalance.enable
    int64_t leaderImbalanceCheckIntervalSeconds = 300; // leader.imbalance.check.interval.seconds
};

struct BrokerConfig
{
    int32_t nodeId = -1;
    std::vector<Listener> listeners;
    std::vector<Listener> advertisedListeners; // defaults to listeners
    std::vector<std::string> logDirs;
    // runnel.log.dirs.max.bytes: the most log data (all partitions, all dirs) this broker
    // keeps; a produce that would pass it is refused with KAFKA_STORAGE_ERROR
    // (docs/decisions/0011). 0: unlimited.
    int64_t logDirsMaxBytes = 0;
    // runnel.log.encryption.key.file: a 0600 file with the 256-bit data key that encrypts
    // every partition log at rest (engine/storage/at_rest_cipher.h); read once at startup,
    // the path and key are never logged. Null: logs in the clear.
    std::string logEncryptionKeyFile;
    std::shared_ptr<const storage::AtRestKey> atRestKey;

    int32_t numPartitions = 1;
    int16_t defaultReplicationFactor = 1;
    int32_t minInsyncReplicas = 1;
    bool autoCreateTopicsEnable = false;
    bool deleteTopicEnable = true;
    std::string compressionType = "producer";

    // Broker-wide defaults of every topic config (topic key → value), from Kafka's
    // defaults overridden by the file's log.* keys. Topics override them individually.
    TopicConfigDefaults topicDefaults;
    int64_t logRetentionCheckIntervalMs = 300000;
    bool logCleanerEnable = true;

    int32_t socketRequestMaxBytes = 104857600;
    int32_t offsetsTopicNumPartitions = 50;
    int64_t offsetsTopicSegmentBytes = 104857600;
    // In a cluster: __consumer_offsets' replication factor (capped by the live brokers when
    // it is created) and how long a commit may wait for the ISR before it fails.
    int16_t offsetsTopicReplicationFactor = 3;
    int32_t offsetsCommitTimeoutMs = 5000;
    int64_t offsetsRetentionMs = 7LL * 24 * 3600 * 1000;
    int32_t offsetMetadataMaxBytes = 4096;
    int32_t groupInitialRebalanceDelayMs = 3000;
    int32_t groupMinSessionTimeoutMs = 6000;
    int32_t groupMaxSessionTimeoutMs = 1800000;
    int32_t groupMaxSize = 2147483647;

    // Security (FEATURES.md §3; docs/decisions/0007). SASL mechanisms offered on
    // SASL_PLAINTEXT listeners (sasl.enabled.mechanisms; Kafka's default is GSSAPI, which
    // runneld does not implement, so the default here is both SCRAM mechanisms).
    std::vector<std::string> saslEnabledMechanisms{"SCRAM-SHA-256", "SCRAM-SHA-512"};
    // PLAIN users by lower-case listener name, from Kafka's
    // listener.name.<listener>.plain.sasl.jaas.config (user_NAME="PASSWORD" entries).
    std::map<std::string, std::map<std::string, std::string>> plainUsers;
    bool authorizerEnabled = false;   // authorizer.class.name is set
    std::set<std::string> superUsers; // super.users: "User:admin;User:bob"
    bool allowEveryoneIfNoAclFound = false;
    // connection.failed.authentication.delay.ms: a failed login is answered this late, to
    // slow down password guessing (Kafka's default).
    int32_t failedAuthenticationDelayMs = 100;
    // TLS for SSL and SASL_SSL listeners (ssl.* keys, PEM only). ssl.client.auth applies
    // to SSL listeners; SASL_SSL listeners authenticate with SASL and ask for no
    // certificate.
    net::TlsSettings tls;

    // Set when controller.quorum.voters is: this broker is one of a replicated cluster.
    std::optional<ClusterSettings> cluster;
    // runnel.metrics.listener=host:port: serve GET /metrics (Prometheus text, MSK names)
    // there; an empty host means 127.0.0.1. Absent: no metrics endpoint.
    std::string metricsHost;
    int32_t metricsPort = -1; // -1: no endpoint; 0: any free port

    // Broker-level dynamic-config view for DescribeConfigs: every key as read from the file.
    Properties fileProperties;
};

struct ConfigIssue
{
    enum class Kind { Ignored, Unknown } kind;
    std::string key;
    std::string message;
};

struct ParsedConfig
{
    BrokerConfig config;
    std::vector<ConfigIssue> notes; // ignored and unknown keys, to be logged by the caller
};

Result<ParsedConfig> parseBrokerConfig(const Properties &props);

// Closest key among the ones runneld or Kafka knows, or "" if none is close.
std::string suggestKey(std::string_view key);

// Parses one Kafka listener list: "PLAINTEXT://127.0.0.1:9092,SSL://:9093".
Result<std::vector<Listener>> parseListeners(std::string_view text, const Properties &props);

} // namespace runnel::broker
