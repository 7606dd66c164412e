// The metrics dashboard against a real runnel-agent (isolated socket, data directory and
// ports in a temporary directory) with real brokers and a real producer (kcat): replies
// and refusals reach the user as sentences, a chart receives live samples while kcat
// writes, an alarm created through the form fires and shows up in the window, and the
// GUI thread never stalls more than 100 ms (a 10 ms timer's worst lateness, printed).

#include "../gui/stallmonitor.h"
#include "ui/agent/agentservice.h"
#include "ui/charts/timeserieschart.h"
#include "ui/metrics/alarmspanel.h"
#include "ui/metrics/metricsdashboard.h"
#include "ui/models/alarmhistorymodel.h"
#include "ui/models/alarmlistmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace runnel::ui;

namespace {

// A port p such that p..p+19 are free on 127.0.0.1 now.
int freePortBlock()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            continue;
        const int base = probe.serverPort();
        probe.close();
        if (base + 20 >= 65535)
            continue;
        bool free = true;
        for (int p = base; p < base + 20 && free; ++p) {
            QTcpServer s;
            free = s.listen(QHostAddress::LocalHost, quint16(p));
        }
        if (free)
            return base;
    }
    return 0;
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheAgentsAnswerAsSentences();
    void chartReceivesLiveSamplesWhileKcatWrites();
    void groupLagGrowsWhileItsConsumerIsAway();
    void cleanupTestCase();

private:
    AgentReply call(const QString &op, const QJsonObject &params = {}, int timeoutMs = 30000);
    bool agentServes(const QString &op);

    QTemporaryDir m_dir;
    QProcess m_agentProcess;
    QProcess m_kcat;
    QTimer m_feed;
    int m_sent = 0;
    QString m_bootstrap;
    std::unique_ptr<AgentService> m_agent;
    std::unique_ptr<StallMonitor> m_stalls;
};

AgentReply TestDashboard::call(const QString &op, const QJsonObject &params, int timeoutMs)
{
    auto reply = std::make_shared<std::optional<AgentReply>>();
    m_agent->call(
        op, params, this, [reply](const AgentReply &r) { *reply = r; }, timeoutMs);
    QElapsedTimer clock;
    clock.start();
    while (!reply->has_value() && clock.elapsed() < timeoutMs + 2000)
        QTest::qWait(10);
    if (!reply->has_value())
        return {false, {}, QStringLiteral("Timeout"), QStringLiteral("no reply to %1").arg(op)};
    return **reply;
}

bool TestDashboard::agentServes(const QString &op)
{
    // An unknown operation is refused with a sentence naming it; any other answer (an
    // error about the parameters included) means the agent serves it.
    const AgentReply r = call(op, {});
    return r.ok || !r.message.contains(QStringLiteral("Unknown operation"));
}

void TestDashboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const int portBase = freePortBlock();
    QVERIFY2(portBase > 0, "no free block of ports on 127.0.0.1");
    const QString socket = m_dir.filePath(QStringLiteral("run/agent.sock"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RUNNEL_AGENT_SOCKET"), socket);
    env.insert(QStringLiteral("RUNNEL_HOME"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("RUNNEL_DATA_DIR"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("RUNNEL_PORT_BASE"), QString::number(portBase));
    env.insert(QStringLiteral("RUNNEL_RUNNELD"), QStringLiteral(RUNNEL_TEST_RUNNELD));
    env.insert(QStringLiteral("RUNNEL_METRICS_PORT_BASE"), QString::number(portBase + 10));
    env.insert(QStringLiteral("RUNNEL_METRICS_INTERVAL_MS"), QStringLiteral("1000"));
    m_agentProcess.setProcessEnvironment(env);
    m_agentProcess.setProcessChannelMode(QProcess::MergedChannels);
    m_agentProcess.setStandardOutputFile(m_dir.filePath(QStringLiteral("agent.log")));
    m_agentProcess.start(QStringLiteral(RUNNEL_TEST_AGENT), {QStringLiteral("--foreground")});
    QVERIFY2(m_agentProcess.waitForStarted(10000), qPrintable(m_agentProcess.errorString()));

    // The console's own client, never allowed to start an agent of its own.
    m_agent = std::make_unique<AgentService>(socket, QString());
    QElapsedTimer clock;
    clock.start();
    AgentReply ready;
    while (clock.elapsed() < 15000 && !(ready = call(QStringLiteral("ListClustersV2"))).ok)
        QTest::qWait(100);
    QVERIFY2(ready.ok, qPrintable(QStringLiteral("the agent did not answer: ") + ready.message));
    m_stalls = std::make_unique<StallMonitor>();
    m_stalls->start();
}

void TestDashboard::showsTheAgentsAnswerAsSentences()
{
    m_stalls->setPhase(QStringLiteral("dashboard of an unknown cluster"));
    const bool hasMetrics = agentServes(QStringLiteral("ListMetrics"));
    MetricsDashboard dashboard(m_agent.get(), MetricScope::cluster(QStringLiteral("nosuch")));
    QSignalSpy refreshed(&dashboard, &MetricsDashboard::refreshed);
    dashboard.resize(1000, 700);
    m_stalls->setPhase(QStringLiteral("first show"));
    dashboard.show(); // showing refreshes
    QVERIFY(refreshed.wait(30000));
    m_stalls->setPhase(QStringLiteral("after the first refresh"));
    QVERIFY(!dashboard.charts().isEmpty());
    if (!hasMetrics) {
        // Before the agent has the metric store: the user reads why, charts say so too.
        qInfo("runnel-agent has no ListMetrics yet; checking the refusal reaches the user");
        QCOMPARE(refreshed.at(0).at(0).toBool(), false);
        QVERIFY2(dashboard.errorText().contains(QStringLiteral("Metrics could not be listed"))
                     && dashboard.errorText().contains(QStringLiteral("ListMetrics")),
                 qPrintable(dashboard.errorText()));
        for (TimeSeriesChart *chart : dashboard.charts())
            QCOMPARE(chart->message(),
                     QStringLiteral("No data: the agent did not answer as expected."));
    } else {
        QCOMPARE(refreshed.at(0).at(0).toBool(), true);
        QCOMPARE(dashboard.errorText(), QString());
        for (TimeSeriesChart *chart : dashboard.charts())
            QCOMPARE(chart->message(), QStringLiteral("No data reported yet."));
    }
    // The alarms tab asks DescribeAlarms on the same refresh.
    if (!agentServes(QStringLiteral("DescribeAlarms")))
        QTRY_VERIFY_WITH_TIMEOUT(
            dashboard.alarmsPanel()->errorText().contains(QStringLiteral("DescribeAlarms")), 10000);

    // Time ranges choose the period; a custom range must be in order.
    m_stalls->setPhase(QStringLiteral("changing the range"));
    dashboard.setTimeRange(QStringLiteral("1w"));
    QCOMPARE(dashboard.periodSeconds(), 3600);
    QCOMPARE(
        dashboard.charts().first()->rangeStart().secsTo(dashboard.charts().first()->rangeEnd()),
        7 * 24 * 3600);
    dashboard.setTimeRange(QStringLiteral("3h"));
    QCOMPARE(dashboard.periodSeconds(), 60);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(!dashboard.setCustomRange(now, now.addSecs(-60)));
    QVERIFY(dashboard.errorText().contains(QStringLiteral("must be before its end")));
    QVERIFY(dashboard.setCustomRange(now.addSecs(-86400), now));
    QCOMPARE(dashboard.periodSeconds(), 300);
    QVERIFY(!dashboard.charts().first()->isSliding());
    dashboard.setPeriod(10);
    QCOMPARE(dashboard.periodSeconds(), 10);
    m_stalls->setPhase(QStringLiteral("refresh after the changes"));
    refreshed.clear();
    QVERIFY(refreshed.wait(30000)); // the changed settings were fetched again
    dashboard.close();
    m_stalls->pause();
    m_agent->waitForIdle();
}

void TestDashboard::chartReceivesLiveSamplesWhileKcatWrites()
{
    if (!agentServes(QStringLiteral("GetMetricData")) || !agentServes(QStringLiteral("ListMetrics"))
        || !agentServes(QStringLiteral("PutMetricAlarm")))
        QSKIP("runnel-agent does not serve GetMetricData, ListMetrics and PutMetricAlarm yet");

    m_stalls->setPhase(QStringLiteral("creating the cluster"));
    const QString cluster = QStringLiteral("live");
    const AgentReply created = call(
        QStringLiteral("CreateClusterV2"),
        {{QStringLiteral("ClusterName"), cluster},
         {QStringLiteral("ServerProperties"), QStringLiteral("auto.create.topics.enable=true\n")}});
    QVERIFY2(created.ok, qPrintable(created.message));
    QString state;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 60000 && state != QLatin1String("ACTIVE")) {
        const AgentReply d
            = call(QStringLiteral("DescribeClusterV2"), {{QStringLiteral("ClusterName"), cluster}});
        state = d.result.value(QStringLiteral("ClusterInfo"))
                    .toObject()
                    .value(QStringLiteral("State"))
                    .toString();
        QTest::qWait(200);
    }
    QCOMPARE(state, QStringLiteral("ACTIVE"));
    const AgentReply boot
        = call(QStringLiteral("GetBootstrapBrokers"), {{QStringLiteral("ClusterName"), cluster}});
    const QString bootstrap = boot.result.value(QStringLiteral("BootstrapBrokerString")).toString();
    QVERIFY2(!bootstrap.isEmpty(), qPrintable(boot.message));

    // A real producer, fed a line every 20 ms from the GUI thread's event loop.
    m_kcat.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_kcat.start(QStringLiteral("kcat"),
                 {QStringLiteral("-P"),
                  QStringLiteral("-b"),
                  bootstrap,
                  QStringLiteral("-t"),
                  QStringLiteral("events")});
    // Waits in the event loop, never blocking: the stall monitor runs meanwhile.
    QTRY_VERIFY2_WITH_TIMEOUT(
        m_kcat.state() == QProcess::Running, "kcat could not be started", 5000);
    connect(&m_feed, &QTimer::timeout, this, [this] {
        m_kcat.write(QStringLiteral("event %1 %2\n")
                         .arg(++m_sent)
                         .arg(QString(200, QLatin1Char('x')))
                         .toUtf8());
    });
    m_feed.start(20);
    m_bootstrap = bootstrap;

    m_stalls->setPhase(QStringLiteral("live dashboard"));
    MetricsDashboard dashboard(m_agent.get(), MetricScope::cluster(cluster));
    dashboard.setTimeRange(QStringLiteral("1h"));
    dashboard.setAutoRefresh(2);
    dashboard.resize(1200, 800);
    dashboard.show();
    TimeSeriesChart *bytesIn = dashboard.chart(QStringLiteral("BytesInPerSec"));
    QVERIFY(bytesIn);
    const auto positive = [](TimeSeriesChart *chart) {
        for (int s = 0; s < chart->seriesCount(); ++s) {
            for (const TimeSample &sample : chart->samples(s)) {
                if (sample.value > 0)
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(positive(bytesIn), qPrintable(dashboard.errorText()), 60000);
    QCOMPARE(bytesIn->seriesName(0), QStringLiteral("Broker 1"));
    QCOMPARE(dashboard.seriesIdentity(bytesIn, 0).metricName, QStringLiteral("BytesInPerSec"));
    QVERIFY(bytesIn->message().isEmpty());
    QTRY_VERIFY(bytesIn->drawnPointCount(0) > 0);
    // Live: later refreshes bring new samples (or a new value for the period filling).
    const QList<TimeSample> before = bytesIn->samples(0);
    QTRY_VERIFY_WITH_TIMEOUT(bytesIn->samples(0) != before, 30000);
    // With 10-second periods, new points keep arriving while kcat writes.
    dashboard.setPeriod(10);
    const auto positiveCount = [](TimeSeriesChart *chart) {
        const QList<TimeSample> samples = chart->samples(0);
        return std::count_if(
            samples.begin(), samples.end(), [](const TimeSample &s) { return s.value > 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(positiveCount(bytesIn) >= 3, 60000);
    QVERIFY(bytesIn->samples(0).constLast().timeMs
            > QDateTime::currentMSecsSinceEpoch() - 30000); // recent, not history
    TimeSeriesChart *messagesIn = dashboard.chart(QStringLiteral("MessagesInPerSec"));
    QTRY_VERIFY_WITH_TIMEOUT(positive(messagesIn), 30000);
    // kcat is fed at most 50 records a second; the chart shows a rate of that order.
    for (const TimeSample &s : messagesIn->samples(0))
        QVERIFY2(s.value >= 0 && s.value <= 60, qPrintable(QString::number(s.value)));
    qInfo("BytesInPerSec: %lld samples, newest %.1f B/s; %d records sent so far",
          qint64(bytesIn->samples(0).size()),
          bytesIn->samples(0).constLast().value,
          m_sent);

    // An alarm through the form: bytes in above 1 B/s for 1 of 1 periods of 1 min.
    m_stalls->setPhase(QStringLiteral("alarm"));
    AlarmsPanel *alarms = dashboard.alarmsPanel();
    AlarmDialog *dialog = alarms->openCreateDialog(dashboard.seriesIdentity(bytesIn, 0));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("name")),
                     QStringLiteral("live-bytes-in"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("threshold")),
                     QStringLiteral("1"));
    dialog->findChild<QSpinBox *>(QStringLiteral("evaluationPeriods"))->setValue(1);
    dialog->findChild<QSpinBox *>(QStringLiteral("datapoints"))->setValue(1);
    auto *period = dialog->findChild<QComboBox *>(QStringLiteral("period"));
    period->setCurrentIndex(period->findData(10)); // fine samples: seconds, not minutes
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
    QSignalSpy changed(alarms, &AlarmsPanel::alarmChangeFinished);
    dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttons"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.at(0).at(0).toBool(), qPrintable(alarms->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(alarms->alarmModel()->rowOf(QStringLiteral("live-bytes-in")) >= 0,
                             30000);
    const int row = alarms->alarmModel()->rowOf(QStringLiteral("live-bytes-in"));
    QTRY_COMPARE_WITH_TIMEOUT(
        alarms->alarmModel()->alarmAt(row)->state, QStringLiteral("ALARM"), 60000);
    // Offscreen there is no tray: the window says it.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.alarmBannerText().contains(QStringLiteral("live-bytes-in")),
                             30000);
    // The history shows the change to ALARM (the agent's StateUpdate item).
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(alarms->historyModel()->items().begin(),
                    alarms->historyModel()->items().end(),
                    [](const AlarmHistoryItem &i) { return i.newState == QLatin1String("ALARM"); }),
        30000);
    QVERIFY(dashboard.alarmsPanel()
                ->alarmModel()
                ->index(row, AlarmListModel::ConditionColumn)
                .data()
                .toString()
                .contains(QStringLiteral("> 1 B/s for 1 of 1 periods of 10 s")));
    if (const QString dir = qEnvironmentVariable("RUNNEL_SCREENSHOT_DIR"); !dir.isEmpty()) {
        m_stalls->pause(); // grabbing renders every chart at once: the test's doing
        dashboard.grab().save(dir + QStringLiteral("/metrics-cluster.png"));
        static_cast<QTabWidget *>(alarms->parentWidget()->parentWidget())->setCurrentWidget(alarms);
        dashboard.grab().save(dir + QStringLiteral("/metrics-alarms.png"));
        m_stalls->setPhase(QStringLiteral("alarm"));
    }

    // Delete, confirmed in the question the panel asks.
    alarms->alarmView()->selectRow(0);
    QVERIFY(alarms->findChild<QPushButton *>(QStringLiteral("deleteAlarm"))->isEnabled());
    alarms->findChild<QPushButton *>(QStringLiteral("deleteAlarm"))->click();
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = alarms->findChild<QMessageBox *>()) != nullptr);
    changed.clear();
    question->button(QMessageBox::Yes)->click();
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.at(0).at(0).toBool(), qPrintable(alarms->errorText()));
    QTRY_COMPARE_WITH_TIMEOUT(alarms->alarmModel()->rowCount(), 0, 30000);

    dashboard.close();
    m_stalls->pause();
    m_agent->waitForIdle();
}

void TestDashboard::groupLagGrowsWhileItsConsumerIsAway()
{
    if (m_bootstrap.isEmpty())
        QSKIP("needs the cluster and the producer of the live-samples test");
    m_stalls->setPhase(QStringLiteral("consumer group"));
    // A real consumer joins, reads and commits, then leaves: the group is EMPTY with
    // committed offsets (what MSK computes lag for) while the producer goes on.
    QProcess consumer;
    consumer.setStandardOutputFile(QProcess::nullDevice());
    consumer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    consumer.start(QStringLiteral("kcat"),
                   {QStringLiteral("-b"),
                    m_bootstrap,
                    QStringLiteral("-G"),
                    QStringLiteral("billing"),
                    QStringLiteral("-X"),
                    QStringLiteral("auto.commit.interval.ms=500"),
                    QStringLiteral("events")});
    QTRY_VERIFY2_WITH_TIMEOUT(
        consumer.state() == QProcess::Running, "kcat could not be started", 5000);

    MetricsDashboard dashboard(
        m_agent.get(), MetricScope::group(QStringLiteral("live"), QStringLiteral("billing")));
    dashboard.setPeriod(10);
    dashboard.setAutoRefresh(1);
    dashboard.resize(1000, 600);
    dashboard.show();
    TimeSeriesChart *sumLag = dashboard.chart(QStringLiteral("SumOffsetLag"));
    QVERIFY(sumLag);
    QTRY_VERIFY2_WITH_TIMEOUT(sumLag->seriesCount() == 1 && !sumLag->samples(0).isEmpty(),
                              qPrintable(dashboard.errorText()),
                              60000);
    QCOMPARE(sumLag->seriesName(0), QStringLiteral("events")); // one line per topic
    QCOMPARE(dashboard.chart(QStringLiteral("MaxOffsetLag"))->seriesCount(), 1);
    QCOMPARE(dashboard.chart(QStringLiteral("EstimatedMaxTimeLag"))->seriesCount(), 1);

    consumer.terminate(); // kcat leaves the group cleanly on SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(consumer.state(), QProcess::NotRunning, 15000);
    const auto newest = [sumLag] {
        const QList<TimeSample> samples = sumLag->samples(0);
        return samples.isEmpty() ? 0.0 : samples.constLast().value;
    };
    // About 50 records a second go unread now: the lag climbs on the chart.
    QTRY_VERIFY_WITH_TIMEOUT(newest() > 100, 60000);
    const double first = newest();
    QTRY_VERIFY_WITH_TIMEOUT(newest() > first + 100, 60000);
    qInfo("SumOffsetLag of billing on events: %.0f, then %.0f", first, newest());
    const auto positive = [](TimeSeriesChart *chart) {
        for (int line = 0; line < chart->seriesCount(); ++line) {
            const QList<TimeSample> samples = chart->samples(line);
            if (std::any_of(samples.begin(), samples.end(), [](const TimeSample &s) {
                    return s.value > 0;
                }))
                return true;
        }
        return false;
    };
    TimeSeriesChart *timeLag = dashboard.chart(QStringLiteral("EstimatedMaxTimeLag"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !timeLag->samples(0).isEmpty() && timeLag->samples(0).constLast().value > 0, 30000);

    // One broker's dashboard: its lines carry the metric's name; a PER_BROKER metric of
    // a cluster at the DEFAULT level says which level would publish it.
    m_stalls->setPhase(QStringLiteral("broker dashboard"));
    MetricsDashboard broker(m_agent.get(), MetricScope::broker(QStringLiteral("live"), 1));
    QSignalSpy brokerRefreshed(&broker, &MetricsDashboard::refreshed);
    broker.show();
    QVERIFY(brokerRefreshed.wait(30000));
    QVERIFY2(brokerRefreshed.at(0).at(0).toBool(), qPrintable(broker.errorText()));
    TimeSeriesChart *brokerBytes = broker.chart(QStringLiteral("BytesInPerSec"));
    QTRY_VERIFY_WITH_TIMEOUT(brokerBytes->seriesCount() == 1 && !brokerBytes->samples(0).isEmpty(),
                             30000);
    QCOMPARE(brokerBytes->seriesName(0), QStringLiteral("BytesInPerSec"));
    QVERIFY2(broker.chart(QStringLiteral("TcpConnections"))
                 ->message()
                 .contains(QStringLiteral("PER_BROKER")),
             qPrintable(broker.chart(QStringLiteral("TcpConnections"))->message()));
    broker.close();

    // A topic's dashboard once the cluster publishes per-topic metrics: bytes in per broker,
    // and the lag of each group that reads the topic.
    m_stalls->setPhase(QStringLiteral("topic dashboard"));
    const AgentReply level
        = call(QStringLiteral("UpdateMonitoring"),
               {{QStringLiteral("ClusterName"), QStringLiteral("live")},
                {QStringLiteral("EnhancedMonitoring"), QStringLiteral("PER_TOPIC_PER_BROKER")}});
    QVERIFY2(level.ok, qPrintable(level.message));
    MetricsDashboard topic(m_agent.get(),
                           MetricScope::forTopic(QStringLiteral("live"), QStringLiteral("events")));
    topic.setPeriod(10);
    topic.setAutoRefresh(1);
    topic.show();
    TimeSeriesChart *topicBytes = topic.chart(QStringLiteral("BytesInPerSec"));
    QTRY_VERIFY2_WITH_TIMEOUT(topicBytes->seriesCount() == 1 && positive(topicBytes),
                              qPrintable(topic.errorText()),
                              60000);
    QCOMPARE(topicBytes->seriesName(0), QStringLiteral("Broker 1"));
    TimeSeriesChart *topicLag = topic.chart(QStringLiteral("SumOffsetLag"));
    QTRY_VERIFY_WITH_TIMEOUT(topicLag->seriesCount() == 1, 30000);
    QCOMPARE(topicLag->seriesName(0), QStringLiteral("billing"));
    topic.close();

    m_feed.stop();
    m_kcat.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(m_kcat.state(), QProcess::NotRunning, 15000);
    QCOMPARE(m_kcat.exitCode(), 0);
    dashboard.close();
    m_stalls->pause();
    m_agent->waitForIdle();
}

void TestDashboard::cleanupTestCase()
{
    if (m_stalls)
        m_stalls->pause();
    if (m_kcat.state() != QProcess::NotRunning) {
        m_kcat.kill();
        m_kcat.waitForFinished(5000);
    }
    if (m_agent)
        m_agent->waitForIdle();
    if (m_agentProcess.state() != QProcess::NotRunning) {
        m_agentProcess.terminate(); // the agent stops its brokers on SIGTERM
        if (!m_agentProcess.waitForFinished(30000)) {
            m_agentProcess.kill();
            m_agentProcess.waitForFinished(5000);
        }
    }
    if (m_stalls) {
        qInfo("worst GUI-thread stall: %lld ms of its own (during %s); worst timer lateness "
              "including waits for a CPU: %lld ms",
              m_stalls->worstMs(),
              qPrintable(m_stalls->where()),
              m_stalls->worstRawMs());
        QVERIFY2(m_stalls->worstMs() < 100, "the GUI thread stalled 100 ms or more");
    }
}

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
