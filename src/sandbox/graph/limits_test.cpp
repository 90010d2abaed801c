#include "sandbox/graph/limits.hpp"

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace graphpost::sandbox::graph {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock::time_point;
using Wall = std::chrono::system_clock::time_point;

const Steady kT0 = Steady{} + 1000h;
const Wall kW0 = Wall{} + std::chrono::hours{24 * 365 * 56};

// ---- SlidingWindowLimiter ----

TEST(SlidingWindowLimiterTest, AcceptsUpToTheLimitThenRefuses) {
  SlidingWindowLimiter limiter(3, 600s);

  EXPECT_TRUE(limiter.TryAcquire("app|mbx", kT0));
  EXPECT_TRUE(limiter.TryAcquire("app|mbx", kT0 + 1s));
  EXPECT_TRUE(limiter.TryAcquire("app|mbx", kT0 + 2s));
  EXPECT_FALSE(limiter.TryAcquire("app|mbx", kT0 + 3s));
}

TEST(SlidingWindowLimiterTest, KeysAreIndependent) {
  SlidingWindowLimiter limiter(1, 600s);

  ASSERT_TRUE(limiter.TryAcquire("app|a", kT0));

  EXPECT_FALSE(limiter.TryAcquire("app|a", kT0));
  EXPECT_TRUE(limiter.TryAcquire("app|b", kT0));
  EXPECT_TRUE(limiter.TryAcquire("other|a", kT0));
}

TEST(SlidingWindowLimiterTest, AcceptsAgainOnceTheOldestEventLeavesTheWindow) {
  SlidingWindowLimiter limiter(2, 600s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  ASSERT_TRUE(limiter.TryAcquire("k", kT0 + 100s));

  EXPECT_FALSE(limiter.TryAcquire("k", kT0 + 599s));
  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 600s));
  EXPECT_FALSE(limiter.TryAcquire("k", kT0 + 699s));
  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 700s));
}

TEST(SlidingWindowLimiterTest, RefusedEventsAreNotRecorded) {
  SlidingWindowLimiter limiter(1, 10s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  for (int i = 1; i < 10; ++i) ASSERT_FALSE(limiter.TryAcquire("k", kT0 + std::chrono::seconds{i}));

  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 10s));
}

TEST(SlidingWindowLimiterTest, RetryAfterIsTimeUntilTheOldestEventExpiresRoundedUp) {
  SlidingWindowLimiter limiter(2, 600s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  ASSERT_TRUE(limiter.TryAcquire("k", kT0 + 30s));

  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 100s), 500s);
  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 100s + 500ms), 500s);
  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 599s + 1ms), 1s);
  // The first event has left; the second keeps us below the limit.
  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 600s), 1s);
}

TEST(SlidingWindowLimiterTest, RetryAfterIsOneSecondWhenNotLimited) {
  SlidingWindowLimiter limiter(2, 600s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));

  EXPECT_EQ(limiter.RetryAfter("k", kT0), 1s);
  EXPECT_EQ(limiter.RetryAfter("unknown", kT0), 1s);
}

TEST(SlidingWindowLimiterTest, SetLimitAppliesToTheNextCall) {
  SlidingWindowLimiter limiter(1, 600s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  ASSERT_FALSE(limiter.TryAcquire("k", kT0));

  limiter.SetLimit(2, 600s);
  EXPECT_TRUE(limiter.TryAcquire("k", kT0));
  EXPECT_FALSE(limiter.TryAcquire("k", kT0));

  limiter.SetLimit(2, 10s);
  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 10s));
}

TEST(SlidingWindowLimiterTest, RetryAfterAccountsForALoweredLimit) {
  SlidingWindowLimiter limiter(3, 100s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  ASSERT_TRUE(limiter.TryAcquire("k", kT0 + 10s));
  ASSERT_TRUE(limiter.TryAcquire("k", kT0 + 20s));

  limiter.SetLimit(1, 100s);

  // All three must leave before one more fits under a limit of one: the last leaves at +120 s.
  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 50s), 70s);
}

TEST(SlidingWindowLimiterTest, ToleratesTimesArrivingSlightlyOutOfOrder) {
  SlidingWindowLimiter limiter(2, 10s);
  ASSERT_TRUE(limiter.TryAcquire("k", kT0 + 5s));
  ASSERT_TRUE(limiter.TryAcquire("k", kT0));  // read the clock earlier, got the lock later

  EXPECT_FALSE(limiter.TryAcquire("k", kT0 + 9s));
  EXPECT_EQ(limiter.RetryAfter("k", kT0 + 9s), 1s);
  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 10s));
  EXPECT_FALSE(limiter.TryAcquire("k", kT0 + 14s));
  EXPECT_TRUE(limiter.TryAcquire("k", kT0 + 15s));
}

TEST(SlidingWindowLimiterTest, NonPositiveLimitDisablesTheLimit) {
  SlidingWindowLimiter limiter(0, 600s);

  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.TryAcquire("k", kT0));
  EXPECT_EQ(limiter.KeyCount(), 0u);
}

TEST(SlidingWindowLimiterTest, MemoryStaysBoundedUnderManyKeysAndEvents) {
  SlidingWindowLimiter limiter(10000, 600s);

  for (int i = 0; i < 100000; ++i) {
    Steady now = kT0 + std::chrono::milliseconds{i * 100};
    limiter.TryAcquire("app|mbx" + std::to_string(i % 1000), now);
  }
  // Much later every event has expired; ongoing traffic on a few keys sweeps the idle ones.
  for (int i = 0; i < 5000; ++i) limiter.TryAcquire("new" + std::to_string(i % 10), kT0 + 20000s);

  EXPECT_LE(limiter.KeyCount(), 10u + 1024u);
  EXPECT_LT(limiter.KeyCount(), 1000u);
}

// ---- ConcurrencyLimiter ----

TEST(ConcurrencyLimiterTest, AdmitsUpToTheLimitPerKey) {
  ConcurrencyLimiter limiter(2);

  EXPECT_TRUE(limiter.TryEnter("a"));
  EXPECT_TRUE(limiter.TryEnter("a"));
  EXPECT_FALSE(limiter.TryEnter("a"));
  EXPECT_TRUE(limiter.TryEnter("b"));
  EXPECT_EQ(limiter.InFlight("a"), 2);
  EXPECT_EQ(limiter.InFlight("b"), 1);
}

TEST(ConcurrencyLimiterTest, LeaveFreesASlot) {
  ConcurrencyLimiter limiter(1);
  ASSERT_TRUE(limiter.TryEnter("a"));

  limiter.Leave("a");

  EXPECT_EQ(limiter.InFlight("a"), 0);
  EXPECT_TRUE(limiter.TryEnter("a"));
}

TEST(ConcurrencyLimiterTest, SetLimitAppliesToTheNextEnter) {
  ConcurrencyLimiter limiter(1);
  ASSERT_TRUE(limiter.TryEnter("a"));

  limiter.SetLimit(2);

  EXPECT_TRUE(limiter.TryEnter("a"));
  EXPECT_FALSE(limiter.TryEnter("a"));
}

TEST(ConcurrencyLimiterTest, NonPositiveLimitDisablesTheLimit) {
  ConcurrencyLimiter limiter(0);

  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.TryEnter("a"));
  EXPECT_EQ(limiter.InFlight("a"), 10);
}

TEST(ConcurrencyLimiterTest, NeverAdmitsMoreThanTheLimitAcrossThreads) {
  ConcurrencyLimiter limiter(4);
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> admitted{0};
  std::atomic<int> max_seen{0};
  std::vector<std::thread> threads;

  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < 2000; ++i) {
        if (!limiter.TryEnter("k")) continue;
        ++admitted;
        int seen = limiter.InFlight("k");
        int prev = max_seen.load();
        while (seen > prev && !max_seen.compare_exchange_weak(prev, seen)) {
        }
        limiter.Leave("k");
      }
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_GT(admitted.load(), 0);
  EXPECT_LE(max_seen.load(), 4);
  EXPECT_EQ(limiter.InFlight("k"), 0);
}

// ---- SendingPacer ----

TEST(SendingPacerTest, DeliversImmediatelyWithinTheMessageRate) {
  SendingPacer pacer(30, 10000);

  for (int i = 0; i < 30; ++i) {
    auto admission = pacer.Admit("mbx", 1, kW0);
    ASSERT_TRUE(admission.allowed);
    ASSERT_EQ(admission.deliver_at, kW0);
  }
}

TEST(SendingPacerTest, DelaysRatherThanRefusesOverTheMessageRate) {
  SendingPacer pacer(30, 10000);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(pacer.Admit("mbx", 1, kW0).allowed);

  auto thirty_first = pacer.Admit("mbx", 1, kW0 + 5s);

  EXPECT_TRUE(thirty_first.allowed);
  EXPECT_EQ(thirty_first.deliver_at, kW0 + 60s);
}

TEST(SendingPacerTest, NoMinuteEverHoldsMoreThanTheRate) {
  SendingPacer pacer(3, 10000);
  std::vector<Wall> deliveries;

  for (int i = 0; i < 20; ++i) deliveries.push_back(pacer.Admit("mbx", 1, kW0).deliver_at);

  for (std::size_t i = 3; i < deliveries.size(); ++i) {
    EXPECT_GE(deliveries[i] - deliveries[i - 3], 60s) << i;
    EXPECT_GE(deliveries[i], deliveries[i - 1]) << i;
  }
  EXPECT_EQ(deliveries[19], kW0 + 6 * 60s);  // 3 per minute: messages 18..20 in minute 6
}

TEST(SendingPacerTest, BacklogDrainsAsTimePasses) {
  SendingPacer pacer(2, 10000);
  for (int i = 0; i < 4; ++i) pacer.Admit("mbx", 1, kW0);  // delivered at 0, 0, 60, 60

  auto later = pacer.Admit("mbx", 1, kW0 + 300s);

  EXPECT_EQ(later.deliver_at, kW0 + 300s);
}

TEST(SendingPacerTest, RefusesWhenTheDailyRecipientBudgetWouldBeExceeded) {
  SendingPacer pacer(30, 100);
  ASSERT_TRUE(pacer.Admit("mbx", 60, kW0).allowed);

  auto refused = pacer.Admit("mbx", 41, kW0 + 1h);
  auto fits = pacer.Admit("mbx", 40, kW0 + 1h);

  EXPECT_FALSE(refused.allowed);
  EXPECT_TRUE(fits.allowed);
  EXPECT_FALSE(pacer.Admit("mbx", 1, kW0 + 2h).allowed);
}

TEST(SendingPacerTest, RecipientBudgetRollsOverAfter24Hours) {
  SendingPacer pacer(30, 100);
  ASSERT_TRUE(pacer.Admit("mbx", 100, kW0).allowed);
  ASSERT_FALSE(pacer.Admit("mbx", 1, kW0 + 24h - 1s).allowed);

  EXPECT_TRUE(pacer.Admit("mbx", 100, kW0 + 24h).allowed);
}

TEST(SendingPacerTest, RefusedMessagesConsumeNothing) {
  SendingPacer pacer(1, 10);
  ASSERT_TRUE(pacer.Admit("mbx", 10, kW0).allowed);
  ASSERT_FALSE(pacer.Admit("mbx", 5, kW0).allowed);

  auto next_day = pacer.Admit("mbx", 10, kW0 + 24h);

  EXPECT_TRUE(next_day.allowed);
  EXPECT_EQ(next_day.deliver_at, kW0 + 24h);
}

TEST(SendingPacerTest, RecipientWindowToleratesTimesArrivingSlightlyOutOfOrder) {
  SendingPacer pacer(30, 10);
  ASSERT_TRUE(pacer.Admit("mbx", 5, kW0 + 10s).allowed);
  ASSERT_TRUE(pacer.Admit("mbx", 5, kW0).allowed);

  // At +24h+5s only the earlier-stamped admission has left the window.
  EXPECT_FALSE(pacer.Admit("mbx", 6, kW0 + 24h + 5s).allowed);
  EXPECT_TRUE(pacer.Admit("mbx", 5, kW0 + 24h + 5s).allowed);
  EXPECT_FALSE(pacer.Admit("mbx", 1, kW0 + 24h + 9s).allowed);
  EXPECT_TRUE(pacer.Admit("mbx", 5, kW0 + 24h + 10s).allowed);
}

TEST(SendingPacerTest, MailboxesAreIndependent) {
  SendingPacer pacer(1, 5);
  ASSERT_TRUE(pacer.Admit("a", 5, kW0).allowed);

  auto b = pacer.Admit("b", 5, kW0);

  EXPECT_TRUE(b.allowed);
  EXPECT_EQ(b.deliver_at, kW0);
}

TEST(SendingPacerTest, SetLimitsAppliesToTheNextAdmission) {
  SendingPacer pacer(1, 10);
  ASSERT_TRUE(pacer.Admit("mbx", 10, kW0).allowed);

  pacer.SetLimits(2, 20);
  auto second = pacer.Admit("mbx", 10, kW0);

  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.deliver_at, kW0);
}

TEST(SendingPacerTest, NonPositiveLimitsDisablePacingAndBudget) {
  SendingPacer pacer(0, 0);

  for (int i = 0; i < 100; ++i) {
    auto admission = pacer.Admit("mbx", 1000, kW0);
    ASSERT_TRUE(admission.allowed);
    ASSERT_EQ(admission.deliver_at, kW0);
  }
}

TEST(SendingPacerTest, MemoryStaysBoundedAcrossManyMailboxes) {
  SendingPacer pacer(30, 10000);

  for (int i = 0; i < 30000; ++i) {
    pacer.Admit("mbx" + std::to_string(i % 3000), 1, kW0 + std::chrono::seconds{i});
  }
  for (int i = 0; i < 8000; ++i)
    pacer.Admit("new" + std::to_string(i % 10), 0, kW0 + 48h + 100000s);

  EXPECT_LT(pacer.MailboxCount(), 100u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
