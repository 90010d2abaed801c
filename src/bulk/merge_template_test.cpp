#include "bulk/merge_template.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::bulk {
namespace {

using ::testing::HasSubstr;

const std::map<std::string, std::string> kBob = {
    {"name", "Bob"}, {"company", "A&B <Ltd>"}, {"city", ""}};

MergeTemplate Compiled(std::string_view text,
                       MergeTemplate::Escape escape = MergeTemplate::Escape::kNone) {
  auto t = MergeTemplate::Compile(text, {"m.toml", 10}, escape);
  EXPECT_TRUE(t) << t.error().message;
  return *t;
}

TEST(MergeTemplateTest, ReplacesPlaceholdersCaseInsensitivelyWithOrWithoutSpaces) {
  auto text = Compiled("Hi {{name}}, from {{ Company }}!").Render(kBob, "row 2");

  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "Hi Bob, from A&B <Ltd>!");
}

TEST(MergeTemplateTest, HtmlEscapesValuesButNotTheTemplate) {
  auto text = Compiled("<p>{{ company }}</p>", MergeTemplate::Escape::kHtml).Render(kBob, "r");

  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "<p>A&amp;B &lt;Ltd&gt;</p>");
}

TEST(MergeTemplateTest, DefaultIsUsedForAnEmptyValue) {
  auto text = Compiled("Hello {{ city | default: \"there\" }}").Render(kBob, "r");

  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "Hello there");
}

TEST(MergeTemplateTest, EmptyValueWithoutDefaultNamesTemplateLineAndRow) {
  auto text = Compiled("line one\nline two {{ city }}").Render(kBob, "list.csv line 7");

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(text.error().message,
            "m.toml:11: {{ city }} is empty in list.csv line 7 and has no default");
}

TEST(MergeTemplateTest, UnknownColumnIsFoundBeforeAnyRow) {
  auto t = Compiled("a\nb\n{{ zip }}");

  auto checked = t.CheckColumns({"name", "company"});

  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message,
            "m.toml:12: {{ zip }}: the recipients file has no column 'zip'");
}

TEST(MergeTemplateTest, UnclosedPlaceholderIsRefused) {
  auto t = MergeTemplate::Compile("Hi {{ name", {"m.toml", 3});

  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message, HasSubstr("m.toml:3: '{{' is never closed"));
}

TEST(MergeTemplateTest, UnknownFilterIsRefused) {
  auto t = MergeTemplate::Compile("{{ name | upper }}", {"m.toml", 1});

  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message, HasSubstr("the only filter is default"));
}

TEST(MergeTemplateTest, TextWithoutPlaceholdersIsUnchanged) {
  auto text = Compiled("just { braces }").Render({}, "r");

  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "just { braces }");
}

}  // namespace
}  // namespace graphpost::bulk
