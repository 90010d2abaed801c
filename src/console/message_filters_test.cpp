// The Messages page's filter reading: times in the forms a browser or a person types, addresses,
// states, and one error per bad field.
#include "console/message_filters.hpp"

#include <gtest/gtest.h>

namespace graphpost::console {
namespace {

using namespace std::chrono;

const system_clock::time_point k1504 = sys_days{December / 2 / 2026} + 15h + 4min;

TEST(ParseConsoleTimeTest, AcceptsMinutesOrSecondsWithOrWithoutZ) {
  EXPECT_EQ(ParseConsoleTime("2026-12-02T15:04"), k1504);
  EXPECT_EQ(ParseConsoleTime("2026-12-02T15:04Z"), k1504);
  EXPECT_EQ(ParseConsoleTime("2026-12-02T15:04:05"), k1504 + 5s);
  EXPECT_EQ(ParseConsoleTime("2026-12-02T15:04:05Z"), k1504 + 5s);
  EXPECT_EQ(ParseConsoleTime("2026-12-02 15:04"), k1504);
  EXPECT_EQ(ParseConsoleTime("2026-12-02T16:04+01:00"), k1504);
  EXPECT_EQ(ParseConsoleTime("2026-12-02"), sys_days{December / 2 / 2026});
}

TEST(ParseConsoleTimeTest, RefusesWhatIsNotATime) {
  EXPECT_FALSE(ParseConsoleTime("yesterday"));
  EXPECT_FALSE(ParseConsoleTime("2026-12-02T15"));
  EXPECT_FALSE(ParseConsoleTime("2026-13-02T15:04"));
  EXPECT_FALSE(ParseConsoleTime("2026-12-02T15:04Zjunk"));
}

TEST(ReadMessageFiltersTest, BuildsTheOperatorsFilterFiftyPerPage) {
  MessageFilters f = ReadMessageFilters({{"state", "failed"},
                                         {"connection", " contoso "},
                                         {"sender", "A@Contoso.com"},
                                         {"recipient", "Bob@Fabrikam.com"},
                                         {"after", "2026-12-02T15:04"},
                                         {"cursor", "12.3"}});

  EXPECT_TRUE(f.errors.empty());
  EXPECT_FALSE(f.filter.api_key_id);
  EXPECT_EQ(f.filter.limit, 50);
  EXPECT_EQ(f.filter.state, outbox::MessageState::kFailed);
  EXPECT_EQ(f.filter.connection, "contoso");
  EXPECT_EQ(f.filter.sender, "a@contoso.com");
  EXPECT_EQ(f.filter.recipient, "bob@fabrikam.com");
  EXPECT_EQ(f.filter.created_after, k1504);
  EXPECT_FALSE(f.filter.created_before);
  EXPECT_EQ(f.filter.cursor, "12.3");
  EXPECT_TRUE(f.any());
}

TEST(ReadMessageFiltersTest, EmptyFieldsFilterNothing) {
  MessageFilters f = ReadMessageFilters({{"state", ""}, {"recipient", "  "}});
  EXPECT_TRUE(f.errors.empty());
  EXPECT_FALSE(f.filter.state || f.filter.recipient);
  EXPECT_FALSE(f.any());
}

TEST(ReadMessageFiltersTest, EachBadFieldGetsItsOwnErrorWithoutItsValue) {
  MessageFilters f = ReadMessageFilters(
      {{"state", "lost"}, {"sender", "a@b@c"}, {"before", "<script>"}, {"after", "x"}});

  ASSERT_NE(f.ErrorFor("state"), nullptr);
  ASSERT_NE(f.ErrorFor("sender"), nullptr);
  ASSERT_NE(f.ErrorFor("before"), nullptr);
  ASSERT_NE(f.ErrorFor("after"), nullptr);
  EXPECT_EQ(f.ErrorFor("recipient"), nullptr);
  EXPECT_EQ(f.ErrorFor("before")->message.find("<script>"), std::string::npos);
  EXPECT_EQ(f.Typed("before"), "<script>");
}

TEST(ReadMessageFiltersTest, AfterLaterThanBeforeIsAFieldError) {
  MessageFilters f =
      ReadMessageFilters({{"after", "2026-12-02T15:05"}, {"before", "2026-12-02T15:04"}});
  ASSERT_NE(f.ErrorFor("after"), nullptr);
  EXPECT_EQ(f.ErrorFor("after")->message, "After is later than Before: no message can match.");
  EXPECT_TRUE(ReadMessageFilters({{"after", "2026-12-02T15:04"}, {"before", "2026-12-02T15:04"}})
                  .errors.empty());
}

TEST(ReadMessageFiltersTest, ARepeatedStateIsAFieldError) {
  MessageFilters f = ReadMessageFilters({{"state", "failed"}, {"state", "queued"}});
  ASSERT_NE(f.ErrorFor("state"), nullptr);
  EXPECT_FALSE(f.filter.state);
}

}  // namespace
}  // namespace graphpost::console
