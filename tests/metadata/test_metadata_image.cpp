#include "../common/broker_ids.h"
#include "engine/metadata/metadata_image.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::metadata;

namespace {

TopicId tid(uint8_t b)
{
    TopicId id{};
    id.fill(b);
    return id;
}

LogEntry entry(int64_t offset, std::vector<MetadataRecord> records)
{
    return LogEntry{Offset(offset), QuorumEpoch(1), EntryKind::Data, encodeBatch(records)};
}

using runnel::testing::ids;

} // namespace

class TestMetadataImage : public QObject
{
    Q_OBJECT
private slots:
    void brokersRegisterFencedAndUnfence()
    {
        MetadataImage image;
        QVERIFY(
            image.apply(RegisterBrokerRecord{BrokerId(1), tid(1), {{"PLAINTEXT", "h", 9092}}, "a"})
                .ok());
        QVERIFY(image.broker(BrokerId(1)));
        QVERIFY(image.broker(BrokerId(1))->fenced);
        QVERIFY(!image.isLive(BrokerId(1)));
        QVERIFY(image.apply(UnfenceBrokerRecord{BrokerId(1)}).ok());
        QVERIFY(image.isLive(BrokerId(1)));
        QCOMPARE(image.broker(BrokerId(1))->endpoints.at(0).port, uint16_t(9092));
        QVERIFY(image.apply(FenceBrokerRecord{BrokerId(1)}).ok());
        QVERIFY(!image.isLive(BrokerId(1)));
        QVERIFY(!image.apply(FenceBrokerRecord{BrokerId(9)}).ok());
    }

    void topicsAndPartitionChanges()
    {
        MetadataImage image;
        QVERIFY(image
                    .applyEntry(entry(0,
                                      {TopicRecord{"orders", tid(7)},
                                       PartitionRecord{tid(7),
                                                       PartitionId(0),
                                                       ids({1, 2, 3}),
                                                       ids({1, 2, 3}),
                                                       BrokerId(1),
                                                       LeaderEpoch(0),
                                                       0}}))
                    .ok());
        QCOMPARE(image.appliedOffset(), Offset(1));
        const TopicInfo *t = image.topicByName("orders");
        QVERIFY(t);
        QVERIFY(t->id == tid(7));

        // ISR shrink only: partition epoch moves, leader epoch does not.
        QVERIFY(image.apply(PartitionChangeRecord{tid(7), PartitionId(0), ids({1, 3}), {}}).ok());
        const PartitionInfo *p = image.partition(tid(7), PartitionId(0));
        QCOMPARE(p->isr, ids({1, 3}));
        QCOMPARE(p->leaderEpoch, LeaderEpoch(0));
        QCOMPARE(p->partitionEpoch, 1);
        // Same leader again: still no leader epoch bump.
        QVERIFY(image.apply(PartitionChangeRecord{tid(7), PartitionId(0), {}, BrokerId(1)}).ok());
        QCOMPARE(p->leaderEpoch, LeaderEpoch(0));
        QCOMPARE(p->partitionEpoch, 2);
        // New leader: both bump.
        QVERIFY(image.apply(PartitionChangeRecord{tid(7), PartitionId(0), {}, BrokerId(3)}).ok());
        QCOMPARE(p->leader, BrokerId(3));
        QCOMPARE(p->leaderEpoch, LeaderEpoch(1));
        QCOMPARE(p->partitionEpoch, 3);
        // Offline.
        QVERIFY(image.apply(PartitionChangeRecord{tid(7), PartitionId(0), {}, kNoLeader}).ok());
        QCOMPARE(p->leader, kNoLeader);
        QCOMPARE(p->leaderEpoch, LeaderEpoch(2));
    }

    void inconsistentRecordsAreRefused()
    {
        MetadataImage image;
        QVERIFY(
            !image.apply(PartitionRecord{tid(1), PartitionId(0), {}, {}, kNoLeader, {}, 0}).ok());
        QVERIFY(image.apply(TopicRecord{"a", tid(1)}).ok());
        QVERIFY(!image.apply(TopicRecord{"a", tid(2)}).ok());
        QVERIFY(!image.apply(PartitionChangeRecord{tid(1), PartitionId(5), {}, {}}).ok());
        QVERIFY(!image.apply(RemoveTopicRecord{tid(3)}).ok());
        QCOMPARE(image.topics().size(), size_t(1));
    }

    void removeTopicDropsNameAndConfigs()
    {
        MetadataImage image;
        QVERIFY(image.apply(TopicRecord{"a", tid(1)}).ok());
        QVERIFY(image.apply(ConfigRecord{ConfigResource::Topic, "a", "retention.ms", "5"}).ok());
        QCOMPARE(image.config(ConfigResource::Topic, "a", "retention.ms").value_or(""),
                 std::string("5"));
        QVERIFY(image.apply(RemoveTopicRecord{tid(1)}).ok());
        QVERIFY(!image.topicByName("a"));
        QVERIFY(!image.config(ConfigResource::Topic, "a", "retention.ms"));
        // The name can be reused with a new id.
        QVERIFY(image.apply(TopicRecord{"a", tid(2)}).ok());
    }

    void configsSetAndDelete()
    {
        MetadataImage image;
        QVERIFY(image.apply(ConfigRecord{ConfigResource::Broker, "1", "k", "v1"}).ok());
        QVERIFY(image.apply(ConfigRecord{ConfigResource::Broker, "1", "k", "v2"}).ok());
        QCOMPARE(*image.config(ConfigResource::Broker, "1", "k"), std::string("v2"));
        QVERIFY(!image.config(ConfigResource::Topic, "1", "k"));
        QVERIFY(image.apply(ConfigRecord{ConfigResource::Broker, "1", "k", std::nullopt}).ok());
        QVERIFY(!image.configs(ConfigResource::Broker, "1"));
    }

    void producerIdBlocksOnlyMoveForward()
    {
        MetadataImage image;
        QCOMPARE(image.nextProducerIdBlock(), int64_t(0));
        QVERIFY(image.apply(ProducerIdsRecord{BrokerId(1), 1000}).ok());
        QCOMPARE(image.nextProducerIdBlock(), int64_t(1000));
        QVERIFY(!image.apply(ProducerIdsRecord{BrokerId(2), 500}).ok());
        QCOMPARE(image.nextProducerIdBlock(), int64_t(1000));
    }

    void clusterIdIsSetOnceAndNeverChanges()
    {
        MetadataImage image;
        QVERIFY(image.clusterId().empty());
        QVERIFY(image.apply(ClusterIdRecord{"first"}).ok());
        QVERIFY(image.apply(ClusterIdRecord{"first"}).ok());
        QVERIFY(!image.apply(ClusterIdRecord{"second"}).ok());
        QCOMPARE(image.clusterId(), std::string("first"));
    }

    void leaderChangeEntriesOnlyAdvanceTheOffset()
    {
        MetadataImage image;
        QVERIFY(image.applyEntry(LogEntry{Offset(0), QuorumEpoch(1), EntryKind::LeaderChange, {}})
                    .ok());
        QCOMPARE(image.appliedOffset(), Offset(1));
        QVERIFY(image.topics().empty());
    }

    void scramCredentialsSetReplaceAndRemove()
    {
        MetadataImage image;
        QCOMPARE(image.securityRecordsApplied(), uint64_t(0));
        QVERIFY(image.apply(UserScramCredentialRecord{"alice", 1, {1}, {2}, {3}, 4096}).ok());
        QVERIFY(image.apply(UserScramCredentialRecord{"alice", 2, {4}, {5}, {6}, 8192}).ok());
        QCOMPARE(image.scramCredentials().at("alice").size(), size_t(2));
        // A new password replaces the credential of that mechanism only.
        QVERIFY(image.apply(UserScramCredentialRecord{"alice", 1, {7}, {8}, {9}, 5000}).ok());
        QCOMPARE(image.scramCredential("alice", 1)->salt, Bytes{7});
        QCOMPARE(image.scramCredential("alice", 1)->iterations, 5000);
        QCOMPARE(image.scramCredential("alice", 2)->iterations, 8192);
        QVERIFY(image.apply(RemoveUserScramCredentialRecord{"alice", 1}).ok());
        QVERIFY(!image.scramCredential("alice", 1));
        QVERIFY(image.apply(RemoveUserScramCredentialRecord{"alice", 2}).ok());
        QVERIFY(image.scramCredentials().empty()); // a user without credentials is gone
        QCOMPARE(image.securityRecordsApplied(), uint64_t(5));
        // Removing what is not there, or a credential without keys, contradicts the image.
        QVERIFY(!image.apply(RemoveUserScramCredentialRecord{"alice", 2}).ok());
        QVERIFY(!image.apply(UserScramCredentialRecord{"bob", 1, {}, {2}, {3}, 4096}).ok());
        QVERIFY(!image.apply(UserScramCredentialRecord{"", 1, {1}, {2}, {3}, 4096}).ok());
        QCOMPARE(image.securityRecordsApplied(), uint64_t(5));
    }

    void aclsAreKeptOnceInOrder()
    {
        const AclEntry allow{2, "orders-", 4, "User:alice", "*", 4, 3};
        const AclEntry deny{2, "orders-eu", 3, "User:alice", "*", 4, 2};
        MetadataImage image;
        QVERIFY(image
                    .applyEntry(
                        entry(0, {AccessControlEntryRecord{allow}, AccessControlEntryRecord{deny}}))
                    .ok());
        QCOMPARE(image.acls(), (std::vector<AclEntry>{allow, deny}));
        QVERIFY(image.hasAcl(deny));
        QVERIFY(!image.apply(AccessControlEntryRecord{allow}).ok()); // exists
        QVERIFY(image.apply(RemoveAccessControlEntryRecord{allow}).ok());
        QCOMPARE(image.acls(), (std::vector<AclEntry>{deny}));
        QVERIFY(!image.apply(RemoveAccessControlEntryRecord{allow}).ok());
        QCOMPARE(image.securityRecordsApplied(), uint64_t(3));
    }

    void sameRecordsSameImage()
    {
        std::vector<LogEntry> log{
            entry(0,
                  {RegisterBrokerRecord{BrokerId(1), tid(1), {}, ""},
                   UnfenceBrokerRecord{BrokerId(1)}}),
            entry(
                1,
                {TopicRecord{"t", tid(4)},
                 PartitionRecord{
                     tid(4), PartitionId(0), ids({1}), ids({1}), BrokerId(1), LeaderEpoch(0), 0}}),
            entry(2, {PartitionChangeRecord{tid(4), PartitionId(0), {}, kNoLeader}})};
        MetadataImage a, b;
        for (const LogEntry &e : log) {
            QVERIFY(a.applyEntry(e).ok());
            QVERIFY(b.applyEntry(e).ok());
        }
        const PartitionInfo *pa = a.partition(tid(4), PartitionId(0));
        const PartitionInfo *pb = b.partition(tid(4), PartitionId(0));
        QCOMPARE(pa->leaderEpoch, pb->leaderEpoch);
        QCOMPARE(pa->partitionEpoch, pb->partitionEpoch);
        QCOMPARE(pa->leader, kNoLeader);
    }
};

QTEST_GUILESS_MAIN(TestMetadataImage)
#include "test_metadata_image.moc"
