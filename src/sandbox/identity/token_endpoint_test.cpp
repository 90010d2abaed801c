#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "crypto/digest.hpp"
#include "sandbox/identity/identity_test_support.hpp"

namespace graphpost::sandbox::identity::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class TokenEndpointTest : public IdentityTest {};

std::string BasicHeader(std::string_view user, std::string_view password) {
  return "Basic " + Base64Encode(PercentEncode(user) + ":" + PercentEncode(password));
}

TEST_F(TokenEndpointTest, SecretInFormIssuesBearerToken) {
  http::Response response = PostToken(SecretForm());

  ASSERT_EQ(response.status, 200) << response.body;
  json::value body = Body(response);
  EXPECT_EQ(JsonString(body, "token_type"), "Bearer");
  EXPECT_EQ(JsonInt(body, "expires_in"), 3600);
  EXPECT_EQ(JsonInt(body, "ext_expires_in"), 3600);
  EXPECT_TRUE(JsonString(body, "access_token").has_value());
  EXPECT_EQ(body.as_object().size(), 4u);  // no scope, refresh_token or id_token
}

TEST_F(TokenEndpointTest, SuccessCarriesEstsHeaders) {
  http::Response response = PostToken(SecretForm());

  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "no-store, no-cache");
  EXPECT_EQ(response.headers.Get("Pragma"), "no-cache");
  EXPECT_EQ(response.headers.Get("Expires"), "-1");
  EXPECT_TRUE(IsGuid(std::string(response.headers.Get("x-ms-request-id").value_or(""))));
  EXPECT_EQ(response.headers.Get("X-Sandbox-Log-App"), kAppId);
}

TEST_F(TokenEndpointTest, SecretViaBasicAuthIsPercentDecoded) {
  std::string odd_secret = "Xy8Q~a+b/c:d%e f";
  app().secrets.push_back(PasswordCredential{"9a8b7c6d-5e4f-4321-8fed-cba987654321", "odd", "Xy8",
                                             crypto::HexLower(crypto::Sha256(odd_secret)),
                                             clock.WallNow(), clock.WallNow() + hours(1)});
  FormFields form = Without(Without(SecretForm(), "client_secret"), "client_id");

  http::Response response = Post(kTokenPath, form, BasicHeader(kAppId, odd_secret));

  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(TokenEndpointTest, TokenIsV1GraphTokenSignedWithSandboxKey) {
  http::Response response = PostToken(SecretForm());

  json::value claims = TokenClaims(response, TokenSigningKey());
  std::string issuer = std::string("https://sts.windows.net/") + kTenantId + "/";
  EXPECT_EQ(JsonString(claims, "aud"), "https://graph.microsoft.com");
  EXPECT_EQ(JsonString(claims, "iss"), issuer);
  EXPECT_EQ(JsonString(claims, "idp"), issuer);
  EXPECT_EQ(JsonString(claims, "appid"), kAppId);
  EXPECT_EQ(JsonString(claims, "appidacr"), "1");
  EXPECT_EQ(JsonString(claims, "app_displayname"), "SlapFive Email Automation");
  EXPECT_EQ(JsonString(claims, "idtyp"), "app");
  EXPECT_EQ(JsonString(claims, "oid"), kSpObjectId);
  EXPECT_EQ(JsonString(claims, "sub"), kSpObjectId);
  EXPECT_EQ(JsonString(claims, "tid"), kTenantId);
  EXPECT_EQ(JsonString(claims, "ver"), "1.0");
  EXPECT_EQ(JsonString(claims, "tenant_region_scope"), "WW");
  EXPECT_TRUE(claims.as_object().contains("uti") && claims.as_object().contains("aio") &&
              claims.as_object().contains("rh"));
}

TEST_F(TokenEndpointTest, TokenHeaderNamesSigningKey) {
  http::Response response = PostToken(SecretForm());

  auto jwt = crypto::ParseJwt(*JsonString(Body(response), "access_token"));
  ASSERT_TRUE(jwt.has_value());
  EXPECT_EQ(JsonString(jwt->header, "typ"), "JWT");
  EXPECT_EQ(JsonString(jwt->header, "alg"), "RS256");
  EXPECT_EQ(JsonString(jwt->header, "kid"), "sandbox-signing-key");
  EXPECT_EQ(JsonString(jwt->header, "x5t"), "sandbox-signing-key");
}

TEST_F(TokenEndpointTest, RolesClaimAbsentWithoutConsent) {
  json::value claims = TokenClaims(PostToken(SecretForm()), TokenSigningKey());

  EXPECT_FALSE(claims.as_object().contains("roles"));
}

TEST_F(TokenEndpointTest, RolesClaimListsGrantedAppRoles) {
  service_principal().granted_app_roles = {"Mail.Send", "Mail.ReadWrite"};

  json::value claims = TokenClaims(PostToken(SecretForm()), TokenSigningKey());

  ASSERT_TRUE(claims.as_object().contains("roles"));
  EXPECT_EQ(*JsonArray(claims, "roles"), (json::array{"Mail.Send", "Mail.ReadWrite"}));
}

TEST_F(TokenEndpointTest, LifetimeIsDrawnFromSettingsAndMatchesExp) {
  world.settings.tokens.min_lifetime = minutes(60);
  world.settings.tokens.max_lifetime = minutes(90);
  random.PushUniform(4321);
  long long now = ToUnixSeconds(clock.WallNow());

  http::Response response = PostToken(SecretForm());

  EXPECT_EQ(JsonInt(Body(response), "expires_in"), 4321);
  json::value claims = TokenClaims(response, TokenSigningKey());
  EXPECT_EQ(*JsonInt(claims, "exp") - now, 4321);
  EXPECT_EQ(*JsonInt(claims, "iat"), now - 300);  // ESTS backdates iat/nbf by five minutes
  EXPECT_EQ(*JsonInt(claims, "nbf"), now - 300);
}

TEST_F(TokenEndpointTest, LifetimeStaysInsideConfiguredRange) {
  world.settings.tokens.min_lifetime = minutes(60);
  world.settings.tokens.max_lifetime = minutes(90);
  random.PushUniform(1);
  random.PushUniform(99999);

  long long low = *JsonInt(Body(PostToken(SecretForm())), "expires_in");
  long long high = *JsonInt(Body(PostToken(SecretForm())), "expires_in");

  EXPECT_EQ(low, 3600);
  EXPECT_EQ(high, 5400);
}

TEST_F(TokenEndpointTest, TenantMayBeNamedByAnyDomain) {
  http::Response response = Post("/Company.com/oauth2/v2.0/token", SecretForm());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(JsonString(TokenClaims(response, TokenSigningKey()), "tid"), kTenantId);
}

TEST_F(TokenEndpointTest, OidcScopesNextToDefaultAreTolerated) {
  FormFields form =
      With(SecretForm(), "scope", std::string(kGraphDefault) + " openid profile offline_access");

  EXPECT_EQ(PostToken(form).status, 200);
}

TEST_F(TokenEndpointTest, GraphMayBeNamedByAppIdOrWithTrailingSlash) {
  FormFields by_id = With(SecretForm(), "scope", "00000003-0000-0000-c000-000000000000/.default");
  FormFields slash = With(SecretForm(), "scope", "https://graph.microsoft.com//.default");

  EXPECT_EQ(PostToken(by_id).status, 200);
  EXPECT_EQ(PostToken(slash).status, 200);
}

TEST_F(TokenEndpointTest, V1EndpointTakesResourceAndAnswersWithStrings) {
  FormFields form =
      With(Without(SecretForm(), "scope"), "resource", "https://graph.microsoft.com/");

  http::Response response = Post("/company.onmicrosoft.com/oauth2/token", form);

  ASSERT_EQ(response.status, 200) << response.body;
  json::value body = Body(response);
  EXPECT_EQ(JsonString(body, "expires_in"), "3600");
  EXPECT_EQ(JsonString(body, "resource"), "https://graph.microsoft.com");
  EXPECT_EQ(JsonString(body, "expires_on"), std::to_string(ToUnixSeconds(clock.WallNow()) + 3600));
}

TEST_F(TokenEndpointTest, ErrorBodyHasEstsShape) {
  http::Response response = PostToken(With(SecretForm(), "client_secret", "wrong"));

  json::value body = Body(response);
  std::string trace = JsonString(body, "trace_id").value_or("");
  EXPECT_TRUE(IsGuid(trace));
  EXPECT_EQ(JsonString(body, "correlation_id"), "6c57f9e6-1b2c-4d3e-8f40-5a6b7c8d9e0f");
  EXPECT_EQ(JsonString(body, "timestamp"), "2026-11-26 09:00:00Z");
  std::string description = JsonString(body, "error_description").value_or("");
  EXPECT_NE(
      description.find("\r\nTrace ID: " + trace +
                       "\r\nCorrelation ID: "
                       "6c57f9e6-1b2c-4d3e-8f40-5a6b7c8d9e0f\r\nTimestamp: 2026-11-26 09:00:00Z"),
      std::string::npos)
      << description;
  EXPECT_EQ(response.headers.Get("x-ms-request-id"), trace);
  EXPECT_EQ(response.headers.Get("X-Sandbox-Log-App"), kAppId);
}

TEST_F(TokenEndpointTest, CorrelationIdIsNewWhenClientSentNone) {
  http::Response response =
      PostToken(Without(With(SecretForm(), "client_secret", "x"), "client-request-id"));

  std::string correlation = JsonString(Body(response), "correlation_id").value_or("");
  EXPECT_TRUE(IsGuid(correlation));
  EXPECT_NE(correlation, "6c57f9e6-1b2c-4d3e-8f40-5a6b7c8d9e0f");
}

TEST_F(TokenEndpointTest, WrongSecretIs7000215) {
  http::Response response = PostToken(With(SecretForm(), "client_secret", "nope"));

  ExpectEstsError(response, 401, "invalid_client", 7000215,
                  std::string("Invalid client secret provided. Ensure the secret being sent in the "
                              "request is the client secret value, not the client secret ID, for a "
                              "secret added to app '") +
                      kAppId + "'.");
}

TEST_F(TokenEndpointTest, SecretIdInsteadOfValueIs7000215) {
  http::Response response = PostToken(With(SecretForm(), "client_secret", kSecretKeyId));

  ExpectEstsError(response, 401, "invalid_client", 7000215, "Invalid client secret provided.");
}

TEST_F(TokenEndpointTest, ExpiredSecretIs7000222) {
  clock.Advance(hours(24 * 366));

  http::Response response = PostToken(SecretForm());

  ExpectEstsError(
      response, 401, "invalid_client", 7000222,
      std::string("The provided client secret keys for app '") + kAppId + "' are expired.");
}

TEST_F(TokenEndpointTest, UnknownAppIs700016WithTenantName) {
  FormFields form = With(SecretForm(), "client_id", "00000000-1111-4222-8333-444444444444");

  ExpectEstsError(PostToken(form), 400, "unauthorized_client", 700016,
                  "Application with identifier '00000000-1111-4222-8333-444444444444' was not "
                  "found in the directory 'Company'.");
}

TEST_F(TokenEndpointTest, AppWithoutServicePrincipalIs700016) {
  tenant().service_principals.clear();

  ExpectEstsError(PostToken(SecretForm()), 400, "unauthorized_client", 700016, "Application with");
}

TEST_F(TokenEndpointTest, UnknownTenantIs90002) {
  http::Response by_id =
      Post("/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token", SecretForm());
  http::Response by_name = Post("/contoso.onmicrosoft.com/oauth2/v2.0/token", SecretForm());

  ExpectEstsError(by_id, 400, "invalid_tenant", 90002,
                  "Tenant '11111111-2222-4333-8444-555555555555' not found.");
  ExpectEstsError(by_name, 400, "invalid_tenant", 90002,
                  "Tenant 'contoso.onmicrosoft.com' not found.");
}

TEST_F(TokenEndpointTest, MalformedTenantIs900023) {
  ExpectEstsError(Post("/not_a_tenant/oauth2/v2.0/token", SecretForm()), 400, "invalid_request",
                  900023,
                  "Specified tenant identifier 'not_a_tenant' is neither a valid DNS name, nor a "
                  "valid external domain.");
  ExpectEstsError(Post("/contoso/oauth2/v2.0/token", SecretForm()), 400, "invalid_request", 900023,
                  "Specified tenant identifier 'contoso'");
}

TEST_F(TokenEndpointTest, EmptyGuidTenantIs90002Variant) {
  http::Response response =
      Post("/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token", SecretForm());

  ExpectEstsError(
      response, 400, "invalid_tenant", 90002,
      "Requested tenant identifier '00000000-0000-0000-0000-000000000000' is not valid.");
}

TEST_F(TokenEndpointTest, MultiTenantAuthoritiesAre9001023) {
  for (std::string_view alias : {"common", "organizations", "consumers"}) {
    http::Response response = Post("/" + std::string(alias) + "/oauth2/v2.0/token", SecretForm());

    ExpectEstsError(response, 400, "invalid_request", 9001023,
                    "The grant type is not supported over the /common or /consumers endpoints.");
  }
}

TEST_F(TokenEndpointTest, ScopeWithoutDefaultIs1002012) {
  for (std::string scope : {"Mail.Send", "https://graph.microsoft.com/Mail.Send"}) {
    ExpectEstsError(PostToken(With(SecretForm(), "scope", scope)), 400, "invalid_scope", 1002012,
                    "The provided value for scope " + scope +
                        " is not valid. Client credential flows must have a scope value with "
                        "/.default suffixed to the resource identifier (application ID URI).");
  }
}

TEST_F(TokenEndpointTest, BadScopeValueIs70011) {
  ExpectEstsError(PostToken(With(SecretForm(), "scope", "/.default")), 400, "invalid_scope", 70011,
                  "The provided value for the input parameter 'scope' is not valid.");
  ExpectEstsError(PostToken(With(SecretForm(), "scope", "openid profile")), 400, "invalid_scope",
                  70011, "The provided value for the input parameter 'scope' is not valid.");
}

TEST_F(TokenEndpointTest, MissingScopeIs90014) {
  ExpectEstsError(PostToken(Without(SecretForm(), "scope")), 400, "invalid_request", 90014,
                  "The required field 'scope' is missing from the credential.");
}

TEST_F(TokenEndpointTest, TwoResourcesAre700022) {
  FormFields form =
      With(SecretForm(), "scope",
           "https://graph.microsoft.com/.default https://management.azure.com/.default");

  ExpectEstsError(PostToken(form), 400, "invalid_scope", 700022,
                  "The provided value for the input parameter scope is not valid because it "
                  "contains more than one resource.");
}

TEST_F(TokenEndpointTest, UnknownResourceIs500011) {
  FormFields form = With(SecretForm(), "scope", "https://management.azure.com/.default");

  ExpectEstsError(PostToken(form), 400, "invalid_resource", 500011,
                  "The resource principal named https://management.azure.com was not found in the "
                  "tenant named Company.");
}

TEST_F(TokenEndpointTest, MissingGrantTypeIs900144) {
  ExpectEstsError(PostToken(Without(SecretForm(), "grant_type")), 400, "invalid_request", 900144,
                  "The request body must contain the following parameter: 'grant_type'.");
}

TEST_F(TokenEndpointTest, UnsupportedGrantIs70003) {
  ExpectEstsError(PostToken(With(SecretForm(), "grant_type", "password")), 400,
                  "unsupported_grant_type", 70003,
                  "The app requested an unsupported grant type 'password'.");
}

TEST_F(TokenEndpointTest, MissingClientIdIs900144) {
  ExpectEstsError(PostToken(Without(SecretForm(), "client_id")), 400, "invalid_request", 900144,
                  "The request body must contain the following parameter: 'client_id'.");
}

TEST_F(TokenEndpointTest, MissingSecretIs7000218) {
  ExpectEstsError(PostToken(Without(SecretForm(), "client_secret")), 401, "invalid_client", 7000218,
                  "The request body must contain the following parameter: 'client_assertion' or "
                  "'client_secret'.");
}

TEST_F(TokenEndpointTest, BasicCredentialForAnotherClientIsIgnored) {
  FormFields form = Without(SecretForm(), "client_secret");

  http::Response response =
      Post(kTokenPath, form, BasicHeader("00000000-1111-4222-8333-444444444444", kSecret));

  ExpectEstsError(response, 401, "invalid_client", 7000218, "The request body must contain");
}

TEST_F(TokenEndpointTest, GetIs900561) {
  http::Response response = Get(kTokenPath);

  ExpectEstsError(response, 400, "invalid_request", 900561,
                  "The endpoint only accepts POST, OPTIONS requests. Received a GET request.");
}

TEST_F(TokenEndpointTest, DisabledAppIs7000112) {
  service_principal().enabled = false;

  ExpectEstsError(
      PostToken(SecretForm()), 400, "unauthorized_client", 7000112,
      std::string("Application '") + kAppId + "'(SlapFive Email Automation) is disabled.");
}

TEST_F(TokenEndpointTest, UndecodableBodyIs9002313) {
  http::Request request;
  request.method = "POST";
  request.path = kTokenPath;
  request.body = "client_id=%zz&grant_type=client_credentials";

  http::Response response = *service.Handle(request);

  ExpectEstsError(response, 400, "invalid_request", 9002313, "Invalid request.");
}

TEST_F(TokenEndpointTest, TokenOutageIs503WithRetryAfter) {
  world.faults.push_back(FaultRule{.tenant_id = "company.com", .token_outage = true});

  http::Response response = PostToken(SecretForm());

  ExpectEstsError(response, 503, "temporarily_unavailable", 90033,
                  "A transient error has occurred. Please try again.");
  EXPECT_EQ(response.headers.Get("Retry-After"), "5");
}

TEST_F(TokenEndpointTest, OutageRuleWithoutTenantMatchesEveryTenant) {
  world.faults.push_back(FaultRule{.token_outage = true});

  EXPECT_EQ(PostToken(SecretForm()).status, 503);
}

TEST_F(TokenEndpointTest, OutageOfAnotherTenantDoesNotApply) {
  world.faults.push_back(
      FaultRule{.tenant_id = "11111111-2222-4333-8444-555555555555", .token_outage = true});
  world.faults.push_back(FaultRule{.tenant_id = std::string(kTenantId), .error_rate = 1.0});

  EXPECT_EQ(PostToken(SecretForm()).status, 200);
}

TEST_F(TokenEndpointTest, NonEntraPathsAreNotHandled) {
  http::Request request;
  request.method = "POST";
  request.path = "/v1.0/users/someone/sendMail";

  EXPECT_FALSE(service.Handle(request).has_value());
}

}  // namespace
}  // namespace graphpost::sandbox::identity::test
