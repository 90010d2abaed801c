// SqliteOutboxStore: every write and each state transition of the message state machine.
#include "outbox/sqlite/sqlite_outbox_store.hpp"

#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

using test::kLane;
using test::Outcome;
using test::SampleMessage;
using test::SampleSubmission;

class SqliteOutboxStoreTest : public test::OutboxFixture {};

TEST_F(SqliteOutboxStoreTest, SubmittedMessageCanBeReadBackWithEveryField) {
  MessageRecord m = SampleMessage("m1", Now());
  m.send_at = Now() + 1h;
  m.next_attempt_at = Now() + 1h;
  m.expires_at = Now() + 2h;
  m.save_to_sent_items = false;
  ASSERT_TRUE(Submit(SampleSubmission({m})));

  auto got = store_->Get("m1", std::nullopt);

  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, "m1");
  EXPECT_EQ(got->api_key_id, "k_one");
  EXPECT_EQ(got->state, MessageState::kQueued);
  EXPECT_EQ(got->lane, kLane);
  EXPECT_EQ(got->payload, R"({"subject":"hello"})");
  EXPECT_EQ(got->recipients, 2);
  EXPECT_FALSE(got->save_to_sent_items);
  EXPECT_EQ(got->created_at, Now());
  EXPECT_EQ(got->send_at, Now() + 1h);
  EXPECT_EQ(got->next_attempt_at, Now() + 1h);
  EXPECT_EQ(got->expires_at, Now() + 2h);
  EXPECT_EQ(got->attempts, 0);
  EXPECT_FALSE(got->lease_until || got->finished_at || got->guarantee);
}

TEST_F(SqliteOutboxStoreTest, UnsetNextAttemptDefaultsToSendAt) {
  MessageRecord m = SampleMessage("m1", Now());
  m.send_at = Now() + 1h;
  m.next_attempt_at = {};
  ASSERT_TRUE(Submit(SampleSubmission({m})));

  EXPECT_EQ(store_->Get("m1", std::nullopt)->next_attempt_at, Now() + 1h);
}

TEST_F(SqliteOutboxStoreTest, SubmissionWithADuplicateIdStoresNoneOfItsMessages) {
  SubmitEach({"m1"});

  auto second = Submit(SampleSubmission({SampleMessage("m2", Now()), SampleMessage("m1", Now())}));

  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->Get("m2", std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteOutboxStoreTest, GetOfAnUnknownIdIsNotFound) {
  EXPECT_EQ(store_->Get("nope", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Attempts("nope").error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteOutboxStoreTest, ClaimMarksDueMessagesSendingWithALease) {
  SubmitEach({"m1"});

  auto claimed = Claim(kLane, 10, Now());

  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].state, MessageState::kSending);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_EQ((*claimed)[0].lease_until, Now() + 5min);
  EXPECT_EQ((*claimed)[0].payload, R"({"subject":"hello"})");
  EXPECT_EQ(StateOf("m1"), MessageState::kSending);
  EXPECT_TRUE(Claim(kLane, 10, Now())->empty());
}

TEST_F(SqliteOutboxStoreTest, FinishDeliveredRecordsTheAttemptAndTheGuarantee) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);

  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kDelivered, Now() + 2s)}));

  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kDelivered);
  EXPECT_EQ(got->guarantee, Guarantee::kExactlyOnce);
  EXPECT_EQ(got->finished_at, Now() + 2s);
  EXPECT_FALSE(got->lease_until);
  auto attempts = store_->Attempts("m1");
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].number, 1);
  EXPECT_EQ((*attempts)[0].outcome, "sent");
  EXPECT_EQ((*attempts)[0].http_status, 202);
  EXPECT_EQ((*attempts)[0].started_at, Now() + 1s);
  EXPECT_EQ((*attempts)[0].ended_at, Now() + 2s);
}

TEST_F(SqliteOutboxStoreTest, FinishQueuedSchedulesTheNextAttempt) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  AttemptResult retry = Outcome("m1", MessageState::kQueued, Now());
  retry.attempt.outcome = "unknown";
  retry.next_attempt_at = Now() + 1min;
  retry.verify_before_send = true;
  retry.cause = "timeout";

  ASSERT_TRUE(Finish({retry}));

  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kQueued);
  EXPECT_EQ(got->next_attempt_at, Now() + 1min);
  EXPECT_TRUE(got->verify_before_send);
  EXPECT_EQ(got->cause, "timeout");
  EXPECT_FALSE(got->finished_at);
  EXPECT_TRUE(Claim(kLane, 1, Now())->empty());
  auto again = Claim(kLane, 1, Now() + 1min);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 2);
}

TEST_F(SqliteOutboxStoreTest, FinishFailedKeepsTheCauseAndTheFix) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  AttemptResult failed = Outcome("m1", MessageState::kFailed, Now());
  failed.cause = "mailbox_not_found";
  failed.detail = "no such mailbox";
  failed.fix = "check the address";

  ASSERT_TRUE(Finish({failed}));

  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kFailed);
  EXPECT_EQ(got->cause, "mailbox_not_found");
  EXPECT_EQ(got->detail, "no such mailbox");
  EXPECT_EQ(got->fix, "check the address");
  EXPECT_EQ(got->finished_at, Now());
}

TEST_F(SqliteOutboxStoreTest, FinishOfAMessageCancelledMeanwhileKeepsItCancelled) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(RecoverLeases(Now() + 6min, Now() + 6min));  // the lease ran out
  ASSERT_TRUE(Cancel("m1"));

  auto finished = Finish({Outcome("m1", MessageState::kDelivered, Now() + 7min)});

  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(StateOf("m1"), MessageState::kCancelled);
  EXPECT_EQ(store_->Attempts("m1")->size(), 1u);
}

TEST_F(SqliteOutboxStoreTest, FinishOfAnUnknownMessageIsNotFoundAndKeepsTheOthers) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);

  auto finished = Finish({Outcome("nope", MessageState::kDelivered, Now()),
                          Outcome("m1", MessageState::kDelivered, Now())});

  EXPECT_EQ(finished.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf("m1"), MessageState::kDelivered);
}

TEST_F(SqliteOutboxStoreTest, FinishCanExpireAQueuedMessageButRefusesSendingAsAnEnd) {
  MessageRecord m = SampleMessage("m1", Now());
  m.expires_at = Now() + 1s;
  ASSERT_TRUE(Submit(SampleSubmission({m})));

  auto refused = Finish({Outcome("m1", MessageState::kSending, Now())});
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kExpired, Now() + 2s)}));

  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(StateOf("m1"), MessageState::kExpired);
}

TEST_F(SqliteOutboxStoreTest, RecoverLeasesRequeuesOnlyRunOutLeasesForVerification) {
  SubmitEach({"m1"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);  // lease until +5min
  SubmitEach({"m2"}, LaneKey{"contoso", "b@contoso.com"});
  ASSERT_EQ(Claim(LaneKey{"contoso", "b@contoso.com"}, 1, Now() + 10min)->size(), 1u);
  Reopen();  // as after a crash

  auto lanes = RecoverLeases(Now() + 6min, Now() + 7min);

  ASSERT_TRUE(lanes);
  EXPECT_EQ(*lanes, std::vector<LaneKey>{kLane});
  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kQueued);
  EXPECT_TRUE(got->verify_before_send);
  EXPECT_EQ(got->next_attempt_at, Now() + 7min);
  EXPECT_FALSE(got->lease_until);
  EXPECT_EQ(StateOf("m2"), MessageState::kSending);
}

TEST_F(SqliteOutboxStoreTest, CancelEndsOnlyAQueuedMessage) {
  SubmitEach({"m1", "m2"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);  // m1

  auto sending = Cancel("m1");
  auto queued = Cancel("m2");
  auto unknown = Cancel("nope");

  EXPECT_EQ(sending.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(queued) << queued.error().message;
  EXPECT_EQ(queued->state, MessageState::kCancelled);
  EXPECT_EQ(queued->finished_at, Now());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteOutboxStoreTest, RetryRequeuesAFinalMessageNowAndKeepsItsAttemptCount) {
  SubmitEach({"m1", "m2"});
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kFailed, Now())}));
  clock_.Advance(1h);

  auto retried = Retry("m1");
  auto queued = Retry("m2");

  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->state, MessageState::kQueued);
  EXPECT_EQ(retried->next_attempt_at, Now());
  EXPECT_EQ(retried->attempts, 1);
  EXPECT_FALSE(retried->finished_at);
  EXPECT_EQ(retried->cause, "");
  EXPECT_EQ(queued.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Claim(kLane, 5, Now())->size(), 2u);
}

TEST_F(SqliteOutboxStoreTest, RetryKeepsASendAtStillAhead) {
  MessageRecord scheduled = SampleMessage("later", Now());
  scheduled.send_at = scheduled.next_attempt_at = Now() + std::chrono::days(90);
  MessageRecord past = SampleMessage("past", Now());
  past.send_at = past.next_attempt_at = Now() + 1min;
  ASSERT_TRUE(Submit(SampleSubmission({scheduled, past})));
  ASSERT_TRUE(Cancel("later"));
  ASSERT_TRUE(Cancel("past"));
  clock_.Advance(1h);

  auto retried = Retry("later");
  auto overdue = Retry("past");

  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->next_attempt_at, scheduled.send_at);
  ASSERT_TRUE(overdue) << overdue.error().message;
  EXPECT_EQ(overdue->next_attempt_at, Now());
  auto due_now = Claim(kLane, 5, Now());
  ASSERT_EQ(due_now->size(), 1u);  // only "past"
  EXPECT_EQ(Claim(kLane, 5, scheduled.send_at)->size(), 1u);
}

TEST_F(SqliteOutboxStoreTest, RetryOfAnExpiredMessageDropsItsRunOutTimeToLive) {
  MessageRecord m = SampleMessage("m1", Now());
  m.expires_at = Now() + 1min;
  ASSERT_TRUE(Submit(SampleSubmission({m})));
  ASSERT_TRUE(Finish({Outcome("m1", MessageState::kExpired, Now() + 1min)}));
  clock_.Advance(2min);

  auto retried = Retry("m1");

  ASSERT_TRUE(retried);
  EXPECT_FALSE(retried->expires_at);
  EXPECT_EQ(Claim(kLane, 1, Now())->size(), 1u);
}

TEST_F(SqliteOutboxStoreTest, PurgeDeletesOnlyFinalMessagesFinishedBeforeTheCutoff) {
  SubmitEach({"old", "recent", "queued"});
  ASSERT_EQ(Claim(kLane, 2, Now())->size(), 2u);
  ASSERT_TRUE(Finish({Outcome("old", MessageState::kDelivered, Now())}));
  ASSERT_TRUE(Finish({Outcome("recent", MessageState::kFailed, Now() + 2h)}));

  auto purged = Purge(Now() + 1h);

  ASSERT_TRUE(purged) << purged.error().message;
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(store_->Get("old", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Attempts("old").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf("recent"), MessageState::kFailed);
  EXPECT_EQ(StateOf("queued"), MessageState::kQueued);
}

TEST_F(SqliteOutboxStoreTest, WritesQueuedBeforeCloseAreCommitted) {
  int done = 0;
  for (int i = 0; i < 20; ++i) {
    store_->Submit(SampleSubmission({SampleMessage("m" + std::to_string(i), Now())}),
                   [&done](Result<SubmitOutcome> r) { done += r ? 1 : 0; });
  }

  Reopen();

  EXPECT_EQ(done, 20);
  EXPECT_EQ(StateOf("m19"), MessageState::kQueued);
}

}  // namespace
}  // namespace graphpost::outbox
