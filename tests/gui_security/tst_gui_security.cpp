// The Security tab against a real runnel-agent and a real one-broker cluster created with
// SASL/SCRAM and TLS client authentication and TLS in transit. Everything is isolated
// (socket, data root, ports, settings in a temporary directory); the agent is stopped at
// the end. A real client (confluent-kafka under Debian's /usr/bin/python3) checks that
// what the what-if check says is what the broker does.

#include "../gui/stallmonitor.h"
#include "ui/agent/agentservice.h"
#include "ui/app/clusterpage.h"
#include "ui/app/connectionstore.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/models/aclmodel.h"
#include "ui/models/scramusermodel.h"
#include "ui/security/aclspage.h"
#include "ui/security/certificatespage.h"
#include "ui/security/scramuserspage.h"
#include "ui/security/securitypage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace runnel::ui;

namespace {

const QString kAdminPassword = QStringLiteral("admin-Pa55word-gui");
const QString kAlicePassword = QStringLiteral("alice-Pa55word-gui");
const QString kAliceRotated = QStringLiteral("alice-R0tated-gui");
const QString kTopic = QStringLiteral("orders-eu");

// Clicks Yes on the page's open confirmation.
bool confirm(QWidget *page)
{
    for (QMessageBox *box : page->findChildren<QMessageBox *>()) {
        if (!box->isVisible())
            continue;
        box->button(QMessageBox::Yes)->click();
        return true;
    }
    return false;
}

} // namespace

class TestGuiSecurity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void pageReadsTheClustersSecurity();
    void createsScramUsersFromThePage();
    void certificateAuthorityAndClientCertificate();
    void whatIfAgreesWithARealClient();
    void externalClusterAclsOverKafka();
    void rotatesAndDeletesUsers();
    void rotatesBrokerCertificatesWithProgress();
    void clusterPagesCarryTheTabs();

private:
    AgentReply callAgent(const QString &op, const QJsonObject &params);
    bool waitActive(int ms);
    // Runs kafka_client.py; its JSON answer.
    QJsonObject client(const QString &action, const QString &user, const QString &password);

    QTemporaryDir m_dir;
    std::unique_ptr<AgentService> m_agent;
    std::unique_ptr<SecurityPage> m_page;
    StallMonitor m_stalls;
    QString m_arn, m_scramBootstrap, m_caPath;
};

AgentReply TestGuiSecurity::callAgent(const QString &op, const QJsonObject &params)
{
    AgentReply out;
    bool done = false;
    m_agent->call(op, params, this, [&](const AgentReply &r) {
        out = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        out.message = QStringLiteral("no reply");
    return out;
}

bool TestGuiSecurity::waitActive(int ms)
{
    return QTest::qWaitFor(
        [&] {
            const AgentReply r = callAgent(QStringLiteral("DescribeClusterV2"),
                                           {{QStringLiteral("ClusterArn"), m_arn}});
            if (!r.ok)
                return false;
            const QJsonObject info = r.result.value(QStringLiteral("ClusterInfo")).toObject();
            if (info.value(QStringLiteral("State")).toString() != QLatin1String("ACTIVE"))
                return QTest::qWait(300), false;
            return true;
        },
        ms);
}

QJsonObject
TestGuiSecurity::client(const QString &action, const QString &user, const QString &password)
{
    m_stalls.setPhase(QStringLiteral("%1 as %2 (%3)")
                          .arg(action, user, QString::fromLatin1(QTest::currentTestFunction())));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RUNNEL_TEST_PASSWORD"), password);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("/usr/bin/python3"),
            {QStringLiteral(RUNNEL_TEST_CLIENT), action, m_scramBootstrap, m_caPath, user, kTopic});
    // The event loop keeps running while the client works.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 90000)) {
        p.kill();
        p.waitForFinished();
        return {{QStringLiteral("ok"), false},
                {QStringLiteral("error"), QStringLiteral("timeout")}};
    }
    m_stalls.setPhase(QString::fromLatin1(QTest::currentTestFunction()));
    const QByteArray out = p.readAllStandardOutput().trimmed();
    const QJsonObject answer = QJsonDocument::fromJson(out.split('\n').last()).object();
    if (answer.isEmpty())
        return {
            {QStringLiteral("ok"), false},
            {QStringLiteral("error"), QString::fromUtf8(out + '\n' + p.readAllStandardError())}};
    return answer;
}

void TestGuiSecurity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    const QString root = m_dir.path();
    qputenv("RUNNEL_AGENT_SOCKET", QFile::encodeName(root + QStringLiteral("/agent.sock")));
    qputenv("RUNNEL_DATA_DIR", QFile::encodeName(root + QStringLiteral("/data")));
    qputenv("RUNNEL_RUNNELD", RUNNEL_TEST_RUNNELD);
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(root + QStringLiteral("/config")));
    qputenv("RUNNEL_PORT_BASE",
            QByteArray::number(20000 + 10 * QRandomGenerator::global()->bounded(2000)));
    m_agent = std::make_unique<AgentService>(root + QStringLiteral("/agent.sock"),
                                             QStringLiteral(RUNNEL_TEST_AGENT));
    bool started = false;
    AgentReply ready;
    m_agent->ensureAgent(this, [&](const AgentReply &r) {
        ready = r;
        started = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return started; }, 30000));
    QVERIFY2(ready.ok, qPrintable(ready.message));

    const auto on = [](bool b) {
        return QJsonObject{{QStringLiteral("Enabled"), b}};
    };
    const AgentReply created = callAgent(
        QStringLiteral("CreateClusterV2"),
        {{QStringLiteral("ClusterName"), QStringLiteral("secgui")},
         {QStringLiteral("NumberOfBrokerNodes"), 1},
         {QStringLiteral("ClientAuthentication"),
          QJsonObject{{QStringLiteral("Sasl"), QJsonObject{{QStringLiteral("Scram"), on(true)}}},
                      {QStringLiteral("Tls"), on(true)},
                      {QStringLiteral("Unauthenticated"), on(false)}}},
         {QStringLiteral("EncryptionInfo"),
          QJsonObject{{QStringLiteral("EncryptionInTransit"),
                       QJsonObject{{QStringLiteral("ClientBroker"), QStringLiteral("TLS")}}}}}});
    QVERIFY2(created.ok, qPrintable(created.message));
    m_arn = created.result.value(QStringLiteral("ClusterArn")).toString();
    QVERIFY(waitActive(120000));
    const AgentReply boot
        = callAgent(QStringLiteral("GetBootstrapBrokers"), {{QStringLiteral("ClusterArn"), m_arn}});
    QVERIFY2(boot.ok, qPrintable(boot.message));
    m_scramBootstrap
        = boot.result.value(QStringLiteral("BootstrapBrokerStringSaslScram")).toString();
    QVERIFY(!m_scramBootstrap.isEmpty());

    m_page = std::make_unique<SecurityPage>(m_agent.get(), m_arn);
    m_page->resize(1000, 800);
    m_stalls.start();
    QSignalSpy loaded(m_page.get(), &SecurityPage::settingsLoaded);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QVERIFY(loaded.count() > 0 || loaded.wait(20000));
    QVERIFY(loaded.first().at(0).toBool());
}

void TestGuiSecurity::cleanupTestCase()
{
    m_stalls.stop();
    const qint64 worst = m_stalls.worstMs();
    qInfo("worst GUI-thread stall: %lld ms of its own (%lld ms raw), during %s",
          static_cast<long long>(worst),
          static_cast<long long>(m_stalls.worstRawMs()),
          qPrintable(m_stalls.where()));
    m_page.reset();
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

void TestGuiSecurity::init()
{
    m_stalls.setPhase(QString::fromLatin1(QTest::currentTestFunction()));
}

void TestGuiSecurity::pageReadsTheClustersSecurity()
{
    QVERIFY(m_page->tabs()->isTabEnabled(1)); // SCRAM users
    QVERIFY(m_page->tabs()->isTabEnabled(2)); // certificates
    QAbstractItemModelTester acls(m_page->aclsPage()->model(),
                                  QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester users(m_page->usersPage()->model(),
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(m_page->aclsPage(), &AclsPage::refreshed);
    m_page->aclsPage()->refresh();
    QVERIFY(refreshed.wait(20000));
    QVERIFY(refreshed.first().at(0).toBool());
    QCOMPARE(m_page->aclsPage()->model()->rowCount(), 0);
}

void TestGuiSecurity::createsScramUsersFromThePage()
{
    ScramUsersPage *page = m_page->usersPage();
    m_page->tabs()->setCurrentWidget(page);
    QAbstractItemModelTester tester(page->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    // A super user: the dialog validates before anything is sent.
    ScramUserDialog *dialog = page->openCreateDialog();
    QVERIFY(!dialog->okButton()->isEnabled());
    QTest::keyClicks(dialog->usernameEdit(), QStringLiteral("admin"));
    QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("short"));
    QVERIFY(dialog->problem().contains(QLatin1String("8 characters")));
    dialog->passwordEdit()->setText(kAdminPassword);
    dialog->confirmEdit()->setText(kAdminPassword + QLatin1Char('x'));
    QVERIFY(dialog->problem().contains(QLatin1String("differ")));
    QVERIFY(!dialog->okButton()->isEnabled());
    dialog->confirmEdit()->setText(kAdminPassword);
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QCOMPARE(dialog->passwordEdit()->echoMode(), QLineEdit::Password);
    dialog->superUserBox()->setChecked(true);
    QSignalSpy changed(page, &ScramUsersPage::userChanged);
    dialog->okButton()->click();
    QVERIFY(changed.wait(60000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(!changed.first().at(2).toString().isEmpty()); // the super-user roll
    QVERIFY(!changed.first().at(1).toString().contains(kAdminPassword));
    QVERIFY(waitActive(180000));

    // A plain user.
    dialog = page->openCreateDialog();
    dialog->usernameEdit()->setText(QStringLiteral("alice"));
    dialog->passwordEdit()->setText(kAlicePassword);
    dialog->confirmEdit()->setText(kAlicePassword);
    changed.clear();
    dialog->okButton()->click();
    QVERIFY(changed.wait(60000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));

    QVERIFY(QTest::qWaitFor(
        [&] {
            page->refresh();
            QTest::qWait(200);
            return page->model()->user(QStringLiteral("alice"))
                   && page->model()->user(QStringLiteral("admin"));
        },
        20000));
    QVERIFY(page->model()->user(QStringLiteral("admin"))->superUser);
    QVERIFY(!page->model()->user(QStringLiteral("alice"))->superUser);
    QCOMPARE(page->model()->user(QStringLiteral("alice"))->mechanisms.size(), 2);
    // The page learns the new super user.
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (m_page->superUsers().contains(QStringLiteral("User:admin")))
                return true;
            QSignalSpy loaded(m_page.get(), &SecurityPage::settingsLoaded);
            m_page->refresh();
            loaded.wait(5000);
            return m_page->superUsers().contains(QStringLiteral("User:admin"));
        },
        30000));
}

void TestGuiSecurity::certificateAuthorityAndClientCertificate()
{
    CertificatesPage *page = m_page->certificatesPage();
    m_page->tabs()->setCurrentWidget(page);
    QSignalSpy loaded(page, &CertificatesPage::caLoaded);
    page->refresh();
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.first().at(0).toBool());
    QVERIFY2(!page->ca().subject.isEmpty(), qPrintable(page->caText()));
    QVERIFY(page->ca().pem.startsWith(QLatin1String("-----BEGIN CERTIFICATE-----")));
    QCOMPARE(page->ca().sha256.size(), 32 * 3 - 1);
    QVERIFY(page->caText().contains(page->ca().sha256));
    QVERIFY(!page->ca().notAfter.isEmpty());

    // Export: the file the real client below trusts.
    m_caPath = m_dir.filePath(QStringLiteral("export/ca.pem"));
    QSignalSpy exported(page, &CertificatesPage::caExported);
    page->exportCaPem(m_caPath);
    QVERIFY(exported.wait(10000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    QFile ca(m_caPath);
    QVERIFY(ca.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromLatin1(ca.readAll()), page->ca().pem);

    // A bad common name is a sentence, nothing is sent.
    QSignalSpy issued(page, &CertificatesPage::certificateIssued);
    page->issueClientCertificate(QStringLiteral("-bad name"), m_dir.filePath(QStringLiteral("c")));
    QCOMPARE(issued.count(), 1);
    QVERIFY(!issued.first().at(0).toBool());
    QVERIFY(issued.first().at(2).toString().contains(QLatin1String("common name")));
    issued.clear();
    const QString folder = m_dir.filePath(QStringLiteral("certs"));
    page->commonNameEdit()->setText(QStringLiteral("billing"));
    page->folderEdit()->setText(folder);
    page->issueClientCertificate(page->commonNameEdit()->text(), page->folderEdit()->text());
    QVERIFY(issued.wait(30000));
    QVERIFY2(issued.first().at(0).toBool(), qPrintable(issued.first().at(2).toString()));
    const QString principal = issued.first().at(1).toString();
    QVERIFY2(principal.contains(QLatin1String("CN=billing")), qPrintable(principal));
    QVERIFY(page->issuedText().contains(principal));
    QVERIFY(QFile::exists(folder + QStringLiteral("/billing.pem")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/ca.pem")));
    QFile key(folder + QStringLiteral("/billing-key.pem"));
    QVERIFY(key.exists());
    QCOMPARE(key.permissions()
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    // The key is not shown on the page.
    QVERIFY(!page->issuedText().contains(QLatin1String("PRIVATE KEY")));
}

void TestGuiSecurity::whatIfAgreesWithARealClient()
{
    QVERIFY2(!m_caPath.isEmpty(), "needs the exported CA");
    AclsPage *page = m_page->aclsPage();
    m_page->tabs()->setCurrentWidget(page);
    QAbstractItemModelTester tester(page->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(page->filterModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The super user makes the topic.
    const QJsonObject made
        = client(QStringLiteral("create-topic"), QStringLiteral("admin"), kAdminPassword);
    QVERIFY2(made.value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(made).toJson()));

    WhatIfQuery q;
    q.principal = QStringLiteral("User:alice");
    q.operation = QStringLiteral("WRITE");
    q.resourceType = QStringLiteral("TOPIC");
    q.resourceName = kTopic;
    q.host = QStringLiteral("*");
    page->setWhatIf(q);
    WhatIfAnswer a = page->check();
    QVERIFY2(!a.allowed, qPrintable(a.explanation));
    QVERIFY(page->whatIfText().startsWith(QLatin1String("DENIED")));
    QJsonObject produced
        = client(QStringLiteral("produce"), QStringLiteral("alice"), kAlicePassword);
    QVERIFY2(!produced.value(QStringLiteral("ok")).toBool(),
             "alice wrote although the what-if check said DENIED");
    QVERIFY2(produced.value(QStringLiteral("error"))
                 .toString()
                 .contains(QLatin1String("TOPIC_AUTHORIZATION_FAILED")),
             qPrintable(QJsonDocument(produced).toJson()));

    // The super user is allowed, as the broker agrees.
    WhatIfQuery admin = q;
    admin.principal = QStringLiteral("User:admin");
    page->setWhatIf(admin);
    a = page->check();
    QVERIFY2(a.allowed && a.reason == WhatIfAnswer::Reason::SuperUser, qPrintable(a.explanation));
    produced = client(QStringLiteral("produce"), QStringLiteral("admin"), kAdminPassword);
    QVERIFY2(produced.value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(produced).toJson()));

    // A PREFIXED ACL from the dialog; an invalid one is refused before sending.
    page->openCreateDialog();
    AclDialog *dialog = page->findChild<AclDialog *>();
    QVERIFY(dialog);
    AclEntry entry{QStringLiteral("TOPIC"),
                   QStringLiteral("orders-"),
                   QStringLiteral("PREFIXED"),
                   QStringLiteral("alice"),
                   QStringLiteral("*"),
                   QStringLiteral("WRITE"),
                   QStringLiteral("ALLOW")};
    dialog->setEntry(entry);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(dialog->problem().contains(QLatin1String("User:alice")));
    entry.principal = QStringLiteral("User:alice");
    dialog->setEntry(entry);
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy changed(page, &AclsPage::aclChanged);
    QSignalSpy refreshed(page, &AclsPage::refreshed);
    dialog->okButton()->click();
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(20000));
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->rowOf(entry), 0);

    page->setWhatIf(q);
    a = page->check();
    QVERIFY2(a.allowed && a.reason == WhatIfAnswer::Reason::AllowedByAcl,
             qPrintable(a.explanation));
    QCOMPARE(a.decidingRows, QList<int>{0});
    QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 1);
    produced = client(QStringLiteral("produce"), QStringLiteral("alice"), kAlicePassword);
    QVERIFY2(produced.value(QStringLiteral("ok")).toBool(),
             qPrintable(QStringLiteral("the what-if check said ALLOWED but: ")
                        + QString::fromUtf8(QJsonDocument(produced).toJson())));

    // DENY beats ALLOW, for the what-if check and for the broker.
    AclEntry deny = entry;
    deny.patternType = QStringLiteral("LITERAL");
    deny.resourceName = kTopic;
    deny.permission = QStringLiteral("DENY");
    changed.clear();
    refreshed.clear();
    page->createAcl(deny);
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(20000));
    QCOMPARE(page->model()->rowCount(), 2);
    a = page->check();
    QVERIFY2(!a.allowed && a.reason == WhatIfAnswer::Reason::DeniedByAcl,
             qPrintable(a.explanation));
    QCOMPARE(a.decidingRows, QList<int>{page->model()->rowOf(deny)});
    produced = client(QStringLiteral("produce"), QStringLiteral("alice"), kAlicePassword);
    QVERIFY2(!produced.value(QStringLiteral("ok")).toBool(),
             "alice wrote although a DENY ACL matches");
    // RUNNEL_SCREENSHOT_DIR: pictures of the tab for a person to look at.
    if (const QString dir = qEnvironmentVariable("RUNNEL_SCREENSHOT_DIR"); !dir.isEmpty()) {
        m_stalls.pause();
        QVERIFY(m_page->grab().save(dir + QStringLiteral("/security-acls.png")));
        m_page->tabs()->setCurrentWidget(m_page->usersPage());
        QVERIFY(m_page->grab().save(dir + QStringLiteral("/security-users.png")));
        m_page->tabs()->setCurrentWidget(m_page->certificatesPage());
        QVERIFY(m_page->grab().save(dir + QStringLiteral("/security-certificates.png")));
        m_page->tabs()->setCurrentWidget(page);
        m_stalls.resume();
    }

    // The filter, then delete the DENY through the table and the confirmation.
    page->filterEdit()->setText(QStringLiteral("deny"));
    QCOMPARE(page->filterModel()->rowCount(), 1);
    page->table()->selectRow(0);
    changed.clear();
    refreshed.clear();
    page->confirmDeleteSelected();
    QVERIFY(confirm(page));
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(20000));
    page->filterEdit()->clear();
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->rowOf(deny), -1);
    a = page->check();
    QVERIFY2(a.allowed, qPrintable(a.explanation));
    produced = client(QStringLiteral("produce"), QStringLiteral("alice"), kAlicePassword);
    QVERIFY2(produced.value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(produced).toJson()));
}

void TestGuiSecurity::externalClusterAclsOverKafka()
{
    // The same cluster seen as an external one: ACLs over the Kafka protocol as the SCRAM
    // super user, through librdkafka's admin ACL calls.
    ConnectionSettings settings;
    settings.name = QStringLiteral("external");
    settings.bootstrapServers = m_scramBootstrap;
    settings.security = ConnectionSettings::Security::SaslSsl;
    settings.mechanism = ConnectionSettings::Mechanism::ScramSha512;
    settings.username = QStringLiteral("admin");
    settings.password = kAdminPassword;
    settings.caFile = m_caPath;
    KafkaService kafka(settings);
    AclsPage page(&kafka);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(&page, &AclsPage::refreshed);
    page.show(); // the first show lists them
    QVERIFY(refreshed.wait(60000));
    QVERIFY(refreshed.first().at(0).toBool());
    // The PREFIXED ACL the agent's page made is there.
    const AclEntry prefixed{QStringLiteral("TOPIC"),
                            QStringLiteral("orders-"),
                            QStringLiteral("PREFIXED"),
                            QStringLiteral("User:alice"),
                            QStringLiteral("*"),
                            QStringLiteral("WRITE"),
                            QStringLiteral("ALLOW")};
    QVERIFY(page.model()->rowOf(prefixed) >= 0);
    const AclEntry group{QStringLiteral("GROUP"),
                         QStringLiteral("billing-"),
                         QStringLiteral("PREFIXED"),
                         QStringLiteral("User:alice"),
                         QStringLiteral("*"),
                         QStringLiteral("READ"),
                         QStringLiteral("ALLOW")};
    QSignalSpy changed(&page, &AclsPage::aclChanged);
    refreshed.clear();
    page.createAcl(group);
    QVERIFY(changed.wait(60000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(60000));
    QVERIFY(page.model()->rowOf(group) >= 0);
    // The agent's page sees it too: one set of ACLs.
    AclsPage *local = m_page->aclsPage();
    QSignalSpy localRefreshed(local, &AclsPage::refreshed);
    local->refresh();
    QVERIFY(localRefreshed.wait(30000));
    QVERIFY(local->model()->rowOf(group) >= 0);
    // Delete it again over Kafka.
    changed.clear();
    refreshed.clear();
    page.deleteAcl(group);
    QVERIFY(changed.wait(60000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(60000));
    QCOMPARE(page.model()->rowOf(group), -1);
    QVERIFY(page.model()->rowOf(prefixed) >= 0);
    // Deleting what is not there is a sentence, not silence.
    changed.clear();
    page.deleteAcl(group);
    QVERIFY(changed.wait(60000));
    QVERIFY(!changed.first().at(0).toBool());
    QVERIFY2(changed.first().at(1).toString().contains(QLatin1String("no such ACL")),
             qPrintable(changed.first().at(1).toString()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(60000));
}

void TestGuiSecurity::rotatesAndDeletesUsers()
{
    ScramUsersPage *page = m_page->usersPage();
    m_page->tabs()->setCurrentWidget(page);
    ScramUserDialog *dialog = page->openRotateDialog(QStringLiteral("alice"));
    QVERIFY(dialog->usernameEdit()->isReadOnly());
    dialog->passwordEdit()->setText(kAliceRotated);
    dialog->confirmEdit()->setText(kAliceRotated);
    QSignalSpy changed(page, &ScramUsersPage::userChanged);
    dialog->okButton()->click();
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(changed.first().at(2).toString().isEmpty()); // no roll for a rotation
    // The old password no longer works, the new one does.
    QJsonObject produced
        = client(QStringLiteral("produce"), QStringLiteral("alice"), kAlicePassword);
    QVERIFY(!produced.value(QStringLiteral("ok")).toBool());
    produced = client(QStringLiteral("produce"), QStringLiteral("alice"), kAliceRotated);
    QVERIFY2(produced.value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(produced).toJson()));

    // Delete through the table's selection and the confirmation.
    QSignalSpy refreshed(page, &ScramUsersPage::refreshed);
    page->refresh();
    QVERIFY(refreshed.wait(20000));
    int row = -1;
    for (int r = 0; r < page->model()->rowCount(); ++r)
        if (page->model()->index(r, 0).data().toString() == QLatin1String("alice"))
            row = r;
    QVERIFY(row >= 0);
    page->table()->selectRow(row);
    changed.clear();
    page->confirmDelete(QStringLiteral("alice"));
    QVERIFY(confirm(page));
    QVERIFY(changed.wait(30000));
    QVERIFY2(changed.first().at(0).toBool(), qPrintable(changed.first().at(1).toString()));
    QVERIFY(QTest::qWaitFor([&] { return !page->model()->user(QStringLiteral("alice")); }, 20000));
    produced = client(QStringLiteral("produce"), QStringLiteral("alice"), kAliceRotated);
    QVERIFY(!produced.value(QStringLiteral("ok")).toBool());

    // No password is left anywhere on the page once its dialogs are closed.
    QTest::qWait(50); // deleteLater of the closed dialogs
    for (const QString &secret : {kAdminPassword, kAlicePassword, kAliceRotated}) {
        for (const QLabel *label : m_page->findChildren<QLabel *>())
            QVERIFY2(!label->text().contains(secret), qPrintable(label->text()));
        for (const QLineEdit *edit : m_page->findChildren<QLineEdit *>())
            QVERIFY(!edit->text().contains(secret));
    }
}

void TestGuiSecurity::rotatesBrokerCertificatesWithProgress()
{
    CertificatesPage *page = m_page->certificatesPage();
    m_page->tabs()->setCurrentWidget(page);
    const QString caBefore = page->ca().sha256;
    QSignalSpy finished(page, &CertificatesPage::rotationFinished);
    page->rotateBrokerCertificates();
    QVERIFY(finished.wait(180000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(page->rotationProgress(), 100);
    QVERIFY(waitActive(60000));
    // Same CA, so the client that trusts it keeps working.
    QSignalSpy loaded(page, &CertificatesPage::caLoaded);
    page->refresh();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(page->ca().sha256, caBefore);
    const QJsonObject produced
        = client(QStringLiteral("produce"), QStringLiteral("admin"), kAdminPassword);
    QVERIFY2(produced.value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(produced).toJson()));
}

void TestGuiSecurity::clusterPagesCarryTheTabs()
{
    const auto labels = [](const ClusterPage &page) {
        QStringList out;
        for (int i = 0; i < page.tabs()->count(); ++i)
            out << page.tabs()->tabText(i);
        return out;
    };
    ClusterPage local(m_agent.get(), m_arn, QStringLiteral("secgui"));
    QVERIFY2(labels(local).contains(QStringLiteral("Security")),
             qPrintable(labels(local).join(',')));
    QVERIFY(local.findChild<SecurityPage *>());
    ConnectionStore store;
    ConnectionSettings settings;
    settings.name = QStringLiteral("elsewhere");
    settings.bootstrapServers = m_scramBootstrap;
    ClusterPage external(&store, settings);
    QVERIFY2(labels(external).contains(QStringLiteral("ACLs")),
             qPrintable(labels(external).join(',')));
    QVERIFY(external.findChild<AclsPage *>());
}

QTEST_MAIN(TestGuiSecurity)
#include "tst_gui_security.moc"
