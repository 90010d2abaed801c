// http/async_transport.hpp — the asynchronous client port: start one HTTP request and be called
// back with its outcome, so that thousands of requests can be in flight from a handful of threads
// (the delivery engine). CurlMultiTransport is the real adapter; tests may use a fake.
// Implementations are thread-safe.
#pragma once

#include <functional>

#include "core/result.hpp"
#include "http/http_transport.hpp"

namespace graphpost::http {

class AsyncHttpTransport {
 public:
  using Done = std::function<void(Result<ClientResponse>)>;

  virtual ~AsyncHttpTransport() = default;

  // Starts `request`. `done` runs exactly once, on one of the transport's own threads (never
  // inside Start), with the outcome under HttpTransport::Send's contract: any HTTP status is a
  // success; kUnavailable when the request was not sent (repeating it is safe); kDeadlineExceeded
  // when it was sent (in whole or in part) and no complete answer came back; kInvalidArgument for
  // a malformed URL. A request is sent at most once. `done` must be short and must not block: it
  // runs on an event loop that carries other requests. A transport being destroyed finishes every
  // request it holds (kUnavailable or kDeadlineExceeded as above) before its destructor returns.
  virtual void Start(ClientRequest request, Done done) = 0;
};

}  // namespace graphpost::http
