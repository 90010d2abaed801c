// http/tls_server_context.hpp — the server side of TLS, built once from a certificate chain and its
// key (PEM) and shared by every connection of a listener: the HTTPS server now, the SMTP listener
// (STARTTLS) next. TLS 1.2 or later by default; TLS 1.0 and 1.1 only when configured for old
// devices (see TlsVersion). Asio stays out of this header: the listener that drives the
// connections includes <boost/asio/ssl/context.hpp> and uses native().
// Immutable after Create(); thread-safe to share between connections and threads.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace graphpost::http {

// The oldest protocol version a client may use. kTls10 and kTls11 are for old devices (printers,
// scanners) only: OpenSSL 3 refuses TLS < 1.2 at its default security level 1 (their handshake
// signs with MD5-SHA1/SHA-1, rated below 80 bits), so choosing them also lowers the context's
// security level to 0, which re-admits weak parameters for every client of that context. Give
// such devices their own listener's context when that matters (docs/smtp.md, "The listener").
enum class TlsVersion { kTls10, kTls11, kTls12, kTls13 };

struct TlsServerConfig {
  std::string cert_chain_pem;  // the server certificate first, then intermediates
  std::string key_pem;         // the certificate's private key
  TlsVersion min_version = TlsVersion::kTls12;
};

class TlsServerContext {
 public:
  // kInvalidArgument when the key is missing, the PEM does not parse, or the key does not match
  // the certificate. The message names which; it never contains key material.
  [[nodiscard]] static Result<std::unique_ptr<TlsServerContext>> Create(
      const TlsServerConfig& config);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // The Asio context, for the listener that accepts connections with it.
  boost::asio::ssl::context& native() { return *context_; }

 private:
  explicit TlsServerContext(std::unique_ptr<boost::asio::ssl::context> context);
  std::unique_ptr<boost::asio::ssl::context> context_;
};

}  // namespace graphpost::http
