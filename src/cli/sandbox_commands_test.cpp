#include "cli/sandbox_commands.hpp"

#include <gtest/gtest.h>

namespace graphpost::cli {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(ParseCmdletArgsTest, LeadingValueIsIdentityAndSwitchesAreTrue) {
  auto p = ParseCmdletArgs({"references@company.com", "-Shared", "-Name", "Refs"});

  ASSERT_TRUE(p);
  EXPECT_EQ(*p,
            (Params{{"Identity", "references@company.com"}, {"Shared", "true"}, {"Name", "Refs"}}));
}

TEST(ParseCmdletArgsTest, AcceptsColonSyntaxAndValuesStartingWithDigitsOrDashes) {
  auto p = ParseCmdletArgs(
      {"-Confirm:$false", "-CustomAttribute1", "-12", "-Filter", "MemberOfGroup -eq 'x'"});

  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (Params{{"Confirm", "$false"},
                        {"CustomAttribute1", "-12"},
                        {"Filter", "MemberOfGroup -eq 'x'"}}));
}

TEST(ParseCmdletArgsTest, RejectsAStrayPositionalValue) {
  auto p = ParseCmdletArgs({"-Name", "a", "b"});

  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("'b'"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::cli
