// JSON batching end to end: the client's $batch codec (src/graph/batch) against the sandbox's
// POST /v1.0/$batch over real HTTPS; each request of a batch in the request log; throttled
// requests classified like direct ones; deliveries counted by X-Graphpost-Id through the CLI.
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "graph/batch.hpp"
#include "graph/graph_errors.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

constexpr char kSender[] = "references@company.com";
constexpr char kRecipient[] = "pat@company.com";

graph::BatchRequest SendMail(std::string id) {
  graph::BatchRequest r{
      .id = id, .method = "POST", .url = std::string("/users/") + kSender + "/sendMail"};
  r.headers.Set("Content-Type", "application/json");
  r.body = R"({"message":{"subject":"batch )" + id +
           R"(","body":{"contentType":"Text","content":"hi"},"toRecipients":[{"emailAddress":)"
           R"({"address":")" +
           std::string(kRecipient) +
           R"("}}],"internetMessageHeaders":[{"name":"X-Graphpost-Id","value":"id-)" + id +
           "\"}]}}";
  return r;
}

class BatchE2eTest : public ::testing::Test {
 protected:
  // POST /v1.0/$batch with the guide app's token; the parsed answers.
  std::vector<graph::BatchAnswer> PostBatch(const std::vector<graph::BatchRequest>& requests) {
    auto body = graph::BuildBatchBody(requests);
    EXPECT_TRUE(body) << body.error().message;
    http::ClientResponse r = f_.Graph("POST", "/$batch", token_, body.value_or(""));
    EXPECT_EQ(r.status, 200) << r.body;
    auto answers = graph::ParseBatchAnswer(r.body);
    EXPECT_TRUE(answers) << r.body;
    return answers.value_or(std::vector<graph::BatchAnswer>{});
  }
  json::value Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"sandbox", "--json"});
    CliResult r = f_.Cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseJson(r.out).value_or(nullptr);
  }

  SandboxFixture f_;
  std::string token_ = f_.GuideAccessToken();
};

TEST_F(BatchE2eTest, TheClientsBatchIsRunRequestByRequestAndCountedPerId) {
  std::vector<graph::BatchRequest> requests;
  for (int i = 0; i < 3; ++i) requests.push_back(SendMail(std::to_string(i)));

  auto answers = PostBatch(requests);

  ASSERT_EQ(answers.size(), 3u);
  for (const auto& r : requests) {
    const graph::BatchAnswer* a = graph::FindAnswer(answers, r.id);
    ASSERT_NE(a, nullptr) << r.id;
    EXPECT_EQ(a->response.status, 202);
  }
  json::value counts = Cli({"deliveries"});
  EXPECT_EQ(ToJson(counts.at("counts").at("id-1")), "[1,1,0]");
  int logged_sends = 0;
  json::value log = Cli({"requests"});
  for (const auto& e : log.at("requests").as_array()) {
    logged_sends += JsonString(e, "path").value_or("").ends_with("/sendMail") ? 1 : 0;
  }
  EXPECT_EQ(logged_sends, 3);
}

TEST_F(BatchE2eTest, AThrottledRequestInsideTheBatchClassifiesAsThrottledWithItsRetryAfter) {
  CliResult fault =
      f_.Cli({"sandbox", "faults", "add", R"({"errorRate":1,"errorStatus":429,"requests":1})"});
  ASSERT_EQ(fault.exit_code, 0) << fault.err;

  auto answers = PostBatch({SendMail("a"), SendMail("b")});

  int throttled = 0;
  for (const auto& a : answers) {
    if (a.response.status != 429) continue;
    ++throttled;
    Error e = graph::ClassifyGraphResponse(a.response, "sendMail");
    EXPECT_EQ(e.code, ErrorCode::kThrottled);
    EXPECT_TRUE(e.retry_after.has_value());
  }
  EXPECT_EQ(throttled, 1);
}

TEST_F(BatchE2eTest, MoreThanTwentyRequestsAreRefusedWhole) {
  std::string body = R"({"requests":[)";
  for (int i = 0; i < 21; ++i) {
    body += std::string(i ? "," : "") + R"({"id":")" + std::to_string(i) +
            R"(","method":"GET","url":"/users/)" + kSender + "\"}";
  }
  body += "]}";

  http::ClientResponse r = f_.Graph("POST", "/$batch", token_, body);

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(graph::ClassifyGraphResponse(r, "$batch").code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace graphpost::testing
