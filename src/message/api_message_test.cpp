#include "message/api_message.hpp"

#include <string>
#include <vector>

#include <boost/json/value.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "core/time_format.hpp"
#include "message/json_document.hpp"

namespace graphpost::message {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;

const char* kFull = R"({"connection":"contoso","from":"alice@contoso.com",
  "to":["bob@contoso.com",{"address":"carol@fabrikam.com","name":"Carol"}],
  "cc":["dave@contoso.com"],"bcc":[{"address":"eve@contoso.com"}],"replyTo":["help@contoso.com"],
  "subject":"Report","text":"See attached","html":"<p>See</p>",
  "attachments":[{"name":"r.txt","contentType":"text/plain","contentBytes":"aGVsbG8="},
                 {"name":"logo.png","contentType":"image/png","contentBytes":"AAEC","inline":true,
                  "contentId":"logo"}],
  "headers":{"X-Campaign":"spring","x-tag":"a b"},"saveToSentItems":false,
  "sendAt":"2026-05-01T09:30:00.250+02:00","timeToLive":3600})";

std::vector<std::string> Paths(const std::vector<FieldError>& errors) {
  std::vector<std::string> paths;
  for (const auto& e : errors) paths.push_back(e.path);
  return paths;
}

std::vector<FieldError> ErrorsOf(std::string_view text, const ParseLimits& limits = {}) {
  auto parsed = ParseApiMessage(text, limits);
  EXPECT_FALSE(parsed) << text;
  return parsed ? std::vector<FieldError>{} : parsed.error();
}

TEST(ApiMessageTest, ParsesAMinimalMessage) {
  auto m = ParseApiMessage(R"({"connection":"contoso","to":["bob@contoso.com"],"text":"Hi"})");

  ASSERT_TRUE(m);
  EXPECT_EQ(m->connection, "contoso");
  EXPECT_EQ(m->from, "");
  ASSERT_EQ(m->message.to.size(), 1u);
  EXPECT_EQ(m->message.to[0].address, "bob@contoso.com");
  EXPECT_EQ(m->message.subject, "");
  EXPECT_EQ(m->message.body, "Hi");
  EXPECT_FALSE(m->message.html);
  EXPECT_TRUE(m->message.save_to_sent_items);
  EXPECT_EQ(m->recipient_count(), 1);
}

TEST(ApiMessageTest, ParsesEveryField) {
  auto m = ParseApiMessage(kFull);

  ASSERT_TRUE(m) << m.error()[0].path << " " << m.error()[0].detail;
  EXPECT_EQ(m->from, "alice@contoso.com");
  EXPECT_EQ(m->message.to[1].name, "Carol");
  EXPECT_EQ(m->recipient_count(), 4);
  EXPECT_EQ(m->message.reply_to[0].address, "help@contoso.com");
  EXPECT_TRUE(m->message.html);
  EXPECT_EQ(m->message.body, "<p>See</p>");
  EXPECT_EQ(m->text_alternative, "See attached");
  ASSERT_EQ(m->message.attachments.size(), 2u);
  EXPECT_EQ(m->message.attachments[0].bytes, "hello");
  EXPECT_TRUE(m->message.attachments[1].is_inline);
  EXPECT_EQ(m->message.attachments[1].content_id, "logo");
  EXPECT_EQ(m->message.headers[1], (std::pair<std::string, std::string>{"x-tag", "a b"}));
  EXPECT_FALSE(m->message.save_to_sent_items);
  EXPECT_EQ(m->send_at, *ParseIso8601("2026-05-01T07:30:00.250Z"));
  EXPECT_EQ(m->time_to_live, std::chrono::seconds{3600});
}

TEST(ApiMessageTest, RoundTripsThroughCanonicalJson) {
  auto m = ParseApiMessage(kFull);
  ASSERT_TRUE(m);

  const std::string canonical = ToCanonicalJson(*m);
  auto again = ParseApiMessage(canonical);

  ASSERT_TRUE(again);
  EXPECT_TRUE(*again == *m);
  EXPECT_EQ(ToCanonicalJson(*again), canonical);
}

TEST(ApiMessageTest, CanonicalJsonHasAFixedShape) {
  auto m = ParseApiMessage(
      R"({"text":"Hi","to":[{"name":"","address":"bob@contoso.com"}],"connection":"c1",
          "sendAt":"2026-01-02T03:04:05Z"})");
  ASSERT_TRUE(m);

  EXPECT_EQ(ToCanonicalJson(*m),
            R"({"connection":"c1","to":["bob@contoso.com"],"subject":"","text":"Hi",)"
            R"("saveToSentItems":true,"sendAt":"2026-01-02T03:04:05Z"})");
}

TEST(ApiMessageTest, ReportsEveryInvalidFieldWithItsPath) {
  auto errors = ErrorsOf(
      R"({"to":[1,"no-at",{"address":"a b@c.d","nick":"x"}],"subject":3,
          "attachments":[{"contentBytes":"%%"}],"headers":{"Subject":"x","X-Ok":1},
          "sendAt":"tomorrow","timeToLive":-1,"extra":null,"text":"t"})");

  EXPECT_THAT(Paths(errors),
              ::testing::UnorderedElementsAre(
                  "$.extra", "$", "$.to[0]", "$.to[1]", "$.to[2].nick", "$.to[2].address",
                  "$.subject", "$.attachments[0].name", "$.attachments[0].contentBytes",
                  "$.headers.Subject", "$.headers['X-Ok']", "$.sendAt", "$.timeToLive"));
}

TEST(ApiMessageTest, WrongTypesNameTheFieldAndTheType) {
  auto errors = ErrorsOf(R"({"connection":7,"to":"bob@contoso.com","text":["x"],
                             "saveToSentItems":"yes","timeToLive":1.5})");

  EXPECT_THAT(errors, Contains(FieldError{"$.connection", "must be a string, not a number"}));
  EXPECT_THAT(errors, Contains(FieldError{"$.to", "must be an array, not a string"}));
  EXPECT_THAT(errors, Contains(FieldError{"$.text", "must be a string, not an array"}));
  EXPECT_THAT(errors,
              Contains(FieldError{"$.saveToSentItems", "must be true or false, not a string"}));
  EXPECT_THAT(errors,
              Contains(FieldError{"$.timeToLive",
                                  "must be a whole number (no decimal point or exponent)"}));
}

TEST(ApiMessageTest, MissingFieldsAreNamed) {
  auto errors = ErrorsOf("{}");

  EXPECT_THAT(errors, Contains(Field(&FieldError::detail, HasSubstr("connection or a from"))));
  EXPECT_THAT(errors, Contains(Field(&FieldError::detail, HasSubstr("at least one recipient"))));
  EXPECT_THAT(errors, Contains(Field(&FieldError::detail, HasSubstr("needs a body"))));
}

TEST(ApiMessageTest, EmptyRecipientListsAreNotEnough) {
  auto errors = ErrorsOf(R"({"connection":"c","to":[],"cc":[],"text":""})");

  EXPECT_THAT(errors, Contains(FieldError{"$", "needs at least one recipient in to, cc or bcc"}));
}

TEST(ApiMessageTest, MalformedJsonNamesTheByteOffset) {
  auto errors = ErrorsOf(R"({"connection": "c", "to": [,]})");

  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$");
  EXPECT_THAT(errors[0].detail, HasSubstr("malformed JSON at byte 27"));
}

TEST(ApiMessageTest, AFieldGivenTwiceIsRefusedNotSilentlyDropped) {
  auto errors = ErrorsOf(R"({"connection":"demo","to":["pat@company.com"],"text":"x","text":"y"})");

  EXPECT_THAT(errors, ::testing::ElementsAre(FieldError{"$.text", "is given twice"}));
}

TEST(ApiMessageTest, TruncatedAndTrailingJsonAreMalformed) {
  EXPECT_THAT(ErrorsOf(R"({"to":)")[0].detail, HasSubstr("malformed JSON at byte 6"));
  EXPECT_THAT(ErrorsOf(R"({} {})")[0].detail, HasSubstr("malformed JSON at byte 3"));
}

TEST(ApiMessageTest, RefusesMoreRecipientsThanTheLimit) {
  std::string to;
  for (int i = 0; i < 3; ++i)
    to += std::string(i ? "," : "") + "\"r" + std::to_string(i) + "@contoso.com\"";
  const std::string text = R"({"connection":"c","text":"","to":[)" + to + R"(],"bcc":["x@y.z"]})";

  auto errors = ErrorsOf(text, ParseLimits{.max_recipients = 3});

  EXPECT_THAT(errors, Contains(Field(&FieldError::detail, HasSubstr("has 4 recipients"))));
  EXPECT_TRUE(ParseApiMessage(text, ParseLimits{.max_recipients = 4}));
}

TEST(ApiMessageTest, RefusesAMessageOverTheSizeLimitAsExchangeCountsIt) {
  // 3,000 raw bytes are 4,000 as base64: over a 3,500-byte limit although the raw size is under.
  const std::string text = R"({"connection":"c","to":["b@c.de"],"text":"",)"
                           R"("attachments":[{"name":"a","contentBytes":")" +
                           std::string(4000, 'A') + R"("}]})";

  auto errors = ErrorsOf(text, ParseLimits{.max_message_bytes = 3500});

  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$");
  EXPECT_THAT(errors[0].detail, HasSubstr("as Exchange counts it"));
}

TEST(ApiMessageTest, ContentBytesMustBePaddedCanonicalBase64) {
  auto with = [](std::string_view bytes) {
    return R"({"connection":"c","to":["b@c.de"],"text":"","attachments":[{"name":"a",)"
           R"("contentBytes":")" +
           std::string(bytes) + R"("}]})";
  };

  EXPECT_TRUE(ParseApiMessage(with("QQ==")));
  EXPECT_TRUE(ParseApiMessage(with("QUI=")));
  EXPECT_TRUE(ParseApiMessage(with("")));
  for (std::string_view bad :
       {"QQ", "QUI", "QR==", "QUJ=", "QQ==QQ==", "QU I=", "QUJD\\n", "Q===", "QUJD-_=="}) {
    auto errors = ErrorsOf(with(bad));
    EXPECT_THAT(Paths(errors), ::testing::ElementsAre("$.attachments[0].contentBytes")) << bad;
  }
}

TEST(ApiMessageTest, HeadersMustBeCustomSingleLineAndUnique) {
  auto errors = ErrorsOf(R"({"connection":"c","to":["b@c.de"],"text":"",
      "headers":{"X-A":"1","x-a":"2","X-B":"line\r\nBcc: evil@x.y","List-Unsubscribe":"u"}})");

  EXPECT_THAT(Paths(errors), ::testing::UnorderedElementsAre("$.headers['x-a']", "$.headers['X-B']",
                                                             "$.headers['List-Unsubscribe']"));
}

TEST(ApiMessageTest, SendAtNeedsAZoneAndTimeToLiveMustBePositive) {
  const std::string base = R"({"connection":"c","to":["b@c.de"],"text":"",)";

  EXPECT_FALSE(ParseApiMessage(base + R"("sendAt":"2026-01-02T03:04:05"})"));
  EXPECT_FALSE(ParseApiMessage(base + R"("sendAt":"2026-01-02"})"));
  EXPECT_FALSE(ParseApiMessage(base + R"("sendAt":"9999-01-02T03:04:05Z"})"));
  EXPECT_TRUE(ParseApiMessage(base + R"("sendAt":"2026-01-02t03:04:05z"})"));
  EXPECT_FALSE(ParseApiMessage(base + R"("timeToLive":0})"));
  EXPECT_FALSE(ParseApiMessage(base + R"("timeToLive":18446744073709551615})"));
  EXPECT_TRUE(ParseApiMessage(base + R"("timeToLive":1})"));
}

TEST(ApiMessageTest, ItemPathsArePrefixedWithTheItemsOwnPath) {
  auto value = ParseJsonDocument(R"({"connection":"c","to":["nope"],"text":""})");
  ASSERT_TRUE(value);

  auto parsed = ParseApiMessageValue(*value, "$.messages[3]");

  ASSERT_FALSE(parsed);
  EXPECT_EQ(Paths(parsed.error()), std::vector<std::string>{"$.messages[3].to[0]"});
}

TEST(ApiMessageTest, ProblemsNeverRepeatTheValues) {
  const std::string secret = "gpk_c2VjcmV0c2VjcmV0c2VjcmV0";
  auto errors = ErrorsOf(R"({"connection":")" + secret + R"(!","from":")" + secret +
                         R"(","to":[")" + secret + R"("],"text":1,"headers":{"X-K":"a\u0001"}})");

  for (const auto& e : errors) EXPECT_EQ(e.detail.find(secret), std::string::npos) << e.detail;
}

TEST(MemberPathTest, QuotesKeysThatAreNotIdentifiers) {
  EXPECT_EQ(MemberPath("$", "to"), "$.to");
  EXPECT_EQ(MemberPath("$.headers", "X-Tag"), "$.headers['X-Tag']");
  EXPECT_EQ(IndexPath("$.to", 3), "$.to[3]");
}

TEST(MemberPathTest, ShowsOnlyShortIdentifierLikeNames) {
  EXPECT_EQ(MemberPath("$", std::string(32, 'k')), "$." + std::string(32, 'k'));

  EXPECT_EQ(MemberPath("$", std::string(33, 'k')), "$['<not shown>']");
  EXPECT_EQ(MemberPath("$", "it's\n"), "$['<not shown>']");
  EXPECT_EQ(MemberPath("$", "Xy8Q~abc.def"), "$['<not shown>']");
  EXPECT_EQ(MemberPath("$", "1abc"), "$['<not shown>']");
  EXPECT_EQ(MemberPath("$.headers", "gpk_AbCd"), "$.headers['<not shown>']");
}

TEST(ApiMessageTest, AnUnknownMemberNamedLikeASecretIsNotEchoed) {
  const std::string secret = "Xy8Q~c2VjcmV0c2VjcmV0c2VjcmV0.abc";
  auto errors = ErrorsOf(R"({"connection":"c","to":["b@c.de"],"text":"",")" + secret +
                         R"(":1,"headers":{")" + secret + R"(":"v"}})");

  EXPECT_THAT(Paths(errors),
              ::testing::UnorderedElementsAre("$['<not shown>']", "$.headers['<not shown>']"));
  for (const auto& e : errors) EXPECT_EQ(e.detail.find(secret), std::string::npos);
}

}  // namespace
}  // namespace graphpost::message
