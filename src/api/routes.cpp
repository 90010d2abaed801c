#include "api/routes.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/ascii.hpp"

namespace graphpost::api {
namespace {

constexpr std::array<Route, 7> kRoutes = {{
    {RouteId::kOpenApi, "GET", "/v1/openapi.json"},
    {RouteId::kSubmit, "POST", "/v1/messages"},
    {RouteId::kList, "GET", "/v1/messages"},
    {RouteId::kSubmitBatch, "POST", "/v1/messages/batch"},
    {RouteId::kGet, "GET", "/v1/messages/{id}"},
    {RouteId::kCancel, "POST", "/v1/messages/{id}/cancel"},
    {RouteId::kRetry, "POST", "/v1/messages/{id}/retry"},
}};

// Matches `path` against `pattern` segment by segment; "{id}" takes one non-empty segment.
bool PathMatches(std::string_view pattern, std::string_view path, std::string& id) {
  const std::vector<std::string_view> want = Split(pattern, '/');
  const std::vector<std::string_view> have = Split(path, '/');
  if (want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "{id}") {
      if (have[i].empty()) return false;
      id = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::span<const Route> AllRoutes() { return kRoutes; }

std::optional<RouteMatch> MatchRoute(std::string_view method, std::string_view path,
                                     std::string& allow) {
  allow.clear();
  // A path that a literal pattern matches ("/v1/messages/batch") is that resource alone: its
  // other methods get 405, never the {id} route of the same shape (ids are GUIDs, never "batch").
  const bool literal_path = std::any_of(kRoutes.begin(), kRoutes.end(), [&](const Route& r) {
    std::string id;
    return PathMatches(r.pattern, path, id) && id.empty();
  });
  for (const Route& route : kRoutes) {
    std::string id;
    if (!PathMatches(route.pattern, path, id) || (literal_path && !id.empty())) continue;
    if (route.method == method) return RouteMatch{route.id, std::move(id)};
    if (allow.find(route.method) == std::string::npos) {
      allow += (allow.empty() ? "" : ", ") + std::string(route.method);
    }
  }
  return std::nullopt;
}

}  // namespace graphpost::api
