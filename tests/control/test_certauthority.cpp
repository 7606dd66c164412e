// The cluster CA as a unit: files and their modes, certificate fields and SANs, the
// verification chain (and that a foreign CA's certificate fails it), reopening an
// existing CA, and the mTLS principal spelled as runneld and Kafka spell it.

#include "engine/control/certauthority.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace runnel::control;

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private:
    static int modeOf(const QString &path)
    {
        struct stat st
        {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        return static_cast<int>(st.st_mode & 0777);
    }

private slots:
    void createsCaFilesWithPrivateKeyMode()
    {
        QTemporaryDir dir;
        auto ca = CertificateAuthority::open(dir.path() + QStringLiteral("/ca"),
                                             QStringLiteral("orders"));
        QVERIFY2(ca.ok(), qPrintable(ca.ok() ? QString() : ca.error().message));
        QCOMPARE(modeOf(dir.path() + QStringLiteral("/ca/ca-key.pem")), 0600);
        QCOMPARE(modeOf(dir.path() + QStringLiteral("/ca/ca.pem")), 0644);
        auto fields = CertificateAuthority::inspect(ca->certificatePem());
        QVERIFY(fields.has_value());
        QVERIFY(fields->isCa);
        QCOMPARE(fields->subject, QStringLiteral("CN=Runnel cluster CA orders,O=Runnel"));
        QCOMPARE(fields->issuer, fields->subject);
        QVERIFY(ca->verify(ca->certificatePem()));
    }

    void reopensTheSameCa()
    {
        QTemporaryDir dir;
        QByteArray first;
        {
            auto ca = CertificateAuthority::open(dir.path(), QStringLiteral("a"));
            QVERIFY(ca.ok());
            first = ca->certificatePem();
        }
        auto again = CertificateAuthority::open(dir.path(), QStringLiteral("a"));
        QVERIFY(again.ok());
        QCOMPARE(again->certificatePem(), first);
        // A certificate issued by the reopened CA verifies against the first one's PEM.
        auto leaf = again->issueClient(QStringLiteral("alice"));
        QVERIFY(leaf.ok());
        QVERIFY(again->verify(leaf->certificatePem));
    }

    void refusesHalfACa()
    {
        QTemporaryDir dir;
        QVERIFY(CertificateAuthority::open(dir.path(), QStringLiteral("a")).ok());
        QVERIFY(QFile::remove(dir.path() + QStringLiteral("/ca-key.pem")));
        auto ca = CertificateAuthority::open(dir.path(), QStringLiteral("a"));
        QVERIFY(!ca.ok());
        QVERIFY2(ca.error().message.contains(QStringLiteral("incomplete")),
                 qPrintable(ca.error().message));
    }

    void brokerCertificateHasSansAndServerAuth()
    {
        QTemporaryDir dir;
        auto ca = CertificateAuthority::open(dir.path(), QStringLiteral("orders"));
        QVERIFY(ca.ok());
        auto broker = ca->issueServer(QStringLiteral("broker-1.orders"),
                                      {QStringLiteral("localhost")},
                                      {QStringLiteral("127.0.0.1"), QStringLiteral("10.1.2.3")});
        QVERIFY2(broker.ok(), qPrintable(broker.ok() ? QString() : broker.error().message));
        auto fields = CertificateAuthority::inspect(broker->certificatePem);
        QVERIFY(fields.has_value());
        QCOMPARE(fields->subject, QStringLiteral("CN=broker-1.orders,O=Runnel"));
        QCOMPARE(fields->issuer, QStringLiteral("CN=Runnel cluster CA orders,O=Runnel"));
        QCOMPARE(fields->dnsNames, QStringList{QStringLiteral("localhost")});
        QCOMPARE(fields->ipAddresses,
                 (QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("10.1.2.3")}));
        QVERIFY(!fields->isCa);
        QVERIFY(fields->serverAuth);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(fields->notBefore <= now);
        QVERIFY(fields->notAfter > now.addDays(CertificateAuthority::kCertificateValidityDays - 2));
        QString why;
        QVERIFY2(ca->verify(broker->certificatePem, &why), qPrintable(why));
    }

    void clientCertificateAndPrincipal()
    {
        QTemporaryDir dir;
        auto ca = CertificateAuthority::open(dir.path(), QStringLiteral("orders"));
        QVERIFY(ca.ok());
        auto client = ca->issueClient(QStringLiteral("alice"));
        QVERIFY(client.ok());
        auto fields = CertificateAuthority::inspect(client->certificatePem);
        QVERIFY(fields.has_value());
        QVERIFY(fields->clientAuth);
        QVERIFY(!fields->serverAuth);
        QVERIFY(fields->dnsNames.isEmpty());
        QCOMPARE(CertificateAuthority::principalOf(client.value()),
                 QStringLiteral("User:CN=alice,O=Runnel"));
        // Two certificates never share a serial.
        auto other = ca->issueClient(QStringLiteral("alice"));
        QVERIFY(other.ok());
        QVERIFY(CertificateAuthority::inspect(other->certificatePem)->serialHex
                != fields->serialHex);
        QVERIFY(ca->issueClient(QString()).error().code == QStringLiteral("BadRequestException"));
    }

    void foreignCertificateFailsVerification()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        auto caA = CertificateAuthority::open(a.path(), QStringLiteral("a"));
        auto caB = CertificateAuthority::open(b.path(), QStringLiteral("b"));
        QVERIFY(caA.ok() && caB.ok());
        auto leaf = caB->issueClient(QStringLiteral("mallory"));
        QVERIFY(leaf.ok());
        QString why;
        QVERIFY(!caA->verify(leaf->certificatePem, &why));
        QVERIFY2(why.contains(QStringLiteral("issuer")), qPrintable(why));
        QVERIFY(!caA->verify(QByteArrayLiteral("not pem")));
    }

    void keystoreHoldsKeyChainAndIsPrivate()
    {
        QTemporaryDir dir;
        auto ca = CertificateAuthority::open(dir.path(), QStringLiteral("orders"));
        QVERIFY(ca.ok());
        auto broker = ca->issueServer(QStringLiteral("b"), {QStringLiteral("localhost")}, {});
        QVERIFY(broker.ok());
        const QString path = dir.path() + QStringLiteral("/broker.pem");
        QVERIFY(ca->writeKeystore(path, broker.value()).ok());
        QCOMPARE(modeOf(path), 0600);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(text.count("BEGIN PRIVATE KEY"), 1);
        QCOMPARE(text.count("BEGIN CERTIFICATE"), 2);
        QVERIFY(text.indexOf(broker->certificatePem) < text.indexOf(ca->certificatePem()));
    }
};

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "test_certauthority.moc"
