#include "api/problem.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "graph/mail_message.hpp"

namespace graphpost::api {
namespace json = boost::json;

namespace {

Problem Make(int status, std::string type, std::string title, std::string detail) {
  Problem p;
  p.status = status;
  p.type = std::move(type);
  p.title = std::move(title);
  p.detail = std::move(detail);
  return p;
}

}  // namespace

json::object ProblemJson(const Problem& problem) {
  json::object out;
  out["type"] = "urn:graphpost:problem:" + problem.type;
  out["title"] = problem.title;
  out["status"] = problem.status;
  out["detail"] = problem.detail;
  if (!problem.errors.empty()) {
    json::array errors;
    for (const auto& e : problem.errors) {
      errors.push_back(json::object{{"path", e.path}, {"detail", e.detail}});
    }
    out["errors"] = std::move(errors);
  }
  return out;
}

http::Response ProblemResponse(const Problem& problem) {
  http::Response response = http::MakeResponse(problem.status, "application/problem+json",
                                               json::serialize(ProblemJson(problem)));
  if (problem.retry_after) {
    response.headers.Set("Retry-After", std::to_string(problem.retry_after->count()));
  }
  if (!problem.allow.empty()) response.headers.Set("Allow", problem.allow);
  if (problem.status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  return response;
}

Problem MalformedJson(message::FieldError error) {
  Problem p = Make(400, "malformed-json", "The request body is not valid JSON", error.detail);
  p.errors.push_back(std::move(error));
  return p;
}

Problem InvalidMessage(std::vector<message::FieldError> errors) {
  Problem p = Make(400, "invalid-message", "The message is not valid",
                   std::to_string(errors.size()) + " invalid field(s); see errors");
  p.errors = std::move(errors);
  return p;
}

Problem InvalidRequest(std::string detail, std::vector<message::FieldError> errors) {
  Problem p = Make(400, "invalid-request", "The request is not valid", std::move(detail));
  p.errors = std::move(errors);
  return p;
}

Problem Unauthenticated() {
  return Make(401, "unauthenticated", "Missing or unknown API key",
              "send 'Authorization: Bearer <API key>' with a key that is not revoked");
}

Problem Forbidden(std::vector<message::FieldError> errors) {
  Problem p = Make(403, "forbidden", "Not allowed for this API key",
                   "this API key may send only through its own connections and their mailboxes");
  p.errors = std::move(errors);
  return p;
}

Problem MessageNotFound() {
  return Make(404, "not-found", "No such message",
              "no message with this id is visible to this key");
}

Problem RouteNotFound() {
  return Make(404, "not-found", "No such resource",
              "the API's routes are listed in /v1/openapi.json");
}

Problem MethodNotAllowed(std::string allow) {
  Problem p = Make(405, "method-not-allowed", "Method not allowed", "allowed: " + allow);
  p.allow = std::move(allow);
  return p;
}

Problem IdempotencyConflict() {
  return Make(409, "idempotency-conflict", "Idempotency-Key reused with a different request",
              "this Idempotency-Key was used before with another request; use a new key for a "
              "new request, or repeat the first request exactly to get its answer again");
}

Problem StateConflict(std::string detail) {
  return Make(409, "state-conflict", "The message is not in a state that allows this",
              std::move(detail));
}

Problem PayloadTooLarge(std::size_t limit) {
  return Make(413, "payload-too-large", "The request body is too large",
              "the limit for this request is " + graph::FormatMegabytes(limit) + " (" +
                  std::to_string(limit) + " bytes)");
}

Problem UnsupportedMediaType() {
  return Make(415, "unsupported-media-type", "The request body is not declared as JSON",
              "send the body with 'Content-Type: application/json' (or a +json type), optionally "
              "with charset=utf-8");
}

Problem InternalError() {
  return Make(500, "internal", "Internal error", "the request could not be completed");
}

Problem OutboxFailure(const Error& error, std::chrono::seconds retry_after) {
  if (error.code == ErrorCode::kUnavailable) {
    Problem p = Make(503, "outbox-unavailable", "The outbox cannot store or read this now",
                     "nothing of this request was stored (for example, the disk is full); "
                     "retry after the time in Retry-After");
    p.retry_after = error.retry_after.value_or(retry_after);
    return p;
  }
  return Make(500, "internal", "Internal error",
              "the outbox failed (" + std::string(ErrorCodeName(error.code)) + ")");
}

}  // namespace graphpost::api
