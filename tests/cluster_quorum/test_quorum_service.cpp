// Three QuorumServices on one io_context in one process, on loopback ports and temp
// dirs: election, replication, leader failover, restart from disk and recovery from a
// torn log tail, and an election as soon as the leader's connections close. Every wait is bounded
// (runUntil with a deadline).

#include "engine/cluster/quorum_service.h"
#include "engine/cluster/raft_log_store.h"

#include <asio.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <chrono>
#include <fstream>

using namespace runnel;
using namespace runnel::metadata;
using namespace runnel::cluster;

namespace {

constexpr int kNodes = 3;

uint16_t freePort()
{
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(
        io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

Bytes payload(const std::string &text)
{
    return Bytes(text.begin(), text.end());
}

std::string text(const Bytes &b)
{
    return std::string(b.begin(), b.end());
}

} // namespace

class TestQuorumService : public QObject
{
    Q_OBJECT

    struct Node
    {
        NodeId id;
        uint16_t port = 0;
        std::unique_ptr<QTemporaryDir> dir;
        std::unique_ptr<QuorumService> service;
        std::vector<LogEntry> committed; // reported since this incarnation started
        int fatalErrors = 0;
    };

    asio::io_context m_io;
    std::array<Node, kNodes> m_nodes;
    std::vector<VoterAddress> m_voters;
    std::vector<std::string> m_proposed; // every payload acknowledged by propose()
    int64_t m_fetchTimeoutMs = 600;      // of the services started from now on
    int64_t m_peerLossGraceMs = 500;

    // Runs the io_context until pred holds or timeoutMs passes; returns pred().
    template<typename Pred>
    bool runUntil(Pred pred, int timeoutMs)
    {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (!pred()) {
            if (std::chrono::steady_clock::now() >= deadline)
                return false;
            if (m_io.stopped())
                m_io.restart();
            m_io.run_for(std::chrono::milliseconds(10));
        }
        return true;
    }

    void startNode(size_t i)
    {
        Node &n = m_nodes[i];
        QuorumConfig config;
        config.selfId = n.id;
        config.voters = m_voters;
        config.listenHost = "127.0.0.1";
        config.listenPort = n.port;
        config.dir = n.dir->path().toStdString();
        config.raft.electionTimeoutMs = 300;
        config.raft.electionJitterMs = 300;
        config.raft.fetchTimeoutMs = m_fetchTimeoutMs;
        config.raft.requestTimeoutMs = 200;
        config.raft.fetchIntervalMs = 20;
        config.peerLink.minBackoffMs = 20;
        config.peerLink.maxBackoffMs = 200;
        config.peerLossGraceMs = m_peerLossGraceMs;
        n.committed.clear();
        QuorumCallbacks callbacks;
        callbacks.onCommitted = [&n](const std::vector<LogEntry> &entries) {
            n.committed.insert(n.committed.end(), entries.begin(), entries.end());
        };
        callbacks.onFatalError = [&n](const Error &) {
            ++n.fatalErrors;
        };
        auto service = QuorumService::start(m_io, config, callbacks);
        if (!service.ok())
            qFatal("start failed: %s", service.error().message.c_str());
        n.service = std::move(service.value());
    }

    // The one running node that is Leader and that every other running node follows.
    Node *stableLeader()
    {
        Node *leader = nullptr;
        for (Node &n : m_nodes)
            if (n.service && n.service->role() == RaftRole::Leader) {
                if (leader)
                    return nullptr;
                leader = &n;
            }
        if (!leader)
            return nullptr;
        for (Node &n : m_nodes)
            if (n.service && n.service->leaderId() != leader->id)
                return nullptr;
        return leader;
    }

    // Proposes each payload to the current leader, waiting out elections; bounded.
    bool proposeAll(const std::vector<std::string> &payloads)
    {
        for (const std::string &p : payloads) {
            bool accepted = false;
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!accepted && std::chrono::steady_clock::now() < deadline) {
                Node *leader = stableLeader();
                if (leader && leader->service->propose(payload(p)).ok()) {
                    accepted = true;
                    m_proposed.push_back(p);
                } else {
                    m_io.run_for(std::chrono::milliseconds(10));
                }
            }
            if (!accepted)
                return false;
        }
        return true;
    }

    static std::vector<std::string> dataPayloads(const std::vector<LogEntry> &entries)
    {
        std::vector<std::string> out;
        for (const LogEntry &e : entries)
            if (e.kind == EntryKind::Data)
                out.push_back(text(e.payload));
        return out;
    }

    // Every running node has reported the same committed sequence, and it holds every
    // acknowledged proposal in order.
    bool converged()
    {
        const std::vector<LogEntry> *reference = nullptr;
        for (Node &n : m_nodes) {
            if (!n.service)
                continue;
            if (!reference)
                reference = &n.committed;
            else if (n.committed != *reference)
                return false;
        }
        return reference && dataPayloads(*reference) == m_proposed;
    }

    QString describe()
    {
        QString out;
        for (Node &n : m_nodes) {
            out += QStringLiteral("[node %1: %2, epoch %3, leader %4, commit %5, reported %6] ")
                       .arg(n.id.value())
                       .arg(n.service ? roleName(n.service->role()) : "stopped")
                       .arg(n.service ? n.service->epoch().value() : -1)
                       .arg(n.service && n.service->leaderId() ? n.service->leaderId()->value()
                                                               : -1)
                       .arg(n.service ? n.service->commitOffset().value() : -1)
                       .arg(n.committed.size());
        }
        return out;
    }

    static std::vector<std::string> names(const char *prefix, int count)
    {
        std::vector<std::string> out;
        for (int i = 0; i < count; ++i)
            out.push_back(prefix + std::to_string(i));
        return out;
    }

private slots:
    void initTestCase()
    {
        for (int i = 0; i < kNodes; ++i) {
            Node &n = m_nodes[static_cast<size_t>(i)];
            n.id = NodeId(i + 1);
            n.port = freePort();
            n.dir = std::make_unique<QTemporaryDir>();
            QVERIFY(n.dir->isValid());
            m_voters.push_back(VoterAddress{n.id, "127.0.0.1", n.port});
        }
        for (size_t i = 0; i < kNodes; ++i)
            startNode(i);
    }

    void parsesVoters()
    {
        auto voters = parseQuorumVoters("1@127.0.0.1:19091,2@127.0.0.1:19092,3@[::1]:19093");
        QVERIFY(voters.ok());
        QCOMPARE(voters->size(), size_t(3));
        QVERIFY((*voters)[2] == (VoterAddress{NodeId(3), "::1", 19093}));
        for (const char *bad :
             {"", "1@h", "x@h:1", "1@h:0", "1@h:70000", "1@:5", "1@h:1,1@h:2", "1@h:1,", "-1@h:1"})
            QVERIFY2(!parseQuorumVoters(bad).ok(), bad);
    }

    void startRefusesBadConfig()
    {
        QTemporaryDir dir;
        QuorumConfig config;
        config.selfId = NodeId(9);
        config.voters = m_voters;
        config.dir = dir.path().toStdString();
        auto notAVoter = QuorumService::start(m_io, config, {});
        QVERIFY(!notAVoter.ok());
        QCOMPARE(notAVoter.code(), ErrorCode::InvalidConfig);

        // Node 1's controller port is taken by node 1.
        config.selfId = NodeId(1);
        config.listenPort = m_nodes[0].port;
        auto portInUse = QuorumService::start(m_io, config, {});
        QVERIFY(!portInUse.ok());

        // Node 1's directory is locked by node 1.
        config.listenPort = 0;
        config.dir = m_nodes[0].dir->path().toStdString();
        auto dirInUse = QuorumService::start(m_io, config, {});
        QVERIFY(!dirInUse.ok());
        QCOMPARE(dirInUse.code(), ErrorCode::KafkaStorageError);
    }

    void electsLeader()
    {
        QVERIFY2(runUntil([this] { return stableLeader() != nullptr; }, 5000),
                 qPrintable(describe()));
    }

    void commitsProposalsOnEveryNode()
    {
        // A stranger's garbage on a controller port closes only that connection.
        {
            asio::ip::tcp::socket junk(m_io);
            junk.connect(
                asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), m_nodes[0].port));
            std::array<uint8_t, 12> bytes{0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8};
            asio::write(junk, asio::buffer(bytes));
            runUntil([] { return false; }, 50);
        }
        QVERIFY(proposeAll(names("p", 100)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
        QCOMPARE(m_nodes[0].committed.front().kind, EntryKind::LeaderChange);
        for (size_t i = 0; i < m_nodes[0].committed.size(); ++i)
            QCOMPARE(m_nodes[0].committed[i].offset, Offset(static_cast<int64_t>(i)));
    }

    void failsOverWhenTheLeaderStops()
    {
        Node *leader = stableLeader();
        QVERIFY(leader);
        NodeId old = leader->id;
        QuorumEpoch oldEpoch = leader->service->epoch();
        leader->service.reset();
        QVERIFY2(runUntil([&] { return stableLeader() != nullptr; }, 8000), qPrintable(describe()));
        QVERIFY(stableLeader()->id != old);
        QVERIFY(stableLeader()->service->epoch() > oldEpoch);
        QVERIFY(proposeAll(names("q", 50)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
    }

    void restartedNodeCatchesUp()
    {
        size_t stopped = kNodes;
        for (size_t i = 0; i < kNodes; ++i)
            if (!m_nodes[i].service)
                stopped = i;
        QVERIFY(stopped < kNodes);
        startNode(stopped);
        QVERIFY(proposeAll(names("r", 10)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
        QVERIFY(m_nodes[stopped].committed.size() > 160);
    }

    void recoversFromACorruptTail()
    {
        Node *leader = stableLeader();
        QVERIFY(leader);
        size_t victim = leader == &m_nodes[0] ? 1 : 0;
        Node &n = m_nodes[victim];
        n.service.reset();
        std::filesystem::path logPath = std::filesystem::path(n.dir->path().toStdString())
                                        / RaftLogStore::kDirName / RaftLogStore::kLogFileName;
        auto size = std::filesystem::file_size(logPath);
        QVERIFY(size > 100);
        // Tear the last entry mid-way and leave garbage behind it, as a crash might.
        std::filesystem::resize_file(logPath, size - 7);
        {
            std::ofstream f(logPath, std::ios::binary | std::ios::app);
            const char garbage[] = "\x00\x00\x00\x30 torn garbage that is not an entry";
            f.write(garbage, sizeof garbage - 1);
        }
        QVERIFY(proposeAll(names("s", 10))); // the other two still commit
        startNode(victim);
        // Recovery at start cut the torn entry and the garbage behind it, on disk.
        QVERIFY(std::filesystem::file_size(logPath) < size - 7);
        QVERIFY(proposeAll(names("t", 10)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
        QCOMPARE(n.fatalErrors, 0);
        QCOMPARE(dataPayloads(n.committed).size(), size_t(180));
    }

    void truncatesWhatALostLeaderNeverCommitted()
    {
        Node *leader = stableLeader();
        QVERIFY(leader);
        size_t old = static_cast<size_t>(leader - m_nodes.data());
        // Cut the leader off: it still appends proposals to its own log, but no majority
        // will ever fetch them.
        for (size_t i = 0; i < kNodes; ++i)
            if (i != old)
                m_nodes[i].service.reset();
        Offset commitBefore = leader->service->commitOffset();
        for (int i = 0; i < 5; ++i)
            QVERIFY(leader->service->propose(payload("orphan" + std::to_string(i))).ok());
        runUntil([] { return false; }, 50);
        QCOMPARE(leader->service->commitOffset(), commitBefore);
        leader->service.reset();

        // The other two elect a leader of a later epoch and commit different entries at
        // those offsets.
        for (size_t i = 0; i < kNodes; ++i)
            if (i != old)
                startNode(i);
        QVERIFY2(runUntil([this] { return stableLeader() != nullptr; }, 8000),
                 qPrintable(describe()));
        QVERIFY(proposeAll(names("u", 10)));

        // The old leader comes back, learns of the divergence, truncates its log on disk and
        // converges; no orphan is ever reported committed.
        startNode(old);
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
        QCOMPARE(m_nodes[old].fatalErrors, 0);
        std::filesystem::path logPath
            = std::filesystem::path(m_nodes[old].dir->path().toStdString()) / RaftLogStore::kDirName
              / RaftLogStore::kLogFileName;
        std::ifstream f(logPath, std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        QVERIFY(content.find("orphan") == std::string::npos);
        QVERIFY(content.find("u9") != std::string::npos);
    }

    void electsAtOnceWhenTheLeaderConnectionsClose()
    {
        // A fetch timeout far longer than the test waits: only the closed connections of
        // the stopped leader (as after kill -9) can make the followers elect in time.
        m_fetchTimeoutMs = 20000;
        m_peerLossGraceMs = 200;
        for (Node &n : m_nodes)
            n.service.reset();
        for (size_t i = 0; i < kNodes; ++i)
            startNode(i);
        QVERIFY2(runUntil([this] { return stableLeader() != nullptr; }, 8000),
                 qPrintable(describe()));
        QVERIFY(proposeAll(names("v", 5)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
        Node *leader = stableLeader();
        const NodeId old = leader->id;
        const auto stoppedAt = std::chrono::steady_clock::now();
        leader->service.reset();
        QVERIFY2(runUntil([&] { return stableLeader() != nullptr; }, 5000), qPrintable(describe()));
        const auto tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - stoppedAt)
                                .count();
        qInfo("new leader %d %lld ms after leader %d stopped",
              stableLeader()->id.value(),
              static_cast<long long>(tookMs),
              old.value());
        QVERIFY(stableLeader()->id != old);
        QVERIFY(proposeAll(names("w", 5)));
        QVERIFY2(runUntil([this] { return converged(); }, 10000), qPrintable(describe()));
    }

    void cleanupTestCase()
    {
        for (Node &n : m_nodes)
            n.service.reset();
        // Let the handlers of the closed sockets run and release what they hold.
        runUntil([] { return false; }, 50);
    }
};

QTEST_GUILESS_MAIN(TestQuorumService)
#include "test_quorum_service.moc"
