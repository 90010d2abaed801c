#include "graph/graph_call.hpp"

#include <utility>

#include "graph/graph_errors.hpp"
#include "graph/internal/redact.hpp"

namespace graphpost::graph {

http::ClientRequest BuildGraphRequest(const GraphCall& call, std::string_view base_url,
                                      const Secret& token, std::string client_request_id,
                                      std::chrono::milliseconds timeout) {
  http::ClientRequest request;
  request.method = call.method;
  request.url = std::string(base_url) + call.path;
  request.headers.Set("Authorization", "Bearer " + token.Reveal());
  request.headers.Set("client-request-id", std::move(client_request_id));
  if (!call.content_type.empty()) request.headers.Set("Content-Type", call.content_type);
  if (call.empty_body_length) request.headers.Set("Content-Length", "0");
  request.body = call.body;
  request.timeout = timeout;
  return request;
}

Result<http::ClientResponse> GraphAnswer(Result<http::ClientResponse> answer,
                                         std::string_view operation, const Secret& token) {
  const std::string& secret = token.Reveal();
  if (!answer) {
    return Fail(internal::Redact(ClassifyTransportError(answer.error(), operation), secret));
  }
  if (answer->status >= 200 && answer->status <= 299) return answer;
  return Fail(internal::Redact(ClassifyGraphResponse(*answer, operation), secret));
}

Error NothingSent(Error error) {
  if (error.code == ErrorCode::kDeadlineExceeded) error.code = ErrorCode::kUnavailable;
  return error;
}

}  // namespace graphpost::graph
