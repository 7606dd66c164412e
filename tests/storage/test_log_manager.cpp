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
