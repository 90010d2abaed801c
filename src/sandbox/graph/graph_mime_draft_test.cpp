// MIME drafts through GraphService: recipients from the headers, attachments added later (POST
// and upload sessions up to 150 MB) in $value and the sent copies, PATCH, send
// (docs/sandbox.md "MIME fidelity").
#include <gtest/gtest.h>

#include "sandbox/graph/graph_mime_test_support.hpp"
#include "sandbox/graph/mime_reader.hpp"

namespace graphpost::sandbox::graph {
namespace {

using GraphMimeDraftTest = testing::GraphMimeFixture;
using testing::kMiB;

TEST_F(GraphMimeDraftTest, MimeDraftTakesRecipientsFromItsHeaders) {
  std::string id = CreateMimeDraft(
      "To: \"Alex W\" <alex@contoso.com>\r\nCc: shared@contoso.com\r\n"
      "Bcc: partner@fabrikam.com\r\nSubject: s\r\n\r\nb");

  auto draft = Body(Call(Request("GET", Path("adele@contoso.com", id))));

  EXPECT_EQ(draft.at("isDraft"), true);
  EXPECT_EQ(draft.at("toRecipients").at(0).at("emailAddress").at("address"), "alex@contoso.com");
  EXPECT_EQ(draft.at("toRecipients").at(0).at("emailAddress").at("name"), "Alex W");
  EXPECT_EQ(draft.at("ccRecipients").at(0).at("emailAddress").at("address"), "shared@contoso.com");
  EXPECT_EQ(draft.at("bccRecipients").at(0).at("emailAddress").at("address"),
            "partner@fabrikam.com");
}

TEST_F(GraphMimeDraftTest, MimeDraftValueIncludesAttachmentsAddedLaterAndKeepsTheOriginalPart) {
  const std::string raw =
      "From: adele@contoso.com\r\n"
      "To: alex@contoso.com\r\n"
      "Subject: report\r\n"
      "Message-ID: <d1@app.example>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "See the attached =\r\n"
      "file.\r\n";
  std::string id = CreateMimeDraft(raw);
  ASSERT_EQ(Call(Request("POST", Path("adele@contoso.com", id) + "/attachments",
                         R"({"name":"a.txt","contentType":"text/plain","contentBytes":"SGk="})"))
                .status,
            201);

  std::string value = Value("adele@contoso.com", id);

  EXPECT_EQ(value,
            "From: adele@contoso.com\r\n"
            "To: alex@contoso.com\r\n"
            "Subject: report\r\n"
            "Message-ID: <d1@app.example>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed;\r\n"
            "\tboundary=\"=_sandbox_mixed_0\"\r\n"
            "\r\n"
            "--=_sandbox_mixed_0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "\r\n"
            "See the attached =\r\n"
            "file.\r\n"
            "\r\n"
            "--=_sandbox_mixed_0\r\n"
            "Content-Type: text/plain; name=\"a.txt\"\r\n"
            "Content-Disposition: attachment; filename=\"a.txt\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n"
            "SGk=\r\n"
            "--=_sandbox_mixed_0--\r\n");
}

TEST_F(GraphMimeDraftTest, MimeDraftAttachmentsGoIntoAnExistingMultipartMixed) {
  const std::string head =
      "To: alex@contoso.com\r\nMessage-ID: <d2@app.example>\r\n"
      "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
      "--m\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
      "--m\r\nContent-Type: application/pdf; name=r.pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n";
  std::string id = CreateMimeDraft(head + "--m--\r\n");
  ASSERT_EQ(Call(Request("POST", Path("adele@contoso.com", id) + "/attachments",
                         R"({"name":"b.bin","contentType":"application/octet-stream",
                             "contentBytes":"AAE="})"))
                .status,
            201);

  EXPECT_EQ(Value("adele@contoso.com", id),
            head +
                "--m\r\nContent-Type: application/octet-stream; name=\"b.bin\"\r\n"
                "Content-Disposition: attachment; filename=\"b.bin\"\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\nAAE=\r\n--m--\r\n");
}

TEST_F(GraphMimeDraftTest, WholeMimeDraftFlowWithUploadSessionPatchAndSend) {
  const std::string raw =
      "From: adele@contoso.com\r\n"
      "To: alex@contoso.com\r\n"
      "Subject: big\r\n"
      "Content-Type: text/plain; charset=us-ascii\r\n"
      "\r\n"
      "large file follows\r\n";
  std::string id = CreateMimeDraft(raw);
  std::string big(4 * kMiB + 3, '\0');  // two chunks
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  UploadAttachment(id, "big.bin", big);
  ASSERT_EQ(
      Call(Request("POST", Path("adele@contoso.com", id) + "/attachments",
                   R"({"name":"small.txt","contentType":"text/plain","contentBytes":"c21hbGw="})"))
          .status,
      201);
  auto patched = Call(Request("PATCH", Path("adele@contoso.com", id),
                              R"({"toRecipients":[{"emailAddress":{"address":"alex@contoso.com"}}],
          "bccRecipients":[{"emailAddress":{"address":"shared@contoso.com"}},
                           {"emailAddress":{"name":"Partner","address":"partner@fabrikam.com"}}]})"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Body(patched).at("bccRecipients").as_array().size(), 2u);
  std::string internet_id = InternetMessageId("adele@contoso.com", id);

  std::string draft_value = Value("adele@contoso.com", id);
  auto sent = Call(Request("POST", Path("adele@contoso.com", id) + "/send"));

  ASSERT_EQ(sent.status, 202) << sent.body;
  std::string expected_head =
      "From: adele@contoso.com\r\n"
      "To: alex@contoso.com\r\n"
      "Subject: big\r\n"
      "Bcc: shared@contoso.com, \"Partner\" <partner@fabrikam.com>\r\n"
      "Message-ID: " +
      internet_id +
      "\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed;\r\n\tboundary=\"=_sandbox_mixed_0\"\r\n"
      "\r\n"
      "--=_sandbox_mixed_0\r\n"
      "Content-Type: text/plain; charset=us-ascii\r\n"
      "\r\n"
      "large file follows\r\n"
      "\r\n"
      "--=_sandbox_mixed_0\r\n"
      "Content-Type: application/octet-stream; name=\"big.bin\"\r\n";
  ASSERT_TRUE(draft_value.starts_with(expected_head)) << draft_value.substr(0, 800);
  std::string sent_value = Value("adele@contoso.com", OnlyId("adele@contoso.com", "sentitems"));
  EXPECT_EQ(sent_value, draft_value);
  std::string delivered = Value("alex@contoso.com", OnlyId("alex@contoso.com", "inbox"));
  std::string bcc_line = "Bcc: shared@contoso.com, \"Partner\" <partner@fabrikam.com>\r\n";
  std::string without_bcc = draft_value;
  without_bcc.erase(without_bcc.find(bcc_line), bcc_line.size());
  EXPECT_EQ(delivered, without_bcc);
  EXPECT_EQ(Value("shared@contoso.com", OnlyId("shared@contoso.com", "inbox")), without_bcc);
  auto parsed = ParseMime(delivered);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text_body, "large file follows\r\n");
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].name, "big.bin");
  EXPECT_TRUE(parsed->attachments[0].bytes == big);
  EXPECT_EQ(parsed->attachments[1].bytes, "small");
  EXPECT_EQ(Folder("alex@contoso.com", "inbox")[0].at("hasAttachments"), true);
  EXPECT_EQ(Folder("alex@contoso.com", "inbox")[0].at("bccRecipients").as_array().size(), 0u);
}

// Graph's largest attachment: uploaded in 4 MiB chunks and sent (the bytes in $value are checked
// on a smaller one above; rendering 200 MB of base64 here would only cost time).
TEST_F(GraphMimeDraftTest, UploadSessionTakesAnAttachmentOfNearly150MegabytesIntoAMimeDraft) {
  world_.settings.limits.max_message_bytes = 150 * kMiB;  // Set-Mailbox -MaxSendSize 150MB
  std::string id = CreateMimeDraft("To: alex@contoso.com\r\nSubject: huge\r\n\r\nb\r\n");
  std::string huge(150 * kMiB - 4096, 'z');

  UploadAttachment(id, "huge.bin", huge);
  auto sent = Call(Request("POST", Path("adele@contoso.com", id) + "/send"));

  ASSERT_EQ(sent.status, 202) << sent.body;
  auto inbox = Folder("alex@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].at("hasAttachments"), true);
  ASSERT_EQ(inbox[0].at("attachments").as_array().size(), 1u);
  EXPECT_EQ(inbox[0].at("attachments").at(0).at("size"), huge.size());
  EXPECT_EQ(inbox[0].at("attachments").at(0).at("name"), "huge.bin");
}

TEST_F(GraphMimeDraftTest, PatchOfAMimeDraftRewritesOnlyTheChangedHeaderFields) {
  const std::string raw =
      "To: alex@contoso.com,\r\n shared@contoso.com\r\nSubject: old\r\nMessage-ID: <p@x>\r\n"
      "X-Keep:  two  blanks \r\n\r\nbody";
  std::string id = CreateMimeDraft(raw);

  auto r = Call(Request("PATCH", Path("adele@contoso.com", id),
                        R"({"subject":"Gr\u00fc\u00dfe",
                            "ccRecipients":[{"emailAddress":{"address":"alex@contoso.com"}}],
                            "toRecipients":[]})"));

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r).at("subject"),
            "Gr\xC3\xBC\xC3\x9F"
            "e");
  EXPECT_EQ(Value("adele@contoso.com", id),
            "Subject: =?utf-8?B?R3LDvMOfZQ==?=\r\nMessage-ID: <p@x>\r\n"
            "X-Keep:  two  blanks \r\nCc: alex@contoso.com\r\n\r\nbody");
}

TEST_F(GraphMimeDraftTest, PatchOfTheBodyRendersTheMessageFromItsProperties) {
  std::string id = CreateMimeDraft("To: alex@contoso.com\r\nSubject: s\r\n\r\nold body");

  auto r = Call(Request("PATCH", Path("adele@contoso.com", id),
                        R"({"body":{"contentType":"text","content":"new body"},"isRead":false})"));

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r).at("isRead"), false);
  EXPECT_EQ(Body(r).at("bodyPreview"), "new body");
  auto parsed = ParseMime(Value("adele@contoso.com", id));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text_body, "new body");
  EXPECT_EQ(parsed->to.at(0).address, "alex@contoso.com");
}

TEST_F(GraphMimeDraftTest, PatchErrors) {
  std::string id = CreateMimeDraft("To: alex@contoso.com\r\n\r\nb");

  auto bad_type = Call(Request("PATCH", Path("adele@contoso.com", id), R"({"subject":5})"));
  auto missing = Call(Request("PATCH", Path("adele@contoso.com", "AAMkAnope"), R"({})"));
  auto attachments = Call(Request("PATCH", Path("adele@contoso.com", id), R"({"attachments":[]})"));

  EXPECT_EQ(bad_type.status, 400);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(attachments.status, 400);
  EXPECT_EQ(Value("adele@contoso.com", id).substr(0, 22), "To: alex@contoso.com\r\n");
}

}  // namespace
}  // namespace graphpost::sandbox::graph
