// POST /v1/messages/batch: each item accepted or rejected on its own, the accepted ones committed
// together.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"

namespace graphpost::api {
namespace {

using ::testing::ElementsAre;

std::string Batch(const std::vector<std::string>& messages) {
  std::string body = R"({"messages":[)";
  for (std::size_t i = 0; i < messages.size(); ++i) body += (i ? "," : "") + messages[i];
  return body + "]}";
}

// The example of docs/gateway.md, "Submit a batch", answers as the docs show it.
TEST_F(ApiTest, TheDocsBatchExampleAnswersAsDocumented) {
  Reply reply = Post("/v1/messages/batch", R"({"messages":[
    {"connection":"contoso","to":["bob@fabrikam.com"],"text":"one"},
    {"connection":"contoso","to":["not an address"],"text":"two"}]})",
                     alice_);

  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(JsonInt(reply.json, "accepted"), 1);
  const auto& rejected = (*JsonArray(reply.json, "results"))[1];
  EXPECT_EQ(JsonString(rejected, "status"), "rejected");
  const boost::json::value& problem = rejected.as_object().at("problem");
  EXPECT_EQ(JsonString(problem, "detail"), "1 invalid field(s); see errors");
  const boost::json::value& error = JsonArray(problem, "errors")->at(0);
  EXPECT_EQ(JsonString(error, "path"), "$.messages[1].to[0]");
  EXPECT_EQ(JsonString(error, "detail"), "is not a valid e-mail address: it has no '@'");
}

TEST_F(ApiTest, ABatchAcceptsValidItemsAndRejectsTheOthersEachOnItsOwn) {
  const std::string bad_address = R"({"connection":"contoso","to":["bob at fabrikam"],"text":""})";
  const std::string forbidden = Message("fabrikam");

  Reply reply =
      Post("/v1/messages/batch",
           Batch({Message("contoso"), bad_address, forbidden, Message("contoso")}), alice_);

  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(JsonInt(reply.json, "accepted"), 2);
  EXPECT_EQ(JsonInt(reply.json, "rejected"), 2);
  const auto& results = *JsonArray(reply.json, "results");
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(JsonString(results[0], "status"), "queued");
  EXPECT_EQ(JsonString(results[1], "status"), "rejected");
  const auto* problem = JsonObject(results[1], "problem");
  ASSERT_NE(problem, nullptr);
  EXPECT_EQ(JsonInt(*problem, "status"), 400);
  EXPECT_EQ(JsonString(JsonArray(*problem, "errors")->at(0), "path"), "$.messages[1].to[0]");
  EXPECT_EQ(JsonInt(*JsonObject(results[2], "problem"), "status"), 403);
  EXPECT_EQ(JsonString(JsonArray(*JsonObject(results[2], "problem"), "errors")->at(0), "path"),
            "$.messages[2].connection");
  auto page = store_->List({});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->messages.size(), 2u);
  EXPECT_THAT(Notified(), ElementsAre(outbox::LaneKey{"contoso", "alice@contoso.com"}));
}

TEST_F(ApiTest, ABatchWithNoValidMessageIs400WithEveryItemsErrors) {
  Reply reply =
      Post("/v1/messages/batch",
           Batch({R"({"connection":"contoso","to":[],"text":""})", R"({"to":3})"}), alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(ErrorPaths(reply), ::testing::Contains("$.messages[1].to"));
  EXPECT_THAT(ErrorPaths(reply), ::testing::Contains("$.messages[0]"));
}

TEST_F(ApiTest, ABatchOfOnlyForbiddenMessagesIs403) {
  Reply reply = Post("/v1/messages/batch", Batch({Message("fabrikam")}), alice_);

  EXPECT_EQ(reply.status, 403);
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$.messages[0].connection"));
}

TEST_F(ApiTest, ABatchMustHoldOneToAThousandMessages) {
  MakeApi({.max_batch_messages = 3});

  Reply empty = Post("/v1/messages/batch", Batch({}), alice_);
  Reply four =
      Post("/v1/messages/batch", Batch(std::vector<std::string>(4, Message("contoso"))), alice_);
  Reply not_a_batch = Post("/v1/messages/batch", Message("contoso"), alice_);

  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(four.status, 400);
  EXPECT_THAT(ErrorPaths(four), ElementsAre("$.messages"));
  EXPECT_EQ(not_a_batch.status, 400);
}

TEST_F(ApiTest, AThousandMessageBatchIsCommittedInOneSubmit) {
  Reply reply =
      Post("/v1/messages/batch", Batch(std::vector<std::string>(1000, Message("contoso"))), alice_);

  ASSERT_EQ(reply.status, 202);
  EXPECT_EQ(JsonInt(reply.json, "accepted"), 1000);
  auto page = store_->List({.limit = 1000});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->messages.size(), 1000u);
}

TEST_F(ApiTest, ABatchIsReplayedForItsIdempotencyKey) {
  const std::vector<http::Header> idem = {{"Idempotency-Key", "batch-7"}};
  const std::string body = Batch({Message("contoso"), Message("contoso")});

  Reply first = Post("/v1/messages/batch", body, alice_, idem);
  Reply again = Post("/v1/messages/batch", body, alice_, idem);

  EXPECT_EQ(first.status, 202);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(store_->List({})->messages.size(), 2u);
}

}  // namespace
}  // namespace graphpost::api
