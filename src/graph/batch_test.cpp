// The $batch codec: golden request bodies, the refusals, and answers read back and classified.
#include "graph/batch.hpp"

#include <gtest/gtest.h>

#include "graph/graph_errors.hpp"

namespace graphpost::graph {
namespace {

BatchRequest SendMail(std::string id, std::string body = R"({"message":{"subject":"s"}})") {
  BatchRequest r{.id = std::move(id), .method = "POST", .url = "/users/a%40x.com/sendMail"};
  r.headers.Set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

TEST(BatchCodecTest, BuildsGraphsBatchShapeWithJsonBodiesEmbedded) {
  BatchRequest get{.id = "2", .method = "GET", .url = "/users/a%40x.com", .depends_on = {"1"}};

  auto body = BuildBatchBody({SendMail("1"), get});

  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(*body,
            R"({"requests":[{"id":"1","method":"POST","url":"/users/a%40x.com/sendMail",)"
            R"("headers":{"Content-Type":"application/json"},"body":{"message":{"subject":"s"}}},)"
            R"({"id":"2","method":"GET","url":"/users/a%40x.com","dependsOn":["1"]}]})");
}

TEST(BatchCodecTest, SendsANonJsonBodyAsAStringAsItIs) {
  BatchRequest mime{.id = "m", .method = "POST", .url = "/users/a%40x.com/sendMail"};
  mime.headers.Set("Content-Type", "text/plain");
  mime.body = "RnJvbTogYQ==";

  auto body = BuildBatchBody({mime});

  ASSERT_TRUE(body);
  EXPECT_NE(body->find(R"("body":"RnJvbTogYQ==")"), std::string::npos);
}

TEST(BatchCodecTest, RefusesWhatGraphWouldRefuse) {
  std::vector<BatchRequest> too_many;
  for (int i = 0; i < 21; ++i) too_many.push_back(SendMail(std::to_string(i)));
  BatchRequest no_type{.id = "1", .method = "POST", .url = "/x", .body = "{}"};
  BatchRequest absolute{.id = "1", .method = "GET", .url = "https://graph.microsoft.com/v1.0/x"};
  BatchRequest unknown_dep{.id = "1", .method = "GET", .url = "/x", .depends_on = {"9"}};

  EXPECT_FALSE(BuildBatchBody({}));
  EXPECT_FALSE(BuildBatchBody(too_many));
  EXPECT_FALSE(BuildBatchBody({SendMail("a"), SendMail("A")}));
  EXPECT_FALSE(BuildBatchBody({no_type}));
  EXPECT_FALSE(BuildBatchBody({absolute}));
  EXPECT_FALSE(BuildBatchBody({unknown_dep}));
  EXPECT_FALSE(BuildBatchBody({SendMail("1", "{not json")}));
  EXPECT_EQ(BuildBatchBody({}).error().code, ErrorCode::kInvalidArgument);
}

TEST(BatchCodecTest, ReadsEachAnswerSoItClassifiesLikeADirectOne) {
  auto answers = ParseBatchAnswer(
      R"({"responses":[{"id":"2","status":429,"headers":{"Retry-After":"7",)"
      R"("Content-Type":"application/json"},"body":{"error":{"code":"ApplicationThrottled",)"
      R"("message":"Application is over its MailboxConcurrency limit."}}},)"
      R"({"id":"1","status":202,"headers":{"request-id":"r1"}}]})");

  ASSERT_TRUE(answers) << answers.error().message;
  ASSERT_EQ(answers->size(), 2u);
  const BatchAnswer* throttled = FindAnswer(*answers, "2");
  ASSERT_NE(throttled, nullptr);
  Error e = ClassifyGraphResponse(throttled->response, "sendMail");
  EXPECT_EQ(e.code, ErrorCode::kThrottled);
  EXPECT_EQ(e.retry_after, std::chrono::seconds{7});
  EXPECT_EQ(FindAnswer(*answers, "1")->response.status, 202);
  EXPECT_EQ(FindAnswer(*answers, "1")->response.body, "");
  EXPECT_EQ(FindAnswer(*answers, "3"), nullptr);
}

TEST(BatchCodecTest, AMalformedAnswerIsAnInternalError) {
  EXPECT_EQ(ParseBatchAnswer("{}").error().code, ErrorCode::kInternal);
  EXPECT_EQ(ParseBatchAnswer(R"({"responses":[{"id":1,"status":200}]})").error().code,
            ErrorCode::kInternal);
  EXPECT_EQ(ParseBatchAnswer("<html>").error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace graphpost::graph
