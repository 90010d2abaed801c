#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "sandbox/identity/identity_test_support.hpp"

namespace graphpost::sandbox::identity::test {
namespace {

using crypto::JwtAlgorithm;
using std::chrono::minutes;

class ClientAssertionTest : public IdentityTest {
 protected:
  http::Response PostAssertion(const AssertionSpec& spec) {
    return PostToken(AssertionForm(MakeAssertion(spec)));
  }
  long long Now() { return ToUnixSeconds(clock.WallNow()); }
};

TEST_F(ClientAssertionTest, Ps256WithSha256ThumbprintIssuesToken) {
  http::Response response = PostAssertion({.alg = JwtAlgorithm::kPs256, .sha256_thumbprint = true});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(JsonString(TokenClaims(response, TokenSigningKey()), "appidacr"), "2");
}

TEST_F(ClientAssertionTest, Rs256WithSha1ThumbprintIssuesToken) {
  http::Response response =
      PostAssertion({.alg = JwtAlgorithm::kRs256, .sha256_thumbprint = false});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(JsonString(TokenClaims(response, TokenSigningKey()), "appidacr"), "2");
}

TEST_F(ClientAssertionTest, AudienceMayNameTenantByDomainOrV1Endpoint) {
  http::Response by_domain =
      PostAssertion({.aud = std::string(kBaseUrl) + "/company.com/oauth2/v2.0/token"});
  http::Response v1 =
      PostAssertion({.aud = std::string(kBaseUrl) + "/" + kTenantId + "/oauth2/token"});

  EXPECT_EQ(by_domain.status, 200) << by_domain.body;
  EXPECT_EQ(v1.status, 200) << v1.body;
}

TEST_F(ClientAssertionTest, UnknownCertificateIs700027WithThumbprintAndAppId) {
  http::Response response = PostAssertion(
      {.sha256_thumbprint = false, .certificate = &OtherCertificate(), .key = &OtherKey()});

  ExpectEstsError(
      response, 401, "invalid_client", 700027,
      "The certificate with identifier used to sign the client assertion is not "
      "registered on application. [Reason - The key was not found., Thumbprint of key "
      "used by client: '" +
          OtherCertificate().ThumbprintSha1Hex() +
          "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to "
          "see configured keys for app Id '" +
          kAppId + "'.");
}

TEST_F(ClientAssertionTest, WrongSigningKeyIs700027SignatureFailure) {
  http::Response response = PostAssertion({.key = &OtherKey()});

  ExpectEstsError(response, 401, "invalid_client", 700027,
                  "Client assertion failed signature validation.");
}

TEST_F(ClientAssertionTest, ExpiredCertificateIs700027) {
  clock.SetWall(std::chrono::sys_days{std::chrono::year{2028} / 6 / 1});

  ExpectEstsError(PostAssertion({}), 401, "invalid_client", 700027,
                  "Client assertion contains an invalid signature. [Reason - The key used is "
                  "expired.");
}

TEST_F(ClientAssertionTest, IssuerOrSubjectMismatchIs700021) {
  ExpectEstsError(PostAssertion({.iss = "someone-else"}), 401, "invalid_client", 700021,
                  "Client assertion application identifier doesn't match 'client_id' parameter.");
  ExpectEstsError(PostAssertion({.sub = "someone-else"}), 401, "invalid_client", 700021,
                  "Client assertion application identifier");
}

TEST_F(ClientAssertionTest, WrongAudienceIs700023) {
  http::Response response = PostAssertion(
      {.aud = "https://localhost:8443/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token"});

  ExpectEstsError(response, 401, "invalid_client", 700023,
                  "Client assertion audience claim does not match Realm issuer.");
}

TEST_F(ClientAssertionTest, ExpiredAssertionIs700024) {
  long long now = Now();

  http::Response response = PostAssertion({.nbf = now - 1200, .exp = now - 301});

  ExpectEstsError(
      response, 401, "invalid_client", 700024,
      "Client assertion is not within its valid time range. Current time: "
      "2026-11-26T09:00:00.0000000Z, assertion valid from 2026-11-26T08:40:00.0000000Z, "
      "expiry time of assertion 2026-11-26T08:54:59.0000000Z.");
}

TEST_F(ClientAssertionTest, ClockSkewOfFiveMinutesIsTolerated) {
  long long now = Now();

  http::Response late = PostAssertion({.nbf = now - 1200, .exp = now - 299});
  http::Response early = PostAssertion({.nbf = now + 299, .exp = now + 900});

  EXPECT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(early.status, 200) << early.body;
}

TEST_F(ClientAssertionTest, NotYetValidAssertionIs700024) {
  long long now = Now();

  ExpectEstsError(PostAssertion({.nbf = now + 301, .exp = now + 900}), 401, "invalid_client",
                  700024, "Client assertion is not within its valid time range.");
}

TEST_F(ClientAssertionTest, MalformedJwtIs50027) {
  ExpectEstsError(PostToken(AssertionForm("not.a.jwt")), 401, "invalid_client", 50027,
                  "JWT token is invalid or malformed.");
}

TEST_F(ClientAssertionTest, ListValuedAudienceIs50027) {
  json::object header{{"x5t#S256", AppCertificate().X5tS256()}};
  json::object payload{{"aud", json::array{std::string(kBaseUrl) + kTokenPath}},
                       {"iss", kAppId},
                       {"sub", kAppId},
                       {"exp", Now() + 600},
                       {"nbf", Now()}};
  std::string assertion =
      *crypto::SignJwt(header, payload, AppCertificateKey(), JwtAlgorithm::kPs256);

  ExpectEstsError(PostToken(AssertionForm(assertion)), 401, "invalid_client", 50027,
                  "JWT token is invalid or malformed.");
}

TEST_F(ClientAssertionTest, MissingThumbprintIs50027) {
  json::object payload{{"aud", std::string(kBaseUrl) + kTokenPath},
                       {"iss", kAppId},
                       {"sub", kAppId},
                       {"exp", Now() + 600}};
  std::string assertion = *crypto::SignJwt({}, payload, AppCertificateKey(), JwtAlgorithm::kRs256);

  ExpectEstsError(PostToken(AssertionForm(assertion)), 401, "invalid_client", 50027,
                  "Invalid JWT token. No certificate thumbprint specified in token header.");
}

TEST_F(ClientAssertionTest, ReusedJtiInDifferentAssertionIsRejected) {
  ASSERT_EQ(PostAssertion({.jti = "same"}).status, 200);
  clock.Advance(std::chrono::seconds(1));  // a new iat/nbf makes a different assertion

  http::Response replay = PostAssertion({.jti = "same"});

  ExpectEstsError(replay, 401, "invalid_client", 50027,
                  "Invalid JWT token. The client assertion's jti 'same' was already used");
}

TEST_F(ClientAssertionTest, SameAssertionMayBeResentLikeMsalNodeDoes) {
  std::string assertion = MakeAssertion({.jti = "cached"});

  http::Response first = PostToken(AssertionForm(assertion));
  clock.Advance(minutes(2));
  http::Response again = PostToken(AssertionForm(assertion));

  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST_F(ClientAssertionTest, JtiMayBeReusedOnceTheFirstAssertionExpired) {
  ASSERT_EQ(PostAssertion({.jti = "recycled"}).status, 200);
  clock.Advance(minutes(16));  // past exp (10 min) + skew (5 min)

  EXPECT_EQ(PostAssertion({.jti = "recycled"}).status, 200);
}

TEST_F(ClientAssertionTest, AssertionTypeMustBeJwtBearer) {
  FormFields wrong = With(AssertionForm(MakeAssertion({})), "client_assertion_type", "saml");
  FormFields missing = Without(AssertionForm(MakeAssertion({})), "client_assertion_type");

  ExpectEstsError(PostToken(wrong), 400, "invalid_request", 90011,
                  "Unexpected client assertion type.");
  ExpectEstsError(
      PostToken(missing), 400, "invalid_request", 900144,
      "The request body must contain the following parameter: 'client_assertion_type'.");
}

TEST(AssertionReplayCacheTest, ForgetsExpiredEntriesWhenFull) {
  AssertionReplayCache cache(2);
  WallTime t0 = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};

  EXPECT_TRUE(cache.Record("app", "a", "A", t0 + minutes(1), t0));
  EXPECT_TRUE(cache.Record("app", "b", "B", t0 + minutes(1), t0));
  EXPECT_TRUE(cache.Record("app", "c", "C", t0 + minutes(10), t0 + minutes(5)));

  EXPECT_FALSE(cache.Record("app", "c", "other", t0 + minutes(10), t0 + minutes(6)));
}

TEST(TokenEndpointAudiencesTest, CoversEveryBaseAndIdentifier) {
  auto audiences = TokenEndpointAudiences({"https://a/", "https://b"}, {"t1", "d.com"});

  EXPECT_EQ(audiences.size(), 8u);
  EXPECT_EQ(audiences[0], "https://a/t1/oauth2/v2.0/token");
  EXPECT_EQ(audiences[7], "https://b/d.com/oauth2/token");
}

}  // namespace
}  // namespace graphpost::sandbox::identity::test
