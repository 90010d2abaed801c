#include "console/page.hpp"

#include <gtest/gtest.h>

#include "console/internal/assets.hpp"

namespace graphpost::console {
namespace {

TEST(RouteTableTest, MatchesSegmentsWithWildcardsAndTellsWrongMethodApart) {
  RouteTable routes;
  int hit = 0;
  routes.Add("GET", "messages", [&](PageRequest, PageReply) { hit = 1; });
  routes.Add("POST", "messages/*/retry", [&](PageRequest, PageReply) { hit = 2; });
  bool allowed = false;
  const Route* r = routes.Find("HEAD", {"messages"}, &allowed);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(allowed);
  r = routes.Find("POST", {"messages", "abc", "retry"}, &allowed);
  ASSERT_NE(r, nullptr);
  r->handler({}, [](PageAnswer) {});
  EXPECT_EQ(hit, 2);
  EXPECT_EQ(routes.Find("GET", {"messages", "abc", "retry"}, &allowed), nullptr);
  EXPECT_FALSE(allowed);
  EXPECT_EQ(routes.Find("GET", {"nothing"}, &allowed), nullptr);
  EXPECT_TRUE(allowed);
}

TEST(RouteTableTest, ErrorPagesEscapeTheirMessage) {
  PageAnswer a = ErrorPage(404, "Not found", "no message <b>x</b>");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body, "<p class=\"error\">no message &lt;b&gt;x&lt;/b&gt;</p>");
}

}  // namespace
}  // namespace graphpost::console

namespace graphpost::console {
namespace {

// At 375 px the Messages filters stack full width: the narrow-screen rule must name
// #message-filters, whose own rule (align-items: end) beats console.css's form.filters.
TEST(ConsoleCssTest, TheMessageFiltersStackOnNarrowScreens) {
  const std::string_view css = internal::ConsoleCss().content;
  const auto own = css.find("form.filters#message-filters { display: flex;");
  ASSERT_NE(own, std::string_view::npos);
  const auto narrow = css.find(
      "@media (max-width: 40rem) {\n  form.filters#message-filters { flex-direction: column; "
      "align-items: stretch; }",
      own);
  EXPECT_NE(narrow, std::string_view::npos);
}

}  // namespace
}  // namespace graphpost::console
