#include "bulk/message_template.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::bulk {
namespace {

using ::testing::HasSubstr;

constexpr char kToml[] = R"(connection = "contoso"
subject = "Your invoice, {{ name | default: \"customer\" }}"
html = """
<p>Dear {{ name }},</p>
<p>see {{ invoice }}</p>"""
attachments = ["terms.pdf", { path = "logo.png", inline = true, contentId = "logo" }]
replyTo = ["help@contoso.com"]
saveToSentItems = true
sendAt = "2026-12-24T08:00:00Z"
timeToLive = 86400

[headers]
X-Campaign = "invoices-{{ month }}"
)";

TEST(ParseMessageTemplateTest, ReadsEveryKey) {
  auto m = ParseMessageTemplate(kToml, "msg.toml");

  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->connection, "contoso");
  ASSERT_TRUE(m->subject && m->html);
  EXPECT_EQ(m->subject->source.first_line, 2);
  EXPECT_EQ(m->html->text, "<p>Dear {{ name }},</p>\n<p>see {{ invoice }}</p>");
  EXPECT_EQ(m->html->source.first_line, 4);  // the text starts after the opening quotes' line
  ASSERT_EQ(m->attachments.size(), 2u);
  EXPECT_EQ(m->attachments[0].path, "terms.pdf");
  EXPECT_TRUE(m->attachments[1].is_inline);
  EXPECT_EQ(m->attachments[1].content_id, "logo");
  EXPECT_EQ(m->reply_to, std::vector<std::string>{"help@contoso.com"});
  EXPECT_EQ(m->save_to_sent_items, true);
  EXPECT_EQ(m->send_at, "2026-12-24T08:00:00Z");
  EXPECT_EQ(m->time_to_live, 86400);
  ASSERT_EQ(m->headers.size(), 1u);
  EXPECT_EQ(m->headers[0].first, "X-Campaign");
  EXPECT_EQ(m->headers[0].second.source.first_line, 13);
}

TEST(ParseMessageTemplateTest, UnknownKeyNamesItsLine) {
  auto m = ParseMessageTemplate("connection = \"c\"\ntext = \"x\"\nsubjekt = \"typo\"\n", "m.toml");

  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(m.error().message, HasSubstr("m.toml:3: unknown key 'subjekt'"));
}

TEST(ParseMessageTemplateTest, TomlSyntaxErrorNamesItsLine) {
  auto m = ParseMessageTemplate("connection = \"c\"\ntext = \"x\n", "m.toml");

  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("m.toml:2: "));
}

TEST(ParseMessageTemplateTest, NeedsSenderAndBody) {
  EXPECT_FALSE(ParseMessageTemplate("text = \"x\"\n", "m.toml"));
  EXPECT_FALSE(ParseMessageTemplate("connection = \"c\"\n", "m.toml"));
  EXPECT_FALSE(
      ParseMessageTemplate("from = \"a@b.com\"\ntext = \"x\"\ntextFile = \"t.txt\"\n", "m.toml"));
  EXPECT_TRUE(ParseMessageTemplate("from = \"a@b.com\"\nhtmlFile = \"body.html\"\n", "m.toml"));
}

TEST(ParseMessageTemplateTest, WrongTypeIsNamed) {
  auto m = ParseMessageTemplate("connection = 5\ntext = \"x\"\n", "m.toml");

  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("m.toml:1: connection must be a string"));
}

}  // namespace
}  // namespace graphpost::bulk
