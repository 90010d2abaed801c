#include "outbox/sqlite/sqlite_outbox_store.hpp"

#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "testing/fake_clock.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;
using graphpost::testing::FakeClock;
using graphpost::testing::TempDir;
using test::Await;
using test::SampleMessage;
using test::SampleSubmission;

const LaneKey kLane{"contoso", "a@contoso.com"};

class SqliteOutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen(OutboxOptions options = {}) {
    store_.reset();
    auto opened = SqliteOutboxStore::Open(dir_.path() / "outbox.db", options, clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  Result<SubmitOutcome> Submit(Submission s) {
    return Await<SubmitOutcome>([&](auto done) { store_->Submit(std::move(s), done); });
  }
  Result<std::vector<MessageRecord>> Claim(LaneKey lane, int limit, TimePoint now) {
    return Await<std::vector<MessageRecord>>([&](auto done) {
      store_->Claim(ClaimRequest{lane, now, limit, now + 5min}, done);
    });
  }
  Status Finish(std::vector<AttemptResult> results) {
    return Await<void>([&](auto done) { store_->Finish(std::move(results), done); });
  }
  TimePoint Now() { return clock_.WallNow(); }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteOutboxStore> store_;
};

TEST_F(SqliteOutboxStoreTest, SubmittedMessageCanBeReadBack) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())})));

  auto got = store_->Get("m1", std::nullopt);

  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, "m1");
  EXPECT_EQ(got->state, MessageState::kQueued);
  EXPECT_EQ(got->lane, kLane);
  EXPECT_EQ(got->payload, R"({"subject":"hello"})");
  EXPECT_EQ(got->created_at, Now());
  EXPECT_EQ(got->recipients, 2);
  EXPECT_FALSE(got->expires_at.has_value());
}

TEST_F(SqliteOutboxStoreTest, ClaimMarksDueMessagesSendingWithALease) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())})));

  auto claimed = Claim(kLane, 10, Now());

  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].state, MessageState::kSending);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_EQ((*claimed)[0].lease_until, Now() + 5min);
  EXPECT_EQ((*claimed)[0].payload, R"({"subject":"hello"})");
  EXPECT_TRUE(Claim(kLane, 10, Now())->empty());
}

TEST_F(SqliteOutboxStoreTest, FinishRecordsTheAttemptAndTheNewState) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())})));
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  AttemptResult r;
  r.message_id = "m1";
  r.attempt = Attempt{1, Now(), Now() + 1s, "sent", 202, "", ""};
  r.new_state = MessageState::kDelivered;
  r.guarantee = Guarantee::kExactlyOnce;

  ASSERT_TRUE(Finish({r}));

  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kDelivered);
  EXPECT_EQ(got->guarantee, Guarantee::kExactlyOnce);
  EXPECT_EQ(got->finished_at, Now() + 1s);
  auto attempts = store_->Attempts("m1");
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].outcome, "sent");
  EXPECT_EQ((*attempts)[0].http_status, 202);
}

TEST_F(SqliteOutboxStoreTest, RecoverLeasesRequeuesExpiredLeasesForVerification) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())})));
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  Reopen();  // as after a crash

  auto lanes = Await<std::vector<LaneKey>>(
      [&](auto done) { store_->RecoverLeases(Now() + 6min, Now() + 7min, done); });

  ASSERT_TRUE(lanes);
  EXPECT_EQ(*lanes, std::vector<LaneKey>{kLane});
  auto got = store_->Get("m1", std::nullopt);
  EXPECT_EQ(got->state, MessageState::kQueued);
  EXPECT_TRUE(got->verify_before_send);
  EXPECT_EQ(got->next_attempt_at, Now() + 7min);
}

}  // namespace
}  // namespace graphpost::outbox
