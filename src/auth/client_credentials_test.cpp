#include "auth/client_credentials.hpp"

#include <gtest/gtest.h>

#include "auth/token_test_fixtures.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::auth {
namespace {

using namespace std::chrono_literals;
using test::CertificateCredential;
using test::EntraErrorReply;
using test::FakeAccessToken;
using test::SecretCredential;
using test::TokenReply;

class TokenCacheTest : public ::testing::Test {
 protected:
  testing::FakeHttpTransport http_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  TokenCache cache_{http_, clock_, random_};
};

TEST_F(TokenCacheTest, FirstGetPostsToTheTokenEndpointAndReturnsTheToken) {
  http_.Enqueue(TokenReply(FakeAccessToken("t1", {"Mail.Send"}), 3599s));

  auto token = cache_.Get(SecretCredential());

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->value.Reveal(), FakeAccessToken("t1", {"Mail.Send"}));
  EXPECT_EQ(token->expires_at, clock_.MonotonicNow() + 3599s);
  EXPECT_EQ(token->roles, std::vector<std::string>{"Mail.Send"});
  EXPECT_EQ(token->tenant_id, test::kTenant);
  ASSERT_EQ(http_.request_count(), 1u);
  http::ClientRequest request = http_.requests()[0];
  EXPECT_EQ(request.url, std::string("https://login.microsoftonline.com/") + test::kTenant +
                             "/oauth2/v2.0/token");
  EXPECT_EQ(request.timeout, 30s);
  EXPECT_NE(request.body.find("client_secret="), std::string::npos);
  EXPECT_EQ(cache_.token_requests(), 1u);
}

TEST_F(TokenCacheTest, CertificateCredentialGetsATokenWithAnAssertion) {
  http_.Enqueue(TokenReply("t1", 3599s));

  auto token = cache_.Get(CertificateCredential());

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_NE(http_.requests()[0].body.find("client_assertion="), std::string::npos);
}

TEST_F(TokenCacheTest, SecondGetIsServedFromTheCache) {
  http_.Enqueue(TokenReply("t1", 3599s));
  ASSERT_TRUE(cache_.Get(SecretCredential()));
  clock_.Advance(30min);

  auto token = cache_.Get(SecretCredential());

  ASSERT_TRUE(token);
  EXPECT_EQ(token->value.Reveal(), "t1");
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(TokenCacheTest, RefreshesWhenWithinRefreshAheadOfExpiry) {
  http_.Enqueue(TokenReply("t1", 3600s));
  http_.Enqueue(TokenReply("t2", 3600s));
  ASSERT_TRUE(cache_.Get(SecretCredential()));
  clock_.Advance(3600s - 301s);
  ASSERT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t1");

  clock_.Advance(2s);  // now 299 s before expiry, inside the 300 s refresh window

  EXPECT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t2");
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(TokenCacheTest, ShortLivedTokensRefreshAtHalfTheirLifetime) {
  http_.Enqueue(TokenReply("t1", 120s));
  http_.Enqueue(TokenReply("t2", 120s));
  ASSERT_TRUE(cache_.Get(SecretCredential()));
  clock_.Advance(59s);
  ASSERT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t1");

  clock_.Advance(1s);

  EXPECT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t2");
}

TEST_F(TokenCacheTest, FailedEarlyRefreshStillServesTheValidToken) {
  http_.Enqueue(TokenReply("t1", 3600s));
  http_.Enqueue(EntraErrorReply(503, "temporarily_unavailable", 90006, "Busy."));
  ASSERT_TRUE(cache_.Get(SecretCredential()));
  clock_.Advance(3500s);

  auto token = cache_.Get(SecretCredential());

  ASSERT_TRUE(token);
  EXPECT_EQ(token->value.Reveal(), "t1");
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(TokenCacheTest, TwoCredentialsHaveTwoEntries) {
  AppCredential other = SecretCredential();
  other.client_id = "99999999-2222-3333-4444-555555555555";
  http_.Enqueue(TokenReply("t1", 3600s));
  http_.Enqueue(TokenReply("t2", 3600s));

  auto first = cache_.Get(SecretCredential());
  auto second = cache_.Get(other);

  EXPECT_EQ(first->value.Reveal(), "t1");
  EXPECT_EQ(second->value.Reveal(), "t2");
  EXPECT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t1");
  EXPECT_EQ(cache_.Get(other)->value.Reveal(), "t2");
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(TokenCacheTest, ProvidersWithTheSameCredentialShareOneToken) {
  http_.Enqueue(TokenReply("t1", 3600s));
  ClientCredentialsTokenProvider mailbox_a(cache_, SecretCredential());
  ClientCredentialsTokenProvider mailbox_b(cache_, SecretCredential());

  auto a = mailbox_a.GetToken();
  auto b = mailbox_b.GetToken();

  EXPECT_EQ(a->value.Reveal(), "t1");
  EXPECT_EQ(b->value.Reveal(), "t1");
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(TokenCacheTest, ThousandGetsMakeOneRequest) {
  http_.Enqueue(TokenReply("t1", 3600s));
  ClientCredentialsTokenProvider provider(cache_, SecretCredential());

  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(provider.GetToken());

  EXPECT_EQ(cache_.token_requests(), 1u);
}

TEST_F(TokenCacheTest, InvalidateThenGetAsksForANewToken) {
  http_.Enqueue(TokenReply("t1", 3600s));
  http_.Enqueue(TokenReply("t2", 3600s));
  ClientCredentialsTokenProvider provider(cache_, SecretCredential());
  auto rejected = provider.GetToken();

  provider.Invalidate(rejected->value);

  EXPECT_EQ(provider.GetToken()->value.Reveal(), "t2");
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(TokenCacheTest, InvalidateWithAStaleTokenDoesNothing) {
  http_.Enqueue(TokenReply("t1", 3600s));
  ClientCredentialsTokenProvider provider(cache_, SecretCredential());
  ASSERT_TRUE(provider.GetToken());

  provider.Invalidate(Secret("an-older-token"));

  EXPECT_EQ(provider.GetToken()->value.Reveal(), "t1");
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(TokenCacheTest, UnusableCredentialFailsWithoutARequest) {
  AppCredential credential = SecretCredential();
  credential.client_secret = Secret();

  auto token = cache_.Get(credential);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(TokenCacheTest, KeyNotMatchingCertificateFailsWithoutARequest) {
  AppCredential credential = CertificateCredential();
  credential.private_key_pem = Secret(test::OtherKey().PrivatePem());

  auto token = cache_.Get(credential);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(TokenCacheTest, TransportErrorsPassThroughWithTheirCode) {
  http_.Enqueue(Fail(ErrorCode::kUnavailable, "connect to 127.0.0.1:1 failed"));
  http_.Enqueue(Fail(ErrorCode::kDeadlineExceeded, "timed out"));
  AppCredential other = SecretCredential();
  other.client_id = "99999999-2222-3333-4444-555555555555";

  auto refused = cache_.Get(SecretCredential());
  auto timed_out = cache_.Get(other);

  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().message, "Entra token endpoint: connect to 127.0.0.1:1 failed");
  EXPECT_EQ(timed_out.error().code, ErrorCode::kDeadlineExceeded);
}

TEST_F(TokenCacheTest, NonRetryableFailureIsNotCachedOrBackedOff) {
  http_.Enqueue(EntraErrorReply(401, "invalid_client", 7000215, "Invalid client secret."));
  http_.Enqueue(TokenReply("t1", 3600s));

  auto failed = cache_.Get(SecretCredential());
  auto retried = cache_.Get(SecretCredential());

  EXPECT_EQ(failed.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(failed.error().remote_code, "AADSTS7000215");
  EXPECT_TRUE(retried);
  EXPECT_EQ(http_.request_count(), 2u);
}

}  // namespace
}  // namespace graphpost::auth
