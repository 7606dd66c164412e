#include "engine/group/group_records.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::group;

namespace runnel {
char *toString(ErrorCode e)
{
    return qstrdup(std::string(errorName(e)).c_str());
}
} // namespace runnel

Q_DECLARE_METATYPE(runnel::group::OffsetCommitValue)
Q_DECLARE_METATYPE(runnel::group::GroupMetadataValue)
Q_DECLARE_METATYPE(runnel::Bytes)

namespace {

Bytes bytesOf(std::initializer_list<int> v)
{
    Bytes out;
    for (int b : v)
        out.push_back(static_cast<uint8_t>(b));
    return out;
}

Bytes concat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

Bytes str16(const std::string &s)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI16(static_cast<int16_t>(s.size()));
    w.writeBytes(std::string_view(s));
    return out;
}

Bytes be(int64_t v, int n)
{
    Bytes out;
    for (int i = n - 1; i >= 0; --i)
        out.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
    return out;
}

} // namespace

class TestGroupRecords : public QObject
{
    Q_OBJECT
private slots:
    // Byte-exact against Kafka's layout, so that the topic reads the same as Kafka's.
    void offsetCommitKeyLayout()
    {
        Bytes key = encodeOffsetCommitKey({"g1", "orders", 7});
        Bytes expected = concat({be(1, 2), str16("g1"), str16("orders"), be(7, 4)});
        QVERIFY(key == expected);
        auto decoded = decodeRecordKey(key);
        QVERIFY(decoded.ok());
        auto *k = std::get_if<OffsetCommitKey>(&*decoded);
        QVERIFY(k);
        QCOMPARE(k->group, std::string("g1"));
        QCOMPARE(k->topic, std::string("orders"));
        QCOMPARE(k->partition, 7);
    }

    void groupMetadataKeyLayout()
    {
        Bytes key = encodeGroupMetadataKey({"my-group"});
        QVERIFY(key == concat({be(2, 2), str16("my-group")}));
        auto decoded = decodeRecordKey(key);
        QVERIFY(decoded.ok());
        QVERIFY(std::get<GroupMetadataKey>(*decoded) == GroupMetadataKey{"my-group"});
    }

    void offsetKeyVersion0Accepted()
    {
        Bytes key = concat({be(0, 2), str16("g"), str16("t"), be(3, 4)});
        auto decoded = decodeRecordKey(key);
        QVERIFY(decoded.ok());
        QVERIFY((std::get<OffsetCommitKey>(*decoded) == OffsetCommitKey{"g", "t", 3}));
    }

    void offsetCommitValueV3Layout()
    {
        OffsetCommitValue v{42, 5, "meta", 1700000000000LL, -1};
        Bytes expected
            = concat({be(3, 2), be(42, 8), be(5, 4), str16("meta"), be(1700000000000LL, 8)});
        QVERIFY(encodeOffsetCommitValue(v) == expected);
    }

    void offsetCommitValueRoundTrip_data()
    {
        QTest::addColumn<OffsetCommitValue>("value");
        QTest::newRow("plain") << OffsetCommitValue{100, -1, "", 1000, -1};
        QTest::newRow("epoch+metadata") << OffsetCommitValue{0, 17, "consumer-1 state", 5, -1};
        QTest::newRow("v1 with expire") << OffsetCommitValue{9, -1, "m", 10, 20};
        QTest::newRow("large offset")
            << OffsetCommitValue{INT64_MAX, INT32_MAX, std::string(300, 'x'), INT64_MAX, -1};
    }
    void offsetCommitValueRoundTrip()
    {
        QFETCH(OffsetCommitValue, value);
        auto decoded = decodeOffsetCommitValue(encodeOffsetCommitValue(value));
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == value);
    }

    // Older and newer Kafka versions in the same topic still load.
    void offsetCommitValueOtherVersions_data()
    {
        QTest::addColumn<Bytes>("encoded");
        QTest::addColumn<OffsetCommitValue>("expected");
        QTest::newRow("v0") << concat({be(0, 2), be(12, 8), str16("a"), be(99, 8)})
                            << OffsetCommitValue{12, -1, "a", 99, -1};
        QTest::newRow("v1") << concat({be(1, 2), be(12, 8), str16("a"), be(99, 8), be(500, 8)})
                            << OffsetCommitValue{12, -1, "a", 99, 500};
        QTest::newRow("v2") << concat({be(2, 2), be(12, 8), str16(""), be(99, 8)})
                            << OffsetCommitValue{12, -1, "", 99, -1};
        // v4 is flexible: compact string (length+1 varint) and an empty tagged-field buffer.
        QTest::newRow("v4") << concat(
            {be(4, 2), be(12, 8), be(3, 4), bytesOf({2, 'z'}), be(99, 8), bytesOf({0})})
                            << OffsetCommitValue{12, 3, "z", 99, -1};
        QTest::newRow("v4 unknown tag") << concat({be(4, 2),
                                                   be(12, 8),
                                                   be(3, 4),
                                                   bytesOf({1}),
                                                   be(99, 8),
                                                   bytesOf({1, 5, 2, 0xaa, 0xbb})})
                                        << OffsetCommitValue{12, 3, "", 99, -1};
    }
    void offsetCommitValueOtherVersions()
    {
        QFETCH(Bytes, encoded);
        QFETCH(OffsetCommitValue, expected);
        auto decoded = decodeOffsetCommitValue(encoded);
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == expected);
    }

    void groupMetadataValueRoundTrip_data()
    {
        QTest::addColumn<GroupMetadataValue>("value");
        QTest::newRow("empty group")
            << GroupMetadataValue{"consumer", 5, std::nullopt, std::nullopt, 1234, {}};
        GroupMetadataValue stable{"consumer", 3, "range", "m-1", 777, {}};
        stable.members.push_back(
            {"m-1", std::nullopt, "client-a", "/127.0.0.1", 60000, 10000, {1, 2, 3}, {4, 5}});
        stable.members.push_back(
            {"m-2", "instance-b", "client-b", "/10.0.0.2", 30000, 6000, {}, {}});
        QTest::newRow("stable with static member") << stable;
    }
    void groupMetadataValueRoundTrip()
    {
        QFETCH(GroupMetadataValue, value);
        Bytes encoded = encodeGroupMetadataValue(value);
        QCOMPARE(encoded[0], uint8_t(0));
        QCOMPARE(encoded[1], uint8_t(3));
        auto decoded = decodeGroupMetadataValue(encoded);
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == value);
    }

    void groupMetadataValueV0()
    {
        // v0: no rebalance timeout, no state timestamp, no instance id.
        Bytes v0 = concat({be(0, 2),
                           str16("consumer"),
                           be(2, 4),
                           str16("range"),
                           str16("m"),
                           be(1, 4),
                           str16("m"),
                           str16("c"),
                           str16("/h"),
                           be(10000, 4),
                           be(1, 4),
                           bytesOf({9}),
                           be(0, 4)});
        auto decoded = decodeGroupMetadataValue(v0);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->generationId, 2);
        QCOMPARE(decoded->currentStateTimestamp, int64_t(-1));
        QCOMPARE(decoded->members.size(), size_t(1));
        QCOMPARE(decoded->members[0].sessionTimeoutMs, 10000);
        QVERIFY(decoded->members[0].subscription == Bytes{9});
    }

    void corruptInputRejected_data()
    {
        QTest::addColumn<int>("kind"); // 0 key, 1 offset value, 2 group value
        QTest::addColumn<Bytes>("encoded");
        QTest::newRow("empty key") << 0 << Bytes{};
        QTest::newRow("unknown key version") << 0 << concat({be(3, 2), str16("g")});
        QTest::newRow("truncated key") << 0 << concat({be(1, 2), str16("g"), bytesOf({0, 5})});
        QTest::newRow("trailing key bytes") << 0 << concat({be(2, 2), str16("g"), bytesOf({0})});
        QTest::newRow("null group in key") << 0 << concat({be(2, 2), be(-1, 2)});
        QTest::newRow("unknown value version") << 1 << concat({be(5, 2), be(1, 8)});
        QTest::newRow("truncated value") << 1 << concat({be(3, 2), be(1, 8), be(0, 4)});
        QTest::newRow("huge member count") << 2
                                           << concat({be(3, 2),
                                                      str16("c"),
                                                      be(1, 4),
                                                      be(-1, 2),
                                                      be(-1, 2),
                                                      be(0, 8),
                                                      be(0x7fffffff, 4)});
        QTest::newRow("negative bytes length") << 2
                                               << concat({be(1, 2),
                                                          str16("c"),
                                                          be(1, 4),
                                                          be(-1, 2),
                                                          be(-1, 2),
                                                          be(1, 4),
                                                          str16("m"),
                                                          str16("c"),
                                                          str16("h"),
                                                          be(1, 4),
                                                          be(1, 4),
                                                          be(-2, 4)});
    }
    void corruptInputRejected()
    {
        QFETCH(int, kind);
        QFETCH(Bytes, encoded);
        ErrorCode code = kind == 0   ? decodeRecordKey(encoded).code()
                         : kind == 1 ? decodeOffsetCommitValue(encoded).code()
                                     : decodeGroupMetadataValue(encoded).code();
        QCOMPARE(code, ErrorCode::CorruptMessage);
    }
};

QTEST_GUILESS_MAIN(TestGroupRecords)
#include "test_group_records.moc"
