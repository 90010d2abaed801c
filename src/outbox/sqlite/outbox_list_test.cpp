// SqliteOutboxStore: listing with filters and keyset cursors, and API-key scoping.
#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

using test::kLane;
using test::Outcome;

class OutboxListTest : public test::OutboxFixture {
 protected:
  // Every id the filter lists, page by page (`limit` per page).
  std::vector<std::string> ListAll(ListFilter filter, int limit, int* pages = nullptr) {
    std::vector<std::string> ids;
    filter.limit = limit;
    for (int page = 1;; ++page) {
      auto listed = store_->List(filter);
      if (!listed) return {"error: " + listed.error().message};
      for (const auto& m : listed->messages) ids.push_back(m.id);
      if (pages != nullptr) *pages = page;
      if (listed->next_cursor.empty() || page > 100) return ids;
      filter.cursor = listed->next_cursor;
    }
  }
};

TEST_F(OutboxListTest, ListsNewestFirstAcrossCursorPages) {
  SubmitEach({"m1", "m2", "m3", "m4", "m5"});
  int pages = 0;

  auto ids = ListAll({}, 2, &pages);

  EXPECT_EQ(ids, (std::vector<std::string>{"m5", "m4", "m3", "m2", "m1"}));
  EXPECT_EQ(pages, 3);
}

TEST_F(OutboxListTest, MessagesCreatedAtTheSameInstantArePagedWithoutLossOrRepeat) {
  SubmitEach({"m1", "m2", "m3", "m4"}, kLane, "k_one", 0s);

  auto ids = ListAll({}, 3);

  EXPECT_EQ(ids, (std::vector<std::string>{"m4", "m3", "m2", "m1"}));
}

TEST_F(OutboxListTest, NewMessagesDoNotShiftLaterPages) {
  SubmitEach({"m1", "m2", "m3"});
  auto first = store_->List(ListFilter{.limit = 2});
  SubmitEach({"m4"});

  auto second = store_->List(ListFilter{.cursor = first->next_cursor, .limit = 2});

  ASSERT_TRUE(second);
  ASSERT_EQ(second->messages.size(), 1u);
  EXPECT_EQ(second->messages[0].id, "m1");
  EXPECT_TRUE(second->next_cursor.empty());
}

TEST_F(OutboxListTest, FiltersByStateConnectionSenderAndKey) {
  SubmitEach({"a1", "a2"});
  SubmitEach({"b1"}, LaneKey{"contoso", "b@contoso.com"});
  SubmitEach({"f1"}, LaneKey{"fabrikam", "a@contoso.com"}, "k_two");
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);  // a1 sending

  EXPECT_EQ(ListAll({.state = MessageState::kSending}, 10), std::vector<std::string>{"a1"});
  EXPECT_EQ(ListAll({.connection = "fabrikam"}, 10), std::vector<std::string>{"f1"});
  EXPECT_EQ(ListAll({.sender = "b@contoso.com"}, 10), std::vector<std::string>{"b1"});
  EXPECT_EQ(ListAll({.api_key_id = "k_one", .state = MessageState::kQueued}, 1),
            (std::vector<std::string>{"b1", "a2"}));
  EXPECT_EQ(ListAll({.api_key_id = "k_two"}, 10), std::vector<std::string>{"f1"});
}

TEST_F(OutboxListTest, FiltersByCreationTime) {
  TimePoint t0 = Now();
  SubmitEach({"m1", "m2", "m3", "m4"});  // created t0, t0+1s, t0+2s, t0+3s

  auto ids = ListAll({.created_after = t0 + 1s, .created_before = t0 + 3s}, 1);

  EXPECT_EQ(ids, (std::vector<std::string>{"m3", "m2"}));
}

TEST_F(OutboxListTest, ListedMessagesCarryNoPayload) {
  SubmitEach({"m1"});

  auto listed = store_->List({});

  ASSERT_EQ(listed->messages.size(), 1u);
  EXPECT_EQ(listed->messages[0].payload, "");
  EXPECT_EQ(listed->messages[0].lane, kLane);
}

TEST_F(OutboxListTest, ForeignCursorsAndBadLimitsAreInvalidArguments) {
  EXPECT_EQ(store_->List({.cursor = "abc"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->List({.cursor = "1.x"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->List({.limit = 0}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->List({.limit = 1001}).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(OutboxListTest, AKeyNeverSeesNorChangesAnotherKeysMessages) {
  SubmitEach({"mine"}, kLane, "k_one");
  SubmitEach({"theirs"}, kLane, "k_two");
  ASSERT_EQ(Claim(kLane, 1, Now())->size(), 1u);
  ASSERT_TRUE(Finish({Outcome("mine", MessageState::kFailed, Now())}));

  EXPECT_EQ(store_->Get("theirs", "k_one").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ListAll({.api_key_id = "k_one"}, 10), std::vector<std::string>{"mine"});
  EXPECT_EQ(Cancel("theirs", "k_one").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Retry("mine", "k_two").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf("theirs"), MessageState::kQueued);
  EXPECT_EQ(StateOf("mine"), MessageState::kFailed);
  EXPECT_TRUE(store_->Get("mine", "k_one"));
  EXPECT_TRUE(Cancel("theirs", "k_two"));
}

}  // namespace
}  // namespace graphpost::outbox
