// api/problem.hpp — RFC 9457 problem details (application/problem+json), the one shape of every
// error the REST API answers (docs/gateway.md, "Errors"). A Problem never carries an API key, a
// secret or a message body: its texts are written by the API, and FieldError details never repeat
// the value that was sent. Plain value type; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.hpp"
#include "http/message.hpp"
#include "message/api_message.hpp"

namespace graphpost::api {

struct Problem {
  int status = 400;
  std::string
      type;  // a short name, e.g. "invalid-message"; rendered "urn:graphpost:problem:<type>"
  std::string title;
  std::string detail;
  std::vector<message::FieldError> errors;          // invalid fields, with JSON paths
  std::optional<std::chrono::seconds> retry_after;  // 503: also a Retry-After header
  std::string allow;                                // 405: the Allow header
};

// The problem as a JSON object {type, title, status, detail, errors:[{path, detail}]} (errors
// omitted when empty).
boost::json::object ProblemJson(const Problem& problem);
// The problem as an HTTP response with its status and headers.
http::Response ProblemResponse(const Problem& problem);

// The problems the API answers, each with its status, type and title.
Problem MalformedJson(message::FieldError error);                                          // 400
Problem InvalidMessage(std::vector<message::FieldError> errors);                           // 400
Problem InvalidRequest(std::string detail, std::vector<message::FieldError> errors = {});  // 400
Problem Unauthenticated();                                                                 // 401
Problem Forbidden(std::vector<message::FieldError> errors);                                // 403
Problem MessageNotFound();                                                                 // 404
Problem RouteNotFound();                                                                   // 404
Problem MethodNotAllowed(std::string allow);                                               // 405
Problem IdempotencyConflict();                                                             // 409
Problem StateConflict(std::string detail);                                                 // 409
Problem PayloadTooLarge(std::size_t limit);                                                // 413
Problem UnsupportedMediaType();                                                            // 415
Problem InternalError();                                                                   // 500
// A failure of the outbox: kUnavailable → 503 with Retry-After (`retry_after` unless the error
// carries its own), anything else → 500. The error's message is not shown (it may name files).
Problem OutboxFailure(const Error& error, std::chrono::seconds retry_after);

}  // namespace graphpost::api
