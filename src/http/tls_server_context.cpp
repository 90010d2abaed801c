#include "http/tls_server_context.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

namespace graphpost::http {
namespace {

namespace ssl = boost::asio::ssl;

int OpenSslVersion(TlsVersion version) {
  switch (version) {
    case TlsVersion::kTls10:
      return TLS1_VERSION;
    case TlsVersion::kTls11:
      return TLS1_1_VERSION;
    case TlsVersion::kTls12:
      return TLS1_2_VERSION;
    case TlsVersion::kTls13:
      return TLS1_3_VERSION;
  }
  return TLS1_2_VERSION;
}

// OpenSSL 3 rates the MD5-SHA1 and SHA-1 handshake signatures of TLS 1.0/1.1 below security
// level 1's 80 bits, so those versions fail at the default level even when allowed; level 0 lets
// them through. Only done when the configuration asks for them.
void AllowLegacyVersions(SSL_CTX* ctx, TlsVersion min_version) {
  if (min_version != TlsVersion::kTls10 && min_version != TlsVersion::kTls11) return;
  SSL_CTX_set_security_level(ctx, 0);
}

}  // namespace

TlsServerContext::TlsServerContext(std::unique_ptr<ssl::context> context)
    : context_(std::move(context)) {}

TlsServerContext::~TlsServerContext() = default;

Result<std::unique_ptr<TlsServerContext>> TlsServerContext::Create(const TlsServerConfig& config) {
  if (config.key_pem.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "tls: certificate given without a key");
  }
  try {
    auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(tls->native_handle(), OpenSslVersion(config.min_version));
    AllowLegacyVersions(tls->native_handle(), config.min_version);
    tls->use_certificate_chain(boost::asio::buffer(config.cert_chain_pem));
    tls->use_private_key(boost::asio::buffer(config.key_pem), ssl::context::pem);
    if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
      return Fail(ErrorCode::kInvalidArgument, "tls: the key does not match the certificate");
    }
    return std::unique_ptr<TlsServerContext>(new TlsServerContext(std::move(tls)));
  } catch (const boost::system::system_error& e) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("tls: bad certificate or key: ") + e.what());
  }
}

}  // namespace graphpost::http
