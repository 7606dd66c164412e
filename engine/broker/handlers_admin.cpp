// Cluster and topic administration: ApiVersions, Metadata, DescribeCluster, CreateTopics,
// DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs, IncrementalAlterConfigs.

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"
#include "engine/protocol/api_table.h"

#include <regex>

namespace runnel::broker {

namespace {

using security::AclOperation;
using security::ResourceType;

constexpr int8_t kResourceTopic = 2;
constexpr int8_t kResourceBroker = 4;

bool validSoftwareToken(const std::string &s)
{
    static const std::regex pattern("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    return std::regex_match(s, pattern);
}

} // namespace

void Broker::handleApiVersions(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::ApiVersionsResponse response;
    for (const auto &range : protocol::supportedApis()) {
        protocol::ApiVersionsResponse::ApiVersion v;
        v.apiKey = static_cast<int16_t>(range.key);
        v.minVersion = range.minVersion;
        v.maxVersion = range.maxVersion;
        response.apiKeys.push_back(v);
    }
    const protocol::ApiVersionRange *self
        = protocol::findApi(static_cast<int16_t>(protocol::ApiKey::ApiVersions));
    if (ctx.apiVersion > self->maxVersion) {
        // KIP-511: a newer client gets UNSUPPORTED_VERSION with a v0 body listing our
        // versions; it then retries with the highest version both sides know.
        response.errorCode = code(ErrorCode::UnsupportedVersion);
        RequestContext v0 = ctx;
        v0.apiVersion = 0;
        return reply(v0, response, respond);
    }
    protocol::ApiVersionsRequest request;
    ByteReader body = reader;
    if (!request.decode(body, ctx.apiVersion)) {
        response.errorCode = code(ErrorCode::InvalidRequest);
        return reply(ctx, response, respond);
    }
    if (ctx.apiVersion >= 3
        && (!validSoftwareToken(request.clientSoftwareName)
            || !validSoftwareToken(request.clientSoftwareVersion))) {
        response.errorCode = code(ErrorCode::InvalidRequest);
        return reply(ctx, response, respond);
    }
    reply(ctx, response, respond);
}

void Broker::handleMetadata(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::MetadataRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());

    protocol::MetadataResponse response;
    if (m_cluster) {
        for (const auto &[id, l] : clusterEndpoints(ctx.connection)) {
            protocol::MetadataResponse::MetadataResponseBroker b;
            b.nodeId = id;
            b.host = l.host;
            b.port = l.port;
            response.brokers.push_back(b);
        }
    } else if (const Listener *adv = advertisedFor(ctx.connection)) {
        protocol::MetadataResponse::MetadataResponseBroker b;
        b.nodeId = m_config.nodeId;
        b.host = adv->host;
        b.port = adv->port;
        response.brokers.push_back(b);
    }
    response.clusterId = clusterId();
    response.controllerId = controllerIdForClients();

    auto describe = [&](const TopicInfo &t) {
        protocol::MetadataResponse::MetadataResponseTopic topic;
        topic.name = t.name;
        topic.topicId = t.id;
        topic.isInternal = t.internal;
        if (m_cluster) {
            describeReplicatedTopic(t.name, topic);
            response.topics.push_back(std::move(topic));
            return;
        }
        for (int32_t p = 0; p < t.partitionCount; ++p) {
            protocol::MetadataResponse::MetadataResponsePartition part;
            part.partitionIndex = p;
            part.leaderId = m_config.nodeId;
            part.leaderEpoch = 0;
            part.replicaNodes = {m_config.nodeId};
            part.isrNodes = {m_config.nodeId};
            topic.partitions.push_back(std::move(part));
        }
        response.topics.push_back(std::move(topic));
    };

    // v0: an empty list means every topic; v1+: null means every topic.
    const bool allTopics
        = !request.topics.has_value() || (ctx.apiVersion == 0 && request.topics->empty());
    if (allTopics) {
        // Topics the principal may not DESCRIBE are left out, as Kafka does.
        for (const auto &[name, t] : m_topics->topics())
            if (allowed(ctx, AclOperation::Describe, ResourceType::Topic, name, false))
                describe(t);
    } else {
        for (const auto &requested : *request.topics) {
            const TopicInfo *t = nullptr;
            if (requested.name)
                t = m_topics->find(*requested.name);
            else if (!requested.topicId.isZero())
                t = m_topics->findById(requested.topicId);
            const std::string name = t ? t->name : requested.name.value_or("");
            if (!allowed(ctx, AclOperation::Describe, ResourceType::Topic, name)) {
                protocol::MetadataResponse::MetadataResponseTopic denied;
                denied.name = requested.name;
                denied.topicId = requested.topicId;
                denied.errorCode = code(ErrorCode::TopicAuthorizationFailed);
                response.topics.push_back(std::move(denied));
                continue;
            }
            if (!t && requested.name && m_config.autoCreateTopicsEnable && !m_cluster
                && request.allowAutoTopicCreation && TopicTable::validateName(*requested.name).ok()
                && (allowedOnCluster(ctx, AclOperation::Create, false)
                    || allowed(ctx, AclOperation::Create, ResourceType::Topic, name))) {
                auto created = createTopic(*requested.name, m_config.numPartitions, {}, false);
                if (created)
                    t = created.value();
            }
            if (t) {
                describe(*t);
                continue;
            }
            protocol::MetadataResponse::MetadataResponseTopic missing;
            missing.name = requested.name;
            missing.topicId = requested.topicId;
            const bool invalid = requested.name && !TopicTable::validateName(*requested.name).ok();
            missing.errorCode = code(invalid ? ErrorCode::InvalidTopicException
                                             : ErrorCode::UnknownTopicOrPartition);
            response.topics.push_back(std::move(missing));
        }
    }
    reply(ctx, response, respond);
}

void Broker::handleDescribeCluster(const RequestContext &ctx,
                                   ByteReader &reader,
                                   net::Respond respond)
{
    protocol::DescribeClusterRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DescribeClusterResponse response;
    response.clusterId = clusterId();
    response.controllerId = controllerIdForClients();
    response.endpointType = request.endpointType;
    if (request.endpointType != 1) {
        response.errorCode = code(ErrorCode::InvalidRequest);
        response.errorMessage = "only broker endpoints (type 1) are served";
        return reply(ctx, response, respond);
    }
    if (m_cluster) {
        for (const auto &[id, l] : clusterEndpoints(ctx.connection)) {
            protocol::DescribeClusterResponse::DescribeClusterBroker b;
            b.brokerId = id;
            b.host = l.host;
            b.port = l.port;
            response.brokers.push_back(b);
        }
    } else if (const Listener *adv = advertisedFor(ctx.connection)) {
        protocol::DescribeClusterResponse::DescribeClusterBroker b;
        b.brokerId = m_config.nodeId;
        b.host = adv->host;
        b.port = adv->port;
        response.brokers.push_back(b);
    }
    reply(ctx, response, respond);
}

void Broker::handleCreateTopics(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::CreateTopicsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (m_cluster)
        return handleCreateTopicsCluster(ctx, request, std::move(respond));
    protocol::CreateTopicsResponse response;
    std::set<std::string> seen;
    for (const auto &t : request.topics) {
        protocol::CreateTopicsResponse::CreatableTopicResult result;
        result.name = t.name;
        auto fail = [&](const Error &e) {
            result.errorCode = code(e.code);
            result.errorMessage = e.message;
        };
        int32_t partitions = t.numPartitions == -1 ? m_config.numPartitions : t.numPartitions;
        int16_t replication
            = t.replicationFactor == -1 ? m_config.defaultReplicationFactor : t.replicationFactor;
        std::map<std::string, std::string> configs;
        Status ok = TopicTable::validateName(t.name);
        if (ok.ok() && !allowedOnCluster(ctx, AclOperation::Create, false)
            && !allowed(ctx, AclOperation::Create, ResourceType::Topic, t.name))
            ok = makeError(ErrorCode::TopicAuthorizationFailed,
                           "not authorized to create topic '" + t.name + "'");
        if (ok.ok() && !seen.insert(t.name).second)
            ok = makeError(ErrorCode::InvalidRequest, "topic '" + t.name + "' is listed twice");
        if (ok.ok() && m_topics->find(t.name))
            ok = makeError(ErrorCode::TopicAlreadyExists, "topic '" + t.name + "' already exists");
        if (ok.ok() && !t.assignments.empty()) {
            partitions = static_cast<int32_t>(t.assignments.size());
            for (const auto &a : t.assignments) {
                replication = static_cast<int16_t>(a.brokerIds.size());
                for (int32_t id : a.brokerIds)
                    if (id != m_config.nodeId)
                        ok = makeError(ErrorCode::InvalidReplicaAssignment,
                                       "broker " + std::to_string(id) + " does not exist");
            }
        }
        if (ok.ok() && partitions < 1)
            ok = makeError(ErrorCode::InvalidPartitions, "number of partitions must be at least 1");
        if (ok.ok() && (replication < 1 || replication > 1))
            ok = makeError(ErrorCode::InvalidReplicationFactor,
                           "replication factor " + std::to_string(replication)
                               + " is larger than the 1 available broker");
        for (const auto &c : t.configs) {
            if (!ok.ok())
                break;
            if (!c.value) {
                ok = makeError(ErrorCode::InvalidConfig, "config " + c.name + " has no value");
                break;
            }
            ok = validateTopicConfig(c.name, *c.value);
            configs[c.name] = *c.value;
        }
        if (!ok.ok()) {
            fail(ok.error());
        } else if (request.validateOnly) {
            result.numPartitions = partitions;
            result.replicationFactor = replication;
        } else {
            auto created = createTopic(t.name, partitions, configs, false);
            if (!created) {
                fail(created.error());
            } else {
                result.topicId = created.value()->id;
                result.numPartitions = partitions;
                result.replicationFactor = replication;
            }
        }
        if (ctx.apiVersion >= 5 && result.errorCode == 0) {
            std::vector<protocol::CreateTopicsResponse::CreatableTopicConfigs> list;
            for (const auto &spec : topicConfigSpecs()) {
                protocol::CreateTopicsResponse::CreatableTopicConfigs c;
                c.name = std::string(spec.name);
                c.value = effectiveTopicConfig(m_config.topicDefaults, configs, spec.name);
                c.configSource = static_cast<int8_t>(
                    configs.count(c.name) ? ConfigSource::DynamicTopicConfig
                                          : m_config.topicDefaults.at(c.name).source);
                list.push_back(std::move(c));
            }
            result.configs = std::move(list);
        }
        response.topics.push_back(std::move(result));
    }
    reply(ctx, response, respond);
}

void Broker::handleDeleteTopics(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::DeleteTopicsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (m_cluster)
        return handleDeleteTopicsCluster(ctx, request, std::move(respond));
    std::vector<std::pair<std::optional<std::string>, protocol::Uuid>> targets;
    for (const auto &name : request.topicNames)
        targets.emplace_back(name, protocol::Uuid{});
    for (const auto &t : request.topics)
        targets.emplace_back(t.name, t.topicId);

    protocol::DeleteTopicsResponse response;
    for (const auto &[name, id] : targets) {
        protocol::DeleteTopicsResponse::DeletableTopicResult result;
        const TopicInfo *topic = name ? m_topics->find(*name) : m_topics->findById(id);
        result.name = topic ? std::optional<std::string>(topic->name) : name;
        result.topicId = topic ? topic->id : id;
        Status s;
        if (!allowed(ctx, AclOperation::Delete, ResourceType::Topic, result.name.value_or("")))
            s = makeError(ErrorCode::TopicAuthorizationFailed,
                          "not authorized to delete the topic");
        else if (!topic)
            s = makeError(ErrorCode::UnknownTopicOrPartition, "no such topic");
        else if (!m_config.deleteTopicEnable)
            s = makeError(ErrorCode::TopicDeletionDisabled, "delete.topic.enable is false");
        else if (topic->internal)
            s = makeError(ErrorCode::InvalidTopicException,
                          "internal topic " + topic->name + " cannot be deleted");
        else
            s = deleteTopic(topic->name);
        result.errorCode = code(s.code());
        if (!s.ok())
            result.errorMessage = s.error().message;
        response.responses.push_back(std::move(result));
    }
    reply(ctx, response, respond);
}

void Broker::handleCreatePartitions(const RequestContext &ctx,
                                    ByteReader &reader,
                                    net::Respond respond)
{
    protocol::CreatePartitionsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (m_cluster)
        return handleCreatePartitionsCluster(ctx, request, std::move(respond));
    protocol::CreatePartitionsResponse response;
    for (const auto &t : request.topics) {
        protocol::CreatePartitionsResponse::CreatePartitionsTopicResult result;
        result.name = t.name;
        const TopicInfo *topic = m_topics->find(t.name);
        Status s;
        if (!allowed(ctx, AclOperation::Alter, ResourceType::Topic, t.name))
            s = makeError(ErrorCode::TopicAuthorizationFailed,
                          "not authorized to alter topic '" + t.name + "'");
        else if (!topic)
            s = makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + t.name + "'");
        else if (t.count <= topic->partitionCount)
            s = makeError(ErrorCode::InvalidPartitions,
                          "topic " + t.name + " has " + std::to_string(topic->partitionCount)
                              + " partitions; the new count must be larger");
        else if (t.assignments)
            for (const auto &a : *t.assignments)
                for (int32_t id : a.brokerIds)
                    if (id != m_config.nodeId)
                        s = makeError(ErrorCode::InvalidReplicaAssignment,
                                      "broker " + std::to_string(id) + " does not exist");
        if (s.ok() && !request.validateOnly) {
            const int32_t old = topic->partitionCount;
            for (int32_t p = old; p < t.count && s.ok(); ++p) {
                auto log = m_logs->create(t.name, p, logConfigFor(*topic));
                if (!log)
                    s = log.error();
            }
            if (s.ok())
                s = m_topics->setPartitionCount(t.name, t.count);
            if (s.ok())
                RLOG_INFO("broker")
                    << "topic " << t.name << " now has " << t.count << " partitions";
        }
        result.errorCode = code(s.code());
        if (!s.ok())
            result.errorMessage = s.error().message;
        response.results.push_back(std::move(result));
    }
    reply(ctx, response, respond);
}

void Broker::handleDescribeConfigs(const RequestContext &ctx,
                                   ByteReader &reader,
                                   net::Respond respond)
{
    protocol::DescribeConfigsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DescribeConfigsResponse response;
    using Entry = protocol::DescribeConfigsResponse::DescribeConfigsResourceResult;
    for (const auto &res : request.resources) {
        protocol::DescribeConfigsResponse::DescribeConfigsResult result;
        result.resourceType = res.resourceType;
        result.resourceName = res.resourceName;
        auto wanted = [&](std::string_view key) {
            if (!res.configurationKeys)
                return true;
            for (const auto &k : *res.configurationKeys)
                if (k == key)
                    return true;
            return false;
        };
        auto add = [&](Entry e, ConfigType type, std::string_view doc) {
            e.isDefault = e.configSource == static_cast<int8_t>(ConfigSource::DefaultConfig);
            e.configType = static_cast<int8_t>(type);
            if (request.includeDocumentation)
                e.documentation = std::string(doc);
            result.configs.push_back(std::move(e));
        };
        if (ErrorCode denied = configAuthorization(
                ctx, AclOperation::DescribeConfigs, res.resourceType, res.resourceName);
            denied != ErrorCode::None) {
            result.errorCode = code(denied);
            result.errorMessage = "not authorized to describe these configs";
        } else if (res.resourceType == kResourceTopic) {
            const TopicInfo *topic = m_topics->find(res.resourceName);
            if (!topic) {
                result.errorCode = code(ErrorCode::UnknownTopicOrPartition);
                result.errorMessage = "no topic '" + res.resourceName + "'";
            } else {
                for (const auto &spec : topicConfigSpecs()) {
                    if (!wanted(spec.name))
                        continue;
                    Entry e;
                    e.name = std::string(spec.name);
                    const auto &def = m_config.topicDefaults.at(e.name);
                    auto over = topic->configs.find(e.name);
                    e.value = over != topic->configs.end() ? over->second : def.value;
                    e.configSource = static_cast<int8_t>(over != topic->configs.end()
                                                             ? ConfigSource::DynamicTopicConfig
                                                             : def.source);
                    if (request.includeSynonyms) {
                        if (over != topic->configs.end())
                            e.synonyms.push_back(
                                {e.name,
                                 over->second,
                                 static_cast<int8_t>(ConfigSource::DynamicTopicConfig)});
                        if (def.source == ConfigSource::StaticBrokerConfig)
                            e.synonyms.push_back(
                                {std::string(spec.brokerKey),
                                 def.value,
                                 static_cast<int8_t>(ConfigSource::StaticBrokerConfig)});
                        e.synonyms.push_back({std::string(spec.brokerKey),
                                              std::string(spec.kafkaDefault),
                                              static_cast<int8_t>(ConfigSource::DefaultConfig)});
                    }
                    add(std::move(e), spec.type, spec.documentation);
                }
            }
        } else if (res.resourceType == kResourceBroker) {
            if (!res.resourceName.empty() && res.resourceName != std::to_string(m_config.nodeId)) {
                result.errorCode = code(ErrorCode::InvalidRequest);
                result.errorMessage = "this is broker " + std::to_string(m_config.nodeId);
            } else {
                std::map<std::string, std::pair<std::string, ConfigSource>> values;
                for (const auto &spec : topicConfigSpecs()) {
                    const auto &def = m_config.topicDefaults.at(std::string(spec.name));
                    values[std::string(spec.brokerKey)] = {def.value, def.source};
                }
                values["node.id"]
                    = {std::to_string(m_config.nodeId), ConfigSource::StaticBrokerConfig};
                values["broker.id"] = values["node.id"];
                values["num.partitions"] = {std::to_string(m_config.numPartitions),
                                            m_config.fileProperties.count("num.partitions")
                                                ? ConfigSource::StaticBrokerConfig
                                                : ConfigSource::DefaultConfig};
                values["default.replication.factor"]
                    = {std::to_string(m_config.defaultReplicationFactor),
                       m_config.fileProperties.count("default.replication.factor")
                           ? ConfigSource::StaticBrokerConfig
                           : ConfigSource::DefaultConfig};
                values["auto.create.topics.enable"]
                    = {m_config.autoCreateTopicsEnable ? "true" : "false",
                       m_config.fileProperties.count("auto.create.topics.enable")
                           ? ConfigSource::StaticBrokerConfig
                           : ConfigSource::DefaultConfig};
                values["delete.topic.enable"]
                    = {m_config.deleteTopicEnable ? "true" : "false",
                       m_config.fileProperties.count("delete.topic.enable")
                           ? ConfigSource::StaticBrokerConfig
                           : ConfigSource::DefaultConfig};
                for (const auto &[key, value] : m_config.fileProperties)
                    if (!values.count(key))
                        values[key] = {value, ConfigSource::StaticBrokerConfig};
                for (const auto &[key, v] : values) {
                    if (!wanted(key))
                        continue;
                    Entry e;
                    e.name = key;
                    const bool sensitive = key.find("password") != std::string::npos
                                           || key.ends_with("sasl.jaas.config")
                                           || key == "ssl.keystore.key";
                    e.isSensitive = sensitive;
                    if (!sensitive)
                        e.value = v.first;
                    e.readOnly = true;
                    e.configSource = static_cast<int8_t>(v.second);
                    add(std::move(e), ConfigType::String, {});
                }
            }
        } else {
            result.errorCode = code(ErrorCode::InvalidRequest);
            result.errorMessage
                = "resource type " + std::to_string(res.resourceType) + " has no configs";
        }
        response.results.push_back(std::move(result));
    }
    reply(ctx, response, respond);
}

namespace {

// One resource's requested change, common to AlterConfigs and IncrementalAlterConfigs.
struct ConfigChange
{
    std::string name;
    int8_t operation; // 0 set, 1 delete, 2 append, 3 subtract; AlterConfigs replaces all
    std::optional<std::string> value;
};

} // namespace

static Status applyTopicConfigChanges(const TopicConfigDefaults &defaults,
                                      std::map<std::string, std::string> &configs,
                                      const std::vector<ConfigChange> &changes)
{
    for (const auto &c : changes) {
        if (!findTopicConfig(c.name))
            return makeError(ErrorCode::InvalidConfig, "unknown topic config '" + c.name + "'");
        switch (c.operation) {
        case 0:
            if (!c.value)
                return makeError(ErrorCode::InvalidConfig, c.name + " needs a value");
            if (Status s = validateTopicConfig(c.name, *c.value); !s.ok())
                return s;
            configs[c.name] = *c.value;
            break;
        case 1:
            configs.erase(c.name);
            break;
        case 2:
        case 3: {
            if (findTopicConfig(c.name)->type != ConfigType::List)
                return makeError(ErrorCode::InvalidConfig,
                                 c.name + " is not a list; APPEND and SUBTRACT need a list");
            std::string current = effectiveTopicConfig(defaults, configs, c.name);
            std::vector<std::string> items;
            size_t start = 0;
            while (start <= current.size() && !current.empty()) {
                size_t comma = current.find(',', start);
                items.push_back(current.substr(start, comma - start));
                if (comma == std::string::npos)
                    break;
                start = comma + 1;
            }
            const std::string v = c.value.value_or("");
            auto it = std::find(items.begin(), items.end(), v);
            if (c.operation == 2 && it == items.end())
                items.push_back(v);
            if (c.operation == 3 && it != items.end())
                items.erase(it);
            std::string joined;
            for (const auto &i : items)
                joined += (joined.empty() ? "" : ",") + i;
            if (Status s = validateTopicConfig(c.name, joined); !s.ok())
                return s;
            configs[c.name] = joined;
            break;
        }
        default:
            return makeError(ErrorCode::InvalidRequest,
                             "unknown config operation " + std::to_string(c.operation));
        }
    }
    return Status::success();
}

// Stores a topic's complete new set of dynamic configs.
using CommitTopicConfigs
    = std::function<Status(const std::string &topic, std::map<std::string, std::string> configs)>;

template<typename Request, typename Response>
static void alterConfigs(const Request &request,
                         Response &response,
                         bool incremental,
                         const TopicTable &topics,
                         const BrokerConfig &config,
                         const std::function<ErrorCode(int8_t, const std::string &)> &authorization,
                         const CommitTopicConfigs &commit)
{
    for (const auto &res : request.resources) {
        typename Response::AlterConfigsResourceResponse result;
        result.resourceType = res.resourceType;
        result.resourceName = res.resourceName;
        std::vector<ConfigChange> changes;
        for (const auto &c : res.configs) {
            if constexpr (requires { c.configOperation; })
                changes.push_back({c.name, c.configOperation, c.value});
            else
                changes.push_back({c.name, 0, c.value});
        }
        Status s;
        if (ErrorCode denied = authorization(res.resourceType, res.resourceName);
            denied != ErrorCode::None) {
            s = makeError(denied, "not authorized to alter these configs");
        } else if (res.resourceType == kResourceTopic) {
            const TopicInfo *topic = topics.find(res.resourceName);
            if (!topic) {
                s = makeError(ErrorCode::UnknownTopicOrPartition,
                              "no topic '" + res.resourceName + "'");
            } else {
                auto configs = incremental ? topic->configs : std::map<std::string, std::string>{};
                s = applyTopicConfigChanges(config.topicDefaults, configs, changes);
                if (s.ok() && !request.validateOnly)
                    s = commit(res.resourceName, std::move(configs));
            }
        } else if (res.resourceType == kResourceBroker) {
            s = makeError(ErrorCode::InvalidRequest,
                          "broker configs are read from server.properties; change the file and "
                          "restart the broker");
        } else {
            s = makeError(ErrorCode::InvalidRequest,
                          "resource type " + std::to_string(res.resourceType) + " has no configs");
        }
        result.errorCode = code(s.code());
        if (!s.ok())
            result.errorMessage = s.error().message;
        response.responses.push_back(std::move(result));
    }
}

template<typename Request, typename Response>
void Broker::alterConfigsAndReply(const RequestContext &ctx,
                                  const Request &request,
                                  bool incremental,
                                  net::Respond respond)
{
    struct Pending
    {
        size_t index; // in response.responses
        std::string topic;
        std::map<std::string, std::string> configs;
    };
    std::vector<Pending> pending;
    auto response = std::make_shared<Response>();
    alterConfigs(
        request,
        *response,
        incremental,
        *m_topics,
        m_config,
        [this, &ctx](int8_t type, const std::string &name) {
            return configAuthorization(ctx, AclOperation::AlterConfigs, type, name);
        },
        [&](const std::string &topic, std::map<std::string, std::string> configs) {
            if (m_cluster) { // every broker applies it from the metadata log
                pending.push_back({response->responses.size(), topic, std::move(configs)});
                return Status::success();
            }
            Status s = m_topics->setConfigs(topic, std::move(configs));
            if (s.ok())
                reapplyTopicConfig(topic);
            return s;
        });
    if (pending.empty())
        return reply(ctx, *response, respond);
    auto outstanding = std::make_shared<size_t>(pending.size());
    auto shared = std::make_shared<net::Respond>(std::move(respond));
    for (auto &p : pending) {
        m_cluster->setTopicConfigs(
            p.topic,
            std::move(p.configs),
            [this, ctx, response, outstanding, shared, index = p.index](const rpc::Reply &r) {
                auto &result = response->responses[index];
                if (r.error != ErrorCode::None) {
                    result.errorCode = code(r.error);
                    result.errorMessage = r.message;
                }
                if (--*outstanding == 0)
                    reply(ctx, *response, *shared);
            });
    }
}

void Broker::handleAlterConfigs(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::AlterConfigsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    alterConfigsAndReply<protocol::AlterConfigsRequest, protocol::AlterConfigsResponse>(
        ctx, request, false, std::move(respond));
}

void Broker::handleIncrementalAlterConfigs(const RequestContext &ctx,
                                           ByteReader &reader,
                                           net::Respond respond)
{
    protocol::IncrementalAlterConfigsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    alterConfigsAndReply<protocol::IncrementalAlterConfigsRequest,
                         protocol::IncrementalAlterConfigsResponse>(
        ctx, request, true, std::move(respond));
}

void Broker::reapplyTopicConfig(const std::string &name)
{
    const TopicInfo *t = m_topics->find(name);
    for (int32_t p = 0; t && p < t->partitionCount; ++p)
        if (auto *log = partitionLog(name, p))
            log->setConfig(logConfigFor(*t));
}

ErrorCode Broker::configAuthorization(const RequestContext &ctx,
                                      security::AclOperation operation,
                                      int8_t resourceType,
                                      const std::string &name) const
{
    if (resourceType == kResourceTopic)
        return allowed(ctx, operation, ResourceType::Topic, name)
                   ? ErrorCode::None
                   : ErrorCode::TopicAuthorizationFailed;
    if (resourceType == kResourceBroker)
        return allowedOnCluster(ctx, operation) ? ErrorCode::None
                                                : ErrorCode::ClusterAuthorizationFailed;
    return ErrorCode::None;
}

} // namespace runnel::broker
