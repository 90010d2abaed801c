#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mime/mime_message.hpp"
#include "mime/mime_test_data.hpp"

namespace graphpost::mime {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(InspectMimeTest, ReadsPythonEmailsEncodedNamesAndSubject) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto summary = InspectMime(mime);

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_THAT(summary->from, ElementsAre(HeaderAddress{"Jörg Müller", "references@company.com"}));
  EXPECT_THAT(summary->to, ElementsAre(HeaderAddress{"Pat Smith", "pat@company.com"},
                                       HeaderAddress{"Zoë Ørsted", "zoe@company.com"}));
  EXPECT_THAT(summary->cc, ElementsAre(HeaderAddress{"", "lee@company.com"}));
  EXPECT_THAT(summary->bcc, IsEmpty());
  EXPECT_EQ(summary->subject, "Quartalsübersicht – Größe und Maße");
  EXPECT_EQ(summary->message_id, "<170000000000.12345.678@build.example>");
  EXPECT_EQ(mime.substr(summary->header_bytes - 4, 6), "\r\n\r\n--");
}

TEST(InspectMimeTest, ReadsNodemailersHeader) {
  auto summary = InspectMime(testdata::Read("nodemailer_related.eml"));

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_THAT(summary->from,
              ElementsAre(HeaderAddress{"Ünïcode Sender", "references@company.com"}));
  EXPECT_THAT(summary->to, ElementsAre(HeaderAddress{"Pat", "pat@company.com"}));
  EXPECT_EQ(summary->subject, "Invoice № 42 ✓");
  EXPECT_TRUE(summary->message_id.ends_with("@company.com>"));
}

TEST(InspectMimeTest, ReadsSwaksHeaderWithItsLowerCaseMessageId) {
  auto summary = InspectMime(testdata::Read("swaks_attachment.eml"));

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_THAT(summary->to, ElementsAre(HeaderAddress{"", "pat@company.com"},
                                       HeaderAddress{"Lee", "lee@company.com"}));
  EXPECT_EQ(summary->subject, "Monthly data");
  EXPECT_TRUE(summary->message_id.starts_with("<2026"));
}

TEST(InspectMimeTest, UnfoldsAPostfixRelayedSubjectAcrossFolds) {
  auto summary = InspectMime(testdata::kPostfixRelayed);

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->subject, "Scanned document from\t Büro 3");
  EXPECT_THAT(summary->from, ElementsAre(HeaderAddress{"Scanner", "scanner@company.com"}));
  EXPECT_EQ(summary->message_id, "");
}

TEST(InspectMimeTest, FlattensGroupsAndCountsUndisclosedRecipientsAsNone) {
  auto summary = InspectMime(
      "To: Team: a@x.org, B <b@y.org>;, c@z.org\r\nCc: undisclosed-recipients:;\r\n\r\n");

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_THAT(summary->to, ElementsAre(HeaderAddress{"", "a@x.org"}, HeaderAddress{"B", "b@y.org"},
                                       HeaderAddress{"", "c@z.org"}));
  EXPECT_THAT(summary->cc, IsEmpty());
}

TEST(InspectMimeTest, AddsUpDuplicateToHeaders) {
  auto summary = InspectMime("To: a@x.org\r\nSubject: s\r\nTo: b@x.org\r\n\r\nbody");

  ASSERT_TRUE(summary);
  EXPECT_THAT(summary->to, ElementsAre(HeaderAddress{"", "a@x.org"}, HeaderAddress{"", "b@x.org"}));
}

TEST(InspectMimeTest, KeepsEightBitUtf8HeadersOfSmtputf8) {
  auto summary = InspectMime(
      "From: Jörg Müller <jörg@bücher.de>\r\nSubject: Grüße ✓\r\n"
      "Message-Id: <ü1@bücher.de>\r\n\r\nbody\r\n");

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_THAT(summary->from, ElementsAre(HeaderAddress{"Jörg Müller", "jörg@bücher.de"}));
  EXPECT_EQ(summary->subject, "Grüße ✓");
  EXPECT_EQ(summary->message_id, "<ü1@bücher.de>");
}

TEST(InspectMimeTest, AcceptsBareLf) {
  auto summary = InspectMime("From: a@x.org\nSubject: =?UTF-8?Q?caf=C3=A9?=\n\nbody\n");

  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->subject, "café");
  EXPECT_EQ(summary->header_bytes, 46u);
}

TEST(InspectMimeTest, RefusesInputWithoutAHeaderBlock) {
  auto summary = InspectMime("just some text\r\nand more\r\n");

  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
}

TEST(EnsureMessageIdTest, PrependsOneWhenThereIsNone) {
  const std::string_view mime = testdata::kPostfixRelayed;
  std::string id;

  const std::string out = EnsureMessageId(mime, "gw.company.com", "0f3a-77", &id);

  EXPECT_EQ(out, "Message-ID: <0f3a-77@gw.company.com>\r\n" + std::string(mime));
  EXPECT_EQ(id, "<0f3a-77@gw.company.com>");
  EXPECT_EQ(InspectMime(out)->message_id, id);
}

TEST(EnsureMessageIdTest, LeavesAFoldedLowerCaseOneAlone) {
  const std::string_view mime = "Subject: x\r\nmessage-id:\r\n <abc@host>\r\n\r\nbody\r\n";
  std::string id;

  EXPECT_EQ(EnsureMessageId(mime, "gw", "u", &id), mime);
  EXPECT_EQ(id, "<abc@host>");
}

TEST(EnsureMessageIdTest, IgnoresAMessageIdInTheBody) {
  const std::string_view mime = "Subject: x\r\n\r\nMessage-ID: <in@body>\r\n";

  EXPECT_EQ(EnsureMessageId(mime, "gw", "u", nullptr),
            "Message-ID: <u@gw>\r\n" + std::string(mime));
}

TEST(EnsureMessageIdTest, EndsTheNewLineLikeABareLfMessage) {
  EXPECT_EQ(EnsureMessageId("Subject: x\n\nbody\n", "gw", "u", nullptr),
            "Message-ID: <u@gw>\nSubject: x\n\nbody\n");
}

}  // namespace
}  // namespace graphpost::mime
