#include "engine/common/bytes.h"

#include <QtTest>

using namespace runnel;

class TestBytes : public QObject
{
    Q_OBJECT
private slots:
    void varintRoundTrip_data()
    {
        QTest::addColumn<qint64>("value");
        for (qint64 v : {0LL,
                         1LL,
                         -1LL,
                         63LL,
                         -64LL,
                         64LL,
                         300LL,
                         -300LL,
                         2147483647LL,
                         -2147483648LL,
                         9223372036854775807LL,
                         (-9223372036854775807LL - 1)})
            QTest::newRow(QByteArray::number(v).constData()) << v;
    }
    void varintRoundTrip()
    {
        QFETCH(qint64, value);
        Bytes buf;
        ByteWriter w(buf);
        w.writeVarlong(value);
        QCOMPARE(buf.size(), ByteWriter::varlongSize(value));
        ByteReader r(buf);
        QCOMPARE(r.readVarlong(), value);
        QVERIFY(r.ok());
        QVERIFY(r.atEnd());
    }
    void zigzagMatchesKafka()
    {
        // Kafka encodes varint -1 as 0x01 and 1 as 0x02.
        Bytes buf;
        ByteWriter w(buf);
        w.writeVarint(-1);
        w.writeVarint(1);
        QCOMPARE(buf, (Bytes{0x01, 0x02}));
    }
    void shortReadFailsSticky()
    {
        Bytes buf{0x00, 0x01};
        ByteReader r(buf);
        QCOMPARE(r.readI32(), 0);
        QVERIFY(!r.ok());
        QCOMPARE(r.readI8(), int8_t(0));
        QVERIFY(!r.ok());
    }
    void overlongVarintRejected()
    {
        Bytes buf{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        ByteReader r(buf);
        r.readUnsignedVarint();
        QVERIFY(!r.ok());
    }
    void bigEndianFixedWidth()
    {
        Bytes buf;
        ByteWriter w(buf);
        w.writeI32(0x01020304);
        w.writeI16(-2);
        QCOMPARE(buf, (Bytes{1, 2, 3, 4, 0xff, 0xfe}));
        ByteReader r(buf);
        QCOMPARE(r.readI32(), 0x01020304);
        QCOMPARE(r.readI16(), int16_t(-2));
    }
};

QTEST_GUILESS_MAIN(TestBytes)
#include "test_bytes.moc"
