#pragma once

// SyncWorker: one thread that runs fdatasync for the event loop, so that a broker keeps
// serving (reading requests, appending, answering fetches) while a group commit reaches
// the disk.
//
// A round is a list of SyncItems — each a dup()ed descriptor of a partition's active
// segment (PartitionLog::syncHandle), so the segment may roll, be truncated or be deleted
// meanwhile — and a completion. Rounds run one after another in submission order; each
// item is synced once, and the completion gets one Status per item. Appends made while a
// round runs may or may not be covered; the caller counts as durable only what was
// appended before it took the handles (PartitionLog::syncHandle records that offset).
//
// Owned by the broker (one per runneld, shared by the single-broker acks=all path and the
// replicas of a cluster member). submit() is called on the event-loop thread; `done` runs
// on the worker thread and must only post back to the event loop. stop() (also from the
// destructor) finishes the rounds already submitted, runs their completions, and joins.

#include "engine/common/result.h"
#include "engine/storage/file_io.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace runnel::storage {

struct SyncItem
{
    FileHandle file; // a duplicate of the segment's descriptor, closed after the sync
    std::filesystem::path path;
};

class SyncWorker
{
public:
    using Done = std::function<void(std::vector<Status>)>;

    SyncWorker();
    ~SyncWorker();
    SyncWorker(const SyncWorker &) = delete;
    SyncWorker &operator=(const SyncWorker &) = delete;

    void submit(std::vector<SyncItem> items, Done done);
    void stop();

private:
    struct Round
    {
        std::vector<SyncItem> items;
        Done done;
    };
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Round> m_rounds;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace runnel::storage
