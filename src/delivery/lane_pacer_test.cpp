// LanePacer on a FakeClock: in-flight cap, pacing slots, no banked bursts, the 24-hour budget.
#include "delivery/lane_pacer.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"

namespace graphpost::delivery {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;

TEST(LanePacerTest, StartsOneSendPerPacingInterval) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 30}, clock.WallNow(), 0);

  ASSERT_EQ(pacer.Capacity(clock.WallNow()), 1);
  pacer.Started(clock.WallNow());
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 0);
  EXPECT_EQ(pacer.NextOpening(clock.WallNow()), clock.WallNow() + 2s);
  clock.Advance(1999ms);
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 0);
  clock.Advance(1ms);
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 1);
}

TEST(LanePacerTest, NeverExceedsMaxInFlight) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 0}, clock.WallNow(), 0);

  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 4);
  for (int i = 0; i < 4; ++i) pacer.Started(clock.WallNow());
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 0);
  EXPECT_EQ(pacer.NextOpening(clock.WallNow()), std::nullopt);  // only a Finished() helps
  pacer.Finished();
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 1);
}

TEST(LanePacerTest, ZeroMessagesPerMinuteStartsSendsBackToBackUpToMaxInFlight) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 0}, clock.WallNow(), 0);

  for (int sent = 0; sent < 1000; ++sent) {  // no clock advance: no pacing slot to wait for
    ASSERT_EQ(pacer.Capacity(clock.WallNow()), 4);
    ASSERT_EQ(pacer.NextOpening(clock.WallNow()), clock.WallNow());
    pacer.Started(clock.WallNow());
    pacer.Finished();
  }
}

TEST(LanePacerTest, AnIdleLaneCatchesUpAtMostOneIntervalNotABurst) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 30}, clock.WallNow(), 0);
  pacer.Started(clock.WallNow());
  pacer.Finished();

  clock.Advance(10min);
  const int capacity = pacer.Capacity(clock.WallNow());
  for (int i = 0; i < capacity; ++i) pacer.Started(clock.WallNow());

  EXPECT_EQ(capacity, 4);  // limited by in-flight...
  for (int i = 0; i < 4; ++i) pacer.Finished();
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 0);  // ...and the slots are then used up
}

TEST(LanePacerTest, SendsPacedOverTimeMatchTheRateExactly) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 30}, clock.WallNow(), 0);
  int started = 0;

  for (int step = 0; step < 600; ++step) {  // 10 minutes in 1 s steps
    for (int n = pacer.Capacity(clock.WallNow()); n > 0; --n, ++started) {
      pacer.Started(clock.WallNow());
      pacer.Finished();
    }
    clock.Advance(1s);
  }

  EXPECT_EQ(started, 300);
}

TEST(LanePacerTest, TheRecipientBudgetStopsTheLaneUntilTheOldestMinuteLeavesTheWindow) {
  FakeClock clock;
  LanePacer pacer({.max_in_flight = 4, .messages_per_minute = 0, .recipients_per_day = 10},
                  clock.WallNow(), 0);
  const auto first = std::chrono::floor<std::chrono::minutes>(clock.WallNow());
  pacer.Delivered(clock.WallNow(), 6);
  clock.Advance(1h);
  pacer.Delivered(clock.WallNow(), 4);

  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 0);
  EXPECT_EQ(pacer.BudgetFreesAt(clock.WallNow(), 3), first + 1min + 24h);
  clock.Advance(24h - 1h + 1min);
  EXPECT_EQ(pacer.BudgetFreesAt(clock.WallNow(), 3), std::nullopt);
  EXPECT_EQ(pacer.Capacity(clock.WallNow()), 4);
}

TEST(LanePacerTest, RecipientsDeliveredBeforeTheProcessStartedCount) {
  FakeClock clock;
  LanePacer pacer({.recipients_per_day = 100}, clock.WallNow(), 99);

  EXPECT_EQ(pacer.BudgetFreesAt(clock.WallNow(), 1), std::nullopt);
  EXPECT_NE(pacer.BudgetFreesAt(clock.WallNow(), 2), std::nullopt);
}

}  // namespace
}  // namespace graphpost::delivery
