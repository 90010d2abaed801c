// SqliteOutboxStore: listing by recipient (ListFilter::recipient) over API and SMTP payloads,
// combined with the other filters and keyset cursors.
#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

using test::kLane;

// An API payload (canonical JSON: a recipient is a string, or an object when it has a name).
std::string ApiPayload(std::string to, std::string cc = "", std::string bcc = "") {
  std::string json = R"({"subject":"s","to":[")" + to + R"("])";
  if (!cc.empty()) json += R"(,"cc":[{"address":")" + cc + R"(","name":"Carol"}])";
  if (!bcc.empty()) json += R"(,"bcc":[")" + bcc + R"("])";
  return json + "}";
}

// A stored SMTP payload (message/stored_mime.hpp): magic line, envelope JSON line, then MIME whose
// headers name someone else, to show that the envelope is what counts.
std::string SmtpPayload(std::string rcpt) {
  return "graphpost-mime/1\n{\"mailFrom\":\"a@contoso.com\",\"rcptTo\":[\"x@y.com\",\"" + rcpt +
         "\"],\"principal\":\"account:dev\",\"client\":\"127.0.0.1\",\"sessionId\":\"s1\","
         "\"saveToSentItems\":true}\r\nFrom: a@contoso.com\r\nTo: header-only@example.com\r\n"
         "Subject: hi\r\n\r\nbody\r\n";
}

class OutboxRecipientTest : public test::OutboxFixture {
 protected:
  void Add(std::string id, std::string payload, LaneKey lane = kLane) {
    MessageRecord m = test::SampleMessage(std::move(id), Now(), std::move(lane));
    m.payload = std::move(payload);
    auto submitted = Submit(test::SampleSubmission({m}));
    ASSERT_TRUE(submitted) << submitted.error().message;
    clock_.Advance(1s);
  }
  std::vector<std::string> ListAll(ListFilter filter, int limit) {
    std::vector<std::string> ids;
    filter.limit = limit;
    for (int page = 1; page < 100; ++page) {
      auto listed = store_->List(filter);
      if (!listed) return {"error: " + listed.error().message};
      for (const auto& m : listed->messages) ids.push_back(m.id);
      if (listed->next_cursor.empty()) break;
      filter.cursor = listed->next_cursor;
    }
    return ids;
  }
};

TEST_F(OutboxRecipientTest, MatchesToCcAndBccOfApiMessagesWithoutRegardToCase) {
  Add("to", ApiPayload("Bob@Fabrikam.com"));
  Add("cc", ApiPayload("x@y.com", "bob@fabrikam.com"));
  Add("bcc", ApiPayload("x@y.com", "", "BOB@fabrikam.com"));
  Add("other", ApiPayload("x@y.com", "c@y.com", "d@y.com"));

  EXPECT_EQ(ListAll({.recipient = "bob@FABRIKAM.com"}, 10),
            (std::vector<std::string>{"bcc", "cc", "to"}));
}

TEST_F(OutboxRecipientTest, MatchesWholeAddressesOnly) {
  Add("m1", ApiPayload("bob@fabrikam.com"));

  EXPECT_TRUE(ListAll({.recipient = "bob@fabrikam"}, 10).empty());
  EXPECT_TRUE(ListAll({.recipient = "ob@fabrikam.com"}, 10).empty());
  EXPECT_TRUE(ListAll({.recipient = "%"}, 10).empty());
}

TEST_F(OutboxRecipientTest, MatchesTheEnvelopeOfSmtpMessages) {
  Add("smtp", SmtpPayload("Bob@Fabrikam.com"));
  Add("api", ApiPayload("x@y.com"));

  EXPECT_EQ(ListAll({.recipient = "bob@fabrikam.com"}, 10), std::vector<std::string>{"smtp"});
  EXPECT_TRUE(ListAll({.recipient = "header-only@example.com"}, 10).empty());
}

TEST_F(OutboxRecipientTest, PagesWithCursorsAndCombinesWithOtherFilters) {
  for (int i = 1; i <= 7; ++i) {
    std::string id = "m" + std::to_string(i);
    Add(id, i % 2 == 1 ? ApiPayload("bob@fabrikam.com") : ApiPayload("x@y.com"));
  }
  Add("f1", ApiPayload("bob@fabrikam.com"), LaneKey{"fabrikam", "a@contoso.com"});

  EXPECT_EQ(ListAll({.recipient = "bob@fabrikam.com"}, 2),
            (std::vector<std::string>{"f1", "m7", "m5", "m3", "m1"}));
  EXPECT_EQ(ListAll({.connection = "contoso", .recipient = "bob@fabrikam.com"}, 1),
            (std::vector<std::string>{"m7", "m5", "m3", "m1"}));
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);  // m1 (oldest due) is sending
  EXPECT_EQ(ListAll({.state = MessageState::kSending, .recipient = "bob@fabrikam.com"}, 10),
            std::vector<std::string>{"m1"});
}

TEST_F(OutboxRecipientTest, ListedMessagesStillLeaveThePayloadOut) {
  Add("m1", ApiPayload("bob@fabrikam.com"));

  auto listed = store_->List(ListFilter{.recipient = "bob@fabrikam.com", .limit = 10});

  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->messages.size(), 1u);
  EXPECT_TRUE(listed->messages[0].payload.empty());
}

}  // namespace
}  // namespace graphpost::outbox
