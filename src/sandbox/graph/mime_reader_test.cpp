#include "sandbox/graph/mime_reader.hpp"

#include <gtest/gtest.h>

#include "sandbox/graph/mime_codec.hpp"

namespace graphpost::sandbox::graph {
namespace {

TEST(MimeReaderTest, ParsesSimpleTextMessage) {
  std::string raw =
      "From: Adele Vance <AdeleV@contoso.com>\r\n"
      "To: Alex Wilber <AlexW@contoso.com>, bob@fabrikam.com\r\n"
      "Subject: Hello\r\n"
      "Message-ID: <abc@contoso.com>\r\n"
      "\r\n"
      "Body line\r\n";

  auto m = ParseMime(raw);

  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->subject, "Hello");
  EXPECT_EQ(m->message_id, "<abc@contoso.com>");
  ASSERT_EQ(m->from.size(), 1u);
  EXPECT_EQ(m->from[0].name, "Adele Vance");
  EXPECT_EQ(m->from[0].address, "AdeleV@contoso.com");
  ASSERT_EQ(m->to.size(), 2u);
  EXPECT_EQ(m->to[1].address, "bob@fabrikam.com");
  EXPECT_EQ(m->text_body, "Body line\r\n");
  EXPECT_TRUE(m->html_body.empty());
}

TEST(MimeReaderTest, UnfoldsHeadersAndDecodesEncodedWordSubject) {
  std::string raw =
      "Subject: =?UTF-8?B?SGVsbG8g?=\r\n =?utf-8?Q?W=C3=B6rld?=\r\n"
      "X-Custom: a\r\n\tb\r\n"
      "To: x@y.com\r\n\r\nbody";

  auto m = ParseMime(raw);

  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Hello W\xC3\xB6rld");
  ASSERT_EQ(m->headers.size(), 3u);
  EXPECT_EQ(m->headers[1].value, "a\tb");
}

TEST(MimeReaderTest, UnfoldingKeepsTheBlanksBeforeAndAfterAFold) {
  std::string raw =
      "Subject: Quarterly \r\n report\r\n"
      "X-Tabs: a\t\r\n\tb \r\n"
      "X-Lf: one  \n  two\n"
      "X-Trimmed:   edges   \r\n"
      "\r\nbody";

  auto m = ParseMime(raw);

  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Quarterly  report");
  ASSERT_EQ(m->headers.size(), 4u);
  EXPECT_EQ(m->headers[0].value, "Quarterly  report");
  EXPECT_EQ(m->headers[1].value, "a\t\tb");
  EXPECT_EQ(m->headers[2].value, "one    two");
  EXPECT_EQ(m->headers[3].value, "edges");
}

TEST(MimeReaderTest, ParsesAddressListEdgeCases) {
  auto list = ParseAddressList(
      "\"Last, First\" <first@x.com>, plain@y.com (comment), Team: a@z.com, b@z.com;, "
      "=?utf-8?Q?J=C3=BCrgen?= <j@x.com>");

  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0].name, "Last, First");
  EXPECT_EQ(list[0].address, "first@x.com");
  EXPECT_EQ(list[1].address, "plain@y.com");
  EXPECT_EQ(list[2].address, "a@z.com");
  EXPECT_EQ(list[3].address, "b@z.com");
  EXPECT_EQ(list[4].name, "J\xC3\xBCrgen");
}

TEST(MimeReaderTest, ReadsMultipartAlternativeAndAttachments) {
  std::string raw =
      "To: a@b.com\r\nSubject: S\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
      "preamble\r\n"
      "--outer\r\n"
      "Content-Type: multipart/alternative; boundary=inner\r\n\r\n"
      "--inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 =\r\nok\r\n"
      "--inner\r\nContent-Type: text/html\r\n\r\n<p>Hi <img src=\"cid:IMG1\"></p>\r\n"
      "--inner--\r\n"
      "--outer\r\n"
      "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
      "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8=\r\n"
      "--outer\r\n"
      "Content-Type: image/png\r\nContent-ID: <img1>\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
      "--outer--\r\nepilogue";

  auto m = ParseMime(raw);

  ASSERT_TRUE(m);
  EXPECT_EQ(m->text_body, "Caf\xC3\xA9 ok");
  EXPECT_EQ(m->html_body, "<p>Hi <img src=\"cid:IMG1\"></p>");
  ASSERT_EQ(m->attachments.size(), 2u);
  EXPECT_EQ(m->attachments[0].name, "report.pdf");
  EXPECT_EQ(m->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(m->attachments[0].bytes, "Hello");
  EXPECT_FALSE(m->attachments[0].is_inline);
  EXPECT_EQ(m->attachments[1].content_id, "img1");
  EXPECT_TRUE(m->attachments[1].is_inline);
  EXPECT_EQ(m->attachments[1].bytes, std::string("\x00\x01\x02", 3));
}

TEST(MimeReaderTest, AContentIdPartIsInlineOnlyWhenTheHtmlShowsIt) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:shown@x\">\r\n"
      "--b\r\nContent-Type: image/png\r\nContent-ID: <shown@x>\r\n\r\nA\r\n"
      "--b\r\nContent-Type: application/pdf\r\nContent-ID: <file@x>\r\n\r\nB\r\n"
      "--b\r\nContent-Type: image/gif\r\nContent-Disposition: inline\r\n\r\nC\r\n"
      "--b--\r\n";

  auto m = ParseMime(raw);

  ASSERT_TRUE(m);
  ASSERT_EQ(m->attachments.size(), 3u);
  EXPECT_TRUE(m->attachments[0].is_inline);
  EXPECT_FALSE(m->attachments[1].is_inline);
  EXPECT_TRUE(m->attachments[2].is_inline);
}

TEST(MimeReaderTest, AcceptsBareLineFeeds) {
  auto m = ParseMime("To: a@b.com\nSubject: LF\n\nbody\n");

  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "LF");
  EXPECT_EQ(m->text_body, "body\n");
}

TEST(MimeReaderTest, RejectsInputWithoutHeaders) {
  EXPECT_FALSE(ParseMime(""));
  EXPECT_FALSE(ParseMime("just some text without a colon"));
  EXPECT_FALSE(ParseMime("\r\nbody only"));
}

TEST(MimeReaderTest, MapsImportanceAndPriority) {
  EXPECT_EQ(ParseMime("Importance: High\r\n\r\n")->importance, "high");
  EXPECT_EQ(ParseMime("X-Priority: 5 (Lowest)\r\n\r\n")->importance, "low");
  EXPECT_EQ(ParseMime("Subject: x\r\n\r\n")->importance, "normal");
}

TEST(MimeCodecTest, DecodesRfc2231FileNames) {
  HeaderValue v =
      ParseHeaderValue("attachment; filename*0*=utf-8''na%C3%AF; filename*1=\"ve.txt\"");

  EXPECT_EQ(v.value, "attachment");
  EXPECT_EQ(v.Param("filename"), "na\xC3\xAFve.txt");
}

TEST(MimeCodecTest, HostileHeadersStayLinear) {
  std::string words;
  for (int i = 0; i < 50000; ++i) words += "=?a?B?";
  std::string params = "attachment";
  for (int i = 0; i < 50000; ++i) params += ";x";

  EXPECT_EQ(DecodeEncodedWords(words), words);
  EXPECT_TRUE(ParseHeaderValue(params).params.empty());
  EXPECT_EQ(ParseHeaderValue("inline; filename=\"a;b.txt\"; size=3").Param("size"), "3");
}

TEST(MimeCodecTest, KeepsMalformedQuotedPrintable) {
  EXPECT_EQ(DecodeQuotedPrintable("a=ZZb=3D", false), "a=ZZb=");
}

TEST(MimeCodecTest, ReadsDeclaredSingleByteCharsetsAsWindows1252) {
  EXPECT_EQ(ToUtf8("Gr\374\337e \x80", "iso-8859-1"), "Grüße €");
  EXPECT_EQ(ToUtf8("\x93q\x94", "windows-1252"), "“q”");
  EXPECT_EQ(ToUtf8("caf\xe9", "us-ascii"), "café");
}

TEST(MimeCodecTest, KeepsValidUtf8AndReadsInvalidBytesAsWindows1252) {
  EXPECT_EQ(ToUtf8("Grüße", ""), "Grüße");
  EXPECT_EQ(ToUtf8("Gr\374\337e", ""), "Grüße");
  EXPECT_EQ(ToUtf8("Gr\374\337e", "utf-8"), "Grüße");  // declared, but not UTF-8
  EXPECT_EQ(ToUtf8("\xff", "x-unknown"), "ÿ");
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));      // cut short
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));
}

TEST(MimeReaderTest, UndeclaredEightBitTextComesOutAsUtf8) {
  auto m = ParseMime(
      "From: J\xf6rg <references@company.com>\r\nTo: pat@company.com\r\nSubject: "
      "Gr\374\337e\r\nX-Note: \xff\r\n\r\nGr\374\337e\r\n");

  ASSERT_TRUE(m);
  EXPECT_EQ(m->text_body, "Grüße\r\n");
  EXPECT_EQ(m->subject, "Grüße");
  EXPECT_EQ(m->from.at(0).name, "Jörg");
  EXPECT_EQ(m->headers.at(3).value, "ÿ");
}

TEST(MimeReaderTest, EightBitAttachmentNamesComeOutAsUtf8AndBytesStayRaw) {
  auto m = ParseMime(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b\r\n"
      "Content-Type: application/octet-stream; name=\"r\xe9sum\xe9.bin\"\r\n"
      "Content-Disposition: attachment\r\n\r\n\xff\xfe\r\n--b--\r\n");

  ASSERT_TRUE(m);
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].name, "résumé.bin");
  EXPECT_EQ(m->attachments[0].bytes, "\xff\xfe");
}

}  // namespace
}  // namespace graphpost::sandbox::graph
