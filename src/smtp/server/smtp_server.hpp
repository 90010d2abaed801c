// smtp/server/smtp_server.hpp — the SMTP submission listener of `graphpost serve` (docs/smtp.md):
// Asio acceptors for plain SMTP with STARTTLS (default 127.0.0.1:2525) and implicit TLS (465
// style), sharing http::TlsServerContext with the HTTPS server. Each connection runs an
// smtp::Session; the listener owns sockets, TLS handshakes, the idle and DATA timers and the
// connection limit, and calls the ports. Thousands of idle connections cost a socket and a small
// buffer each and never stop a new one from being served. Thread-safe: Start/Stop from any thread
// but an I/O one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "log/logger.hpp"
#include "smtp/session.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::http {
class TlsServerContext;
}

namespace graphpost::smtp {

struct ListenerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 2525;  // 0 picks a free port (see SmtpServer::ports())
  bool implicit_tls = false;  // TLS from the first byte (465 style); needs a TLS context
};

struct ServerConfig {
  std::vector<ListenerConfig> listeners;
  std::string hostname = "localhost";  // in the greeting and EHLO reply
  SessionLimits limits;
  int threads = 2;                     // I/O threads
  std::size_t max_connections = 5000;  // past it: "421 4.7.0 too many connections" and close
  std::size_t max_connections_per_address = 500;
};

struct ServerDeps {
  Authenticator& authenticator;
  AccessPolicy& access;
  SubmissionSink& sink;
  Random& random;              // session ids
  log::Logger* log = nullptr;  // one record per session end: session_id, client, principal,
                               // tls, messages, errors, duration_ms, why it ended; never a
                               // password or message content
  // Shared with the HTTPS server; null = no STARTTLS, and implicit-TLS listeners fail Start().
  http::TlsServerContext* tls = nullptr;
};

// Live counts for /metrics.
struct ServerStats {
  std::int64_t connections_open = 0;
  std::int64_t connections_total = 0;
  std::int64_t connections_refused = 0;    // over a connection limit
  std::int64_t tls_handshakes_failed = 0;  // broken off or timed out (not in sessions_timed_out)
  std::int64_t auth_failures = 0;
  std::int64_t sessions_timed_out = 0;  // the idle or DATA timeout's 421
};

class SmtpServer {
 public:
  // Binds every listener (kUnavailable naming host:port when one cannot be bound;
  // kInvalidArgument for implicit TLS without a TLS context) and starts serving.
  [[nodiscard]] static Result<std::unique_ptr<SmtpServer>> Start(ServerConfig config,
                                                                 ServerDeps deps);
  ~SmtpServer();  // Stop()
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // The bound ports, in the order of config.listeners.
  const std::vector<std::uint16_t>& ports() const;
  // Stops accepting; each open session gets "421 4.3.2 shutting down" and is closed: at once when
  // it waits for the client (mid-DATA too: that message is not submitted), after the answer when
  // it waits for a port (a session waiting for a submission's commit gets that reply first).
  // Waits up to 5 s for the sessions to end, then stops the I/O threads; a port's answer arriving
  // later is dropped. Idempotent.
  void Stop();
  ServerStats Stats() const;

 private:
  struct Impl;
  explicit SmtpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace graphpost::smtp
