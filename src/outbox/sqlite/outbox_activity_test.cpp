// SqliteOutboxStore::Activity: accepted / delivered / failed per minute, kept by triggers (schema
// version 3), purged after 7 days, backfilled when a version 2 file is opened, and read without
// touching the messages.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/schema.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;
using test::kLane;
using test::Outcome;
using test::SampleMessage;
using test::SampleSubmission;

// A minute's counts as one comparable value: {minute offset from `origin`, accepted, delivered,
// failed}.
struct Row {
  std::int64_t minute;
  std::int64_t accepted, delivered, failed;
  friend bool operator==(const Row&, const Row&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Row& r) {
    return os << "{+" << r.minute << "min " << r.accepted << "/" << r.delivered << "/" << r.failed
              << "}";
  }
};

class OutboxActivityTest : public test::OutboxFixture {
 protected:
  // The FakeClock starts on a whole minute (09:00:00); rows are named by their offset from it.
  std::vector<Row> Rows(TimePoint since) {
    auto activity = store_->Activity(since);
    EXPECT_TRUE(activity) << activity.error().message;
    std::vector<Row> rows;
    if (!activity) return rows;
    for (const MinuteActivity& m : *activity) {
      rows.push_back({std::chrono::duration_cast<std::chrono::minutes>(m.minute - origin_).count(),
                      m.accepted, m.delivered, m.failed});
    }
    return rows;
  }
  std::string Plan(const std::string& query) {
    auto db = sqlite::OpenDb(DbFile());
    auto stmt = sqlite::Prepare(db->get(), "EXPLAIN QUERY PLAN " + query);
    EXPECT_TRUE(stmt) << query;
    std::string text;
    while (stmt && sqlite::Step(stmt->get()).value_or(false)) {
      text += sqlite::ColumnText(stmt->get(), 3) + "\n";
    }
    return text;
  }
  void Exec(const char* sql) {
    auto db = sqlite::OpenDb(DbFile());
    ASSERT_TRUE(db);
    ASSERT_TRUE(sqlite::Exec(db->get(), sql));
  }
  std::int64_t QueryInt(const char* sql) {
    auto db = sqlite::OpenDb(DbFile());
    auto stmt = sqlite::Prepare(db->get(), sql);
    EXPECT_EQ(sqlite::Step(stmt->get()), true);
    return sqlite::ColumnInt(stmt->get(), 0);
  }

  const TimePoint origin_ = clock_.WallNow();
};

TEST_F(OutboxActivityTest, SubmissionsCountAsAcceptedInTheMinuteTheyWereCreated) {
  SubmitEach({"a", "b", "c"}, kLane, "k_one", 20s);  // 09:00:00, :20, :40
  clock_.Advance(2min);                              // 09:03:00
  ASSERT_TRUE(Submit(SampleSubmission({SampleMessage("d", Now()), SampleMessage("e", Now())})));

  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 3, 0, 0}, {3, 2, 0, 0}}));
}

TEST_F(OutboxActivityTest, AnEmptyOutboxHasNoMinutes) { EXPECT_TRUE(Rows(origin_ - 1h).empty()); }

TEST_F(OutboxActivityTest, FinishedMessagesCountInTheMinuteTheyFinished) {
  SubmitEach({"ok", "bad", "retry"}, kLane, "k_one", 0s);
  ASSERT_EQ(Claim(kLane, 3, Now())->size(), 3u);
  AttemptResult retry = Outcome("retry", MessageState::kQueued, Now() + 1min);
  retry.next_attempt_at = Now() + 1h;

  ASSERT_TRUE(Finish({Outcome("ok", MessageState::kDelivered, Now() + 2min + 5s),
                      Outcome("bad", MessageState::kFailed, Now() + 4min + 59s), retry}));

  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 3, 0, 0}, {2, 0, 1, 0}, {4, 0, 0, 1}}));
}

TEST_F(OutboxActivityTest, ExpiredMessagesCountAsFailedWhenTheyExpire) {
  MessageRecord short_lived = SampleMessage("short", Now());
  short_lived.expires_at = Now() + 90s;
  short_lived.send_at = short_lived.next_attempt_at = Now() + 1h;
  ASSERT_TRUE(Submit(SampleSubmission({short_lived})));

  ASSERT_TRUE(Claim(kLane, 1, Now() + 5min)->empty());

  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 1, 0, 0}, {5, 0, 0, 1}}));
}

TEST_F(OutboxActivityTest, CancellingCountsAsNeitherDeliveredNorFailed) {
  SubmitEach({"m"});

  ASSERT_TRUE(Cancel("m"));

  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 1, 0, 0}}));
}

TEST_F(OutboxActivityTest, ActivityStartsAtTheMinuteHoldingSince) {
  SubmitEach({"a"});
  clock_.Advance(10min);
  SubmitEach({"b"});

  EXPECT_EQ(Rows(origin_ + 10min + 30s), (std::vector<Row>{{10, 1, 0, 0}}));
  EXPECT_EQ(Rows(origin_ + 11min), std::vector<Row>{});
}

TEST_F(OutboxActivityTest, PurgeDropsMinutesOlderThanSevenDaysAndKeepsThoseOfPurgedMessages) {
  SubmitEach({"old"}, kLane, "k_one", 0s);
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(Finish({Outcome("old", MessageState::kDelivered, Now())}));
  clock_.Advance(6 * 24h);
  SubmitEach({"recent"}, kLane, "k_one", 0s);
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(Finish({Outcome("recent", MessageState::kDelivered, Now())}));

  ASSERT_EQ(*Purge(Now() + 1s), 2);  // both messages gone; their minutes are history
  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 1, 1, 0}, {6 * 24 * 60, 1, 1, 0}}));
  clock_.Advance(24h + 1min);  // the first minute is now over 7 days old
  ASSERT_TRUE(Purge(Now()));

  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{6 * 24 * 60, 1, 1, 0}}));
}

// A file written by schema version 2: no minute_counts table or its triggers, user_version 2,
// exactly what that build left. Opening it counts the last 24 hours of its messages.
TEST_F(OutboxActivityTest, AVersionTwoFileIsBackfilledWithItsLastDayOfMessages) {
  SubmitEach({"two-days-ago"}, kLane, "k_one", 0s);
  clock_.Advance(24h + 1h);
  SubmitEach({"delivered", "failed", "queued"}, kLane, "k_one", 0s);  // at +25 h
  ASSERT_EQ(Claim(kLane, 2, Now())->size(), 2u);
  ASSERT_TRUE(Finish({Outcome("two-days-ago", MessageState::kDelivered, Now() + 1min),
                      Outcome("delivered", MessageState::kDelivered, Now() + 1min)}));
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(Finish({Outcome("failed", MessageState::kFailed, Now() + 2min)}));
  clock_.Advance(24h);  // +49 h: the first submission is 49 h old, the others 24 h
  store_.reset();
  Exec(
      "DROP TRIGGER messages_minute_insert; DROP TRIGGER messages_minute_finish; "
      "DROP TABLE minute_counts; PRAGMA user_version = 2");

  Reopen();

  EXPECT_EQ(QueryInt("PRAGMA user_version"), sqlite_store::kSchemaVersion);
  // Created 24 h before the reopening: counted; "two-days-ago" was created too early but
  // delivered within the day.
  const std::int64_t day = 25 * 60;
  EXPECT_EQ(Rows(origin_),
            (std::vector<Row>{{day, 3, 0, 0}, {day + 1, 0, 2, 0}, {day + 2, 0, 0, 1}}));
  SubmitEach({"after"}, kLane, "k_one", 0s);
  EXPECT_EQ(Rows(Now()), (std::vector<Row>{{49 * 60, 1, 0, 0}}));
}

// An import (or a benchmark's fill) inserts rows already finished: they count as finished too.
TEST_F(OutboxActivityTest, ARowInsertedFinishedCountsInTheMinuteItFinished) {
  Exec(
      "INSERT INTO messages(id, api_key_id, connection, sender, state, recipients, "
      "save_to_sent_items, created_at, send_at, next_attempt_at, finished_at, attempts, "
      "verify_before_send, cause, detail, fix) VALUES "
      "('x', 'k', 'c', 's', 2, 1, 1, 1795683600000000000, 0, 0, 1795683780000000000, 1, 0, '', "
      "'', ''), "
      "('y', 'k', 'c', 's', 4, 1, 1, 1795683600000000000, 0, 0, 1795683780000000000, 0, 0, '', "
      "'', ''), "
      "('z', 'k', 'c', 's', 5, 1, 1, 1795683600000000000, 0, 0, 1795683780000000000, 0, 0, '', "
      "'', '')");

  // 1795683600 s is 09:00 on the FakeClock's first day; 1795683780 s is 09:03.
  EXPECT_EQ(Rows(origin_), (std::vector<Row>{{0, 3, 0, 0}, {3, 0, 1, 1}}));
}

TEST_F(OutboxActivityTest, ReadingActivityTouchesOnlyTheMinuteCounts) {
  SubmitEach({"a", "b"});

  std::string plan = Plan(
      "SELECT minute, accepted, delivered, failed FROM minute_counts WHERE minute >= 5 "
      "ORDER BY minute");

  EXPECT_NE(plan.find("SEARCH minute_counts USING INTEGER PRIMARY KEY (rowid>?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("messages"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace graphpost::outbox
