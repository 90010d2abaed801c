#include "sandbox/exchange/internal/cmdlet_args.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::sandbox::exchange::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<ParamSpec> kParams = {
    {"Identity", true}, {"RecipientTypeDetails"}, {"ResultSize"}, {"Shared", false, true}};

Result<CmdletArgs> Bind(std::vector<std::pair<std::string, std::string>> params) {
  return CmdletArgs::Bind(kParams, "Identity", CmdletCall{"Get-Mailbox", std::move(params)});
}

TEST(CmdletArgsTest, NamesMatchCaseInsensitively) {
  auto args = Bind({{"identity", "x"}});

  ASSERT_TRUE(args.has_value());
  EXPECT_EQ(args->Get("Identity"), "x");
}

TEST(CmdletArgsTest, LeadingDashIsIgnored) {
  auto args = Bind({{"-Identity", "x"}});

  ASSERT_TRUE(args.has_value());
  EXPECT_EQ(args->Get("Identity"), "x");
}

TEST(CmdletArgsTest, UnambiguousPrefixBinds) {
  auto args = Bind({{"Identity", "x"}, {"RecipientType", "UserMailbox"}});

  ASSERT_TRUE(args.has_value());
  EXPECT_EQ(args->Get("RecipientTypeDetails"), "UserMailbox");
}

TEST(CmdletArgsTest, AmbiguousPrefixIsRefused) {
  std::vector<ParamSpec> params = {{"ResultSize"}, {"Resource"}};
  auto args = CmdletArgs::Bind(params, "", CmdletCall{"X", {{"Res", "1"}}});

  ASSERT_FALSE(args.has_value());
  EXPECT_THAT(args.error().message, HasSubstr("is ambiguous. Possible matches include: "
                                              "-ResultSize -Resource."));
}

TEST(CmdletArgsTest, UnknownParameterUsesPowerShellText) {
  auto args = Bind({{"Identity", "x"}, {"AppId", "y"}});

  ASSERT_FALSE(args.has_value());
  EXPECT_EQ(args.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(args.error().message,
            "A parameter cannot be found that matches parameter name 'AppId'.");
}

TEST(CmdletArgsTest, NamelessArgumentBindsToPositionalParameter) {
  auto args = Bind({{"", "references@contoso.com"}});

  ASSERT_TRUE(args.has_value());
  EXPECT_EQ(args->Get("Identity"), "references@contoso.com");
}

TEST(CmdletArgsTest, SecondPositionalArgumentIsRefused) {
  auto args = Bind({{"", "a"}, {"", "b"}});

  ASSERT_FALSE(args.has_value());
  EXPECT_THAT(args.error().message, HasSubstr("positional parameter cannot be found that accepts "
                                              "argument 'b'"));
}

TEST(CmdletArgsTest, RepeatedParameterIsRefused) {
  auto args = Bind({{"Identity", "a"}, {"identity", "b"}});

  ASSERT_FALSE(args.has_value());
  EXPECT_THAT(args.error().message, HasSubstr("specified more than once"));
}

TEST(CmdletArgsTest, MissingMandatoryParametersAreListed) {
  auto args = Bind({{"ResultSize", "1"}});

  ASSERT_FALSE(args.has_value());
  EXPECT_EQ(args.error().message,
            "Cannot process command because of one or more missing mandatory parameters: "
            "Identity.");
}

TEST(CmdletArgsTest, EmptyValueIsRefused) {
  auto args = Bind({{"Identity", ""}});

  ASSERT_FALSE(args.has_value());
  EXPECT_THAT(args.error().message, HasSubstr("because it is an empty string"));
}

TEST(CmdletArgsTest, CommonParametersAreIgnored) {
  auto args = Bind({{"Identity", "x"}, {"Confirm", "$false"}, {"ErrorAction", "Stop"}});

  EXPECT_TRUE(args.has_value());
}

TEST(CmdletArgsTest, SwitchesTurnOffWithFalse) {
  auto on = Bind({{"Identity", "x"}, {"Shared", "true"}});
  auto off = Bind({{"Identity", "x"}, {"Shared", "$false"}});

  EXPECT_TRUE(on->Switch("Shared"));
  EXPECT_FALSE(off->Switch("Shared"));
  EXPECT_FALSE(on->Switch("Missing"));
}

TEST(CmdletArgsTest, SplitListTrimsUnquotesAndDropsEmpties) {
  EXPECT_THAT(SplitList("a, 'b' ,\"c\",,"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(SplitList("@('a','b')"), ElementsAre("a", "b"));
  EXPECT_THAT(SplitList("'x,y',z"), ElementsAre("x,y", "z"));
}

TEST(CmdletArgsTest, ParsesHashtables) {
  auto table = ParseHashtable("@{Add='a@x.com','b@x.com'; remove=\"c@x.com\"}");

  ASSERT_TRUE(table.has_value());
  EXPECT_THAT((*table)["add"], ElementsAre("a@x.com", "b@x.com"));
  EXPECT_THAT((*table)["remove"], ElementsAre("c@x.com"));
}

TEST(CmdletArgsTest, NonHashtableIsNotParsedAsOne) {
  EXPECT_FALSE(ParseHashtable("a@x.com,b@x.com").has_value());
  EXPECT_FALSE(ParseHashtable("@{noequals}").has_value());
}

}  // namespace
}  // namespace graphpost::sandbox::exchange::internal
