// The Overview's activity chart (inline SVG) and its table.
#include "console/activity_chart.hpp"

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

// The <text> elements: their attributes and their text. (No std::regex: GCC 12 warns inside it
// under the sanitizers' -O1, and the ASan build treats warnings as errors.)
struct TextElement {
  std::string attributes;
  std::string text;
};
std::vector<TextElement> Texts(const std::string& svg) {
  std::vector<TextElement> out;
  for (auto at = svg.find("<text "); at != std::string::npos; at = svg.find("<text ", at + 1)) {
    const auto close = svg.find('>', at);
    const auto end = svg.find("</text>", close);
    out.push_back({svg.substr(at, close - at), svg.substr(close + 1, end - close - 1)});
  }
  return out;
}
std::string Attribute(const std::string& attributes, const std::string& name) {
  const auto at = attributes.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 3;
  return attributes.substr(start, attributes.find('"', start) - start);
}

// The y axis labels, bottom to top.
std::vector<std::string> YLabels(const std::string& svg) {
  std::vector<std::string> labels;
  for (const auto& t : Texts(svg)) {
    if (Attribute(t.attributes, "text-anchor") == "end") labels.push_back(t.text);
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
  int labels = 0;
  for (const auto& t : Texts(svg)) {
    if (Attribute(t.attributes, "text-anchor") != "middle" || t.text.size() != 5 ||
        t.text[2] != ':') {
      continue;
    }
    const double x = std::stod(Attribute(t.attributes, "x"));
    EXPECT_GE(x - 18, 0) << t.text;
    EXPECT_LE(x + 18, 640) << t.text;  // the viewBox is 640 wide
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
  auto ids = [](const std::string& svg) {
    std::vector<std::string> found;
    for (auto at = svg.find(" id=\""); at != std::string::npos; at = svg.find(" id=\"", at + 1)) {
      const auto start = at + 5;
      found.push_back(svg.substr(start, svg.find('"', start) - start));
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
