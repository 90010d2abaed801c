#include "sandbox/graph/message_model.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::sandbox::graph {
namespace {

json::value Parse(std::string_view text) { return *ParseJson(text); }

TEST(MessageModelTest, NormalisesJsonMessage) {
  auto input = MessageFromJson(Parse(R"({
    "Subject": "Hi", "body": {"contentType": "HTML", "content": "<p>x</p>"},
    "importance": "High",
    "toRecipients": [{"emailAddress": {"address": "a@b.com"}}],
    "internetMessageHeaders": [{"name": "X-Tag", "value": "1"}],
    "attachments": [{"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt",
                     "contentType": "text/plain", "contentBytes": "SGVsbG8="}]})"));

  ASSERT_TRUE(input);
  EXPECT_EQ(input->fields.at("subject"), "Hi");
  EXPECT_EQ(input->fields.at("importance"), "high");
  EXPECT_EQ(input->fields.at("body").at("contentType"), "html");
  EXPECT_EQ(input->fields.at("toRecipients").at(0).at("emailAddress").at("name"), "a@b.com");
  ASSERT_EQ(input->attachments.size(), 1u);
  EXPECT_EQ(*input->attachments[0].bytes, "Hello");
}

TEST(MessageModelTest, RejectsHeaderWithoutXPrefix) {
  auto input = MessageFromJson(
      Parse(R"({"internetMessageHeaders": [{"name": "List-Unsubscribe", "value": "x"}]})"));

  ASSERT_FALSE(input);
  EXPECT_EQ(input.error().status, 400);
  EXPECT_EQ(input.error().code, "InvalidInternetMessageHeader");
  EXPECT_EQ(input.error().message,
            "The internet message header name 'List-Unsubscribe' should start with 'x-' or 'X-'.");
}

TEST(MessageModelTest, RecipientChecksUseGraphMessages) {
  auto none = CheckRecipients(json::object{}, 500);
  json::object bad{{"toRecipients", json::array{RecipientJson("", "a@x; b@y")}}};
  auto unresolved = CheckRecipients(bad, 500);
  json::object three{
      {"toRecipients", json::array{RecipientJson("", "a@x.com"), RecipientJson("", "b@x.com")}},
      {"bccRecipients", json::array{RecipientJson("", "c@x.com")}}};

  EXPECT_EQ(none.error().message,
            "At least one recipient is not valid., A message can't be sent because it contains "
            "no recipients.");
  EXPECT_EQ(unresolved.error().message,
            "At least one recipient is not valid., Recipient 'a@x; b@y' is not resolved. All "
            "recipients must be resolved before a message can be submitted.");
  EXPECT_TRUE(CheckRecipients(three, 3));
  EXPECT_EQ(CheckRecipients(three, 2).error().code, "ErrorInvalidRecipients");
}

TEST(MessageModelTest, MimeInputKeepsOnlyXHeadersAndRawMime) {
  std::string raw = "To: a@b.com\r\nSubject: M\r\nX-Job: 7\r\nList-Id: l\r\n\r\nhello";

  auto input = MessageFromMime(Base64Encode(raw));

  ASSERT_TRUE(input);
  EXPECT_EQ(input->fields.at("subject"), "M");
  EXPECT_EQ(input->fields.at("body").at("contentType"), "text");
  ASSERT_EQ(input->fields.at("internetMessageHeaders").as_array().size(), 1u);
  EXPECT_EQ(*input->mime, raw);
}

TEST(MessageModelTest, MimeErrors) {
  EXPECT_EQ(MessageFromMime("!!!not base64").error().code, "ErrorMimeContentInvalidBase64String");
  EXPECT_EQ(MessageFromMime(Base64Encode("no headers here")).error().code,
            "ErrorMimeContentInvalid");
}

TEST(MessageModelTest, StampsAndRendersInGraphShape) {
  testing::FakeClock clock;
  testing::FakeRandom random;
  auto input = MessageFromJson(Parse(R"({"subject": "S", "body": {"contentType": "html",
      "content": "<b>Bold</b> &amp; more"}, "internetMessageHeaders": [{"name": "x-a", "value": "1"}]})"));
  ASSERT_TRUE(input);

  StoredMessage m = NewStoredMessage(
      std::move(*input), {.now = clock.WallNow(), .folder_id = "F", .is_draft = true}, random);
  json::object plain = RenderMessage(m, {});
  json::object selected = RenderMessage(m, {.select = {"subject", "internetMessageHeaders"}});
  json::object text = RenderMessage(m, {.body_content_type = "text"});

  EXPECT_TRUE(m.Id().starts_with("AAMkA"));
  EXPECT_EQ(plain.begin()->key(), "@odata.etag");
  EXPECT_EQ(plain.at("createdDateTime"), "2026-11-26T09:00:00Z");
  EXPECT_EQ(plain.at("bodyPreview"), "Bold & more");
  EXPECT_EQ(plain.at("isDraft"), true);
  EXPECT_FALSE(plain.contains("internetMessageHeaders"));
  EXPECT_TRUE(plain.at("body").at("content").as_string().starts_with("<html><head>"));
  EXPECT_EQ(selected.size(), 4u);  // @odata.etag, id, subject, internetMessageHeaders
  EXPECT_EQ(text.at("body").at("contentType"), "text");
  EXPECT_EQ(text.at("body").at("content"), "Bold & more");
}

TEST(MessageModelTest, BodyPreviewStopsAt255Characters) {
  std::string long_text(300, 'a');

  std::string preview = BodyPreview(json::object{{"contentType", "text"}, {"content", long_text}});

  EXPECT_EQ(preview.size(), 255u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
