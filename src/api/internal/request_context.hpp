// api/internal/request_context.hpp — one request on its way through the Api: the request, its
// authenticated key, the matched route and the one-shot responder. Not thread-safe; owned by the
// request's handler.
#pragma once

#include <string>

#include "api/api.hpp"
#include "api/routes.hpp"

namespace graphpost::api {

struct Api::Context {
  http::Request request;
  Respond respond;
  RouteMatch route;
  outbox::ApiKeyRecord key;
};

namespace internal {

// A JSON response ("application/json").
http::Response JsonResponse(int status, std::string body);

// The Idempotency-Key header's value, "" when absent; an invalid-request Problem when it is not 1
// to 255 visible ASCII characters.
[[nodiscard]] Expected<std::string, Problem> IdempotencyKey(const http::Headers& headers);

// Hex SHA-256 of method, path and body: what makes two requests "the same" for idempotency.
std::string RequestHash(const http::Request& request);

}  // namespace internal
}  // namespace graphpost::api
