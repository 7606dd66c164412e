#include "engine/broker/topic_table.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace runnel;
using namespace runnel::broker;

class TestTopicTable : public QObject
{
    Q_OBJECT
private slots:
    void survivesReload()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("runnel-topics").toStdString();
        protocol::Uuid id;
        {
            auto table = TopicTable::load(file);
            QVERIFY(table.ok());
            auto t = table->create("orders.v1", 3, {{"retention.ms", "1000"}, {"x", "a b%c"}});
            QVERIFY(t.ok());
            id = t.value()->id;
            QVERIFY(!id.isZero());
            QVERIFY(table->create("orders.v1", 1, {}).code() == ErrorCode::TopicAlreadyExists);
            QVERIFY(table->create("gone", 1, {}).ok());
            QVERIFY(table->remove("gone").ok());
            QVERIFY(table->setPartitionCount("orders.v1", 5).ok());
        }
        auto table = TopicTable::load(file);
        QVERIFY(table.ok());
        QCOMPARE(table->topics().size(), size_t(1));
        const TopicInfo *t = table->find("orders.v1");
        QVERIFY(t);
        QCOMPARE(t->partitionCount, 5);
        QVERIFY(t->id == id);
        QCOMPARE(t->configs.at("retention.ms"), std::string("1000"));
        QCOMPARE(t->configs.at("x"), std::string("a b%c"));
        QVERIFY(table->findById(id) == t);
    }

    void damagedFileIsAClearError()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("runnel-topics").toStdString();
        std::ofstream(file) << "runnel-topics 1\ntopic x nothex 3 0\n";
        auto table = TopicTable::load(file);
        QVERIFY(!table.ok());
        QVERIFY(table.error().message.find("damaged") != std::string::npos);
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "orders" << true;
        QTest::newRow("dots dashes") << "a.b_c-d" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dot") << "." << false;
        QTest::newRow("space") << "a b" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("too long") << QString(250, 'a') << false;
    }
    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(TopicTable::validateName(name.toStdString()).ok(), valid);
    }
};

QTEST_GUILESS_MAIN(TestTopicTable)
#include "test_topic_table.moc"
