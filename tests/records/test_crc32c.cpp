#include "engine/records/crc32c.h"

#include <QtTest>

#include <random>
#include <vector>

using namespace runnel::records;

class TestCrc32c : public QObject
{
    Q_OBJECT
private slots:
    // Castagnoli vectors from RFC 3720 (iSCSI) appendix B.4 and the common check value.
    void vectors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<quint32>("expected");
        QTest::newRow("check string") << QByteArray("123456789") << quint32(0xE3069283);
        QTest::newRow("empty") << QByteArray() << quint32(0);
        QTest::newRow("32 zeros") << QByteArray(32, '\0') << quint32(0x8A9136AA);
        QTest::newRow("32 ones") << QByteArray(32, '\xff') << quint32(0x62A8AB43);
        QByteArray inc(32, '\0'), dec(32, '\0');
        for (int i = 0; i < 32; ++i) {
            inc[i] = char(i);
            dec[i] = char(31 - i);
        }
        QTest::newRow("incrementing") << inc << quint32(0x46DD794E);
        QTest::newRow("decrementing") << dec << quint32(0x113FDB5C);
    }
    void vectors()
    {
        QFETCH(QByteArray, input);
        QFETCH(quint32, expected);
        auto *p = reinterpret_cast<const uint8_t *>(input.constData());
        QCOMPARE(crc32c(p, size_t(input.size())), expected);
        QCOMPARE(crc32cPortable(p, size_t(input.size())), expected);
    }

    // The hardware and table paths must agree at every length and alignment, and a CRC
    // computed in pieces must equal the CRC of the whole.
    void dispatchedMatchesPortable()
    {
        std::mt19937 rng(42);
        std::vector<uint8_t> buf(4096 + 16);
        for (auto &b : buf)
            b = uint8_t(rng());
        for (size_t offset = 0; offset < 8; ++offset) {
            for (size_t len : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 1000u, 4096u}) {
                const uint8_t *p = buf.data() + offset;
                uint32_t whole = crc32c(p, len);
                QCOMPARE(whole, crc32cPortable(p, len));
                size_t half = len / 3;
                QCOMPARE(crc32c(p + half, len - half, crc32c(p, half)), whole);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCrc32c)
#include "test_crc32c.moc"
