#include "console/html.hpp"

#include <gtest/gtest.h>

namespace graphpost::console {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(HtmlTest, EscapesEveryCharacterThatEndsTextOrAnAttribute) {
  EXPECT_EQ(Escape(R"(<a href="x" onclick='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlTest, PostButtonCarriesTheCsrfTokenAndEscapesItsParts) {
  std::string html = PostButton("/ui/messages/a\"b/retry", "Retry <now>", "tok\"en", "danger");
  EXPECT_NE(html.find("action=\"/ui/messages/a&quot;b/retry\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\" value=\"tok&quot;en\""), std::string::npos);
  EXPECT_NE(html.find("class=\"danger\""), std::string::npos);
  EXPECT_NE(html.find("Retry &lt;now&gt;"), std::string::npos);
}

TEST(HtmlTest, RelativeTimesForPeople) {
  EXPECT_EQ(Relative(std::chrono::seconds{20}), "now");
  EXPECT_EQ(Relative(minutes{12}), "in 12 min");
  EXPECT_EQ(Relative(hours{5}), "in 5 h");
  EXPECT_EQ(Relative(hours{24 * 3}), "in 3 days");
  EXPECT_EQ(Relative(-hours{24 * 2}), "2 days ago");
}

TEST(HtmlTest, CountsHaveThousandsSeparators) {
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(999), "999");
  EXPECT_EQ(Count(1234567), "1,234,567");
  EXPECT_EQ(Count(-1000), "-1,000");
}

TEST(HtmlTest, TimeTagShowsUtcForPeopleAndIsoForMachines) {
  std::chrono::system_clock::time_point t{std::chrono::seconds{1764687845}};
  std::string tag = TimeTag(t);
  EXPECT_NE(tag.find("datetime=\"2025-12-02T15:04:05Z\""), std::string::npos) << tag;
  EXPECT_NE(tag.find(">2025-12-02 15:04:05 UTC<"), std::string::npos) << tag;
}

TEST(HtmlTest, BidiTextIsolatesEscapedDataText) {
  // U+202E RIGHT-TO-LEFT OVERRIDE: "invoice\u202Efdp.exe" would read "invoiceexe.pdf".
  EXPECT_EQ(BidiText("invoice\u202Efdp.exe <b>"), "<bdi>invoice\u202Efdp.exe &lt;b&gt;</bdi>");
}

TEST(HtmlTest, CountOfIsSingularForOne) {
  EXPECT_EQ(CountOf(1, "lane", "lanes"), "1 lane");
  EXPECT_EQ(CountOf(0, "lane", "lanes"), "0 lanes");
  EXPECT_EQ(CountOf(1234, "byte", "bytes"), "1,234 bytes");
}

TEST(HtmlTest, SentenceCapitalizesAndEndsWithAFullStop) {
  EXPECT_EQ(Sentence("mailbox 'x' not found"), "Mailbox 'x' not found.");
  EXPECT_EQ(Sentence("Already a sentence."), "Already a sentence.");
  EXPECT_EQ(Sentence(""), "");
}

}  // namespace
}  // namespace graphpost::console
