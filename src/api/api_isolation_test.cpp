// Key isolation (docs/gateway.md, "API keys"): a key sends only through its own connections and
// from their mailboxes, and sees, cancels and retries only its own messages; an admin key sees all.
// Keys never appear in any answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"

namespace graphpost::api {
namespace {

using ::testing::ElementsAre;

TEST_F(ApiTest, AKeyCannotSendThroughAnotherKeysConnection) {
  Reply reply = Post("/v1/messages", Message("fabrikam"), alice_);

  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:forbidden");
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$.connection"));
  EXPECT_TRUE(store_->List({})->messages.empty());
}

TEST_F(ApiTest, AKeyCannotSendFromAMailboxOutsideItsConnections) {
  const std::string through_own = Message("contoso", R"(,"from":"sales@fabrikam.com")");
  const std::string from_only = R"({"from":"ops@northwind.com","to":["x@y.zz"],"text":""})";
  const std::string stranger = R"({"from":"ceo@contoso.com","to":["x@y.zz"],"text":""})";

  EXPECT_EQ(Post("/v1/messages", through_own, alice_).status, 403);
  EXPECT_EQ(Post("/v1/messages", from_only, alice_).status, 403);
  Reply reply = Post("/v1/messages", stranger, alice_);
  EXPECT_EQ(reply.status, 403);
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$.from"));
}

TEST_F(ApiTest, FromAlonePicksTheKeysConnectionForThatMailbox) {
  Reply reply =
      Post("/v1/messages", R"({"from":"Ops@Northwind.com","to":["x@y.zz"],"text":""})", bob_);

  ASSERT_EQ(reply.status, 202) << reply.body;
  auto record = store_->Get(JsonString(reply.json, "id").value_or(""), std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->lane, (outbox::LaneKey{"northwind", "ops@northwind.com"}));
}

TEST_F(ApiTest, AKeyCannotReadAnotherKeysMessageAndCannotTellItExists) {
  const std::string id = SubmitOk("contoso", alice_);

  Reply other = Get("/v1/messages/" + id, bob_);
  Reply missing = Get("/v1/messages/00000000-0000-4000-8000-000000000000", bob_);

  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body, missing.body);
}

TEST_F(ApiTest, AKeyCannotCancelOrRetryAnotherKeysMessage) {
  const std::string id = SubmitOk("contoso", alice_);

  EXPECT_EQ(Post("/v1/messages/" + id + "/cancel", "", bob_).status, 404);
  ASSERT_EQ(Post("/v1/messages/" + id + "/cancel", "", alice_).status, 200);
  EXPECT_EQ(Post("/v1/messages/" + id + "/retry", "", bob_).status, 404);
  EXPECT_EQ(store_->Get(id, std::nullopt)->state, outbox::MessageState::kCancelled);
}

TEST_F(ApiTest, AListShowsOnlyTheKeysOwnMessagesButAllToAnAdmin) {
  SubmitOk("contoso", alice_);
  SubmitOk("fabrikam", bob_);

  Reply alice = Get("/v1/messages", alice_);
  Reply admin = Get("/v1/messages", admin_);

  ASSERT_EQ(alice.status, 200);
  ASSERT_EQ(JsonArray(alice.json, "messages")->size(), 1u);
  EXPECT_EQ(JsonString(JsonArray(alice.json, "messages")->at(0), "connection"), "contoso");
  EXPECT_EQ(JsonArray(admin.json, "messages")->size(), 2u);
}

TEST_F(ApiTest, AnAdminKeyReadsAndCancelsAnyMessageAndSendsThroughAnyConnection) {
  const std::string id = SubmitOk("fabrikam", bob_);

  EXPECT_EQ(Get("/v1/messages/" + id, admin_).status, 200);
  EXPECT_EQ(Post("/v1/messages/" + id + "/cancel", "", admin_).status, 200);
  EXPECT_EQ(Post("/v1/messages", Message("northwind"), admin_).status, 202);
}

TEST_F(ApiTest, KeysNeverAppearInAnyAnswer) {
  const std::string keys[] = {alice_, bob_, admin_};
  std::vector<Reply> replies;
  for (const std::string& key : keys) {
    replies.push_back(Post("/v1/messages", Message(key), alice_));
    replies.push_back(
        Post("/v1/messages", Message("contoso", R"(,"from":")" + key + "\""), alice_));
    replies.push_back(Post(
        "/v1/messages",
        Message("contoso", R"(,"headers":{")" + key + R"(":"v"}, ")" + key + R"(":1)"), alice_));
    replies.push_back(Post("/v1/messages/batch", R"({"messages":[)" + Message(key) + "]}", alice_));
    replies.push_back(Post("/v1/messages", Message("fabrikam"), key + "x"));
    replies.push_back(Get("/v1/messages?sender=" + key + "&" + key + "=1", alice_));
    replies.push_back(Get("/v1/messages/" + key, alice_));
  }

  for (const Reply& reply : replies) {
    EXPECT_GE(reply.status, 400);
    for (const std::string& key : keys) {
      EXPECT_EQ(reply.body.find(key), std::string::npos) << reply.body;
      EXPECT_EQ(reply.body.find(key.substr(4, 20)), std::string::npos) << reply.body;
    }
  }
}

}  // namespace
}  // namespace graphpost::api

namespace graphpost::api {
namespace {

TEST_F(ApiTest, ARevokedKeyStopsWorkingOnceTheKeyCacheTimeHasPassed) {
  ASSERT_EQ(Get("/v1/messages", bob_).status, 200);
  std::promise<Status> revoked;
  store_->RevokeApiKey(key_ids_[bob_], [&](Status s) { revoked.set_value(s); });
  ASSERT_TRUE(revoked.get_future().get());

  clock_.Advance(std::chrono::milliseconds(1001));

  EXPECT_EQ(Get("/v1/messages", bob_).status, 401);
}

}  // namespace
}  // namespace graphpost::api
