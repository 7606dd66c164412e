#include "engine/storage/log_manager.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

namespace {

std::string slurp(const std::filesystem::path &p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<LogManager> openManager(const std::vector<std::filesystem::path> &dirs,
                                        int32_t node = 1,
                                        const std::string &cluster = {})
{
    auto m = LogManager::open(dirs, node, cluster, LogConfig{});
    if (!m)
        qFatal("LogManager::open: %s", m.error().message.c_str());
    return std::move(m).value();
}

} // namespace

class TestLogManager : public QObject
{
    Q_OBJECT
private slots:
    void metaPropertiesWrittenAndChecked()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs
            = {tmp.filePath("d1").toStdString(), tmp.filePath("d2").toStdString()};
        std::string cluster;
        {
            auto m = openManager(dirs, 3);
            cluster = m->clusterId();
            QCOMPARE(cluster.size(), size_t(22));
            QCOMPARE(m->nodeId(), 3);
        }
        for (const auto &d : dirs) {
            std::string meta = slurp(d / "meta.properties");
            QVERIFY(meta.find("node.id=3\n") != std::string::npos);
            QVERIFY(meta.find("cluster.id=" + cluster + "\n") != std::string::npos);
            QVERIFY(meta.find("version=1\n") != std::string::npos);
        }
        // A restart keeps the stored cluster id.
        QCOMPARE(openManager(dirs, 3)->clusterId(), cluster);
        QCOMPARE(openManager(dirs, 3, cluster)->clusterId(), cluster);

        auto wrongNode = LogManager::open(dirs, 4, {}, LogConfig{});
        QCOMPARE(wrongNode.code(), ErrorCode::InvalidConfig);
        QVERIFY(wrongNode.error().message.find("node.id 3") != std::string::npos);
        QCOMPARE(LogManager::open(dirs, 3, "SomeOtherClusterId0000", LogConfig{}).code(),
                 ErrorCode::InconsistentClusterId);
    }

    void secondBrokerOnSameDirRefused()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs = {tmp.filePath("shared").toStdString()};
        auto first = openManager(dirs);
        auto second = LogManager::open(dirs, 1, {}, LogConfig{});
        QCOMPARE(second.code(), ErrorCode::KafkaStorageError);
        QVERIFY(second.error().message.find("in use by another broker") != std::string::npos);
        first.reset();
        QVERIFY(LogManager::open(dirs, 1, {}, LogConfig{}).ok());
    }

    void partitionsSpreadAndRediscovered()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs
            = {tmp.filePath("d1").toStdString(), tmp.filePath("d2").toStdString()};
        {
            auto m = openManager(dirs);
            for (int p = 0; p < 4; ++p) {
                auto log = m->create("my-topic-name", p, LogConfig{});
                QVERIFY(log.ok());
                QVERIFY(appendBatch(**log, {.count = p + 1}, 1).ok());
            }
            QVERIFY(m->create("a", 12, LogConfig{}).ok());
            QVERIFY(m->create("b", 0, LogConfig{}).ok());
            QCOMPARE(m->create("bad/name", 0, LogConfig{}).code(),
                     ErrorCode::InvalidTopicException);
            int inFirst = 0;
            for (const auto &[topic, partition] : m->partitions())
                inFirst += *m->dirOf(topic, partition) == std::filesystem::absolute(dirs[0]);
            QCOMPARE(inFirst, 3); // 6 partitions over 2 dirs
            // create() of an existing partition returns the same log.
            QCOMPARE(*m->create("a", 12, LogConfig{}), m->get("a", 12));
            QVERIFY(m->closeAll().ok());
        }
        auto m = openManager(dirs);
        QCOMPARE(m->partitions().size(), size_t(6));
        QVERIFY(m->get("a", 12));
        QVERIFY(!m->get("a", 1));
        for (int p = 0; p < 4; ++p) {
            PartitionLog *log = m->get("my-topic-name", p);
            QVERIFY(log);
            QCOMPARE(log->logEndOffset(), Offset(p + 1));
        }
    }

    void removeDeletesThePartition()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs = {tmp.filePath("d").toStdString()};
        auto m = openManager(dirs);
        auto log = m->create("gone", 0, LogConfig{});
        QVERIFY(log.ok());
        QVERIFY(appendBatch(**log, {.count = 3}, 1).ok());
        QVERIFY(m->remove("gone", 0).ok());
        QVERIFY(!m->get("gone", 0));
        QCOMPARE(m->remove("gone", 0).code(), ErrorCode::UnknownTopicOrPartition);
        for (const auto &e : std::filesystem::directory_iterator(dirs[0]))
            QVERIFY(!e.is_directory());
        // A fresh partition of the same name starts empty.
        auto again = m->create("gone", 0, LogConfig{});
        QVERIFY(again.ok());
        QCOMPARE((*again)->logEndOffset(), Offset(0));
        m.reset();

        // A deletion interrupted by a crash is finished at the next start.
        std::filesystem::create_directories(dirs[0] / "old-3.0123456789abcdef-delete");
        m = openManager(dirs);
        QVERIFY(!std::filesystem::exists(dirs[0] / "old-3.0123456789abcdef-delete"));
        QCOMPARE(m->partitions().size(), size_t(1));
    }

    // runnel.log.dirs.max.bytes: appends are refused once the logs of all partitions
    // together would pass the limit; what was written stays readable; retention frees
    // room and appends work again.
    void maxBytesRefusesAppendsUntilRetentionFreesRoom()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs
            = {tmp.filePath("d1").toStdString(), tmp.filePath("d2").toStdString()};
        auto m = openManager(dirs);
        QCOMPARE(m->maxBytes(), int64_t(0));
        QVERIFY(m->checkRoom(int64_t(1) << 40).ok()); // unlimited by default
        m->setMaxBytes(20000);

        LogConfig cfg;
        cfg.segmentBytes = 2000;
        cfg.retentionMs = -1;
        auto a = m->create("a", 0, cfg);
        auto b = m->create("b", 0, cfg);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(m->dirOf("a", 0) != m->dirOf("b", 0)); // the limit spans the dirs

        BatchSpec spec;
        spec.valuePadding = 400;
        std::vector<PartitionLog *> logs = {a.value(), b.value()};
        int acknowledged = 0;
        Status refused;
        for (int i = 0; i < 200; ++i) {
            Bytes batch = makeBatch(spec);
            refused = m->checkRoom(static_cast<int64_t>(batch.size()));
            if (!refused.ok())
                break;
            QVERIFY(logs[i % 2]->append(std::span<uint8_t>(batch), 2'000'000).ok());
            ++acknowledged;
        }
        QVERIFY2(!refused.ok(), "the limit never refused an append");
        QCOMPARE(refused.error().code, ErrorCode::KafkaStorageError);
        QVERIFY(refused.error().message.find("the broker is full") != std::string::npos);
        QVERIFY(refused.error().message.find("20000") != std::string::npos);
        QVERIFY(m->usedBytes() <= 20000);
        QVERIFY(m->usedBytes() > 20000 - 1000);
        QVERIFY(acknowledged > 20);

        // Everything acknowledged is still there and readable.
        int readBack = 0;
        for (PartitionLog *log : logs) {
            auto r = log->read(log->logStartOffset(), 1 << 24, log->logEndOffset());
            QVERIFY(r.ok());
            readBack += static_cast<int>(decodeAll(r->data).size());
        }
        QCOMPARE(readBack, acknowledged);

        // Retention by size on one partition deletes old segments: room again.
        LogConfig smaller = cfg;
        smaller.retentionBytes = 2000;
        a.value()->setConfig(smaller);
        m->runHousekeeping(3'000'000);
        QVERIFY(m->usedBytes() < 20000 - 4000);
        Bytes more = makeBatch(spec);
        QVERIFY(m->checkRoom(static_cast<int64_t>(more.size())).ok());
        QVERIFY(b.value()->append(std::span<uint8_t>(more), 3'000'000).ok());

        // A larger limit (a grown volume) also makes room, and 0 lifts it.
        m->setMaxBytes(1);
        QVERIFY(!m->checkRoom(1).ok());
        m->setMaxBytes(0);
        QVERIFY(m->checkRoom(1).ok());
    }

    void partitionDirNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("topic"); // empty: not a partition dir
        QTest::addColumn<int>("partition");
        QTest::newRow("simple") << "orders-0"
                                << "orders" << 0;
        QTest::newRow("dashes in topic") << "my-topic-name-12"
                                         << "my-topic-name" << 12;
        QTest::newRow("dots") << "__consumer_offsets-49"
                              << "__consumer_offsets" << 49;
        QTest::newRow("no partition") << "orders-"
                                      << "" << 0;
        QTest::newRow("no topic") << "-3"
                                  << "" << 0;
        QTest::newRow("not a number") << "orders-x"
                                      << "" << 0;
        QTest::newRow("being deleted") << "orders-1.abcdef-delete"
                                       << "" << 0;
        QTest::newRow("no dash") << "lost+found"
                                 << "" << 0;
        QTest::newRow("signed") << "orders-+1"
                                << "" << 0;
    }
    void partitionDirNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, topic);
        QFETCH(int, partition);
        auto parsed = LogManager::parsePartitionDirName(name.toStdString());
        if (topic.isEmpty()) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(parsed->first, topic.toStdString());
            QCOMPARE(parsed->second, partition);
        }
    }
};

QTEST_GUILESS_MAIN(TestLogManager)
#include "test_log_manager.moc"
