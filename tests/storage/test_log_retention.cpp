#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

namespace {

constexpr TimestampMs kHour = 3600 * 1000;
constexpr TimestampMs kT0 = 1'700'000'000'000;

size_t countFiles(const std::filesystem::path &dir, const std::string &suffix)
{
    size_t n = 0;
    for (const auto &e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().ends_with(suffix))
            ++n;
    return n;
}

} // namespace

class TestLogRetention : public QObject
{
    Q_OBJECT
private slots:
    void retentionBySize()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("metrics-0").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 1024;
        cfg.retentionMs = -1;
        cfg.retentionBytes = 3000;
        auto log = openLog(dir, cfg);
        for (int b = 0; b < 30; ++b)
            QVERIFY(
                appendBatch(*log, {.count = 1, .timestamp = kT0, .valuePadding = 250}, kT0).ok());
        const int64_t sizeBefore = log->sizeBytes();
        QVERIFY(sizeBefore > 2 * cfg.retentionBytes);
        log->runHousekeeping(kT0 + 1000);
        QVERIFY(log->sizeBytes() >= cfg.retentionBytes);
        QVERIFY(log->sizeBytes() < cfg.retentionBytes + cfg.segmentBytes);
        QVERIFY(log->logStartOffset() > Offset(0));
        QCOMPARE(log->logEndOffset(), Offset(30));
        QCOMPARE(log->read(Offset(0), 1 << 20, Offset(30)).code(), ErrorCode::OffsetOutOfRange);
        auto recs = readAll(*log, log->logStartOffset().value());
        QCOMPARE(recs.front().offset, log->logStartOffset().value());
        QCOMPARE(recs.back().offset, int64_t(29));

        const Offset start = log->logStartOffset();
        QVERIFY(log->close().ok());
        log = openLog(dir, cfg);
        QCOMPARE(log->logStartOffset(), start);
    }

    void retentionByTime()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("clicks-0").toStdString();
        LogConfig cfg;
        cfg.segmentBytes = 1024;
        cfg.retentionMs = kHour;
        auto log = openLog(dir, cfg);
        for (int b = 0; b < 12; ++b) // old: offsets 0..11
            QVERIFY(appendBatch(*log, {.timestamp = kT0 + b, .valuePadding = 250}, kT0).ok());
        for (int b = 0; b < 12; ++b) // two hours later: offsets 12..23
            QVERIFY(appendBatch(*log,
                                {.timestamp = kT0 + 2 * kHour + b, .valuePadding = 250},
                                kT0 + 2 * kHour)
                        .ok());
        QVERIFY(log->segmentCount() > 4);

        // Nothing is old enough yet.
        log->runHousekeeping(kT0 + kHour / 2);
        QCOMPARE(log->logStartOffset(), Offset(0));

        // The old records go; a segment that mixes old and new stays whole.
        log->runHousekeeping(kT0 + 2 * kHour + 60'000);
        QVERIFY(log->logStartOffset() > Offset(0));
        QVERIFY(log->logStartOffset() <= Offset(12));
        auto recs = readAll(*log, log->logStartOffset().value());
        QCOMPARE(recs.back().offset, int64_t(23));
        for (const auto &r : recs)
            if (r.offset >= 12)
                QVERIFY(r.timestamp >= kT0 + 2 * kHour);

        // Everything expired: even the active segment goes, the log end offset stays and
        // appends continue from it.
        log->runHousekeeping(kT0 + 4 * kHour);
        QCOMPARE(log->logStartOffset(), Offset(24));
        QCOMPARE(log->logEndOffset(), Offset(24));
        QCOMPARE(log->sizeBytes(), int64_t(0));
        QCOMPARE(log->segmentCount(), size_t(1));
        auto r = appendBatch(*log, {.timestamp = kT0 + 4 * kHour}, kT0 + 4 * kHour);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(24));
        QCOMPARE(r->logStartOffset, Offset(24));

        QVERIFY(log->close().ok());
        log = openLog(dir, cfg);
        QCOMPARE(log->logStartOffset(), Offset(24));
        QCOMPARE(log->logEndOffset(), Offset(25));
    }

    void retentionKeepsDataAboveHighWatermarkAndHonoursPolicy()
    {
        QTemporaryDir tmp;
        LogConfig cfg;
        cfg.segmentBytes = 1024;
        cfg.retentionMs = kHour;
        auto log = openLog(tmp.filePath("hw-0").toStdString(), cfg);
        for (int b = 0; b < 12; ++b)
            QVERIFY(appendBatch(*log, {.timestamp = kT0, .valuePadding = 250}, kT0).ok());
        log->setHighWatermark(Offset(0));
        log->runHousekeeping(kT0 + 3 * kHour);
        QCOMPARE(log->logStartOffset(), Offset(0)); // not replicated yet: kept

        cfg.cleanupDelete = false;
        log->setConfig(cfg);
        log->setHighWatermark(Offset(12));
        log->runHousekeeping(kT0 + 3 * kHour);
        QCOMPARE(log->logStartOffset(), Offset(0)); // cleanup.policy=compact only

        cfg.cleanupDelete = true;
        log->setConfig(cfg);
        log->runHousekeeping(kT0 + 3 * kHour);
        QCOMPARE(log->logStartOffset(), Offset(12));
    }

    void rollBySegmentMsAndDelayedFileDeletion()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("roll-0").toStdString();
        LogConfig cfg;
        cfg.segmentMs = 1000;
        cfg.retentionMs = 100'000;
        cfg.fileDeleteDelayMs = 10'000;
        auto log = openLog(dir, cfg);
        QVERIFY(appendBatch(*log, {.timestamp = 100}, 100).ok());
        log->runHousekeeping(900);
        QCOMPARE(log->segmentCount(), size_t(1));
        log->runHousekeeping(1200);
        QCOMPARE(log->segmentCount(), size_t(2));
        QVERIFY(appendBatch(*log, {.timestamp = 90'000}, 90'000).ok());

        log->runHousekeeping(100'200); // the first segment's record is now > 100 s old
        QCOMPARE(log->logStartOffset(), Offset(1));
        QCOMPARE(countFiles(dir, ".log.deleted"), size_t(1));
        log->runHousekeeping(100'200 + 10'001);
        QCOMPARE(countFiles(dir, ".deleted"), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLogRetention)
#include "test_log_retention.moc"
