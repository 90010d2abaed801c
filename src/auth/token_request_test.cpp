#include "auth/token_request.hpp"

#include <gtest/gtest.h>

#include "auth/token_test_fixtures.hpp"
#include "core/form.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "crypto/jwt.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::auth {
namespace {

using namespace std::chrono_literals;
using test::CertificateCredential;
using test::kClientId;
using test::kTenant;
using test::SecretCredential;

const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 9h;
const std::string kTokenUrl =
    std::string("https://login.microsoftonline.com/") + kTenant + "/oauth2/v2.0/token";

TEST(BuildTokenRequestTest, SecretCredentialPostsTheExactForm) {
  testing::FakeRandom random;
  AppCredential credential = SecretCredential();
  credential.client_secret = Secret("Ab~c.D_e-f+g/h=");

  auto request = BuildTokenRequest(credential, kNow, random);

  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->url, kTokenUrl);
  EXPECT_EQ(request->headers.Get("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request->body, std::string("grant_type=client_credentials&client_id=") + kClientId +
                               "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                               "&client_secret=Ab~c.D_e-f%2Bg%2Fh%3D");
}

TEST(BuildTokenRequestTest, TrailingSlashOnLoginBaseIsDropped) {
  testing::FakeRandom random;
  AppCredential credential = SecretCredential();
  credential.login_base = "https://127.0.0.1:8443/";

  auto request = BuildTokenRequest(credential, kNow, random);

  ASSERT_TRUE(request);
  EXPECT_EQ(request->url, std::string("https://127.0.0.1:8443/") + kTenant + "/oauth2/v2.0/token");
}

TEST(BuildTokenRequestTest, CertificateCredentialPostsASignedAssertion) {
  testing::FakeRandom random;

  auto request = BuildTokenRequest(CertificateCredential(), kNow, random);

  ASSERT_TRUE(request) << request.error().message;
  auto form = ParseForm(request->body);
  ASSERT_TRUE(form);
  ASSERT_EQ(form->size(), 5u);
  EXPECT_EQ((*form)[0], (std::pair<std::string, std::string>{"grant_type", "client_credentials"}));
  EXPECT_EQ((*form)[1].second, kClientId);
  EXPECT_EQ((*form)[2].second, "https://graph.microsoft.com/.default");
  EXPECT_EQ((*form)[3], (std::pair<std::string, std::string>{
                            "client_assertion_type",
                            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}));
  EXPECT_EQ((*form)[4].first, "client_assertion");
  EXPECT_EQ(request->body.find("client_secret"), std::string::npos);
}

TEST(BuildClientAssertionTest, AssertionIsPs256WithX5tS256AndTheDocumentedClaims) {
  testing::FakeRandom random;

  auto assertion = BuildClientAssertion(CertificateCredential(), kNow, random);

  ASSERT_TRUE(assertion) << assertion.error().message;
  auto jwt = crypto::ParseJwt(*assertion);
  ASSERT_TRUE(jwt);
  EXPECT_TRUE(crypto::VerifyJwtSignature(*jwt, test::AppCertificate().PublicKey()));
  EXPECT_EQ(jwt->alg, "PS256");
  EXPECT_EQ(JsonString(jwt->header, "typ"), "JWT");
  EXPECT_EQ(JsonString(jwt->header, "x5t#S256"), test::AppCertificate().X5tS256());
  long long now = std::chrono::duration_cast<std::chrono::seconds>(kNow.time_since_epoch()).count();
  EXPECT_EQ(JsonString(jwt->payload, "aud"), kTokenUrl);
  EXPECT_EQ(JsonString(jwt->payload, "iss"), kClientId);
  EXPECT_EQ(JsonString(jwt->payload, "sub"), kClientId);
  EXPECT_TRUE(IsGuid(JsonString(jwt->payload, "jti").value_or("")));
  EXPECT_EQ(JsonInt(jwt->payload, "nbf"), now);
  EXPECT_EQ(JsonInt(jwt->payload, "iat"), now);
  EXPECT_EQ(JsonInt(jwt->payload, "exp"), now + 600);
}

TEST(BuildClientAssertionTest, EachAssertionHasANewJti) {
  testing::FakeRandom random;

  auto first = crypto::ParseJwt(*BuildClientAssertion(CertificateCredential(), kNow, random));
  auto second = crypto::ParseJwt(*BuildClientAssertion(CertificateCredential(), kNow, random));

  EXPECT_NE(JsonString(first->payload, "jti"), JsonString(second->payload, "jti"));
}

TEST(BuildClientAssertionTest, KeyNotMatchingTheCertificateIsInvalidArgument) {
  testing::FakeRandom random;
  AppCredential credential = CertificateCredential();
  credential.private_key_pem = Secret(test::OtherKey().PrivatePem());

  auto assertion = BuildClientAssertion(credential, kNow, random);

  ASSERT_FALSE(assertion);
  EXPECT_EQ(assertion.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(assertion.error().message, "the private key does not match the certificate");
}

TEST(BuildClientAssertionTest, UnparsableKeyIsInvalidArgumentWithoutEchoingIt) {
  testing::FakeRandom random;
  AppCredential credential = CertificateCredential();
  credential.private_key_pem = Secret("-----BEGIN PRIVATE KEY-----\nTOPSECRETBYTES\n");

  auto assertion = BuildClientAssertion(credential, kNow, random);

  ASSERT_FALSE(assertion);
  EXPECT_EQ(assertion.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(assertion.error().message.find("TOPSECRETBYTES"), std::string::npos);
}

TEST(ValidateCredentialTest, RejectsUnusableCredentials) {
  AppCredential both = CertificateCredential();
  both.client_secret = Secret("s");
  AppCredential neither = SecretCredential();
  neither.client_secret = Secret();
  AppCredential key_only = SecretCredential();
  key_only.client_secret = Secret();
  key_only.private_key_pem = Secret(test::AppKey().PrivatePem());
  AppCredential bad_tenant = SecretCredential();
  bad_tenant.tenant = "contoso.com/../common";
  AppCredential no_client = SecretCredential();
  no_client.client_id.clear();

  for (const AppCredential& credential : {both, neither, key_only, bad_tenant, no_client}) {
    Status status = ValidateCredential(credential);

    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().message.find(test::kSecretValue), std::string::npos);
  }
}

TEST(ValidateCredentialTest, AcceptsGuidAndDomainTenants) {
  AppCredential domain = SecretCredential();
  domain.tenant = "contoso.onmicrosoft.com";

  EXPECT_TRUE(ValidateCredential(SecretCredential()));
  EXPECT_TRUE(ValidateCredential(domain));
  EXPECT_TRUE(ValidateCredential(CertificateCredential()));
}

TEST(CredentialCacheKeyTest, DiffersByClientSecretAndScopeButNotByTenantCase) {
  AppCredential other_secret = SecretCredential();
  other_secret.client_secret = Secret("another");
  AppCredential other_scope = SecretCredential();
  other_scope.scope = "https://graph.microsoft.us/.default";
  AppCredential upper_tenant = SecretCredential();
  upper_tenant.tenant = "0B5A5F8E-6C1D-4C1A-9D1E-3F2A1B0C9D8E";

  std::string key = *CredentialCacheKey(SecretCredential());

  EXPECT_NE(*CredentialCacheKey(other_secret), key);
  EXPECT_NE(*CredentialCacheKey(other_scope), key);
  EXPECT_NE(*CredentialCacheKey(CertificateCredential()), key);
  EXPECT_EQ(*CredentialCacheKey(upper_tenant), key);
  EXPECT_EQ(key.find(test::kSecretValue), std::string::npos);
}

}  // namespace
}  // namespace graphpost::auth
