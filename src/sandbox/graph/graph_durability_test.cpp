// GraphService with a MailJournal: every change is handed to the journal before the answer, and
// replaying the records (after a snapshot, or from nothing) rebuilds the same mail, including
// paced deliveries accepted before a crash, which are then delivered exactly once.
#include <gtest/gtest.h>

#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;

// Keeps records in memory; "durable" as soon as appended, unless told to fail.
class MemoryJournal : public MailJournal {
 public:
  Ticket Append(std::string record) override {
    records.push_back(std::move(record));
    return records.size();
  }
  Status WaitDurable(Ticket ticket) override {
    waited.push_back(ticket);
    if (fail) return Fail(ErrorCode::kUnavailable, "cannot write journal-1.jsonl: disk full");
    return Ok();
  }
  Result<std::uint64_t> Rotate() override {
    rotated_after = records.size();
    return ++generation;
  }

  std::vector<std::string> records;
  std::vector<Ticket> waited;
  std::size_t rotated_after = 0;
  std::uint64_t generation = 1;
  bool fail = false;
};

class GraphDurabilityTest : public GraphFixture {
 protected:
  GraphDurabilityTest() { service_->AttachJournal(journal_); }

  // A new service, as after a crash: `snapshot` (or nothing), then records [from, end).
  std::unique_ptr<GraphService> Restart(const boost::json::value* snapshot, std::size_t from = 0) {
    auto restarted = std::make_unique<GraphService>(world_, authorizer_, clock_, random_);
    if (snapshot != nullptr) {
      EXPECT_TRUE(restarted->LoadJson(*snapshot));
    }
    for (std::size_t i = from; i < journal_.records.size(); ++i) {
      auto status = restarted->Replay(ParseJson(journal_.records[i]).value());
      EXPECT_TRUE(status) << "record " << i << ": " << status.error().message;
    }
    return restarted;
  }

  static std::size_t Count(GraphService& service, std::string_view mailbox,
                           std::string_view folder) {
    auto listed = service.ListFolder(testing::kTenantId, mailbox, folder);
    return listed ? listed->at("value").as_array().size() : 0;
  }

  MemoryJournal journal_;
};

TEST_F(GraphDurabilityTest, ASendIsJournaledBeforeItsAnswer) {
  auto response = Send("adele@contoso.com", SendBody("hi", {"alex@contoso.com"}));

  ASSERT_EQ(response.status, 202);
  ASSERT_FALSE(journal_.records.empty());
  EXPECT_EQ(journal_.waited.back(), journal_.records.size());
  EXPECT_NE(journal_.records.back().find("\"subject\":\"hi\""), std::string::npos);
}

TEST_F(GraphDurabilityTest, AJournalFailureIsAnswered500NotAccepted) {
  journal_.fail = true;

  auto response = Send("adele@contoso.com", SendBody("hi", {"alex@contoso.com"}));

  EXPECT_EQ(response.status, 500);
  EXPECT_NE(ErrorMessageOf(response).find("disk full"), std::string::npos);
}

TEST_F(GraphDurabilityTest, ReplayRebuildsTheSameMail) {
  Send("adele@contoso.com", SendBody("one", {"alex@contoso.com", "team@contoso.com"}));
  Send("adele@contoso.com", SendBody("two", {"nobody@contoso.com", "x@fabrikam.com"}));
  auto draft = Call(Request("POST", "/v1.0/users/alex@contoso.com/messages",
                            R"({"subject":"d","toRecipients":[{"emailAddress":)"
                            R"({"address":"adele@contoso.com"}}]})"));
  std::string draft_id = JsonString(Body(draft), "id").value();
  Call(Request("POST", "/v1.0/users/alex@contoso.com/messages/" + draft_id + "/attachments",
               R"({"@odata.type":"#microsoft.graph.fileAttachment","name":"a.txt",)"
               R"("contentBytes":"aGk="})"));
  Call(Request("POST", "/v1.0/users/alex@contoso.com/messages/" + draft_id + "/send"));
  Call(
      Request("DELETE", "/v1.0/users/adele@contoso.com/messages/" +
                            JsonString(Folder("adele@contoso.com", "sentitems")[0], "id").value()));

  auto restarted = Restart(nullptr);

  EXPECT_EQ(ToJson(restarted->SaveJson()), ToJson(service_->SaveJson()));
  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "sentitems"), 1u);
}

TEST_F(GraphDurabilityTest, ACheckpointPlusTheRecordsAfterItRebuildsTheSameMail) {
  Send("adele@contoso.com", SendBody("before", {"alex@contoso.com"}));
  auto checkpoint = service_->Checkpoint();
  ASSERT_TRUE(checkpoint);
  Send("adele@contoso.com", SendBody("after", {"alex@contoso.com"}));

  auto restarted = Restart(&checkpoint->mail, journal_.rotated_after);

  EXPECT_EQ(checkpoint->journal_generation, 2u);
  EXPECT_EQ(ToJson(restarted->SaveJson()), ToJson(service_->SaveJson()));
  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "inbox"), 2u);
}

TEST_F(GraphDurabilityTest, APacedDeliveryAcceptedBeforeACrashIsDeliveredOnceAfterIt) {
  world_.settings.limits.messages_per_minute_per_mailbox = 1;
  service_->ApplySettings();
  Send("adele@contoso.com", SendBody("now", {"alex@contoso.com"}));
  Send("adele@contoso.com", SendBody("paced", {"alex@contoso.com"}));  // due in 60 s

  auto restarted = Restart(nullptr);
  clock_.Advance(std::chrono::seconds{61});
  restarted->DeliverDue();
  restarted->DeliverDue();

  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "inbox"), 2u);
}

TEST_F(GraphDurabilityTest, ADeliveryMadeBeforeACrashIsNotRepeatedAfterIt) {
  world_.settings.limits.messages_per_minute_per_mailbox = 1;
  service_->ApplySettings();
  Send("adele@contoso.com", SendBody("now", {"alex@contoso.com"}));
  Send("adele@contoso.com", SendBody("paced", {"alex@contoso.com"}));
  clock_.Advance(std::chrono::seconds{61});
  service_->DeliverDue();

  auto restarted = Restart(nullptr);
  restarted->DeliverDue();

  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "inbox"), 2u);
  EXPECT_EQ(ToJson(restarted->SaveJson()), ToJson(service_->SaveJson()));
}

TEST_F(GraphDurabilityTest, ALateSentItemsCopyAcceptedBeforeACrashIsFiledOnceAfterIt) {
  world_.settings.sent_items_delay = std::chrono::seconds{5};
  Send("adele@contoso.com", SendBody("late", {"alex@contoso.com"}));

  auto restarted = Restart(nullptr);
  clock_.Advance(std::chrono::seconds{5});
  restarted->DeliverDue();
  restarted->DeliverDue();

  EXPECT_EQ(Count(*restarted, "adele@contoso.com", "sentitems"), 1u);
  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "inbox"), 1u);
}

TEST_F(GraphDurabilityTest, AFiledLateCopyIsNotFiledAgainAfterACrash) {
  world_.settings.sent_items_delay = std::chrono::seconds{5};
  Send("adele@contoso.com", SendBody("late", {"alex@contoso.com"}));
  clock_.Advance(std::chrono::seconds{5});
  service_->DeliverDue();

  auto restarted = Restart(nullptr);
  restarted->DeliverDue();

  EXPECT_EQ(Count(*restarted, "adele@contoso.com", "sentitems"), 1u);
  EXPECT_EQ(ToJson(restarted->SaveJson()), ToJson(service_->SaveJson()));
}

TEST_F(GraphDurabilityTest, ARemovalAfterASnapshotReplays) {
  for (std::size_t i = 0; i < 3; ++i) {
    Call(Request("POST", "/v1.0/users/alex@contoso.com/messages", R"({"subject":"d"})"));
  }
  auto snapshot = service_->SaveJson();
  std::size_t from = journal_.records.size();
  Call(Request("DELETE", "/v1.0/users/alex@contoso.com/messages/" +
                             JsonString(Folder("alex@contoso.com", "drafts")[1], "id").value()));

  auto restarted = Restart(&snapshot, from);

  EXPECT_EQ(Count(*restarted, "alex@contoso.com", "drafts"), 2u);
  EXPECT_EQ(ToJson(restarted->SaveJson()), ToJson(service_->SaveJson()));
}

TEST_F(GraphDurabilityTest, AMimeDraftsPatchAndLaterAttachmentSurviveARestart) {
  std::string raw = "To: alex@contoso.com\r\nMessage-ID: <j@x>\r\n\r\nbody";
  auto draft = Call(
      Request("POST", "/v1.0/users/adele@contoso.com/messages", Base64Encode(raw), "text/plain"));
  std::string path =
      "/v1.0/users/adele@contoso.com/messages/" + JsonString(Body(draft), "id").value_or("");
  ASSERT_EQ(
      Call(Request("POST", path + "/attachments", R"({"name":"a.txt","contentBytes":"SGk="})"))
          .status,
      201);
  ASSERT_EQ(Call(Request("PATCH", path,
                         R"({"ccRecipients":[{"emailAddress":{"address":"shared@contoso.com"}}]})"))
                .status,
            200);
  std::string before = Call(Request("GET", path + "/$value")).body;

  service_ = Restart(nullptr);

  auto after = Call(Request("GET", path + "/$value"));
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body, before);
  EXPECT_NE(before.find("Cc: shared@contoso.com\r\n"), std::string::npos);
  EXPECT_NE(before.find("filename=\"a.txt\""), std::string::npos);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
