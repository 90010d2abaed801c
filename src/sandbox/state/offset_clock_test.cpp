#include "sandbox/state/offset_clock.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"

namespace graphpost::sandbox {
namespace {

using namespace std::chrono_literals;

TEST(OffsetClockTest, StartsAtTheBaseClock) {
  testing::FakeClock base;
  OffsetClock clock(base);

  EXPECT_EQ(clock.WallNow(), base.WallNow());
  EXPECT_EQ(clock.MonotonicNow(), base.MonotonicNow());
}

TEST(OffsetClockTest, AdvanceMovesBothClocksForward) {
  testing::FakeClock base;
  OffsetClock clock(base);

  clock.AdvanceTo(2h);

  EXPECT_EQ(clock.WallNow(), base.WallNow() + 2h);
  EXPECT_EQ(clock.MonotonicNow(), base.MonotonicNow() + 2h);
  base.Advance(1min);
  EXPECT_EQ(clock.WallNow(), base.WallNow() + 2h);
}

TEST(OffsetClockTest, NeverRunsBackwards) {
  testing::FakeClock base;
  OffsetClock clock(base);
  clock.AdvanceTo(2h);

  clock.AdvanceTo(1h);

  EXPECT_EQ(clock.offset(), 2h);
}

}  // namespace
}  // namespace graphpost::sandbox
