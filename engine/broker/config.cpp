#include "engine/broker/config.h"

#include "engine/cluster/quorum_service.h"

#include "engine/security/authorizer.h"
#include "engine/security/plain.h"
#include "engine/security/sasl_server.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace runnel::broker {

namespace {

// Keys runneld reads itself (besides the topic defaults' broker keys).
constexpr std::string_view kUsedKeys[] = {
    "node.id",
    "broker.id",
    "listeners",
    "advertised.listeners",
    "listener.security.protocol.map",
    "log.dirs",
    "log.dir",
    "num.partitions",
    "default.replication.factor",
    "auto.create.topics.enable",
    "delete.topic.enable",
    "log.retention.hours",
    "log.retention.minutes",
    "log.retention.ms",
    "log.roll.hours",
    "log.retention.check.interval.ms",
    "log.cleaner.enable",
    "socket.request.max.bytes",
    "offsets.topic.num.partitions",
    "offsets.topic.segment.bytes",
    "offsets.topic.replication.factor",
    "offsets.commit.timeout.ms",
    "offsets.retention.minutes",
    "offset.metadata.max.bytes",
    "group.initial.rebalance.delay.ms",
    "group.min.session.timeout.ms",
    "group.max.session.timeout.ms",
    "group.max.size",
    "sasl.enabled.mechanisms",
    "authorizer.class.name",
    "super.users",
    "allow.everyone.if.no.acl.found",
    "connection.failed.authentication.delay.ms",
    "ssl.keystore.type",
    "ssl.keystore.location",
    "ssl.keystore.certificate.chain",
    "ssl.keystore.key",
    "ssl.key.password",
    "ssl.truststore.type",
    "ssl.truststore.location",
    "ssl.truststore.certificates",
    "ssl.client.auth",
    "process.roles",
    "controller.quorum.voters",
    "controller.listener.names",
    "inter.broker.listener.name",
    "metadata.log.dir",
    "broker.session.timeout.ms",
    "broker.heartbeat.interval.ms",
    "controller.quorum.election.timeout.ms",
    "controller.quorum.fetch.timeout.ms",
    "replica.lag.time.max.ms",
    "replica.fetch.max.bytes",
    "replica.fetch.wait.max.ms",
    "replica.fetch.backoff.ms",
    "runnel.metrics.listener",
    "auto.leader.rebalance.enable",
    "leader.imbalance.check.interval.seconds",
    "runnel.log.dirs.max.bytes",
    "runnel.log.encryption.key.file",
    "runnel.broker.connection.loss.ms",
};

// listener.name.<listener>.<mechanism>.sasl.jaas.config: read for PLAIN, accepted (and
// not needed) for the SCRAM mechanisms, whose users live in the credential store.
bool isListenerJaasKey(std::string_view key)
{
    constexpr std::string_view prefix = "listener.name.";
    constexpr std::string_view suffix = ".sasl.jaas.config";
    return key.size() > prefix.size() + suffix.size() && key.starts_with(prefix)
           && key.ends_with(suffix);
}

// Kafka broker keys that runneld accepts and does not use (yet): logged, never fatal.
constexpr std::string_view kIgnoredKafkaKeys[] = {
    "controller.quorum.bootstrap.servers",
    "security.inter.broker.protocol",
    "num.network.threads",
    "num.io.threads",
    "num.recovery.threads.per.data.dir",
    "num.replica.fetchers",
    "background.threads",
    "queued.max.requests",
    "socket.send.buffer.bytes",
    "socket.receive.buffer.bytes",
    "transaction.state.log.replication.factor",
    "transaction.state.log.min.isr",
    "transaction.state.log.num.partitions",
    "transactional.id.expiration.ms",
    "transaction.max.timeout.ms",
    "log.cleaner.threads",
    "log.cleaner.dedupe.buffer.size",
    "log.cleaner.io.buffer.size",
    "log.cleaner.backoff.ms",
    "log.message.format.version",
    "inter.broker.protocol.version",
    "zookeeper.connect",
    "zookeeper.connection.timeout.ms",
    "group.coordinator.rebalance.protocols",
    "replica.socket.timeout.ms",
    "replica.high.watermark.checkpoint.interval.ms",
    "controlled.shutdown.enable",
    "leader.imbalance.per.broker.percentage",
    "metadata.log.segment.bytes",
    "metadata.max.retention.bytes",
    "connections.max.idle.ms",
    "max.connections",
    "max.connections.per.ip",
    "metric.reporters",
    "confluent.support.metrics.enable",
    "sasl.mechanism.inter.broker.protocol",
    "ssl.keystore.password",
    "ssl.truststore.password",
    "ssl.endpoint.identification.algorithm",
    "ssl.enabled.protocols",
    "broker.rack",
    "log.flush.scheduler.interval.ms",
    "log.flush.offset.checkpoint.interval.ms",
    "log.flush.start.offset.checkpoint.interval.ms",
    "unclean.leader.election.enable",
    "request.timeout.ms",
};

std::set<std::string_view> knownKeys()
{
    std::set<std::string_view> keys(std::begin(kUsedKeys), std::end(kUsedKeys));
    keys.insert(std::begin(kIgnoredKafkaKeys), std::end(kIgnoredKafkaKeys));
    for (const auto &spec : topicConfigSpecs())
        keys.insert(spec.brokerKey);
    return keys;
}

bool isUsed(std::string_view key)
{
    if (std::find(std::begin(kUsedKeys), std::end(kUsedKeys), key) != std::end(kUsedKeys))
        return true;
    if (isListenerJaasKey(key))
        return true;
    for (const auto &spec : topicConfigSpecs())
        if (spec.brokerKey == key)
            return true;
    return false;
}

size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

template<typename T>
Status parseNumber(const Properties &props, std::string_view key, T &out, T min, T max)
{
    auto it = props.find(std::string(key));
    if (it == props.end())
        return Status::success();
    const std::string &text = it->second;
    int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size())
        return makeError(ErrorCode::InvalidConfig,
                         std::string(key) + " must be a whole number, not '" + text + "'");
    if (v < static_cast<int64_t>(min) || v > static_cast<int64_t>(max))
        return makeError(ErrorCode::InvalidConfig,
                         std::string(key) + "=" + text + " is out of range [" + std::to_string(min)
                             + ", " + std::to_string(max) + "]");
    out = static_cast<T>(v);
    return Status::success();
}

Status parseBool(const Properties &props, std::string_view key, bool &out)
{
    auto it = props.find(std::string(key));
    if (it == props.end())
        return Status::success();
    if (it->second == "true")
        out = true;
    else if (it->second == "false")
        out = false;
    else
        return makeError(ErrorCode::InvalidConfig,
                         std::string(key) + " must be true or false, not '" + it->second + "'");
    return Status::success();
}

std::optional<SecurityProtocol> protocolByName(std::string_view name)
{
    if (name == "PLAINTEXT")
        return SecurityProtocol::Plaintext;
    if (name == "SSL")
        return SecurityProtocol::Ssl;
    if (name == "SASL_PLAINTEXT")
        return SecurityProtocol::SaslPlaintext;
    if (name == "SASL_SSL")
        return SecurityProtocol::SaslSsl;
    return std::nullopt;
}

std::vector<std::string> splitList(std::string_view text)
{
    std::vector<std::string> out;
    while (!text.empty()) {
        size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty())
            out.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    for (char &ch : out)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

Status parseSecurity(const Properties &props, BrokerConfig &c)
{
    if (auto it = props.find("sasl.enabled.mechanisms"); it != props.end()) {
        c.saslEnabledMechanisms = splitList(it->second);
        for (const std::string &m : c.saslEnabledMechanisms)
            if (!security::isSupportedSaslMechanism(m))
                return makeError(ErrorCode::InvalidConfig,
                                 "sasl.enabled.mechanisms: runneld does not implement '" + m
                                     + "'; use SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN");
    }
    for (const auto &[key, value] : props) {
        if (!isListenerJaasKey(key))
            continue;
        const std::string_view rest
            = std::string_view(key).substr(std::string_view("listener.name.").size(),
                                           key.size() - std::string_view("listener.name.").size()
                                               - std::string_view(".sasl.jaas.config").size());
        const size_t dot = rest.rfind('.');
        if (dot == std::string_view::npos)
            return makeError(
                ErrorCode::InvalidConfig,
                key + " must look like listener.name.<listener>.<mechanism>.sasl.jaas.config");
        const std::string listener = lowerCase(rest.substr(0, dot));
        if (lowerCase(rest.substr(dot + 1)) == "plain")
            c.plainUsers[listener] = security::parsePlainJaasUsers(value);
    }
    if (auto it = props.find("authorizer.class.name"); it != props.end())
        c.authorizerEnabled = !it->second.empty();
    if (auto it = props.find("super.users"); it != props.end())
        c.superUsers = security::parseSuperUsers(it->second);
    if (Status s = parseBool(props, "allow.everyone.if.no.acl.found", c.allowEveryoneIfNoAclFound);
        !s.ok())
        return s;
    if (Status s = parseNumber<int32_t>(props,
                                        "connection.failed.authentication.delay.ms",
                                        c.failedAuthenticationDelayMs,
                                        0,
                                        INT32_MAX);
        !s.ok())
        return s;
    for (const char *key : {"ssl.keystore.type", "ssl.truststore.type"})
        if (auto it = props.find(key); it != props.end() && it->second != "PEM")
            return makeError(ErrorCode::InvalidConfig,
                             std::string(key) + "=" + it->second
                                 + ": runneld reads PEM files only (KIP-651); set it to PEM");
    auto text = [&](const char *key) {
        auto it = props.find(key);
        return it == props.end() ? std::string() : it->second;
    };
    c.tls.keystoreLocation = text("ssl.keystore.location");
    c.tls.keystoreCertificateChain = text("ssl.keystore.certificate.chain");
    c.tls.keystoreKey = text("ssl.keystore.key");
    c.tls.keyPassword = text("ssl.key.password");
    c.tls.truststoreLocation = text("ssl.truststore.location");
    c.tls.truststoreCertificates = text("ssl.truststore.certificates");
    const std::string clientAuth = text("ssl.client.auth");
    if (clientAuth.empty() || clientAuth == "none")
        c.tls.clientAuth = net::ClientAuth::None;
    else if (clientAuth == "requested")
        c.tls.clientAuth = net::ClientAuth::Requested;
    else if (clientAuth == "required")
        c.tls.clientAuth = net::ClientAuth::Required;
    else
        return makeError(ErrorCode::InvalidConfig,
                         "ssl.client.auth must be required, requested or none, not '" + clientAuth
                             + "'");
    for (const Listener &l : c.listeners)
        if ((l.protocol == SecurityProtocol::Ssl || l.protocol == SecurityProtocol::SaslSsl)
            && !c.tls.hasKeystore())
            return makeError(ErrorCode::InvalidConfig,
                             "listener " + l.name
                                 + " uses TLS: set ssl.keystore.type=PEM and ssl.keystore.location "
                                   "(a PEM file with the key and certificate chain)");
    return Status::success();
}

} // namespace

std::string suggestKey(std::string_view key)
{
    std::string best;
    size_t bestDistance = SIZE_MAX;
    for (std::string_view candidate : knownKeys()) {
        size_t d = editDistance(key, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    const size_t limit = std::max<size_t>(2, key.size() / 6);
    return bestDistance <= limit ? best : std::string();
}

Result<std::vector<Listener>> parseListeners(std::string_view text, const Properties &props)
{
    std::map<std::string, std::string> protocolMap;
    if (auto it = props.find("listener.security.protocol.map"); it != props.end()) {
        for (const std::string &entry : splitList(it->second)) {
            size_t colon = entry.find(':');
            if (colon == std::string::npos)
                return makeError(ErrorCode::InvalidConfig,
                                 "listener.security.protocol.map entry '" + entry
                                     + "' must look like NAME:PROTOCOL");
            protocolMap[entry.substr(0, colon)] = entry.substr(colon + 1);
        }
    }
    std::vector<Listener> listeners;
    for (const std::string &item : splitList(text)) {
        size_t sep = item.find("://");
        if (sep == std::string::npos)
            return makeError(ErrorCode::InvalidConfig,
                             "listener '" + item + "' must look like PLAINTEXT://127.0.0.1:9092");
        Listener l;
        l.name = item.substr(0, sep);
        std::string hostPort = item.substr(sep + 3);
        size_t colon = hostPort.rfind(':');
        if (colon == std::string::npos)
            return makeError(ErrorCode::InvalidConfig, "listener '" + item + "' has no port");
        l.host = hostPort.substr(0, colon);
        if (l.host.size() >= 2 && l.host.front() == '[' && l.host.back() == ']')
            l.host = l.host.substr(1, l.host.size() - 2);
        // Kafka binds an empty host to the default interface; Runnel stays on loopback
        // unless the user names an address (0.0.0.0 opens every interface).
        if (l.host.empty())
            l.host = "127.0.0.1";
        std::string portText = hostPort.substr(colon + 1);
        int port = -1;
        auto [p, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (portText.empty() || ec != std::errc() || p != portText.data() + portText.size()
            || port < 0 || port > 65535)
            return makeError(ErrorCode::InvalidConfig,
                             "listener '" + item + "' has an invalid port '" + portText + "'");
        l.port = static_cast<uint16_t>(port);
        std::string protocolName = l.name;
        if (auto it = protocolMap.find(l.name); it != protocolMap.end())
            protocolName = it->second;
        auto protocol = protocolByName(protocolName);
        if (!protocol)
            return makeError(ErrorCode::InvalidConfig,
                             "listener '" + item + "': no security protocol for name '" + l.name
                                 + "' (map it in listener.security.protocol.map)");
        l.protocol = *protocol;
        for (const Listener &other : listeners)
            if (other.name == l.name)
                return makeError(ErrorCode::InvalidConfig,
                                 "listener name '" + l.name + "' is used twice");
        listeners.push_back(std::move(l));
    }
    return listeners;
}

namespace {

// Combined mode (process.roles=broker,controller): the CONTROLLER listener leaves
// c.listeners (the quorum service binds it, not the Kafka server) and must match this
// node's entry in controller.quorum.voters. A broker-only member (process.roles=broker, an
// id outside the voters) binds it too, as the address peers reach it at.
Status parseCluster(const Properties &props, BrokerConfig &c)
{
    auto votersIt = props.find("controller.quorum.voters");
    auto rolesIt = props.find("process.roles");
    if (votersIt == props.end() || votersIt->second.empty()) {
        if (rolesIt != props.end() && rolesIt->second.find("controller") != std::string::npos
            && props.count("controller.quorum.bootstrap.servers"))
            return makeError(ErrorCode::InvalidConfig,
                             "controller.quorum.bootstrap.servers (dynamic quorums, KIP-853) is "
                             "not supported; list the voters in controller.quorum.voters");
        return Status::success(); // the single broker
    }
    std::vector<std::string> roles
        = rolesIt == props.end() ? std::vector<std::string>{} : splitList(rolesIt->second);
    std::sort(roles.begin(), roles.end());
    const bool brokerOnly = roles == std::vector<std::string>{"broker"};
    if (roles != std::vector<std::string>{"broker", "controller"} && !brokerOnly)
        return makeError(ErrorCode::InvalidConfig,
                         "process.roles must be broker,controller (combined mode) or broker (a "
                         "broker-only member) when controller.quorum.voters is set");
    auto voters = cluster::parseQuorumVoters(votersIt->second);
    if (!voters)
        return voters.error();
    ClusterSettings cs;
    cs.quorumVoters = votersIt->second;
    cs.brokerOnly = brokerOnly;
    const cluster::VoterAddress *self = nullptr;
    for (const auto &v : voters.value())
        if (v.id.value() == c.nodeId)
            self = &v;
    if (!self && !brokerOnly)
        return makeError(ErrorCode::InvalidConfig,
                         "node.id=" + std::to_string(c.nodeId)
                             + " is not among controller.quorum.voters; combined-mode brokers "
                               "must be voters (process.roles=broker makes a broker-only member)");
    if (self && brokerOnly)
        return makeError(ErrorCode::InvalidConfig,
                         "node.id=" + std::to_string(c.nodeId)
                             + " is listed in controller.quorum.voters, but a broker-only node "
                               "(process.roles=broker) must not be a voter");
    auto namesIt = props.find("controller.listener.names");
    if (namesIt == props.end() || splitList(namesIt->second).empty())
        return makeError(ErrorCode::InvalidConfig,
                         "controller.listener.names is missing: name the listener the quorum "
                         "uses, e.g. controller.listener.names=CONTROLLER");
    const std::string controllerName = splitList(namesIt->second).front();
    auto it = std::find_if(c.listeners.begin(), c.listeners.end(), [&](const Listener &l) {
        return l.name == controllerName;
    });
    if (it == c.listeners.end())
        return makeError(ErrorCode::InvalidConfig,
                         "controller.listener.names names " + controllerName
                             + ", which is not in listeners (add e.g. " + controllerName
                             + "://127.0.0.1:" + std::to_string(self ? self->port : 9093)
                             + (brokerOnly ? "; a broker-only member still binds it for "
                                             "broker-to-broker traffic)"
                                           : ")"));
    if (it->protocol != SecurityProtocol::Plaintext && it->protocol != SecurityProtocol::Ssl)
        return makeError(ErrorCode::InvalidConfig,
                         "the controller listener " + controllerName
                             + " must be PLAINTEXT or SSL (SASL between controllers is not "
                               "supported)");
    if (it->protocol == SecurityProtocol::Ssl
        && (!c.tls.hasKeystore()
            || (c.tls.truststoreLocation.empty() && c.tls.truststoreCertificates.empty())))
        return makeError(ErrorCode::InvalidConfig,
                         "the controller listener " + controllerName
                             + " is SSL: brokers authenticate each other with mutual TLS, so "
                               "set ssl.keystore.location (this broker's key and certificate) "
                               "and ssl.truststore.location (the cluster's CA)");
    if (self && it->port != self->port)
        return makeError(ErrorCode::InvalidConfig,
                         "the controller listener " + controllerName + " uses port "
                             + std::to_string(it->port)
                             + " but controller.quorum.voters gives node "
                             + std::to_string(c.nodeId) + " port " + std::to_string(self->port));
    cs.controllerListener = *it;
    c.listeners.erase(it);
    std::erase_if(c.advertisedListeners,
                  [&](const Listener &l) { return l.name == controllerName; });
    if (c.listeners.empty())
        return makeError(ErrorCode::InvalidConfig,
                         "listeners has only the controller listener; a broker needs one for "
                         "clients too, e.g. PLAINTEXT://127.0.0.1:9092");
    if (auto ib = props.find("inter.broker.listener.name"); ib != props.end()) {
        if (ib->second == controllerName)
            return makeError(ErrorCode::InvalidConfig,
                             "inter.broker.listener.name cannot be the controller listener");
        if (std::none_of(c.listeners.begin(), c.listeners.end(), [&](const Listener &l) {
                return l.name == ib->second;
            }))
            return makeError(ErrorCode::InvalidConfig,
                             "inter.broker.listener.name names " + ib->second
                                 + ", which is not in listeners");
        cs.interBrokerListenerName = ib->second;
    } else {
        cs.interBrokerListenerName = c.listeners.front().name;
    }
    if (auto md = props.find("metadata.log.dir"); md != props.end() && !md->second.empty())
        cs.metadataLogDir = md->second;
    else
        cs.metadataLogDir = c.logDirs.front();
    for (Status st :
         {parseNumber<int64_t>(
              props, "broker.session.timeout.ms", cs.brokerSessionTimeoutMs, 100, INT32_MAX),
          parseNumber<int64_t>(
              props, "broker.heartbeat.interval.ms", cs.brokerHeartbeatIntervalMs, 10, INT32_MAX),
          parseNumber<int64_t>(
              props, "controller.quorum.election.timeout.ms", cs.electionTimeoutMs, 50, INT32_MAX),
          parseNumber<int64_t>(
              props, "controller.quorum.fetch.timeout.ms", cs.quorumFetchTimeoutMs, 100, INT32_MAX),
          parseNumber<int64_t>(
              props, "runnel.broker.connection.loss.ms", cs.connectionLossMs, 0, INT32_MAX),
          parseNumber<int64_t>(
              props, "replica.lag.time.max.ms", cs.replicaLagTimeMaxMs, 100, INT32_MAX),
          parseNumber<int64_t>(
              props, "replica.fetch.wait.max.ms", cs.replicaFetchWaitMaxMs, 1, INT32_MAX),
          parseNumber<int64_t>(
              props, "replica.fetch.backoff.ms", cs.replicaFetchBackoffMs, 1, INT32_MAX),
          parseNumber<int32_t>(
              props, "replica.fetch.max.bytes", cs.replicaFetchMaxBytes, 1024, INT32_MAX),
          parseBool(props, "auto.leader.rebalance.enable", cs.autoLeaderRebalanceEnable),
          parseNumber<int64_t>(props,
                               "leader.imbalance.check.interval.seconds",
                               cs.leaderImbalanceCheckIntervalSeconds,
                               1,
                               INT32_MAX)}) {
        if (!st.ok())
            return st.error();
    }
    if (cs.brokerHeartbeatIntervalMs >= cs.brokerSessionTimeoutMs)
        return makeError(ErrorCode::InvalidConfig,
                         "broker.heartbeat.interval.ms must be smaller than "
                         "broker.session.timeout.ms");
    c.cluster = std::move(cs);
    return Status::success();
}

} // namespace

Result<ParsedConfig> parseBrokerConfig(const Properties &props)
{
    ParsedConfig parsed;
    BrokerConfig &c = parsed.config;
    c.fileProperties = props;

    // Keys first: a misspelled key is the likeliest cause of any error below.
    const auto known = knownKeys();
    for (const auto &[key, value] : props) {
        if (isUsed(key))
            continue;
        if (known.count(key)) {
            parsed.notes.push_back(
                {ConfigIssue::Kind::Ignored,
                 key,
                 "setting '" + key + "' is a Kafka setting runneld does not use; ignored"});
            continue;
        }
        std::string hint = suggestKey(key);
        if (!hint.empty())
            return makeError(ErrorCode::InvalidConfig,
                             "unknown setting '" + key + "'; did you mean '" + hint + "'?");
        parsed.notes.push_back(
            {ConfigIssue::Kind::Unknown,
             key,
             "unknown setting '" + key + "' is not a Kafka broker setting; ignored"});
    }

    if (props.count("node.id"))
        c.nodeId = -1;
    Status s = parseNumber<int32_t>(props, "broker.id", c.nodeId, 0, INT32_MAX);
    if (s.ok())
        s = parseNumber<int32_t>(props, "node.id", c.nodeId, 0, INT32_MAX);
    if (!s.ok())
        return s.error();
    if (c.nodeId < 0)
        return makeError(
            ErrorCode::InvalidConfig,
            "node.id is missing: every broker needs a numeric node.id, e.g. node.id=1");

    auto listenersIt = props.find("listeners");
    if (listenersIt == props.end() || listenersIt->second.empty())
        return makeError(ErrorCode::InvalidConfig,
                         "listeners is missing, e.g. listeners=PLAINTEXT://127.0.0.1:9092");
    auto listeners = parseListeners(listenersIt->second, props);
    if (!listeners)
        return listeners.error();
    c.listeners = std::move(listeners).value();
    if (c.listeners.empty())
        return makeError(ErrorCode::InvalidConfig, "listeners names no listener");

    if (auto it = props.find("advertised.listeners"); it != props.end()) {
        auto adv = parseListeners(it->second, props);
        if (!adv)
            return makeError(ErrorCode::InvalidConfig,
                             "advertised.listeners: " + adv.error().message);
        c.advertisedListeners = std::move(adv).value();
    } else {
        c.advertisedListeners = c.listeners;
    }
    for (Listener &l : c.advertisedListeners) {
        if (l.host == "0.0.0.0" || l.host == "::")
            l.host = "127.0.0.1";
        if (l.port == 0) {
            // Advertise the bound port; the broker fills it in once bound.
        }
    }

    if (auto it = props.find("log.dirs"); it != props.end())
        c.logDirs = splitList(it->second);
    else if (auto it2 = props.find("log.dir"); it2 != props.end())
        c.logDirs = splitList(it2->second);
    if (c.logDirs.empty())
        return makeError(ErrorCode::InvalidConfig,
                         "log.dirs is missing: name the directory for the broker's data, e.g. "
                         "log.dirs=/var/lib/runnel/data");
    if (auto it = props.find("runnel.log.encryption.key.file");
        it != props.end() && !it->second.empty()) {
        c.logEncryptionKeyFile = it->second;
        auto key = storage::AtRestKey::fromFile(c.logEncryptionKeyFile);
        if (!key)
            return makeError(ErrorCode::InvalidConfig,
                             "runnel.log.encryption.key.file: " + key.error().message);
        c.atRestKey = std::move(key).value();
    }

    for (Status st :
         {parseNumber<int32_t>(props, "num.partitions", c.numPartitions, 1, 1000000),
          parseNumber<int16_t>(
              props, "default.replication.factor", c.defaultReplicationFactor, 1, INT16_MAX),
          parseNumber<int32_t>(props, "min.insync.replicas", c.minInsyncReplicas, 1, INT32_MAX),
          parseBool(props, "auto.create.topics.enable", c.autoCreateTopicsEnable),
          parseBool(props, "delete.topic.enable", c.deleteTopicEnable),
          parseBool(props, "log.cleaner.enable", c.logCleanerEnable),
          parseNumber<int64_t>(props, "runnel.log.dirs.max.bytes", c.logDirsMaxBytes, 1, INT64_MAX),
          parseNumber<int64_t>(props,
                               "log.retention.check.interval.ms",
                               c.logRetentionCheckIntervalMs,
                               1,
                               INT64_MAX),
          parseNumber<int32_t>(
              props, "socket.request.max.bytes", c.socketRequestMaxBytes, 1024, INT32_MAX),
          parseNumber<int32_t>(
              props, "offsets.topic.num.partitions", c.offsetsTopicNumPartitions, 1, 10000),
          parseNumber<int64_t>(
              props, "offsets.topic.segment.bytes", c.offsetsTopicSegmentBytes, 1024, INT32_MAX),
          parseNumber<int16_t>(props,
                               "offsets.topic.replication.factor",
                               c.offsetsTopicReplicationFactor,
                               1,
                               INT16_MAX),
          parseNumber<int32_t>(
              props, "offsets.commit.timeout.ms", c.offsetsCommitTimeoutMs, 1, INT32_MAX),
          parseNumber<int32_t>(
              props, "offset.metadata.max.bytes", c.offsetMetadataMaxBytes, 0, INT32_MAX),
          parseNumber<int32_t>(props,
                               "group.initial.rebalance.delay.ms",
                               c.groupInitialRebalanceDelayMs,
                               0,
                               INT32_MAX),
          parseNumber<int32_t>(
              props, "group.min.session.timeout.ms", c.groupMinSessionTimeoutMs, 0, INT32_MAX),
          parseNumber<int32_t>(
              props, "group.max.session.timeout.ms", c.groupMaxSessionTimeoutMs, 0, INT32_MAX),
          parseNumber<int32_t>(props, "group.max.size", c.groupMaxSize, 1, INT32_MAX)}) {
        if (!st.ok())
            return st.error();
    }
    int64_t retentionMinutes = -2;
    if (Status st = parseNumber<int64_t>(
            props, "offsets.retention.minutes", retentionMinutes, 1, INT64_MAX / 60000);
        !st.ok())
        return st.error();
    if (retentionMinutes > 0)
        c.offsetsRetentionMs = retentionMinutes * 60000;

    if (auto it = props.find("compression.type"); it != props.end())
        c.compressionType = it->second;
    if (auto it = props.find("runnel.metrics.listener"); it != props.end()) {
        const std::string &v = it->second;
        const size_t colon = v.rfind(':');
        int port = -1;
        if (colon != std::string::npos) {
            auto [end, ec] = std::from_chars(v.data() + colon + 1, v.data() + v.size(), port);
            if (ec != std::errc() || end != v.data() + v.size())
                port = -1;
        }
        if (port < 0 || port > 65535)
            return makeError(ErrorCode::InvalidConfig,
                             "runnel.metrics.listener must be host:port (e.g. 127.0.0.1:11001), "
                             "not '"
                                 + v + "'");
        c.metricsHost = colon == 0 ? "127.0.0.1" : v.substr(0, colon);
        c.metricsPort = port;
    }

    if (Status st = parseSecurity(props, c); !st.ok())
        return st.error();
    if (Status st = parseCluster(props, c); !st.ok())
        return st.error();

    auto defaults = topicDefaultsFromBrokerProperties(props);
    if (!defaults)
        return defaults.error();
    c.topicDefaults = std::move(defaults).value();
    if (props.count("min.insync.replicas") == 0)
        c.minInsyncReplicas = 1;
    return parsed;
}

} // namespace runnel::broker
