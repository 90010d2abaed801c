#include "sandbox/exchange/opath.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/test_tenant.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

class OpathTest : public ::testing::Test {
 protected:
  OpathTest() : tenant_(MakeTenant()) {
    AddMailbox(tenant_, "m1", "references").department = "Marketing";
    AddMailbox(tenant_, "m2", "advocacy");
    AddMailbox(tenant_, "m3", "nested");
    AddGroup(tenant_, "g1", "senders");
    AddGroup(tenant_, "g2", "inner");
    AddMember(tenant_, "g1", "m1");
    AddMember(tenant_, "g1", "g2");
    AddMember(tenant_, "g2", "m3");
    tenant_.FindRecipient("m1")->secondary_smtp_addresses.push_back("refs@contoso.com");
    tenant_.FindRecipient("m1")->custom_attributes[0] = "012332";
    tenant_.FindRecipient("m2")->custom_attributes[14] = "fifteen";
  }

  bool Eval(std::string_view filter, std::string_view recipient_id) {
    auto parsed = ParseOpath(filter);
    EXPECT_TRUE(parsed.has_value()) << filter << ": " << parsed.error().message;
    if (!parsed) return false;
    return Matches(*parsed, tenant_, *tenant_.FindRecipient(recipient_id));
  }

  std::string ErrorOf(std::string_view filter) {
    auto parsed = ParseOpath(filter);
    EXPECT_FALSE(parsed.has_value()) << filter;
    if (parsed) return "";
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    return parsed.error().message;
  }

  std::string GroupDn(std::string_view id) { return tenant_.FindRecipient(id)->distinguished_name; }

  Tenant tenant_;
};

TEST_F(OpathTest, ParsesSimpleComparison) {
  auto f = ParseOpath("CustomAttribute1 -eq '012332'");

  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->root.kind, OpathNode::Kind::kCompare);
  EXPECT_EQ(f->root.property, OpathProperty::kCustomAttribute);
  EXPECT_EQ(f->root.custom_attribute, 1);
  EXPECT_EQ(f->root.op, OpathOperator::kEq);
  EXPECT_EQ(f->root.value, "012332");
  EXPECT_EQ(f->text, "CustomAttribute1 -eq '012332'");
}

TEST_F(OpathTest, OperatorsAndPropertiesIgnoreCase) {
  EXPECT_TRUE(Eval("customattribute1 -EQ '012332'", "m1"));
  EXPECT_TRUE(Eval("ALIAS -Like 'ref*'", "m1"));
}

TEST_F(OpathTest, ValuesCompareCaseInsensitively) {
  EXPECT_TRUE(Eval("Alias -eq 'REFERENCES'", "m1"));
}

TEST_F(OpathTest, AcceptsDoubleQuotedValues) {
  EXPECT_TRUE(Eval("Department -eq \"Marketing\"", "m1"));
}

TEST_F(OpathTest, DoubledQuoteInsideStringIsOneQuote) {
  tenant_.FindRecipient("m2")->department = "O'Brien";

  EXPECT_TRUE(Eval("Department -eq 'O''Brien'", "m2"));
}

TEST_F(OpathTest, AcceptsBareTokenValues) { EXPECT_TRUE(Eval("Alias -eq references", "m1")); }

TEST_F(OpathTest, NullMatchesUnsetProperty) {
  EXPECT_TRUE(Eval("Department -eq $null", "m2"));
  EXPECT_FALSE(Eval("Department -eq $null", "m1"));
  EXPECT_TRUE(Eval("Department -ne $null", "m1"));
}

TEST_F(OpathTest, TrueAndFalseBecomeWords) {
  auto f = ParseOpath("CustomAttribute2 -eq $true");

  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->root.value, "True");
}

TEST_F(OpathTest, NotEqualNegates) {
  EXPECT_FALSE(Eval("Alias -ne 'references'", "m1"));
  EXPECT_TRUE(Eval("Alias -ne 'references'", "m2"));
}

TEST_F(OpathTest, AndOrNotAndParentheses) {
  EXPECT_TRUE(Eval("Alias -eq 'references' -and Department -eq 'Marketing'", "m1"));
  EXPECT_FALSE(Eval("Alias -eq 'references' -and Department -eq 'Sales'", "m1"));
  EXPECT_TRUE(Eval("Alias -eq 'nobody' -or Alias -eq 'advocacy'", "m2"));
  EXPECT_TRUE(Eval("-not (Alias -eq 'references')", "m2"));
  EXPECT_TRUE(Eval("-not(Alias -eq 'references')", "m2"));
  EXPECT_TRUE(Eval("((Alias -eq 'advocacy'))", "m2"));
}

TEST_F(OpathTest, AndBindsTighterThanOr) {
  // true -or (false -and false) is true; (true -or false) -and false would be false.
  EXPECT_TRUE(Eval("Alias -eq 'references' -or Alias -eq 'x' -and Alias -eq 'y'", "m1"));
  EXPECT_FALSE(Eval("(Alias -eq 'references' -or Alias -eq 'x') -and Alias -eq 'y'", "m1"));
}

TEST_F(OpathTest, NotBindsTighterThanAnd) {
  EXPECT_TRUE(Eval("-not Alias -eq 'x' -and Alias -eq 'references'", "m1"));
}

TEST_F(OpathTest, LikeSupportsTrailingAndInnerWildcards) {
  EXPECT_TRUE(Eval("PrimarySmtpAddress -like 'ref*@contoso.com'", "m1"));
  EXPECT_TRUE(Eval("PrimarySmtpAddress -like 'references@*'", "m1"));
  EXPECT_FALSE(Eval("PrimarySmtpAddress -like 'adv*'", "m1"));
  EXPECT_TRUE(Eval("PrimarySmtpAddress -notlike 'adv*'", "m1"));
}

TEST_F(OpathTest, EqTreatsStarLiterally) { EXPECT_FALSE(Eval("Alias -eq 'ref*'", "m1")); }

TEST_F(OpathTest, LeadingWildcardIsRefused) {
  EXPECT_THAT(ErrorOf("Alias -like '*ences'"),
              HasSubstr("Wildcards cannot be used as the first character"));
}

TEST_F(OpathTest, EmailAddressesMatchesAnyAddressWithOrWithoutPrefix) {
  EXPECT_TRUE(Eval("EmailAddresses -eq 'refs@contoso.com'", "m1"));
  EXPECT_TRUE(Eval("EmailAddresses -eq 'smtp:refs@contoso.com'", "m1"));
  EXPECT_TRUE(Eval("EmailAddresses -eq 'SMTP:references@contoso.com'", "m1"));
  EXPECT_TRUE(Eval("EmailAddresses -like 'smtp:refs@*'", "m1"));
  EXPECT_FALSE(Eval("EmailAddresses -eq 'refs@contoso.com'", "m2"));
}

TEST_F(OpathTest, PrimarySmtpAddressIgnoresSecondaryAddresses) {
  EXPECT_FALSE(Eval("PrimarySmtpAddress -eq 'refs@contoso.com'", "m1"));
}

TEST_F(OpathTest, RecipientTypeDetailsComparesTypeName) {
  EXPECT_TRUE(Eval("RecipientTypeDetails -eq 'UserMailbox'", "m1"));
  EXPECT_FALSE(Eval("RecipientTypeDetails -eq 'SharedMailbox'", "m1"));
}

TEST_F(OpathTest, OtherStringProperties) {
  EXPECT_TRUE(Eval("UserPrincipalName -eq 'references@contoso.com'", "m1"));
  EXPECT_TRUE(Eval("DisplayName -eq 'references'", "m1"));
  EXPECT_TRUE(Eval("Name -eq 'references'", "m1"));
  EXPECT_TRUE(Eval("CustomAttribute15 -eq 'fifteen'", "m2"));
}

TEST_F(OpathTest, MemberOfGroupMatchesDirectMemberByDn) {
  EXPECT_TRUE(Eval("MemberOfGroup -eq '" + GroupDn("g1") + "'", "m1"));
}

TEST_F(OpathTest, MemberOfGroupDnComparisonIgnoresCase) {
  std::string dn = GroupDn("g1");
  for (char& c : dn) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  EXPECT_TRUE(Eval("MemberOfGroup -eq '" + dn + "'", "m1"));
}

TEST_F(OpathTest, MemberOfGroupExcludesNonMembers) {
  EXPECT_FALSE(Eval("MemberOfGroup -eq '" + GroupDn("g1") + "'", "m2"));
}

TEST_F(OpathTest, MemberOfGroupExcludesNestedMembers) {
  EXPECT_FALSE(Eval("MemberOfGroup -eq '" + GroupDn("g1") + "'", "m3"));
  EXPECT_TRUE(Eval("MemberOfGroup -eq '" + GroupDn("g2") + "'", "m3"));
}

TEST_F(OpathTest, MemberOfGroupByEmailParsesButMatchesNothing) {
  EXPECT_FALSE(Eval("MemberOfGroup -eq 'senders@contoso.com'", "m1"));
}

TEST_F(OpathTest, MemberOfGroupByNameOrGuidParsesButMatchesNothing) {
  EXPECT_FALSE(Eval("MemberOfGroup -eq 'senders'", "m1"));
  EXPECT_FALSE(Eval("MemberOfGroup -eq 'g1'", "m1"));
}

TEST_F(OpathTest, MemberOfGroupNeMatchesNonMembers) {
  EXPECT_TRUE(Eval("MemberOfGroup -ne '" + GroupDn("g1") + "'", "m2"));
}

TEST_F(OpathTest, UnknownPropertyNamesTheProperty) {
  std::string message = ErrorOf("Colour -eq 'blue'");

  EXPECT_THAT(message, HasSubstr("Cannot bind parameter 'RecipientRestrictionFilter'"));
  EXPECT_THAT(message, HasSubstr("\"Colour\" is not a recognized filterable property"));
}

TEST_F(OpathTest, CustomAttributeOutOfRangeIsUnknown) {
  EXPECT_THAT(ErrorOf("CustomAttribute16 -eq 'x'"), HasSubstr("\"CustomAttribute16\""));
  EXPECT_THAT(ErrorOf("CustomAttribute0 -eq 'x'"), HasSubstr("not a recognized"));
  EXPECT_THAT(ErrorOf("CustomAttribute01 -eq 'x'"), HasSubstr("not a recognized"));
}

TEST_F(OpathTest, MissingValueReportsPositionAfterEnd) {
  EXPECT_THAT(ErrorOf("MemberOfGroup -eq"),
              HasSubstr("Invalid filter syntax. For a description of the filter parameter syntax "
                        "see the command help. \"MemberOfGroup -eq\" at position 18."));
}

TEST_F(OpathTest, UnknownOperatorReportsItsPosition) {
  EXPECT_THAT(ErrorOf("Alias -gt 'a'"), HasSubstr("at position 7."));
}

TEST_F(OpathTest, MissingOperatorReportsValuePosition) {
  EXPECT_THAT(ErrorOf("Alias 'a'"), HasSubstr("at position 7."));
}

TEST_F(OpathTest, UnterminatedQuoteReportsQuotePosition) {
  EXPECT_THAT(ErrorOf("Alias -eq 'abc"), HasSubstr("at position 11."));
}

TEST_F(OpathTest, UnbalancedParenthesesAreSyntaxErrors) {
  EXPECT_THAT(ErrorOf("(Alias -eq 'a'"), HasSubstr("at position 15."));
  EXPECT_THAT(ErrorOf("Alias -eq 'a')"), HasSubstr("at position 14."));
}

TEST_F(OpathTest, DanglingConnectiveIsSyntaxError) {
  EXPECT_THAT(ErrorOf("Alias -eq 'a' -and"), HasSubstr("Invalid filter syntax"));
  EXPECT_THAT(ErrorOf("Alias -eq 'a' Alias -eq 'b'"), HasSubstr("at position 15."));
}

TEST_F(OpathTest, EmptyFilterIsRefused) { EXPECT_THAT(ErrorOf("   "), HasSubstr("empty")); }

TEST_F(OpathTest, DeepNestingIsRefusedNotOverflowed) {
  std::string deep(10000, '(');

  EXPECT_THAT(ErrorOf(deep), HasSubstr("Invalid filter syntax"));
}

TEST_F(OpathTest, LongChainsParseIteratively) {
  std::string filter = "Alias -eq 'a0'";
  for (int i = 1; i < 2000; ++i) filter += " -or Alias -eq 'a" + std::to_string(i) + "'";

  EXPECT_FALSE(Eval(filter, "m1"));
}

TEST(WildcardMatchTest, MatchesStarsAnywhereButCaseInsensitively) {
  EXPECT_TRUE(WildcardMatch("a*c", "ABBC"));
  EXPECT_TRUE(WildcardMatch("a*", "a"));
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_TRUE(WildcardMatch("a**b*c", "aXbYc"));
  EXPECT_FALSE(WildcardMatch("a*c", "abcd"));
  EXPECT_FALSE(WildcardMatch("abc", "ab"));
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
