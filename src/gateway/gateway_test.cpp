// The composition root over real parts (SQLite outbox and connection store in a temporary data
// directory, the HTTP server on port 0, the REST API) with a stand-in delivery engine.
#include "gateway/gateway.hpp"

#include <sys/stat.h>

#include "gateway/gateway_test_fixture.hpp"
#include "http/raw_test_client.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;

TEST_F(GatewayTest, AcceptedMessageIsQueuedAndTheEngineNotifiedOfItsLane) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const std::string key = MakeKey(**gw);

  auto sent = Call(**gw, "POST", "/v1/messages", key,
                   R"({"connection":"contoso","to":["b@example.com"],"subject":"hi","text":"x"})");

  ASSERT_EQ(sent.status, 202) << sent.body;
  std::unique_lock lock(mu_);
  ASSERT_TRUE(cv_.wait_for(lock, 10s, [&] { return !engine_.notified.empty(); }));
  EXPECT_EQ(engine_.notified[0].connection, "contoso");
  EXPECT_TRUE(engine_.started);
}

TEST_F(GatewayTest, TheEngineLogsToTheGatewaysLogger) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  EXPECT_EQ(engine_log_, &log_);
}

TEST_F(GatewayTest, ProbesAndMetricsAnswer) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const std::string key = MakeKey(**gw);
  ASSERT_EQ(Call(**gw, "POST", "/v1/messages", key,
                 R"({"connection":"contoso","to":["b@example.com"],"subject":"s","text":"x"})")
                .status,
            202);

  EXPECT_EQ(Call(**gw, "GET", "/healthz").status, 200);
  EXPECT_EQ(Call(**gw, "GET", "/readyz").status, 200);
  auto metrics = Call(**gw, "GET", "/metrics");

  EXPECT_NE(metrics.body.find("graphpost_outbox_messages{state=\"queued\"} 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("graphpost_token_requests_total 2"), std::string::npos);
  EXPECT_EQ(metrics.body.find(key), std::string::npos);
  EXPECT_EQ(metrics.body.find(OperatorKey()), std::string::npos);
}

TEST_F(GatewayTest, MalformedHttpRequestGetsAProblemFromTheServerItself) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  http::testing::RawClient client((*gw)->endpoint().port);
  ASSERT_TRUE(client.Send("POST /v1/messages HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n"));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_NE(reply.find("Content-Type: application/problem+json"), std::string::npos) << reply;
  const auto body = ParseJson(reply.substr(reply.find("\r\n\r\n") + 4));
  ASSERT_TRUE(body) << reply;
  EXPECT_EQ(JsonString(*body, "type"), "urn:graphpost:problem:bad-request");
}

TEST_F(GatewayTest, TheServersOwnAnswersUnderUiAreConsolePagesWithItsSecurityHeaders) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  auto ask = [&](const std::string& request) {
    http::testing::RawClient client((*gw)->endpoint().port);
    EXPECT_TRUE(client.Send(request));
    return client.ReadUntilClosed();
  };

  const std::string bad = ask("POST /ui/login HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n");
  const std::string big_head = ask(
      "GET /ui/overview HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(70 * 1024, 'x') + "\r\n\r\n");
  const std::string home = ask("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

  for (const std::string* reply : {&bad, &big_head, &home}) {
    EXPECT_NE(reply->find("Content-Security-Policy: default-src 'none'"), std::string::npos)
        << *reply;
    EXPECT_NE(reply->find("X-Frame-Options: DENY"), std::string::npos) << *reply;
  }
  EXPECT_TRUE(bad.starts_with("HTTP/1.1 400")) << bad;
  EXPECT_NE(bad.find("Content-Type: text/html"), std::string::npos) << bad;
  EXPECT_TRUE(big_head.starts_with("HTTP/1.1 431")) << big_head.substr(0, 200);
  EXPECT_NE(big_head.find("Content-Type: text/html"), std::string::npos);
  EXPECT_TRUE(home.starts_with("HTTP/1.1 303")) << home;
}

TEST(ProtocolProblemBodyTest, EachStatusIsAProblemWithItsType) {
  for (auto [status, type] : std::vector<std::pair<int, std::string>>{{400, "bad-request"},
                                                                      {408, "request-timeout"},
                                                                      {413, "payload-too-large"},
                                                                      {431, "headers-too-large"},
                                                                      {503, "unavailable"},
                                                                      {500, "internal"}}) {
    http::ErrorBody error = ProtocolProblemBody(status);
    auto body = ParseJson(error.body);

    EXPECT_EQ(error.content_type, "application/problem+json");
    ASSERT_TRUE(body) << error.body;
    EXPECT_EQ(JsonString(*body, "type"), "urn:graphpost:problem:" + type);
    EXPECT_EQ(body->as_object().at("status").to_number<int>(), status) << error.body;
  }
}

TEST_F(GatewayTest, WritesEndpointAndOwnerOnlyOperatorKeyAndKeepsTheKeyOverRestarts) {
  std::string first_key;
  {
    auto gw = StartGateway();
    ASSERT_TRUE(gw) << gw.error().message;
    auto endpoint = ParseJson(*ReadFileText(EndpointFile(dir_.path())));
    ASSERT_TRUE(endpoint);
    EXPECT_EQ(JsonString(*endpoint, "baseUrl"), (*gw)->endpoint().base_url);
    const auto* lanes = JsonObject(*endpoint, "lanes");  // the pacing `send --bulk` shows
    ASSERT_NE(lanes, nullptr);
    EXPECT_EQ(JsonInt(*lanes, "messagesPerMinute"), 30);
    struct stat st {};
    ASSERT_EQ(::stat(OperatorKeyFile(dir_.path()).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    first_key = OperatorKey();
  }
  EXPECT_FALSE(std::filesystem::exists(EndpointFile(dir_.path())));

  auto again = StartGateway();

  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(OperatorKey(), first_key);
  EXPECT_FALSE(log_.Contains(first_key));
}

TEST_F(GatewayTest, ShutdownTurnsNotReadyStopsTheEngineWithTheDeadlineAndKeepsQueuedMessages) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const std::string key = MakeKey(**gw);
  auto sent = Call(**gw, "POST", "/v1/messages", key,
                   R"({"connection":"contoso","to":["b@example.com"],"subject":"s","text":"x"})");
  const std::string id = JsonString(*ParseJson(sent.body), "id").value_or("");

  (*gw)->Shutdown();
  gw->reset();

  {
    std::lock_guard lock(mu_);
    EXPECT_EQ(engine_.stopped_with, 7s);
  }
  auto again = StartGateway();
  ASSERT_TRUE(again);
  auto got = Call(**again, "GET", "/v1/messages/" + id, key);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(JsonString(*ParseJson(got.body), "status"), "queued");
}

TEST_F(GatewayTest, ServesHttpsWithTheGivenCertificate) {
  const std::string testdata = std::string(GRAPHPOST_SOURCE_DIR) + "/testing/testdata/";
  const auto key_file = dir_.path() / "tls_key.pem";
  ASSERT_TRUE(
      WriteFileAtomic(key_file, *ReadFileText(testdata + "tls_server_key.pem"), kOwnerOnly));
  auto gw = StartGateway(0, testdata + "tls_server.pem", key_file);
  ASSERT_TRUE(gw) << gw.error().message;
  http::CurlTransport https(http::CurlOptions{.ca_file = testdata + "tls_ca.pem"});

  auto ready = https.Send({.method = "GET", .url = (*gw)->endpoint().base_url + "/readyz"});

  EXPECT_TRUE((*gw)->endpoint().base_url.starts_with("https://"));
  ASSERT_TRUE(ready) << ready.error().message;
  EXPECT_EQ(ready->status, 200);
  EXPECT_NE(ReadFileText(EndpointFile(dir_.path()))->find("\"caPath\""), std::string::npos);
}

TEST_F(GatewayTest, TlsKeyReadableByOthersIsRefused) {
  const std::string testdata = std::string(GRAPHPOST_SOURCE_DIR) + "/testing/testdata/";
  const auto key_file = dir_.path() / "tls_key.pem";
  ASSERT_TRUE(
      WriteFileAtomic(key_file, *ReadFileText(testdata + "tls_server_key.pem"), kWorldReadable));

  auto gw = StartGateway(0, testdata + "tls_server.pem", key_file);

  ASSERT_FALSE(gw);
  EXPECT_NE(gw.error().message.find("chmod 600"), std::string::npos) << gw.error().message;
}

// Issue #7, "Done when" 4: with the outbox at its size limit the API answers 503 (problem, with
// Retry-After) and stores nothing of that request; every 202 is stored; once there is room again
// (here: a larger limit at the next start) submissions are accepted again.
TEST_F(GatewayTest, FullOutboxAnswers503StoresOnlyWhatItAcceptedAndRecovers) {
  std::vector<std::string> accepted;
  std::string key;
  {
    auto gw = StartGateway(1 << 20);
    ASSERT_TRUE(gw) << gw.error().message;
    key = MakeKey(**gw);
    const std::string text(4000, 'x');
    http::ClientResponse refused;
    for (int i = 0; i < 2000 && refused.status == 0; ++i) {
      auto sent = Call(**gw, "POST", "/v1/messages", key,
                       R"({"connection":"contoso","to":["b@example.com"],"subject":"n)" +
                           std::to_string(i) + R"(","text":")" + text + R"("})");
      if (sent.status == 202) {
        accepted.push_back(JsonString(*ParseJson(sent.body), "id").value_or(""));
      } else {
        refused = sent;
      }
    }
    ASSERT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.headers.Get("Content-Type"), "application/problem+json");
    EXPECT_TRUE(refused.headers.Get("Retry-After"));
    ASSERT_FALSE(accepted.empty());
    auto metrics = Call(**gw, "GET", "/metrics");
    EXPECT_NE(metrics.body.find("graphpost_outbox_messages{state=\"queued\"} " +
                                std::to_string(accepted.size()) + "\n"),
              std::string::npos);
  }

  auto gw = StartGateway(8 << 20);

  ASSERT_TRUE(gw) << gw.error().message;
  for (const auto& id : accepted) {
    ASSERT_EQ(Call(**gw, "GET", "/v1/messages/" + id, key).status, 200) << id;
  }
  EXPECT_EQ(Call(**gw, "POST", "/v1/messages", key,
                 R"({"connection":"contoso","to":["b@example.com"],"subject":"s","text":"x"})")
                .status,
            202);
}

}  // namespace
}  // namespace graphpost::gateway
