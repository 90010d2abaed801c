// SqliteOutboxStore: idempotency records and API keys.
#include <future>

#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

using test::SampleMessage;
using test::SampleSubmission;

class OutboxKeysTest : public test::OutboxFixture {
 protected:
  std::int64_t IdempotencyRecords() {
    auto db = sqlite::OpenDb(DbFile());
    auto stmt = sqlite::Prepare(db->get(), "SELECT count(*) FROM idempotency");
    EXPECT_EQ(sqlite::Step(stmt->get()), true);
    return sqlite::ColumnInt(stmt->get(), 0);
  }
  Status PutKey(ApiKeyRecord key) {
    return test::Await<void>([&](auto done) { store_->PutApiKey(std::move(key), done); });
  }
  Status Revoke(std::string id) {
    return test::Await<void>([&](auto done) { store_->RevokeApiKey(std::move(id), done); });
  }
};

TEST_F(OutboxKeysTest, SameKeyAndSameRequestReplaysTheFirstAnswerAndStoresNothing) {
  Submission first = SampleSubmission({SampleMessage("m1", Now())}, "idem-1", "hash-a");
  first.response_body = R"({"id":"m1"})";
  ASSERT_TRUE(Submit(first));
  Submission again = SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-a");
  again.response_body = R"({"id":"m2"})";

  auto replayed = Submit(again);

  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_TRUE(replayed->replayed);
  EXPECT_EQ(replayed->response_status, 202);
  EXPECT_EQ(replayed->response_body, R"({"id":"m1"})");
  EXPECT_EQ(store_->Get("m2", std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_F(OutboxKeysTest, SameKeyWithADifferentRequestIsAlreadyExists) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())}, "idem-1", "hash-a")));

  auto conflict = Submit(SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-b"));

  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->Get("m2", std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_F(OutboxKeysTest, IdempotencyKeysBelongToOneApiKey) {
  ASSERT_TRUE(Submit(
      SampleSubmission({SampleMessage("m1", Now(), test::kLane, "k_one")}, "idem-1", "hash-a")));

  auto other = Submit(
      SampleSubmission({SampleMessage("m2", Now(), test::kLane, "k_two")}, "idem-1", "hash-b"));

  ASSERT_TRUE(other) << other.error().message;
  EXPECT_FALSE(other->replayed);
}

TEST_F(OutboxKeysTest, ASecondSubmissionInFlightWithTheSameKeyIsReplayed) {
  std::promise<Result<SubmitOutcome>> first, second;
  store_->Submit(SampleSubmission({SampleMessage("m1", Now())}, "idem-1", "hash-a"),
                 [&](Result<SubmitOutcome> r) { first.set_value(std::move(r)); });
  store_->Submit(SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-a"),
                 [&](Result<SubmitOutcome> r) { second.set_value(std::move(r)); });

  EXPECT_FALSE(first.get_future().get()->replayed);
  EXPECT_TRUE(second.get_future().get()->replayed);
}

TEST_F(OutboxKeysTest, RecordsCountFor24HoursAndPurgeRemovesOlderOnes) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())}, "idem-1", "hash-a")));
  clock_.Advance(23h);
  EXPECT_EQ(Submit(SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-b")).error().code,
            ErrorCode::kAlreadyExists);
  clock_.Advance(2h);

  ASSERT_TRUE(Purge(Now()));

  EXPECT_EQ(IdempotencyRecords(), 0);
  auto reused = Submit(SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-b"));
  ASSERT_TRUE(reused);
  EXPECT_FALSE(reused->replayed);
}

TEST_F(OutboxKeysTest, AStaleRecordIsReplacedEvenBeforeAPurge) {
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("m1", Now())}, "idem-1", "hash-a")));
  clock_.Advance(25h);

  auto reused = Submit(SampleSubmission({SampleMessage("m2", Now())}, "idem-1", "hash-b"));

  ASSERT_TRUE(reused) << reused.error().message;
  EXPECT_FALSE(reused->replayed);
  EXPECT_EQ(IdempotencyRecords(), 1);
}

TEST_F(OutboxKeysTest, AFailedSubmissionLeavesNoIdempotencyRecord) {
  SubmitEach({"taken"});
  ASSERT_FALSE(Submit(SampleSubmission({SampleMessage("taken", Now())}, "idem-1", "hash-a")));

  auto fixed = Submit(SampleSubmission({SampleMessage("fresh", Now())}, "idem-1", "hash-a"));

  ASSERT_TRUE(fixed);
  EXPECT_FALSE(fixed->replayed);
}

TEST_F(OutboxKeysTest, ApiKeysAreFoundByHashWithTheirConnections) {
  ASSERT_TRUE(PutKey(ApiKeyRecord{.id = "k_one",
                                  .name = "shop",
                                  .hash = "aa11",
                                  .admin = false,
                                  .connections = {"fabrikam", "contoso"},
                                  .created_at = Now()}));

  auto found = store_->FindApiKeyByHash("aa11");
  auto missing = store_->FindApiKeyByHash("bb22");

  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, "k_one");
  EXPECT_EQ((*found)->name, "shop");
  EXPECT_EQ((*found)->connections, (std::vector<std::string>{"contoso", "fabrikam"}));
  EXPECT_EQ((*found)->created_at, Now());
  EXPECT_FALSE((*found)->revoked);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(OutboxKeysTest, PutApiKeyReplacesByIdAndRevokeMarksIt) {
  ASSERT_TRUE(PutKey(ApiKeyRecord{.id = "k_one",
                                  .name = "a",
                                  .hash = "aa11",
                                  .connections = {"contoso"},
                                  .created_at = Now()}));
  ASSERT_TRUE(PutKey(ApiKeyRecord{.id = "k_one",
                                  .name = "b",
                                  .hash = "aa11",
                                  .admin = true,
                                  .connections = {"fabrikam"},
                                  .created_at = Now()}));
  ASSERT_TRUE(
      PutKey(ApiKeyRecord{.id = "k_two", .name = "c", .hash = "cc33", .created_at = Now() + 1s}));

  ASSERT_TRUE(Revoke("k_two"));
  auto unknown = Revoke("k_nope");
  auto keys = store_->ListApiKeys();

  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].name, "b");
  EXPECT_TRUE((*keys)[0].admin);
  EXPECT_EQ((*keys)[0].connections, std::vector<std::string>{"fabrikam"});
  EXPECT_TRUE((*keys)[1].revoked);
  EXPECT_TRUE((*keys)[1].connections.empty());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace graphpost::outbox
