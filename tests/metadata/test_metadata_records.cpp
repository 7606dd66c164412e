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
