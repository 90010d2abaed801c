#include "smtp/auth_limiter.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"

namespace graphpost::smtp {
namespace {

using std::chrono::seconds;

constexpr AuthLimiterOptions kOptions{
    .max_failures = 3, .window = seconds(60), .backoff = seconds(300), .max_addresses = 4};

TEST(AuthLimiterTest, UnknownAddressMayTry) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);

  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.tracked(), 0u);
}

TEST(AuthLimiterTest, FailuresUnderTheLimitDoNotRefuse) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);

  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);

  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);
}

TEST(AuthLimiterTest, ReachingTheLimitRefusesForTheBackoff) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  limiter.RecordFailure("10.0.0.1");
  limiter.RecordFailure("10.0.0.1");

  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), seconds(300));
  EXPECT_EQ(limiter.Check("10.0.0.1"), seconds(300));
  clock.Advance(seconds(100));
  EXPECT_EQ(limiter.Check("10.0.0.1"), seconds(200));
  EXPECT_EQ(limiter.Check("10.0.0.2"), std::nullopt);  // other addresses are not affected
}

TEST(AuthLimiterTest, RetryAfterRoundsUpToWholeSeconds) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");

  clock.Advance(seconds(299) + std::chrono::milliseconds(900));

  EXPECT_EQ(limiter.Check("10.0.0.1"), seconds(1));
}

TEST(AuthLimiterTest, BackoffEndsAndTheCountStartsAfresh) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");

  clock.Advance(seconds(300));

  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);
}

TEST(AuthLimiterTest, FailuresOutsideTheWindowDoNotCount) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  limiter.RecordFailure("10.0.0.1");
  clock.Advance(seconds(40));
  limiter.RecordFailure("10.0.0.1");
  clock.Advance(seconds(21));  // the first failure is now 61 s old

  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), seconds(300));  // three within the last 60 s
}

TEST(AuthLimiterTest, FailuresDuringTheBackoffDoNotExtendIt) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");
  clock.Advance(seconds(250));

  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);

  EXPECT_EQ(limiter.Check("10.0.0.1"), seconds(50));
}

TEST(AuthLimiterTest, SuccessForgetsFailures) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  limiter.RecordFailure("10.0.0.1");
  limiter.RecordFailure("10.0.0.1");

  limiter.RecordSuccess("10.0.0.1");

  EXPECT_EQ(limiter.tracked(), 0u);
  EXPECT_EQ(limiter.RecordFailure("10.0.0.1"), std::nullopt);
}

TEST(AuthLimiterTest, SuccessDoesNotLiftABackoff) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");

  limiter.RecordSuccess("10.0.0.1");

  EXPECT_EQ(limiter.Check("10.0.0.1"), seconds(300));
}

TEST(AuthLimiterTest, MemoryIsBoundedByEvictingTheLeastRecentlySeen) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");  // refused, oldest

  for (int i = 2; i <= 5; ++i) limiter.RecordFailure("10.0.0." + std::to_string(i));

  EXPECT_EQ(limiter.tracked(), 4u);
  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);  // forgotten
}

TEST(AuthLimiterTest, AnAddressThatKeepsTryingIsNotEvicted) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("10.0.0.1");

  for (int i = 2; i <= 9; ++i) {
    limiter.RecordFailure("10.0.0." + std::to_string(i));
    ASSERT_TRUE(limiter.Check("10.0.0.1").has_value()) << i;  // each try keeps it recent
  }

  EXPECT_EQ(limiter.tracked(), 4u);
}

TEST(AuthLimiterTest, CheckForgetsAnAddressWhoseFailuresExpired) {
  testing::FakeClock clock;
  AuthLimiter limiter(kOptions, clock);
  limiter.RecordFailure("10.0.0.1");
  clock.Advance(seconds(60));

  EXPECT_EQ(limiter.Check("10.0.0.1"), std::nullopt);

  EXPECT_EQ(limiter.tracked(), 0u);
}

}  // namespace
}  // namespace graphpost::smtp
