#include "engine/storage/partition_log.h"
#include "engine/storage/sync_worker.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <condition_variable>
#include <filesystem>
#include <mutex>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

// The fdatasync thread behind acks=all rounds and replica syncs: completions in submission
// order, one status per item, handles that outlive their segment, and nothing dropped at
// stop().
class TestSyncWorker : public QObject
{
    Q_OBJECT
private slots:
    void handleCoversTheLogEndAndOutlivesTheSegment()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("orders-0").toStdString();
        auto log = openLog(dir, LogConfig{});
        QVERIFY(appendBatch(*log, {.count = 7}, 1000).ok());
        auto handle = log->syncHandle();
        QVERIFY(handle.ok());
        QCOMPARE(handle->end, Offset(7));
        QVERIFY(handle->item.file.fd() >= 0);
        // Appends after the handle was taken are not part of its end.
        QVERIFY(appendBatch(*log, {.count = 3}, 1000).ok());
        QCOMPARE(handle->end, Offset(7));
        // The partition goes away before the worker gets to it: the duplicate still syncs.
        log.reset();
        std::filesystem::remove_all(dir);

        SyncWorker worker;
        std::mutex m;
        std::condition_variable cv;
        std::optional<std::vector<Status>> got;
        std::vector<SyncItem> items;
        items.push_back(std::move(handle->item));
        worker.submit(std::move(items), [&](std::vector<Status> results) {
            std::lock_guard lock(m);
            got = std::move(results);
            cv.notify_one();
        });
        std::unique_lock lock(m);
        QVERIFY(cv.wait_for(lock, std::chrono::seconds(10), [&] { return got.has_value(); }));
        QCOMPARE(got->size(), size_t(1));
        QVERIFY2(got->front().ok(), got->front().ok() ? "" : got->front().error().message.c_str());
    }

    void roundsCompleteInOrderWithOneStatusPerItem()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("orders-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, {.count = 2}, 1000).ok());
        SyncWorker worker;
        std::mutex m;
        std::vector<int> order;
        std::vector<std::vector<bool>> oks;
        constexpr int kRounds = 20;
        for (int i = 0; i < kRounds; ++i) {
            std::vector<SyncItem> items;
            auto good = log->syncHandle();
            QVERIFY(good.ok());
            items.push_back(std::move(good->item));
            if (i % 5 == 0) // a descriptor that is not open: an error for that item only
                items.push_back(SyncItem{FileHandle(), "/nonexistent/orders-0.log"});
            worker.submit(std::move(items), [&, i](std::vector<Status> results) {
                std::lock_guard lock(m);
                order.push_back(i);
                std::vector<bool> ok;
                for (const Status &s : results)
                    ok.push_back(s.ok());
                oks.push_back(ok);
            });
        }
        worker.stop(); // runs what was submitted, then joins
        QCOMPARE(order.size(), size_t(kRounds));
        for (int i = 0; i < kRounds; ++i) {
            QCOMPARE(order[static_cast<size_t>(i)], i);
            const auto &ok = oks[static_cast<size_t>(i)];
            QCOMPARE(ok.size(), size_t(i % 5 == 0 ? 2 : 1));
            QVERIFY(ok[0]);
            if (i % 5 == 0)
                QVERIFY(!ok[1]);
        }
    }

    void submitAfterStopStillSyncs()
    {
        QTemporaryDir tmp;
        auto log = openLog(tmp.filePath("orders-0").toStdString(), LogConfig{});
        QVERIFY(appendBatch(*log, {.count = 1}, 1000).ok());
        SyncWorker worker;
        worker.stop();
        auto handle = log->syncHandle();
        QVERIFY(handle.ok());
        std::vector<SyncItem> items;
        items.push_back(std::move(handle->item));
        bool called = false;
        worker.submit(std::move(items), [&](std::vector<Status> results) {
            called = results.size() == 1 && results[0].ok();
        });
        QVERIFY(called);
    }
};

QTEST_GUILESS_MAIN(TestSyncWorker)
#include "test_sync_worker.moc"
