#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;
using records::Compression;

Q_DECLARE_METATYPE(runnel::records::Compression)

class TestPartitionLog : public QObject
{
    Q_OBJECT
private slots:
    void appendAssignsOffsetsAndReadReturnsWholeBatches_data()
    {
        QTest::addColumn<Compression>("codec");
        QTest::newRow("none") << Compression::None;
        QTest::newRow("gzip") << Compression::Gzip;
        QTest::newRow("snappy") << Compression::Snappy;
        QTest::newRow("lz4") << Compression::Lz4;
        QTest::newRow("zstd") << Compression::Zstd;
    }
    void appendAssignsOffsetsAndReadReturnsWholeBatches()
    {
        QFETCH(Compression, codec);
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("orders-0").toStdString(), LogConfig{});
        QCOMPARE(log->logEndOffset(), Offset(0));
        for (int b = 0; b < 3; ++b) {
            auto r = appendBatch(*log,
                                 {.count = 5,
                                  .timestamp = 1000 + b * 100,
                                  .valuePrefix = "b" + std::to_string(b),
                                  .compression = codec},
                                 5000);
            QVERIFY(r.ok());
            QCOMPARE(r->firstOffset, Offset(b * 5));
            QCOMPARE(r->lastOffset, Offset(b * 5 + 4));
            QCOMPARE(r->logAppendTime, TimestampMs(-1));
            QVERIFY(!r->duplicate);
        }
        QCOMPARE(log->logEndOffset(), Offset(15));
        QCOMPARE(log->logStartOffset(), Offset(0));

        auto all = readAll(*log, 0);
        QCOMPARE(all.size(), size_t(15));
        for (int i = 0; i < 15; ++i) {
            QCOMPARE(all[size_t(i)].offset, int64_t(i));
            QCOMPARE(text(all[size_t(i)].value), "b" + std::to_string(i / 5));
        }

        // Reading from the middle of a batch returns that whole batch.
        auto mid = log->read(Offset(7), 1 << 20, Offset(15));
        QVERIFY(mid.ok());
        auto headers = headersOf(mid->data);
        QCOMPARE(headers.size(), size_t(2));
        QCOMPARE(headers[0].baseOffset, int64_t(5));

        // The high watermark bounds what is served.
        auto bounded = log->read(Offset(0), 1 << 20, Offset(10));
        QVERIFY(bounded.ok());
        QCOMPARE(headersOf(bounded->data).size(), size_t(2));

        // maxBytes: the first batch always comes whole, later ones only if they fit.
        auto one = log->read(Offset(0), 10, Offset(15));
        QVERIFY(one.ok());
        QCOMPARE(headersOf(one->data).size(), size_t(1));
        auto none = log->read(Offset(0), 10, Offset(15), false);
        QVERIFY(none.ok());
        QVERIFY(none->data.empty());

        // At the log end: nothing yet. Past it or before the start: out of range.
        auto atEnd = log->read(Offset(15), 1 << 20, Offset(15));
        QVERIFY(atEnd.ok());
        QVERIFY(atEnd->data.empty());
        QCOMPARE(log->read(Offset(16), 1 << 20, Offset(16)).code(), ErrorCode::OffsetOutOfRange);
        QCOMPARE(log->read(Offset(-1), 1 << 20, Offset(15)).code(), ErrorCode::OffsetOutOfRange);
    }

    void batchesAreStoredInWireForm()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        Bytes batch = makeBatch({.count = 3, .compression = Compression::Lz4});
        Bytes sent = batch;
        QVERIFY(log->append(std::span<uint8_t>(batch), 1, LeaderEpoch(4)).ok());
        auto r = log->read(Offset(0), 1 << 20, Offset(3));
        QVERIFY(r.ok());
        // Only baseOffset (0 here) and the leader epoch differ from what the producer sent.
        records::setPartitionLeaderEpoch(sent.data(), 4);
        QCOMPARE(r->data, sent);
    }

    void segmentRollAndIndexLookups_data()
    {
        QTest::addColumn<bool>("reopen");
        QTest::newRow("same process") << false;
        QTest::newRow("after clean reopen") << true;
    }
    void segmentRollAndIndexLookups()
    {
        QFETCH(bool, reopen);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("events-3").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 16 * 1024;
        cfg.indexIntervalBytes = 1024;
        auto log = openLog(dir, cfg);
        // 300 batches of 2 records, ~300 bytes each: ~6 segments.
        for (int b = 0; b < 300; ++b) {
            auto r = appendBatch(*log,
                                 {.count = 2,
                                  .timestamp = 10'000 + b * 2,
                                  .valuePrefix = "v" + std::to_string(b),
                                  .valuePadding = 200},
                                 20'000);
            QVERIFY(r.ok());
        }
        QCOMPARE(log->logEndOffset(), Offset(600));
        QVERIFY(log->segmentCount() >= 5);
        if (reopen) {
            QVERIFY(log->close().ok());
            log = openLog(dir, cfg);
            QCOMPARE(log->logEndOffset(), Offset(600));
        }
        QVERIFY(std::filesystem::exists(dir / "00000000000000000000.log"));
        QVERIFY(std::filesystem::file_size(dir / "00000000000000000000.index") > 0);
        QVERIFY(std::filesystem::file_size(dir / "00000000000000000000.timeindex") > 0);

        // Reads starting in the middle of later segments find the right batch.
        for (int64_t target : {0, 1, 77, 255, 256, 401, 598, 599}) {
            auto r = log->read(Offset(target), 1, Offset(600));
            QVERIFY(r.ok());
            auto recs = decodeAll(r->data);
            QVERIFY(!recs.empty());
            QVERIFY(recs.front().offset <= target);
            QVERIFY(recs.back().offset >= target);
            std::string value = text(recs.front().value);
            QCOMPARE(value.substr(0, value.find('.')),
                     "v" + std::to_string(recs.front().offset / 2));
        }
        // A read spanning segments returns everything in order.
        auto all = readAll(*log, 100);
        QCOMPARE(all.size(), size_t(500));
        for (size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i].offset, int64_t(100 + i));
        // Appends continue in the active segment.
        auto r = appendBatch(*log, {.count = 1}, 20'001);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(600));
    }

    void offsetForTimestamp_data()
    {
        QTest::addColumn<qint64>("query");
        QTest::addColumn<qint64>("expectedOffset"); // -1: none
        QTest::addColumn<qint64>("expectedTimestamp");
        // Record i has timestamp 100'000 + 10 * i, i in [0, 400).
        QTest::newRow("before everything") << 5LL << 0LL << 100'000LL;
        QTest::newRow("first exactly") << 100'000LL << 0LL << 100'000LL;
        QTest::newRow("exact, later segment") << 102'500LL << 250LL << 102'500LL;
        QTest::newRow("between records") << 101'234LL << 124LL << 101'240LL;
        QTest::newRow("last") << 103'990LL << 399LL << 103'990LL;
        QTest::newRow("after everything") << 103'991LL << -1LL << -1LL;
    }
    void offsetForTimestamp()
    {
        QFETCH(qint64, query);
        QFETCH(qint64, expectedOffset);
        QFETCH(qint64, expectedTimestamp);
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.segmentBytes = 2048;
        cfg.indexIntervalBytes = 256;
        auto log = openLog(tmp.filePath("ts-0").toStdString(), cfg);
        for (int b = 0; b < 100; ++b) {
            std::vector<records::Record> recs;
            for (int i = 0; i < 4; ++i) {
                records::Record r;
                r.offset = i;
                r.timestamp = 100'000 + 10 * (b * 4 + i);
                r.value = Bytes(100, 'x');
                recs.push_back(r);
            }
            auto batch = records::buildBatch({.compression = Compression::Gzip}, recs);
            QVERIFY(batch.ok());
            QVERIFY(log->append(std::span<uint8_t>(*batch), 200'000).ok());
        }
        QVERIFY(log->segmentCount() > 3);
        auto found = log->offsetForTimestamp(query);
        if (expectedOffset < 0) {
            QVERIFY(!found);
        } else {
            QVERIFY(found);
            QCOMPARE(found->first, Offset(expectedOffset));
            QCOMPARE(found->second, TimestampMs(expectedTimestamp));
        }
        QCOMPARE(log->maxTimestamp(), TimestampMs(103'990));
        auto latest = log->offsetOfMaxTimestamp();
        QVERIFY(latest);
        QCOMPARE(latest->first, Offset(399));
    }

    void logAppendTimeStampsBatches()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.logAppendTime = true;
        auto log = openLog(tmp.filePath("lat-0").toStdString(), cfg);
        auto r = appendBatch(
            *log, {.count = 3, .timestamp = 5, .compression = Compression::Zstd}, 777'000);
        QVERIFY(r.ok());
        QCOMPARE(r->logAppendTime, TimestampMs(777'000));
        auto recs = readAll(*log, 0);
        QCOMPARE(recs.size(), size_t(3));
        for (const auto &rec : recs)
            QCOMPARE(rec.timestamp, int64_t(777'000));
        auto found = log->offsetForTimestamp(776'000);
        QVERIFY(found);
        QCOMPARE(found->first, Offset(0));
        QCOMPARE(found->second, TimestampMs(777'000));
    }

    void oversizedBatchRejected()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.maxMessageBytes = 1000;
        auto log = openLog(tmp.filePath("big-0").toStdString(), cfg);
        auto r = appendBatch(*log, {.count = 1, .valuePadding = 2000}, 1);
        QCOMPARE(r.code(), ErrorCode::MessageTooLarge);
        QCOMPARE(log->logEndOffset(), Offset(0));
    }

    void deleteRecordsBeforeSurvivesReopen_data()
    {
        QTest::addColumn<bool>("cleanShutdown");
        QTest::newRow("clean shutdown") << true;
        QTest::newRow("crash") << false;
    }
    void deleteRecordsBeforeSurvivesReopen()
    {
        QFETCH(bool, cleanShutdown);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("dr-0").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 4096;
        auto log = openLog(dir, cfg);
        for (int b = 0; b < 50; ++b)
            QVERIFY(appendBatch(*log, {.count = 2, .valuePadding = 200}, 1).ok());
        size_t segmentsBefore = log->segmentCount();
        QVERIFY(segmentsBefore > 3);
        QCOMPARE(log->deleteRecordsBefore(Offset(101)).code(), ErrorCode::OffsetOutOfRange);
        QVERIFY(log->deleteRecordsBefore(Offset(43)).ok());
        QCOMPARE(log->logStartOffset(), Offset(43));
        QVERIFY(log->segmentCount() < segmentsBefore);
        QCOMPARE(log->read(Offset(42), 1 << 20, Offset(100)).code(), ErrorCode::OffsetOutOfRange);
        // Moving backwards is a no-op.
        QVERIFY(log->deleteRecordsBefore(Offset(10)).ok());
        QCOMPARE(log->logStartOffset(), Offset(43));
        if (cleanShutdown)
            QVERIFY(log->close().ok());
        log.reset();

        log = openLog(dir, cfg);
        QCOMPARE(log->logStartOffset(), Offset(43));
        QCOMPARE(log->logEndOffset(), Offset(100));
        QCOMPARE(log->read(Offset(42), 1 << 20, Offset(100)).code(), ErrorCode::OffsetOutOfRange);
        auto recs = readAll(*log, 43);
        QVERIFY(recs.front().offset <= 43);
        QCOMPARE(recs.back().offset, int64_t(99));
        QVERIFY(log->offsetForTimestamp(0)->first >= Offset(43));
    }

    void truncateToForFollowers()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.segmentBytes = 2048;
        auto log = openLog(tmp.filePath("f-0").toStdString(), cfg);
        for (int b = 0; b < 20; ++b)
            QVERIFY(appendBatch(*log, {.count = 3, .valuePadding = 100}, 1).ok());
        QVERIFY(log->truncateTo(Offset(31)).ok());
        // The batch holding 30..32 goes too: the log ends at a batch boundary.
        QCOMPARE(log->logEndOffset(), Offset(30));
        auto recs = readAll(*log, 0);
        QCOMPARE(recs.size(), size_t(30));
        auto r = appendBatch(*log, {.count = 1}, 2);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(30));

        // Truncating below everything leaves an empty log that continues at the target.
        QVERIFY(log->truncateTo(Offset(0)).ok());
        QCOMPARE(log->logEndOffset(), Offset(0));
        QCOMPARE(log->segmentCount(), size_t(1));
        QVERIFY(readAll(*log, 0).empty());
    }

    // A follower behind the leader's log start restarts empty there, and the start survives
    // a reopen (checkpointed).
    void truncateFullyAndStartAtForLaggingFollowers()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.segmentBytes = 2048;
        std::filesystem::path dir = tmp.filePath("s-0").toStdString();
        {
            auto log = openLog(dir, cfg);
            for (int b = 0; b < 10; ++b)
                QVERIFY(appendBatch(*log, {.count = 3, .valuePadding = 100}, 1).ok());
            QVERIFY(log->truncateFullyAndStartAt(Offset(500)).ok());
            QCOMPARE(log->logStartOffset(), Offset(500));
            QCOMPARE(log->logEndOffset(), Offset(500));
            QCOMPARE(log->segmentCount(), size_t(1));
            QVERIFY(readAll(*log, 500).empty());
            auto r = appendBatch(*log, {.count = 2}, 2);
            QVERIFY(r.ok());
            QCOMPARE(r->firstOffset, Offset(500));
            QVERIFY(log->close().ok());
        }
        auto again = openLog(dir, cfg);
        QCOMPARE(again->logStartOffset(), Offset(500));
        QCOMPARE(again->logEndOffset(), Offset(502));
        QCOMPARE(readAll(*again, 500).size(), size_t(2));
        QVERIFY(!again->truncateFullyAndStartAt(Offset(-1)).ok());
    }

    void leaderEpochsAnswerOffsetForLeaderEpoch_data()
    {
        QTest::addColumn<bool>("cleanShutdown");
        QTest::newRow("clean shutdown") << true;
        QTest::newRow("crash") << false;
    }
    void leaderEpochsAnswerOffsetForLeaderEpoch()
    {
        QFETCH(bool, cleanShutdown);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("e-0").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 1024;
        auto log = openLog(dir, cfg);
        auto appendIn = [&](int epoch, int batches) {
            for (int b = 0; b < batches; ++b) {
                Bytes batch = makeBatch({.count = 2, .valuePadding = 100});
                QVERIFY(log->append(std::span<uint8_t>(batch), 1, LeaderEpoch(epoch)).ok());
            }
        };
        appendIn(0, 3); // offsets 0..5
        appendIn(2, 4); // 6..13
        appendIn(5, 2); // 14..17
        using Answer = std::pair<LeaderEpoch, Offset>;
        QCOMPARE(log->latestEpoch(), LeaderEpoch(5));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(0)), Answer(LeaderEpoch(0), Offset(6)));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(1)), Answer(LeaderEpoch(0), Offset(6)));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(2)), Answer(LeaderEpoch(2), Offset(14)));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(5)), Answer(LeaderEpoch(5), Offset(18)));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(9)), Answer(LeaderEpoch(-1), Offset(-1)));

        // A follower that diverged truncates; epoch 5's entry goes with its data.
        QVERIFY(log->truncateTo(Offset(14)).ok());
        QCOMPARE(log->latestEpoch(), LeaderEpoch(2));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(2)), Answer(LeaderEpoch(2), Offset(14)));
        appendIn(7, 1); // 14..15
        if (cleanShutdown)
            QVERIFY(log->close().ok());
        log.reset();

        log = openLog(dir, cfg);
        QCOMPARE(log->latestEpoch(), LeaderEpoch(7));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(5)), Answer(LeaderEpoch(2), Offset(14)));
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(7)), Answer(LeaderEpoch(7), Offset(16)));
        QVERIFY(log->deleteRecordsBefore(Offset(8)).ok());
        QCOMPARE(log->endOffsetForEpoch(LeaderEpoch(0)), Answer(LeaderEpoch(0), Offset(8)));
        std::ifstream in(dir / "leader-epoch-checkpoint");
        std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(all, std::string("0\n2\n2 8\n7 14\n"));
    }

    void followerAppendKeepsLeaderOffsets()
    {
        QTemporaryDir tmp;
        auto leader = openLog(tmp.filePath("l-0").toStdString(), LogConfig{});
        auto follower = openLog(tmp.filePath("f-0").toStdString(), LogConfig{});
        for (int b = 0; b < 4; ++b)
            QVERIFY(appendBatch(*leader, {.count = 2}, 1).ok());
        auto fetched = leader->read(Offset(0), 1 << 20, leader->logEndOffset());
        QVERIFY(fetched.ok());
        auto r = follower->appendAsFollower(std::span<uint8_t>(fetched->data), 2);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(0));
        QCOMPARE(r->lastOffset, Offset(7));
        QCOMPARE(follower->logEndOffset(), Offset(8));
        // Replaying the same data is refused: offsets would go backwards.
        QCOMPARE(follower->appendAsFollower(std::span<uint8_t>(fetched->data), 3).code(),
                 ErrorCode::CorruptMessage);
    }
};

QTEST_GUILESS_MAIN(TestPartitionLog)
#include "test_partition_log.moc"
