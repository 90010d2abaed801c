// graph/graph_call.hpp — one Graph request path for the synchronous client and the delivery
// engine's asynchronous one: a Graph call as a value (method, path, body), the HTTP request it
// becomes with a token (Authorization: Bearer, a fresh client-request-id, Content-Type), and how
// an answer becomes a result (2xx, or the error classified by graph_errors with the token
// redacted). Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "http/http_transport.hpp"

namespace graphpost::graph {

struct GraphCall {
  std::string method;
  std::string path;  // after base_url, e.g. "/users/a%40b/sendMail"
  std::string content_type;
  std::string body;
  bool empty_body_length = false;  // send "Content-Length: 0" explicitly
};

// The HTTP request for `call`: url = base_url + path; Authorization "Bearer <token>";
// client-request-id = `client_request_id`; Content-Type when the call has one; the timeout.
http::ClientRequest BuildGraphRequest(const GraphCall& call, std::string_view base_url,
                                      const Secret& token, std::string client_request_id,
                                      std::chrono::milliseconds timeout);

// The result of a Graph call from what the transport returned: a 2xx response as-is; any other
// status classified by ClassifyGraphResponse; a transport failure by ClassifyTransportError. Error
// texts are prefixed with `operation` and never contain `token`. A 401 comes back as
// kUnauthenticated: the caller drops the token and may try once more.
[[nodiscard]] Result<http::ClientResponse> GraphAnswer(Result<http::ClientResponse> answer,
                                                       std::string_view operation,
                                                       const Secret& token);

// For a failure before the Graph request itself went out (no token; a draft step before /send):
// the operation was not carried out even if that step's own outcome is unknown
// (kDeadlineExceeded), so it becomes kUnavailable, which callers may retry without looking first.
Error NothingSent(Error error);

}  // namespace graphpost::graph
