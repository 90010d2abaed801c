// http/curl_multi_transport.hpp — AsyncHttpTransport on libcurl's multi interface: a few event-loop
// threads, each driving one curl multi handle (curl_multi_poll, woken by curl_multi_wakeup when a
// request arrives), so in-flight requests cost sockets and memory, not threads. Each loop keeps its
// own connection cache, so requests to one host reuse its keep-alive connections. HTTP/1.1 over
// TLS; no redirects; `Expect: 100-continue` is never sent. Thread-safe: Start() may be called from
// any thread, including from a `done` callback. Destruction stops the loops after finishing every
// request they hold (see AsyncHttpTransport::Start).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/async_transport.hpp"

namespace graphpost::http {

struct CurlMultiOptions {
  int threads = 2;                      // event-loop threads (at least 1)
  std::string ca_file;                  // PEM bundle to trust; empty = the system store
  std::vector<std::string> connect_to;  // CURLOPT_CONNECT_TO entries, "host:port:host:port"
  // Connections kept open per loop for reuse (CURLMOPT_MAXCONNECTS); 0 = libcurl's default.
  long max_idle_connections = 0;
};

class CurlMultiTransport final : public AsyncHttpTransport {
 public:
  explicit CurlMultiTransport(CurlMultiOptions options = {});
  ~CurlMultiTransport() override;
  CurlMultiTransport(const CurlMultiTransport&) = delete;
  CurlMultiTransport& operator=(const CurlMultiTransport&) = delete;

  // As AsyncHttpTransport::Start. Errors name the method and host, never the body or headers.
  void Start(ClientRequest request, Done done) override;

  // Requests started and not yet finished (diagnostics).
  std::size_t in_flight() const { return in_flight_.load(); }
  // New connections opened so far (connection reuse diagnostics).
  std::size_t connections_opened() const { return connections_opened_.load(); }

 private:
  class Loop;

  const CurlMultiOptions options_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> connections_opened_{0};
  std::atomic<std::size_t> next_loop_{0};
  std::vector<std::unique_ptr<Loop>> loops_;
};

}  // namespace graphpost::http
