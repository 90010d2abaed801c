// SqliteOutboxStore: claim order and limits, lanes, and the engine's summary reads.
#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

using test::kLane;
using test::Outcome;
using test::SampleMessage;
using test::SampleSubmission;

class OutboxClaimTest : public test::OutboxFixture {
 protected:
  std::vector<std::string> Ids(const Result<std::vector<MessageRecord>>& claimed) {
    std::vector<std::string> ids;
    if (!claimed) return {"error: " + claimed.error().message};
    for (const auto& m : *claimed) ids.push_back(m.id);
    return ids;
  }
};

TEST_F(OutboxClaimTest, ClaimsOldestDueFirstUpToTheLimit) {
  SubmitEach({"m1", "m2", "m3"});
  // m1 was retried to later: it is now due after the others.
  ASSERT_EQ(Ids(Claim(kLane, 1, Now())), std::vector<std::string>{"m1"});
  AttemptResult retry = Outcome("m1", MessageState::kQueued, Now());
  retry.next_attempt_at = Now() + 1min;
  ASSERT_TRUE(Finish({retry}));

  EXPECT_EQ(Ids(Claim(kLane, 1, Now() + 1h)), std::vector<std::string>{"m2"});
  EXPECT_EQ(Ids(Claim(kLane, 5, Now() + 1h)), (std::vector<std::string>{"m3", "m1"}));
  EXPECT_TRUE(Claim(kLane, 5, Now() + 1h)->empty());
}

TEST_F(OutboxClaimTest, ScheduledMessagesWaitForTheirSendTime) {
  MessageRecord later = SampleMessage("later", Now());
  later.send_at = Now() + 1h;
  later.next_attempt_at = Now() + 1h;
  ASSERT_TRUE(Submit(SampleSubmission({later})));

  EXPECT_TRUE(Claim(kLane, 1, Now() + 59min)->empty());
  EXPECT_EQ(Ids(Claim(kLane, 1, Now() + 1h)), std::vector<std::string>{"later"});
}

TEST_F(OutboxClaimTest, ExpiredMessagesAreNotClaimedButMarkedExpired) {
  MessageRecord short_lived = SampleMessage("short", Now());
  short_lived.expires_at = Now() + 1min;
  MessageRecord elsewhere = SampleMessage("elsewhere", Now(), LaneKey{"contoso", "b@contoso.com"});
  elsewhere.expires_at = Now() + 1min;
  elsewhere.send_at = elsewhere.next_attempt_at = Now() + 1h;  // scheduled, never due in time
  ASSERT_TRUE(Submit(SampleSubmission({short_lived, SampleMessage("long", Now()), elsewhere})));

  EXPECT_EQ(Ids(Claim(kLane, 5, Now() + 1min)), std::vector<std::string>{"long"});

  for (const char* id : {"short", "elsewhere"}) {
    auto got = store_->Get(id, std::nullopt);
    EXPECT_EQ(got->state, MessageState::kExpired) << id;
    EXPECT_EQ(got->cause, "expired") << id;
    EXPECT_EQ(got->finished_at, Now() + 1min) << id;
    EXPECT_TRUE(store_->Attempts(id)->empty()) << id;
  }
  EXPECT_TRUE(store_->QueuedLanes()->empty());
}

TEST_F(OutboxClaimTest, LanesAreClaimedSeparately) {
  LaneKey other_sender{"contoso", "b@contoso.com"};
  LaneKey other_connection{"fabrikam", "a@contoso.com"};
  SubmitEach({"a"});
  SubmitEach({"b"}, other_sender);
  SubmitEach({"c"}, other_connection);

  EXPECT_EQ(Ids(Claim(other_sender, 5, Now())), std::vector<std::string>{"b"});
  EXPECT_EQ(Ids(Claim(other_connection, 5, Now())), std::vector<std::string>{"c"});
  EXPECT_EQ(Ids(Claim(kLane, 5, Now())), std::vector<std::string>{"a"});
}

TEST_F(OutboxClaimTest, ClaimAndItsSummariesUseIndexesNotScans) {
  auto db = sqlite::OpenDb(DbFile());
  ASSERT_TRUE(db);
  auto plan = [&](const char* query) {
    auto stmt = sqlite::Prepare(db->get(), std::string("EXPLAIN QUERY PLAN ") + query);
    EXPECT_TRUE(stmt) << query;
    std::string text;
    while (stmt && sqlite::Step(stmt->get()).value_or(false)) {
      text += sqlite::ColumnText(stmt->get(), 3) + "\n";
    }
    return text;
  };

  std::string claim = plan(
      "SELECT seq FROM messages WHERE connection = 'c' AND sender = 's' AND state = 0 "
      "AND next_attempt_at <= 5 AND (expires_at IS NULL OR expires_at > 5) "
      "ORDER BY next_attempt_at, seq LIMIT 10");
  std::string expiry = plan(
      "UPDATE messages INDEXED BY messages_expiry SET state = 4 WHERE state = 0 "
      "AND expires_at IS NOT NULL AND expires_at <= 5");
  std::string lanes = plan(
      "SELECT l.connection, l.sender, l.queued, (SELECT min(m.next_attempt_at) FROM messages m "
      "WHERE m.connection = l.connection AND m.sender = l.sender AND m.state = 0) "
      "FROM lane_counts l WHERE l.queued > 0 ORDER BY l.connection, l.sender");

  EXPECT_NE(claim.find("USING INDEX messages_claim (connection=? AND sender=? AND state=? AND "
                       "next_attempt_at<?)"),
            std::string::npos)
      << claim;
  EXPECT_EQ(claim.find("TEMP B-TREE"), std::string::npos) << claim;
  EXPECT_NE(expiry.find("USING INDEX messages_expiry (expires_at"), std::string::npos) << expiry;
  EXPECT_NE(lanes.find("COVERING INDEX messages_claim (connection=? AND sender=? AND state=?)"),
            std::string::npos)
      << lanes;
  EXPECT_EQ(lanes.find("TEMP B-TREE"), std::string::npos) << lanes;
}

TEST_F(OutboxClaimTest, QueuedLanesCountsQueuedMessagesAndTheEarliestDue) {
  LaneKey other{"contoso", "b@contoso.com"};
  SubmitEach({"a1", "a2"});
  SubmitEach({"b1"}, other);
  ASSERT_EQ(Claim(other, 1, Now())->size(), 1u);

  auto lanes = store_->QueuedLanes();

  ASSERT_TRUE(lanes) << lanes.error().message;
  ASSERT_EQ(lanes->size(), 1u);
  EXPECT_EQ((*lanes)[0].lane, kLane);
  EXPECT_EQ((*lanes)[0].queued, 2);
  EXPECT_EQ((*lanes)[0].next_due, Now() - 3s);  // a1, submitted first
}

TEST_F(OutboxClaimTest, CountByStateCountsEachState) {
  SubmitEach({"m1", "m2", "m3"});
  ASSERT_EQ(Claim(kLane, 2, Now())->size(), 2u);
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kDelivered, Now())}));

  auto counts = store_->CountByState();

  ASSERT_TRUE(counts);
  EXPECT_EQ(
      *counts,
      (std::vector<std::pair<MessageState, std::int64_t>>{
          {MessageState::kQueued, 1}, {MessageState::kSending, 1}, {MessageState::kDelivered, 1}}));
}

TEST_F(OutboxClaimTest, CountsFollowEveryTransitionAndPurge) {
  LaneKey other{"contoso", "b@contoso.com"};
  SubmitEach({"m1", "m2", "m3", "m4"});
  SubmitEach({"o1"}, other);
  ASSERT_EQ(Claim(kLane, 3, Now())->size(), 3u);  // m1 m2 m3 sending
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kDelivered, Now()),
                      Outcome("m2", MessageState::kFailed, Now())}));
  ASSERT_TRUE(RecoverLeases(Now() + 6min, Now() + 6min));  // m3 queued again
  ASSERT_TRUE(Cancel("o1"));
  ASSERT_TRUE(Retry("m2"));
  ASSERT_TRUE(Purge(Now() + 1min));  // m1 and o1 gone

  auto counts = store_->CountByState();
  auto lanes = store_->QueuedLanes();

  EXPECT_EQ(*counts,
            (std::vector<std::pair<MessageState, std::int64_t>>{{MessageState::kQueued, 3}}));
  ASSERT_EQ(lanes->size(), 1u);
  EXPECT_EQ((*lanes)[0].queued, 3);
}

TEST_F(OutboxClaimTest, RecipientsDeliveredSinceSumsTheLanesDeliveriesInTheWindow) {
  SubmitEach({"m1", "m2", "m3"});
  SubmitEach({"other"}, LaneKey{"contoso", "b@contoso.com"});
  ASSERT_EQ(Claim(kLane, 3, Now())->size(), 3u);
  ASSERT_TRUE(Claim(LaneKey{"contoso", "b@contoso.com"}, 1, Now()));
  TimePoint t0 = Now();
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kDelivered, t0),
                      Outcome("m2", MessageState::kDelivered, t0 + 1h),
                      Outcome("m3", MessageState::kFailed, t0 + 1h),
                      Outcome("other", MessageState::kDelivered, t0 + 1h)}));

  EXPECT_EQ(store_->RecipientsDeliveredSince(kLane, t0 - 1s), 4);
  EXPECT_EQ(store_->RecipientsDeliveredSince(kLane, t0 + 1s), 2);
  EXPECT_EQ(store_->RecipientsDeliveredSince(kLane, t0 + 2h), 0);
}

}  // namespace
}  // namespace graphpost::outbox
