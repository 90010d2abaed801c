// The Overview's activity chart (inline SVG) and its table.
#include "console/activity_chart.hpp"

#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::console {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// 2026-11-26 09:30:20 UTC: the hour shown runs from 08:31 to 09:30.
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 9h + 30min + 20s;

outbox::MinuteActivity At(std::chrono::minutes before_now_minute, std::int64_t accepted,
                          std::int64_t delivered, std::int64_t failed = 0) {
  return {.minute = std::chrono::floor<std::chrono::minutes>(kNow) - before_now_minute,
          .accepted = accepted,
          .delivered = delivered,
          .failed = failed};
}

std::size_t CountOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The y axis labels, bottom to top.
std::vector<std::string> YLabels(const std::string& svg) {
  std::vector<std::string> labels;
  std::regex label(R"(<text [^>]*text-anchor="end"[^>]*>([^<]*)</text>)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator();
       ++it) {
    labels.push_back((*it)[1]);
  }
  return labels;
}

TEST(ActivityChartTest, AnEmptyHourIsAnAxisWithNoBarsAndSaysSo) {
  std::string svg = ActivityChartSvg({}, kNow);

  EXPECT_THAT(svg, HasSubstr("<svg id=\"activity-chart\""));
  EXPECT_THAT(svg, HasSubstr("role=\"img\""));
  EXPECT_THAT(svg, HasSubstr("aria-labelledby=\"activity-chart-title activity-chart-desc\""));
  EXPECT_THAT(svg, HasSubstr("From 08:31 to 09:30 UTC: no message accepted, delivered or failed."));
  EXPECT_EQ(CountOf(svg, "<rect"), 2u);  // the legend's swatches only
  EXPECT_EQ(YLabels(svg), (std::vector<std::string>{"0", "1"}));
  EXPECT_THAT(svg, HasSubstr(">08:31</text>"));
  EXPECT_THAT(svg, HasSubstr(">09:30</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("style")));
}

TEST(ActivityChartTest, TheTimeLabelsStayInsideTheDrawing) {
  const std::string svg = ActivityChartSvg({}, kNow);
  std::regex label(R"re(<text x="([0-9.]+)"[^>]*text-anchor="middle"[^>]*>(\d\d:\d\d)</text>)re");
  int labels = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator();
       ++it) {
    const double x = std::stod((*it)[1]);
    EXPECT_GE(x - 18, 0) << (*it)[2];
    EXPECT_LE(x + 18, 640) << (*it)[2];  // the viewBox is 640 wide
    ++labels;
  }
  EXPECT_EQ(labels, 5);
}

TEST(ActivityChartTest, EachMinuteWithMessagesGetsItsBarsAndGapsStayEmpty) {
  std::vector<outbox::MinuteActivity> minutes{At(50min, 3, 0), At(10min, 0, 2, 1), At(0min, 1, 1)};

  std::string svg = ActivityChartSvg(minutes, kNow);

  EXPECT_EQ(CountOf(svg, "<rect class=\"series-accepted\""), 1u + 2u);  // legend + 2 minutes
  EXPECT_EQ(CountOf(svg, "<rect class=\"series-delivered\""), 1u + 2u);
  EXPECT_THAT(svg, HasSubstr("4 accepted, 3 delivered, 1 failed."));
  EXPECT_THAT(svg, HasSubstr("Most accepted in one minute: 3 at 08:40."));
}

TEST(ActivityChartTest, MinutesOutsideTheHourAreLeftOut) {
  std::vector<outbox::MinuteActivity> minutes{At(60min, 7, 7), At(-1min, 9, 9), At(59min, 1, 0)};

  std::string svg = ActivityChartSvg(minutes, kNow);

  EXPECT_THAT(svg, HasSubstr("1 accepted, 0 delivered, 0 failed."));
}

TEST(ActivityChartTest, TheYAxisEndsOnARoundNumberAboveTheBusiestMinute) {
  std::string svg = ActivityChartSvg({At(5min, 1234, 17)}, kNow);

  EXPECT_EQ(YLabels(svg), (std::vector<std::string>{"0", "500", "1,000", "1,500"}));
  // The tallest bar reaches 1234/1500 of the plot's 172 units of height.
  EXPECT_THAT(svg, HasSubstr("height=\"141.5\""));
}

TEST(ActivityChartTest, SmallCountsScaleInOnes) {
  EXPECT_EQ(YLabels(ActivityChartSvg({At(5min, 3, 1)}, kNow)),
            (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(YLabels(ActivityChartSvg({At(5min, 7, 1)}, kNow)),
            (std::vector<std::string>{"0", "2", "4", "6", "8"}));
}

TEST(ActivityChartTest, TheIdsAreTheSameWhateverTheData) {
  std::regex id(R"re(id="([^"]*)")re");
  auto ids = [&](const std::string& svg) {
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), id); it != std::sregex_iterator();
         ++it) {
      found.push_back((*it)[1]);
    }
    return found;
  };

  EXPECT_EQ(ids(ActivityChartSvg({}, kNow)), ids(ActivityChartSvg({At(3min, 5, 4)}, kNow + 1h)));
  EXPECT_EQ(
      ids(ActivityChartSvg({}, kNow)),
      (std::vector<std::string>{"activity-chart", "activity-chart-title", "activity-chart-desc"}));
}

TEST(ActivityTableTest, ListsTheMinutesWithMessagesOldestFirst) {
  std::string table = ActivityTable({At(0min, 1, 1), At(10min, 0, 2, 1)}, kNow);

  EXPECT_THAT(table, HasSubstr("<table class=\"data\" id=\"activity-table\"><caption>"));
  EXPECT_THAT(table, HasSubstr("<th scope=\"col\">Minute</th>"));
  EXPECT_EQ(CountOf(table, "<tr><th scope=\"row\">"), 2u);
  EXPECT_LT(table.find(">09:20</time>"), table.find(">09:30</time>"));
  EXPECT_THAT(table, HasSubstr("<time datetime=\"2026-11-26T09:20:00Z\">09:20</time></th>"
                               "<td class=\"number\">0</td><td class=\"number\">2</td>"
                               "<td class=\"number\">1</td>"));
}

TEST(ActivityTableTest, AnEmptyHourSaysSo) {
  EXPECT_THAT(ActivityTable({}, kNow),
              HasSubstr("No message accepted, delivered or failed in the last hour."));
}

}  // namespace
}  // namespace graphpost::console
