// The flag values of the connection commands that are parsed before a command runs:
// `connection expiring --within`.
#include <gtest/gtest.h>

#include "cli/command_args.hpp"

namespace graphpost::cli {
namespace {

using namespace std::chrono_literals;

TEST(ParseWithinTest, AcceptsDaysHoursMinutesAndSeconds) {
  EXPECT_EQ(ParseWithin("30d"), 30 * 24h);
  EXPECT_EQ(ParseWithin("12h"), 12h);
  EXPECT_EQ(ParseWithin("90m"), 90min);
  EXPECT_EQ(ParseWithin("45s"), 45s);
  EXPECT_EQ(ParseWithin("3600"), 1h);
}

// A window so long that now + window leaves the clock's range would wrap, and `expiring` said
// nothing expires within 99999d.
TEST(ParseWithinTest, RefusesAWindowLongerThan100Years) {
  EXPECT_EQ(ParseWithin("36500d"), std::chrono::days{36500});
  for (const char* text : {"36501d", "99999d", "9999999999d", "99999999999999"}) {
    auto within = ParseWithin(text);
    ASSERT_FALSE(within) << text;
    EXPECT_EQ(within.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_NE(within.error().message.find("longer than 100 years"), std::string::npos)
        << within.error().message;
  }
}

TEST(ParseWithinTest, RefusesWhatIsNotADurationNamingTheFlag) {
  for (const char* text : {"", "soon", "-1d", "30 days", "d"}) {
    auto within = ParseWithin(text);

    ASSERT_FALSE(within) << text;
    EXPECT_EQ(within.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(within.error().message.rfind("--within", 0), 0u) << within.error().message;
  }
}

}  // namespace
}  // namespace graphpost::cli
