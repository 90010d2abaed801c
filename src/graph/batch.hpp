// graph/batch.hpp — the client side of Graph JSON batching (POST /v1.0/$batch; docs/
// protocol-notes.md "JSON batching"): builds a batch body from up to 20 requests and reads the
// batch's answer back into one ClientResponse per request id, so each inner answer can be
// classified with ClassifyGraphResponse like a direct one (Retry-After of a 429 is in that
// answer's own headers). Independent of the sandbox's batching (src/sandbox), its oracle.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/http_transport.hpp"
#include "http/message.hpp"

namespace graphpost::graph {

inline constexpr std::size_t kMaxBatchRequests = 20;

struct BatchRequest {
  std::string id;      // unique in the batch (Graph compares ids without regard to case)
  std::string method;  // "POST"
  std::string url;     // relative to the version root: "/users/{mailbox}/sendMail"
  http::Headers headers;
  // Empty: no body. With a JSON Content-Type, JSON text (embedded in the batch as JSON);
  // otherwise sent as a JSON string as it is (a base64 MIME message, Content-Type text/plain).
  std::string body;
  std::vector<std::string> depends_on;  // ids of requests that must succeed first
};

// The $batch body {"requests":[...]}. kInvalidArgument (naming the request) for no requests or
// more than kMaxBatchRequests, an empty or duplicate id, an empty method, a URL that is not
// relative (absolute, or empty), a body without a Content-Type header, a JSON body that does not
// parse, or dependsOn naming an id not in the batch.
[[nodiscard]] Result<std::string> BuildBatchBody(const std::vector<BatchRequest>& requests);

struct BatchAnswer {
  std::string id;
  // status, headers and body: a JSON body as JSON text, a string body as it is (Graph sends
  // non-JSON content base64-encoded), no body as "".
  http::ClientResponse response;
};

// The answers of a 200 $batch response, in the order Graph listed them (not the order sent).
// kInternal when the body is not {"responses":[{"id":string,"status":number,...}]}.
[[nodiscard]] Result<std::vector<BatchAnswer>> ParseBatchAnswer(std::string_view body);

// The answer for request `id` (ids compare without regard to case), or nullptr: a request with no
// answer in a 200 batch has an unknown outcome.
const BatchAnswer* FindAnswer(const std::vector<BatchAnswer>& answers, std::string_view id);

}  // namespace graphpost::graph
