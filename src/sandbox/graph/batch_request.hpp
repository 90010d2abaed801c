// sandbox/graph/batch_request.hpp — the body of a Graph JSON batch (POST /v1.0/$batch) read into
// its individual requests, checked the way Graph checks it before running any of them (docs/
// protocol-notes.md "JSON batching"): 1 to 20 requests, each with a unique id (ids compare without
// regard to case), a method and a relative URL; a body needs a Content-Type header; dependsOn
// names requests of the same batch and makes no cycle. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "sandbox/graph/graph_error.hpp"

namespace graphpost::sandbox::graph {

inline constexpr std::size_t kMaxBatchRequests = 20;

struct BatchItem {
  std::string id;                       // as sent
  std::string method;                   // upper-case
  std::string url;                      // as sent: "/users/x/sendMail" or "users/x/sendMail"
  http::Headers headers;                // the item's own headers
  std::optional<std::string> body;      // JSON text for a JSON body, else the string as sent
  std::vector<std::size_t> depends_on;  // indexes into the batch
};

// The batch's requests in the order sent. Errors (400 BadRequest): a body that is not a JSON
// object with a "requests" array, more than kMaxBatchRequests requests (Graph's own text), a
// request without id, method or url, a duplicate id, a body without a Content-Type header,
// dependsOn naming an unknown id, a dependency cycle.
[[nodiscard]] GraphResult<std::vector<BatchItem>> ParseBatch(std::string_view body);

// The request a batch item stands for, as a direct call would send it: path "/v1.0" + the item's
// URL, its headers, and the batch's Authorization (the batch's token is every item's token).
http::Request InnerRequest(const BatchItem& item, const http::Request& batch);

// True when `url` names $batch itself (a batch inside a batch, which Graph does not run).
bool IsNestedBatch(std::string_view url);

}  // namespace graphpost::sandbox::graph
