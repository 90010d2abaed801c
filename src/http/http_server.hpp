// http/http_server.hpp — an HTTP/1.1 server (HTTPS when given a certificate) on Boost.Beast that
// calls one Handler per request (or a DeferredHandler that answers later), with keep-alive, built
// to face hostile clients: every phase of a connection has a deadline, connections are capped, and
// each request's body limit is chosen from its head (by an AdmissionHook) before any of the body is
// read. The only header of the server side; Beast and Asio stay inside http_server.cpp.
// Thread-safe: Start() runs `threads` I/O threads that call the hook and the handler concurrently;
// Stop() (or the destructor) joins them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"
#include "http/tls_server_context.hpp"

namespace graphpost::http {

// Deadlines and caps. Durations and max_connections must be positive (Start() checks).
struct ServerLimits {
  // From TCP accept to the end of the TLS handshake; then the connection is closed silently.
  std::chrono::milliseconds tls_handshake{std::chrono::seconds(10)};
  // From connection start (after the handshake), or from the first byte of a later request on a
  // kept-alive connection, to the end of the request head; then 408 if a byte of the request had
  // arrived, else a silent close.
  std::chrono::milliseconds request_header{std::chrono::seconds(30)};
  // A request body must bring at least body_min_bytes in every body_progress_interval (else 408
  // and close), and a response must be taken by the client at that pace too (else closed).
  std::chrono::milliseconds body_progress_interval{std::chrono::seconds(10)};
  std::size_t body_min_bytes = 1024;
  // Waiting for the next request on a kept-alive connection; then a silent close.
  std::chrono::milliseconds keep_alive_idle{std::chrono::seconds(60)};
  // After answering a request whose body was not read (a refusal, a 413, a timeout), the server
  // stops sending, then reads and drops what the client still sends for at most this long, so the
  // client reads the answer instead of a TCP reset. Costs no memory; bounds the time.
  std::chrono::milliseconds linger{std::chrono::seconds(2)};
  // Open connections. Past it, up to max_refusing more are answered `503` with Retry-After and
  // `Connection: close` (over TLS after the handshake), and any beyond those are closed at once.
  // The server never stops accepting.
  std::size_t max_connections = 10000;
  std::size_t max_refusing = 64;
  // Body limit of every request when there is no AdmissionHook.
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  // From calling the handler to its answer (a DeferredHandler's respond); then 503 with
  // Retry-After, and the late answer is dropped.
  std::chrono::milliseconds handler{std::chrono::minutes(2)};
};

// The body of an answer the server makes itself, without the handler: a protocol error (400 for a
// malformed head, bad Content-Length or both Content-Length and Transfer-Encoding, 408 for a slow
// head or body, 413 for a body over the limit, 431 for a head too large), 503 past the connection
// cap or when the handler is late, 500 when the admission hook throws. Status and headers
// (Retry-After, Connection: close) stay the server's; this adds a body, its type and headers of
// its own (e.g. a web UI's security headers).
struct ErrorBody {
  std::string content_type;
  std::string body;
  Headers headers;  // added unless the server sets the same name (Content-Length, Connection)
};
// `path` is the request's path when the server read its start line ("" when not: a connection
// past the cap, a garbled head). Called on a server thread (concurrently); must be thread-safe
// and must not throw.
using ErrorBodyFn = std::function<ErrorBody(int status, std::string_view path)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; see Server::port()
  std::string cert_pem;    // server certificate chain (PEM); empty = plain HTTP
  std::string key_pem;     // its private key (PEM)
  TlsVersion tls_min_version = TlsVersion::kTls12;
  int threads = 2;
  ServerLimits limits;
  AdmissionHook admit;     // empty: every request is admitted with limits.max_body_bytes
  ErrorBodyFn error_body;  // empty: the server's own answers have an empty body
};

class Server {
 public:
  virtual ~Server() = default;
  // Starts listening and serving. kInvalidArgument for a bad certificate or key or a limit that
  // is not positive (the message names it), kUnavailable when the address cannot be bound.
  [[nodiscard]] static Result<std::unique_ptr<Server>> Start(ServerOptions options,
                                                             Handler handler);
  // The same with a handler that may answer later, from any thread (see DeferredHandler).
  [[nodiscard]] static Result<std::unique_ptr<Server>> Start(ServerOptions options,
                                                             DeferredHandler handler);
  // The bound port (the real one when options.port was 0).
  virtual std::uint16_t port() const = 0;
  // Stops accepting, closes connections and joins the I/O threads. Idempotent. Responses still
  // waiting out their `delay` are abandoned (their on_complete is not called), and so are deferred
  // requests not yet answered (a later respond does nothing). Must not be called from a handler
  // or on_complete (it would join its own thread).
  virtual void Stop() = 0;
};

}  // namespace graphpost::http
