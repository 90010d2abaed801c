// AuthFailureLimiter: a sliding window of failures per address, the lockout, bounded memory.
#include "smtp/access/auth_failure_limiter.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"

namespace graphpost::smtp::access {
namespace {

using namespace std::chrono_literals;

class AuthFailureLimiterTest : public ::testing::Test {
 protected:
  void FailTimes(const std::string& address, int n) {
    for (int i = 0; i < n; ++i) limiter_.Failed(address);
  }
  testing::FakeClock clock_;
  AuthFailureLimiter limiter_{FailureLimits{}, clock_};
};

TEST_F(AuthFailureLimiterTest, FourFailuresInAMinuteAreAllowed) {
  FailTimes("192.0.2.1", 4);

  EXPECT_FALSE(limiter_.Blocked("192.0.2.1"));
}

TEST_F(AuthFailureLimiterTest, TheFifthFailureInAMinuteLocksTheAddressOutForFiveMinutes) {
  FailTimes("192.0.2.1", 5);

  EXPECT_EQ(limiter_.Blocked("192.0.2.1"), 300s);
  clock_.Advance(299s);
  EXPECT_EQ(limiter_.Blocked("192.0.2.1"), 1s);
  clock_.Advance(1s);
  EXPECT_FALSE(limiter_.Blocked("192.0.2.1"));
}

TEST_F(AuthFailureLimiterTest, FailuresOlderThanTheWindowDoNotCount) {
  FailTimes("192.0.2.1", 4);
  clock_.Advance(61s);

  limiter_.Failed("192.0.2.1");

  EXPECT_FALSE(limiter_.Blocked("192.0.2.1"));
}

TEST_F(AuthFailureLimiterTest, OtherAddressesAreNotAffected) {
  FailTimes("192.0.2.1", 5);

  EXPECT_FALSE(limiter_.Blocked("192.0.2.2"));
}

TEST_F(AuthFailureLimiterTest, Ipv6AddressesCountPerSlash64) {
  FailTimes("2001:db8:1:2::1", 3);
  FailTimes("2001:db8:1:2::ffff", 2);

  EXPECT_TRUE(limiter_.Blocked("2001:db8:1:2:aaaa::9"));
  EXPECT_FALSE(limiter_.Blocked("2001:db8:1:3::1"));
}

TEST_F(AuthFailureLimiterTest, Ipv4MappedAndPlainIpv4AreOneAddress) {
  FailTimes("::ffff:192.0.2.1", 5);

  EXPECT_TRUE(limiter_.Blocked("192.0.2.1"));
}

TEST_F(AuthFailureLimiterTest, ASuccessForgetsEarlierFailures) {
  FailTimes("192.0.2.1", 4);

  limiter_.Succeeded("192.0.2.1");
  limiter_.Failed("192.0.2.1");

  EXPECT_FALSE(limiter_.Blocked("192.0.2.1"));
}

TEST_F(AuthFailureLimiterTest, ASuccessDoesNotLiftARunningLockout) {
  FailTimes("192.0.2.1", 5);

  limiter_.Succeeded("192.0.2.1");

  EXPECT_TRUE(limiter_.Blocked("192.0.2.1"));
}

TEST(AuthFailureLimiterMemoryTest, ForgetsTheAddressTouchedLongestAgoPastTheBound) {
  testing::FakeClock clock;
  AuthFailureLimiter limiter(FailureLimits{.max_failures = 2, .max_addresses = 3}, clock);
  limiter.Failed("192.0.2.1");
  limiter.Failed("192.0.2.1");  // locked out
  limiter.Failed("192.0.2.2");
  limiter.Failed("192.0.2.3");

  limiter.Failed("192.0.2.4");

  EXPECT_EQ(limiter.TrackedAddressesForTest(), 3u);
  EXPECT_FALSE(limiter.Blocked("192.0.2.1"));  // the oldest, forgotten
  for (int i = 0; i < 10000; ++i)
    limiter.Failed("10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  EXPECT_EQ(limiter.TrackedAddressesForTest(), 3u);
}

}  // namespace
}  // namespace graphpost::smtp::access
