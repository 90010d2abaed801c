#include "sandbox/identity/discovery.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "sandbox/identity/identity_test_support.hpp"

namespace graphpost::sandbox::identity::test {
namespace {

class DiscoveryTest : public IdentityTest {};

const std::string kTenantBase = std::string(kBaseUrl) + "/" + kTenantId;

TEST_F(DiscoveryTest, OpenIdConfigurationPointsAtSandbox) {
  http::Response response = Get("/company.com/v2.0/.well-known/openid-configuration");

  ASSERT_EQ(response.status, 200) << response.body;
  json::value body = Body(response);
  EXPECT_EQ(JsonString(body, "token_endpoint"), kTenantBase + "/oauth2/v2.0/token");
  EXPECT_EQ(JsonString(body, "jwks_uri"), kTenantBase + "/discovery/v2.0/keys");
  EXPECT_EQ(JsonString(body, "issuer"), kTenantBase + "/v2.0");
  EXPECT_EQ(JsonString(body, "authorization_endpoint"), kTenantBase + "/oauth2/v2.0/authorize");
  EXPECT_EQ(JsonString(body, "end_session_endpoint"), kTenantBase + "/oauth2/v2.0/logout");
  EXPECT_EQ(JsonString(body, "device_authorization_endpoint"),
            kTenantBase + "/oauth2/v2.0/devicecode");
  EXPECT_EQ(JsonString(body, "tenant_region_scope"), "WW");
  const json::array* methods = JsonArray(body, "token_endpoint_auth_methods_supported");
  ASSERT_NE(methods, nullptr);
  EXPECT_EQ(*methods,
            (json::array{"client_secret_post", "private_key_jwt", "client_secret_basic"}));
}

TEST_F(DiscoveryTest, OpenIdConfigurationHasMetadataHeaders) {
  http::Response response =
      Get(std::string("/") + kTenantId + "/v2.0/.well-known/openid-configuration");

  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "max-age=86400, private");
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "*");
}

TEST_F(DiscoveryTest, CommonMetadataUsesTenantPlaceholderInIssuer) {
  json::value body = Body(Get("/common/v2.0/.well-known/openid-configuration"));

  EXPECT_EQ(JsonString(body, "token_endpoint"),
            std::string(kBaseUrl) + "/common/oauth2/v2.0/token");
  EXPECT_EQ(JsonString(body, "issuer"), std::string(kBaseUrl) + "/{tenantid}/v2.0");
}

TEST_F(DiscoveryTest, UnknownTenantMetadataIs90002) {
  http::Response response = Get("/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");

  ExpectEstsError(response, 400, "invalid_tenant", 90002,
                  "Tenant 'contoso.onmicrosoft.com' not found.");
}

TEST_F(DiscoveryTest, MalformedTenantMetadataIs900023) {
  ExpectEstsError(Get("/bad_tenant/v2.0/.well-known/openid-configuration"), 400, "invalid_request",
                  900023, "Specified tenant identifier 'bad_tenant'");
}

TEST_F(DiscoveryTest, JwksPublishesSigningKey) {
  http::Response response = Get(std::string("/") + kTenantId + "/discovery/v2.0/keys");

  ASSERT_EQ(response.status, 200) << response.body;
  json::value body = Body(response);
  const json::array* keys = JsonArray(body, "keys");
  ASSERT_NE(keys, nullptr);
  ASSERT_EQ(keys->size(), 1u);
  const json::value& key = (*keys)[0];
  EXPECT_EQ(JsonString(key, "kty"), "RSA");
  EXPECT_EQ(JsonString(key, "use"), "sig");
  EXPECT_EQ(JsonString(key, "kid"), "sandbox-signing-key");
  EXPECT_EQ(JsonString(key, "x5t"), "sandbox-signing-key");
  EXPECT_EQ(JsonString(key, "n"), Base64UrlEncode(TokenSigningKey().RsaModulus()));
  EXPECT_EQ(JsonString(key, "e"), "AQAB");
  EXPECT_NE(JsonArray(key, "x5c"), nullptr);
  EXPECT_EQ(JsonString(key, "issuer"), kTenantBase + "/v2.0");
}

TEST_F(DiscoveryTest, CommonV1KeysAreServed) {
  http::Response response = Get("/common/discovery/keys");

  ASSERT_EQ(response.status, 200);
  json::value body = Body(response);
  EXPECT_EQ(JsonArray(body, "keys")->size(), 1u);
}

TEST_F(DiscoveryTest, InstanceDiscoveryNamesSandboxHost) {
  http::Response response =
      Get("/common/discovery/instance?api-version=1.1&authorization_endpoint="
          "https%3A%2F%2Flocalhost%3A8443%2Fcompany.com%2Foauth2%2Fv2.0%2Fauthorize");

  ASSERT_EQ(response.status, 200);
  json::value body = Body(response);
  EXPECT_EQ(JsonString(body, "tenant_discovery_endpoint"),
            std::string(kBaseUrl) + "/company.com/v2.0/.well-known/openid-configuration");
  EXPECT_EQ(JsonString(body, "api-version"), "1.1");
  const json::array* metadata = JsonArray(body, "metadata");
  ASSERT_NE(metadata, nullptr);
  ASSERT_EQ(metadata->size(), 1u);
  EXPECT_EQ(JsonString((*metadata)[0], "preferred_network"), "localhost:8443");
  EXPECT_EQ(JsonString((*metadata)[0], "preferred_cache"), "localhost:8443");
  EXPECT_EQ(*JsonArray((*metadata)[0], "aliases"), (json::array{"localhost:8443"}));
}

TEST(DiscoveryFunctionsTest, HostAndPortDropsSchemeAndPath) {
  EXPECT_EQ(HostAndPort("https://localhost:8443"), "localhost:8443");
  EXPECT_EQ(HostAndPort("https://localhost:8443/x/y"), "localhost:8443");
  EXPECT_EQ(HostAndPort("localhost"), "localhost");
}

TEST(DiscoveryFunctionsTest, InstanceDiscoveryDefaultsToCommon) {
  json::object body = InstanceDiscovery("https://localhost:1/", "");

  EXPECT_EQ(body["tenant_discovery_endpoint"],
            "https://localhost:1/common/v2.0/.well-known/openid-configuration");
}

}  // namespace
}  // namespace graphpost::sandbox::identity::test
