#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(TimeFormatTest, FormatsEachProtocolSpelling) {
  WallTime t = FromUnixSeconds(1452304932);  // 2016-01-09 02:02:12Z

  EXPECT_EQ(FormatIso8601(t), "2016-01-09T02:02:12Z");
  EXPECT_EQ(FormatGraphErrorDate(t), "2016-01-09T02:02:12");
  EXPECT_EQ(FormatEstsTimestamp(t), "2016-01-09 02:02:12Z");
  EXPECT_EQ(FormatHttpDate(t), "Sat, 09 Jan 2016 02:02:12 GMT");
  EXPECT_EQ(FormatIso8601Fraction(t), "2016-01-09T02:02:12.0000000Z");
}

TEST(TimeFormatTest, ParsesZonesFractionsAndDates) {
  EXPECT_EQ(ParseIso8601("2016-01-09T02:02:12Z"), FromUnixSeconds(1452304932));
  EXPECT_EQ(ParseIso8601("2016-01-09T03:02:12+01:00"), FromUnixSeconds(1452304932));
  EXPECT_EQ(ParseIso8601("2016-01-09"), FromUnixSeconds(1452297600));
  EXPECT_TRUE(ParseIso8601("2016-01-09T02:02:12.7671707Z"));
  EXPECT_FALSE(ParseIso8601("2016-13-09"));
  EXPECT_FALSE(ParseIso8601("yesterday"));
}

TEST(TimeFormatTest, RefusesYearsTheClockCannotHold) {
  EXPECT_FALSE(ParseIso8601("2300-01-01"));
  EXPECT_FALSE(ParseIso8601("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseIso8601("0001-01-01"));
  ASSERT_TRUE(ParseIso8601("2261-12-31"));
  EXPECT_EQ(FormatDate(*ParseIso8601("2261-12-31")), "2261-12-31");
}

}  // namespace
}  // namespace graphpost
