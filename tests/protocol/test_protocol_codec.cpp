// Tests of the generated Kafka codec (engine/protocol/messages.h), the headers and the
// advertised API table: round trips across versions, requests exactly as real clients sent
// them, and malformed input.

#include "engine/protocol/api_table.h"
#include "engine/protocol/headers.h"
#include "engine/protocol/messages.h"

#include <QtTest>

#include <random>

using namespace runnel;
using namespace runnel::protocol;

namespace {

Bytes fromHex(const char *hex)
{
    QByteArray b = QByteArray::fromHex(QByteArray(hex));
    return Bytes(b.begin(), b.end());
}

QByteArray toHex(const Bytes &b)
{
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size())).toHex();
}

template<typename M>
Bytes encodeMessage(const M &m, int16_t version)
{
    Bytes out;
    ByteWriter w(out);
    m.encode(w, version);
    return out;
}

// Request frames captured from real clients talking to a recording listener on
// 127.0.0.1 (the 4-byte size prefix removed): librdkafka 2.0.2 through kcat 1.7.1
// (`kcat -L`), and kafka-python 2.0.2 (KafkaProducer, client_id
// "kafka-python-producer-1", one record key "k" value "hello" at 1700000000000).
constexpr const char *kRdkafkaApiVersionsV3
    = "0012 0003 00000001"      // header v2: api key 18, version 3, correlation id 1
      "0007 72646b61666b61"     // client id "rdkafka" (int16 length even in header v2)
      "00"                      // header tagged fields: none
      "0b 6c696272646b61666b61" // ClientSoftwareName "librdkafka" (compact: length+1)
      "06 322e302e32"           // ClientSoftwareVersion "2.0.2"
      "00";                     // body tagged fields: none
constexpr const char *kKafkaPythonMetadataV0
    = "000300000000000200176b61666b612d707974686f6e2d 70726f64756365722d3100000000";
constexpr const char *kKafkaPythonMetadataV1
    = "000300010000000300176b61666b612d707974686f6e2d 70726f64756365722d31ffffffff";
constexpr const char *kKafkaPythonProduceV7
    = "000000070000000100176b61666b612d707974686f6e2d70726f64756365722d31ffff0001000075300000 "
      "000100017400000001000000000000004a00000000000000000000003e000000000236ff4dc30000000000 "
      "000000018bcfe568000000018bcfe56800ffffffffffffffffffffffffffff0000000118000000026b0a68 "
      "656c6c6f00";
constexpr const char *kKafkaPythonApiVersionsV0
    = "001200000000000100176b61666b612d707974686f6e2d70726f64756365722d31";

// Decodes a whole request frame the way the broker does: header (version chosen from the
// API version), then the body, which must use every byte.
template<typename Req>
bool decodeFrame(const Bytes &frame, RequestHeader &header, Req &body)
{
    ByteReader peek(frame);
    auto key = static_cast<ApiKey>(peek.readI16());
    int16_t version = peek.readI16();
    ByteReader r(frame);
    if (!header.decode(r, requestHeaderVersion(key, version)))
        return false;
    if (!body.decode(r, header.requestApiVersion))
        return false;
    return r.atEnd();
}

template<typename Req>
Bytes encodeFrame(const RequestHeader &header, const Req &body)
{
    Bytes out;
    ByteWriter w(out);
    header.encode(w, requestHeaderVersion(Req::kApiKey, header.requestApiVersion));
    body.encode(w, header.requestApiVersion);
    return out;
}

// Populated messages for round trips; fields absent in a version are simply not written.
ProduceRequest sampleProduce()
{
    ProduceRequest m;
    m.transactionalId = "tx-1";
    m.acks = -1;
    m.timeoutMs = 1500;
    ProduceRequest::TopicProduceData t;
    t.name = "orders";
    t.partitionData.push_back({0, Bytes{1, 2, 3}});
    t.partitionData.push_back({7, std::nullopt});
    m.topicData.push_back(t);
    return m;
}

ProduceResponse sampleProduceResponse()
{
    ProduceResponse m;
    ProduceResponse::TopicProduceResponse t;
    t.name = "orders";
    ProduceResponse::PartitionProduceResponse p;
    p.index = 3;
    p.errorCode = 6;
    p.baseOffset = 42;
    p.logAppendTimeMs = 1700000000000;
    p.logStartOffset = 5;
    p.recordErrors.push_back({1, std::string("bad")});
    p.errorMessage = "not leader";
    p.currentLeader.leaderId = 2;
    p.currentLeader.leaderEpoch = 9;
    t.partitionResponses.push_back(p);
    m.responses.push_back(t);
    m.throttleTimeMs = 10;
    m.nodeEndpoints.push_back({2, "127.0.0.1", 9093, std::nullopt});
    return m;
}

FetchRequest sampleFetch()
{
    FetchRequest m;
    m.clusterId = "cluster";
    m.replicaId = -1;
    m.replicaState.replicaId = 4;
    m.replicaState.replicaEpoch = 77;
    m.maxWaitMs = 500;
    m.minBytes = 1;
    m.maxBytes = 52428800;
    m.isolationLevel = 1;
    m.sessionId = 12;
    m.sessionEpoch = 3;
    FetchRequest::FetchTopic t;
    t.topic = "orders";
    t.topicId.bytes[0] = 0xab;
    FetchRequest::FetchPartition p;
    p.partition = 1;
    p.currentLeaderEpoch = 4;
    p.fetchOffset = 1000;
    p.lastFetchedEpoch = 3;
    p.logStartOffset = 10;
    p.partitionMaxBytes = 1048576;
    p.replicaDirectoryId.bytes[15] = 1;
    t.partitions.push_back(p);
    m.topics.push_back(t);
    m.forgottenTopicsData.push_back({"old", Uuid{}, {1, 2}});
    m.rackId = "rack-a";
    return m;
}

FetchResponse sampleFetchResponse()
{
    FetchResponse m;
    m.throttleTimeMs = 1;
    m.errorCode = 0;
    m.sessionId = 99;
    FetchResponse::FetchableTopicResponse t;
    t.topic = "orders";
    FetchResponse::PartitionData p;
    p.partitionIndex = 0;
    p.highWatermark = 100;
    p.lastStableOffset = 90;
    p.logStartOffset = 0;
    p.divergingEpoch.epoch = 2;
    p.divergingEpoch.endOffset = 50;
    p.abortedTransactions = std::vector<FetchResponse::AbortedTransaction>{{7, 60}};
    p.preferredReadReplica = -1;
    p.records = Bytes(20, 0x5a);
    t.partitions.push_back(p);
    m.responses.push_back(t);
    return m;
}

MetadataRequest sampleMetadata()
{
    MetadataRequest m;
    m.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{Uuid{}, std::string("a")},
                                                                  {Uuid{}, std::string("b")}};
    m.allowAutoTopicCreation = false;
    m.includeTopicAuthorizedOperations = true;
    return m;
}

MetadataResponse sampleMetadataResponse()
{
    MetadataResponse m;
    m.throttleTimeMs = 0;
    m.brokers.push_back({1, "localhost", 9092, std::string("r1")});
    m.brokers.push_back({2, "localhost", 9093, std::nullopt});
    m.clusterId = "abc";
    m.controllerId = 1;
    MetadataResponse::MetadataResponseTopic t;
    t.name = "orders";
    t.isInternal = false;
    t.partitions.push_back({0, 0, 1, 5, {1, 2}, {1}, {2}});
    t.topicAuthorizedOperations = 0x0ff8;
    m.topics.push_back(t);
    return m;
}

ApiVersionsResponse sampleApiVersionsResponse()
{
    ApiVersionsResponse m;
    for (const ApiVersionRange &api : supportedApis())
        m.apiKeys.push_back({static_cast<int16_t>(api.key), api.minVersion, api.maxVersion});
    m.throttleTimeMs = 0;
    m.supportedFeatures.push_back({"metadata.version", 1, 20});
    m.finalizedFeaturesEpoch = 3;
    return m;
}

CreateTopicsRequest sampleCreateTopics()
{
    CreateTopicsRequest m;
    CreateTopicsRequest::CreatableTopic t;
    t.name = "new-topic";
    t.numPartitions = 3;
    t.replicationFactor = 1;
    t.assignments.push_back({0, {1, 2}});
    t.configs.push_back({"cleanup.policy", std::string("compact")});
    t.configs.push_back({"retention.ms", std::nullopt});
    m.topics.push_back(t);
    m.timeoutMs = 30000;
    m.validateOnly = true;
    return m;
}

JoinGroupRequest sampleJoinGroup()
{
    JoinGroupRequest m;
    m.groupId = "g";
    m.sessionTimeoutMs = 10000;
    m.rebalanceTimeoutMs = 20000;
    m.memberId = "";
    m.groupInstanceId = "static-1";
    m.protocolType = "consumer";
    m.protocols.push_back({"range", Bytes{0, 1, 0, 0}});
    m.reason = "joining";
    return m;
}

OffsetCommitRequest sampleOffsetCommit()
{
    OffsetCommitRequest m;
    m.groupId = "g";
    m.generationIdOrMemberEpoch = 3;
    m.memberId = "m-1";
    m.groupInstanceId = std::nullopt;
    m.retentionTimeMs = -1;
    OffsetCommitRequest::OffsetCommitRequestTopic t;
    t.name = "orders";
    t.partitions.push_back({0, 100, 2, 1700000000000, std::string("meta")});
    m.topics.push_back(t);
    return m;
}

DescribeClusterResponse sampleDescribeClusterResponse()
{
    DescribeClusterResponse m;
    m.clusterId = "c";
    m.controllerId = 1;
    m.brokers.push_back({1, "localhost", 9092, std::nullopt});
    m.clusterAuthorizedOperations = 0;
    return m;
}

OffsetFetchResponse sampleOffsetFetchResponse()
{
    OffsetFetchResponse m;
    OffsetFetchResponse::OffsetFetchResponseTopic t;
    t.name = "orders";
    t.partitions.push_back({0, 10, 2, std::string(""), 0});
    m.topics.push_back(t);
    OffsetFetchResponse::OffsetFetchResponseGroup g;
    g.groupId = "g";
    m.groups.push_back(g);
    return m;
}

} // namespace

class TestProtocolCodec : public QObject
{
    Q_OBJECT
private slots:
    // Every defined API and version: a default message survives encode→decode and the
    // decoder consumes exactly what the encoder wrote.
    void defaultsRoundTrip_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("version");
        for (const ApiDefinition &d : definedApis()) {
            for (int v = d.minVersion; v <= d.maxVersion; ++v) {
                QTest::addRow("%s v%d", std::string(apiName(d.key)).c_str(), v) << int(d.key) << v;
            }
        }
    }
    void defaultsRoundTrip()
    {
        QFETCH(int, key);
        QFETCH(int, version);
        bool checked = false;
        visitApi(static_cast<ApiKey>(key), [&](auto reqType, auto respType) {
            using Req = typename decltype(reqType)::type;
            using Resp = typename decltype(respType)::type;
            const auto v = static_cast<int16_t>(version);
            Req req;
            Bytes b = encodeMessage(req, v);
            ByteReader r(b);
            Req req2;
            QVERIFY(req2.decode(r, v));
            QVERIFY(r.atEnd());
            QVERIFY(req2 == req);
            Resp resp;
            Bytes b2 = encodeMessage(resp, v);
            ByteReader r2(b2);
            Resp resp2;
            QVERIFY(resp2.decode(r2, v));
            QVERIFY(r2.atEnd());
            QVERIFY(resp2 == resp);
            checked = true;
        });
        QVERIFY(checked);
    }

    // Populated messages across classic and flexible versions: decoding what was encoded
    // and encoding again gives the same bytes, and the decoded values are the ones sent
    // for fields present in the version.
    void populatedRoundTrip_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("version");
        const std::pair<const char *, std::vector<int>> rows[] = {
            {"ProduceRequest", {0, 2, 3, 7, 8, 9, 11}},
            {"ProduceResponse", {0, 1, 2, 5, 8, 9, 10, 11}},
            {"FetchRequest", {4, 7, 10, 11, 12, 13, 15, 17}},
            {"FetchResponse", {4, 5, 11, 12, 13, 16}},
            {"MetadataRequest", {0, 1, 4, 8, 9, 10, 12}},
            {"MetadataResponse", {0, 1, 2, 5, 7, 8, 9, 10, 12}},
            {"ApiVersionsResponse", {0, 1, 2, 3, 4}},
            {"CreateTopicsRequest", {0, 1, 4, 5, 7}},
            {"JoinGroupRequest", {0, 1, 5, 6, 8, 9}},
            {"OffsetCommitRequest", {0, 1, 2, 5, 7, 8, 9}},
            {"OffsetFetchResponse", {0, 2, 5, 6, 7, 8}},
            {"DescribeClusterResponse", {0, 1}},
        };
        for (const auto &[name, versions] : rows) {
            for (int v : versions)
                QTest::addRow("%s v%d", name, v) << QString::fromLatin1(name) << v;
        }
    }
    void populatedRoundTrip()
    {
        QFETCH(QString, message);
        QFETCH(int, version);
        const auto v = static_cast<int16_t>(version);
        if (message == "ProduceRequest") {
            auto d = roundTrip(sampleProduce(), v);
            QCOMPARE(d.topicData.at(0).name, std::string("orders"));
            QCOMPARE(d.topicData.at(0).partitionData.at(1).index, 7);
            QVERIFY(!d.topicData.at(0).partitionData.at(1).records);
            QCOMPARE(d.transactionalId, v >= 3 ? std::optional<std::string>("tx-1") : std::nullopt);
        } else if (message == "ProduceResponse") {
            auto d = roundTrip(sampleProduceResponse(), v);
            const auto &p = d.responses.at(0).partitionResponses.at(0);
            QCOMPARE(p.baseOffset, 42);
            QCOMPARE(p.logAppendTimeMs, v >= 2 ? 1700000000000 : -1);
            QCOMPARE(p.currentLeader.leaderEpoch, v >= 10 ? 9 : -1);
            QCOMPARE(d.nodeEndpoints.size(), size_t(v >= 10 ? 1 : 0));
            QCOMPARE(d.throttleTimeMs, v >= 1 ? 10 : 0);
        } else if (message == "FetchRequest") {
            auto d = roundTrip(sampleFetch(), v);
            const auto &p = d.topics.at(0).partitions.at(0);
            QCOMPARE(p.fetchOffset, 1000);
            QCOMPARE(d.topics.at(0).topic, v <= 12 ? std::string("orders") : std::string());
            QCOMPARE(d.topics.at(0).topicId.bytes[0], uint8_t(v >= 13 ? 0xab : 0));
            QCOMPARE(d.clusterId, v >= 12 ? std::optional<std::string>("cluster") : std::nullopt);
            QCOMPARE(d.replicaState.replicaEpoch, v >= 15 ? 77 : -1);
            QCOMPARE(p.replicaDirectoryId.bytes[15], uint8_t(v >= 17 ? 1 : 0));
            QCOMPARE(d.rackId, v >= 11 ? std::string("rack-a") : std::string());
        } else if (message == "FetchResponse") {
            auto d = roundTrip(sampleFetchResponse(), v);
            const auto &p = d.responses.at(0).partitions.at(0);
            QCOMPARE(p.records, std::optional<Bytes>(Bytes(20, 0x5a)));
            QCOMPARE(p.divergingEpoch.endOffset, v >= 12 ? 50 : -1);
            QCOMPARE(p.abortedTransactions->at(0).firstOffset, 60);
        } else if (message == "MetadataRequest") {
            auto d = roundTrip(sampleMetadata(), v);
            QCOMPARE(d.topics->size(), size_t(2));
            QCOMPARE(d.topics->at(1).name, std::optional<std::string>("b"));
            QCOMPARE(d.allowAutoTopicCreation, v < 4);
        } else if (message == "MetadataResponse") {
            auto d = roundTrip(sampleMetadataResponse(), v);
            QCOMPARE(d.brokers.size(), size_t(2));
            QCOMPARE(d.brokers.at(0).rack,
                     v >= 1 ? std::optional<std::string>("r1") : std::nullopt);
            QCOMPARE(d.controllerId, v >= 1 ? 1 : -1);
            QCOMPARE(d.topics.at(0).partitions.at(0).isrNodes, std::vector<int32_t>{1});
            QCOMPARE(d.topics.at(0).partitions.at(0).leaderEpoch, v >= 7 ? 5 : -1);
        } else if (message == "ApiVersionsResponse") {
            auto d = roundTrip(sampleApiVersionsResponse(), v);
            QCOMPARE(d.apiKeys.size(), supportedApis().size());
            QCOMPARE(d.finalizedFeaturesEpoch, v >= 3 ? 3 : -1);
            QCOMPARE(d.supportedFeatures.size(), size_t(v >= 3 ? 1 : 0));
        } else if (message == "CreateTopicsRequest") {
            auto d = roundTrip(sampleCreateTopics(), v);
            QCOMPARE(d.topics.at(0).configs.at(1).value, std::optional<std::string>());
            QCOMPARE(d.validateOnly, v >= 1);
        } else if (message == "JoinGroupRequest") {
            auto d = roundTrip(sampleJoinGroup(), v);
            QCOMPARE(d.protocols.at(0).metadata, (Bytes{0, 1, 0, 0}));
            QCOMPARE(d.rebalanceTimeoutMs, v >= 1 ? 20000 : -1);
            QCOMPARE(d.groupInstanceId,
                     v >= 5 ? std::optional<std::string>("static-1") : std::nullopt);
        } else if (message == "OffsetCommitRequest") {
            auto d = roundTrip(sampleOffsetCommit(), v);
            const auto &p = d.topics.at(0).partitions.at(0);
            QCOMPARE(p.committedOffset, 100);
            QCOMPARE(p.committedLeaderEpoch, v >= 6 ? 2 : -1);
            QCOMPARE(p.committedMetadata, std::optional<std::string>("meta"));
        } else if (message == "OffsetFetchResponse") {
            auto d = roundTrip(sampleOffsetFetchResponse(), v);
            QCOMPARE(d.topics.size(), size_t(v <= 7 ? 1 : 0));
            QCOMPARE(d.groups.size(), size_t(v >= 8 ? 1 : 0));
        } else if (message == "DescribeClusterResponse") {
            auto d = roundTrip(sampleDescribeClusterResponse(), v);
            QCOMPARE(d.brokers.at(0).port, 9092);
        } else {
            QFAIL("unknown row");
        }
    }

    // --- requests exactly as real clients send them -------------------------------------

    void librdkafkaApiVersionsV3()
    {
        const Bytes frame = fromHex(kRdkafkaApiVersionsV3);
        QCOMPARE(requestHeaderVersion(ApiKey::ApiVersions, 3), int16_t(2));
        RequestHeader header;
        ApiVersionsRequest body;
        QVERIFY(decodeFrame(frame, header, body));
        QCOMPARE(header.requestApiKey, int16_t(18));
        QCOMPARE(header.requestApiVersion, int16_t(3));
        QCOMPARE(header.correlationId, 1);
        // Header v2 keeps the classic int16-length client id.
        QCOMPARE(header.clientId, std::optional<std::string>("rdkafka"));
        QCOMPARE(body.clientSoftwareName, std::string("librdkafka"));
        QCOMPARE(body.clientSoftwareVersion, std::string("2.0.2"));
        QCOMPARE(toHex(encodeFrame(header, body)), toHex(frame));
    }

    void kafkaPythonApiVersionsV0()
    {
        const Bytes frame = fromHex(kKafkaPythonApiVersionsV0);
        RequestHeader header;
        ApiVersionsRequest body;
        QVERIFY(decodeFrame(frame, header, body));
        QCOMPARE(header.requestApiVersion, int16_t(0));
        QCOMPARE(header.clientId, std::optional<std::string>("kafka-python-producer-1"));
        QCOMPARE(body.clientSoftwareName, std::string());
        QCOMPARE(toHex(encodeFrame(header, body)), toHex(frame));
    }

    void kafkaPythonMetadataV0()
    {
        const Bytes frame = fromHex(kKafkaPythonMetadataV0);
        RequestHeader header;
        MetadataRequest body;
        QVERIFY(decodeFrame(frame, header, body));
        QCOMPARE(header.requestApiKey, int16_t(3));
        QCOMPARE(header.requestApiVersion, int16_t(0));
        QCOMPARE(header.correlationId, 2);
        QCOMPARE(header.clientId, std::optional<std::string>("kafka-python-producer-1"));
        // v0: an empty list means every topic (null arrives only from v1).
        QVERIFY(body.topics.has_value());
        QVERIFY(body.topics->empty());
        QVERIFY(body.allowAutoTopicCreation);
        QCOMPARE(toHex(encodeFrame(header, body)), toHex(frame));
    }

    void kafkaPythonMetadataV1NullTopics()
    {
        const Bytes frame = fromHex(kKafkaPythonMetadataV1);
        RequestHeader header;
        MetadataRequest body;
        QVERIFY(decodeFrame(frame, header, body));
        QCOMPARE(header.requestApiVersion, int16_t(1));
        QVERIFY(!body.topics.has_value());
        QCOMPARE(toHex(encodeFrame(header, body)), toHex(frame));
    }

    void kafkaPythonProduceV7()
    {
        const Bytes frame = fromHex(kKafkaPythonProduceV7);
        RequestHeader header;
        ProduceRequest body;
        QVERIFY(decodeFrame(frame, header, body));
        QCOMPARE(header.requestApiKey, int16_t(0));
        QCOMPARE(header.requestApiVersion, int16_t(7));
        QCOMPARE(header.correlationId, 1);
        QVERIFY(!body.transactionalId.has_value());
        QCOMPARE(body.acks, int16_t(1));
        QCOMPARE(body.timeoutMs, 30000);
        QCOMPARE(body.topicData.size(), size_t(1));
        QCOMPARE(body.topicData[0].name, std::string("t"));
        QCOMPARE(body.topicData[0].partitionData.size(), size_t(1));
        const auto &p = body.topicData[0].partitionData[0];
        QCOMPARE(p.index, 0);
        QVERIFY(p.records.has_value());
        QCOMPARE(p.records->size(), size_t(74));
        // The records are one v2 batch: magic byte at offset 16, record count at 57.
        QCOMPARE((*p.records)[16], uint8_t(2));
        QCOMPARE(loadBE32(p.records->data() + 57), uint32_t(1));
        QCOMPARE(toHex(encodeFrame(header, body)), toHex(frame));
    }

    // Built by hand from the spec: a flexible response with a known tagged field (tag 1,
    // FinalizedFeaturesEpoch) followed by a tag this codec does not know (tag 9), which
    // must be skipped.
    void apiVersionsResponseV3TaggedFields()
    {
        const Bytes bytes = fromHex("0000"                   // ErrorCode
                                    "02"                     // ApiKeys: compact array, 1 entry
                                    "0012 0000 0003 00"      // ApiVersions 0-3, no tags
                                    "00000000"               // ThrottleTimeMs
                                    "02"                     // two tagged fields
                                    "01 08 0000000000000005" // tag 1, size 8
                                    "09 02 6162");           // tag 9, size 2, unknown
        ApiVersionsResponse m;
        ByteReader r(bytes);
        QVERIFY(m.decode(r, 3));
        QVERIFY(r.atEnd());
        QCOMPARE(m.apiKeys.size(), size_t(1));
        QCOMPARE(m.apiKeys[0].apiKey, int16_t(18));
        QCOMPARE(m.apiKeys[0].maxVersion, int16_t(3));
        QCOMPARE(m.finalizedFeaturesEpoch, 5);
        QVERIFY(!m.zkMigrationReady);
        // Re-encoded: only the known tag, and only because it differs from its default.
        QCOMPARE(toHex(encodeMessage(m, 3)),
                 QByteArray("00000200120000000300000000000101080000000000000005"));
    }

    void apiVersionsResponseV0Bytes()
    {
        ApiVersionsResponse m;
        m.apiKeys.push_back({18, 0, 3});
        QCOMPARE(toHex(encodeMessage(m, 0)), QByteArray("000000000001001200000003"));
    }

    // --- malformed input ----------------------------------------------------------------

    void truncatedFramesFail_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("rdkafka ApiVersions v3") << QByteArray(kRdkafkaApiVersionsV3);
        QTest::newRow("kafka-python Metadata v0") << QByteArray(kKafkaPythonMetadataV0);
        QTest::newRow("kafka-python Metadata v1") << QByteArray(kKafkaPythonMetadataV1);
        QTest::newRow("kafka-python Produce v7") << QByteArray(kKafkaPythonProduceV7);
    }
    void truncatedFramesFail()
    {
        QFETCH(QByteArray, hex);
        const Bytes frame = fromHex(hex.constData());
        QVERIFY(decodeAny(frame));
        for (size_t n = 0; n < frame.size(); ++n)
            QVERIFY2(!decodeAny(Bytes(frame.begin(), frame.begin() + long(n))),
                     qPrintable(QString("prefix of %1 bytes decoded").arg(n)));
    }

    void hostileLengthsFail_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("hex");
        // Produce v3: null transactional id, acks, timeout, then the topic array count.
        QTest::newRow("array count 2^31-1")
            << 0 << 3 << QByteArray("ffff 0001 00007530 7fffffff 0001");
        QTest::newRow("array count -2") << 0 << 3 << QByteArray("ffff 0001 00007530 fffffffe");
        QTest::newRow("null non-nullable array")
            << 0 << 3 << QByteArray("ffff 0001 00007530 ffffffff");
        QTest::newRow("null topic name")
            << 0 << 3 << QByteArray("ffff 0001 00007530 00000001 ffff 00000000");
        QTest::newRow("string longer than frame") << 0 << 3 << QByteArray("7fff 6162");
        QTest::newRow("string length -2") << 0 << 3 << QByteArray("fffe");
        QTest::newRow("records length 2^31-1")
            << 0 << 3
            << QByteArray("ffff 0001 00007530 00000001 0001 74 00000001 00000000 7fffffff");
        // Metadata v9 (flexible): compact array count with an overlong varint.
        QTest::newRow("overlong varint") << 3 << 9 << QByteArray("ffffffffff01");
        QTest::newRow("compact count too large") << 3 << 9 << QByteArray("ffffff7f 00");
        QTest::newRow("tagged field beyond frame") << 3 << 9 << QByteArray("01 01 00 00 01 05 7f");
        QTest::newRow("empty") << 3 << 9 << QByteArray("");
        QTest::newRow("version above definitions") << 3 << 13 << QByteArray("00 01 00 00 00");
        QTest::newRow("negative version") << 3 << -1 << QByteArray("00000000");
    }
    void hostileLengthsFail()
    {
        QFETCH(int, key);
        QFETCH(int, version);
        QFETCH(QByteArray, hex);
        const Bytes bytes = fromHex(hex.constData());
        bool visited = visitApi(static_cast<ApiKey>(key), [&](auto reqType, auto) {
            typename decltype(reqType)::type req;
            ByteReader r(bytes);
            QVERIFY(!req.decode(r, static_cast<int16_t>(version)));
            QVERIFY(!r.ok());
        });
        QVERIFY(visited);
    }

    // Compact strings keep the classic int16 length limit, as Kafka enforces, so that a
    // decoded value can always be written again in a classic version.
    void compactStringLengthLimit_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("32767") << 32767 << true;
        QTest::newRow("32768") << 32768 << false;
    }
    void compactStringLengthLimit()
    {
        QFETCH(int, length);
        QFETCH(bool, accepted);
        // Metadata v9: one topic whose name has `length` bytes, then the three flags.
        Bytes bytes;
        ByteWriter w(bytes);
        w.writeUnsignedVarint(2);
        w.writeUnsignedVarint(uint32_t(length) + 1);
        bytes.insert(bytes.end(), size_t(length), 'a');
        for (uint8_t b : {0x00, 0x01, 0x00, 0x00, 0x00}) // topic tags, flags, body tags
            w.writeU8(b);
        MetadataRequest m;
        ByteReader r(bytes);
        QCOMPARE(m.decode(r, 9), accepted);
        if (accepted)
            QCOMPARE(m.topics->at(0).name->size(), size_t(length));
    }

    // Random bytes and random mutations of real frames, for every API and version the
    // definitions cover: decoding may succeed or fail but must not crash (the fuzz target
    // does this at scale under sanitizers).
    void garbageDoesNotCrash()
    {
        std::mt19937 rng(20240611);
        const Bytes seeds[] = {fromHex(kKafkaPythonProduceV7), fromHex(kRdkafkaApiVersionsV3)};
        int decoded = 0;
        for (const ApiDefinition &d : definedApis()) {
            for (int16_t v = d.minVersion; v <= d.maxVersion; ++v) {
                for (int i = 0; i < 40; ++i) {
                    Bytes input;
                    if (i % 2 == 0) {
                        input.resize(rng() % 64);
                        for (auto &b : input)
                            b = static_cast<uint8_t>(rng());
                    } else {
                        input = seeds[i % 4 == 1 ? 0 : 1];
                        for (int m = 0; m < 4; ++m)
                            input[rng() % input.size()] = static_cast<uint8_t>(rng());
                        input.erase(input.begin(), input.begin() + 8); // drop the header
                    }
                    visitApi(d.key, [&](auto reqType, auto respType) {
                        typename decltype(reqType)::type req;
                        ByteReader r(input);
                        if (req.decode(r, v)) {
                            ++decoded;
                            encodeMessage(req, v);
                        }
                        typename decltype(respType)::type resp;
                        ByteReader r2(input);
                        if (resp.decode(r2, v))
                            encodeMessage(resp, v);
                    });
                }
            }
        }
        QVERIFY(decoded > 0); // some inputs are valid (e.g. empty bodies)
    }

    // --- headers ------------------------------------------------------------------------

    void headerVersions_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("flexible");
        QTest::addColumn<int>("requestHeader");
        QTest::addColumn<int>("responseHeader");
        QTest::newRow("ApiVersions v2") << int(ApiKey::ApiVersions) << 2 << false << 1 << 0;
        QTest::newRow("ApiVersions v3 (response header stays v0)")
            << int(ApiKey::ApiVersions) << 3 << true << 2 << 0;
        QTest::newRow("Metadata v8") << int(ApiKey::Metadata) << 8 << false << 1 << 0;
        QTest::newRow("Metadata v9") << int(ApiKey::Metadata) << 9 << true << 2 << 1;
        QTest::newRow("Produce v8") << int(ApiKey::Produce) << 8 << false << 1 << 0;
        QTest::newRow("Produce v9") << int(ApiKey::Produce) << 9 << true << 2 << 1;
        QTest::newRow("Fetch v11") << int(ApiKey::Fetch) << 11 << false << 1 << 0;
        QTest::newRow("Fetch v12") << int(ApiKey::Fetch) << 12 << true << 2 << 1;
        QTest::newRow("DescribeCluster v0") << int(ApiKey::DescribeCluster) << 0 << true << 2 << 1;
        QTest::newRow("IncrementalAlterConfigs v1")
            << int(ApiKey::IncrementalAlterConfigs) << 1 << true << 2 << 1;
        QTest::newRow("SaslHandshake v1") << int(ApiKey::SaslHandshake) << 1 << false << 1 << 0;
        QTest::newRow("SaslAuthenticate v2")
            << int(ApiKey::SaslAuthenticate) << 2 << true << 2 << 1;
    }
    void headerVersions()
    {
        QFETCH(int, key);
        QFETCH(int, version);
        QFETCH(bool, flexible);
        QFETCH(int, requestHeader);
        QFETCH(int, responseHeader);
        const auto k = static_cast<ApiKey>(key);
        const auto v = static_cast<int16_t>(version);
        QCOMPARE(isFlexible(k, v), flexible);
        QCOMPARE(int(requestHeaderVersion(k, v)), requestHeader);
        QCOMPARE(int(responseHeaderVersion(k, v)), responseHeader);
    }

    void requestHeaderV2NullClientIdAndTags()
    {
        // Null client id (int16 -1, not a compact string), then one unknown tagged field.
        const Bytes bytes = fromHex("0003 0009 0000002a ffff 01 05 02 abcd");
        RequestHeader h;
        ByteReader r(bytes);
        QVERIFY(h.decode(r, 2));
        QVERIFY(r.atEnd());
        QCOMPARE(h.requestApiKey, int16_t(3));
        QCOMPARE(h.requestApiVersion, int16_t(9));
        QCOMPARE(h.correlationId, 42);
        QVERIFY(!h.clientId.has_value());

        RequestHeader v0;
        ByteReader r0(bytes);
        QVERIFY(v0.decode(r0, 0));
        QCOMPARE(r0.position(), size_t(8));
        QVERIFY(!v0.clientId.has_value());

        ByteReader shortReader(Bytes{0x00, 0x03, 0x00});
        QVERIFY(!h.decode(shortReader, 1));
    }

    void responseHeaderBytes()
    {
        Bytes out;
        ByteWriter w(out);
        encodeResponseHeader(w, 0x01020304, 0);
        QCOMPARE(toHex(out), QByteArray("01020304"));
        out.clear();
        encodeResponseHeader(w, 7, 1);
        QCOMPARE(toHex(out), QByteArray("0000000700"));
        ResponseHeader h;
        ByteReader r(out);
        QVERIFY(h.decode(r, 1));
        QCOMPARE(h.correlationId, 7);
    }

    // --- the advertised table -----------------------------------------------------------

    void tableWithinDefinitions()
    {
        int16_t previous = -1;
        for (const ApiVersionRange &api : supportedApis()) {
            const ApiDefinition *d = findDefinition(static_cast<int16_t>(api.key));
            QVERIFY2(d, std::string(apiName(api.key)).c_str());
            QVERIFY(api.minVersion <= api.maxVersion);
            QVERIFY2(api.minVersion >= d->minVersion && api.maxVersion <= d->maxVersion,
                     std::string(apiName(api.key)).c_str());
            QVERIFY(static_cast<int16_t>(api.key) > previous); // sorted, no duplicates
            previous = static_cast<int16_t>(api.key);
            QCOMPARE(findApi(static_cast<int16_t>(api.key)), &api);
        }
        QCOMPARE(supportedApis().size(), size_t(35));
    }

    void tableRangesClientsNeed_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("version");
        QTest::newRow("Produce 0 (librdkafka compression)") << int(ApiKey::Produce) << 0;
        QTest::newRow("Produce 3 (librdkafka MsgVer2)") << int(ApiKey::Produce) << 3;
        QTest::newRow("Produce 7 (kafka-python)") << int(ApiKey::Produce) << 7;
        QTest::newRow("Fetch 4") << int(ApiKey::Fetch) << 4;
        QTest::newRow("Fetch 10") << int(ApiKey::Fetch) << 10;
        QTest::newRow("FindCoordinator 0") << int(ApiKey::FindCoordinator) << 0;
        QTest::newRow("Metadata 0 (kafka-python probe)") << int(ApiKey::Metadata) << 0;
        QTest::newRow("ApiVersions 3") << int(ApiKey::ApiVersions) << 3;
        QTest::newRow("JoinGroup 5 (static membership)") << int(ApiKey::JoinGroup) << 5;
        QTest::newRow("DescribeCluster 1") << int(ApiKey::DescribeCluster) << 1;
        QTest::newRow("SaslHandshake 0 (kafka-python)") << int(ApiKey::SaslHandshake) << 0;
        QTest::newRow("SaslHandshake 1 (librdkafka)") << int(ApiKey::SaslHandshake) << 1;
        QTest::newRow("SaslAuthenticate 0 (librdkafka)") << int(ApiKey::SaslAuthenticate) << 0;
        QTest::newRow("SaslAuthenticate 1 (kafkajs)") << int(ApiKey::SaslAuthenticate) << 1;
        QTest::newRow("CreateAcls 1") << int(ApiKey::CreateAcls) << 1;
        QTest::newRow("AlterUserScramCredentials 0") << int(ApiKey::AlterUserScramCredentials) << 0;
        QTest::newRow("UnregisterBroker 0 (the agent)") << int(ApiKey::UnregisterBroker) << 0;
    }
    void tableRangesClientsNeed()
    {
        QFETCH(int, key);
        QFETCH(int, version);
        const ApiVersionRange *api = findApi(static_cast<int16_t>(key));
        QVERIFY(api);
        QVERIFY(version >= api->minVersion && version <= api->maxVersion);
    }

    void tableExcludes()
    {
        QCOMPARE(findApi(int16_t(ApiKey::Fetch))->minVersion, int16_t(4));
        QCOMPARE(findApi(int16_t(ApiKey::ApiVersions))->maxVersion, int16_t(3));
        QVERIFY(!findApi(999));
        QVERIFY(!findApi(-1));
        QCOMPARE(apiName(ApiKey::OffsetForLeaderEpoch), std::string_view("OffsetForLeaderEpoch"));
        QCOMPARE(apiName(static_cast<ApiKey>(999)), std::string_view("Unknown"));
    }

private:
    template<typename M>
    M roundTrip(const M &m, int16_t version)
    {
        const Bytes first = encodeMessage(m, version);
        ByteReader r(first);
        M decoded;
        bool ok = decoded.decode(r, version);
        [&] {
            QVERIFY(ok);
            QVERIFY(r.atEnd());
            QCOMPARE(toHex(encodeMessage(decoded, version)), toHex(first));
        }();
        return decoded;
    }

    // Header then body, like the broker; true only if both decode and use every byte.
    static bool decodeAny(const Bytes &frame)
    {
        ByteReader peek(frame);
        auto key = static_cast<ApiKey>(peek.readI16());
        int16_t version = peek.readI16();
        if (!peek.ok())
            return false;
        bool result = false;
        visitApi(key, [&](auto reqType, auto) {
            ByteReader r(frame);
            RequestHeader h;
            typename decltype(reqType)::type body;
            result = h.decode(r, requestHeaderVersion(key, version)) && body.decode(r, version)
                     && r.atEnd();
        });
        return result;
    }
};

QTEST_GUILESS_MAIN(TestProtocolCodec)
#include "test_protocol_codec.moc"
