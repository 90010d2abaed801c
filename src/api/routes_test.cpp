#include "api/routes.hpp"

#include <gtest/gtest.h>

namespace graphpost::api {
namespace {

TEST(MatchRouteTest, MatchesLiteralAndTemplatedPaths) {
  std::string allow;

  auto get = MatchRoute("GET", "/v1/messages/abc", allow);
  auto batch = MatchRoute("POST", "/v1/messages/batch", allow);
  auto cancel = MatchRoute("POST", "/v1/messages/abc/cancel", allow);

  ASSERT_TRUE(get && batch && cancel);
  EXPECT_EQ(get->id, RouteId::kGet);
  EXPECT_EQ(get->id_param, "abc");
  EXPECT_EQ(batch->id, RouteId::kSubmitBatch);
  EXPECT_EQ(cancel->id, RouteId::kCancel);
  EXPECT_EQ(cancel->id_param, "abc");
}

TEST(MatchRouteTest, NamesTheAllowedMethodsOfAKnownPath) {
  std::string allow;

  EXPECT_FALSE(MatchRoute("PUT", "/v1/messages/abc", allow));
  EXPECT_EQ(allow, "GET");
  EXPECT_FALSE(MatchRoute("GET", "/v1/messages/abc/retry", allow));
  EXPECT_EQ(allow, "POST");
  EXPECT_FALSE(MatchRoute("GET", "/v1/messages/", allow));
  EXPECT_EQ(allow, "");
  EXPECT_FALSE(MatchRoute("GET", "/v2/messages", allow));
  EXPECT_EQ(allow, "");
}

TEST(MatchRouteTest, AnswersOtherMethodsOfTheBatchPathWith405NotAsAMessageId) {
  std::string allow;

  EXPECT_FALSE(MatchRoute("GET", "/v1/messages/batch", allow));
  EXPECT_EQ(allow, "POST");
  EXPECT_FALSE(MatchRoute("DELETE", "/v1/messages/batch", allow));
  EXPECT_EQ(allow, "POST");
}

TEST(MatchRouteTest, EveryRouteAnswersAWrongMethodWithItsAllowedMethods) {
  const std::string id = "5b0c8f0e-2c1d-4a7e-9a51-0d2f6f1c9e3a";
  for (const Route& route : AllRoutes()) {
    std::string path(route.pattern);
    if (auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, id);
    for (std::string_view method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}) {
      std::string allow;
      auto match = MatchRoute(method, path, allow);
      if (match) continue;  // a route of this path has the method

      EXPECT_NE(allow.find(route.method), std::string::npos) << method << " " << path;
    }
  }
}

}  // namespace
}  // namespace graphpost::api
