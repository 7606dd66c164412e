// The agent's keys for encryption at rest (engine/control/atrestkeys.h): the master key
// is made private on first use, a cluster's wrapped data key unwraps into a 0600 file in
// the runtime dir that runneld's own loader accepts, the wrapping is bound to the cluster,
// and a replaced or exposed master key is refused with a sentence.

#include "engine/control/atrestkeys.h"
#include "engine/storage/at_rest_cipher.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace runnel::control;

namespace {

int modeOf(const QString &path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAtRestKeys : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        qputenv("RUNNEL_AGENT_SOCKET",
                (m_tmp->path() + QStringLiteral("/run/agent.sock")).toUtf8());
        m_root = m_tmp->path() + QStringLiteral("/data");
    }

    void wrapAndUnwrap()
    {
        const QString arn = QStringLiteral("arn:runnel:kafka:local:cluster/a/1");
        auto wrapped = atrestkeys::newWrappedDataKey(m_root, arn);
        QVERIFY2(wrapped.ok(), qPrintable(wrapped.ok() ? QString() : wrapped.error().message));
        const QString master = m_root + QStringLiteral("/keys/master.key");
        QCOMPARE(modeOf(master), 0600);
        QCOMPARE(modeOf(m_root + QStringLiteral("/keys")), 0700);
        QCOMPARE(readAll(master).size(), 32);

        auto path = atrestkeys::writeDataKeyFile(m_root, arn, wrapped.value());
        QVERIFY2(path.ok(), qPrintable(path.ok() ? QString() : path.error().message));
        QVERIFY(path->startsWith(m_tmp->path() + QStringLiteral("/run/keys/")));
        QCOMPARE(path.value(), atrestkeys::dataKeyFilePath(arn));
        QCOMPARE(modeOf(path.value()), 0600);
        const QByteArray hex = readAll(path.value()).trimmed();
        QCOMPARE(hex.size(), 64);
        QVERIFY(!wrapped->contains(QString::fromLatin1(hex)));
        // runneld's loader takes the file as written.
        auto key = runnel::storage::AtRestKey::fromFile(path->toStdString());
        QVERIFY2(key.ok(), key.ok() ? "" : key.error().message.c_str());
        // Unwrapping again gives the same key; another cluster's key differs.
        QVERIFY(atrestkeys::writeDataKeyFile(m_root, arn, wrapped.value()).ok());
        QCOMPARE(readAll(path.value()).trimmed(), hex);
        auto other = atrestkeys::newWrappedDataKey(m_root, QStringLiteral("arn:b"));
        QVERIFY(other.ok());
        auto otherPath
            = atrestkeys::writeDataKeyFile(m_root, QStringLiteral("arn:b"), other.value());
        QVERIFY(otherPath.ok());
        QVERIFY(readAll(otherPath.value()).trimmed() != hex);
    }

    void refusals()
    {
        const QString arn = QStringLiteral("arn:runnel:kafka:local:cluster/a/1");
        auto wrapped = atrestkeys::newWrappedDataKey(m_root, arn);
        QVERIFY(wrapped.ok());
        // The wrapping names the cluster: another ARN cannot unwrap it.
        auto swapped
            = atrestkeys::writeDataKeyFile(m_root, QStringLiteral("arn:other"), wrapped.value());
        QVERIFY(!swapped.ok());
        QVERIFY(swapped.error().message.contains(QStringLiteral("does not unwrap")));

        const QString master = m_root + QStringLiteral("/keys/master.key");
        QVERIFY(::chmod(QFile::encodeName(master).constData(), 0644) == 0);
        auto exposed = atrestkeys::writeDataKeyFile(m_root, arn, wrapped.value());
        QVERIFY(!exposed.ok());
        QVERIFY2(exposed.error().message.contains(QStringLiteral("chmod 600")),
                 qPrintable(exposed.error().message));

        QVERIFY(QFile::remove(master));
        auto missing = atrestkeys::writeDataKeyFile(m_root, arn, wrapped.value());
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("is missing")));

        // A new master key (made by the next cluster) does not unwrap the old data key.
        QVERIFY(atrestkeys::newWrappedDataKey(m_root, QStringLiteral("arn:c")).ok());
        auto replaced = atrestkeys::writeDataKeyFile(m_root, arn, wrapped.value());
        QVERIFY(!replaced.ok());
        QVERIFY(
            replaced.error().message.contains(QStringLiteral("Restore the original master key")));
        QVERIFY(!atrestkeys::writeDataKeyFile(m_root, arn, QStringLiteral("not-base64!")).ok());
    }

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
};

QTEST_GUILESS_MAIN(TestAtRestKeys)
#include "test_atrestkeys.moc"
