// TokenCache after failures: back-off windows, Retry-After, and no secret in any error message.
#include <gtest/gtest.h>

#include "auth/client_credentials.hpp"
#include "auth/token_test_fixtures.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::auth {
namespace {

using namespace std::chrono_literals;
using test::EntraErrorReply;
using test::SecretCredential;
using test::TokenReply;

http::ClientResponse Busy(std::optional<std::string> retry_after = std::nullopt) {
  auto reply = EntraErrorReply(503, "temporarily_unavailable", 90006, "Service busy.");
  if (retry_after) reply.headers.Set("Retry-After", *retry_after);
  return reply;
}

class TokenCacheFailureTest : public ::testing::Test {
 protected:
  testing::FakeHttpTransport http_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  TokenCache cache_{http_, clock_, random_};
};

TEST_F(TokenCacheFailureTest, BackOffAfter503HonoursRetryAfter) {
  http_.Enqueue(Busy("10"));
  auto failed = cache_.Get(SecretCredential());
  ASSERT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().retry_after, 10s);
  clock_.Advance(9s);

  auto inside = cache_.Get(SecretCredential());

  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(inside.error().remote_code, "AADSTS90006");
  EXPECT_EQ(inside.error().retry_after, 1s);
  EXPECT_EQ(http_.request_count(), 1u);

  clock_.Advance(1s);
  http_.Enqueue(TokenReply("t1", 3600s));
  EXPECT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t1");
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(TokenCacheFailureTest, BackOffDoublesWithoutRetryAfter) {
  http_.SetResponder([](const http::ClientRequest&) { return Busy(); });
  ASSERT_FALSE(cache_.Get(SecretCredential()));

  clock_.Advance(999ms);
  ASSERT_FALSE(cache_.Get(SecretCredential()));
  EXPECT_EQ(http_.request_count(), 1u);
  clock_.Advance(1ms);
  ASSERT_FALSE(cache_.Get(SecretCredential()));
  EXPECT_EQ(http_.request_count(), 2u);

  clock_.Advance(1999ms);
  ASSERT_FALSE(cache_.Get(SecretCredential()));
  EXPECT_EQ(http_.request_count(), 2u);
  clock_.Advance(1ms);
  ASSERT_FALSE(cache_.Get(SecretCredential()));
  EXPECT_EQ(http_.request_count(), 3u);
}

TEST_F(TokenCacheFailureTest, SuccessResetsTheBackOff) {
  http_.Enqueue(Busy());
  http_.Enqueue(Busy());
  http_.Enqueue(TokenReply("t1", 3600s));
  http_.Enqueue(Busy());
  http_.Enqueue(TokenReply("t2", 3600s));
  ASSERT_FALSE(cache_.Get(SecretCredential()));
  clock_.Advance(1s);
  ASSERT_FALSE(cache_.Get(SecretCredential()));  // second failure: 2 s window
  clock_.Advance(2s);
  auto token = cache_.Get(SecretCredential());
  ASSERT_TRUE(token);
  cache_.Invalidate(SecretCredential(), token->value);

  ASSERT_FALSE(cache_.Get(SecretCredential()));  // first failure again: 1 s window
  clock_.Advance(1s);

  EXPECT_EQ(cache_.Get(SecretCredential())->value.Reveal(), "t2");
  EXPECT_EQ(http_.request_count(), 5u);
}

TEST_F(TokenCacheFailureTest, ThrottlingAndTransportFailuresAlsoBackOff) {
  auto throttled = EntraErrorReply(429, "temporarily_unavailable", 50196, "Too many requests.");
  throttled.headers.Set("Retry-After", "5");
  http_.Enqueue(throttled);
  http_.Enqueue(Fail(ErrorCode::kUnavailable, "connection refused"));

  EXPECT_EQ(cache_.Get(SecretCredential()).error().code, ErrorCode::kThrottled);
  clock_.Advance(4s);
  EXPECT_EQ(cache_.Get(SecretCredential()).error().code, ErrorCode::kThrottled);
  clock_.Advance(1s);
  EXPECT_EQ(cache_.Get(SecretCredential()).error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(cache_.Get(SecretCredential()).error().code, ErrorCode::kUnavailable);

  EXPECT_EQ(http_.request_count(), 2u);
}

TEST(TokenBackoffTest, DoublesFromMinToMaxWithJitterOnTop) {
  testing::FakeRandom random;
  TokenCacheOptions options{.min_backoff = 1s, .max_backoff = 60s};

  EXPECT_EQ(TokenBackoff(1, options, random), 1000ms);
  EXPECT_EQ(TokenBackoff(2, options, random), 2000ms);
  EXPECT_EQ(TokenBackoff(6, options, random), 32000ms);
  EXPECT_EQ(TokenBackoff(7, options, random), 60000ms);
  EXPECT_EQ(TokenBackoff(40, options, random), 60000ms);
  random.PushUniform(300);
  EXPECT_EQ(TokenBackoff(1, options, random), 1300ms);
  random.PushUniform(999999);  // clamped to half the base
  EXPECT_EQ(TokenBackoff(3, options, random), 6000ms);
  random.PushUniform(10000);
  EXPECT_EQ(TokenBackoff(6, options, random), 42000ms);
  random.PushUniform(20000);  // 30 s base + 20 s jitter, capped at max_backoff
  EXPECT_EQ(TokenBackoff(6, TokenCacheOptions{.min_backoff = 15s, .max_backoff = 45s}, random),
            45000ms);
}

struct FailureRow {
  int status;
  const char* error;
  long long code;
};

TEST(TokenCacheSecrecyTest, NoErrorMessageContainsTheClientSecret) {
  const FailureRow rows[] = {
      {401, "invalid_client", 7000215},       {401, "invalid_client", 7000222},
      {401, "invalid_client", 700027},        {401, "invalid_client", 7000218},
      {400, "invalid_tenant", 90002},         {400, "invalid_request", 900023},
      {400, "unauthorized_client", 700016},   {400, "unauthorized_client", 7000112},
      {400, "invalid_scope", 1002012},        {429, "temporarily_unavailable", 50196},
      {503, "temporarily_unavailable", 90006}};
  for (const FailureRow& row : rows) {
    testing::FakeHttpTransport http;
    testing::FakeClock clock;
    testing::FakeRandom random;
    TokenCache cache(http, clock, random);
    // A hostile or buggy endpoint that echoes the request body into its description.
    http.SetResponder([&row](const http::ClientRequest& request) -> Result<http::ClientResponse> {
      return EntraErrorReply(row.status, row.error, row.code, "You sent: " + request.body);
    });

    auto token = cache.Get(SecretCredential());
    auto again = cache.Get(SecretCredential());

    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().message.find(test::kSecretValue), std::string::npos) << row.code;
    EXPECT_NE(token.error().message.find("client_secret=***"), std::string::npos) << row.code;
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().message.find(test::kSecretValue), std::string::npos) << row.code;
  }
}

TEST(TokenCacheSecrecyTest, TransportErrorsAreScrubbedToo) {
  testing::FakeHttpTransport http;
  testing::FakeClock clock;
  testing::FakeRandom random;
  TokenCache cache(http, clock, random);
  http.Enqueue(Fail(ErrorCode::kUnavailable, std::string("proxy said: ") + test::kSecretValue));

  auto token = cache.Get(SecretCredential());

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().message, "Entra token endpoint: proxy said: ***");
}

TEST(TokenCacheSecrecyTest, AOneCharacterSecretDoesNotMangleTheMessage) {
  testing::FakeHttpTransport http;
  testing::FakeClock clock;
  testing::FakeRandom random;
  TokenCache cache(http, clock, random);
  AppCredential credential = SecretCredential();
  credential.client_secret = Secret("a");
  http.Enqueue(Fail(ErrorCode::kUnavailable, "connection reset, invalid state"));

  auto token = cache.Get(credential);

  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().message, "Entra token endpoint: connection reset, invalid state");
}

}  // namespace
}  // namespace graphpost::auth
