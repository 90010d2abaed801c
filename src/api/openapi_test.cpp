// The OpenAPI document the API serves is docs/openapi.json, parses, and lists exactly the routes
// the router serves.
#include "api/openapi.hpp"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "api/routes.hpp"
#include "core/json.hpp"

namespace graphpost::api {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::set<std::pair<std::string, std::string>> DocumentedOperations(const json::value& document) {
  std::set<std::pair<std::string, std::string>> operations;
  const json::object* paths = JsonObject(document, "paths");
  if (paths == nullptr) return operations;
  for (const auto& path : *paths) {
    for (const auto& operation : path.value().as_object()) {
      operations.emplace(Upper(operation.key()), std::string(path.key()));
    }
  }
  return operations;
}

// The routes the gateway serves beside the Api (src/gateway: probes and the operator routes). The
// api library cannot see them, so they are listed here; gateway.md and the gateway's own tests
// describe the same set.
const std::set<std::pair<std::string, std::string>> kGatewayRoutes = {
    {"GET", "/healthz"},
    {"GET", "/readyz"},
    {"GET", "/metrics"},
    {"GET", "/v1/admin/apikeys"},
    {"POST", "/v1/admin/apikeys"},
    {"POST", "/v1/admin/apikeys/{id}/revoke"},
    {"POST", "/v1/admin/purge"},
    {"GET", "/v1/admin/smtp-accounts"},
    {"POST", "/v1/admin/smtp-accounts"},
    {"PATCH", "/v1/admin/smtp-accounts/{name}"},
    {"DELETE", "/v1/admin/smtp-accounts/{name}"},
    {"PUT", "/v1/admin/smtp-accounts/{name}/password"},
};

TEST(OpenApiTest, TheServedDocumentIsTheOneInDocs) {
  std::ifstream file(std::string(GRAPHPOST_SOURCE_DIR) + "/docs/openapi.json");
  std::stringstream text;
  text << file.rdbuf();

  EXPECT_EQ(OpenApiDocument(), text.str());
}

TEST(OpenApiTest, ParsesAsOpenApi31) {
  auto document = ParseJson(OpenApiDocument());

  ASSERT_TRUE(document) << document.error().message;
  EXPECT_EQ(JsonString(*document, "openapi"), "3.1.0");
}

TEST(OpenApiTest, ListsEveryRouteTheRouterServes) {
  auto document = ParseJson(OpenApiDocument());
  ASSERT_TRUE(document);

  const auto documented = DocumentedOperations(*document);

  for (const Route& route : AllRoutes()) {
    EXPECT_TRUE(documented.contains({std::string(route.method), std::string(route.pattern)}))
        << route.method << " " << route.pattern;
  }
}

TEST(OpenApiTest, DocumentsNoMessageRouteTheRouterLacks) {
  auto document = ParseJson(OpenApiDocument());
  ASSERT_TRUE(document);
  std::set<std::pair<std::string, std::string>> served;
  for (const Route& route : AllRoutes()) {
    served.emplace(std::string(route.method), std::string(route.pattern));
  }

  // The gateway's own routes (/v1/admin/..., probes) are served beside the Api, not by it.
  for (const auto& operation : DocumentedOperations(*document)) {
    if (kGatewayRoutes.contains(operation)) continue;
    EXPECT_TRUE(served.contains(operation)) << operation.first << " " << operation.second;
  }
}

TEST(OpenApiTest, ListsTheGatewaysOwnRoutesToo) {
  auto document = ParseJson(OpenApiDocument());
  ASSERT_TRUE(document);

  const auto documented = DocumentedOperations(*document);

  for (const auto& route : kGatewayRoutes) {
    EXPECT_TRUE(documented.contains(route)) << route.first << " " << route.second;
  }
}

TEST(OpenApiTest, TheProbesNeedNoKey) {
  auto document = ParseJson(OpenApiDocument());
  ASSERT_TRUE(document);
  const json::object* paths = JsonObject(*document, "paths");
  ASSERT_NE(paths, nullptr);

  for (std::string_view probe : {"/healthz", "/readyz", "/metrics"}) {
    const json::value* operation = paths->if_contains(probe);
    ASSERT_NE(operation, nullptr) << probe;
    const json::array* security = JsonArray(operation->at("get"), "security");

    EXPECT_TRUE(security != nullptr && security->empty()) << probe;
  }
}

}  // namespace
}  // namespace graphpost::api
