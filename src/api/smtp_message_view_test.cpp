// A message that came in over SMTP (a stored-MIME payload, its principal as api_key_id) shows in
// the API like any other, with where it came from and its visible header.
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"
#include "message/stored_mime.hpp"

namespace graphpost::api {
namespace {

class SmtpMessageViewTest : public ApiTest {
 protected:
  // Stores a message as the SMTP intake does; its id.
  std::string StoreSmtpMessage() {
    outbox::MessageRecord r;
    r.id = "0c5e1f7a-0000-4000-8000-000000000001";
    r.api_key_id = "account:scanner";
    r.lane = {"contoso", "alice@contoso.com"};
    r.recipients = 3;
    r.created_at = r.send_at = r.next_attempt_at = clock_.WallNow();
    r.payload = message::EncodeStoredMime(
        {.mail_from = "alice@contoso.com",
         .rcpt_to = {"pat@example.com", "kim@example.com", "secret@example.com"},
         .principal = "account:scanner",
         .client = "10.1.2.3",
         .session_id = "s-42",
         .save_to_sent_items = true,
         .mime = "Message-ID: <m1@contoso.com>\r\n"
                 "From: Alice <alice@contoso.com>\r\n"
                 "To: Pat <pat@example.com>\r\n"
                 "Cc: kim@example.com\r\n"
                 "Bcc: secret@example.com\r\n"
                 "Subject: =?UTF-8?B?U2NhbiDDpMO2w7w=?=\r\n"
                 "\r\n"
                 "body\r\n"});
    outbox::Submission s;
    s.api_key_id = r.api_key_id;
    s.messages.push_back(r);
    std::promise<Result<outbox::SubmitOutcome>> stored;
    store_->Submit(std::move(s), [&](Result<outbox::SubmitOutcome> o) { stored.set_value(o); });
    EXPECT_TRUE(stored.get_future().get());
    return r.id;
  }
};

TEST_F(SmtpMessageViewTest, GetShowsSourcePrincipalAndTheVisibleHeader) {
  const std::string id = StoreSmtpMessage();

  Reply reply = Get("/v1/messages/" + id, admin_);

  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(JsonString(reply.json, "source"), "smtp");
  EXPECT_EQ(JsonString(reply.json, "principal"), "account:scanner");
  EXPECT_EQ(JsonString(reply.json, "from"), "alice@contoso.com");
  EXPECT_EQ(JsonString(reply.json, "subject"), "Scan äöü");
  EXPECT_EQ(JsonString(reply.json, "client"), "10.1.2.3");
  EXPECT_EQ(JsonString(reply.json, "sessionId"), "s-42");
  EXPECT_EQ(JsonString(reply.json, "messageId"), "<m1@contoso.com>");
  EXPECT_EQ(boost::json::serialize(reply.json.at("to")), R"(["pat@example.com"])");
  EXPECT_EQ(boost::json::serialize(reply.json.at("cc")), R"(["kim@example.com"])");
  EXPECT_EQ(reply.body.find("secret@example.com"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.json.as_object().count("bcc"), 0u);
}

TEST_F(SmtpMessageViewTest, ListShowsSourceAndPrincipalBesideApiMessages) {
  const std::string smtp_id = StoreSmtpMessage();
  const std::string api_id = SubmitOk("contoso", alice_);

  Reply reply = Get("/v1/messages", admin_);

  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto* messages = JsonArray(reply.json, "messages");
  ASSERT_NE(messages, nullptr);
  ASSERT_EQ(messages->size(), 2u);
  for (const auto& m : *messages) {
    const bool smtp = JsonString(m, "id") == smtp_id;
    EXPECT_EQ(JsonString(m, "source"), smtp ? "smtp" : "api") << boost::json::serialize(m);
    EXPECT_EQ(m.as_object().contains("principal"), smtp);
  }
  EXPECT_EQ(JsonString(Get("/v1/messages/" + api_id, alice_).json, "source"), "api");
}

TEST_F(SmtpMessageViewTest, AnApiKeyDoesNotSeeSmtpMessages) {
  const std::string id = StoreSmtpMessage();

  EXPECT_EQ(Get("/v1/messages/" + id, alice_).status, 404);
  Reply list = Get("/v1/messages", alice_);
  const auto* messages = JsonArray(list.json, "messages");
  ASSERT_NE(messages, nullptr);
  EXPECT_TRUE(messages->empty());
}

}  // namespace
}  // namespace graphpost::api
