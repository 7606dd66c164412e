#include "engine/metadata/records.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::metadata;

Q_DECLARE_METATYPE(runnel::metadata::MetadataRecord)

namespace {

TopicId topicId(uint8_t seed)
{
    TopicId id{};
    for (size_t i = 0; i < id.size(); ++i)
        id[i] = static_cast<uint8_t>(seed + i);
    return id;
}

} // namespace

class TestMetadataRecords : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<MetadataRecord>("record");
        QTest::newRow("register broker") << MetadataRecord(
            RegisterBrokerRecord{BrokerId(3),
                                 topicId(9),
                                 {{"PLAINTEXT", "127.0.0.1", 9092}, {"SSL", "localhost", 9094}},
                                 "rack-a"});
        QTest::newRow("register broker, no endpoints")
            << MetadataRecord(RegisterBrokerRecord{BrokerId(0), {}, {}, ""});
        QTest::newRow("fence") << MetadataRecord(FenceBrokerRecord{BrokerId(2)});
        QTest::newRow("unfence") << MetadataRecord(UnfenceBrokerRecord{BrokerId(2)});
        QTest::newRow("unregister") << MetadataRecord(UnregisterBrokerRecord{BrokerId(4)});
        QTest::newRow("topic") << MetadataRecord(TopicRecord{"orders", topicId(1)});
        QTest::newRow("remove topic") << MetadataRecord(RemoveTopicRecord{topicId(1)});
        QTest::newRow("partition")
            << MetadataRecord(PartitionRecord{topicId(1),
                                              PartitionId(7),
                                              {BrokerId(1), BrokerId(2), BrokerId(3)},
                                              {BrokerId(1), BrokerId(3)},
                                              BrokerId(1),
                                              LeaderEpoch(4),
                                              11});
        QTest::newRow("change isr+leader") << MetadataRecord(PartitionChangeRecord{
            topicId(1), PartitionId(0), std::vector<BrokerId>{BrokerId(2)}, BrokerId(2)});
        QTest::newRow("change offline")
            << MetadataRecord(PartitionChangeRecord{topicId(1), PartitionId(0), {}, kNoLeader});
        QTest::newRow("change nothing")
            << MetadataRecord(PartitionChangeRecord{topicId(1), PartitionId(0), {}, {}});
        QTest::newRow("change empty isr") << MetadataRecord(
            PartitionChangeRecord{topicId(1), PartitionId(0), std::vector<BrokerId>{}, {}});
        QTest::newRow("config set") << MetadataRecord(
            ConfigRecord{ConfigResource::Topic, "orders", "retention.ms", "1000"});
        QTest::newRow("config delete") << MetadataRecord(
            ConfigRecord{ConfigResource::Broker, "1", "log.retention.ms", std::nullopt});
        QTest::newRow("config empty value")
            << MetadataRecord(ConfigRecord{ConfigResource::Topic, "t", "k", std::string()});
        QTest::newRow("producer ids")
            << MetadataRecord(ProducerIdsRecord{BrokerId(1), 5000000000LL});
        QTest::newRow("cluster id") << MetadataRecord(ClusterIdRecord{"o-Y47FgcRq6sdt4T0Wmpxw"});
        QTest::newRow("scram credential") << MetadataRecord(UserScramCredentialRecord{
            "alice", 2, Bytes{1, 2, 3}, Bytes(64, 0xAB), Bytes(64, 0xCD), 4096});
        QTest::newRow("scram credential, odd user name")
            << MetadataRecord(UserScramCredentialRecord{
                   "a lice%\xc3\xa9", 1, Bytes{9}, Bytes(32, 1), Bytes(32, 2), 8192});
        QTest::newRow("remove scram credential")
            << MetadataRecord(RemoveUserScramCredentialRecord{"alice", 1});
        QTest::newRow("acl") << MetadataRecord(
            AccessControlEntryRecord{AclEntry{2, "orders-", 4, "User:alice", "*", 4, 3}});
        QTest::newRow("remove acl") << MetadataRecord(RemoveAccessControlEntryRecord{
            AclEntry{4, "kafka-cluster", 3, "User:*", "10.0.0.1", 7, 2}});
    }
    void roundTrip()
    {
        QFETCH(MetadataRecord, record);
        Bytes payload = encodeBatch({record, record});
        auto decoded = decodeBatch(payload);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->size(), size_t(2));
        QVERIFY((*decoded)[0] == record);
        QVERIFY((*decoded)[1] == record);
    }

    void layoutIsStable()
    {
        // The bytes of one record are part of the on-disk format: pin them.
        Bytes payload = encodeBatch({FenceBrokerRecord{BrokerId(258)}});
        Bytes expected{0x4D, 0, 0, 0, 1, 0, 0, 0, 6, 2, 0, 0, 0, 1, 2};
        QCOMPARE(payload, expected);
    }

    void securityLayoutIsStable()
    {
        // Credentials and ACLs survive restarts in the log: pin their bytes too.
        Bytes payload = encodeBatch(
            {UserScramCredentialRecord{"u", 1, {7}, {8}, {9}, 4096},
             RemoveAccessControlEntryRecord{AclEntry{2, "t", 3, "User:a", "*", 4, 3}}});
        Bytes expected{0x4D, 0, 0,    0,   2,                  // batch of 2
                       0,    0, 0,    25,  20,  0,             // size, type, version
                       0,    1, 'u',  1,                       // name, mechanism
                       0,    0, 0,    1,   7,                  // salt
                       0,    0, 0,    1,   8,                  // StoredKey
                       0,    0, 0,    1,   9,                  // ServerKey
                       0,    0, 0x10, 0,                       // iterations
                       0,    0, 0,    20,  23,  0,             // size, type, version
                       2,    0, 1,    't', 3,                  // TOPIC t LITERAL
                       0,    6, 'U',  's', 'e', 'r', ':', 'a', // principal
                       0,    1, '*',  4,   3};                 // host WRITE ALLOW
        QCOMPARE(payload, expected);
    }

    void securityRecordsAreTold()
    {
        QVERIFY(isSecurityRecord(RemoveUserScramCredentialRecord{"a", 1}));
        QVERIFY(isSecurityRecord(AccessControlEntryRecord{}));
        QVERIFY(!isSecurityRecord(ConfigRecord{}));
    }

    void truncatedSecurityRecordIsAnError()
    {
        Bytes payload = encodeBatch({UserScramCredentialRecord{"u", 1, {7}, {8}, {9}, 4096}});
        for (size_t len = 0; len < payload.size(); ++len)
            QVERIFY(!decodeBatch(ByteSpan(payload.data(), len)).ok());
        // A salt length larger than what follows is an error, not an allocation.
        payload[15] = 0x7f;
        QVERIFY(!decodeBatch(payload).ok());
    }

    void truncatedInputIsAnErrorNotACrash()
    {
        Bytes payload = encodeBatch(
            {RegisterBrokerRecord{BrokerId(3), topicId(9), {{"PLAINTEXT", "h", 9092}}, "r"},
             PartitionRecord{topicId(1),
                             PartitionId(0),
                             {BrokerId(1)},
                             {BrokerId(1)},
                             BrokerId(1),
                             LeaderEpoch(0),
                             0}});
        for (size_t len = 0; len < payload.size(); ++len) {
            auto decoded = decodeBatch(ByteSpan(payload.data(), len));
            QVERIFY2(!decoded.ok(), qPrintable(QString("prefix of %1 bytes decoded").arg(len)));
            QCOMPARE(decoded.code(), ErrorCode::InvalidRecord);
        }
    }

    void unknownVersionIsRefused()
    {
        Bytes payload = encodeBatch({FenceBrokerRecord{BrokerId(1)}});
        payload[10] = 1; // version byte of the first record
        auto decoded = decodeBatch(payload);
        QVERIFY(!decoded.ok());
        QVERIFY(decoded.error().message.find("version") != std::string::npos);
    }

    void unknownTypeIsRefused()
    {
        Bytes payload = encodeBatch({FenceBrokerRecord{BrokerId(1)}});
        payload[9] = 200;
        QVERIFY(!decodeBatch(payload).ok());
    }

    void hugeCountsDoNotAllocate()
    {
        Bytes payload{0x4D, 0xff, 0xff, 0xff, 0xff};
        QVERIFY(!decodeBatch(payload).ok());
    }

    void uuidText()
    {
        QCOMPARE(QString::fromStdString(uuidToString(topicId(0))),
                 QString("00010203-0405-0607-0809-0a0b0c0d0e0f"));
    }
};

QTEST_GUILESS_MAIN(TestMetadataRecords)
#include "test_metadata_records.moc"
