#include "sandbox/graph/users_filter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::sandbox::graph {
namespace {

using ::testing::HasSubstr;

const UserAddresses kAdele{"id-adele",
                           "adele@contoso.com",
                           "adele@contoso.com",
                           {"SMTP:adele@contoso.com", "smtp:adele.vance@contoso.onmicrosoft.com"}};

bool Matches(std::string_view filter, bool readable = true) {
  auto parsed = ParseUsersFilter(filter);
  EXPECT_TRUE(parsed.has_value()) << filter << ": " << (parsed ? "" : parsed.error().message);
  return parsed && MatchesUsersFilter(*parsed, kAdele, readable);
}

GraphError ErrorOf(std::string_view filter) {
  auto parsed = ParseUsersFilter(filter);
  EXPECT_FALSE(parsed.has_value()) << filter;
  return parsed ? GraphError{} : parsed.error();
}

TEST(UsersFilterTest, AnyOverProxyAddressesMatchesASecondaryAddress) {
  EXPECT_TRUE(Matches("proxyAddresses/any(x:x eq 'smtp:adele.vance@contoso.onmicrosoft.com')"));
  EXPECT_FALSE(Matches("proxyAddresses/any(x:x eq 'smtp:alex@contoso.com')"));
}

TEST(UsersFilterTest, AddressAndPrefixCompareIgnoringCase) {
  EXPECT_TRUE(Matches("proxyAddresses/any(x:x eq 'SMTP:Adele.Vance@CONTOSO.onmicrosoft.com')"));
  EXPECT_TRUE(Matches("proxyAddresses/any(x:x eq 'smtp:adele@contoso.com')"));  // the primary
}

TEST(UsersFilterTest, AddressWithoutItsPrefixDoesNotMatch) {
  EXPECT_FALSE(Matches("proxyAddresses/any(x:x eq 'adele@contoso.com')"));
}

TEST(UsersFilterTest, SpacingVariableNameAndKeywordCaseAreFree) {
  EXPECT_TRUE(Matches("proxyAddresses/any( a : a EQ 'smtp:adele@contoso.com' )"));
  EXPECT_TRUE(Matches("proxyaddresses/ANY(p:startsWith(p, 'SMTP:adele@'))"));
}

TEST(UsersFilterTest, ScalarPropertiesAndOr) {
  EXPECT_TRUE(Matches("mail eq 'ADELE@contoso.com'"));
  EXPECT_TRUE(Matches("userPrincipalName eq 'nobody@x' or id eq 'id-adele'"));
  EXPECT_FALSE(Matches("mail eq 'adele.vance@contoso.onmicrosoft.com'"));
}

TEST(UsersFilterTest, QuotesInLiteralsAreDoubled) {
  auto parsed = ParseUsersFilter("mail eq 'o''brien@contoso.com'");

  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->any_of.at(0).value, "o'brien@contoso.com");
}

TEST(UsersFilterTest, EndsWithIsAnAdvancedQuery) {
  auto parsed = ParseUsersFilter("proxyAddresses/any(p:endsWith(p, 'onmicrosoft.com'))");

  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->NeedsAdvancedQuery());
  EXPECT_TRUE(MatchesUsersFilter(*parsed, kAdele, true));
}

TEST(UsersFilterTest, UnreadableProxyAddressesMatchNothing) {
  EXPECT_FALSE(Matches("proxyAddresses/any(x:x eq 'smtp:adele@contoso.com')", false));
  EXPECT_TRUE(Matches("mail eq 'adele@contoso.com'", false));
}

TEST(UsersFilterTest, UnsupportedPropertyOrOperatorIsGraphsUnsupportedQuery) {
  GraphError e = ErrorOf("department eq 'Sales'");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "Request_UnsupportedQuery");
  EXPECT_EQ(e.message,
            "Unsupported or invalid query filter clause specified for property 'department' of "
            "resource 'User'.");
  EXPECT_EQ(ErrorOf("proxyAddresses eq 'smtp:a@b'").code, "Request_UnsupportedQuery");
  EXPECT_EQ(ErrorOf("proxyAddresses/any(x:x ne 'smtp:a@b')").code, "Request_UnsupportedQuery");
}

TEST(UsersFilterTest, SyntaxErrorsAreInvalidFilterClauses) {
  for (std::string_view bad :
       {"", "mail eq", "mail eq 'open", "proxyAddresses/any(x x eq 'a')",
        "proxyAddresses/any(x:x eq 'a'", "mail eq 'a' and", "mail eq 'a' )"}) {
    GraphError e = ErrorOf(bad);
    EXPECT_EQ(e.status, 400) << bad;
    EXPECT_THAT(e.message, HasSubstr("filter")) << bad;
  }
}

TEST(UsersFilterTest, OverlongFilterIsRefused) {
  std::string huge = "mail eq '" + std::string(kMaxUsersFilterBytes, 'a') + "'";

  EXPECT_THAT(ErrorOf(huge).message, HasSubstr("longer than"));
}

}  // namespace
}  // namespace graphpost::sandbox::graph
