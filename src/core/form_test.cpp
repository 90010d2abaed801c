#include "core/form.hpp"

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(FormTest, ParsesFieldsWithEscapesAndPlus) {
  auto fields = ParseForm("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&a=b+c&flag");

  ASSERT_TRUE(fields);
  EXPECT_EQ(*FindField(*fields, "scope"), "https://graph.microsoft.com/.default");
  EXPECT_EQ(*FindField(*fields, "a"), "b c");
  EXPECT_EQ(*FindField(*fields, "flag"), "");
  EXPECT_EQ(FindField(*fields, "missing"), nullptr);
}

TEST(FormTest, RejectsBadEscapeNamingTheField) {
  auto fields = ParseForm("client_secret=ab%2");

  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(fields.error().message.find("client_secret"), std::string::npos);
}

TEST(FormTest, EncodeThenParseRoundTrips) {
  FormFields in{{"k y", "v&=+%/"}, {"x", ""}};
  auto out = ParseForm(EncodeForm(in));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
}

}  // namespace
}  // namespace graphpost
