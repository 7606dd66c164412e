#include "engine/cluster/raft_log_store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace runnel;
using namespace runnel::metadata;
using namespace runnel::cluster;

namespace {

std::vector<LogEntry> makeEntries(int64_t from, int64_t count, int32_t epoch)
{
    std::vector<LogEntry> out;
    for (int64_t i = from; i < from + count; ++i) {
        Bytes payload(static_cast<size_t>(i % 50), static_cast<uint8_t>(i));
        out.push_back(LogEntry{Offset(i),
                               QuorumEpoch(epoch),
                               i == 0 ? EntryKind::LeaderChange : EntryKind::Data,
                               std::move(payload)});
    }
    return out;
}

std::filesystem::path dirPath(const QTemporaryDir &dir)
{
    return std::filesystem::path(dir.path().toStdString());
}

std::unique_ptr<RaftLogStore> openStore(const std::filesystem::path &dir)
{
    auto store = RaftLogStore::open(dir);
    if (!store.ok())
        qFatal("open failed: %s", store.error().message.c_str());
    return std::move(store.value());
}

PersistedState loadState(const RaftLogStore &store)
{
    auto state = store.load();
    if (!state.ok())
        qFatal("load failed: %s", state.error().message.c_str());
    return std::move(state.value());
}

} // namespace

class TestRaftLogStore : public QObject
{
    Q_OBJECT
private slots:
    void freshIsEmpty()
    {
        QTemporaryDir dir;
        auto store = openStore(dirPath(dir));
        PersistedState s = loadState(*store);
        QCOMPARE(s.epoch, QuorumEpoch(0));
        QVERIFY(!s.votedFor);
        QVERIFY(s.log.empty());
        QVERIFY(std::filesystem::exists(dirPath(dir) / "__cluster_metadata-0"
                                        / "00000000000000000000.log"));
    }

    void secondOpenRefusedWhileInUse()
    {
        QTemporaryDir dir;
        auto store = openStore(dirPath(dir));
        auto second = RaftLogStore::open(dirPath(dir));
        QVERIFY(!second.ok());
        QCOMPARE(second.code(), ErrorCode::KafkaStorageError);
        store.reset();
        QVERIFY(RaftLogStore::open(dirPath(dir)).ok());
    }

    void appendAndReopen()
    {
        QTemporaryDir dir;
        auto entries = makeEntries(0, 30, 1);
        auto more = makeEntries(30, 20, 2);
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->append(entries).ok());
            QVERIFY(store->append(more).ok());
            QVERIFY(store->sync().ok());
            QCOMPARE(store->endOffset(), Offset(50));
        }
        auto store = openStore(dirPath(dir));
        QCOMPARE(store->recoveredCutBytes(), int64_t(0));
        entries.insert(entries.end(), more.begin(), more.end());
        QVERIFY(loadState(*store).log == entries);
        // Appending continues densely after a reopen; a gap is refused.
        QVERIFY(store->append(makeEntries(50, 1, 2)).ok());
        QVERIFY(!store->append(makeEntries(52, 1, 2)).ok());
        QCOMPARE(store->endOffset(), Offset(51));
    }

    void tornTailCutBack()
    {
        QTemporaryDir dir;
        auto entries = makeEntries(0, 10, 1);
        std::filesystem::path logPath;
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->append(entries).ok());
            QVERIFY(store->sync().ok());
            logPath = store->logPath();
        }
        // Tear the last entry in half, then add garbage as a crash might leave behind.
        auto size = std::filesystem::file_size(logPath);
        std::filesystem::resize_file(logPath, size - 20);
        {
            std::ofstream f(logPath, std::ios::binary | std::ios::app);
            f << "garbage after a torn write";
        }
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->recoveredCutBytes() > 0);
            PersistedState s = loadState(*store);
            QCOMPARE(s.log.size(), size_t(9));
            QVERIFY(std::equal(s.log.begin(), s.log.end(), entries.begin()));
            // The cut is on disk: the file holds exactly 9 entries, and appends follow them.
            QVERIFY(store->append(makeEntries(9, 3, 2)).ok());
            QVERIFY(store->sync().ok());
        }
        auto store = openStore(dirPath(dir));
        QCOMPARE(store->recoveredCutBytes(), int64_t(0));
        PersistedState s = loadState(*store);
        QCOMPARE(s.log.size(), size_t(12));
        QCOMPARE(s.log.back().epoch, QuorumEpoch(2));
    }

    void corruptMiddleCutsTheRest()
    {
        QTemporaryDir dir;
        std::filesystem::path logPath;
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->append(makeEntries(0, 10, 1)).ok());
            QVERIFY(store->sync().ok());
            logPath = store->logPath();
        }
        // Flip one payload byte of the 6th entry (entries 0..4 are 17+4+i bytes each).
        int64_t pos = 0;
        for (int i = 0; i < 5; ++i)
            pos += 4 + 17 + i;
        {
            std::fstream f(logPath, std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(pos + 4 + 17);
            f.put(static_cast<char>(0x5a));
        }
        auto store = openStore(dirPath(dir));
        QCOMPARE(loadState(*store).log.size(), size_t(5));
        QCOMPARE(store->endOffset(), Offset(5));
    }

    void truncateThenReopen()
    {
        QTemporaryDir dir;
        auto entries = makeEntries(0, 20, 1);
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->append(entries).ok());
            QVERIFY(store->sync().ok());
            QVERIFY(store->truncate(Offset(12)).ok());
            QCOMPARE(store->endOffset(), Offset(12));
            // Truncating beyond the end changes nothing.
            QVERIFY(store->truncate(Offset(15)).ok());
            QCOMPARE(store->endOffset(), Offset(12));
            // Entries of a new epoch replace the dropped ones.
            QVERIFY(store->append(makeEntries(12, 4, 3)).ok());
            QVERIFY(store->sync().ok());
        }
        auto store = openStore(dirPath(dir));
        PersistedState s = loadState(*store);
        QCOMPARE(s.log.size(), size_t(16));
        QVERIFY(std::equal(s.log.begin(), s.log.begin() + 12, entries.begin()));
        QCOMPARE(s.log[11].epoch, QuorumEpoch(1));
        QCOMPARE(s.log[12].epoch, QuorumEpoch(3));
        QVERIFY(store->truncate(Offset(0)).ok());
        store.reset();
        auto again = openStore(dirPath(dir));
        QVERIFY(loadState(*again).log.empty());
    }

    void votePersistence()
    {
        QTemporaryDir dir;
        {
            auto store = openStore(dirPath(dir));
            QVERIFY(store->persistVote(QuorumEpoch(4), NodeId(2)).ok());
        }
        {
            auto store = openStore(dirPath(dir));
            PersistedState s = loadState(*store);
            QCOMPARE(s.epoch, QuorumEpoch(4));
            QVERIFY(s.votedFor == NodeId(2));
            QVERIFY(store->persistVote(QuorumEpoch(5), std::nullopt).ok());
        }
        auto store = openStore(dirPath(dir));
        PersistedState s = loadState(*store);
        QCOMPARE(s.epoch, QuorumEpoch(5));
        QVERIFY(!s.votedFor);

        // A damaged quorum-state file is an error, not a silent reset to epoch 0 (which
        // could let this voter vote twice in an epoch).
        std::filesystem::path votePath = store->directory() / "quorum-state";
        {
            std::fstream f(votePath, std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(2);
            f.put(static_cast<char>(0x7f));
        }
        QVERIFY(!store->load().ok());
    }
};

QTEST_GUILESS_MAIN(TestRaftLogStore)
#include "test_raft_log_store.moc"
