#include "auth/token_response.hpp"

#include <gtest/gtest.h>

#include "auth/token_test_fixtures.hpp"

namespace graphpost::auth {
namespace {

using namespace std::chrono_literals;
using test::EntraErrorReply;
using test::FakeAccessToken;
using test::TokenReply;
using testing::JsonResponse;

const std::chrono::steady_clock::time_point kNow{100h};

TEST(ParseTokenResponseTest, SuccessGivesTokenExpiringExpiresInFromNow) {
  auto token = ParseTokenResponse(TokenReply("opaque-token", 3599s), kNow);

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->value.Reveal(), "opaque-token");
  EXPECT_EQ(token->expires_at, kNow + 3599s);
  EXPECT_TRUE(token->roles.empty());
}

TEST(ParseTokenResponseTest, ExpiresInMayBeAString) {
  auto token = ParseTokenResponse(
      JsonResponse(200, R"({"token_type":"Bearer","expires_in":"3600","access_token":"t"})"), kNow);

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->expires_at, kNow + 3600s);
}

TEST(ParseTokenResponseTest, DecodesRolesAndTenantFromTheJwtPayload) {
  auto token = ParseTokenResponse(
      TokenReply(FakeAccessToken("a", {"Mail.Send", "Mail.ReadWrite"}, "tid-1"), 3600s), kNow);

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->roles, (std::vector<std::string>{"Mail.Send", "Mail.ReadWrite"}));
  EXPECT_EQ(token->tenant_id, "tid-1");
}

TEST(ParseTokenResponseTest, SuccessWithoutTokenOrExpiryIsInternal) {
  for (const char* body :
       {R"({"token_type":"Bearer","expires_in":3600})",
        R"({"token_type":"Bearer","access_token":"t"})",
        R"({"token_type":"Bearer","expires_in":"soon","access_token":"t"})",
        R"({"token_type":"MAC","expires_in":3600,"access_token":"t"})", "<html>ok</html>"}) {
    auto token = ParseTokenResponse(JsonResponse(200, body), kNow);

    ASSERT_FALSE(token) << body;
    EXPECT_EQ(token.error().code, ErrorCode::kInternal) << body;
  }
}

struct Row {
  int status;
  std::string error;
  long long code;
  ErrorCode expected;
};

// One row per line of the table in token_response.hpp.
const Row kRows[] = {
    {401, "invalid_client", 7000215, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 7000222, ErrorCode::kUnauthenticated},
    {403, "invalid_client", 7000222, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 700027, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 7000218, ErrorCode::kUnauthenticated},
    {400, "invalid_request", 7000216, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 700021, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 700023, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 700024, ErrorCode::kUnauthenticated},
    {401, "invalid_client", 50027, ErrorCode::kUnauthenticated},
    {400, "invalid_tenant", 90002, ErrorCode::kNotFound},
    {400, "invalid_request", 90002, ErrorCode::kNotFound},
    {400, "invalid_request", 900023, ErrorCode::kInvalidArgument},
    {400, "invalid_request", 9001023, ErrorCode::kInvalidArgument},
    {400, "unauthorized_client", 700016, ErrorCode::kNotFound},
    {400, "invalid_resource", 500011, ErrorCode::kNotFound},
    {400, "unauthorized_client", 7000112, ErrorCode::kPermissionDenied},
    {401, "unauthorized_client", 7000112, ErrorCode::kPermissionDenied},
    {400, "invalid_scope", 1002012, ErrorCode::kInvalidArgument},
    {400, "invalid_scope", 70011, ErrorCode::kInvalidArgument},
    {400, "invalid_request", 90014, ErrorCode::kInvalidArgument},
    {400, "unsupported_grant_type", 70003, ErrorCode::kInvalidArgument},
    {401, "invalid_client", 1, ErrorCode::kUnauthenticated},
    {400, "unauthorized_client", 2, ErrorCode::kPermissionDenied},
    {400, "mystery", 3, ErrorCode::kInvalidArgument},
    {403, "mystery", 3, ErrorCode::kPermissionDenied},
    {404, "mystery", 3, ErrorCode::kNotFound},
    {302, "mystery", 3, ErrorCode::kInternal},
    {429, "temporarily_unavailable", 50196, ErrorCode::kThrottled},
    {500, "server_error", 90033, ErrorCode::kUnavailable},
    {503, "temporarily_unavailable", 90006, ErrorCode::kUnavailable},
};

TEST(ParseTokenResponseTest, ClassifiesEveryEntraError) {
  for (const Row& row : kRows) {
    auto reply = EntraErrorReply(row.status, row.error, row.code, "Something about app 'x'.");

    auto token = ParseTokenResponse(reply, kNow);

    ASSERT_FALSE(token);
    std::string remote_code = "AADSTS" + std::to_string(row.code);
    EXPECT_EQ(token.error().code, row.expected) << remote_code << " HTTP " << row.status;
    EXPECT_EQ(token.error().remote_code, remote_code);
  }
}

TEST(ParseTokenResponseTest, MessageIsStatusErrorAndFirstDescriptionLine) {
  auto reply = EntraErrorReply(401, "invalid_client", 7000215, "Invalid client secret provided.");

  auto token = ParseTokenResponse(reply, kNow);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().message,
            "Entra token endpoint: HTTP 401 invalid_client: AADSTS7000215: Invalid client secret "
            "provided.");
  EXPECT_EQ(token.error().retry_after, std::nullopt);
}

TEST(ParseTokenResponseTest, ErrorWithoutErrorCodesHasNoRemoteCode) {
  auto token = ParseTokenResponse(JsonResponse(400, R"({"error":"invalid_scope"})"), kNow);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(token.error().remote_code, "");
  EXPECT_EQ(token.error().message, "Entra token endpoint: HTTP 400 invalid_scope");
}

TEST(ParseTokenResponseTest, ThrottlingKeepsRetryAfter) {
  auto reply = EntraErrorReply(429, "temporarily_unavailable", 50196, "Slow down.");
  reply.headers.Set("Retry-After", "7");

  auto token = ParseTokenResponse(reply, kNow);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(token.error().retry_after, 7s);
}

TEST(ParseTokenResponseTest, NonJsonBodiesAreUnavailableFor5xxElseInternal) {
  http::ClientResponse gateway{502, {}, "<html>Bad Gateway</html>"};
  http::ClientResponse odd{400, {}, "nope"};
  http::ClientResponse busy{429, {}, ""};

  EXPECT_EQ(ParseTokenResponse(gateway, kNow).error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(ParseTokenResponse(odd, kNow).error().code, ErrorCode::kInternal);
  EXPECT_EQ(ParseTokenResponse(busy, kNow).error().code, ErrorCode::kThrottled);
  EXPECT_NE(ParseTokenResponse(odd, kNow).error().message.find("HTTP 400"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::auth
