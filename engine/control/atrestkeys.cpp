#include "engine/control/atrestkeys.h"

#include "engine/control/paths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace runnel::control::atrestkeys {

namespace {

constexpr int kKeySize = 32;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

QString masterKeyPath(const QString &dataRoot)
{
    return dataRoot + QStringLiteral("/keys/master.key");
}

QString runtimeKeysDir()
{
    return QFileInfo(agentSocketPath()).absolutePath() + QStringLiteral("/keys");
}

QByteArray aadFor(const QString &clusterArn)
{
    return QByteArrayLiteral("runnel data key v1|") + clusterArn.toUtf8();
}

// Writes bytes to path with mode 0600, atomically (temporary file, fsync, rename).
ControlStatus writePrivateFile(const QString &path, const QByteArray &bytes)
{
    const QByteArray tmp = QFile::encodeName(path + QStringLiteral(".tmp"));
    ::unlink(tmp.constData());
    int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return ControlError::internal(QStringLiteral("Could not create %1.").arg(path));
    bool ok
        = ::write(fd, bytes.constData(), size_t(bytes.size())) == bytes.size() && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(tmp.constData());
        return ControlError::internal(QStringLiteral("Could not write %1.").arg(path));
    }
    return Done{};
}

ControlResult<QByteArray> masterKey(const QString &dataRoot, bool create)
{
    const QString path = masterKeyPath(dataRoot);
    QFile f(path);
    if (f.exists()) {
        struct stat st
        {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0
            || (st.st_mode & (S_IRWXG | S_IRWXO)))
            return ControlError::internal(
                QStringLiteral("The master key %1 is readable by other users; make it private "
                               "(chmod 600) before the agent uses it.")
                    .arg(path));
        if (!f.open(QIODevice::ReadOnly))
            return ControlError::internal(QStringLiteral("Could not read %1.").arg(path));
        QByteArray key = f.readAll();
        if (key.size() != kKeySize)
            return ControlError::internal(
                QStringLiteral("The master key %1 is damaged (not 32 bytes).").arg(path));
        return key;
    }
    if (!create)
        return ControlError::internal(
            QStringLiteral("The master key %1 is missing: the data keys of clusters encrypted "
                           "at rest cannot be unwrapped without it.")
                .arg(path));
    if (auto s = ensurePrivateDir(QFileInfo(path).absolutePath()); !s)
        return s.error();
    QByteArray key(kKeySize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), kKeySize) != 1)
        return ControlError::internal(QStringLiteral("No random bytes for the master key."));
    if (auto s = writePrivateFile(path, key); !s)
        return s.error();
    return key;
}

struct CtxDeleter
{
    void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); }
};

} // namespace

QString dataKeyFilePath(const QString &clusterArn)
{
    // The ARN holds ':' and '/'; a hash names the file without either.
    const QByteArray id = QCryptographicHash::hash(clusterArn.toUtf8(), QCryptographicHash::Sha256)
                              .toHex()
                              .left(24);
    return runtimeKeysDir() + QLatin1Char('/') + QString::fromLatin1(id) + QStringLiteral(".key");
}

ControlResult<QString> newWrappedDataKey(const QString &dataRoot, const QString &clusterArn)
{
    auto master = masterKey(dataRoot, true);
    if (!master)
        return master.error();
    unsigned char dataKey[kKeySize];
    QByteArray out(kNonceSize + kKeySize + kTagSize, '\0');
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    const QByteArray aad = aadFor(clusterArn);
    std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter> ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = RAND_bytes(dataKey, kKeySize) == 1 && RAND_bytes(o, kNonceSize) == 1 && ctx
              && EVP_EncryptInit_ex(ctx.get(),
                                    EVP_aes_256_gcm(),
                                    nullptr,
                                    reinterpret_cast<const unsigned char *>(master->constData()),
                                    o)
                     == 1
              && EVP_EncryptUpdate(ctx.get(),
                                   nullptr,
                                   &len,
                                   reinterpret_cast<const unsigned char *>(aad.constData()),
                                   int(aad.size()))
                     == 1
              && EVP_EncryptUpdate(ctx.get(), o + kNonceSize, &len, dataKey, kKeySize) == 1
              && EVP_EncryptFinal_ex(ctx.get(), o + kNonceSize + kKeySize, &len) == 1
              && EVP_CIPHER_CTX_ctrl(
                     ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, o + kNonceSize + kKeySize)
                     == 1;
    OPENSSL_cleanse(dataKey, sizeof dataKey);
    OPENSSL_cleanse(const_cast<char *>(master->constData()), size_t(master->size()));
    if (!ok)
        return ControlError::internal(QStringLiteral("Could not make the cluster's data key."));
    return QString::fromLatin1(out.toBase64());
}

ControlResult<QString>
writeDataKeyFile(const QString &dataRoot, const QString &clusterArn, const QString &wrapped)
{
    const QByteArray in = QByteArray::fromBase64(wrapped.toLatin1());
    if (in.size() != kNonceSize + kKeySize + kTagSize)
        return ControlError::internal(
            QStringLiteral("The stored data key of this cluster is damaged."));
    auto master = masterKey(dataRoot, false);
    if (!master)
        return master.error();
    const auto *i = reinterpret_cast<const unsigned char *>(in.constData());
    unsigned char dataKey[kKeySize];
    unsigned char tag[kTagSize];
    std::memcpy(tag, i + kNonceSize + kKeySize, kTagSize);
    const QByteArray aad = aadFor(clusterArn);
    std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter> ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx
              && EVP_DecryptInit_ex(ctx.get(),
                                    EVP_aes_256_gcm(),
                                    nullptr,
                                    reinterpret_cast<const unsigned char *>(master->constData()),
                                    i)
                     == 1
              && EVP_DecryptUpdate(ctx.get(),
                                   nullptr,
                                   &len,
                                   reinterpret_cast<const unsigned char *>(aad.constData()),
                                   int(aad.size()))
                     == 1
              && EVP_DecryptUpdate(ctx.get(), dataKey, &len, i + kNonceSize, kKeySize) == 1
              && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) == 1
              && EVP_DecryptFinal_ex(ctx.get(), dataKey + len, &len) == 1;
    OPENSSL_cleanse(const_cast<char *>(master->constData()), size_t(master->size()));
    if (!ok) {
        OPENSSL_cleanse(dataKey, sizeof dataKey);
        return ControlError::internal(
            QStringLiteral("The master key %1 does not unwrap this cluster's data key: it was "
                           "replaced or the stored key was changed. Restore the original "
                           "master key to read the cluster's data.")
                .arg(masterKeyPath(dataRoot)));
    }
    QByteArray hex = QByteArray(reinterpret_cast<const char *>(dataKey), kKeySize).toHex() + '\n';
    OPENSSL_cleanse(dataKey, sizeof dataKey);
    const QString path = dataKeyFilePath(clusterArn);
    ControlStatus s = ensurePrivateDir(runtimeKeysDir());
    if (s)
        s = writePrivateFile(path, hex);
    OPENSSL_cleanse(hex.data(), size_t(hex.size()));
    if (!s)
        return s.error();
    return path;
}

} // namespace runnel::control::atrestkeys
