// What Exchange does to messages submitted as MIME, end to end through GraphService: Bcc gone
// from recipients' $value, a MIME draft's later attachments and recipients in its $value,
// Message-ID added, hasAttachments and inline parts, bodies kept byte for byte, and the Sent
// Items lookup by internetMessageId (docs/sandbox.md "MIME fidelity").
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/form.hpp"
#include "sandbox/graph/graph_test_support.hpp"
#include "sandbox/graph/mime_reader.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;

constexpr std::size_t kMiB = 1024 * 1024;

class GraphMimeTest : public GraphFixture {
 protected:
  http::Response SendMime(std::string_view raw) {
    return Call(
        Request("POST", "/v1.0/users/adele@contoso.com/sendMail", Base64Encode(raw), "text/plain"));
  }

  std::string CreateMimeDraft(std::string_view raw) {
    auto r = Call(
        Request("POST", "/v1.0/users/adele@contoso.com/messages", Base64Encode(raw), "text/plain"));
    EXPECT_EQ(r.status, 201) << r.body;
    return JsonString(Body(r), "id").value_or("");
  }

  static std::string Path(std::string_view mailbox, std::string_view id) {
    return "/v1.0/users/" + std::string(mailbox) + "/messages/" + std::string(id);
  }

  // The id of the one message in `folder`.
  std::string OnlyId(std::string_view mailbox, std::string_view folder) {
    auto listed = Folder(mailbox, folder);
    EXPECT_EQ(listed.size(), 1u) << mailbox << " " << folder;
    return listed.empty() ? "" : std::string(listed[0].at("id").as_string());
  }

  std::string Value(std::string_view mailbox, std::string_view id) {
    auto r = Call(Request("GET", Path(mailbox, id) + "/$value"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  std::string InternetMessageId(std::string_view mailbox, std::string_view id) {
    auto r = Call(Request("GET", Path(mailbox, id)));
    return JsonString(Body(r), "internetMessageId").value_or("");
  }

  http::Request Upload(const std::string& url, std::string body, std::string range) {
    std::string target = url.substr(std::string(testing::kBaseUrl).size());
    http::Request r = Request("PUT", target, std::move(body), "application/octet-stream");
    r.headers.Remove("Authorization");
    r.headers.Set("Content-Range", std::move(range));
    return r;
  }

  // Attaches `bytes` to draft `id` through an upload session, in 4 MiB chunks.
  void UploadAttachment(const std::string& id, std::string name, const std::string& bytes) {
    std::string body = R"({"AttachmentItem":{"attachmentType":"file","name":")" + name +
                       R"(","contentType":"application/octet-stream","size":)" +
                       std::to_string(bytes.size()) + "}}";
    auto session = Call(
        Request("POST", Path("adele@contoso.com", id) + "/attachments/createUploadSession", body));
    ASSERT_EQ(session.status, 201) << session.body;
    std::string url = JsonString(Body(session), "uploadUrl").value_or("");
    std::string total = std::to_string(bytes.size());
    for (std::size_t at = 0; at < bytes.size(); at += 4 * kMiB) {
      std::size_t n = std::min(4 * kMiB, bytes.size() - at);
      std::string range =
          "bytes " + std::to_string(at) + "-" + std::to_string(at + n - 1) + "/" + total;
      auto put = Call(Upload(url, bytes.substr(at, n), range));
      ASSERT_EQ(put.status, at + n == bytes.size() ? 201 : 200) << put.body;
    }
  }
};

// --- Bcc -------------------------------------------------------------------------------------

TEST_F(GraphMimeTest, BccHeaderIsGoneFromEveryRecipientsCopyButKeptInSentItems) {
  const std::string raw =
      "From: Adele Vance <adele@contoso.com>\r\n"
      "To: alex@contoso.com\r\n"
      "Bcc: shared@contoso.com,\r\n"
      "\t\"Partner, External\" <partner@fabrikam.com>\r\n"
      "Subject: Quarterly\r\n"
      "Message-ID: <q1@app.example>\r\n"
      "\r\n"
      "Numbers attached.\r\n";
  const std::string without_bcc =
      "From: Adele Vance <adele@contoso.com>\r\n"
      "To: alex@contoso.com\r\n"
      "Subject: Quarterly\r\n"
      "Message-ID: <q1@app.example>\r\n"
      "\r\n"
      "Numbers attached.\r\n";

  ASSERT_EQ(SendMime(raw).status, 202);

  EXPECT_EQ(Value("alex@contoso.com", OnlyId("alex@contoso.com", "inbox")), without_bcc);
  EXPECT_EQ(Value("shared@contoso.com", OnlyId("shared@contoso.com", "inbox")), without_bcc);
  EXPECT_EQ(Value("adele@contoso.com", OnlyId("adele@contoso.com", "sentitems")), raw);
  EXPECT_EQ(Folder("alex@contoso.com", "inbox")[0].at("bccRecipients").as_array().size(), 0u);
  EXPECT_EQ(Folder("adele@contoso.com", "sentitems")[0].at("bccRecipients").as_array().size(), 2u);
  EXPECT_EQ(service_->InternetSink(testing::kTenantId).as_array().size(), 1u);  // partner
}

// --- Message-ID --------------------------------------------------------------------------------

TEST_F(GraphMimeTest, ValueCarriesTheInternetMessageIdWhenTheMimeHadNoMessageId) {
  const std::string raw = "To: alex@contoso.com\nSubject: no id\n\nbody\n";

  ASSERT_EQ(SendMime(raw).status, 202);

  std::string sent_id = OnlyId("adele@contoso.com", "sentitems");
  std::string internet_id = InternetMessageId("adele@contoso.com", sent_id);
  ASSERT_FALSE(internet_id.empty());
  std::string expected =
      "To: alex@contoso.com\nSubject: no id\nMessage-ID: " + internet_id + "\n\nbody\n";
  EXPECT_EQ(Value("adele@contoso.com", sent_id), expected);
  std::string inbox_id = OnlyId("alex@contoso.com", "inbox");
  EXPECT_EQ(InternetMessageId("alex@contoso.com", inbox_id), internet_id);
  EXPECT_EQ(Value("alex@contoso.com", inbox_id), expected);
}

TEST_F(GraphMimeTest, SubmittedMessageIdBecomesTheInternetMessageId) {
  ASSERT_EQ(SendMime("To: alex@contoso.com\r\nMessage-Id: <own@x.example>\r\n\r\nb").status, 202);

  std::string id = OnlyId("alex@contoso.com", "inbox");

  EXPECT_EQ(InternetMessageId("alex@contoso.com", id), "<own@x.example>");
  EXPECT_EQ(Value("alex@contoso.com", id),
            "To: alex@contoso.com\r\nMessage-Id: <own@x.example>\r\n\r\nb");
}

// --- Sent Items lookup by internetMessageId ----------------------------------------------------

TEST_F(GraphMimeTest, SentItemsFilterByInternetMessageIdFindsTheMessage) {
  ASSERT_EQ(SendMime("To: alex@contoso.com\r\nMessage-ID: <smtp.1@gw.example>\r\n\r\nb").status,
            202);
  ASSERT_EQ(SendMime("To: alex@contoso.com\r\nMessage-ID: <smtp.2@gw.example>\r\n\r\nb").status,
            202);
  auto lookup = [&](std::string_view message_id) {
    std::string filter = "internetMessageId eq '" + std::string(message_id) + "'";
    return Call(
        Request("GET", "/v1.0/users/adele@contoso.com/mailFolders/sentitems/messages?$filter=" +
                           PercentEncode(filter) + "&$select=id,internetMessageId,subject"));
  };

  auto found = lookup("<smtp.2@gw.example>");
  auto missing = lookup("<smtp.3@gw.example>");
  auto plain = Call(Request("GET",
                            "/v1.0/users/adele@contoso.com/mailFolders/sentitems/messages"
                            "?$filter=internetMessageId%20eq%20'<smtp.1@gw.example>'"));

  ASSERT_EQ(found.status, 200) << found.body;
  auto value = Body(found).at("value").as_array();
  ASSERT_EQ(value.size(), 1u);
  EXPECT_EQ(value[0].at("internetMessageId"), "<smtp.2@gw.example>");
  EXPECT_EQ(Body(missing).at("value").as_array().size(), 0u);
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(Body(plain).at("value").as_array().size(), 1u);
}

// --- Bodies byte for byte ----------------------------------------------------------------------

TEST_F(GraphMimeTest, QuotedPrintableAndEightBitBodiesArriveByteForByte) {
  const std::string raw =
      "From: adele@contoso.com\r\n"
      "To: alex@contoso.com\r\n"
      "Cc: shared@contoso.com\r\n"
      "Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
      "Message-ID: <qp@app.example>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
      "\r\n"
      "--alt\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n"
      "\r\n"
      "Gr\xC3\xBC\xC3\x9F"
      "e aus K\xC3\xB6ln\r\n"
      "--alt\r\n"
      "Content-Type: text/html; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "<p cla=\r\n"
      "ss=3D\"c\">Gr=C3=BC=C3=9Fe =\r\n"
      "aus K=C3=B6ln</p>\r\n"
      "--alt--\r\n";

  ASSERT_EQ(SendMime(raw).status, 202);

  for (std::string_view mailbox : {"alex@contoso.com", "shared@contoso.com"}) {
    std::string id = OnlyId(mailbox, "inbox");
    EXPECT_EQ(Value(mailbox, id), raw) << mailbox;
  }
  auto inbox = Folder("alex@contoso.com", "inbox");
  EXPECT_NE(inbox[0].at("body").at("content").as_string().find("<p class=\"c\">Gr\xC3\xBC\xC3\x9F"
                                                               "e aus K\xC3\xB6ln</p>"),
            std::string::npos);
}

TEST_F(GraphMimeTest, MimeSendDeliversToToCcAndBccHeaderAddresses) {
  ASSERT_EQ(SendMime("To: alex@contoso.com\r\nCc: shared@contoso.com\r\n"
                     "Bcc: nobody@contoso.com, partner@fabrikam.com\r\n\r\nb")
                .status,
            202);

  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 1u);
  EXPECT_EQ(Folder("shared@contoso.com", "inbox").size(), 1u);
  EXPECT_EQ(service_->InternetSink(testing::kTenantId).as_array().size(), 1u);
  // nobody@ is in the tenant's domain without a recipient: an NDR comes back to the sender.
  EXPECT_EQ(Folder("adele@contoso.com", "inbox").size(), 1u);
}

// --- hasAttachments ----------------------------------------------------------------------------

TEST_F(GraphMimeTest, InlineOnlyAttachmentsDoNotCountForHasAttachments) {
  const std::string related =
      "To: alex@contoso.com\r\nSubject: logo\r\n"
      "Content-Type: multipart/related; boundary=r\r\n\r\n"
      "--r\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:logo@x\">\r\n"
      "--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n"
      "--r\r\nContent-Type: image/gif\r\nContent-Disposition: inline\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nR0lG\r\n--r--\r\n";
  const std::string mixed =
      "To: alex@contoso.com\r\nSubject: file\r\n"
      "Content-Type: multipart/mixed; boundary=m\r\n\r\n"
      "--m\r\nContent-Type: text/plain\r\n\r\nsee file\r\n"
      "--m\r\nContent-Type: image/png\r\nContent-ID: <a@x>\r\n"
      "Content-Disposition: attachment; filename=a.png\r\n\r\nAAAA\r\n--m--\r\n";

  ASSERT_EQ(SendMime(related).status, 202);
  ASSERT_EQ(SendMime(mixed).status, 202);
  ASSERT_EQ(Send("adele@contoso.com",
                 SendBody("json inline", {"alex@contoso.com"},
                          R"(,"attachments":[{"@odata.type":"#microsoft.graph.fileAttachment",
                             "name":"i.png","contentId":"i","isInline":true,
                             "contentBytes":"AAAA"}])"))
                .status,
            202);

  auto inbox = Folder("alex@contoso.com", "inbox");  // newest first
  ASSERT_EQ(inbox.size(), 3u);
  EXPECT_EQ(inbox[0].at("subject"), "json inline");
  EXPECT_EQ(inbox[0].at("hasAttachments"), false);
  EXPECT_EQ(inbox[1].at("subject"), "file");
  EXPECT_EQ(inbox[1].at("hasAttachments"), true);
  EXPECT_EQ(inbox[2].at("subject"), "logo");
  EXPECT_EQ(inbox[2].at("hasAttachments"), false);
  EXPECT_EQ(inbox[2].at("attachments").as_array().size(), 2u);
}

TEST_F(GraphMimeTest, AddingAndRemovingAnInlineAttachmentKeepsHasAttachmentsFalse) {
  std::string id = CreateMimeDraft("To: alex@contoso.com\r\n\r\nb");
  auto added = Call(Request("POST", Path("adele@contoso.com", id) + "/attachments",
                            R"({"name":"i.png","contentId":"i","isInline":true,
                                "contentBytes":"AAAA"})"));
  ASSERT_EQ(added.status, 201);
  EXPECT_EQ(Folder("adele@contoso.com", "drafts")[0].at("hasAttachments"), false);
  auto file = Call(Request("POST", Path("adele@contoso.com", id) + "/attachments",
                           R"({"name":"f.txt","contentBytes":"AAAA"})"));

  EXPECT_EQ(Folder("adele@contoso.com", "drafts")[0].at("hasAttachments"), true);
  auto removed = Call(Request("DELETE", Path("adele@contoso.com", id) + "/attachments/" +
                                            std::string(Body(file).at("id").as_string())));
  ASSERT_EQ(removed.status, 204);
  EXPECT_EQ(Folder("adele@contoso.com", "drafts")[0].at("hasAttachments"), false);
}

// --- MIME drafts -------------------------------------------------------------------------------

TEST_F(GraphMimeTest, MimeDraftTakesRecipientsFromItsHeaders) {
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

TEST_F(GraphMimeTest, MimeDraftValueIncludesAttachmentsAddedLaterAndKeepsTheOriginalPart) {
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

TEST_F(GraphMimeTest, MimeDraftAttachmentsGoIntoAnExistingMultipartMixed) {
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

TEST_F(GraphMimeTest, WholeMimeDraftFlowWithUploadSessionPatchAndSend) {
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
TEST_F(GraphMimeTest, UploadSessionTakesAnAttachmentOfNearly150MegabytesIntoAMimeDraft) {
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

TEST_F(GraphMimeTest, PatchOfAMimeDraftRewritesOnlyTheChangedHeaderFields) {
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

TEST_F(GraphMimeTest, PatchOfTheBodyRendersTheMessageFromItsProperties) {
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

TEST_F(GraphMimeTest, PatchErrors) {
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
