// testing/fake_http_transport.hpp — an HttpTransport for tests: records every request and answers
// with scripted replies (FIFO), or, when the script is empty, with a responder callback's reply.
// With neither, Send fails with kInternal ("no scripted reply"). Thread-safe; the responder runs
// outside the lock, so it may block (e.g. on a latch) while other threads call Send.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/http_transport.hpp"

namespace graphpost::testing {

class FakeHttpTransport final : public http::HttpTransport {
 public:
  using Responder = std::function<Result<http::ClientResponse>(const http::ClientRequest&)>;

  // Appends a scripted reply; replies are used in order, one per Send.
  void Enqueue(Result<http::ClientResponse> reply) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(reply));
  }
  // Answers requests once the script is empty.
  void SetResponder(Responder responder) {
    std::lock_guard lock(mu_);
    responder_ = std::move(responder);
  }

  [[nodiscard]] Result<http::ClientResponse> Send(const http::ClientRequest& request) override {
    Responder responder;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      if (!script_.empty()) {
        Result<http::ClientResponse> reply = std::move(script_.front());
        script_.pop_front();
        return reply;
      }
      responder = responder_;
    }
    if (!responder) return Fail(ErrorCode::kInternal, "FakeHttpTransport: no scripted reply");
    return responder(request);
  }

  // Copies of the requests sent so far, in order.
  std::vector<http::ClientRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::size_t request_count() const {
    std::lock_guard lock(mu_);
    return requests_.size();
  }

 private:
  mutable std::mutex mu_;
  std::deque<Result<http::ClientResponse>> script_;  // Guarded by mu_.
  Responder responder_;                              // Guarded by mu_.
  std::vector<http::ClientRequest> requests_;        // Guarded by mu_.
};

// A response with `status`, `body` and Content-Type application/json.
inline http::ClientResponse JsonResponse(int status, std::string body) {
  http::ClientResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

}  // namespace graphpost::testing
