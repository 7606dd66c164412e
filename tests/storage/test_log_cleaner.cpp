#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;
using records::Compression;

Q_DECLARE_METATYPE(runnel::records::Compression)

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;
constexpr TimestampMs kDay = 24 * 3600 * 1000;

Bytes keyedBatch(const std::vector<std::pair<std::string, std::optional<std::string>>> &kvs,
                 TimestampMs ts,
                 Compression codec)
{
    std::vector<records::Record> recs;
    for (size_t i = 0; i < kvs.size(); ++i) {
        records::Record r;
        r.offset = int64_t(i);
        r.timestamp = ts;
        r.key = Bytes(kvs[i].first.begin(), kvs[i].first.end());
        if (kvs[i].second)
            r.value = Bytes(kvs[i].second->begin(), kvs[i].second->end());
        recs.push_back(std::move(r));
    }
    auto b = records::buildBatch({.compression = codec}, recs);
    if (!b)
        qFatal("buildBatch failed");
    return std::move(b).value();
}

// key → (offset, value or "<null>") as a consumer reading the whole log would end with,
// plus how many records it had to read.
struct View
{
    std::map<std::string, std::pair<int64_t, std::string>> latest;
    size_t records = 0;
    std::vector<int64_t> offsets;
};

View consume(const PartitionLog &log)
{
    View v;
    for (const auto &r : readAll(log, log.logStartOffset().value())) {
        v.latest[text(r.key)] = {r.offset, text(r.value)};
        v.offsets.push_back(r.offset);
        ++v.records;
    }
    return v;
}

} // namespace

class TestLogCleaner : public QObject
{
    Q_OBJECT
private slots:
    void latestValuePerKeyKeptAndTombstonesExpire_data()
    {
        QTest::addColumn<Compression>("codec");
        QTest::newRow("none") << Compression::None;
        QTest::newRow("gzip") << Compression::Gzip;
        QTest::newRow("lz4") << Compression::Lz4;
        QTest::newRow("zstd") << Compression::Zstd;
    }
    void latestValuePerKeyKeptAndTombstonesExpire()
    {
        QFETCH(Compression, codec);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("users-0").toStdString();
        LogConfig cfg;
        cfg.cleanupCompact = true;
        cfg.cleanupDelete = false;
        cfg.segmentBytes = 400;
        auto log = openLog(dir, cfg);
        auto append = [&](const Bytes &b) {
            Bytes copy = b;
            auto r = log->append(std::span<uint8_t>(copy), kT0);
            if (!r)
                qFatal("append failed");
            return r->firstOffset.value();
        };
        // Rounds 0-3 write k0..k9 (offsets 10r..10r+9); round 4 only the even keys
        // (40..44), so round 3's batch keeps its odd keys and must be rebuilt with gaps.
        for (int round = 0; round < 4; ++round) {
            std::vector<std::pair<std::string, std::optional<std::string>>> kvs;
            for (int k = 0; k < 10; ++k)
                kvs.push_back({"k" + std::to_string(k), "r" + std::to_string(round)});
            append(keyedBatch(kvs, kT0 + round, codec));
        }
        append(keyedBatch({{"k0", "r4"}, {"k2", "r4"}, {"k4", "r4"}, {"k6", "r4"}, {"k8", "r4"}},
                          kT0 + 4,
                          codec));
        QCOMPARE(append(keyedBatch({{"k3", std::nullopt}}, kT0 + 5, codec)), int64_t(45));
        // Big incompressible filler batches push everything above into closed segments.
        std::string big;
        uint32_t seed = 12345;
        for (int i = 0; i < 500; ++i) {
            seed = seed * 1103515245 + 12345;
            big += char('a' + (seed >> 16) % 26);
        }
        append(keyedBatch({{"filler1", big}}, kT0 + 6, codec));
        append(keyedBatch({{"filler2", big}}, kT0 + 7, codec));
        QCOMPARE(log->logEndOffset(), Offset(48));
        const View before = consume(*log);
        QCOMPARE(before.records, size_t(48));
        const int64_t sizeBefore = log->sizeBytes();

        // First pass (dirty ratio 1.0 triggers it): one value per key, the tombstone stays
        // because delete.retention.ms has not passed.
        log->runHousekeeping(kT0 + 3600'000);
        View after = consume(*log);
        QCOMPARE(after.latest, before.latest);
        QCOMPARE(after.latest.at("k3"), std::make_pair(int64_t(45), std::string("<null>")));
        QCOMPARE(after.latest.at("k1"), std::make_pair(int64_t(31), std::string("r3")));
        QCOMPARE(after.latest.at("k8"), std::make_pair(int64_t(44), std::string("r4")));
        // 10 keys + 2 fillers; nothing else survives.
        QCOMPARE(after.records, size_t(12));
        QVERIFY(std::is_sorted(after.offsets.begin(), after.offsets.end()));
        QVERIFY(log->sizeBytes() < sizeBefore);
        QCOMPARE(log->logEndOffset(), Offset(48));
        QCOMPARE(log->logStartOffset(), Offset(0));

        // Reading from a compacted-away offset serves the batch around it; the first record
        // at or after it is the next survivor (33 was k3, replaced by the tombstone).
        auto fromGap = log->read(Offset(32), 1, Offset(48));
        QVERIFY(fromGap.ok());
        auto gapRecs = decodeAll(fromGap->data);
        auto next = std::find_if(
            gapRecs.begin(), gapRecs.end(), [](const auto &r) { return r.offset >= 32; });
        QVERIFY(next != gapRecs.end());
        QCOMPARE(next->offset, int64_t(35));

        // After delete.retention.ms the tombstone itself goes (the housekeeping pass knows
        // a tombstone is due even though nothing new is dirty).
        log->runHousekeeping(kT0 + kDay + 3600'000);
        after = consume(*log);
        QVERIFY(!after.latest.count("k3"));
        QCOMPARE(after.records, size_t(11));
        QCOMPARE(after.latest.at("k9"), std::make_pair(int64_t(39), std::string("r3")));

        // New writes after compaction continue at the log end; all survives a restart.
        QCOMPARE(append(keyedBatch({{"k5", "r5"}}, kT0 + kDay, codec)), int64_t(48));
        QVERIFY(log->close().ok());
        log = openLog(dir, cfg);
        View reopened = consume(*log);
        QCOMPARE(reopened.latest.at("k5"), std::make_pair(int64_t(48), std::string("r5")));
        QCOMPARE(reopened.latest.at("k1"), std::make_pair(int64_t(31), std::string("r3")));
        QCOMPARE(reopened.records, size_t(12));
    }

    void lowDirtyRatioWaits()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.cleanupCompact = true;
        cfg.cleanupDelete = false;
        cfg.segmentBytes = 300;
        cfg.minCleanableDirtyRatio = 0.99;
        auto log = openLog(tmp.filePath("cfg-0").toStdString(), cfg);
        for (int i = 0; i < 20; ++i) {
            Bytes b = keyedBatch({{"same", "v" + std::to_string(i) + std::string(100, 'x')}},
                                 kT0,
                                 Compression::None);
            QVERIFY(log->append(std::span<uint8_t>(b), kT0).ok());
        }
        log->runHousekeeping(kT0 + 1); // first pass: everything is dirty
        const int64_t compacted = log->sizeBytes();
        QVERIFY(consume(*log).records <= 2);
        for (int i = 0; i < 3; ++i) {
            Bytes b = keyedBatch({{"same", "w" + std::string(100, 'x')}}, kT0, Compression::None);
            QVERIFY(log->append(std::span<uint8_t>(b), kT0).ok());
        }
        log->runHousekeeping(kT0 + 2);
        QVERIFY(log->sizeBytes() > compacted); // below the ratio: left alone
        QVERIFY(log->compact(kT0 + 3).ok());   // forced
        QVERIFY(consume(*log).records <= 2);
    }

    void interruptedSwapIsHarmless()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("swap-0").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 300;
        auto log = openLog(dir, cfg);
        for (int i = 0; i < 6; ++i) {
            Bytes b = keyedBatch({{"k", "v" + std::string(150, 'x')}}, kT0, Compression::None);
            QVERIFY(log->append(std::span<uint8_t>(b), kT0).ok());
        }
        QVERIFY(log->close().ok());
        log.reset();
        // A crash while a cleaned copy was being written leaves a .cleaned file behind.
        {
            std::ofstream junk(dir / "00000000000000000000.log.cleaned");
            junk << "half-written";
        }
        log = openLog(dir, cfg);
        QVERIFY(!std::filesystem::exists(dir / "00000000000000000000.log.cleaned"));
        QCOMPARE(consume(*log).records, size_t(6));
    }
};

QTEST_GUILESS_MAIN(TestLogCleaner)
#include "test_log_cleaner.moc"
