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
