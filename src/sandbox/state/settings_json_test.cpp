#include "sandbox/state/settings_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"

namespace graphpost::sandbox {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

Status Patch(SandboxSettings& s, std::string_view text) {
  return PatchSettings(s, ParseJson(text).value());
}

TEST(SettingsJsonTest, ClockOffsetIsASetting) {
  SandboxSettings s;

  ASSERT_TRUE(Patch(s, R"({"clockOffsetSeconds":7200})").has_value());

  EXPECT_EQ(s.clock_offset, 2h);
  EXPECT_EQ(JsonInt(SettingsToJson(s), "clockOffsetSeconds"), 7200);
}

TEST(SettingsJsonTest, SentItemsDelayIsASettingInMilliseconds) {
  SandboxSettings s;

  ASSERT_TRUE(Patch(s, R"({"sentItemsDelayMs":1500})").has_value());

  EXPECT_EQ(s.sent_items_delay, 1500ms);
  EXPECT_EQ(JsonInt(SettingsToJson(s), "sentItemsDelayMs"), 1500);
  EXPECT_FALSE(Patch(s, R"({"sentItemsDelayMs":-1})").has_value());
}

TEST(SettingsJsonTest, ClockOffsetOnlyMovesForward) {
  SandboxSettings s;
  ASSERT_TRUE(Patch(s, R"({"clockOffsetSeconds":7200})").has_value());

  auto back = Patch(s, R"({"clockOffsetSeconds":60})");

  ASSERT_FALSE(back.has_value());
  EXPECT_THAT(back.error().message, HasSubstr("only moves forward"));
}

TEST(SettingsJsonTest, HugeValuesAreRefusedInsteadOfOverflowing) {
  SandboxSettings s;

  auto huge = Patch(s, R"({"tokenLifetimeMaxSeconds":1e300})");

  ASSERT_FALSE(huge.has_value());
  EXPECT_THAT(huge.error().message, HasSubstr("'tokenLifetimeMaxSeconds'"));
  EXPECT_FALSE(Patch(s, R"({"requestsPerWindow":1e12})").has_value());
}

TEST(SettingsJsonTest, UnknownSettingIsNamed) {
  SandboxSettings s;

  auto unknown = Patch(s, R"({"clockOfsetSeconds":"soon"})");

  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("'clockOfsetSeconds'"));
}

}  // namespace
}  // namespace graphpost::sandbox
