// Sending: validation errors, From/Send As, delivery (Inbox copies, groups, contacts, internet
// sink, NDRs), MIME submission, pacing and persistence.
#include <atomic>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;

class GraphSendTest : public GraphFixture {
 protected:
  static std::string Subject(const boost::json::value& message) {
    return JsonString(message, "subject").value_or("");
  }
  static std::string BodyText(const boost::json::value& message) {
    return JsonString(message.at("body"), "content").value_or("");
  }
};

TEST_F(GraphSendTest, DeliversToSentItemsAndRecipientInboxFromPrimaryAddress) {
  ASSERT_EQ(
      Send("adele.vance@contoso.com",
           SendBody("Hello", {"alex@contoso.com"},
                    ",\"bccRecipients\":[{\"emailAddress\":{\"address\":\"shared@contoso.com\"}}]"))
          .status,
      202);

  auto sent = Folder("adele@contoso.com", "sentitems");
  auto inbox = Folder("alex@contoso.com", "inbox");
  auto bcc_inbox = Folder("shared@contoso.com", "inbox");

  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("from").at("emailAddress").at("address"), "adele@contoso.com");
  EXPECT_EQ(sent[0].at("sender").at("emailAddress").at("name"), "Adele Vance");
  EXPECT_EQ(sent[0].at("isDraft"), false);
  EXPECT_EQ(sent[0].at("bccRecipients").as_array().size(), 1u);
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(Subject(inbox[0]), "Hello");
  EXPECT_EQ(inbox[0].at("isRead"), false);
  EXPECT_EQ(inbox[0].at("receivedDateTime"), "2026-11-26T09:00:00Z");
  EXPECT_EQ(inbox[0].at("internetMessageId"), sent[0].at("internetMessageId"));
  EXPECT_NE(inbox[0].at("id"), sent[0].at("id"));
  EXPECT_TRUE(inbox[0].at("bccRecipients").as_array().empty());
  EXPECT_EQ(bcc_inbox.size(), 1u);
}

TEST_F(GraphSendTest, SaveToSentItemsFalseAsString) {
  std::string body =
      "{\"message\":{\"subject\":\"x\",\"toRecipients\":[{\"emailAddress\":"
      "{\"address\":\"alex@contoso.com\"}}]},\"saveToSentItems\":\"false\"}";

  ASSERT_EQ(Send("adele@contoso.com", body).status, 202);

  EXPECT_TRUE(Folder("adele@contoso.com", "sentitems").empty());
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 1u);
}

TEST_F(GraphSendTest, GroupsExpandContactsAndForeignDomainsGoToTheInternetSink) {
  ASSERT_EQ(Send("adele@contoso.com", SendBody("Team", {"team@contoso.com", "someone@example.org"}))
                .status,
            202);

  auto sink = service_->InternetSink("contoso.com").as_array();

  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 1u);
  EXPECT_EQ(Folder("shared@contoso.com", "inbox").size(), 1u);  // via the nested group
  EXPECT_TRUE(Folder("adele@contoso.com", "inbox").empty());    // bob (no mailbox) is skipped
  ASSERT_EQ(sink.size(), 2u);
  EXPECT_EQ(sink[0].at("recipient"), "partner@fabrikam.com");
  EXPECT_EQ(sink[1].at("recipient"), "someone@example.org");
  EXPECT_EQ(Subject(sink[1].at("message")), "Team");
}

TEST_F(GraphSendTest, UnknownAddressInTenantDomainBouncesWithNdr) {
  ASSERT_EQ(
      Send("adele@contoso.com", SendBody("Lost", {"ghost@contoso.com", "bob@contoso.com"})).status,
      202);

  auto inbox = Folder("adele@contoso.com", "inbox");

  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(Subject(inbox[0]), "Undeliverable: Lost");
  EXPECT_EQ(inbox[0].at("from").at("emailAddress").at("address"),
            "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com");
  std::string text = BodyText(inbox[0]);
  EXPECT_NE(text.find("ghost@contoso.com"), std::string::npos);
  EXPECT_NE(text.find("bob@contoso.com"), std::string::npos);
  EXPECT_NE(text.find("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP "
                      "address lookup"),
            std::string::npos);
}

TEST_F(GraphSendTest, RecipientErrors) {
  auto no_recipients = Send("adele@contoso.com", "{\"message\":{\"subject\":\"x\"}}");
  auto bad = Send("adele@contoso.com", SendBody("x", {"bad"}));
  auto list = Send("adele@contoso.com", SendBody("x", {"a@x; b@y"}));

  EXPECT_EQ(no_recipients.status, 400);
  EXPECT_EQ(ErrorCodeOf(no_recipients), "ErrorInvalidRecipients");
  EXPECT_EQ(ErrorMessageOf(no_recipients),
            "At least one recipient is not valid., A message can't be sent because it contains "
            "no recipients.");
  EXPECT_EQ(ErrorMessageOf(bad),
            "At least one recipient is not valid., Recipient 'bad' is not resolved. All "
            "recipients must be resolved before a message can be submitted.");
  EXPECT_EQ(ErrorMessageOf(list),
            "At least one recipient is not valid., Recipient 'a@x; b@y' is not resolved. All "
            "recipients must be resolved before a message can be submitted.");
  EXPECT_TRUE(Folder("adele@contoso.com", "sentitems").empty());
}

TEST_F(GraphSendTest, TooManyRecipients) {
  world_.settings.limits.max_recipients_per_message = 2;

  auto r =
      Send("adele@contoso.com", SendBody("x", {"a@contoso.com", "b@contoso.com", "c@contoso.com"}));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "ErrorInvalidRecipients");
}

TEST_F(GraphSendTest, NonXHeaderIsRejected) {
  auto r = Send(
      "adele@contoso.com",
      SendBody("x", {"alex@contoso.com"},
               ",\"internetMessageHeaders\":[{\"name\":\"List-Unsubscribe\",\"value\":\"<u>\"}]"));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "InvalidInternetMessageHeader");
  EXPECT_EQ(ErrorMessageOf(r),
            "The internet message header name 'List-Unsubscribe' should start with 'x-' or 'X-'.");
}

TEST_F(GraphSendTest, MessageOverTheSizeLimit) {
  world_.settings.limits.max_message_bytes = 1000;

  auto r = Send("adele@contoso.com",
                SendBody("x", {"alex@contoso.com"},
                         ",\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\","
                         "\"name\":\"a.bin\",\"contentBytes\":\"" +
                             Base64Encode(std::string(2000, 'a')) + "\"}]"));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "ErrorMessageSizeExceeded");
  EXPECT_EQ(ErrorMessageOf(r), "The message exceeds the maximum supported size.");
}

TEST_F(GraphSendTest, SendAsNeedsTrusteePermission) {
  std::string from_shared = ",\"from\":{\"emailAddress\":{\"address\":\"shared@contoso.com\"}}";

  auto denied = Send("adele@contoso.com", SendBody("x", {"alex@contoso.com"}, from_shared));
  tenant().FindRecipient("id-shared")->send_as_trustee_ids.push_back("id-adele");
  auto allowed = Send("adele@contoso.com", SendBody("x", {"alex@contoso.com"}, from_shared));

  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(ErrorCodeOf(denied), "ErrorSendAsDenied");
  EXPECT_EQ(ErrorMessageOf(denied),
            "The user account which was used to submit this request does not have the right to "
            "send mail on behalf of the specified sending account. Cannot submit message.");
  EXPECT_EQ(allowed.status, 202);
  auto inbox = Folder("alex@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].at("from").at("emailAddress").at("address"), "shared@contoso.com");
}

TEST_F(GraphSendTest, MimeSubmission) {
  std::string mime =
      "From: Adele <adele@contoso.com>\r\nTo: Alex <alex@contoso.com>\r\n"
      "Cc: ext@example.org\r\nSubject: =?utf-8?Q?Caf=C3=A9?=\r\nX-Campaign: 42\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>\r\n"
      "--b\r\nContent-Type: text/plain; name=a.txt\r\nContent-Disposition: attachment; "
      "filename=a.txt\r\n\r\nfile body\r\n--b--\r\n";

  auto r = Call(
      Request("POST", "/v1.0/users/adele@contoso.com/sendMail", Base64Encode(mime), "text/plain"));

  ASSERT_EQ(r.status, 202);
  EXPECT_TRUE(r.body.empty());
  auto inbox = Folder("alex@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(Subject(inbox[0]), "Caf\xC3\xA9");
  EXPECT_EQ(inbox[0].at("hasAttachments"), true);
  EXPECT_EQ(inbox[0].at("attachments").at(0).at("name"), "a.txt");
  EXPECT_EQ(inbox[0].at("hasMime"), true);
  EXPECT_EQ(inbox[0].at("internetMessageHeaders").at(0).at("name"), "X-Campaign");
  EXPECT_EQ(service_->InternetSink(testing::kTenantId).as_array().size(), 1u);
}

// The delivery engine's lookup before it resends an SMTP message: Sent Items filtered by the
// Message-ID the message was submitted with, spelt as graph::FindMessageByInternetMessageIdCall
// spells it (an OData string with ' doubled, percent-encoded).
TEST_F(GraphSendTest, MimeSubmissionIsFoundInSentItemsByItsMessageId) {
  std::string mime =
      "Message-ID: <o'k.1@contoso.com>\r\nFrom: adele@contoso.com\r\nTo: alex@contoso.com\r\n"
      "Subject: s\r\n\r\nbody\r\n";
  ASSERT_EQ(Call(Request("POST", "/v1.0/users/adele@contoso.com/sendMail", Base64Encode(mime),
                         "text/plain"))
                .status,
            202);
  const std::string query =
      "/v1.0/users/adele@contoso.com/mailFolders/sentitems/messages?$filter=internetMessageId%20eq"
      "%20%27%3Co%27%27k.1%40contoso.com%3E%27&$select=id,internetMessageId,subject,from,"
      "sentDateTime";

  auto found = Call(Request("GET", query));
  auto other = Call(Request("GET", query.substr(0, query.find("%3Co")) + "%3Cx%40y%3E%27"));

  ASSERT_EQ(found.status, 200) << found.body;
  auto value = Body(found).at("value").as_array();
  ASSERT_EQ(value.size(), 1u);
  EXPECT_EQ(value[0].at("internetMessageId"), "<o'k.1@contoso.com>");
  EXPECT_FALSE(value[0].at("id").as_string().empty());
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(Body(other).at("value").as_array().empty());
}

TEST_F(GraphSendTest, MimeErrors) {
  auto bad_base64 =
      Call(Request("POST", "/v1.0/users/adele@contoso.com/sendMail", "%%%", "text/plain"));
  auto no_recipients = Call(Request("POST", "/v1.0/users/adele@contoso.com/sendMail",
                                    Base64Encode("Subject: x\r\n\r\nbody"), "text/plain"));

  EXPECT_EQ(bad_base64.status, 400);
  EXPECT_EQ(ErrorCodeOf(bad_base64), "ErrorMimeContentInvalidBase64String");
  EXPECT_EQ(ErrorMessageOf(bad_base64), "Invalid base64 string for MIME content.");
  EXPECT_EQ(ErrorCodeOf(no_recipients), "ErrorInvalidRecipients");
}

TEST_F(GraphSendTest, PacingDelaysDeliveryBeyondTheMessageRate) {
  world_.settings.limits.messages_per_minute_per_mailbox = 2;
  service_->ApplySettings();

  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(
        Send("adele@contoso.com", SendBody("m" + std::to_string(i), {"alex@contoso.com"})).status,
        202);
  }

  EXPECT_EQ(Folder("adele@contoso.com", "sentitems").size(), 3u);
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 2u);
  clock_.Advance(std::chrono::seconds{59});
  service_->DeliverDue();
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 2u);
  clock_.Advance(std::chrono::seconds{1});
  Call(Request("GET", "/v1.0/users/adele@contoso.com/messages"));  // delivers lazily
  auto inbox = Folder("alex@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 3u);
  EXPECT_EQ(inbox[0].at("receivedDateTime"), "2026-11-26T09:01:00Z");
}

TEST_F(GraphSendTest, DailyRecipientLimitBouncesTheMessage) {
  world_.settings.limits.recipients_per_day_per_mailbox = 2;
  service_->ApplySettings();

  ASSERT_EQ(
      Send("adele@contoso.com", SendBody("ok", {"alex@contoso.com", "shared@contoso.com"})).status,
      202);
  ASSERT_EQ(Send("adele@contoso.com", SendBody("over", {"alex@contoso.com"})).status, 202);

  auto inbox = Folder("adele@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(Subject(inbox[0]), "Undeliverable: over");
  EXPECT_NE(BodyText(inbox[0]).find("550 5.1.90 Your message can't be sent because you've reached "
                                    "your daily limit for message recipients."),
            std::string::npos);
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 1u);
}

TEST_F(GraphSendTest, ConcurrentSendersAreAllDelivered) {
  world_.settings.limits.messages_per_minute_per_mailbox = 1000;
  service_->ApplySettings();
  const std::vector<std::string> senders{"adele@contoso.com", "alex@contoso.com",
                                         "shared@contoso.com"};
  std::string token = Token();
  std::latch start(static_cast<std::ptrdiff_t>(senders.size()));
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};

  for (const auto& sender : senders) {
    threads.emplace_back([&, sender] {
      http::Request r =
          Request("POST", "/v1.0/users/" + sender + "/sendMail",
                  SendBody("c", {"x@example.org", "adele@contoso.com"}), "application/json", token);
      start.arrive_and_wait();
      for (int i = 0; i < 40; ++i) {
        auto response = service_->Handle(r);
        if (response->status == 202) ++accepted;
        if (response->on_complete) response->on_complete();
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(accepted.load(), 120);
  EXPECT_EQ(Folder("adele@contoso.com", "inbox").size(), 120u);
  EXPECT_EQ(service_->InternetSink(testing::kTenantId).as_array().size(), 120u);
}

TEST_F(GraphSendTest, SaveAndLoadRoundTripIncludingPendingDeliveries) {
  world_.settings.limits.messages_per_minute_per_mailbox = 1;
  service_->ApplySettings();
  ASSERT_EQ(
      Send("adele@contoso.com", SendBody("now", {"alex@contoso.com", "x@example.org"})).status,
      202);
  ASSERT_EQ(Send("adele@contoso.com", SendBody("later", {"alex@contoso.com"})).status, 202);

  boost::json::value saved = *ParseJson(ToJson(service_->SaveJson()));
  GraphService restored(world_, authorizer_, clock_, random_);
  ASSERT_TRUE(restored.LoadJson(saved));

  EXPECT_EQ(ToJson(restored.SaveJson()), ToJson(saved));
  EXPECT_EQ(restored.ListFolder(testing::kTenantId, "alex@contoso.com", "inbox")
                ->at("value")
                .as_array()
                .size(),
            1u);
  clock_.Advance(std::chrono::minutes{1});
  restored.DeliverDue();
  EXPECT_EQ(restored.ListFolder(testing::kTenantId, "alex@contoso.com", "inbox")
                ->at("value")
                .as_array()
                .size(),
            2u);
  EXPECT_EQ(restored.InternetSink(testing::kTenantId).as_array().size(), 1u);
  EXPECT_FALSE(restored.LoadJson(*ParseJson(R"({"store":{"mailboxes":[{"messages":[]}]}})")));
}

}  // namespace
}  // namespace graphpost::sandbox::graph
