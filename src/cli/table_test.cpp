#include "cli/table.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace graphpost::cli {
namespace {

TEST(RenderTableTest, AlignsColumnsLikeFormatTable) {
  boost::json::array rows{{{"RoleName", "Application Mail.Send"}, {"InScope", true}},
                          {{"RoleName", "X"}, {"InScope", false}}};

  std::string out = RenderTable({"RoleName", "InScope"}, rows);

  EXPECT_EQ(out,
            "RoleName              InScope\n"
            "--------              -------\n"
            "Application Mail.Send True\n"
            "X                     False\n");
}

TEST(RenderTableTest, JoinsArraysAndPrintsNothingForNoRows) {
  boost::json::array rows{{{"Members", boost::json::array{"a@x", "b@x"}}}};

  EXPECT_EQ(RenderTable({"Members"}, rows), "Members\n-------\n{a@x, b@x}\n");
  EXPECT_EQ(RenderTable({"Members"}, {}), "");
}

TEST(RenderListTest, PadsNames) {
  boost::json::object o{{"appId", "1"}, {"displayName", "App"}};

  EXPECT_EQ(RenderList(o), "appId       : 1\ndisplayName : App\n");
}

}  // namespace
}  // namespace graphpost::cli
