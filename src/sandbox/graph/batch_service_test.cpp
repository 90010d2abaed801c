// BatchService: POST /v1.0/$batch over a real GraphService (graph_test_support.hpp).
#include "sandbox/graph/batch_service.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using namespace std::chrono_literals;
using testing::GraphFixture;

class BatchServiceTest : public GraphFixture {
 protected:
  BatchServiceTest()
      : batch_(
            world_.signing_key,
            [this](const http::Request& r) {
              ++inner_calls_;
              return *service_->Handle(r);
            },
            clock_, random_) {}

  // The batch's answer; its on_complete (the held slot releases) is left to the caller.
  http::Response Batch(std::string body, std::string method = "POST") {
    auto response = batch_.Handle(Request(std::move(method), "/v1.0/$batch", std::move(body)));
    EXPECT_TRUE(response.has_value());
    return response ? std::move(*response) : http::Response{};
  }

  http::Response BatchAndComplete(std::string body) {
    http::Response r = Batch(std::move(body));
    if (r.on_complete) r.on_complete();
    return r;
  }

  static std::string SendItem(std::string id, std::string user, std::string to,
                              std::string extra = {}) {
    return R"({"id":")" + id + R"(","method":"POST","url":"/users/)" + user +
           R"(/sendMail","headers":{"Content-Type":"application/json"},"body":)" +
           SendBody("s" + id, {to}) + extra + "}";
  }
  static std::string GetItem(std::string id, std::string url, std::string extra = {}) {
    return R"({"id":")" + id + R"(","method":"GET","url":")" + url + "\"" + extra + "}";
  }
  static std::string Requests(const std::vector<std::string>& items) {
    std::string out = R"({"requests":[)";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]}";
  }
  // The answer of request `id`.
  static boost::json::object Answer(const http::Response& r, std::string_view id) {
    boost::json::value body = Body(r);
    for (const auto& a : body.at("responses").as_array()) {
      if (a.at("id").as_string() == id) return a.as_object();
    }
    ADD_FAILURE() << "no answer for " << id;
    return {};
  }
  static boost::json::array Responses(const http::Response& r) {
    return Body(r).at("responses").as_array();
  }
  static std::vector<std::string> AnswerOrder(const http::Response& r) {
    std::vector<std::string> ids;
    boost::json::value body = Body(r);
    for (const auto& a : body.at("responses").as_array()) ids.emplace_back(a.at("id").as_string());
    return ids;
  }
  void AddLatency(std::chrono::milliseconds latency, std::string mailbox = {}) {
    world_.faults.push_back(
        {.tenant_id = {}, .mailbox_id = std::move(mailbox), .latency = latency});
  }

  BatchService batch_;
  int inner_calls_ = 0;
};

TEST_F(BatchServiceTest, SendsEachRequestThroughTheGraphPipeline) {
  http::Response r =
      BatchAndComplete(Requests({SendItem("1", "adele@contoso.com", "alex@contoso.com"),
                                 SendItem("2", "alex@contoso.com", "adele@contoso.com")}));

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Answer(r, "1").at("status"), 202);
  EXPECT_EQ(Answer(r, "2").at("status"), 202);
  EXPECT_FALSE(Answer(r, "1").contains("body"));
  EXPECT_TRUE(Answer(r, "1").at("headers").as_object().contains("request-id"));
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 1u);
  EXPECT_EQ(Folder("adele@contoso.com", "inbox").size(), 1u);
}

TEST_F(BatchServiceTest, AnswersJsonBodiesAsJsonAndOthersAsBase64) {
  Send("adele@contoso.com", SendBody("hello", {"alex@contoso.com"}));
  std::string id(Folder("alex@contoso.com", "inbox").at(0).at("id").as_string());

  http::Response r = BatchAndComplete(
      Requests({GetItem("json", "users/alex@contoso.com/messages/" + id),
                GetItem("mime", "/users/alex@contoso.com/messages/" + id + "/$value")}));

  EXPECT_EQ(Answer(r, "json").at("body").at("subject"), "hello");
  ASSERT_TRUE(Answer(r, "mime").at("body").is_string());
  auto mime = Base64Decode(Answer(r, "mime").at("body").as_string());
  ASSERT_TRUE(mime.has_value());
  EXPECT_NE(mime->find("Subject: hello"), std::string::npos);
}

TEST_F(BatchServiceTest, RefusesMoreThanTwentyRequestsWithGraphsError) {
  std::vector<std::string> items;
  for (int i = 0; i < 21; ++i)
    items.push_back(GetItem(std::to_string(i), "/users/adele@contoso.com"));

  http::Response r = Batch(Requests(items));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "BadRequest");
  EXPECT_EQ(ErrorMessageOf(r), "Number of requests inside batch exceeds the limit.");
  EXPECT_EQ(inner_calls_, 0);
}

TEST_F(BatchServiceTest, RefusesMalformedBatchesBeforeRunningAnything) {
  for (std::string body :
       {std::string("not json"), std::string(R"({"requests":{}})"),
        Requests(
            {GetItem("a", "/users/adele@contoso.com"), GetItem("A", "/users/alex@contoso.com")}),
        Requests(
            {R"({"id":"1","method":"POST","url":"/users/adele@contoso.com/sendMail","body":{}})"}),
        Requests({GetItem("1", "/users/adele@contoso.com", R"(,"dependsOn":["9"])")}),
        Requests({GetItem("1", "/users/adele@contoso.com", R"(,"dependsOn":["2"])"),
                  GetItem("2", "/users/adele@contoso.com", R"(,"dependsOn":["1"])")}),
        Requests({R"({"id":"1","url":"/users/adele@contoso.com"})"})}) {
    http::Response r = Batch(body);

    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(ErrorCodeOf(r), "BadRequest") << body;
  }
  EXPECT_EQ(inner_calls_, 0);
}

TEST_F(BatchServiceTest, RefusesABatchWithoutAValidToken) {
  auto r =
      batch_.Handle(Request("POST", "/v1.0/$batch", Requests({}), "application/json", "x.y.z"));

  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorCodeOf(*r), "InvalidAuthenticationToken");
}

TEST_F(BatchServiceTest, AnswersOtherMethodsWith405AndIgnoresOtherPaths) {
  EXPECT_EQ(Batch("", "GET").status, 405);
  EXPECT_FALSE(batch_.Handle(Request("POST", "/v1.0/users/adele@contoso.com/sendMail")));
}

TEST_F(BatchServiceTest, FailsEveryDependentOfAFailedRequestWith424) {
  http::Response r = BatchAndComplete(
      Requests({GetItem("1", "/users/nobody@contoso.com/messages"),
                SendItem("2", "adele@contoso.com", "alex@contoso.com", R"(,"dependsOn":["1"])"),
                SendItem("3", "adele@contoso.com", "alex@contoso.com", R"(,"dependsOn":["2"])")}));

  EXPECT_EQ(Answer(r, "1").at("status"), 404);
  EXPECT_EQ(Answer(r, "2").at("status"), 424);
  EXPECT_EQ(Answer(r, "3").at("status"), 424);
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 0u);
  EXPECT_EQ(inner_calls_, 1);
}

TEST_F(BatchServiceTest, RunsAtMostFourRequestsAtATimeWhateverTheirMailboxes) {
  AddLatency(100ms);
  std::vector<std::string> users{"adele", "alex", "shared"};
  std::vector<std::string> items;
  for (int i = 0; i < 9; ++i) {
    items.push_back(GetItem(std::to_string(i), "/users/" + users[i % 3] + "@contoso.com/messages"));
  }

  http::Response r = BatchAndComplete(Requests(items));

  EXPECT_EQ(r.delay, 300ms);  // 4 + 4 + 1
  for (const auto& a : Responses(r)) EXPECT_EQ(a.at("status"), 200);
}

TEST_F(BatchServiceTest, RunsADependsOnChainOneRequestAfterAnother) {
  AddLatency(100ms);

  http::Response r = BatchAndComplete(
      Requests({GetItem("1", "/users/adele@contoso.com/messages"),
                GetItem("2", "/users/adele@contoso.com/messages", R"(,"dependsOn":["1"])"),
                GetItem("3", "/users/adele@contoso.com/messages", R"(,"dependsOn":["2"])")}));

  EXPECT_EQ(r.delay, 300ms);
  EXPECT_EQ(AnswerOrder(r), (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(BatchServiceTest, ListsAnswersInTheOrderTheRequestsFinished) {
  AddLatency(200ms, "id-adele");

  http::Response r =
      BatchAndComplete(Requests({GetItem("slow", "/users/adele@contoso.com/messages"),
                                 GetItem("fast", "/users/alex@contoso.com/messages")}));

  EXPECT_EQ(AnswerOrder(r), (std::vector<std::string>{"fast", "slow"}));
  EXPECT_EQ(r.delay, 200ms);
}

TEST_F(BatchServiceTest, CountsEachRequestAgainstTheMailboxRateLimit) {
  world_.settings.limits.requests_per_window = 3;
  service_->ApplySettings();
  std::vector<std::string> items;
  for (int i = 0; i < 5; ++i)
    items.push_back(GetItem(std::to_string(i), "/users/adele@contoso.com/messages"));

  http::Response r = BatchAndComplete(Requests(items));

  int ok = 0, throttled = 0;
  for (const auto& a : Responses(r)) {
    if (a.at("status") == 200) ++ok;
    if (a.at("status") == 429) {
      ++throttled;
      EXPECT_TRUE(a.at("headers").as_object().contains("Retry-After"));
      EXPECT_EQ(a.at("body").at("error").at("code"), "ApplicationThrottled");
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(throttled, 2);
}

TEST_F(BatchServiceTest, HoldsItsLastMailboxSlotsUntilItsAnswerIsWritten) {
  AddLatency(100ms);
  std::vector<std::string> items;
  for (int i = 0; i < 8; ++i)
    items.push_back(SendItem(std::to_string(i), "adele@contoso.com", "alex@contoso.com"));

  http::Response r = Batch(Requests(items));
  http::Response direct_during = Send("adele@contoso.com", SendBody("d", {"alex@contoso.com"}));
  r.on_complete();
  http::Response direct_after = Send("adele@contoso.com", SendBody("d", {"alex@contoso.com"}));

  for (const auto& a : Responses(r)) EXPECT_EQ(a.at("status"), 202);
  EXPECT_EQ(direct_during.status, 429);  // four of the batch's requests still hold the slots
  EXPECT_EQ(direct_after.status, 202);
}

TEST_F(BatchServiceTest, AppliesFaultsToEachRequestOnItsOwn) {
  world_.faults.push_back({.tenant_id = {},
                           .mailbox_id = "id-adele",
                           .error_rate = 1,
                           .error_status = 503,
                           .remaining_requests = 1});

  http::Response r = BatchAndComplete(
      Requests({SendItem("1", "adele@contoso.com", "alex@contoso.com"),
                SendItem("2", "adele@contoso.com", "alex@contoso.com", R"(,"dependsOn":["1"])"),
                SendItem("3", "alex@contoso.com", "adele@contoso.com")}));

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Answer(r, "1").at("status"), 503);
  EXPECT_EQ(Answer(r, "2").at("status"), 424);
  EXPECT_EQ(Answer(r, "3").at("status"), 202);
}

TEST_F(BatchServiceTest, ADroppedConnectionForOneRequestDropsTheBatchAfterTheOthersRan) {
  world_.faults.push_back({.tenant_id = {}, .mailbox_id = "id-adele", .drop_rate = 1});

  http::Response r =
      BatchAndComplete(Requests({SendItem("1", "adele@contoso.com", "alex@contoso.com"),
                                 SendItem("2", "alex@contoso.com", "adele@contoso.com")}));

  EXPECT_TRUE(r.drop_connection);
  EXPECT_EQ(Folder("adele@contoso.com", "inbox").size(), 1u);  // request 2 ran
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").size(), 0u);
}

TEST_F(BatchServiceTest, RefusesABatchInsideABatch) {
  http::Response r = BatchAndComplete(Requests({GetItem("1", "/$batch")}));

  EXPECT_EQ(Answer(r, "1").at("status"), 400);
  EXPECT_EQ(inner_calls_, 0);
}

TEST_F(BatchServiceTest, PassesAStringBodyOnAsItIsForMimeSends) {
  std::string mime =
      "From: adele@contoso.com\r\nTo: alex@contoso.com\r\nSubject: by mime\r\nX-Graphpost-Id: "
      "m1\r\n"
      "Content-Type: text/plain\r\n\r\nhi\r\n";
  std::string item = R"({"id":"1","method":"POST","url":"/users/adele@contoso.com/sendMail",)"
                     R"("headers":{"Content-Type":"text/plain"},"body":")" +
                     Base64Encode(mime) + "\"}";

  http::Response r = BatchAndComplete(Requests({item}));

  EXPECT_EQ(Answer(r, "1").at("status"), 202) << r.body;
  EXPECT_EQ(Folder("alex@contoso.com", "inbox").at(0).at("subject"), "by mime");
}

}  // namespace
}  // namespace graphpost::sandbox::graph
