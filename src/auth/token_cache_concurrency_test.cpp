// Concurrency of TokenCache: single flight per entry, independent entries. Threads wait on events
// (latch, condition variable, future) whose timeouts only guard against a hang.
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

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

constexpr int kThreads = 50;
constexpr auto kHangGuard = 10s;

class TokenCacheConcurrencyTest : public ::testing::Test {
 protected:
  // Runs kThreads callers of cache_.Get that start together; the responder answers once every
  // caller is about to call Get (or the hang guard fires). Returns each caller's outcome.
  std::vector<Result<AccessToken>> GetFromAllThreadsAtOnce(http::ClientResponse reply) {
    http_.SetResponder([this, reply](const http::ClientRequest&) -> Result<http::ClientResponse> {
      std::unique_lock lock(mu_);
      all_calling_.wait_for(lock, kHangGuard, [this] { return calling_ == kThreads; });
      return reply;
    });
    std::latch start(kThreads);
    std::vector<Result<AccessToken>> results(kThreads);
    {
      std::vector<std::jthread> threads;
      for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
          start.arrive_and_wait();
          {
            std::lock_guard lock(mu_);
            ++calling_;
          }
          all_calling_.notify_all();
          results[i] = cache_.Get(SecretCredential());
        });
      }
    }  // joins
    return results;
  }

  testing::FakeHttpTransport http_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  TokenCache cache_{http_, clock_, random_};
  std::mutex mu_;
  std::condition_variable all_calling_;
  int calling_ = 0;  // Guarded by mu_.
};

TEST_F(TokenCacheConcurrencyTest, FiftyConcurrentGetsAtStartMakeOneRequest) {
  std::vector<Result<AccessToken>> results = GetFromAllThreadsAtOnce(TokenReply("t1", 3600s));

  for (const auto& result : results) {
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->value.Reveal(), "t1");
  }
  EXPECT_EQ(http_.request_count(), 1u);
  EXPECT_EQ(cache_.token_requests(), 1u);
}

TEST_F(TokenCacheConcurrencyTest, FiftyConcurrentGetsShareOneFailedRequest) {
  auto reply = EntraErrorReply(503, "temporarily_unavailable", 90006, "Busy.");
  reply.headers.Set("Retry-After", "30");

  std::vector<Result<AccessToken>> results = GetFromAllThreadsAtOnce(reply);

  for (const auto& result : results) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(result.error().remote_code, "AADSTS90006");
  }
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(TokenCacheConcurrencyTest, FlightsForDifferentCredentialsDoNotWaitForEachOther) {
  AppCredential other = SecretCredential();
  other.client_id = "99999999-2222-3333-4444-555555555555";
  std::promise<void> first_in_flight;
  std::promise<void> second_done;
  std::shared_future<void> second_done_future = second_done.get_future().share();
  http_.SetResponder([&](const http::ClientRequest& request) -> Result<http::ClientResponse> {
    if (request.body.find(other.client_id) != std::string::npos) return TokenReply("t2", 3600s);
    first_in_flight.set_value();
    EXPECT_EQ(second_done_future.wait_for(kHangGuard), std::future_status::ready);
    return TokenReply("t1", 3600s);
  });
  Result<AccessToken> first;
  std::jthread first_caller([&] { first = cache_.Get(SecretCredential()); });
  ASSERT_EQ(first_in_flight.get_future().wait_for(kHangGuard), std::future_status::ready);

  Result<AccessToken> second = cache_.Get(other);
  second_done.set_value();
  first_caller.join();

  ASSERT_TRUE(second);
  EXPECT_EQ(second->value.Reveal(), "t2");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->value.Reveal(), "t1");
}

}  // namespace
}  // namespace graphpost::auth
