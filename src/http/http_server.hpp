// http/http_server.hpp — an HTTP/1.1 server (HTTPS when given a certificate) on Boost.Beast that
// calls one Handler per request, with keep-alive. The only header of the server side; Beast and
// Asio stay inside http_server.cpp. Thread-safe: Start() runs `threads` I/O threads that call the
// handler concurrently; Stop() (or the destructor) joins them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"

namespace graphpost::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; see Server::port()
  std::string cert_pem;    // server certificate chain (PEM); empty = plain HTTP
  std::string key_pem;     // its private key (PEM)
  int threads = 2;
  std::size_t max_body_bytes = 200 * 1024 * 1024;
};

class Server {
 public:
  virtual ~Server() = default;
  // Starts listening and serving. kInvalidArgument for a bad certificate or key, kUnavailable
  // when the address cannot be bound.
  [[nodiscard]] static Result<std::unique_ptr<Server>> Start(ServerOptions options,
                                                             Handler handler);
  // The bound port (the real one when options.port was 0).
  virtual std::uint16_t port() const = 0;
  // Stops accepting, closes connections and joins the I/O threads. Idempotent. Responses still
  // waiting out their `delay` are abandoned (their on_complete is not called). Must not be called
  // from a handler or on_complete (it would join its own thread).
  virtual void Stop() = 0;
};

}  // namespace graphpost::http
