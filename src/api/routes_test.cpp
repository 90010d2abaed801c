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

}  // namespace
}  // namespace graphpost::api
