#include "graph/graph_urls.hpp"

#include <gtest/gtest.h>

namespace graphpost::graph {
namespace {

TEST(GraphUrlsTest, MailboxAddressKeepsItsAtSign) {
  EXPECT_EQ(UserPath("ann.lee@contoso.com"), "/users/ann.lee@contoso.com");
}

TEST(GraphUrlsTest, PathSegmentsCannotChangeTheUrlStructure) {
  EXPECT_EQ(EncodePathSegment("a/b?c#d%e f+g'h"), "a%2Fb%3Fc%23d%25e%20f%2Bg%27h");
  EXPECT_EQ(EncodePathSegment("\xc3\xa9"), "%C3%A9");
}

TEST(GraphUrlsTest, MessageIdsWithBase64CharactersAreEncoded) {
  EXPECT_EQ(MessagePath("a@b.c", "AAMk/x+y="), "/users/a@b.c/messages/AAMk%2Fx%2By%3D");
}

TEST(GraphUrlsTest, ODataStringsDoubleSingleQuotes) {
  EXPECT_EQ(ODataString("o'brien"), "'o''brien'");
  EXPECT_EQ(ODataString(""), "''");
}

TEST(GraphUrlsTest, ExtendedPropertyFilterHasTheAnyLambdaForm) {
  EXPECT_EQ(
      ExtendedPropertyFilter("String {00020386-0000-0000-C000-000000000046} Name X-Id", "v'1"),
      "singleValueExtendedProperties/any(ep: ep/id eq "
      "'String {00020386-0000-0000-C000-000000000046} Name X-Id' and ep/value eq 'v''1')");
}

TEST(GraphUrlsTest, InternetMessageIdFilterQuotesTheIdAsAnODataString) {
  EXPECT_EQ(InternetMessageIdFilter("<a'b.1@host>"), "internetMessageId eq '<a''b.1@host>'");
}

}  // namespace
}  // namespace graphpost::graph
