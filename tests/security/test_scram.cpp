#include "engine/security/credential_store.h"
#include "engine/security/plain.h"
#include "engine/security/sasl_server.h"
#include "engine/security/scram.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::security;

namespace {

// RFC 7677 §3: user "user", password "pencil".
constexpr const char *kSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr const char *kClientNonce = "rOprNGfwEbeRWgbNEkqO";
constexpr const char *kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char *kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char *kServerFirst
    = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char *kClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                     "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char *kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramCredential rfcCredential(const std::string &password = "pencil")
{
    return scramCredentialFromPassword(
        ScramMechanism::Sha256, password, *base64Decode(kSalt), 4096);
}

ScramServer rfcServer(ScramCredential credential)
{
    return ScramServer(
        ScramMechanism::Sha256,
        [credential](const std::string &user) -> std::optional<ScramCredential> {
            if (user == "user")
                return credential;
            return std::nullopt;
        },
        kServerNonce);
}

using State = ScramServer::Step::State;

} // namespace

class TestScram : public QObject
{
    Q_OBJECT
private slots:
    void base64RoundTrip_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one") << QByteArray("a");
        QTest::newRow("two") << QByteArray("ab");
        QTest::newRow("three") << QByteArray("abc");
        QTest::newRow("binary") << QByteArray("\x00\xff\x10\x80", 4);
    }
    void base64RoundTrip()
    {
        QFETCH(QByteArray, data);
        Bytes bytes(data.begin(), data.end());
        const std::string text = base64Encode(bytes);
        QCOMPARE(QByteArray::fromStdString(text), data.toBase64());
        QCOMPARE(*base64Decode(text), bytes);
    }

    void base64RejectsGarbage()
    {
        QVERIFY(!base64Decode("abc"));
        QVERIFY(!base64Decode("ab=c"));
        QVERIFY(!base64Decode("a,bc"));
    }

    void serverFollowsRfc7677Vector()
    {
        ScramServer server = rfcServer(rfcCredential());
        auto first = server.step(kClientFirst);
        QCOMPARE(first.state, State::Continue);
        QCOMPARE(QString::fromStdString(first.response), QString(kServerFirst));
        auto final = server.step(kClientFinal);
        QCOMPARE(final.state, State::Done);
        QCOMPARE(QString::fromStdString(final.response), QString(kServerFinal));
        QCOMPARE(QString::fromStdString(server.user()), QString("user"));
    }

    void clientFollowsRfc7677Vector()
    {
        ScramClient client(ScramMechanism::Sha256, "user", "pencil", kClientNonce);
        QCOMPARE(QString::fromStdString(client.clientFirst()), QString(kClientFirst));
        auto final = client.clientFinal(kServerFirst);
        QVERIFY(final.ok());
        QCOMPARE(QString::fromStdString(*final), QString(kClientFinal));
        QVERIFY(client.verifyServerFinal(kServerFinal).ok());
        QVERIFY(!client.verifyServerFinal("v=AAAA").ok());
    }

    void wrongPasswordIsRejected()
    {
        ScramServer server = rfcServer(rfcCredential("not-pencil"));
        QCOMPARE(server.step(kClientFirst).state, State::Continue);
        auto final = server.step(kClientFinal);
        QCOMPARE(final.state, State::Failed);
        QVERIFY(final.response.empty());
        QVERIFY(final.error.find("pencil") == std::string::npos);
        // Nothing more is accepted after a failure.
        QCOMPARE(server.step(kClientFinal).state, State::Failed);
    }

    void nonceMismatchIsRejected()
    {
        ScramServer server = rfcServer(rfcCredential());
        QCOMPARE(server.step(kClientFirst).state, State::Continue);
        std::string tampered = kClientFinal;
        tampered.replace(tampered.find("k0,p="), 2, "k1");
        auto final = server.step(tampered);
        QCOMPARE(final.state, State::Failed);
        QVERIFY(final.error.find("nonce") != std::string::npos);
    }

    void unknownUserIsRejected()
    {
        ScramServer server = rfcServer(rfcCredential());
        auto first = server.step("n,,n=mallory,r=abc");
        QCOMPARE(first.state, State::Failed);
    }

    void malformedMessagesAreRejected_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "";
        QTest::newRow("channel binding") << "p=tls-unique,,n=user,r=abc";
        QTest::newRow("no nonce") << "n,,n=user";
        QTest::newRow("bad escape") << "n,,n=us=xxer,r=abc";
        QTest::newRow("other authzid") << "n,a=admin,n=user,r=abc";
    }
    void malformedMessagesAreRejected()
    {
        QFETCH(QString, message);
        ScramServer server = rfcServer(rfcCredential());
        QCOMPARE(server.step(message.toStdString()).state, State::Failed);
    }

    void sha512RoundTripWithStoredCredential()
    {
        const Bytes salt = randomBytes(16);
        CredentialStore store;
        store.upsert("alice",
                     ScramMechanism::Sha512,
                     scramCredentialFromPassword(ScramMechanism::Sha512, "s3cret", salt, 8192));
        // Persisted form round-trips and holds no password.
        const std::string text = store.toText();
        QVERIFY(text.find("s3cret") == std::string::npos);
        auto reloaded = CredentialStore::fromText(text);
        QVERIFY(reloaded.ok());
        QCOMPARE(reloaded->toText(), text);

        std::map<std::string, std::string> noPlainUsers;
        for (const char *password : {"s3cret", "wrong"}) {
            auto server = SaslServer::create("SCRAM-SHA-512", *reloaded, noPlainUsers);
            QVERIFY(server);
            ScramClient client(ScramMechanism::Sha512, "alice", password);
            auto first = server->step(client.clientFirst());
            QCOMPARE(first.state, State::Continue);
            auto final = client.clientFinal(first.response);
            QVERIFY(final.ok());
            auto last = server->step(*final);
            if (std::string(password) == "s3cret") {
                QCOMPARE(last.state, State::Done);
                QVERIFY(client.verifyServerFinal(last.response).ok());
            } else {
                QCOMPARE(last.state, State::Failed);
            }
        }
        // A SHA-256 exchange finds no SHA-256 credential for alice.
        auto server = SaslServer::create("SCRAM-SHA-256", *reloaded, noPlainUsers);
        ScramClient client(ScramMechanism::Sha256, "alice", "s3cret");
        QCOMPARE(server->step(client.clientFirst()).state, State::Failed);
    }

    void plainChecksJaasUsers()
    {
        auto users = parsePlainJaasUsers(
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username=\"admin\" password=\"admin-secret\" user_alice=\"secret\" "
            "user_bob=\"p w;d\";");
        QCOMPARE(users.size(), size_t(2));
        QCOMPARE(QString::fromStdString(users["bob"]), QString("p w;d"));
        CredentialStore none;
        auto ok = SaslServer::create("PLAIN", none, users);
        QCOMPARE(ok->step(std::string("\0alice\0secret", 13)).state, State::Done);
        QCOMPARE(QString::fromStdString(ok->user()), QString("alice"));
        auto bad = SaslServer::create("PLAIN", none, users);
        QCOMPARE(bad->step(std::string("\0alice\0secreT", 13)).state, State::Failed);
        auto unknown = SaslServer::create("PLAIN", none, users);
        QCOMPARE(unknown->step(std::string("\0admin\0admin-secret", 19)).state, State::Failed);
        QVERIFY(!SaslServer::create("GSSAPI", none, users));
    }
};

QTEST_APPLESS_MAIN(TestScram)
#include "test_scram.moc"
