#pragma once

// CertificateAuthority is a cluster's own CA, made by the agent with OpenSSL 3: an
// ECDSA P-256 key and a self-signed CA certificate, which then signs broker (server)
// certificates with the SANs clients check, and client certificates for mTLS. Owned by
// whoever opened it (the Agent, per request); no threads, plain file I/O on the
// caller's thread. Files, all PEM, in the directory given to open():
//
//   ca.pem         the CA certificate (what clients trust; get-cluster-ca prints it)
//   ca-key.pem     the CA private key (0600, never leaves the cluster's directory)
//
// Issued certificates are returned as PEM and written where the caller says
// (writeKeystore: key, certificate, then the CA certificate, 0600). The Kafka principal
// of a client certificate is "User:" + its subject in RFC 2253 form, most specific RDN
// first ("User:CN=alice,O=Runnel"), exactly as runneld and Kafka's default principal
// builder spell it.

#include "engine/control/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>

namespace runnel::control {

struct IssuedCertificate
{
    QByteArray certificatePem;
    QByteArray privateKeyPem; // PKCS#8, unencrypted
    QString subject;          // RFC 2253, e.g. "CN=alice,O=Runnel"
};

// What a certificate says, as read back from PEM (for tests and DescribeClusterV2).
struct CertificateFields
{
    QString subject; // RFC 2253
    QString issuer;  // RFC 2253
    QStringList dnsNames;
    QStringList ipAddresses;
    bool isCa = false;
    bool serverAuth = false; // extended key usage
    bool clientAuth = false;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray serialHex;
};

class CertificateAuthority
{
public:
    static constexpr int kCaValidityDays = 3650;
    static constexpr int kCertificateValidityDays = 825;

    CertificateAuthority();
    ~CertificateAuthority();
    CertificateAuthority(CertificateAuthority &&) noexcept;
    CertificateAuthority &operator=(CertificateAuthority &&) noexcept;

    // Loads DIR/ca.pem and DIR/ca-key.pem, or creates both (CN "Runnel cluster CA
    // <clusterName>") when neither exists. One file without the other is an error.
    [[nodiscard]] static ControlResult<CertificateAuthority> open(const QString &dir,
                                                                  const QString &clusterName);

    QByteArray certificatePem() const;
    QString subject() const;

    // A server certificate for a broker: CN=<commonName>, SANs as given, serverAuth.
    [[nodiscard]] ControlResult<IssuedCertificate>
    issueServer(const QString &commonName,
                const QStringList &dnsNames,
                const QStringList &ipAddresses) const;
    // A client certificate for mTLS: CN=<commonName>,O=Runnel, clientAuth.
    [[nodiscard]] ControlResult<IssuedCertificate> issueClient(const QString &commonName) const;

    // Writes key + certificate + CA certificate into one file (what ssl.keystore.location
    // and most clients read), mode 0600, atomically.
    [[nodiscard]] ControlStatus writeKeystore(const QString &path,
                                              const IssuedCertificate &issued) const;

    // True if `certificatePem` was signed by this CA and is valid now.
    bool verify(const QByteArray &certificatePem, QString *why = nullptr) const;

    static std::optional<CertificateFields> inspect(const QByteArray &certificatePem);
    // "User:<subject>" as the broker names an mTLS client.
    static QString principalOf(const IssuedCertificate &issued)
    {
        return QStringLiteral("User:") + issued.subject;
    }
    // Writes `data` to `path` atomically with the given permissions.
    [[nodiscard]] static ControlStatus
    writePrivateFile(const QString &path, const QByteArray &data, bool secret);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;

    [[nodiscard]] ControlResult<IssuedCertificate> issue(const QString &commonName,
                                                         bool server,
                                                         const QStringList &dnsNames,
                                                         const QStringList &ipAddresses) const;
};

} // namespace runnel::control
