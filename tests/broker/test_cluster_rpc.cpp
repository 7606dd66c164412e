// The brokers' peer RPCs (cluster_rpc.h): AlterSecurity carries SCRAM credential and ACL
// records to the active controller intact, UnregisterBroker its broker id, and malformed
// frames are errors.

#include "engine/broker/cluster_rpc.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::broker;

class TestClusterRpc : public QObject
{
    Q_OBJECT
private slots:
    void alterSecurityRoundTrips_data()
    {
        QTest::addColumn<bool>("importOnly");
        QTest::newRow("change") << false;
        QTest::newRow("import") << true;
    }
    void alterSecurityRoundTrips()
    {
        QFETCH(bool, importOnly);
        rpc::AlterSecurity m;
        m.requestId = 0x0102030405060708ULL;
        m.importOnly = importOnly;
        m.records = {metadata::UserScramCredentialRecord{"alice", 2, {1, 2}, {3}, {4}, 4096},
                     metadata::RemoveUserScramCredentialRecord{"bob", 1},
                     metadata::AccessControlEntryRecord{
                         metadata::AclEntry{2, "orders-", 4, "User:alice", "*", 4, 3}},
                     metadata::RemoveAccessControlEntryRecord{
                         metadata::AclEntry{4, "kafka-cluster", 3, "User:*", "*", 7, 2}}};
        Bytes wire = rpc::encode(m);
        QCOMPARE(wire.front(), uint8_t(16));
        auto decoded = rpc::decode(wire);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
        const auto *back = std::get_if<rpc::AlterSecurity>(&decoded.value());
        QVERIFY(back);
        QCOMPARE(back->requestId, m.requestId);
        QCOMPARE(back->importOnly, importOnly);
        QVERIFY(back->records == m.records);
    }

    void emptyAlterSecurityRoundTrips()
    {
        auto decoded = rpc::decode(rpc::encode(rpc::AlterSecurity{7, false, {}}));
        QVERIFY(decoded.ok());
        QVERIFY(std::get<rpc::AlterSecurity>(decoded.value()).records.empty());
    }

    void malformedAlterSecurityIsAnError()
    {
        Bytes wire = rpc::encode(
            rpc::AlterSecurity{1, false, {metadata::RemoveUserScramCredentialRecord{"bob", 1}}});
        for (size_t len = 1; len < wire.size(); ++len)
            QVERIFY(!rpc::decode(ByteSpan(wire.data(), len)).ok());
        Bytes longer = wire;
        longer.push_back(0);
        QVERIFY(!rpc::decode(longer).ok()); // trailing bytes
        Bytes lying = wire;
        lying[10] = 0x7f; // the batch length's high byte: longer than the frame
        QVERIFY(!rpc::decode(lying).ok());
    }

    void unregisterBrokerRoundTrips()
    {
        Bytes wire = rpc::encode(rpc::UnregisterBroker{0x0102030405060708ULL, BrokerId(4)});
        // type 8 | requestId:u64 | brokerId:i32
        Bytes expected{8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 4};
        QCOMPARE(wire, expected);
        auto decoded = rpc::decode(wire);
        QVERIFY(decoded.ok());
        const auto *back = std::get_if<rpc::UnregisterBroker>(&decoded.value());
        QVERIFY(back);
        QCOMPARE(back->requestId, uint64_t(0x0102030405060708ULL));
        QCOMPARE(back->brokerId, BrokerId(4));
        for (size_t len = 1; len < wire.size(); ++len)
            QVERIFY(!rpc::decode(ByteSpan(wire.data(), len)).ok());
    }
};

QTEST_GUILESS_MAIN(TestClusterRpc)
#include "test_cluster_rpc.moc"
