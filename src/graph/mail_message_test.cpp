#include "graph/mail_message.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace graphpost::graph {
namespace {

constexpr char kGraphpostIdProperty[] =
    "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id";

OutgoingMessage FullMessage() {
  OutgoingMessage m;
  m.subject = "Quarterly report";
  m.body = "Hello \"team\"\nsee attached";
  m.to = {{"Ann Lee", "ann@contoso.com"}, {"", "bob@contoso.com"}};
  m.cc = {{"Cy", "cy@contoso.com"}};
  m.bcc = {{"", "audit@contoso.com"}};
  m.reply_to = {{"Help desk", "help@contoso.com"}};
  m.from = EmailAddress{"Sales", "sales@contoso.com"};
  m.headers = {{"X-Mailer", "graphpost"}, {"x-ticket", "42"}};
  m.extended_properties = {{kGraphpostIdProperty, "7d9f2c1e-0000-4000-8000-000000000001"}};
  return m;
}

TEST(MessageToGraphJsonTest, TextMessageWithEveryFieldMatchesGolden) {
  OutgoingMessage m = FullMessage();

  std::string json = ToJson(MessageToGraphJson(m, /*include_attachments=*/true));

  EXPECT_EQ(
      json,
      R"({"subject":"Quarterly report",)"
      R"("body":{"contentType":"Text","content":"Hello \"team\"\nsee attached"},)"
      R"("from":{"emailAddress":{"name":"Sales","address":"sales@contoso.com"}},)"
      R"("toRecipients":[{"emailAddress":{"name":"Ann Lee","address":"ann@contoso.com"}},)"
      R"({"emailAddress":{"address":"bob@contoso.com"}}],)"
      R"("ccRecipients":[{"emailAddress":{"name":"Cy","address":"cy@contoso.com"}}],)"
      R"("bccRecipients":[{"emailAddress":{"address":"audit@contoso.com"}}],)"
      R"("replyTo":[{"emailAddress":{"name":"Help desk","address":"help@contoso.com"}}],)"
      R"("internetMessageHeaders":[{"name":"X-Mailer","value":"graphpost"},)"
      R"({"name":"x-ticket","value":"42"}],)"
      R"("singleValueExtendedProperties":[{"id":"String {00020386-0000-0000-C000-000000000046} )"
      R"(Name X-Graphpost-Id","value":"7d9f2c1e-0000-4000-8000-000000000001"}]})");
}

TEST(MessageToGraphJsonTest, HtmlMessageWithOnlyRequiredFieldsOmitsEmptyCollections) {
  OutgoingMessage m;
  m.subject = "Hi";
  m.body = "<p>Hi</p>";
  m.html = true;
  m.to = {{"", "ann@contoso.com"}};

  std::string json = ToJson(MessageToGraphJson(m, /*include_attachments=*/true));

  EXPECT_EQ(json, R"({"subject":"Hi","body":{"contentType":"HTML","content":"<p>Hi</p>"},)"
                  R"("toRecipients":[{"emailAddress":{"address":"ann@contoso.com"}}]})");
}

TEST(MessageToGraphJsonTest, InlineAttachmentIsAFileAttachmentWithContentId) {
  OutgoingMessage m;
  m.subject = "Logo";
  m.html = true;
  m.body = "<img src=\"cid:logo@graphpost\">";
  m.attachments.push_back({.name = "logo.png",
                           .content_type = "image/png",
                           .bytes = "PNG!",
                           .is_inline = true,
                           .content_id = "logo@graphpost"});
  m.attachments.push_back({.name = "a.bin", .bytes = std::string("\0\1\2", 3)});

  std::string json = ToJson(MessageToGraphJson(m, /*include_attachments=*/true));

  EXPECT_EQ(
      json,
      R"({"subject":"Logo",)"
      R"("body":{"contentType":"HTML","content":"<img src=\"cid:logo@graphpost\">"},)"
      R"("attachments":[{"@odata.type":"#microsoft.graph.fileAttachment","name":"logo.png",)"
      R"("contentType":"image/png","isInline":true,"contentId":"logo@graphpost",)"
      R"("contentBytes":"UE5HIQ=="},)"
      R"({"@odata.type":"#microsoft.graph.fileAttachment","name":"a.bin",)"
      R"("contentType":"application/octet-stream","isInline":false,"contentBytes":"AAEC"}]})");
}

TEST(MessageToGraphJsonTest, AttachmentsAreLeftOutWhenNotRequested) {
  OutgoingMessage m;
  m.subject = "s";
  m.attachments.push_back({.name = "a.txt", .bytes = "x"});

  std::string json = ToJson(MessageToGraphJson(m, /*include_attachments=*/false));

  EXPECT_EQ(json, R"({"subject":"s","body":{"contentType":"Text","content":""}})");
}

TEST(SendMailToGraphJsonTest, WrapsTheMessageAndKeepsSaveToSentItemsFalse) {
  OutgoingMessage m;
  m.subject = "s";
  m.body = "b";
  m.to = {{"", "ann@contoso.com"}};
  m.save_to_sent_items = false;

  std::string json = ToJson(SendMailToGraphJson(m));

  EXPECT_EQ(json, R"({"message":{"subject":"s","body":{"contentType":"Text","content":"b"},)"
                  R"("toRecipients":[{"emailAddress":{"address":"ann@contoso.com"}}]},)"
                  R"("saveToSentItems":false})");
}

TEST(SendMailToGraphJsonTest, SaveToSentItemsDefaultsToTrue) {
  OutgoingMessage m;

  json::object body = SendMailToGraphJson(m);

  EXPECT_EQ(body.at("saveToSentItems"), json::value(true));
}

TEST(UploadSessionToGraphJsonTest, DescribesTheAttachmentWithoutItsBytes) {
  Attachment a{.name = "big.pdf",
               .content_type = "application/pdf",
               .bytes = std::string(5, 'x'),
               .is_inline = true,
               .content_id = "c1"};

  std::string json = ToJson(UploadSessionToGraphJson(a));

  EXPECT_EQ(json, R"({"AttachmentItem":{"attachmentType":"file","name":"big.pdf","size":5,)"
                  R"("contentType":"application/pdf","isInline":true,"contentId":"c1"}})");
}

TEST(ValidateMessageTest, AcceptsXHeadersInAnyCase) {
  OutgoingMessage m = FullMessage();

  EXPECT_TRUE(ValidateMessage(m).has_value());
}

TEST(ValidateMessageTest, RejectsAHeaderNotStartingWithX) {
  OutgoingMessage m;
  m.headers = {{"List-Unsubscribe", "<mailto:u@contoso.com>"}};

  Status status = ValidateMessage(m);

  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("List-Unsubscribe"), std::string::npos);
}

TEST(ValidateMessageTest, RejectsHeaderInjectionAndBareXDash) {
  OutgoingMessage injected;
  injected.headers = {{"X-Note", "a\r\nBcc: victim@contoso.com"}};
  OutgoingMessage bare;
  bare.headers = {{"X-", "v"}};
  OutgoingMessage colon;
  colon.headers = {{"X-A:B", "v"}};

  EXPECT_EQ(ValidateMessage(injected).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateMessage(bare).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateMessage(colon).error().code, ErrorCode::kInvalidArgument);
}

TEST(ValidateMessageTest, RejectsAnEmptyRecipientAddress) {
  OutgoingMessage m;
  m.cc = {{"Nobody", " "}};

  EXPECT_EQ(ValidateMessage(m).error().code, ErrorCode::kInvalidArgument);
}

TEST(EstimateMessageBytesTest, CountsAttachmentsAtTheirBase64Size) {
  OutgoingMessage m;
  m.attachments.push_back({.name = "a", .bytes = std::string(3000, 'x')});

  EXPECT_GE(EstimateMessageBytes(m), 4000u);
  EXPECT_LT(EstimateMessageBytes(m), 4300u);
  EXPECT_GE(MessageContentBytes(m), 3000u);
  EXPECT_LT(MessageContentBytes(m), 3300u);
}

TEST(FormatMegabytesTest, PrintsOneDecimalOfMebibytes) {
  EXPECT_EQ(FormatMegabytes(40u * 1024 * 1024), "40.0 MB");
  EXPECT_EQ(FormatMegabytes(1536u * 1024), "1.5 MB");
}

}  // namespace
}  // namespace graphpost::graph
