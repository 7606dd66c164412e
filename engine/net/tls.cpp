#include "engine/net/tls.h"

#include <asio.hpp>
#include <asio/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace runnel::net {

namespace {

Result<std::shared_ptr<asio::ssl::context>> makeTlsContext(const TlsSettings &settings,
                                                           asio::ssl::context::method method)
{
    auto fail = [](const std::string &what, const asio::error_code &ec) {
        return makeError(ErrorCode::InvalidConfig, what + ": " + ec.message());
    };
    auto ctx = std::make_shared<asio::ssl::context>(method);
    asio::error_code ec;
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2
                         | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1
                         | asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                     ec);
    if (ec)
        return fail("TLS options", ec);
    if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
        return makeError(ErrorCode::InvalidConfig, "cannot require TLS 1.2 or newer");
    if (!settings.keyPassword.empty()) {
        const std::string password = settings.keyPassword;
        ctx->set_password_callback(
            [password](std::size_t, asio::ssl::context::password_purpose) { return password; }, ec);
    }
    if (!settings.keystoreLocation.empty()) {
        ctx->use_certificate_chain_file(settings.keystoreLocation, ec);
        if (ec)
            return fail("ssl.keystore.location " + settings.keystoreLocation
                            + ": no PEM certificate chain",
                        ec);
        ctx->use_private_key_file(settings.keystoreLocation, asio::ssl::context::pem, ec);
        if (ec)
            return fail("ssl.keystore.location " + settings.keystoreLocation
                            + ": no usable PEM private key",
                        ec);
    } else if (!settings.keystoreCertificateChain.empty() && !settings.keystoreKey.empty()) {
        ctx->use_certificate_chain(asio::buffer(settings.keystoreCertificateChain), ec);
        if (ec)
            return fail("ssl.keystore.certificate.chain", ec);
        ctx->use_private_key(asio::buffer(settings.keystoreKey), asio::ssl::context::pem, ec);
        if (ec)
            return fail("ssl.keystore.key", ec);
    } else {
        return makeError(ErrorCode::InvalidConfig,
                         "a TLS listener needs ssl.keystore.location (PEM key and certificate) "
                         "or ssl.keystore.certificate.chain and ssl.keystore.key");
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        return makeError(ErrorCode::InvalidConfig,
                         "the TLS private key does not match the certificate");
    if (!settings.truststoreLocation.empty()) {
        ctx->load_verify_file(settings.truststoreLocation, ec);
        if (ec)
            return fail("ssl.truststore.location " + settings.truststoreLocation, ec);
    } else if (!settings.truststoreCertificates.empty()) {
        ctx->add_certificate_authority(asio::buffer(settings.truststoreCertificates), ec);
        if (ec)
            return fail("ssl.truststore.certificates", ec);
    }
    switch (settings.clientAuth) {
    case ClientAuth::None:
        ctx->set_verify_mode(asio::ssl::verify_none, ec);
        break;
    case ClientAuth::Requested:
        ctx->set_verify_mode(asio::ssl::verify_peer, ec);
        break;
    case ClientAuth::Required:
        if (settings.truststoreLocation.empty() && settings.truststoreCertificates.empty())
            return makeError(ErrorCode::InvalidConfig,
                             "ssl.client.auth=required needs ssl.truststore.location (the CA "
                             "that signs client certificates)");
        ctx->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, ec);
        break;
    }
    if (ec)
        return fail("TLS verify mode", ec);
    return ctx;
}

} // namespace

Result<std::shared_ptr<asio::ssl::context>> makeServerTlsContext(const TlsSettings &settings)
{
    return makeTlsContext(settings, asio::ssl::context::tls_server);
}

Result<std::shared_ptr<asio::ssl::context>> makePeerTlsContext(const TlsSettings &settings,
                                                               bool server)
{
    if (settings.truststoreLocation.empty() && settings.truststoreCertificates.empty())
        return makeError(ErrorCode::InvalidConfig,
                         "an SSL controller listener needs ssl.truststore.location: brokers "
                         "verify each other's certificates against the cluster's CA");
    TlsSettings peer = settings;
    peer.clientAuth = ClientAuth::Required;
    auto ctx = makeTlsContext(
        peer, server ? asio::ssl::context::tls_server : asio::ssl::context::tls_client);
    if (!ctx)
        return ctx;
    asio::error_code ec;
    // Both ends verify; the leaf must be a server (broker) certificate, so that a client
    // certificate from the same CA cannot speak for a broker on the controller port.
    (*ctx)->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, ec);
    if (!ec)
        (*ctx)->set_verify_callback(
            [](bool preverified, asio::ssl::verify_context &vc) {
                if (!preverified)
                    return false;
                X509_STORE_CTX *store = vc.native_handle();
                if (X509_STORE_CTX_get_error_depth(store) != 0)
                    return true;
                X509 *leaf = X509_STORE_CTX_get_current_cert(store);
                return leaf && (X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER) != 0;
            },
            ec);
    if (ec)
        return makeError(ErrorCode::InvalidConfig, "peer TLS verification: " + ec.message());
    return ctx;
}

} // namespace runnel::net
