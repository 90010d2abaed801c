// sandbox/graph/graph_error.hpp — Graph error values (HTTP status + exact Graph code + message)
// and the one place that renders them as Graph's error envelope (protocol.md §4.1). Every error
// text the sandbox's Graph surface emits is built here, so the table of §4.2 lives in one file.
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"
#include "http/message.hpp"

namespace graphpost::sandbox::graph {

struct GraphError {
  int status = 400;
  std::string code;                        // "ErrorInvalidUser"
  std::string message;                     // exact text
  std::optional<std::string> retry_after;  // Retry-After header value, seconds
  // Members beside "error" in the body (upload sessions add nextExpectedRanges).
  boost::json::object extra;
};

template <class T>
using GraphResult = Expected<T, GraphError>;
using GraphStatus = GraphResult<void>;

inline tl::unexpected<GraphError> GraphFail(GraphError error) {
  return Unexpected(std::move(error));
}

// Per-request values echoed in every response.
struct ResponseContext {
  std::string request_id;         // GUID
  std::string client_request_id;  // the caller's header, else request_id
  WallTime now;
};

// A fresh request-id, the caller's client-request-id (else the request-id) and the time now.
ResponseContext NewResponseContext(const http::Request& request, Clock& clock, Random& random);

// Graph's JSON Content-Type with OData parameters.
inline constexpr std::string_view kGraphJsonContentType =
    "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; "
    "charset=utf-8";

// Adds request-id, client-request-id and Cache-Control to `response`.
void AddGraphHeaders(http::Response& response, const ResponseContext& context);
// A JSON response with Graph headers.
http::Response GraphJson(int status, const boost::json::value& body,
                         const ResponseContext& context);
// A body-less response (202, 204) with Graph headers and no Content-Type.
http::Response GraphEmpty(int status, const ResponseContext& context);
// {"error":{"code","message","innerError":{date,request-id,client-request-id}}} + headers;
// 401s carry WWW-Authenticate, throttling errors carry Retry-After.
http::Response RenderGraphError(const GraphError& error, const ResponseContext& context);

// The errors of protocol.md §4.2 (texts exact where the spec quotes them).
namespace errors {
GraphError TokenInvalid(std::string message);  // 401 InvalidAuthenticationToken
GraphError NoPermissionsInToken();
GraphError AccessDenied();
GraphError AccessPolicyDenied();
GraphError MeRequest();
GraphError InvalidUser(std::string_view identifier);
GraphError MailboxNotEnabled();
GraphError UserNotFound(std::string_view identifier);  // directory GET /users/{x}
GraphError ItemNotFound();
GraphError InvalidJson();
GraphError BadRequest(std::string message);
GraphError SegmentNotFound(std::string_view segment);
GraphError MethodNotAllowed();
GraphError NoRecipients();
GraphError UnresolvedRecipient(std::string_view recipient);
GraphError TooManyRecipients(int max_recipients);
GraphError InvalidHeaderName(std::string_view name);
GraphError InvalidMimeBase64();
GraphError InvalidMime();
GraphError RequestTooLarge(std::size_t max_bytes);
GraphError MessageSizeExceeded();
GraphError AttachmentSaveSizeExceeded();
GraphError AttachmentTooSmall();
GraphError SendAsDenied();
GraphError InefficientFilter(std::string message);
GraphError ApplicationThrottled(std::chrono::seconds retry_after);
GraphError InjectedFault(int status);  // 429 TooManyRequests, 503, 504
// 500: the change was made but could not be made durable (the journal's error in `detail`).
GraphError NotDurable(std::string_view detail);
// JSON batching (docs/protocol-notes.md "JSON batching"): a malformed $batch body (400
// BadRequest, `message` says what), more than 20 requests, and the answer of a request whose
// dependency (`dependency_id`) failed (424).
GraphError BatchInvalid(std::string message);
GraphError BatchTooManyRequests();
GraphError FailedDependency(std::string_view dependency_id);
}  // namespace errors

}  // namespace graphpost::sandbox::graph
