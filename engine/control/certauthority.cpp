#include "engine/control/certauthority.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

namespace runnel::control {

namespace {

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
struct StoreFree
{
    void operator()(X509_STORE *s) const { X509_STORE_free(s); }
};
struct StoreCtxFree
{
    void operator()(X509_STORE_CTX *s) const { X509_STORE_CTX_free(s); }
};
struct ExtFree
{
    void operator()(X509_EXTENSION *e) const { X509_EXTENSION_free(e); }
};
struct NamesFree
{
    void operator()(GENERAL_NAMES *n) const { GENERAL_NAMES_free(n); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

QString opensslError(const QString &what)
{
    QString detail;
    while (const unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!detail.isEmpty())
            detail += QStringLiteral("; ");
        detail += QString::fromLatin1(buf);
    }
    return detail.isEmpty() ? what : what + QStringLiteral(" (") + detail + QLatin1Char(')');
}

ControlError fail(const QString &what)
{
    return ControlError::internal(opensslError(what));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

QString nameToString(const X509_NAME *name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
        return {};
    return QString::fromUtf8(bioBytes(bio.get()));
}

QByteArray certificateToPem(X509 *cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return {};
    return bioBytes(bio.get());
}

QByteArray keyToPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio
        || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioBytes(bio.get());
}

X509Ptr certificateFromPem(const QByteArray &pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    if (!bio)
        return nullptr;
    return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr keyFromPem(const QByteArray &pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    if (!bio)
        return nullptr;
    return KeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr newKey()
{
    return KeyPtr(EVP_EC_gen("P-256"));
}

// A random positive 127-bit serial, as RFC 5280 asks (unique, at most 20 octets).
bool setRandomSerial(X509 *cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    bytes[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
    if (!bn)
        return false;
    const bool ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
    BN_free(bn);
    return ok;
}

bool addName(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name,
                                      field,
                                      MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      static_cast<int>(utf8.size()),
                                      -1,
                                      0)
           == 1;
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtFree> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

QDateTime asn1Time(const ASN1_TIME *time)
{
    struct tm tm
    {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

} // namespace

struct CertificateAuthority::Impl
{
    KeyPtr key;
    X509Ptr cert;
    QByteArray certPem;
};

CertificateAuthority::CertificateAuthority()
    : m_impl(std::make_unique<Impl>())
{}
CertificateAuthority::~CertificateAuthority() = default;
CertificateAuthority::CertificateAuthority(CertificateAuthority &&) noexcept = default;
CertificateAuthority &CertificateAuthority::operator=(CertificateAuthority &&) noexcept = default;

ControlStatus
CertificateAuthority::writePrivateFile(const QString &path, const QByteArray &data, bool secret)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ControlError::internal(
            QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    // Restrict before any secret byte lands in the file.
    const QFile::Permissions mode
        = secret ? (QFile::ReadOwner | QFile::WriteOwner)
                 : (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    if (!file.setPermissions(mode) || file.write(data) != data.size() || !file.commit())
        return ControlError::internal(
            QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    return Done{};
}

ControlResult<CertificateAuthority> CertificateAuthority::open(const QString &dir,
                                                               const QString &clusterName)
{
    const QString certPath = dir + QStringLiteral("/ca.pem");
    const QString keyPath = dir + QStringLiteral("/ca-key.pem");
    CertificateAuthority ca;
    const bool haveCert = QFile::exists(certPath);
    const bool haveKey = QFile::exists(keyPath);
    if (haveCert != haveKey)
        return ControlError::internal(
            QStringLiteral("The cluster's CA is incomplete: %1 exists without %2. Restore the "
                           "missing file or remove both to make a new CA.")
                .arg(haveCert ? certPath : keyPath, haveCert ? keyPath : certPath));
    if (haveCert) {
        QFile certFile(certPath);
        QFile keyFile(keyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return ControlError::internal(
                QStringLiteral("Could not read the cluster's CA in %1.").arg(dir));
        ca.m_impl->certPem = certFile.readAll();
        ca.m_impl->cert = certificateFromPem(ca.m_impl->certPem);
        ca.m_impl->key = keyFromPem(keyFile.readAll());
        if (!ca.m_impl->cert || !ca.m_impl->key)
            return fail(QStringLiteral("The cluster's CA files in %1 are not PEM").arg(dir));
        if (X509_check_private_key(ca.m_impl->cert.get(), ca.m_impl->key.get()) != 1)
            return fail(
                QStringLiteral("The CA key in %1 does not match the CA certificate").arg(keyPath));
        return ca;
    }

    if (!QDir().mkpath(dir))
        return ControlError::internal(QStringLiteral("Could not create %1.").arg(dir));
    ca.m_impl->key = newKey();
    ca.m_impl->cert.reset(X509_new());
    X509 *cert = ca.m_impl->cert.get();
    if (!ca.m_impl->key || !cert)
        return fail(QStringLiteral("Could not make the CA key"));
    X509_NAME *name = X509_get_subject_name(cert);
    if (X509_set_version(cert, 2) != 1 || !setRandomSerial(cert)
        || !X509_gmtime_adj(X509_getm_notBefore(cert), -60)
        || !X509_time_adj_ex(X509_getm_notAfter(cert), kCaValidityDays, 0, nullptr)
        || !addName(name, "O", QStringLiteral("Runnel"))
        || !addName(name, "CN", QStringLiteral("Runnel cluster CA %1").arg(clusterName))
        || X509_set_issuer_name(cert, name) != 1 || X509_set_pubkey(cert, ca.m_impl->key.get()) != 1
        || !addExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        || !addExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(cert, cert, NID_subject_key_identifier, "hash")
        || X509_sign(cert, ca.m_impl->key.get(), EVP_sha256()) <= 0)
        return fail(QStringLiteral("Could not make the CA certificate"));
    ca.m_impl->certPem = certificateToPem(cert);
    // The key first: a CA certificate without its key would be refused on the next open.
    if (auto s = writePrivateFile(keyPath, keyToPem(ca.m_impl->key.get()), true); !s)
        return s.error();
    if (auto s = writePrivateFile(certPath, ca.m_impl->certPem, false); !s)
        return s.error();
    return ca;
}

QByteArray CertificateAuthority::certificatePem() const
{
    return m_impl->certPem;
}

QString CertificateAuthority::subject() const
{
    return nameToString(X509_get_subject_name(m_impl->cert.get()));
}

ControlResult<IssuedCertificate> CertificateAuthority::issueServer(
    const QString &commonName, const QStringList &dnsNames, const QStringList &ipAddresses) const
{
    return issue(commonName, true, dnsNames, ipAddresses);
}

ControlResult<IssuedCertificate> CertificateAuthority::issueClient(const QString &commonName) const
{
    return issue(commonName, false, {}, {});
}

ControlResult<IssuedCertificate> CertificateAuthority::issue(const QString &commonName,
                                                             bool server,
                                                             const QStringList &dnsNames,
                                                             const QStringList &ipAddresses) const
{
    if (commonName.isEmpty() || commonName.size() > 64)
        return ControlError::badRequest(
            QStringLiteral("A certificate's common name has 1 to 64 characters."));
    KeyPtr key = newKey();
    X509Ptr holder(X509_new());
    X509 *cert = holder.get();
    if (!key || !cert)
        return fail(QStringLiteral("Could not make a certificate key"));
    X509_NAME *name = X509_get_subject_name(cert);
    if (X509_set_version(cert, 2) != 1 || !setRandomSerial(cert)
        || !X509_gmtime_adj(X509_getm_notBefore(cert), -60)
        || !X509_time_adj_ex(X509_getm_notAfter(cert), kCertificateValidityDays, 0, nullptr)
        || !addName(name, "O", QStringLiteral("Runnel")) || !addName(name, "CN", commonName)
        || X509_set_issuer_name(cert, X509_get_subject_name(m_impl->cert.get())) != 1
        || X509_set_pubkey(cert, key.get()) != 1
        || !addExtension(cert, m_impl->cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(
            cert, m_impl->cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement")
        || !addExtension(cert,
                         m_impl->cert.get(),
                         NID_ext_key_usage,
                         server ? "serverAuth,clientAuth" : "clientAuth")
        || !addExtension(cert, m_impl->cert.get(), NID_subject_key_identifier, "hash")
        || !addExtension(cert, m_impl->cert.get(), NID_authority_key_identifier, "keyid:always"))
        return fail(QStringLiteral("Could not fill the certificate for %1").arg(commonName));
    if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
        QStringList entries;
        for (const QString &dns : dnsNames)
            entries << QStringLiteral("DNS:") + dns;
        for (const QString &ip : ipAddresses)
            entries << QStringLiteral("IP:") + ip;
        const QByteArray value = entries.join(QLatin1Char(',')).toUtf8();
        if (!addExtension(cert, m_impl->cert.get(), NID_subject_alt_name, value.constData()))
            return fail(QStringLiteral("Could not set the names %1").arg(QString::fromUtf8(value)));
    }
    if (X509_sign(cert, m_impl->key.get(), EVP_sha256()) <= 0)
        return fail(QStringLiteral("Could not sign the certificate for %1").arg(commonName));
    IssuedCertificate issued;
    issued.certificatePem = certificateToPem(cert);
    issued.privateKeyPem = keyToPem(key.get());
    issued.subject = nameToString(name);
    if (issued.certificatePem.isEmpty() || issued.privateKeyPem.isEmpty())
        return fail(
            QStringLiteral("Could not write the certificate for %1 as PEM").arg(commonName));
    return issued;
}

ControlStatus CertificateAuthority::writeKeystore(const QString &path,
                                                  const IssuedCertificate &issued) const
{
    return writePrivateFile(
        path, issued.privateKeyPem + issued.certificatePem + m_impl->certPem, true);
}

bool CertificateAuthority::verify(const QByteArray &certificatePem, QString *why) const
{
    X509Ptr cert = certificateFromPem(certificatePem);
    if (!cert) {
        if (why)
            *why = QStringLiteral("not a PEM certificate");
        return false;
    }
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!store || !ctx || X509_STORE_add_cert(store.get(), m_impl->cert.get()) != 1
        || X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1) {
        if (why)
            *why = opensslError(QStringLiteral("could not set up verification"));
        return false;
    }
    if (X509_verify_cert(ctx.get()) != 1) {
        if (why)
            *why = QString::fromLatin1(
                X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
        return false;
    }
    return true;
}

std::optional<CertificateFields> CertificateAuthority::inspect(const QByteArray &certificatePem)
{
    X509Ptr cert = certificateFromPem(certificatePem);
    if (!cert)
        return std::nullopt;
    CertificateFields fields;
    fields.subject = nameToString(X509_get_subject_name(cert.get()));
    fields.issuer = nameToString(X509_get_issuer_name(cert.get()));
    fields.notBefore = asn1Time(X509_get0_notBefore(cert.get()));
    fields.notAfter = asn1Time(X509_get0_notAfter(cert.get()));
    fields.isCa = X509_check_ca(cert.get()) > 0;
    const uint32_t xku = X509_get_extended_key_usage(cert.get());
    fields.serverAuth = (xku & XKU_SSL_SERVER) != 0;
    fields.clientAuth = (xku & XKU_SSL_CLIENT) != 0;
    if (const ASN1_INTEGER *serial = X509_get0_serialNumber(cert.get())) {
        BIGNUM *bn = ASN1_INTEGER_to_BN(serial, nullptr);
        if (char *hex = bn ? BN_bn2hex(bn) : nullptr) {
            fields.serialHex = QByteArray(hex);
            OPENSSL_free(hex);
        }
        BN_free(bn);
    }
    std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *entry = sk_GENERAL_NAME_value(names.get(), i);
        if (entry->type == GEN_DNS) {
            const ASN1_IA5STRING *dns = entry->d.dNSName;
            fields.dnsNames << QString::fromLatin1(
                reinterpret_cast<const char *>(ASN1_STRING_get0_data(dns)),
                ASN1_STRING_length(dns));
        } else if (entry->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *ip = entry->d.iPAddress;
            const unsigned char *p = ASN1_STRING_get0_data(ip);
            if (ASN1_STRING_length(ip) == 4)
                fields.ipAddresses
                    << QStringLiteral("%1.%2.%3.%4").arg(p[0]).arg(p[1]).arg(p[2]).arg(p[3]);
        }
    }
    return fields;
}

} // namespace runnel::control
