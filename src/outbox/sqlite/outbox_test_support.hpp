// outbox/sqlite/outbox_test_support.hpp — helpers for the outbox tests: a fixture with a store in
// a TempDir and a FakeClock, waiting for a write's callback, sample messages and submissions.
// Test-only; Await is thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/outbox_store.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::outbox::test {

using namespace std::chrono_literals;

inline const LaneKey kLane{"contoso", "a@contoso.com"};

// Runs `start(callback)` and waits for the callback's result (a failure guard, not a delay).
template <class T, class Start>
Result<T> Await(Start start) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  start([promise](Result<T> result) { promise->set_value(std::move(result)); });
  if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    ADD_FAILURE() << "an outbox callback did not run within 30 s";
    return Fail(ErrorCode::kDeadlineExceeded, "callback did not run");
  }
  return future.get();
}

inline MessageRecord SampleMessage(std::string id, TimePoint created, LaneKey lane = kLane,
                                   std::string api_key_id = "k_one") {
  MessageRecord m;
  m.id = std::move(id);
  m.api_key_id = std::move(api_key_id);
  m.lane = std::move(lane);
  m.recipients = 2;
  m.payload = R"({"subject":"hello"})";
  m.created_at = created;
  m.send_at = created;
  m.next_attempt_at = created;
  return m;
}

inline Submission SampleSubmission(std::vector<MessageRecord> messages,
                                   std::string idempotency_key = "", std::string hash = "h1") {
  Submission s;
  s.api_key_id = messages.empty() ? "k_one" : messages.front().api_key_id;
  s.idempotency_key = std::move(idempotency_key);
  s.request_hash = std::move(hash);
  s.messages = std::move(messages);
  s.response_status = 202;
  s.response_body = R"({"ids":[]})";
  return s;
}

inline AttemptResult Outcome(std::string id, MessageState state, TimePoint ended, int number = 1) {
  AttemptResult r;
  r.message_id = std::move(id);
  r.attempt = Attempt{number, ended - 1s, ended, "sent", 202, "", ""};
  r.new_state = state;
  if (state == MessageState::kDelivered) r.guarantee = Guarantee::kExactlyOnce;
  if (state != MessageState::kDelivered) r.attempt.outcome = "failed";
  return r;
}

// A store on outbox.db in a fresh TempDir, with synchronous helpers for the asynchronous writes.
class OutboxFixture : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen(OutboxOptions options = {}) {
    store_.reset();
    auto opened = SqliteOutboxStore::Open(DbFile(), options, clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  std::filesystem::path DbFile() const { return dir_.path() / "outbox.db"; }
  TimePoint Now() { return clock_.WallNow(); }

  Result<SubmitOutcome> Submit(Submission s) {
    return Await<SubmitOutcome>([&](auto done) { store_->Submit(std::move(s), done); });
  }
  // Submits one message per id, each in its own submission, `step` apart in created_at.
  void SubmitEach(const std::vector<std::string>& ids, LaneKey lane = kLane,
                  std::string key = "k_one", std::chrono::seconds step = 1s) {
    for (const auto& id : ids) {
      auto submitted = Submit(SampleSubmission({SampleMessage(id, Now(), lane, key)}));
      ASSERT_TRUE(submitted) << submitted.error().message;
      clock_.Advance(step);
    }
  }
  Result<std::vector<MessageRecord>> Claim(const LaneKey& lane, int limit, TimePoint now) {
    return Await<std::vector<MessageRecord>>([&](auto done) {
      store_->Claim(ClaimRequest{lane, now, limit, now + 5min}, done);
    });
  }
  Status Finish(std::vector<AttemptResult> results) {
    return Await<void>([&](auto done) { store_->Finish(std::move(results), done); });
  }
  Result<MessageRecord> Cancel(std::string id, std::optional<std::string> key = std::nullopt) {
    return Await<MessageRecord>(
        [&](auto done) { store_->Cancel(std::move(id), std::move(key), done); });
  }
  Result<MessageRecord> Retry(std::string id, std::optional<std::string> key = std::nullopt) {
    return Await<MessageRecord>(
        [&](auto done) { store_->Retry(std::move(id), std::move(key), Now(), done); });
  }
  Result<std::int64_t> Purge(TimePoint before) {
    return Await<std::int64_t>([&](auto done) { store_->Purge(before, done); });
  }
  Result<std::vector<LaneKey>> RecoverLeases(TimePoint now, TimePoint verify_at) {
    return Await<std::vector<LaneKey>>(
        [&](auto done) { store_->RecoverLeases(now, verify_at, done); });
  }
  MessageState StateOf(const std::string& id) {
    auto got = store_->Get(id, std::nullopt);
    EXPECT_TRUE(got) << got.error().message;
    return got ? got->state : MessageState::kFailed;
  }

  graphpost::testing::TempDir dir_;
  graphpost::testing::FakeClock clock_;
  std::unique_ptr<SqliteOutboxStore> store_;
};

}  // namespace graphpost::outbox::test
