#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mime/mime_message.hpp"
#include "mime/mime_test_data.hpp"

namespace graphpost::mime {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

// `mime` without the part whose header contains `marker`: from its delimiter line ("--" at a line
// start before the marker) up to the next delimiter line.
std::string WithoutPart(const std::string& mime, std::string_view marker) {
  const std::size_t at = mime.find(marker);
  const std::size_t begin = mime.rfind("\n--", at) + 1;
  const std::size_t end = mime.find("\n--", at) + 1;
  return mime.substr(0, begin) + mime.substr(end);
}

TEST(SplitForDraftTest, LeavesAMessageThatFitsAlone) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto split = SplitForDraft(mime, Base64Size(mime.size()));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, mime);
  EXPECT_THAT(split->attachments, IsEmpty());
}

TEST(SplitForDraftTest, TakesOutTheLargestAttachmentFirstAndLeavesEverythingElse) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto split = SplitForDraft(mime, Base64Size(mime.size() - 30000));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, WithoutPart(mime, "Content-Type: application/pdf"));
  ASSERT_THAT(split->attachments, SizeIs(1));
  const graph::Attachment& pdf = split->attachments[0];
  EXPECT_EQ(pdf.name, "report.pdf");
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_FALSE(pdf.is_inline);
  EXPECT_EQ(testdata::Sha256Hex(pdf.bytes), testdata::kReportPdfSha256);
}

TEST(SplitForDraftTest, DecodesAnRfc2231FileName) {
  const std::string mime = testdata::Read("python_mixed.eml");

  auto split = SplitForDraft(mime, Base64Size(5000));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, WithoutPart(WithoutPart(mime, "Content-Type: application/pdf"),
                                           "Content-Type: application/vnd.openxml"));
  ASSERT_THAT(split->attachments, SizeIs(2));
  EXPECT_EQ(split->attachments[1].name, "große Übersicht.xlsx");
  EXPECT_EQ(split->attachments[1].content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(testdata::Sha256Hex(split->attachments[1].bytes), testdata::kXlsxSha256);
  auto draft = InspectMime(split->draft_mime);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->subject, "Quartalsübersicht – Größe und Maße");
}

TEST(SplitForDraftTest, KeepsAnInlineImageWhenRemovingTheAttachmentSuffices) {
  const std::string mime = testdata::Read("nodemailer_related.eml");

  auto split = SplitForDraft(mime, Base64Size(mime.size() - 40000));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, WithoutPart(mime, "Content-Type: application/pdf"));
  ASSERT_THAT(split->attachments, SizeIs(1));
  EXPECT_EQ(testdata::Sha256Hex(split->attachments[0].bytes), testdata::kReportPdfSha256);
}

TEST(SplitForDraftTest, TakesTheInlineImageLastWithItsContentId) {
  const std::string mime = testdata::Read("nodemailer_related.eml");

  auto split = SplitForDraft(mime, Base64Size(3000));

  ASSERT_TRUE(split) << split.error().message;
  ASSERT_THAT(split->attachments, SizeIs(2));
  const graph::Attachment& logo = split->attachments[0];  // in message order
  EXPECT_EQ(logo.name, "logo.png");
  EXPECT_EQ(logo.content_type, "image/png");
  EXPECT_TRUE(logo.is_inline);
  EXPECT_EQ(logo.content_id, "logo@company");
  EXPECT_EQ(testdata::Sha256Hex(logo.bytes), testdata::kLogoPngSha256);
  // The related multipart keeps its HTML part, so no placeholder is needed.
  EXPECT_EQ(split->draft_mime, WithoutPart(WithoutPart(mime, "Content-Type: application/pdf"),
                                           "Content-Type: image/png"));
}

TEST(SplitForDraftTest, DecodesSwaksUpperCaseBase64) {
  const std::string mime = testdata::Read("swaks_attachment.eml");

  auto split = SplitForDraft(mime, Base64Size(1000));

  ASSERT_TRUE(split) << split.error().message;
  ASSERT_THAT(split->attachments, SizeIs(1));
  EXPECT_EQ(split->attachments[0].name, "data.bin");
  EXPECT_EQ(testdata::Sha256Hex(split->attachments[0].bytes), testdata::kDataBinSha256);
  EXPECT_EQ(split->draft_mime, WithoutPart(mime, "Content-Type: application/octet-stream"));
}

constexpr std::string_view kOnlyAttachments =
    "From: a@x.org\n"
    "Content-Type: multipart/mixed; boundary=b\n"
    "\n"
    "preamble\n"
    "--b\n"
    "Content-Type: text/csv; name=\"=?UTF-8?Q?M=C3=A4rz.csv?=\"\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "a;b=3Dc;=C3=A4\n"
    "--b--\n"
    "epilogue\n";

TEST(SplitForDraftTest, LeavesAnEmptyTextPartWhereAMultipartLostEveryPart) {
  auto split = SplitForDraft(kOnlyAttachments, Base64Size(140));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime,
            "From: a@x.org\n"
            "Content-Type: multipart/mixed; boundary=b\n"
            "\n"
            "preamble\n"
            "--b\nContent-Type: text/plain; charset=us-ascii\n\n\n"
            "--b--\n"
            "epilogue\n");
  ASSERT_THAT(split->attachments, SizeIs(1));
  EXPECT_EQ(split->attachments[0].name, "März.csv");
  EXPECT_EQ(split->attachments[0].content_type, "text/csv");
  EXPECT_EQ(split->attachments[0].bytes, "a;b=c;ä");
}

TEST(SplitForDraftTest, TakesTheLastPartOfAMultipartWithoutCloseDelimiter) {
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"x y\"\r\n\r\n--x y\r\n\r\nbody text\r\n"
      "--x y\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "UEsDBA==\r\n";

  auto split = SplitForDraft(mime, Base64Size(80));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime,
            "Content-Type: multipart/mixed; boundary=\"x y\"\r\n\r\n--x y\r\n\r\nbody text\r\n");
  ASSERT_THAT(split->attachments, SizeIs(1));
  EXPECT_EQ(split->attachments[0].bytes, std::string("PK\x03\x04"));
  EXPECT_EQ(split->attachments[0].name, "attachment");
}

TEST(SplitForDraftTest, RefusesWhatDoesNotFitEvenWithoutAttachments) {
  const std::string mime = "Subject: big\r\n\r\n" + std::string(5000, 'x') + "\r\n";

  auto split = SplitForDraft(mime, 1000);

  ASSERT_FALSE(split);
  EXPECT_EQ(split.error().code, ErrorCode::kInvalidArgument);
}

TEST(SplitForDraftTest, RefusesTooManyParts) {
  std::string mime = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 2100; ++i) mime += "--b\r\n\r\nx\r\n";

  auto split = SplitForDraft(mime, 10);

  ASSERT_FALSE(split);
  EXPECT_EQ(split.error().code, ErrorCode::kInvalidArgument);
}

TEST(SplitForDraftTest, LeavesAManyPartMessageThatFitsAlone) {
  std::string mime = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 2100; ++i) mime += "--b\r\n\r\nx\r\n";

  auto split = SplitForDraft(mime, Base64Size(mime.size()));

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, mime);
}

TEST(SplitForDraftTest, ReadsMultipartsNestedBeyondTheLimitAsOpaque) {
  std::string mime = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
  for (int i = 1; i <= 40; ++i) {
    mime += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(i) + "\r\n\r\n";
  }
  mime += "--b40\r\nContent-Type: application/pdf\r\n\r\n" + std::string(3000, 'p') + "\r\n";

  auto split = SplitForDraft(mime, Base64Size(mime.size()) - 1);

  ASSERT_FALSE(split);  // the PDF is below the depth limit, so nothing can be taken out
  EXPECT_EQ(split.error().code, ErrorCode::kInvalidArgument);
}

// A message over Graph's 4 MB request limit: a 5 MB attachment in base64 comes out whole, and the
// draft is the message without it.
TEST(SplitForDraftTest, SplitsAMessageOverTheRequestLimit) {
  std::string payload(5 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7 + i / 251);
  std::string base64;
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < payload.size(); i += 3) {
    const auto b0 = static_cast<unsigned char>(payload[i]);
    const auto b1 = i + 1 < payload.size() ? static_cast<unsigned char>(payload[i + 1]) : 0;
    const auto b2 = i + 2 < payload.size() ? static_cast<unsigned char>(payload[i + 2]) : 0;
    base64 += kAlphabet[b0 >> 2];
    base64 += kAlphabet[((b0 & 3) << 4) | (b1 >> 4)];
    base64 += i + 1 < payload.size() ? kAlphabet[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    base64 += i + 2 < payload.size() ? kAlphabet[b2 & 63] : '=';
    if (base64.size() % 78 == 76) base64 += "\r\n";
  }
  const std::string head =
      "From: a@x.org\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
      "Content-Type: text/plain\r\n\r\nsee attached\r\n";
  const std::string mime = head +
                           "--zz\r\nContent-Type: application/octet-stream\r\n"
                           "Content-Disposition: attachment; filename=big.bin\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n" +
                           base64 + "\r\n--zz--\r\n";

  auto split = SplitForDraft(mime, 4 * 1024 * 1024);

  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->draft_mime, head + "--zz--\r\n");
  ASSERT_EQ(split->attachments.size(), 1u);
  EXPECT_EQ(split->attachments[0].name, "big.bin");
  EXPECT_EQ(testdata::Sha256Hex(split->attachments[0].bytes), testdata::Sha256Hex(payload));
}

}  // namespace
}  // namespace graphpost::mime
