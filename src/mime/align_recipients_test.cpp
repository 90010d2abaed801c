#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mime/mime_message.hpp"
#include "mime/mime_test_data.hpp"

namespace graphpost::mime {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// `mime` with the bytes [begin of `from`, end of that line and its folds) replaced by `to`.
std::string ReplaceField(const std::string& mime, std::string_view from, std::string_view to) {
  const std::size_t begin = mime.find(from);
  std::size_t end = mime.find('\n', begin) + 1;
  while (mime[end] == ' ' || mime[end] == '\t') end = mime.find('\n', end) + 1;
  return mime.substr(0, begin) + std::string(to) + mime.substr(end);
}

TEST(AlignRecipientsTest, PassesThroughWhenTheHeadersNameTheEnvelope) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto aligned = AlignRecipients(mime, {"PAT@company.com", "Lee@Company.com", "zoe@company.com"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_FALSE(aligned->changed);
  EXPECT_EQ(aligned->mime, mime);
}

TEST(AlignRecipientsTest, DropsAHeaderOnlyAddressAndKeepsTheRestAsWritten) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto aligned = AlignRecipients(mime, {"zoe@company.com", "lee@company.com"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_TRUE(aligned->changed);
  EXPECT_EQ(
      aligned->mime,
      ReplaceField(mime, "To: ", "To: =?utf-8?q?Zo=C3=AB_=C3=98rsted?= <zoe@company.com>\r\n"));
  EXPECT_THAT(InspectMime(aligned->mime)->to,
              ElementsAre(HeaderAddress{"Zoë Ørsted", "zoe@company.com"}));
}

TEST(AlignRecipientsTest, AddsEnvelopeOnlyAddressesAsBccAtTheEndOfTheHeader) {
  const std::string mime = testdata::Read("swaks_attachment.eml");
  const std::size_t body = InspectMime(mime)->header_bytes;

  auto aligned =
      AlignRecipients(mime, {"pat@company.com", "lee@company.com", "<Audit@Company.com>"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_EQ(aligned->mime,
            mime.substr(0, body - 2) + "Bcc: Audit@Company.com\r\n\r\n" + mime.substr(body));
}

TEST(AlignRecipientsTest, LeavesAnEmptyToAsUndisclosedRecipients) {
  const std::string mime(testdata::kPostfixRelayed);

  auto aligned = AlignRecipients(mime, {"lee@company.com"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  std::string expected = ReplaceField(mime, "To: ", "To: undisclosed-recipients:;\r\n");
  expected.insert(expected.find("\r\n\r\n") + 2, "Bcc: lee@company.com\r\n");
  EXPECT_EQ(aligned->mime, expected);
  EXPECT_THAT(InspectMime(aligned->mime)->to, IsEmpty());
  EXPECT_THAT(InspectMime(aligned->mime)->bcc, ElementsAre(HeaderAddress{"", "lee@company.com"}));
}

TEST(AlignRecipientsTest, KeepsBccNamesAndDropsBccAddressesNotInTheEnvelope) {
  const std::string mime =
      "From: a@x.org\r\nBcc: =?UTF-8?Q?Ren=C3=A9?= <rene@x.org>, gone@x.org\r\nTo: b@x.org\r\n"
      "Subject: s\r\nBcc: other@x.org\r\n\r\nbody\r\n";

  auto aligned = AlignRecipients(mime, {"b@x.org", "rene@x.org"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_EQ(aligned->mime,
            "From: a@x.org\r\nBcc: =?UTF-8?Q?Ren=C3=A9?= <rene@x.org>\r\nTo: b@x.org\r\n"
            "Subject: s\r\n\r\nbody\r\n");
}

TEST(AlignRecipientsTest, FiltersDuplicateToHeadersAndGroupsEachOnItsOwn) {
  const std::string mime =
      "To: Team: a@x.org, \"Doe, B\" <b@x.org>;\r\nTo: c@x.org\r\nCc: d@x.org\r\n\r\nbody";

  auto aligned = AlignRecipients(mime, {"b@x.org", "c@x.org"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_EQ(aligned->mime,
            "To: \"Doe, B\" <b@x.org>\r\nTo: c@x.org\r\nCc: undisclosed-recipients:;\r\n\r\nbody");
}

TEST(AlignRecipientsTest, FoldsALongRewrittenHeaderBelowTheLineLimit) {
  std::string to = "To: ";
  std::vector<std::string> envelope;
  for (int i = 0; i < 40; ++i) {
    to += "=?UTF-8?Q?Empf=C3=A4nger_" + std::to_string(i) + "?= <user" + std::to_string(i) +
          "@company.com>, ";
    envelope.push_back("user" + std::to_string(i) + "@company.com");
  }
  const std::string mime = to + "dropped@company.com\r\nSubject: s\r\n\r\nbody\r\n";

  auto aligned = AlignRecipients(mime, envelope);

  ASSERT_TRUE(aligned) << aligned.error().message;
  auto summary = InspectMime(aligned->mime);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->to.size(), 40u);
  EXPECT_EQ(summary->to[39], (HeaderAddress{"Empfänger 39", "user39@company.com"}));
  std::size_t longest = 0;
  for (std::size_t pos = 0, next; pos < summary->header_bytes; pos = next + 2) {
    next = aligned->mime.find("\r\n", pos);
    longest = std::max(longest, next - pos);
  }
  EXPECT_LT(longest, 78u);
  EXPECT_TRUE(aligned->mime.ends_with("\r\nSubject: s\r\n\r\nbody\r\n"));
}

TEST(AlignRecipientsTest, KeepsBareLfLineEnds) {
  auto aligned = AlignRecipients("To: a@x.org, b@x.org\nSubject: s\n\nbody\n", {"a@x.org"});

  ASSERT_TRUE(aligned);
  EXPECT_EQ(aligned->mime, "To: a@x.org\nSubject: s\n\nbody\n");
}

TEST(AlignRecipientsTest, LeavesAFoldedFieldThatKeepsAllItsAddressesByteForByte) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto aligned = AlignRecipients(mime, {"pat@company.com", "zoe@company.com"});

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_EQ(aligned->mime, ReplaceField(mime, "Cc: ", "Cc: undisclosed-recipients:;\r\n"));
  EXPECT_NE(aligned->mime.find("To: Pat Smith <pat@company.com>,\r\n =?utf-8?q?Zo=C3=AB"),
            std::string::npos);
}

TEST(AlignRecipientsTest, KeepsEightBitUtf8NamesAsWritten) {
  const std::string mime =
      "From: Jörg <jörg@bücher.de>\r\nTo: Zoë Ørsted <zoë@bücher.de>, Ann <ann@x.org>\r\n\r\nbody";

  auto aligned = AlignRecipients(mime, {"ZOë@bücher.de"});  // ASCII letters fold, ë does not

  ASSERT_TRUE(aligned) << aligned.error().message;
  EXPECT_EQ(aligned->mime,
            "From: Jörg <jörg@bücher.de>\r\nTo: Zoë Ørsted <zoë@bücher.de>\r\n\r\nbody");
}

TEST(AlignRecipientsTest, RefusesAMessageWithoutHeader) {
  auto aligned = AlignRecipients("no header here\r\n", {"a@x.org"});

  ASSERT_FALSE(aligned);
  EXPECT_EQ(aligned.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace graphpost::mime
