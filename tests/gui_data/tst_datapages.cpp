// The console's data pages against a real runneld: create a topic, produce 1,000
// messages through the produce dialog, browse them, search across partitions, export and
// import into a new topic (identical records), replay to another cluster, and reset an
// inactive group's offsets so a real consumer starts where the preview said. A 10 ms
// timer measures how late the GUI thread runs throughout; the worst must stay < 100 ms.

#include "../gui/stallmonitor.h"
#include "runneldprocess.h"

#include "ui/data/createtopicdialog.h"
#include "ui/data/groupspage.h"
#include "ui/data/messagespage.h"
#include "ui/data/producedialog.h"
#include "ui/data/topicspage.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/models/groupmodels.h"
#include "ui/models/messagemodel.h"
#include "ui/models/partitiontablemodel.h"
#include "ui/models/topicconfigmodel.h"
#include "ui/models/topiclistmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtConcurrent>

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <map>

using namespace runnel::ui;

namespace {

rd_kafka_t *newGroupConsumer(const QString &bootstrap, const QString &group)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[256];
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, "orders", RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    return rk;
}

struct Consumed
{
    int got = 0;
    std::map<int, qint64> committed; // partitions the consumer had a position in
    std::map<int, qint64> ends;      // high watermarks after the commit
};

// A real consumer in group `group`: reads `count` messages, commits its positions,
// reads the end offsets, leaves.
Consumed consumeAndCommit(const QString &bootstrap, const QString &group, int count)
{
    Consumed out;
    rd_kafka_t *rk = newGroupConsumer(bootstrap, group);
    QElapsedTimer clock;
    clock.start();
    while (out.got < count && clock.elapsed() < 60000) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        if (!m)
            continue;
        if (!m->err)
            ++out.got;
        rd_kafka_message_destroy(m);
    }
    rd_kafka_topic_partition_list_t *assigned = nullptr;
    rd_kafka_assignment(rk, &assigned);
    rd_kafka_position(rk, assigned);
    rd_kafka_commit(rk, assigned, 0);
    for (int i = 0; i < assigned->cnt; ++i) {
        const auto &e = assigned->elems[i];
        if (e.offset >= 0)
            out.committed[e.partition] = e.offset;
        int64_t lo = 0, hi = 0;
        rd_kafka_query_watermark_offsets(rk, e.topic, e.partition, &lo, &hi, 10000);
        out.ends[e.partition] = hi;
    }
    rd_kafka_topic_partition_list_destroy(assigned);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return out;
}

// A real consumer's first offset per partition after joining (partitions with nothing
// left to read are absent).
std::map<int, qint64>
firstOffsets(const QString &bootstrap, const QString &group, int expectedPartitions, int timeoutMs)
{
    rd_kafka_t *rk = newGroupConsumer(bootstrap, group);
    std::map<int, qint64> first;
    QElapsedTimer clock;
    clock.start();
    while (int(first.size()) < expectedPartitions && clock.elapsed() < timeoutMs) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        if (!m)
            continue;
        if (!m->err && !first.count(m->partition))
            first[m->partition] = m->offset;
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return first;
}

} // namespace

class TestDataPages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void topicsCreateValidateConfigureDelete();
    void produceThousandThroughDialog();
    void browseAllMessages();
    void searchFindsKeyAcrossPartitions();
    void searchCancels();
    void exportImportRoundTrip();
    void replayToAnotherCluster();
    void resetInactiveGroupOffsets();
    void cleanupTestCase();

private:
    KafkaResult<QList<KafkaRecord>> readAll(KafkaService *service, const QString &topic);
    void createTopic(KafkaService *service, const QString &name, int partitions);

    RunneldProcess m_broker;
    RunneldProcess m_otherBroker;
    KafkaService *m_service = nullptr;
    StallMonitor m_stalls;
    QTemporaryDir m_tmp;
    QList<OffsetResetRow> m_plan;
};

void TestDataPages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error = m_broker.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ConnectionSettings settings;
    settings.name = QStringLiteral("test");
    settings.bootstrapServers = m_broker.bootstrap();
    m_service = new KafkaService(settings, this);
    m_stalls.start();
}

void TestDataPages::createTopic(KafkaService *service, const QString &name, int partitions)
{
    NewTopic t;
    t.name = name;
    t.partitions = partitions;
    QSignalSpy spy(this, &QObject::objectNameChanged); // only to own an event loop wait
    bool done = false;
    QString error;
    service->createTopic(t, this, [&](const KafkaResult<Done> &r) {
        done = true;
        error = r.error;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

KafkaResult<QList<KafkaRecord>> TestDataPages::readAll(KafkaService *service, const QString &topic)
{
    auto records = std::make_shared<QList<KafkaRecord>>();
    auto mutex = std::make_shared<std::mutex>();
    ScanRange range;
    range.topic = topic;
    bool done = false;
    KafkaResult<ScanProgress> result;
    service->scan(
        range,
        [records, mutex](const KafkaRecord &r) {
            std::lock_guard lock(*mutex);
            records->append(r.detached());
            return true;
        },
        this,
        {},
        [&](const KafkaResult<ScanProgress> &r) {
            done = true;
            result = r;
        });
    QElapsedTimer clock;
    clock.start();
    while (!done && clock.elapsed() < 60000)
        QTest::qWait(10);
    if (!done)
        return KafkaResult<QList<KafkaRecord>>::failure(QStringLiteral("scan timed out"));
    if (!result.ok())
        return KafkaResult<QList<KafkaRecord>>::failure(result.error);
    std::sort(records->begin(), records->end(), [](const KafkaRecord &a, const KafkaRecord &b) {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    });
    return KafkaResult<QList<KafkaRecord>>::success(*records);
}

void TestDataPages::topicsCreateValidateConfigureDelete()
{
    TopicsPage page(m_service);
    QAbstractItemModelTester t1(page.topicModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(page.filteredTopics(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(page.partitionModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(page.configModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1000, 700);
    page.show();
    QSignalSpy refreshed(&page, &TopicsPage::refreshed);
    QVERIFY(refreshed.wait(20000));
    QCOMPARE(page.brokerCount(), 1);

    // The dialog refuses what the cluster would reject, with a sentence.
    page.openCreateDialog();
    auto *dialog = page.findChild<CreateTopicDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("name"))->setText(QStringLiteral("orders"));
    dialog->findChild<QSpinBox *>(QStringLiteral("partitions"))->setValue(4);
    dialog->findChild<QSpinBox *>(QStringLiteral("replication"))->setValue(3);
    dialog->findChild<QPlainTextEdit *>(QStringLiteral("configs"))
        ->setPlainText(QStringLiteral("retention.ms=86400000"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->topic().error.contains(QStringLiteral("cannot exceed the number of brokers")));
    dialog->findChild<QSpinBox *>(QStringLiteral("replication"))->setValue(1);
    QSignalSpy finished(&page, &TopicsPage::operationFinished);
    dialog->accept();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(page.topicModel()->rowOf(QStringLiteral("orders")) >= 0, 10000);
    const TopicInfo orders
        = page.topicModel()->rowAt(page.topicModel()->rowOf(QStringLiteral("orders")));
    QCOMPARE(orders.partitions.size(), 4);
    QCOMPARE(orders.replicationFactor(), 1);
    QVERIFY(!orders.underReplicated());

    // Partition table and configuration (the override shows as such).
    QCOMPARE(page.currentTopic(), QStringLiteral("orders"));
    QTRY_COMPARE_WITH_TIMEOUT(page.partitionModel()->rowCount(), 4, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(page.configModel()->rowCount() > 0, 10000);
    auto configRow = [&](const QString &name) {
        for (int i = 0; i < page.configModel()->rowCount(); ++i)
            if (page.configModel()->rowAt(i).name == name)
                return i;
        return -1;
    };
    int row = configRow(QStringLiteral("retention.ms"));
    QVERIFY(row >= 0);
    QVERIFY(page.configModel()->rowAt(row).overridden());
    QCOMPARE(page.configModel()->rowAt(row).value, QStringLiteral("86400000"));
    const int segmentRow = configRow(QStringLiteral("segment.bytes"));
    QVERIFY(segmentRow >= 0);
    QVERIFY(!page.configModel()->rowAt(segmentRow).overridden());

    // Edit: change retention.ms, return nothing else; then read back from the broker.
    QVERIFY(page.configModel()->setData(page.configModel()->index(row, TopicConfigModel::Value),
                                        QStringLiteral("172800000")));
    QSignalSpy detail(&page, &TopicsPage::detailRefreshed);
    page.saveConfigs();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QVERIFY(detail.wait(20000));
    row = configRow(QStringLiteral("retention.ms"));
    QCOMPARE(page.configModel()->rowAt(row).value, QStringLiteral("172800000"));
    QVERIFY(page.configModel()->rowAt(row).overridden());

    // Filter, add partitions and delete on a scratch topic.
    NewTopic scratch;
    scratch.name = QStringLiteral("scratch");
    scratch.partitions = 1;
    page.createTopic(scratch);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(page.topicModel()->rowOf(QStringLiteral("scratch")) >= 0, 10000);
    page.setFilter(QStringLiteral("scr"));
    QCOMPARE(page.filteredTopics()->rowCount(), 1);
    page.setFilter(QString());
    finished.clear();
    page.addPartitions(QStringLiteral("scratch"), 1); // not larger: refused with a sentence
    QCOMPARE(finished.size(), 1);
    QVERIFY(!finished.last().at(0).toBool());
    QVERIFY(finished.last().at(1).toString().contains(QStringLiteral("must be larger")));
    page.addPartitions(QStringLiteral("scratch"), 3);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(page.topicModel()
                                  ->rowAt(page.topicModel()->rowOf(QStringLiteral("scratch")))
                                  .partitions.size(),
                              3,
                              10000);
    page.deleteTopic(QStringLiteral("scratch"));
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(page.topicModel()->rowOf(QStringLiteral("scratch")) < 0, 10000);
}

void TestDataPages::produceThousandThroughDialog()
{
    ProduceDialog dialog(m_service, QStringLiteral("orders"));
    dialog.show();
    dialog.findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("key-{i}"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("value"))
        ->setPlainText(QStringLiteral("{\"n\": {i}, \"text\": \"hello {i}\"}"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("headers"))
        ->setPlainText(QStringLiteral("source=gui-test\ntrace=t-{i}"));
    dialog.findChild<QSpinBox *>(QStringLiteral("repeat"))->setValue(1000);
    QSignalSpy produced(&dialog, &ProduceDialog::produced);
    QSignalSpy failed(&dialog, &ProduceDialog::failed);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("send")), Qt::LeftButton);
    QVERIFY(produced.wait(30000) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QCOMPARE(produced.first().at(0).toLongLong(), 1000);

    // A value from a file (binary) goes out byte for byte.
    const QString path = m_tmp.filePath(QStringLiteral("value.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray binary = QByteArray::fromHex("00ff10fe80");
    file.write(binary);
    file.close();
    ProduceDialog fromFile(m_service, QStringLiteral("binary"));
    createTopic(m_service, QStringLiteral("binary"), 1);
    QSignalSpy loaded(&fromFile, &ProduceDialog::valueFileLoaded);
    fromFile.loadValueFile(path);
    QVERIFY(loaded.wait(5000));
    QVERIFY(loaded.first().at(0).toBool());
    QSignalSpy produced2(&fromFile, &ProduceDialog::produced);
    fromFile.send();
    QVERIFY(produced2.wait(20000));
    const auto records = readAll(m_service, QStringLiteral("binary"));
    QVERIFY2(records.ok(), qPrintable(records.error));
    QCOMPARE(records.value.size(), 1);
    QCOMPARE(records.value.first().value, binary);
    QVERIFY(records.value.first().keyNull);
}

void TestDataPages::browseAllMessages()
{
    MessagesPage page(m_service);
    QAbstractItemModelTester tester(page.messageModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester resultsTester(page.searchResults(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1400, 900);
    page.show();
    QSignalSpy opened(&page, &MessagesPage::opened);
    QSignalSpy firstPage(&page, &MessagesPage::firstPageLoaded);
    page.openTopic(QStringLiteral("orders"));
    QVERIFY(opened.wait(20000));
    QCOMPARE(opened.first().at(0).toLongLong(), 1000);
    QCOMPARE(page.messageModel()->rowCount(), 1000);
    QVERIFY(firstPage.wait(20000));
    qInfo("first page shown %lld ms after open", firstPage.first().at(0).toLongLong());

    // Scroll through every row; each shows its record, and the keys are all there.
    MessageModel *model = page.messageModel();
    QSet<QString> keys;
    QSet<int> partitions;
    m_stalls.pause(); // checking each row is the test's work; the waits are measured
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!model->isLoaded(row)) {
            m_stalls.resume();
            page.messageView()->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
            QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(row), 10000);
            m_stalls.pause();
        }
        const auto record = model->recordAt(row);
        QVERIFY2(record.has_value(), qPrintable(QStringLiteral("row %1 has no record").arg(row)));
        const auto pos = model->positionOf(row);
        QCOMPARE(record->partition, pos.partition);
        QCOMPARE(record->offset, pos.offset);
        const QString key = QString::fromUtf8(record->key);
        QCOMPARE(model->data(model->index(row, MessageColumns::Key)).toString(), key);
        QCOMPARE(record->headers.size(), 2);
        QCOMPARE(record->headers.at(1).value, (QStringLiteral("t-") + key.mid(4)).toUtf8());
        keys.insert(key);
        partitions.insert(record->partition);
    }
    m_stalls.resume();
    QCOMPARE(keys.size(), 1000);
    QVERIFY(keys.contains(QStringLiteral("key-0")) && keys.contains(QStringLiteral("key-999")));
    QCOMPARE(partitions.size(), 4);
    QVERIFY(model->cachedPages() <= 64);

    // From an offset and from the newest N.
    opened.clear();
    page.openTopic(QStringLiteral("orders"), 2, MessagesPage::StartAt::Offset, 10);
    QVERIFY(opened.wait(10000));
    QCOMPARE(model->positionOf(0).partition, 2);
    QCOMPARE(model->positionOf(0).offset, 10);
    opened.clear();
    page.openTopic(QStringLiteral("orders"), -1, MessagesPage::StartAt::End, 5);
    QVERIFY(opened.wait(10000));
    QCOMPARE(opened.first().at(0).toLongLong(), 20);

    // The detail pane pretty-prints JSON.
    opened.clear();
    page.openTopic(QStringLiteral("orders"));
    QVERIFY(opened.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(0), 10000);
    QSignalSpy shown(&page, &MessagesPage::recordShown);
    page.messageView()->setCurrentIndex(model->index(0, 0));
    QVERIFY(shown.count() > 0 || shown.wait(5000));
    const QString json = page.findChildren<QPlainTextEdit *>().at(1)->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("\"text\": \"hello ")), qPrintable(json));

    // Live tail: new messages appear as rows.
    page.setLiveTail(true);
    ProduceDialog more(m_service, QStringLiteral("orders"));
    more.findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("tail-{i}"));
    more.findChild<QSpinBox *>(QStringLiteral("repeat"))->setValue(3);
    QSignalSpy produced(&more, &ProduceDialog::produced);
    more.send();
    QVERIFY(produced.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1003, 10000);
    page.setLiveTail(false);
}

void TestDataPages::searchFindsKeyAcrossPartitions()
{
    MessagesPage page(m_service);
    QAbstractItemModelTester resultsTester(page.searchResults(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    QSignalSpy finished(&page, &MessagesPage::searchFinished);
    ScanRange range;
    range.topic = QStringLiteral("orders");

    struct Case
    {
        SearchCriteria::Field field;
        SearchCriteria::Mode mode;
        QString text;
        int expected;
    };
    // key-5, key-50..59, key-500..599: 111 keys containing "key-5".
    const QList<Case> cases = {
        {SearchCriteria::Field::Key, SearchCriteria::Mode::Contains, QStringLiteral("key-537"), 1},
        {SearchCriteria::Field::Key, SearchCriteria::Mode::Contains, QStringLiteral("key-5"), 111},
        {SearchCriteria::Field::Key, SearchCriteria::Mode::Regex, QStringLiteral("^key-(1|2)$"), 2},
        {SearchCriteria::Field::Headers,
         SearchCriteria::Mode::Contains,
         QStringLiteral("t-999"),
         1},
        {SearchCriteria::Field::Value,
         SearchCriteria::Mode::Contains,
         QStringLiteral("hello 42\""),
         1},
        {SearchCriteria::Field::Any,
         SearchCriteria::Mode::Contains,
         QStringLiteral("no such thing"),
         0},
    };
    for (const auto &c : cases) {
        finished.clear();
        SearchCriteria criteria;
        criteria.field = c.field;
        criteria.mode = c.mode;
        criteria.text = c.text;
        page.startSearch(criteria, range);
        QVERIFY(finished.wait(30000));
        const auto progress = finished.first().at(0).value<ScanProgress>();
        QVERIFY2(finished.first().at(1).toString().isEmpty(),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(progress.total, 1003);
        QCOMPARE(progress.scanned, 1003);
        QCOMPARE(progress.matched, c.expected);
        QCOMPARE(page.searchResults()->rowCount(), c.expected);
    }
    // The last "key-5" search spans partitions; the single-key one names its record.
    finished.clear();
    SearchCriteria criteria;
    criteria.field = SearchCriteria::Field::Key;
    criteria.text = QStringLiteral("key-5");
    page.startSearch(criteria, range);
    QVERIFY(finished.wait(30000));
    QSet<int> partitions;
    for (const auto &r : page.searchResults()->records()) {
        QVERIFY(r.key.contains("key-5"));
        partitions.insert(r.partition);
    }
    QVERIFY2(partitions.size() > 1, "matches of key-5 should come from several partitions");

    // One partition and an offset range narrow the scan.
    finished.clear();
    ScanRange narrow = range;
    narrow.partition = 1;
    narrow.from = ScanRange::From::Offset;
    narrow.fromValue = 10;
    narrow.toOffset = 20;
    criteria.text = QStringLiteral("key-");
    page.startSearch(criteria, narrow);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).value<ScanProgress>().total, 10);
    QCOMPARE(finished.first().at(0).value<ScanProgress>().matched, 10);

    // A bad regular expression is a sentence, not a scan.
    finished.clear();
    criteria.mode = SearchCriteria::Mode::Regex;
    criteria.text = QStringLiteral("key-(");
    page.startSearch(criteria, range);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().at(1).toString().contains(QStringLiteral("not valid")));
}

void TestDataPages::searchCancels()
{
    // A topic large enough that a scan runs for a while on this machine.
    createTopic(m_service, QStringLiteral("large"), 2);
    m_stalls.pause(); // building the test data is not the pages' work
    ProduceRequest request;
    request.topic = QStringLiteral("large");
    for (int i = 0; i < 400000; ++i) {
        KafkaRecord r;
        r.keyNull = false;
        r.key = "k" + QByteArray::number(i);
        r.valueNull = false;
        r.value = QByteArray(200, 'v');
        request.records.append(r);
    }
    bool done = false;
    QString error;
    m_service->produce(request, this, {}, [&](const KafkaResult<qint64> &r) {
        done = true;
        error = r.error;
    });
    request = {}; // the service's copy is the last; it is freed on its worker
    QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_stalls.resume(); // the setup above loads the machine; the search below is measured

    MessagesPage page(m_service);
    page.show();
    QSignalSpy progress(&page, &MessagesPage::searchProgress);
    QSignalSpy finished(&page, &MessagesPage::searchFinished);
    SearchCriteria criteria;
    criteria.field = SearchCriteria::Field::Value;
    criteria.text = QStringLiteral("not there");
    ScanRange range;
    range.topic = QStringLiteral("large");
    page.startSearch(criteria, range);
    QVERIFY(progress.wait(20000));
    const auto first = progress.first().at(0).value<ScanProgress>();
    QCOMPARE(first.total, 400000);
    QVERIFY(first.scanned < first.total);
    page.cancelSearch();
    QVERIFY(finished.wait(20000));
    const auto last = finished.first().at(0).value<ScanProgress>();
    QVERIFY(last.cancelled);
    QVERIFY2(last.scanned < last.total, "the scan should stop when cancelled");
    QVERIFY(!page.isSearching());
}

void TestDataPages::exportImportRoundTrip()
{
    MessagesPage page(m_service);
    page.show();
    const QString path = m_tmp.filePath(QStringLiteral("orders.jsonl"));
    QSignalSpy exported(&page, &MessagesPage::exportFinished);
    ScanRange range;
    range.topic = QStringLiteral("orders");
    page.exportTo(path, range);
    QVERIFY(exported.wait(30000));
    QVERIFY2(exported.first().at(1).toString().isEmpty(),
             qPrintable(exported.first().at(1).toString()));
    QCOMPARE(exported.first().at(0).toLongLong(), 1003);
    m_stalls.pause();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), 1003);
    file.close();
    m_stalls.resume();

    createTopic(m_service, QStringLiteral("orders-copy"), 4);
    QSignalSpy imported(&page, &MessagesPage::importFinished);
    page.importFrom(path, QStringLiteral("orders-copy"));
    QVERIFY(imported.wait(30000));
    QVERIFY2(imported.first().at(1).toString().isEmpty(),
             qPrintable(imported.first().at(1).toString()));
    QCOMPARE(imported.first().at(0).toLongLong(), 1003);

    const auto original = readAll(m_service, QStringLiteral("orders"));
    const auto copy = readAll(m_service, QStringLiteral("orders-copy"));
    QVERIFY2(original.ok(), qPrintable(original.error));
    QVERIFY2(copy.ok(), qPrintable(copy.error));
    QCOMPARE(copy.value.size(), original.value.size());
    m_stalls.pause(); // comparing is the test's work, not the pages'
    for (int i = 0; i < original.value.size(); ++i) {
        const auto &a = original.value.at(i);
        const auto &b = copy.value.at(i);
        QVERIFY2(a.sameContent(b),
                 qPrintable(QStringLiteral("record %1 (partition %2, offset %3) differs")
                                .arg(i)
                                .arg(a.partition)
                                .arg(a.offset)));
        QCOMPARE(b.offset, a.offset);
    }
    m_stalls.resume();

    // Importing into a topic with too few partitions is refused with a sentence.
    createTopic(m_service, QStringLiteral("narrow"), 1);
    imported.clear();
    page.importFrom(path, QStringLiteral("narrow"));
    QVERIFY(imported.wait(30000));
    QVERIFY(imported.first().at(1).toString().contains(QStringLiteral("Add partitions")));
}

void TestDataPages::replayToAnotherCluster()
{
    m_stalls.pause(); // starting the second broker blocks the test, not the pages
    const QString error = m_otherBroker.start();
    m_stalls.resume();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ConnectionSettings other;
    other.name = QStringLiteral("other");
    other.bootstrapServers = m_otherBroker.bootstrap();
    KafkaService otherService(other);
    createTopic(&otherService, QStringLiteral("replayed"), 2);

    MessagesPage page(m_service);
    page.resize(1200, 800);
    page.show();
    QSignalSpy opened(&page, &MessagesPage::opened);
    page.openTopic(QStringLiteral("orders"), 0);
    QVERIFY(opened.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(page.messageModel()->isLoaded(0) && page.messageModel()->isLoaded(4),
                             10000);
    // Select five rows of the browser and replay them to the other cluster.
    auto *view = page.messageView();
    view->selectionModel()->select(
        QItemSelection(page.messageModel()->index(0, 0), page.messageModel()->index(4, 0)),
        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QSignalSpy replayed(&page, &MessagesPage::replayFinished);
    page.replaySelection(QStringLiteral("replayed"), other);
    QVERIFY(replayed.wait(30000));
    QVERIFY2(replayed.first().at(1).toString().isEmpty(),
             qPrintable(replayed.first().at(1).toString()));
    QCOMPARE(replayed.first().at(0).toLongLong(), 5);
    const auto copies = readAll(&otherService, QStringLiteral("replayed"));
    QVERIFY2(copies.ok(), qPrintable(copies.error));
    QCOMPARE(copies.value.size(), 5);
    QSet<QByteArray> keys;
    for (int row = 0; row < 5; ++row)
        keys.insert(page.messageModel()->recordAt(row)->key);
    for (const auto &r : copies.value)
        QVERIFY(keys.contains(r.key));
    otherService.shutdown();
}

void TestDataPages::resetInactiveGroupOffsets()
{
    // A real consumer reads 600 of the 1,003 messages of "orders" and commits.
    const QString bootstrap = m_broker.bootstrap();
    auto consumed = QtConcurrent::run(
        [bootstrap]() { return consumeAndCommit(bootstrap, QStringLiteral("billing"), 600); });
    QTRY_VERIFY_WITH_TIMEOUT(consumed.isFinished(), 90000);
    const Consumed committed = consumed.result();
    QCOMPARE(committed.got, 600);
    QVERIFY(!committed.committed.empty());
    qint64 expectedLag = 0;
    for (const auto &[partition, offset] : committed.committed)
        expectedLag += committed.ends.at(partition) - offset;

    GroupsPage page(m_service);
    QAbstractItemModelTester t1(page.groupModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(page.memberModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(page.offsetModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(page.planModel(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1200, 800);
    page.show();
    QSignalSpy refreshed(&page, &GroupsPage::refreshed);
    QTRY_VERIFY_WITH_TIMEOUT(page.groupModel()->rowOf(QStringLiteral("billing")) >= 0, 20000);
    const GroupSummary billing
        = page.groupModel()->rowAt(page.groupModel()->rowOf(QStringLiteral("billing")));
    QVERIFY2(billing.error.isEmpty(), qPrintable(billing.error));
    QCOMPARE(billing.state, GroupState::Empty);
    QCOMPARE(billing.totalLag, expectedLag);

    QSignalSpy detail(&page, &GroupsPage::detailRefreshed);
    page.selectGroup(QStringLiteral("billing"));
    QTRY_COMPARE_WITH_TIMEOUT(
        page.offsetModel()->rowCount(), int(committed.committed.size()), 10000);
    for (const auto &o : page.offsetModel()->rows()) {
        QCOMPARE(o.committed, committed.committed.at(o.partition));
        QCOMPARE(o.lag(), committed.ends.at(o.partition) - o.committed);
    }

    // While a consumer is active, the reset is previewed but not applied.
    std::atomic_bool stop{false};
    std::atomic_bool joined{false};
    auto active = QtConcurrent::run([bootstrap, &stop, &joined]() {
        rd_kafka_t *rk = newGroupConsumer(bootstrap, QStringLiteral("billing"));
        while (!stop) {
            rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
            rd_kafka_topic_partition_list_t *assigned = nullptr;
            if (rd_kafka_assignment(rk, &assigned) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                if (assigned->cnt > 0)
                    joined = true;
                rd_kafka_topic_partition_list_destroy(assigned);
            }
            if (m)
                rd_kafka_message_destroy(m);
        }
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    });
    QTRY_VERIFY_WITH_TIMEOUT(joined.load(), 30000);
    OffsetReset shift;
    shift.groupId = QStringLiteral("billing");
    shift.topic = QStringLiteral("orders"); // every partition, committed or not
    shift.mode = OffsetReset::Mode::Shift;
    shift.value = -100;
    QSignalSpy plan(&page, &GroupsPage::planReady);
    QSignalSpy applied(&page, &GroupsPage::resetApplied);
    page.previewReset(shift);
    QVERIFY(plan.wait(20000));
    QVERIFY2(plan.first().at(0).toBool(), qPrintable(plan.first().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(page.currentState(), GroupState::Stable, 20000);
    QVERIFY(!page.canApplyReset());
    page.applyReset(); // the service refuses too, even if the button were used
    QVERIFY(applied.wait(20000));
    QVERIFY(!applied.first().at(0).toBool());
    QVERIFY2(applied.first().at(1).toString().contains(QStringLiteral("inactive")),
             qPrintable(applied.first().at(1).toString()));
    stop = true;
    QTRY_VERIFY_WITH_TIMEOUT(active.isFinished(), 30000);

    // Inactive again: preview, check the plan, apply.
    QTRY_COMPARE_WITH_TIMEOUT(page.currentState(), GroupState::Empty, 20000);
    plan.clear();
    applied.clear();
    page.previewReset(shift);
    QVERIFY(plan.wait(20000));
    QVERIFY2(plan.first().at(0).toBool(), qPrintable(plan.first().at(1).toString()));
    m_plan = page.planModel()->rows();
    QCOMPARE(m_plan.size(), 4);
    for (const auto &r : m_plan) {
        const auto it = committed.committed.find(r.partition);
        QCOMPARE(r.current, it == committed.committed.end() ? -1 : it->second);
        QCOMPARE(r.target,
                 qMax<qint64>(r.startOffset, (r.current < 0 ? r.startOffset : r.current) - 100));
    }
    QTRY_VERIFY_WITH_TIMEOUT(page.canApplyReset(), 10000);
    page.applyReset();
    QVERIFY(applied.wait(20000));
    QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));

    // A real consumer now starts exactly where the preview said.
    std::map<int, qint64> expected;
    for (const auto &r : m_plan)
        if (r.target < r.endOffset)
            expected[r.partition] = r.target;
    const int want = int(expected.size());
    auto first = QtConcurrent::run([bootstrap, want]() {
        return firstOffsets(bootstrap, QStringLiteral("billing"), want, 30000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(first.isFinished(), 60000);
    QCOMPARE(first.result(), expected);

    // Delete the (inactive) group.
    QSignalSpy deleted(&page, &GroupsPage::groupDeleted);
    QTRY_COMPARE_WITH_TIMEOUT(page.currentState(), GroupState::Empty, 20000);
    page.deleteGroup(QStringLiteral("billing"));
    QVERIFY(deleted.wait(20000));
    QVERIFY2(deleted.first().at(0).toBool(), qPrintable(deleted.first().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(page.groupModel()->rowOf(QStringLiteral("billing")) < 0, 20000);
}

void TestDataPages::cleanupTestCase()
{
    if (m_service)
        m_service->shutdown();
    qInfo("worst GUI thread stall: %lld ms of its own (in %s), %lld ms with the waits for a CPU",
          static_cast<long long>(m_stalls.worstMs()),
          qPrintable(m_stalls.where()),
          static_cast<long long>(m_stalls.worstRawMs()));
    QVERIFY2(m_stalls.worstMs() < 100,
             qPrintable(QStringLiteral("the GUI thread stalled %1 ms").arg(m_stalls.worstMs())));
}

QTEST_MAIN(TestDataPages)
#include "tst_datapages.moc"
