#include "graph/retry_policy.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::graph {
namespace {

using namespace std::chrono_literals;
using graphpost::testing::FakeClock;
using graphpost::testing::FakeRandom;

Error Err(ErrorCode code, std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  Error e{code, "boom", retry_after, {}};
  return e;
}

constexpr RetryOptions kOptions{.initial_backoff = 1s, .max_backoff = 8s, .retry_for = 120s};

TEST(RetryPolicyTest, BackoffCeilingDoublesUpToTheCapWithFullJitter) {
  FakeClock clock;
  FakeRandom random;
  for (std::uint64_t v : {1000, 2000, 4000, 8000, 8000, 123}) random.PushUniform(v);
  RetryPolicy policy(kOptions, clock, random);

  std::vector<std::chrono::milliseconds> delays;
  for (int i = 0; i < 6; ++i) delays.push_back(policy.After(Err(ErrorCode::kUnavailable)).delay);

  EXPECT_EQ(delays, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 4000ms, 8000ms, 8000ms,
                                                            123ms}));
}

TEST(RetryPolicyTest, JitterIsDrawnBetweenZeroAndTheCeiling) {
  FakeClock clock;
  FakeRandom random;
  random.PushUniform(999999);  // FakeRandom clamps to [lo, hi]: shows hi is the ceiling
  RetryPolicy policy(kOptions, clock, random);

  RetryDecision first = policy.After(Err(ErrorCode::kThrottled));
  RetryDecision second = policy.After(Err(ErrorCode::kThrottled));  // script empty: lo

  EXPECT_TRUE(first.retry);
  EXPECT_EQ(first.delay, 1000ms);
  EXPECT_EQ(second.delay, 0ms);
}

TEST(RetryPolicyTest, RetryAfterIsAFloorUnderTheJitter) {
  FakeClock clock;
  FakeRandom random;
  random.PushUniform(300);
  random.PushUniform(700);
  random.PushUniform(3500);
  RetryPolicy policy(kOptions, clock, random);

  EXPECT_EQ(policy.After(Err(ErrorCode::kThrottled, 1s)).delay, 1000ms);
  EXPECT_EQ(policy.After(Err(ErrorCode::kThrottled, 1s)).delay, 1000ms);
  EXPECT_EQ(policy.After(Err(ErrorCode::kThrottled, 1s)).delay, 3500ms);  // jitter above it
}

TEST(RetryPolicyTest, RetriesThrottledUnavailableAndTimeoutsOnly) {
  FakeClock clock;
  FakeRandom random;
  RetryPolicy policy(kOptions, clock, random);

  EXPECT_TRUE(policy.After(Err(ErrorCode::kThrottled)).retry);
  EXPECT_TRUE(policy.After(Err(ErrorCode::kUnavailable)).retry);
  EXPECT_TRUE(policy.After(Err(ErrorCode::kDeadlineExceeded)).retry);
  for (ErrorCode code :
       {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kPermissionDenied,
        ErrorCode::kUnauthenticated, ErrorCode::kFailedPrecondition, ErrorCode::kInternal}) {
    RetryDecision d = policy.After(Err(code));
    EXPECT_FALSE(d.retry);
    EXPECT_EQ(d.stopped_because, "");
  }
}

TEST(RetryPolicyTest, ARetryAfterBeyondTheDeadlineStopsWithAClearReason) {
  FakeClock clock;
  FakeRandom random;
  RetryPolicy policy(kOptions, clock, random);
  clock.Advance(100s);

  RetryDecision d = policy.After(Err(ErrorCode::kThrottled, 30s));

  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.stopped_because,
            "Graph asked to wait 30 s (Retry-After), beyond the retry deadline (20 s left)");
}

TEST(RetryPolicyTest, TheLastWaitIsCutToTheDeadlineAndThenRetryingStops) {
  FakeClock clock;
  FakeRandom random;
  random.PushUniform(8000);
  RetryPolicy policy({.initial_backoff = 8s, .max_backoff = 8s, .retry_for = 5s}, clock, random);

  RetryDecision cut = policy.After(Err(ErrorCode::kUnavailable));
  clock.Advance(cut.delay);
  RetryDecision stop = policy.After(Err(ErrorCode::kUnavailable));

  EXPECT_TRUE(cut.retry);
  EXPECT_EQ(cut.delay, 5000ms);
  EXPECT_FALSE(stop.retry);
  EXPECT_EQ(stop.stopped_because, "the retry deadline (5 s) has passed");
}

}  // namespace
}  // namespace graphpost::graph
