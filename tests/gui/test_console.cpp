// The console against a real runnel-agent and real runneld, offscreen. Everything is
// isolated: agent socket, data root, broker ports and the settings folder live in a
// temporary directory; the agent is stopped at the end (it stops its brokers).

#include "stallmonitor.h"

#include "ui/agent/agentservice.h"
#include "ui/app/auditview.h"
#include "ui/app/brokerlogdialog.h"
#include "ui/app/clientinfo.h"
#include "ui/app/clusterpage.h"
#include "ui/app/connectiondialog.h"
#include "ui/app/connectionstore.h"
#include "ui/app/createclusterwizard.h"
#include "ui/app/deleteclusterdialog.h"
#include "ui/app/mainwindow.h"
#include "ui/app/operationprogress.h"
#include "ui/app/updatebrokersdialog.h"
#include "ui/app/updateconfigurationdialog.h"
#include "ui/data/topicspage.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/models/auditmodel.h"
#include "ui/models/brokerlogmodel.h"
#include "ui/models/brokermodel.h"
#include "ui/models/clusterlistmodel.h"
#include "ui/models/operationmodel.h"
#include "ui/models/partitiontablemodel.h"
#include "ui/models/topiclistmodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>

using namespace runnel::ui;

class TestConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstStartOffersTheDefaultCluster();
    void wizardCreatesActiveCluster();
    void clientInformationWorksWithKcat();
    void topicListShowsSizesFromTheBrokers();
    void wizardShowsTheAgentsRefusal();
    void faultLabKillHealsTheBroker();
    void brokerLogFiltersByLevel();
    void updateConfigurationRollsARevision();
    void updateStorageGrowsTheVolume();
    void customCreateWithASavedConfiguration();
    void customCreateWithScramAndTls();
    void auditLogFiltersAndExports();
    void externalConnectionIsTestedAndSaved();
    void addBrokersToOneBrokerIsRefusedInline();
    void brokerCountDialogNamesTheBrokersItRemoves();
    void deleteNeedsTheTypedNameAndRemovesTheCluster();

private:
    // Calls the agent and waits for the reply (the event loop keeps running).
    AgentReply callAgent(const QString &op, const QJsonObject &params);

    QTemporaryDir m_dir;
    std::unique_ptr<AgentService> m_agent;
    std::unique_ptr<MainWindow> m_window;
    StallMonitor m_stalls;
    // The same measurement on an idle worker thread: how much lateness the machine itself
    // adds (a shared, loaded CPU), to read the GUI figure against.
    QThread m_referenceThread;
    StallMonitor *m_reference = nullptr;
    QList<QAbstractItemModelTester *> m_testers;
    QString m_arn;
    const QString m_name = QStringLiteral("guitest");
};

AgentReply TestConsole::callAgent(const QString &op, const QJsonObject &params)
{
    AgentReply out;
    bool done = false;
    m_agent->call(op, params, this, [&](const AgentReply &r) {
        out = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        out.message = QStringLiteral("no reply");
    return out;
}

void TestConsole::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Settings go to this test's own XDG_CONFIG_HOME (set below, before any QSettings), not
    // to QStandardPaths' shared test folder, so the first-start offer and the saved
    // connections start from nothing on every run and can be inspected.
    QCoreApplication::setOrganizationName(QStringLiteral("Runnel"));
    QCoreApplication::setApplicationName(QStringLiteral("runnel-gui-test"));
    const QString root = m_dir.path();
    qputenv("RUNNEL_AGENT_SOCKET", QFile::encodeName(root + QStringLiteral("/agent.sock")));
    qputenv("RUNNEL_DATA_DIR", QFile::encodeName(root + QStringLiteral("/data")));
    qputenv("RUNNEL_RUNNELD", RUNNEL_TEST_RUNNELD);
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(root + QStringLiteral("/config")));
    // The agent scrapes the brokers every second (not 5) so topic sizes arrive quickly.
    qputenv("RUNNEL_METRICS_INTERVAL_MS", "1000");
    qputenv("RUNNEL_PORT_BASE",
            QByteArray::number(20000 + QRandomGenerator::global()->bounded(20000)));

    m_agent = std::make_unique<AgentService>(root + QStringLiteral("/agent.sock"),
                                             QStringLiteral(RUNNEL_TEST_AGENT));
    m_window = std::make_unique<MainWindow>(m_agent.get());
    m_window->setPollInterval(300);
    m_testers.append(new QAbstractItemModelTester(
        m_window->clusterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, this));
    QSignalSpy ready(m_window.get(), &MainWindow::agentReady);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_stalls.start();
    m_reference = new StallMonitor;
    m_reference->moveToThread(&m_referenceThread);
    connect(&m_referenceThread, &QThread::finished, m_reference, &QObject::deleteLater);
    m_referenceThread.start();
    QMetaObject::invokeMethod(m_reference, &StallMonitor::start);
    m_window->start();
    QVERIFY(ready.wait(20000));
    QVERIFY2(ready.first().at(0).toBool(), qPrintable(ready.first().at(1).toString()));
}

void TestConsole::cleanupTestCase()
{
    m_stalls.stop();
    const qint64 worst = m_stalls.worstMs();
    qint64 reference = -1;
    if (m_reference) {
        QMetaObject::invokeMethod(m_reference, &StallMonitor::stop, Qt::BlockingQueuedConnection);
        reference = m_reference->worstMs();
    }
    m_referenceThread.quit();
    m_referenceThread.wait();
    qInfo("worst GUI-thread stall: %lld ms of its own (in %s), %lld ms with the waits for a "
          "CPU; an idle worker thread's worst meanwhile: %lld ms",
          static_cast<long long>(worst),
          qPrintable(m_stalls.where()),
          static_cast<long long>(m_stalls.worstRawMs()),
          static_cast<long long>(reference));
    m_window.reset();
    if (m_agent)
        m_agent->waitForIdle();
    QFile lock(m_dir.path() + QStringLiteral("/data/agent.lock"));
    if (lock.open(QIODevice::ReadOnly)) {
        const qint64 pid = lock.readLine().trimmed().toLongLong();
        if (pid > 0 && ::kill(pid_t(pid), SIGTERM) == 0)
            QVERIFY(QTest::qWaitFor([pid] { return ::kill(pid_t(pid), 0) != 0; }, 20000));
    }
    QVERIFY2(worst < 100, qPrintable(QStringLiteral("the GUI thread stalled %1 ms").arg(worst)));
}

void TestConsole::firstStartOffersTheDefaultCluster()
{
    // No cluster and no saved connection: the console offers "local" once.
    QMessageBox *box = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] {
            box = m_window->findChild<QMessageBox *>();
            return box && box->isVisible();
        },
        10000));
    QVERIFY(box->text().contains(QStringLiteral("“local”")));
    box->button(QMessageBox::No)->click();
    QVERIFY(QSettings().value(QStringLiteral("firstRun/defaultOffered")).toBool());
    QTest::qWait(700); // two polls: declining created nothing and asked nothing more
    QCOMPARE(m_window->clusterModel()->rowCount(), 0);
    QVERIFY(!m_window->findChild<QMessageBox *>()
            || !m_window->findChild<QMessageBox *>()->isVisible());
}

void TestConsole::wizardCreatesActiveCluster()
{
    CreateClusterWizard *wizard = m_window->openCreateWizard();
    QVERIFY(wizard);
    QAbstractItemModelTester settingsTester(wizard->quickSettingsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    wizard->setQuickCreate(true);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(CreateClusterWizard::QuickPage));
    // Inline validation: a bad name keeps the page incomplete.
    wizard->setClusterName(QStringLiteral("-bad name"));
    QVERIFY(!wizard->currentPage()->isComplete());
    wizard->setClusterName(m_name);
    QVERIFY(wizard->currentPage()->isComplete());
    // Every defaulted setting is listed, the name among them.
    QVERIFY(wizard->quickSettingsModel()->rowCount() >= 10);
    QCOMPARE(wizard->quickSettingsModel()->index(0, 1).data().toString(), m_name);

    QSignalSpy created(wizard, &CreateClusterWizard::clusterCreated);
    QSignalSpy finished(wizard, &CreateClusterWizard::creationFinished);
    wizard->next(); // Create
    QCOMPARE(wizard->currentId(), int(CreateClusterWizard::ProgressPage));
    QVERIFY(created.wait(15000));
    m_arn = created.first().at(0).toString();
    QVERIFY(m_arn.contains(m_name));
    QAbstractItemModelTester stepsTester(wizard->progress()->stepModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(finished.count() > 0 || finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), "the CREATE operation did not complete");
    QVERIFY(wizard->currentPage()->isComplete());
    QVERIFY(wizard->progress()->stepModel()->rowCount() >= 3);

    // The list shows it ACTIVE and its page polls it.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto *row = m_window->clusterModel()->rowFor(m_arn);
            return row && row->state == QLatin1String("ACTIVE");
        },
        10000));
    wizard->accept();
    QVERIFY(m_window->selectCluster(m_arn));
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(page);
    QCOMPARE(m_window->currentClusterPage(), page);
    m_testers.append(new QAbstractItemModelTester(
        page->brokerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, this));
    m_testers.append(new QAbstractItemModelTester(
        page->operationModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, this));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return page->state() == QLatin1String("ACTIVE") && page->brokerModel()->rowCount() == 1;
        },
        10000));
    QVERIFY(page->connectionSettings().bootstrapServers.startsWith(QLatin1String("127.0.0.1:")));
    // Bootstrap strings per listener kind, from GetBootstrapBrokers.
    const auto *plaintext = page->findChild<QLineEdit *>(QStringLiteral("BootstrapBrokerString"));
    QVERIFY(plaintext);
    QVERIFY(QTest::qWaitFor(
        [&] { return plaintext->text() == page->connectionSettings().bootstrapServers; }, 5000));
    const AgentReply strings
        = callAgent(QStringLiteral("GetBootstrapBrokers"), {{QStringLiteral("ClusterArn"), m_arn}});
    QVERIFY(strings.ok);
    for (const QString &key : {QStringLiteral("BootstrapBrokerStringTls"),
                               QStringLiteral("BootstrapBrokerStringSaslScram")}) {
        const auto *field = page->findChild<QLineEdit *>(key);
        QVERIFY(field);
        QCOMPARE(field->text(), strings.result.value(key).toString()); // empty: "Not enabled"
    }
    // The overview's broker row: id 1, running, metrics shown as a dash until reported.
    QCOMPARE(page->brokerModel()->index(0, BrokerModel::IdColumn).data().toInt(), 1);
    QVERIFY(page->operationModel()->rowCount() >= 1);
}

void TestConsole::clientInformationWorksWithKcat()
{
    const QString kcat = QStandardPaths::findExecutable(QStringLiteral("kcat"));
    if (kcat.isEmpty())
        QSKIP("kcat is not installed (Debian: kcat)");
    ClusterPage *page = m_window->clusterPage(m_arn);
    const QString snippet = clientinfo::kcat(page->connectionSettings());
    // The first command of the snippet, as a user would paste it: kcat -b HOST:PORT -X ... -L
    QString listCommand;
    for (const QString &line : snippet.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("kcat ")) && line.endsWith(QLatin1String(" -L"))) {
            listCommand = line;
            break;
        }
    }
    QVERIFY2(!listCommand.isEmpty(), qPrintable(snippet));
    QStringList args = listCommand.split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(1);
    args << QStringLiteral("-m") << QStringLiteral("10");
    QProcess process;
    process.start(kcat, args);
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000));
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QVERIFY2(out.contains("1 brokers"), out.constData());
    // Secrets never appear in a snippet; SASL settings do.
    ConnectionSettings sasl = page->connectionSettings();
    sasl.security = ConnectionSettings::Security::SaslSsl;
    sasl.username = QStringLiteral("alice");
    sasl.password = QStringLiteral("do-not-show");
    for (const QString &text : {clientinfo::kcat(sasl),
                                clientinfo::librdkafka(sasl),
                                clientinfo::java(sasl),
                                clientinfo::python(sasl)}) {
        QVERIFY(!text.contains(QLatin1String("do-not-show")));
        QVERIFY(text.contains(QLatin1String("SCRAM-SHA-512")));
    }
    QVERIFY(clientinfo::java(sasl).contains(
        QLatin1String("ScramLoginModule required username=\"alice\"")));
}

void TestConsole::topicListShowsSizesFromTheBrokers()
{
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(page);
    QVERIFY(m_window->selectCluster(m_arn));
    QVERIFY(QTest::qWaitFor([&] { return page->state() == QLatin1String("ACTIVE"); }, 20000));
    // 300 records of 1 KiB in a 2-partition topic, through a real librdkafka producer.
    const QString topic = QStringLiteral("sized");
    KafkaService kafka(page->connectionSettings());
    bool created = false;
    QString error;
    kafka.createTopic({topic, 2, 1, {}}, this, [&](const KafkaResult<Done> &r) {
        error = r.error;
        created = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return created; }, 20000));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ProduceRequest request;
    request.topic = topic;
    for (int i = 0; i < 300; ++i) {
        KafkaRecord record;
        record.keyNull = false;
        record.key = QByteArray::number(i);
        record.valueNull = false;
        record.value = QByteArray(1024, char('a' + i % 26));
        request.records.append(record);
    }
    bool produced = false;
    qint64 delivered = 0;
    kafka.produce(
        request,
        this,
        [](qint64) {},
        [&](const KafkaResult<qint64> &r) {
            error = r.error;
            delivered = r.value;
            produced = true;
        });
    QVERIFY(QTest::qWaitFor([&] { return produced; }, 30000));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(delivered, 300);

    // The Topics tab shows the size the brokers report, through one agent call a refresh.
    QTabWidget *tabs = page->tabs();
    int index = -1;
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i) == QLatin1String("Topics"))
            index = i;
    QVERIFY(index >= 0);
    tabs->setCurrentIndex(index);
    TopicsPage *topics = nullptr;
    QVERIFY(QTest::qWaitFor([&] { return (topics = page->findChild<TopicsPage *>()) != nullptr; },
                            5000));
    TopicListModel *model = topics->topicModel();
    QVERIFY(QTest::qWaitFor(
        [&] {
            topics->refresh();
            return model->sizeBytes(topic) >= 300 * 1024;
        },
        30000));
    QVERIFY(model->hasBrokerFigures());
    const int row = model->rowOf(topic);
    QVERIFY(row >= 0);
    const QString shown = model->index(row, TopicListModel::Size).data().toString();
    QVERIFY2(shown.contains(QLatin1String("KiB")), qPrintable(shown));
    // The partition table of the topic shows each partition's size too.
    topics->selectTopic(topic);
    QVERIFY(QTest::qWaitFor(
        [&] {
            PartitionTableModel *partitions = topics->partitionModel();
            qint64 sum = 0;
            for (int i = 0; i < partitions->rowCount(); ++i)
                sum += partitions->index(i, PartitionTableModel::Size)
                           .data()
                           .toString()
                           .contains(QLatin1String("KiB"));
            return partitions->rowCount() == 2 && sum == 2;
        },
        15000));
    // Nothing has read the topic: its out-rate is reported, and zero.
    QCOMPARE(model->index(row, TopicListModel::OutRate).data(TopicListModel::SortRole).toDouble(),
             0.0);
    tabs->setCurrentIndex(0);
}

void TestConsole::wizardShowsTheAgentsRefusal()
{
    CreateClusterWizard *wizard = m_window->openCreateWizard();
    wizard->restart();
    wizard->setQuickCreate(false);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(CreateClusterWizard::SettingsPage));
    // A name that is taken: only the agent knows, so the wizard shows its refusal.
    wizard->setClusterName(m_name);
    wizard->setBrokerCount(3);
    QVERIFY(wizard->currentPage()->isComplete());
    while (wizard->currentId() != CreateClusterWizard::ReviewPage)
        wizard->next();
    QVERIFY(wizard->runnelctlCommand().contains(QLatin1String("--number-of-broker-nodes 3")));
    QCOMPARE(wizard->awsCliInput()
                 .value(QStringLiteral("Provisioned"))
                 .toObject()
                 .value(QStringLiteral("NumberOfBrokerNodes"))
                 .toInt(),
             3);
    QSignalSpy refused(wizard, &CreateClusterWizard::refused);
    wizard->next();
    QVERIFY(refused.wait(15000));
    const QString sentence = refused.first().at(0).toString();
    QVERIFY2(sentence.contains(QLatin1String("already exists")), qPrintable(sentence));
    auto *label = wizard->findChild<QLabel *>(QStringLiteral("refusal"));
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->text(), sentence);
    QVERIFY(!wizard->currentPage()->isComplete());
    wizard->reject();
}

void TestConsole::faultLabKillHealsTheBroker()
{
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(page);
    QVERIFY(m_window->selectCluster(m_arn));
    page->setPollInterval(100);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto *b = page->brokerModel()->broker(1);
            return b && b->state == QLatin1String("RUNNING") && b->pid > 0
                   && page->state() == QLatin1String("ACTIVE");
        },
        10000));
    const qint64 oldPid = page->brokerModel()->broker(1)->pid;
    const qsizetype before = page->stateHistory().size();
    QString error;
    QVERIFY2(page->killBroker(1, &error), qPrintable(error));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto *b = page->brokerModel()->broker(1);
            return page->stateHistory().mid(before).contains(QLatin1String("HEALING"))
                   && page->state() == QLatin1String("ACTIVE") && b && b->pid > 0
                   && b->pid != oldPid && b->state == QLatin1String("RUNNING");
        },
        30000));
    const QStringList seen = page->stateHistory().mid(before);
    QVERIFY2(seen.indexOf(QLatin1String("HEALING")) < seen.lastIndexOf(QLatin1String("ACTIVE")),
             qPrintable(seen.join(QLatin1Char(' '))));
    QVERIFY(page->brokerModel()->broker(1)->restarts >= 1);
    // A killed broker is no longer killable by its old pid.
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (int i = 0; i < page->operationModel()->rowCount(); ++i) {
                if (page->operationModel()->index(i, 0).data().toString()
                    == OperationModel::typeText(QStringLiteral("HEAL_BROKER")))
                    return true;
            }
            return false;
        },
        5000));
    page->setPollInterval(2000);
}

void TestConsole::brokerLogFiltersByLevel()
{
    ClusterPage *page = m_window->clusterPage(m_arn);
    const auto *b = page->brokerModel()->broker(1);
    QVERIFY(b && !b->logFile.isEmpty());
    BrokerLogDialog dialog(b->logFile, QStringLiteral("test"));
    QAbstractItemModelTester tester(dialog.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&dialog, &BrokerLogDialog::loaded);
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    const int all = dialog.model()->rowCount();
    QVERIFY2(all > 0, "the broker log is empty");
    dialog.setMinimumLevel(int(BrokerLogModel::Level::Error));
    int errors = 0;
    for (int i = 0; i < all; ++i)
        errors += dialog.model()->index(i, 0).data(BrokerLogModel::LevelRole).toInt()
                  >= int(BrokerLogModel::Level::Error);
    QCOMPARE(dialog.visibleLines(), errors);
    QVERIFY(errors < all);
    dialog.setMinimumLevel(int(BrokerLogModel::Level::Debug));
    QCOMPARE(dialog.visibleLines(), all);
}

void TestConsole::updateConfigurationRollsARevision()
{
    UpdateConfigurationDialog dialog(m_agent.get(), m_arn, m_name);
    dialog.show();
    QSignalSpy started(&dialog, &UpdateConfigurationDialog::operationStarted);
    dialog.nameField()->setText(QStringLiteral("gui-config"));
    dialog.propertiesEditor()->setPlainText(
        QStringLiteral("auto.create.topics.enable=false\nnum.partitions=2\n"));
    dialog.apply();
    QVERIFY(started.wait(15000));
    QSignalSpy finished(dialog.progress(), &OperationProgress::finished);
    QVERIFY(dialog.progress()->isFinished() || finished.wait(60000));
    QVERIFY2(dialog.progress()->succeeded(), qPrintable(dialog.progress()->operationState()));
    const AgentReply r
        = callAgent(QStringLiteral("DescribeClusterV2"), {{QStringLiteral("ClusterArn"), m_arn}});
    QVERIFY2(r.ok, qPrintable(r.message));
    const QJsonObject config = r.result.value(QStringLiteral("ClusterInfo"))
                                   .toObject()
                                   .value(QStringLiteral("CurrentConfiguration"))
                                   .toObject();
    QVERIFY(config.value(QStringLiteral("Arn")).toString().contains(QLatin1String("gui-config")));
    QCOMPARE(config.value(QStringLiteral("Revision")).toInt(), 1);
    // Wait until the cluster is ACTIVE again before the next test.
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(QTest::qWaitFor([&] { return page->state() == QLatin1String("ACTIVE"); }, 20000));
}

void TestConsole::customCreateWithASavedConfiguration()
{
    CreateClusterWizard *wizard = m_window->openCreateWizard();
    QVERIFY(QTest::qWaitFor([&] { return wizard->savedConfigurationCount() > 0; }, 10000));
    wizard->setQuickCreate(false);
    wizard->next();
    wizard->setClusterName(QStringLiteral("custom"));
    QVERIFY(wizard->useSavedConfiguration(QStringLiteral("gui-config")));
    QVERIFY(wizard->currentPage()->isComplete());
    while (wizard->currentId() != CreateClusterWizard::ReviewPage)
        wizard->next();
    QVERIFY2(wizard->runnelctlCommand().contains(QLatin1String("--configuration-arn")),
             qPrintable(wizard->runnelctlCommand()));
    QVERIFY(wizard->awsCliInput()
                .value(QStringLiteral("Provisioned"))
                .toObject()
                .contains(QStringLiteral("ConfigurationInfo")));
    QSignalSpy finished(wizard, &CreateClusterWizard::creationFinished);
    wizard->next();
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(0).toBool());
    const QString arn = wizard->createdClusterArn();
    wizard->accept();
    const AgentReply r
        = callAgent(QStringLiteral("DescribeClusterV2"), {{QStringLiteral("ClusterArn"), arn}});
    QVERIFY2(r.ok, qPrintable(r.message));
    const QJsonObject config = r.result.value(QStringLiteral("ClusterInfo"))
                                   .toObject()
                                   .value(QStringLiteral("CurrentConfiguration"))
                                   .toObject();
    QVERIFY(config.value(QStringLiteral("Arn")).toString().contains(QLatin1String("gui-config")));
    QVERIFY(callAgent(QStringLiteral("DeleteCluster"), {{QStringLiteral("ClusterArn"), arn}}).ok);
    QVERIFY(
        QTest::qWaitFor([&] { return m_window->clusterModel()->rowFor(arn) == nullptr; }, 30000));
}

void TestConsole::updateStorageGrowsTheVolume()
{
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(page);
    QVERIFY(m_window->selectCluster(m_arn));
    const auto *shown = page->findChild<QLabel *>(QStringLiteral("storageValue"));
    QVERIFY(shown);
    QVERIFY(QTest::qWaitFor([&] { return page->state() == QLatin1String("ACTIVE"); }, 20000));
    QVERIFY(QTest::qWaitFor([&] { return page->volumeSizeMiB() > 0; }, 10000));
    const qint64 before = page->volumeSizeMiB();
    QCOMPARE(before, 100 * 1024); // the agent's default
    QVERIFY2(shown->text().contains(QLatin1String("100")), qPrintable(shown->text()));

    UpdateBrokersDialog *dialog = page->openUpdateStorage();
    QVERIFY(dialog);
    // Shrinking and the same size are refused inline, before asking the agent.
    dialog->targetField()->setText(QStringLiteral("50"));
    QVERIFY(!dialog->applyButton()->isEnabled());
    QVERIFY2(dialog->errorLabel()->text().contains(QLatin1String("100 GiB")),
             qPrintable(dialog->errorLabel()->text()));
    dialog->targetField()->setText(QStringLiteral("100"));
    QVERIFY(!dialog->applyButton()->isEnabled());
    dialog->targetField()->setText(QStringLiteral("x"));
    QVERIFY(!dialog->applyButton()->isEnabled());
    dialog->targetField()->setText(QStringLiteral("120"));
    QVERIFY(dialog->applyButton()->isEnabled());
    QVERIFY(dialog->errorLabel()->text().isEmpty());

    QSignalSpy started(dialog, &UpdateBrokersDialog::operationStarted);
    QSignalSpy refused(dialog, &UpdateBrokersDialog::refused);
    dialog->applyButton()->click();
    QVERIFY(QTest::qWaitFor([&] { return started.count() + refused.count() > 0; }, 15000));
    QVERIFY2(refused.isEmpty(),
             qPrintable(refused.isEmpty() ? QString() : refused.first().at(0).toString()));
    QSignalSpy finished(dialog->progress(), &OperationProgress::finished);
    QVERIFY(dialog->progress()->isFinished() || finished.wait(90000));
    QVERIFY2(dialog->progress()->succeeded(), qPrintable(dialog->progress()->operationState()));
    QVERIFY(dialog->progress()->stepModel()->rowCount() >= 2); // store, restart each broker
    // The overview shows the new size once the page polls again.
    QVERIFY(QTest::qWaitFor([&] { return page->volumeSizeMiB() == 120 * 1024; }, 10000));
    QVERIFY2(shown->text().contains(QLatin1String("120")), qPrintable(shown->text()));
    QVERIFY(QTest::qWaitFor([&] { return page->state() == QLatin1String("ACTIVE"); }, 20000));
    dialog->close();
}

void TestConsole::customCreateWithScramAndTls()
{
    // A person acts one step at a time and the event loop runs in between; so does this test
    // (settle()), so that the stall monitor measures each step, not the whole script.
    const auto settle = [] {
        QTest::qWait(1);
    };
    CreateClusterWizard *wizard = m_window->openCreateWizard();
    settle();
    wizard->setQuickCreate(false);
    wizard->next();
    settle();
    QCOMPARE(wizard->currentId(), int(CreateClusterWizard::SettingsPage));
    wizard->setClusterName(QStringLiteral("secure"));
    // Storage: inline validation keeps the step incomplete until the size is valid.
    for (const QString &bad : {QStringLiteral(""),
                               QStringLiteral("0"),
                               QStringLiteral("16385"),
                               QStringLiteral("12.5"),
                               QStringLiteral("lots")}) {
        wizard->setStorageText(bad);
        settle();
        QVERIFY2(!wizard->currentPage()->isComplete(), qPrintable(bad));
        QVERIFY(!CreateClusterWizard::validateStorage(bad).isEmpty());
    }
    wizard->setStorageText(QStringLiteral("200"));
    QVERIFY(wizard->currentPage()->isComplete());
    wizard->next(); // networking
    settle();
    wizard->next(); // security
    settle();
    QCOMPARE(wizard->currentId(), int(CreateClusterWizard::SecurityPage));
    // No kind of authentication is refused inline; SCRAM over plaintext too.
    wizard->setClientAuthentication(false, false, false);
    QVERIFY(!wizard->currentPage()->isComplete());
    wizard->setClientAuthentication(false, true, true);
    wizard->setEncryptionInTransit(QStringLiteral("PLAINTEXT"), false);
    QVERIFY(!wizard->securityError().isEmpty());
    QVERIFY(!wizard->currentPage()->isComplete());
    wizard->setEncryptionInTransit(QStringLiteral("TLS"), true);
    wizard->setEncryptionAtRest(true);
    QVERIFY2(wizard->currentPage()->isComplete(), qPrintable(wizard->securityError()));
    while (wizard->currentId() != CreateClusterWizard::ReviewPage) {
        wizard->next();
        settle();
    }
    const QString command = wizard->runnelctlCommand();
    QVERIFY2(command.contains(QLatin1String("--volume-size 200")), qPrintable(command));
    QVERIFY2(command.contains(QLatin1String("--client-authentication sasl-scram,tls")),
             qPrintable(command));
    QVERIFY2(command.contains(QLatin1String("--encryption-at-rest true")), qPrintable(command));
    const QJsonObject provisioned
        = wizard->awsCliInput().value(QStringLiteral("Provisioned")).toObject();
    QCOMPARE(provisioned.value(QStringLiteral("EncryptionInfo"))
                 .toObject()
                 .value(QStringLiteral("EncryptionInTransit"))
                 .toObject()
                 .value(QStringLiteral("ClientBroker"))
                 .toString(),
             QStringLiteral("TLS"));
    QString table;
    for (const auto &s : wizard->settings())
        table += s.name + QLatin1String(": ") + s.value + QLatin1Char('\n');
    QVERIFY2(table.contains(QLatin1String("200 GiB")), qPrintable(table));
    QVERIFY2(table.contains(QLatin1String("Encryption at rest: AES-256-GCM")), qPrintable(table));
    QVERIFY2(table.contains(QLatin1String("SASL/SCRAM, TLS client certificates")),
             qPrintable(table));

    QSignalSpy finished(wizard, &CreateClusterWizard::creationFinished);
    wizard->next();
    QVERIFY2(finished.wait(90000), qPrintable(wizard->refusal()));
    QVERIFY(finished.first().at(0).toBool());
    const QString arn = wizard->createdClusterArn();
    wizard->accept();
    const AgentReply d
        = callAgent(QStringLiteral("DescribeClusterV2"), {{QStringLiteral("ClusterArn"), arn}});
    QVERIFY2(d.ok, qPrintable(d.message));
    QCOMPARE(d.result.value(QStringLiteral("ClusterInfo"))
                 .toObject()
                 .value(QStringLiteral("Provisioned"))
                 .toObject()
                 .value(QStringLiteral("BrokerNodeGroupInfo"))
                 .toObject()
                 .value(QStringLiteral("StorageInfo"))
                 .toObject()
                 .value(QStringLiteral("EbsStorageInfo"))
                 .toObject()
                 .value(QStringLiteral("VolumeSize"))
                 .toInt(),
             200);
    QVERIFY2(d.result.value(QStringLiteral("ClusterInfo"))
                 .toObject()
                 .value(QStringLiteral("EncryptionInfo"))
                 .toObject()
                 .contains(QStringLiteral("EncryptionAtRest")),
             "the cluster was not created with encryption at rest");
    // Its page shows the SASL/SCRAM and TLS bootstrap strings; plaintext is off.
    QVERIFY(m_window->selectCluster(arn));
    ClusterPage *page = m_window->clusterPage(arn);
    QVERIFY(page);
    const auto *scram
        = page->findChild<QLineEdit *>(QStringLiteral("BootstrapBrokerStringSaslScram"));
    const auto *tls = page->findChild<QLineEdit *>(QStringLiteral("BootstrapBrokerStringTls"));
    const auto *plain = page->findChild<QLineEdit *>(QStringLiteral("BootstrapBrokerString"));
    QVERIFY(scram && tls && plain);
    QVERIFY(
        QTest::qWaitFor([&] { return !scram->text().isEmpty() && !tls->text().isEmpty(); }, 10000));
    QVERIFY(scram->text().startsWith(QLatin1String("127.0.0.1:")));
    QVERIFY(tls->text().startsWith(QLatin1String("127.0.0.1:")));
    QVERIFY(scram->text() != tls->text());
    QVERIFY2(plain->text().isEmpty(), qPrintable(plain->text()));
    QVERIFY(QTest::qWaitFor([&] { return page->volumeSizeMiB() == 200 * 1024; }, 10000));
    QVERIFY(m_window->selectCluster(m_arn));
    QVERIFY(callAgent(QStringLiteral("DeleteCluster"), {{QStringLiteral("ClusterArn"), arn}}).ok);
    QVERIFY(
        QTest::qWaitFor([&] { return m_window->clusterModel()->rowFor(arn) == nullptr; }, 30000));
}

void TestConsole::auditLogFiltersAndExports()
{
    m_window->showAuditLog();
    AuditView *audit = m_window->auditView();
    QAbstractItemModelTester tester(audit->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(audit->filter(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(audit, &AuditView::refreshed);
    audit->refresh();
    QVERIFY(refreshed.wait(10000));
    const auto countOf = [&](const QString &operation, const QString &result) {
        int n = 0;
        for (int i = 0; i < audit->model()->rowCount(); ++i) {
            const QJsonObject e = audit->model()->event(i);
            n += e.value(QStringLiteral("Operation")).toString() == operation
                 && (result.isEmpty() || e.value(QStringLiteral("Result")).toString() == result);
        }
        return n;
    };
    QCOMPARE(countOf(QStringLiteral("CreateClusterV2"), QStringLiteral("Success")),
             3); // quick, custom with a saved configuration, custom with SCRAM and TLS
    QCOMPARE(countOf(QStringLiteral("UpdateBrokerStorage"), QStringLiteral("Success")), 1);
    QCOMPARE(countOf(QStringLiteral("CreateClusterV2"), QStringLiteral("ConflictException")),
             1); // the taken name
    QVERIFY(countOf(QStringLiteral("HealBroker"), QString()) >= 2);
    QCOMPARE(countOf(QStringLiteral("UpdateClusterConfiguration"), QStringLiteral("Success")), 1);

    audit->setClusterFilter(m_name);
    audit->setTextFilter(QStringLiteral("ConflictException"));
    QCOMPARE(audit->filter()->rowCount(), 1);
    const QString csv = m_dir.path() + QStringLiteral("/audit.csv");
    const QString json = m_dir.path() + QStringLiteral("/audit.json");
    QCOMPARE(audit->exportTo(csv, true), QString());
    QCOMPARE(audit->exportTo(json, false), QString());
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // header and the one filtered event
    QVERIFY(lines.at(1).contains("ConflictException"));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(jsonFile.readAll())
                                  .object()
                                  .value(QStringLiteral("AuditEvents"))
                                  .toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).toObject().value(QStringLiteral("Operation")).toString(),
             QStringLiteral("CreateClusterV2"));
    audit->setClusterFilter(QString());
    audit->setTextFilter(QString());
    QCOMPARE(audit->filter()->rowCount(), audit->model()->rowCount());
}

void TestConsole::externalConnectionIsTestedAndSaved()
{
    ClusterPage *page = m_window->clusterPage(m_arn);
    const QString bootstrap = page->connectionSettings().bootstrapServers;
    ConnectionDialog dialog(m_window->connectionStore());
    ConnectionSettings s;
    s.name = QStringLiteral("loopback copy");
    s.bootstrapServers = bootstrap;
    dialog.setSettings(s);
    QCOMPARE(dialog.validate(), QString());
    QSignalSpy tested(&dialog, &ConnectionDialog::tested);
    dialog.test();
    QVERIFY(tested.wait(15000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));

    // A port where nothing listens: a clear failure, not a hang.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 freePort = probe.serverPort();
    probe.close();
    s.bootstrapServers = QStringLiteral("127.0.0.1:%1").arg(freePort);
    dialog.setSettings(s);
    tested.clear();
    dialog.test();
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.first().at(0).toBool());
    QVERIFY(tested.first().at(1).toString().contains(QLatin1String("bootstrap")));

    // Bad input is a sentence.
    s.bootstrapServers = QStringLiteral("no-port-here");
    dialog.setSettings(s);
    QVERIFY(dialog.validate().contains(QLatin1String("host:port")));

    // Saved: appears in the cluster list as an external connection; a SASL password never
    // lands in the settings file.
    s.bootstrapServers = bootstrap;
    s.security = ConnectionSettings::Security::SaslPlaintext;
    s.username = QStringLiteral("alice");
    s.password = QStringLiteral("s3cret-for-test");
    dialog.setSettings(s);
    QSignalSpy saved(&dialog, &ConnectionDialog::saved);
    dialog.save();
    QVERIFY(saved.count() > 0 || saved.wait(10000));
    QVERIFY(
        QTest::qWaitFor([&] { return m_window->clusterModel()->rowFor(s.name) != nullptr; }, 5000));
    QVERIFY(m_window->clusterModel()->rowFor(s.name)->external);
    // Nothing under the settings folder holds the password (and the settings were written).
    bool leaked = false;
    int files = 0;
    QDirIterator it(
        m_dir.path() + QStringLiteral("/config"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        ++files;
        if (f.open(QIODevice::ReadOnly))
            leaked = leaked || f.readAll().contains("s3cret-for-test");
    }
    QVERIFY(files > 0);
    QVERIFY(!leaked);
    QVERIFY(m_window->connectionStore()->connection(s.name).has_value());
    m_window->connectionStore()->remove(s.name);
    QVERIFY(
        QTest::qWaitFor([&] { return m_window->clusterModel()->rowFor(s.name) == nullptr; }, 5000));
}

void TestConsole::addBrokersToOneBrokerIsRefusedInline()
{
    // A one-broker cluster runs no metadata quorum, so the agent refuses to grow it: the
    // dialog says so before any call, with the agent's reason.
    ClusterPage *page = m_window->clusterPage(m_arn);
    QVERIFY(page);
    QVERIFY(QTest::qWaitFor([&] { return page->brokerCount() == 1; }, 10000));
    UpdateBrokersDialog *dialog = page->openAddBrokers();
    dialog->targetField()->setText(QStringLiteral("1"));
    QVERIFY(!dialog->applyButton()->isEnabled()); // not more than today: refused inline
    dialog->targetField()->setText(QStringLiteral("2"));
    QVERIFY(!dialog->applyButton()->isEnabled());
    QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("no metadata quorum")),
             qPrintable(dialog->errorLabel()->text()));
    QVERIFY(dialog->planLabel()->text().isEmpty());
    dialog->close();
}

// A lower count on a 5-broker cluster (3 voters, 4 and 5 added): the dialog names the
// brokers that leave and refuses inline what the agent would refuse. No call is made.
void TestConsole::brokerCountDialogNamesTheBrokersItRemoves()
{
    UpdateBrokersDialog dialog(UpdateBrokersDialog::Kind::BrokerCount,
                               m_agent.get(),
                               QStringLiteral("arn:runnel:kafka:local:cluster/five/1"),
                               QStringLiteral("five"),
                               5);
    QJsonArray nodes;
    for (int id = 1; id <= 5; ++id)
        nodes.append(QJsonObject{
            {QStringLiteral("BrokerNodeInfo"),
             QJsonObject{{QStringLiteral("BrokerId"), id},
                         {QStringLiteral("QuorumRole"),
                          id > 3 ? QStringLiteral("OBSERVER") : QStringLiteral("VOTER")}}}});
    dialog.setNodes(nodes);
    dialog.targetField()->setText(QStringLiteral("3"));
    QVERIFY(dialog.applyButton()->isEnabled());
    QCOMPARE(dialog.removedFor(3), (QList<int>{5, 4}));
    // "Brokers" with the English translation; this test loads none, so "Broker(s)".
    QVERIFY2(dialog.planLabel()->text().contains(
                 QLocale().createSeparatedList({QStringLiteral("5"), QStringLiteral("4")})
                 + QStringLiteral(" will be removed. Their partitions move")),
             qPrintable(dialog.planLabel()->text()));
    QCOMPARE(dialog.applyButton()->text(), QStringLiteral("Remove brokers"));
    dialog.targetField()->setText(QStringLiteral("4"));
    QVERIFY(dialog.planLabel()->text().contains(QStringLiteral(" 5 will be removed.")));
    dialog.targetField()->setText(QStringLiteral("2")); // below the 3 voters
    QVERIFY(!dialog.applyButton()->isEnabled());
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("metadata quorum")),
             qPrintable(dialog.errorLabel()->text()));
    QVERIFY(dialog.planLabel()->text().isEmpty());
    dialog.targetField()->setText(QStringLiteral("5"));
    QVERIFY(!dialog.applyButton()->isEnabled());
    dialog.targetField()->setText(QStringLiteral("6"));
    QVERIFY(dialog.applyButton()->isEnabled());
    QCOMPARE(dialog.applyButton()->text(), QStringLiteral("Add brokers"));
}

void TestConsole::deleteNeedsTheTypedNameAndRemovesTheCluster()
{
    DeleteClusterDialog dialog(m_name);
    QVERIFY(!dialog.deleteButton()->isEnabled());
    dialog.confirmationField()->setText(m_name.left(m_name.size() - 1));
    QVERIFY(!dialog.deleteButton()->isEnabled());
    dialog.confirmationField()->setText(m_name);
    QVERIFY(dialog.deleteButton()->isEnabled());

    const AgentReply r
        = callAgent(QStringLiteral("DeleteCluster"), {{QStringLiteral("ClusterArn"), m_arn}});
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY(
        QTest::qWaitFor([&] { return m_window->clusterModel()->rowFor(m_arn) == nullptr; }, 30000));
    QVERIFY(m_window->currentClusterPage() == nullptr
            || m_window->currentClusterPage()->clusterArn() != m_arn);
}

QTEST_MAIN(TestConsole)
#include "test_console.moc"
