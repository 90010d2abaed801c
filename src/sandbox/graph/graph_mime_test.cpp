// What Exchange does to messages submitted as MIME, end to end through GraphService: Bcc gone
// from recipients' $value, Message-ID added, hasAttachments and inline parts, bodies kept byte
// for byte, and the Sent Items lookup by internetMessageId (docs/sandbox.md "MIME fidelity").
#include <gtest/gtest.h>

#include "core/form.hpp"
#include "sandbox/graph/graph_mime_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using GraphMimeTest = testing::GraphMimeFixture;

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

// --- 8-bit text -------------------------------------------------------------------------------

// The mail as the state file keeps it: saved, written as JSON text, read back into a new service.
TEST_F(GraphMimeTest, UndeclaredLatin1TextSurvivesASaveAndLoadAsUtf8) {
  const std::string raw =
      "From: adele@contoso.com\r\nTo: alex@contoso.com\r\nSubject: Gr\374\337e\r\nMessage-ID: "
      "<l1@app.example>\r\n\r\nGr\374\337e\r\n";
  ASSERT_EQ(SendMime(raw).status, 202);

  auto state = ParseJson(ToJson(service_->SaveJson()));
  ASSERT_TRUE(state);
  service_ = std::make_unique<GraphService>(world_, authorizer_, clock_, random_);
  ASSERT_TRUE(service_->LoadJson(*state));

  std::string id = OnlyId("alex@contoso.com", "inbox");
  auto message = Body(Call(Request("GET", Path("alex@contoso.com", id))));
  EXPECT_EQ(message.at("subject"), "Grüße");
  EXPECT_EQ(message.at("body").at("content"), "Grüße\r\n");
  EXPECT_EQ(message.at("bodyPreview"), "Grüße");
  EXPECT_EQ(Value("alex@contoso.com", id), raw);
}

TEST_F(GraphMimeTest, BinaryBodyAndEightBitAttachmentNameKeepTheStateValidJson) {
  const std::string raw =
      "To: alex@contoso.com\r\nContent-Type: multipart/mixed; boundary=b\r\n"
      "Message-ID: <b1@app.example>\r\n\r\n"
      "--b\r\nContent-Transfer-Encoding: binary\r\n\r\n\xff\xfe\r\n"
      "--b\r\nContent-Disposition: attachment; filename=\"\xe9t\xe9.bin\"\r\n\r\n\xff\r\n--b--\r\n";
  ASSERT_EQ(SendMime(raw).status, 202);

  auto state = ParseJson(ToJson(service_->SaveJson()));
  ASSERT_TRUE(state);
  service_ = std::make_unique<GraphService>(world_, authorizer_, clock_, random_);
  ASSERT_TRUE(service_->LoadJson(*state));

  std::string id = OnlyId("alex@contoso.com", "inbox");
  EXPECT_EQ(Value("alex@contoso.com", id), raw);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
