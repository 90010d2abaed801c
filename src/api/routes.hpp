// api/routes.hpp — the REST API's route table: the one list the router matches, the OpenAPI test
// checks and docs/gateway.md describes. Pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace graphpost::api {

enum class RouteId {
  kOpenApi,      // GET  /v1/openapi.json
  kSubmit,       // POST /v1/messages
  kList,         // GET  /v1/messages
  kSubmitBatch,  // POST /v1/messages/batch
  kGet,          // GET  /v1/messages/{id}
  kCancel,       // POST /v1/messages/{id}/cancel
  kRetry,        // POST /v1/messages/{id}/retry
};

struct Route {
  RouteId id;
  std::string_view method;   // "GET", "POST"
  std::string_view pattern;  // as OpenAPI writes it: "/v1/messages/{id}"
};

// Every route, in the order above.
std::span<const Route> AllRoutes();

struct RouteMatch {
  RouteId id;
  std::string id_param;  // {id}, when the pattern has one
};

// The route for `method` and `path` (no query). Otherwise `allow` is set to the methods the path
// has ("GET, POST") when it exists with other methods (405), and left empty when it does not (404).
std::optional<RouteMatch> MatchRoute(std::string_view method, std::string_view path,
                                     std::string& allow);

}  // namespace graphpost::api
