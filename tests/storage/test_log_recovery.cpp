#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fstream>
#include <sys/resource.h>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

namespace {

std::filesystem::path lastSegmentFile(const std::filesystem::path &dir)
{
    std::filesystem::path last;
    for (const auto &e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".log" && (last.empty() || e.path() > last))
            last = e.path();
    return last;
}

void appendBytes(const std::filesystem::path &file, const Bytes &bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

void flipByte(const std::filesystem::path &file, std::uintmax_t position)
{
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekg(std::streamoff(position));
    char c = 0;
    f.read(&c, 1);
    c = char(c ^ 0x40);
    f.seekp(std::streamoff(position));
    f.write(&c, 1);
}

LogConfig smallSegments()
{
    LogConfig cfg;
    cfg.segmentBytes = 4096;
    cfg.indexIntervalBytes = 512;
    return cfg;
}

} // namespace

class TestLogRecovery : public QObject
{
    Q_OBJECT
private slots:
    void tornTailIsTruncated_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("cut mid-batch") << "cut";
        QTest::newRow("cut mid-batch, then garbage") << "cut+garbage";
        QTest::newRow("garbage after the last batch") << "garbage";
        QTest::newRow("zero-filled tail") << "zeros";
        QTest::newRow("bit flip in the last batch") << "flip";
        QTest::newRow("cut inside the last header") << "cut-header";
    }
    void tornTailIsTruncated()
    {
        QFETCH(QString, damage);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("payments-0").toStdString();
        auto log = openLog(dir, smallSegments());
        // 40 batches of 3 records; the last one (offsets 117..119) is the one we damage.
        for (int b = 0; b < 40; ++b)
            QVERIFY(appendBatch(*log, {.count = 3, .timestamp = 1000 + b, .valuePadding = 150}, 1)
                        .ok());
        QVERIFY(log->segmentCount() > 2);
        auto lastBatch = log->read(Offset(117), 1, Offset(120));
        QVERIFY(lastBatch.ok());
        const auto lastSize = lastBatch->data.size();
        log.reset(); // a crash: no close(), no clean-shutdown marker

        auto file = lastSegmentFile(dir);
        auto size = std::filesystem::file_size(file);
        int64_t expectedEnd = 117;
        if (damage == "cut") {
            std::filesystem::resize_file(file, size - lastSize / 2);
        } else if (damage == "cut+garbage") {
            std::filesystem::resize_file(file, size - lastSize / 2);
            appendBytes(file, Bytes(333, 0x5a));
        } else if (damage == "garbage") {
            appendBytes(file, Bytes{0, 0, 0, 0, 0, 0, 0, 120, 0, 0, 0, 200, 1, 2, 3});
            expectedEnd = 120;
        } else if (damage == "zeros") {
            appendBytes(file, Bytes(4096, 0));
            expectedEnd = 120;
        } else if (damage == "flip") {
            flipByte(file, size - 5);
        } else if (damage == "cut-header") {
            std::filesystem::resize_file(file, size - lastSize + 30);
        }

        log = openLog(dir, smallSegments());
        QCOMPARE(log->logEndOffset(), Offset(expectedEnd));
        auto recs = readAll(*log, 0);
        QCOMPARE(recs.size(), size_t(expectedEnd));
        for (size_t i = 0; i < recs.size(); ++i)
            QCOMPARE(recs[i].offset, int64_t(i));
        QCOMPARE(text(recs.back().value).substr(0, 5), std::string("value"));

        // Appends continue right after the last intact batch, and survive a clean restart.
        auto r = appendBatch(*log, {.count = 2, .valuePrefix = "after"}, 2);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(expectedEnd));
        QVERIFY(log->close().ok());
        log = openLog(dir, smallSegments());
        QCOMPARE(log->logEndOffset(), Offset(expectedEnd + 2));
        recs = readAll(*log, expectedEnd);
        QCOMPARE(recs.size(), size_t(2));
        QCOMPARE(text(recs.front().value), std::string("after"));
    }

    // Without any checkpoint every segment is verified; a corrupt batch in an old segment
    // cuts the log there, keeping everything before it.
    void corruptionInOlderSegmentWithoutCheckpoint()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("audit-0").toStdString();
        auto log = openLog(dir, smallSegments());
        for (int b = 0; b < 40; ++b)
            QVERIFY(appendBatch(*log, {.count = 3, .valuePadding = 150}, 1).ok());
        QVERIFY(log->segmentCount() > 2);
        auto batch3 = log->read(Offset(9), 1, Offset(12));
        QVERIFY(batch3.ok());
        log.reset();
        std::filesystem::remove(dir / "partition.checkpoint");
        // Batch 3 (offsets 9..11) sits in the first segment at 3 * its size.
        auto first = dir / "00000000000000000000.log";
        QVERIFY(std::filesystem::file_size(first) > 4 * batch3->data.size());
        flipByte(first, 3 * batch3->data.size() + 70);

        log = openLog(dir, smallSegments());
        QCOMPARE(log->logEndOffset(), Offset(9));
        QCOMPARE(log->segmentCount(), size_t(1));
        QCOMPARE(readAll(*log, 0).size(), size_t(9));
        QCOMPARE(appendBatch(*log, {.count = 1}, 1)->firstOffset, Offset(9));
    }

    void missingIndexesAreRebuilt()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("idx-0").toStdString();
        auto log = openLog(dir, smallSegments());
        for (int b = 0; b < 60; ++b)
            QVERIFY(
                appendBatch(*log, {.count = 2, .timestamp = 5000 + 2 * b, .valuePadding = 100}, 1)
                    .ok());
        QVERIFY(log->close().ok());
        log.reset();
        int removed = 0;
        for (const auto &e : std::filesystem::directory_iterator(dir)) {
            auto ext = e.path().extension();
            if (ext == ".index" || ext == ".timeindex") {
                if (removed++ % 2 == 0)
                    std::filesystem::remove(e.path());
                else
                    std::filesystem::resize_file(e.path(), 5); // not a whole entry
            }
        }
        log = openLog(dir, smallSegments());
        QCOMPARE(log->logEndOffset(), Offset(120));
        for (int64_t target : {0, 33, 64, 101, 119}) {
            auto r = log->read(Offset(target), 1, Offset(120));
            QVERIFY(r.ok());
            auto recs = decodeAll(r->data);
            QVERIFY(recs.front().offset <= target && recs.back().offset >= target);
        }
        QCOMPARE(log->offsetForTimestamp(5077)->first, Offset(77));
    }

    // A failed write (here: the file size limit, standing in for a full disk) must return
    // KafkaStorageError and leave no partial batch behind.
    void failedWriteLeavesLogConsistent()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("full-0").toStdString();
        auto log = openLog(dir, LogConfig{});
        for (int b = 0; b < 5; ++b)
            QVERIFY(appendBatch(*log, {.count = 2, .valuePadding = 100}, 1).ok());
        auto file = dir / "00000000000000000000.log";
        auto sizeBefore = std::filesystem::file_size(file);

        auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit tight = old;
        tight.rlim_cur = sizeBefore + 100;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &tight), 0);
        auto r = appendBatch(*log, {.count = 3, .valuePadding = 400}, 2);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);

        QCOMPARE(r.code(), ErrorCode::KafkaStorageError);
        QCOMPARE(log->logEndOffset(), Offset(10));
        QCOMPARE(std::filesystem::file_size(file), sizeBefore);
        auto ok = appendBatch(*log, {.count = 3, .valuePrefix = "retry"}, 3);
        QVERIFY(ok.ok());
        QCOMPARE(ok->firstOffset, Offset(10));
        auto recs = readAll(*log, 0);
        QCOMPARE(recs.size(), size_t(13));
        QCOMPARE(text(recs.back().value), std::string("retry"));
    }
};

QTEST_GUILESS_MAIN(TestLogRecovery)
#include "test_log_recovery.moc"
