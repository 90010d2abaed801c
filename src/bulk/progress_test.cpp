#include "bulk/progress.hpp"

#include <gtest/gtest.h>

namespace graphpost::bulk {
namespace {

using namespace std::chrono_literals;

TEST(PacedEtaTest, FollowsTheLanesRateRoundedUp) {
  EXPECT_EQ(PacedEta(100, 30), 200s);
  EXPECT_EQ(PacedEta(1, 7), 9s);
  EXPECT_EQ(PacedEta(0, 30), 0s);
  EXPECT_EQ(PacedEta(10, 0), std::nullopt);
}

TEST(FormatEtaTest, UsesTheTwoLargestUnits) {
  EXPECT_EQ(FormatEta(45s), "45s");
  EXPECT_EQ(FormatEta(200s), "3m20s");
  EXPECT_EQ(FormatEta(2h + 5min + 9s), "2h05m");
  EXPECT_EQ(FormatEta(76h), "3d04h");
}

TEST(ProgressTextTest, BarCountPercentAndEta) {
  ProgressView view{
      .label = "delivered", .done = 25, .total = 100, .eta = 150s, .messages_per_minute = 30};

  EXPECT_EQ(ProgressText(view, 8), "delivered [##......] 25/100 25% ETA 2m30s at 30/min");
  EXPECT_EQ(ProgressText(view, 0), "delivered 25/100 25% ETA 2m30s at 30/min");
}

TEST(ProgressTextTest, ShowsFailuresAndNoEtaWhenUnknown) {
  ProgressView view{.label = "queued", .done = 3, .total = 3, .failed = 1};

  EXPECT_EQ(ProgressText(view, 0), "queued 3/3 100% (1 failed)");
}

}  // namespace
}  // namespace graphpost::bulk
