#include "engine/storage/sync_worker.h"

namespace runnel::storage {

SyncWorker::SyncWorker()
    : m_thread([this] { run(); })
{}

SyncWorker::~SyncWorker()
{
    stop();
}

void SyncWorker::submit(std::vector<SyncItem> items, Done done)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping) {
            m_rounds.push_back(Round{std::move(items), std::move(done)});
            m_wake.notify_one();
            return;
        }
    }
    // Stopped (the broker is shutting down): sync here rather than never.
    std::vector<Status> results;
    for (SyncItem &item : items)
        results.push_back(syncData(item.file.fd(), item.path));
    if (done)
        done(std::move(results));
}

void SyncWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void SyncWorker::run()
{
    for (;;) {
        Round round;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_rounds.empty(); });
            if (m_rounds.empty())
                return; // stopping, and every submitted round has run
            round = std::move(m_rounds.front());
            m_rounds.pop_front();
        }
        std::vector<Status> results;
        results.reserve(round.items.size());
        for (SyncItem &item : round.items) {
            results.push_back(syncData(item.file.fd(), item.path));
            item.file.reset();
        }
        if (round.done)
            round.done(std::move(results));
    }
}

} // namespace runnel::storage
