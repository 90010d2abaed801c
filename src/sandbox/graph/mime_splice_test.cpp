#include "sandbox/graph/mime_splice.hpp"

#include <gtest/gtest.h>

#include "sandbox/graph/mime_reader.hpp"

namespace graphpost::sandbox::graph {
namespace {

TEST(MimeSpliceTest, RemovesFoldedBccFieldAndKeepsEveryOtherByte) {
  std::string raw =
      "From: a@contoso.com\r\n"
      "To: b@contoso.com,\r\n"
      "\tc@contoso.com\r\n"
      "Bcc: hidden@contoso.com,\r\n"
      " \"Second, Hidden\" <h2@contoso.com>\r\n"
      "Subject: s \r\n"
      "\r\n"
      "Bcc: this line is body text\r\n";

  std::string out = RemoveHeaderField(raw, "Bcc");

  EXPECT_EQ(out,
            "From: a@contoso.com\r\n"
            "To: b@contoso.com,\r\n"
            "\tc@contoso.com\r\n"
            "Subject: s \r\n"
            "\r\n"
            "Bcc: this line is body text\r\n");
}

TEST(MimeSpliceTest, RemovesEveryBccFieldInAnyCaseWithBareLineFeeds) {
  std::string raw = "bcc: x@y\nTo: t@y\nBCC: z@y\n  w@y\nSubject: k\n\nbody";

  EXPECT_EQ(RemoveHeaderField(raw, "Bcc"), "To: t@y\nSubject: k\n\nbody");
}

TEST(MimeSpliceTest, LeavesPartHeadersAlone) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nBcc: in-a-part@x\r\n\r\ntext\r\n--b--\r\n";

  EXPECT_EQ(RemoveHeaderField(raw, "Bcc"), raw);
  EXPECT_FALSE(HasHeaderField(raw, "Bcc"));
}

TEST(MimeSpliceTest, AddsMissingFieldAtTheEndOfTheSection) {
  std::string raw = "From: a@x\r\nSubject: s\r\n\r\nbody\r\n";

  std::string out = SetHeaderField(raw, "Message-ID", "<id@x>");

  EXPECT_EQ(out, "From: a@x\r\nSubject: s\r\nMessage-ID: <id@x>\r\n\r\nbody\r\n");
}

TEST(MimeSpliceTest, ReplacesTheFirstFieldInPlaceAndDropsRepeats) {
  std::string raw = "To: old@x,\n old2@x\nSubject: s\nto: again@x\n\nbody";

  std::string out = SetHeaderField(raw, "To", "new@x");

  EXPECT_EQ(out, "To: new@x\nSubject: s\n\nbody");
}

TEST(MimeSpliceTest, AddsFieldToInputWithoutBlankLine) {
  EXPECT_EQ(SetHeaderField("Subject: s", "Message-ID", "<i@x>"),
            "Subject: s\r\nMessage-ID: <i@x>\r\n");
  EXPECT_EQ(SetHeaderField("", "Message-ID", "<i@x>"), "Message-ID: <i@x>\r\n");
}

TEST(MimeSpliceTest, WrapsASinglePartMessageInMultipartMixed) {
  std::string raw =
      "From: a@x\r\n"
      "Content-Type: text/plain;\r\n"
      "\tcharset=utf-8\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "Subject: s\r\n"
      "\r\n"
      "Caf=C3=A9 =\r\n"
      "soft\r\n";
  std::vector<MimePart> parts{{"Content-Type: text/csv\r\n\r\na,b\r\n"}};

  std::string out = AddMixedParts(raw, parts);

  EXPECT_EQ(out,
            "From: a@x\r\n"
            "MIME-Version: 1.0\r\n"
            "Subject: s\r\n"
            "Content-Type: multipart/mixed;\r\n"
            "\tboundary=\"=_sandbox_mixed_0\"\r\n"
            "\r\n"
            "--=_sandbox_mixed_0\r\n"
            "Content-Type: text/plain;\r\n"
            "\tcharset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "\r\n"
            "Caf=C3=A9 =\r\n"
            "soft\r\n"
            "\r\n"
            "--=_sandbox_mixed_0\r\n"
            "Content-Type: text/csv\r\n\r\na,b\r\n"
            "--=_sandbox_mixed_0--\r\n");
  auto parsed = ParseMime(out);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text_body, "Caf\xC3\xA9 soft\r\n");
  ASSERT_EQ(parsed->attachments.size(), 1u);
  EXPECT_EQ(parsed->attachments[0].bytes, "a,b");
}

TEST(MimeSpliceTest, WrapsAMessageWithoutContentHeadersAndAddsMimeVersion) {
  std::string out = AddMixedParts("Subject: s\n\nhello", {{"Content-Type: x/y\n\nz\n"}});

  EXPECT_EQ(out,
            "Subject: s\n"
            "MIME-Version: 1.0\n"
            "Content-Type: multipart/mixed;\n\tboundary=\"=_sandbox_mixed_0\"\n"
            "\n"
            "--=_sandbox_mixed_0\n"
            "\n"
            "hello\n"
            "--=_sandbox_mixed_0\n"
            "Content-Type: x/y\n\nz\n"
            "--=_sandbox_mixed_0--\n");
}

TEST(MimeSpliceTest, PicksABoundaryTheMessageDoesNotContain) {
  std::string out = AddMixedParts("Subject: =_sandbox_mixed_0\r\n\r\nx", {{"\r\ny\r\n"}});

  EXPECT_NE(out.find("boundary=\"=_sandbox_mixed_1\""), std::string::npos);
}

TEST(MimeSpliceTest, InsertsPartsBeforeTheClosingDelimiterOfMultipartMixed) {
  std::string raw =
      "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
      "\r\n"
      "preamble\r\n"
      "--outer\r\n"
      "Content-Type: text/plain\r\n\r\nbody\r\n"
      "--outer--\r\n"
      "epilogue\r\n";
  std::vector<MimePart> parts{{"Content-Type: a/b\r\n\r\n1\r\n"},
                              {"Content-Type: c/d\r\n\r\n2\r\n"}};

  std::string out = AddMixedParts(raw, parts);

  EXPECT_EQ(out,
            "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
            "\r\n"
            "preamble\r\n"
            "--outer\r\n"
            "Content-Type: text/plain\r\n\r\nbody\r\n"
            "--outer\r\n"
            "Content-Type: a/b\r\n\r\n1\r\n"
            "--outer\r\n"
            "Content-Type: c/d\r\n\r\n2\r\n"
            "--outer--\r\n"
            "epilogue\r\n");
}

TEST(MimeSpliceTest, ClosesATruncatedMultipartMixed) {
  std::string raw = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx";

  EXPECT_EQ(AddMixedParts(raw, {{"\ny\n"}}), raw + "\n--b\n\ny\n--b--\n");
}

TEST(MimeSpliceTest, WrapsOtherMultipartTypes) {
  std::string raw =
      "Content-Type: multipart/alternative; boundary=alt\r\n\r\n"
      "--alt\r\n\r\nt\r\n--alt\r\nContent-Type: text/html\r\n\r\n<p>h</p>\r\n--alt--\r\n";

  std::string out = AddMixedParts(raw, {{"Content-Type: a/b\r\n\r\n1\r\n"}});

  std::string first_part =
      "--=_sandbox_mixed_0\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n" +
      raw.substr(raw.find("--alt")) + "\r\n--=_sandbox_mixed_0\r\n";
  EXPECT_NE(out.find(first_part), std::string::npos) << out;
  auto parsed = ParseMime(out);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->html_body, "<p>h</p>");
  EXPECT_EQ(parsed->attachments.size(), 1u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
