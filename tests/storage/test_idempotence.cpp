#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

namespace {

constexpr int64_t kPid = 4242;

BatchSpec produced(int16_t epoch, int32_t seq, int count = 5, std::string value = "v")
{
    return {.count = count,
            .valuePrefix = std::move(value),
            .producerId = kPid,
            .producerEpoch = epoch,
            .baseSequence = seq};
}

} // namespace

class TestIdempotence : public QObject
{
    Q_OBJECT
private slots:
    void retryReturnsOriginalOffsets()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, {.count = 3}, 1).ok()); // someone else's records first
        auto first = appendBatch(*log, produced(0, 0), 10);
        QVERIFY(first.ok());
        QCOMPARE(first->firstOffset, Offset(3));
        auto second = appendBatch(*log, produced(0, 5), 11);
        QVERIFY(second.ok());
        QCOMPARE(second->firstOffset, Offset(8));

        // The producer did not get the first acknowledgement and sends it again.
        auto retry = appendBatch(*log, produced(0, 0), 12);
        QVERIFY(retry.ok());
        QVERIFY(retry->duplicate);
        QCOMPARE(retry->firstOffset, Offset(3));
        QCOMPARE(retry->lastOffset, Offset(7));
        QCOMPARE(log->logEndOffset(), Offset(13)); // nothing written twice
        QCOMPARE(readAll(*log, 0).size(), size_t(13));
    }

    // findDuplicate answers what append() would for a retry, without writing, and only
    // for a retry: within the five-batch window, same epoch and sequence range; the state
    // survives a reopen (the log tail is replayed).
    void findDuplicateWithoutWriting()
    {
        QTemporaryDir tmp;
        const auto dir = tmp.filePath("t-0").toStdString();
        {
            auto log = openLog(dir, LogConfig{});
            QVERIFY(appendBatch(*log, produced(0, 0), 10).ok());
            QVERIFY(appendBatch(*log, produced(0, 5), 11).ok());
            Bytes retry = makeBatch(produced(0, 0));
            auto dup = log->findDuplicate(retry);
            QVERIFY(dup.has_value());
            QCOMPARE(dup->firstOffset, Offset(0));
            QCOMPARE(dup->lastOffset, Offset(4));
            QCOMPARE(log->logEndOffset(), Offset(10));
            Bytes next = makeBatch(produced(0, 10));
            QVERIFY(!log->findDuplicate(next).has_value());
            Bytes otherRange = makeBatch(produced(0, 0, 3));
            QVERIFY(!log->findDuplicate(otherRange).has_value());
            Bytes newEpoch = makeBatch(produced(1, 0));
            QVERIFY(!log->findDuplicate(newEpoch).has_value());
            Bytes plain = makeBatch({.count = 5});
            QVERIFY(!log->findDuplicate(plain).has_value());
        } // destroyed without close(): a crash
        auto reopened = openLog(dir, LogConfig{});
        Bytes retry = makeBatch(produced(0, 5));
        auto dup = reopened->findDuplicate(retry);
        QVERIFY(dup.has_value());
        QCOMPARE(dup->firstOffset, Offset(5));
    }

    // Which refusals mean "an earlier batch is missing here" (send again in order) rather
    // than a real sequence error; the cluster's leaders answer those as retriable.
    void sequenceGapAhead_data()
    {
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("seq");
        QTest::addColumn<bool>("gap");
        // State: epoch 3, batches 0-4 and 5-9.
        QTest::newRow("next in sequence") << 3 << 10 << false;
        QTest::newRow("one batch missing") << 3 << 15 << true;
        QTest::newRow("retry of a cached batch") << 3 << 5 << false;
        QTest::newRow("rewound, overlapping") << 3 << 7 << false;
        QTest::newRow("older epoch") << 2 << 15 << false;
        QTest::newRow("newer epoch") << 4 << 15 << false;
    }
    void sequenceGapAhead()
    {
        QFETCH(int, epoch);
        QFETCH(int, seq);
        QFETCH(bool, gap);
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, produced(3, 0), 1).ok());
        QVERIFY(appendBatch(*log, produced(3, 5), 1).ok());
        Bytes b = makeBatch(produced(int16_t(epoch), seq));
        auto h = records::parseBatchHeader(b);
        QVERIFY(h.ok());
        QCOMPARE(ProducerStateManager::sequenceGapAhead(*h, log->producerState(kPid)), gap);
        if (gap) // what append() says about it
            QCOMPARE(appendBatch(*log, produced(int16_t(epoch), seq), 2).code(),
                     ErrorCode::OutOfOrderSequenceNumber);
        // Wrapping: after INT32_MAX comes 0.
        ProducerEntry wrapped;
        wrapped.epoch = 0;
        wrapped.batches.push_back({2147483600, 2147483647, 0, 47, -1});
        Bytes next = makeBatch(produced(0, 0));
        Bytes skip = makeBatch(produced(0, 5));
        QVERIFY(
            !ProducerStateManager::sequenceGapAhead(*records::parseBatchHeader(next), &wrapped));
        QVERIFY(ProducerStateManager::sequenceGapAhead(*records::parseBatchHeader(skip), &wrapped));
    }

    void sequenceAndEpochRules_data()
    {
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("seq");
        QTest::addColumn<int>("expected");
        // State before each row: epoch 3, batches with sequences 0-4 and 5-9.
        QTest::newRow("next in sequence") << 3 << 10 << int(ErrorCode::None);
        QTest::newRow("gap") << 3 << 12 << int(ErrorCode::OutOfOrderSequenceNumber);
        QTest::newRow("overlapping, not a retry")
            << 3 << 7 << int(ErrorCode::OutOfOrderSequenceNumber);
        QTest::newRow("older epoch is fenced") << 2 << 10 << int(ErrorCode::InvalidProducerEpoch);
        QTest::newRow("newer epoch from 0") << 4 << 0 << int(ErrorCode::None);
        QTest::newRow("newer epoch not from 0")
            << 4 << 10 << int(ErrorCode::OutOfOrderSequenceNumber);
    }
    void sequenceAndEpochRules()
    {
        QFETCH(int, epoch);
        QFETCH(int, seq);
        QFETCH(int, expected);
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, produced(3, 0), 1).ok());
        QVERIFY(appendBatch(*log, produced(3, 5), 1).ok());
        auto r = appendBatch(*log, produced(int16_t(epoch), seq), 2);
        QCOMPARE(int(r.code()), expected);
        QCOMPARE(log->logEndOffset(), Offset(expected == 0 ? 15 : 10));
    }

    // Kafka 2.5+: a partition that has no state for a producer (new to it, or its data
    // expired) accepts whatever sequence comes and continues from there.
    void unknownProducerAcceptedAtAnySequence()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        auto r = appendBatch(*log, produced(7, 1234), 1);
        QVERIFY(r.ok());
        QCOMPARE(appendBatch(*log, produced(7, 1240), 1).code(),
                 ErrorCode::OutOfOrderSequenceNumber);
        QVERIFY(appendBatch(*log, produced(7, 1239), 1).ok());
    }

    void onlyTheLastFiveBatchesAreRemembered()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        for (int b = 0; b < 6; ++b)
            QVERIFY(appendBatch(*log, produced(0, b * 5), 1).ok());
        auto recent = appendBatch(*log, produced(0, 5), 2);
        QVERIFY(recent.ok() && recent->duplicate);
        QCOMPARE(recent->firstOffset, Offset(5));
        // The very first batch fell out of the window: it is no longer recognised.
        QCOMPARE(appendBatch(*log, produced(0, 0), 2).code(), ErrorCode::OutOfOrderSequenceNumber);
    }

    void sequenceWrapsAtIntMax()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("t-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, produced(0, std::numeric_limits<int32_t>::max() - 2, 3), 1).ok());
        QVERIFY(appendBatch(*log, produced(0, 0, 2), 1).ok());
    }

    void stateSurvivesReopen_data()
    {
        QTest::addColumn<bool>("cleanShutdown");
        QTest::addColumn<bool>("rolled");
        QTest::newRow("clean, one segment") << true << false;
        QTest::newRow("crash, one segment") << false << false;
        QTest::newRow("clean, many segments") << true << true;
        QTest::newRow("crash, many segments") << false << true;
    }
    void stateSurvivesReopen()
    {
        QFETCH(bool, cleanShutdown);
        QFETCH(bool, rolled);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("t-0").toStdString();
        LogConfig cfg;
        if (rolled)
            cfg.segmentBytes = 300;
        auto log = openLog(dir, cfg);
        for (int b = 0; b < 8; ++b)
            QVERIFY(appendBatch(*log, produced(2, b * 5), 1).ok());
        QVERIFY(appendBatch(*log, {.count = 1}, 1).ok());
        if (rolled)
            QVERIFY(log->segmentCount() > 2);
        if (cleanShutdown)
            QVERIFY(log->close().ok());
        log.reset();

        log = openLog(dir, cfg);
        const ProducerEntry *state = log->producerState(kPid);
        QVERIFY(state);
        QCOMPARE(state->epoch, int16_t(2));
        QCOMPARE(state->batches.size(), size_t(5));
        auto retry = appendBatch(*log, produced(2, 35), 2);
        QVERIFY(retry.ok());
        QVERIFY(retry->duplicate);
        QCOMPARE(retry->firstOffset, Offset(35));
        QCOMPARE(appendBatch(*log, produced(2, 50), 2).code(), ErrorCode::OutOfOrderSequenceNumber);
        QCOMPARE(appendBatch(*log, produced(1, 40), 2).code(), ErrorCode::InvalidProducerEpoch);
        auto next = appendBatch(*log, produced(2, 40), 2);
        QVERIFY(next.ok());
        QCOMPARE(next->firstOffset, Offset(41));
    }

    void failedAppendLeavesStateUntouched()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.maxMessageBytes = 2000;
        auto log = openLog(tmp.filePath("t-0").toStdString(), cfg);
        QVERIFY(appendBatch(*log, produced(0, 0), 1).ok());
        // Two batches in one request, the second one invalid: the first must not count.
        Bytes a = makeBatch(produced(0, 5));
        Bytes b = makeBatch({.count = 1, .valuePadding = 5000});
        Bytes both = a;
        both.insert(both.end(), b.begin(), b.end());
        QCOMPARE(log->append(std::span<uint8_t>(both), 2).code(), ErrorCode::MessageTooLarge);
        auto r = appendBatch(*log, produced(0, 5), 3);
        QVERIFY(r.ok());
        QVERIFY(!r->duplicate);
        QCOMPARE(r->firstOffset, Offset(5));
    }

    void idleProducersExpire()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.producerIdExpirationMs = 1000;
        auto log = openLog(tmp.filePath("t-0").toStdString(), cfg);
        QVERIFY(appendBatch(*log, produced(0, 0), 10'000).ok());
        log->runHousekeeping(10'500);
        QVERIFY(log->producerState(kPid));
        log->runHousekeeping(11'001);
        QVERIFY(!log->producerState(kPid));
    }
};

QTEST_GUILESS_MAIN(TestIdempotence)
#include "test_idempotence.moc"
