// http/curl_transport.hpp — HttpTransport on libcurl: HTTP/1.1 over TLS with connection reuse.
// Keeps a small pool of curl easy handles (each with its live connections), so sequential and
// concurrent calls reuse connections. Thread-safe: Send() may be called from many threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/http_transport.hpp"

namespace graphpost::http {

struct CurlOptions {
  std::string ca_file;                  // PEM bundle to trust; empty = the system store
  std::vector<std::string> connect_to;  // CURLOPT_CONNECT_TO entries, "host:port:host:port"
  bool verbose = false;                 // curl's debug trace on stderr (shows headers!)
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Sends one request; no redirects are followed and `Expect: 100-continue` is never sent.
  // Any HTTP status is a success. kInvalidArgument for a malformed or non-http(s) URL;
  // kUnavailable when the request could not be sent (connect, DNS, TLS, or a timeout before any
  // request byte went out); kDeadlineExceeded when it went out and no complete answer came back
  // (request.timeout passed, or the connection closed). A request is sent at most once: when a
  // reused connection closes after the request went out, libcurl does not re-send it on a new
  // connection; the call fails instead. Error messages name the method and host, never the body
  // or headers.
  [[nodiscard]] Result<ClientResponse> Send(const ClientRequest& request) override;

  // How many new connections Send() has opened so far (connection reuse diagnostics).
  std::size_t connections_opened() const { return connections_opened_.load(); }

 private:
  struct EasyDeleter {
    void operator()(void* easy) const;
  };
  using Easy = std::unique_ptr<void, EasyDeleter>;
  struct SlistDeleter {
    void operator()(void* list) const;
  };

  Easy Acquire();
  void Release(Easy easy);

  const CurlOptions options_;
  std::unique_ptr<void, SlistDeleter> connect_to_;
  std::atomic<std::size_t> connections_opened_{0};
  std::mutex mu_;
  std::vector<Easy> idle_;  // Guarded by mu_.
};

}  // namespace graphpost::http
