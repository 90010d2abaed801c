#include "sandbox/identity/token_request.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"

namespace graphpost::sandbox::identity {
namespace {

http::Request FormRequest(std::string body) {
  http::Request request;
  request.method = "POST";
  request.path = "/t/oauth2/v2.0/token";
  request.headers.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8");
  request.body = std::move(body);
  return request;
}

TEST(ParseTokenRequestTest, ReadsKnownFieldsAndIgnoresTelemetry) {
  auto parsed = ParseTokenRequest(FormRequest(
      "client_id=app&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type="
      "client_credentials&x-client-SKU=msal.js.node&client-request-id=abc&client_secret=s%2Bt"));

  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->client_id, "app");
  EXPECT_EQ(parsed->scope, "https://graph.microsoft.com/.default");
  EXPECT_EQ(parsed->grant_type, "client_credentials");
  EXPECT_EQ(parsed->client_secret, "s+t");
  EXPECT_EQ(parsed->client_request_id, "abc");
  EXPECT_FALSE(parsed->client_assertion.has_value());
}

TEST(ParseTokenRequestTest, EmptyValuesCountAsAbsent) {
  auto parsed = ParseTokenRequest(FormRequest("client_secret=&scope="));

  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(parsed->client_secret.has_value());
  EXPECT_FALSE(parsed->scope.has_value());
}

TEST(ParseTokenRequestTest, BasicCredentialIsPercentDecoded) {
  http::Request request = FormRequest("grant_type=client_credentials");
  request.headers.Set("Authorization", "Basic " + Base64Encode("my%20app:a%2Bb%3Ac+d"));

  auto parsed = ParseTokenRequest(request);

  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->client_id, "my app");
  EXPECT_EQ(parsed->client_secret, "a+b:c d");
}

TEST(ParseTokenRequestTest, FormSecretWinsOverBasic) {
  http::Request request = FormRequest("client_id=app&client_secret=form");
  request.headers.Set("Authorization", "Basic " + Base64Encode("app:basic"));

  EXPECT_EQ(ParseTokenRequest(request)->client_secret, "form");
}

TEST(ParseTokenRequestTest, ClientRequestIdFallsBackToHeaderThenQuery) {
  http::Request request = FormRequest("client_id=app");
  request.query = "client-request-id=from-query";
  EXPECT_EQ(ParseTokenRequest(request)->client_request_id, "from-query");

  request.headers.Set("client-request-id", "from-header");
  EXPECT_EQ(ParseTokenRequest(request)->client_request_id, "from-header");
}

TEST(ParseTokenRequestTest, RejectsUndecodableInput) {
  http::Request bad_basic = FormRequest("");
  bad_basic.headers.Set("Authorization", "Basic !!!");
  http::Request no_colon = FormRequest("");
  no_colon.headers.Set("Authorization", "Basic " + Base64Encode("nocolon"));

  EXPECT_FALSE(ParseTokenRequest(FormRequest("a=%4")).has_value());
  EXPECT_FALSE(ParseTokenRequest(bad_basic).has_value());
  EXPECT_FALSE(ParseTokenRequest(no_colon).has_value());
}

TEST(ClassifyTenantTest, RecognisesEveryKind) {
  EXPECT_EQ(ClassifyTenant("3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13"), TenantKind::kGuid);
  EXPECT_EQ(ClassifyTenant("00000000-0000-0000-0000-000000000000"), TenantKind::kEmptyGuid);
  EXPECT_EQ(ClassifyTenant("contoso.onmicrosoft.com"), TenantKind::kDomain);
  EXPECT_EQ(ClassifyTenant("Common"), TenantKind::kMultiTenant);
  EXPECT_EQ(ClassifyTenant("organizations"), TenantKind::kMultiTenant);
  EXPECT_EQ(ClassifyTenant("contoso"), TenantKind::kMalformed);
  EXPECT_EQ(ClassifyTenant("-bad.com"), TenantKind::kMalformed);
  EXPECT_EQ(ClassifyTenant("a..com"), TenantKind::kMalformed);
  EXPECT_EQ(ClassifyTenant(""), TenantKind::kMalformed);
}

TEST(CheckScopeTest, AcceptsOneDefaultScopeAmongOidcScopes) {
  auto resource = CheckScope("openid https://graph.microsoft.com/.default  offline_access");

  ASSERT_TRUE(resource.has_value());
  EXPECT_EQ(*resource, "https://graph.microsoft.com");
}

TEST(CheckScopeTest, SameResourceTwiceIsOneResource) {
  auto resource =
      CheckScope("https://graph.microsoft.com/.default https://GRAPH.microsoft.com//.default");

  EXPECT_TRUE(resource.has_value());
}

TEST(CheckScopeTest, ReportsTheRightCode) {
  EXPECT_EQ(CheckScope(std::nullopt).error().code, 90014);
  EXPECT_EQ(CheckScope("   ").error().code, 90014);
  EXPECT_EQ(CheckScope("User.Read").error().code, 1002012);
  EXPECT_EQ(CheckScope("/.default").error().code, 70011);
  EXPECT_EQ(CheckScope("email profile").error().code, 70011);
  EXPECT_EQ(CheckScope("https://a/.default https://b/.default").error().code, 700022);
}

TEST(IsGraphResourceTest, AcceptsUriAndAppId) {
  EXPECT_TRUE(IsGraphResource("https://graph.microsoft.com"));
  EXPECT_TRUE(IsGraphResource("https://graph.microsoft.com/"));
  EXPECT_TRUE(IsGraphResource("00000003-0000-0000-C000-000000000000"));
  EXPECT_FALSE(IsGraphResource("https://graph.microsoft.us"));
}

}  // namespace
}  // namespace graphpost::sandbox::identity
