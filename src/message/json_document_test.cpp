#include "message/json_document.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::message {
namespace {

using ::testing::ElementsAre;
using Kind = JsonDocumentError::Kind;

std::vector<std::string> Paths(const JsonDocumentError& error) {
  std::vector<std::string> paths;
  for (const auto& e : error.errors) paths.push_back(e.path);
  return paths;
}

TEST(ParseJsonDocumentTest, RefusesAMemberGivenTwiceNamingItsPath) {
  auto parsed =
      ParseJsonDocument(R"({"connection":"demo","to":["pat@company.com"],"text":"x","text":"y"})");

  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, Kind::kDuplicateMember);
  EXPECT_THAT(parsed.error().errors, ElementsAre(FieldError{"$.text", "is given twice"}));
}

TEST(ParseJsonDocumentTest, FindsDuplicatesAtAnyDepthWithArrayIndexes) {
  auto parsed = ParseJsonDocument(
      R"({"messages":[{"text":"a"},{"to":[{"address":"a@b.cd","name":"A","name":"B"}],)"
      R"("headers":{"X-A":"1","X-A":"2","X-A":"3"},"text":"b","text":"c"}],"messages":[]})");

  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, Kind::kDuplicateMember);
  EXPECT_THAT(Paths(parsed.error()),
              ElementsAre("$.messages[1].to[0].name", "$.messages[1].headers['X-A']",
                          "$.messages[1].text", "$.messages"));
}

TEST(ParseJsonDocumentTest, EqualKeysInDifferentObjectsAreNotDuplicates) {
  auto parsed = ParseJsonDocument(R"({"a":{"x":1,"y":[{"x":2},{"x":3}]},"b":{"x":"\u0078"}})");

  EXPECT_TRUE(parsed);
}

TEST(ParseJsonDocumentTest, NamesInvalidUtf8AsTheCause) {
  auto parsed = ParseJsonDocument("{\"text\":\"ab\xC3\x28\"}");

  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, Kind::kMalformed);
  EXPECT_THAT(parsed.error().errors, ElementsAre(FieldError{"$", "invalid UTF-8 at byte 11"}));
}

TEST(ParseJsonDocumentTest, ASyntaxErrorBeforeBadUtf8IsASyntaxError) {
  auto parsed = ParseJsonDocument("{\"a\":,\"text\":\"\xFF\"}");

  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().errors[0].detail, "malformed JSON at byte 5: syntax error");
}

TEST(FirstInvalidUtf8Test, AcceptsWellFormedUtf8AndFindsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8("plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);

  EXPECT_EQ(FirstInvalidUtf8("a\x80"), 1u);             // a lone continuation byte
  EXPECT_EQ(FirstInvalidUtf8("ab\xC0\xAF"), 2u);        // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);      // a UTF-16 surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("xyz\xE2\x82"), 3u);       // cut short
}

}  // namespace
}  // namespace graphpost::message
