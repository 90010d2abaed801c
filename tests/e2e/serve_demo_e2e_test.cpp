// Issue #7, "Done when" 1, end to end with the built binary: `graphpost serve --demo` starts the
// gateway on the embedded sandbox; the request its printed curl sends (the demo key read from its
// file) is accepted, delivered, and found in pat@company.com's Inbox through the sandbox; the
// operator CLI sees it; SIGTERM stops the gateway with exit 0.
#include <thread>

#include "testing/temp_dir.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;

http::ClientResponse Call(http::CurlTransport& http, const std::string& method,
                          const std::string& url, const std::string& key,
                          const std::string& body = "") {
  http::ClientRequest req{.method = method, .url = url, .body = body};
  req.headers.Set("Authorization", "Bearer " + key);
  if (!body.empty()) req.headers.Set("Content-Type", "application/json");
  auto resp = http.Send(req);
  EXPECT_TRUE(resp) << resp.error().message;
  return resp ? *resp : http::ClientResponse{};
}

// Polls the message until it is final (there is no event to wait on across processes); bounded.
std::string WaitFinal(http::CurlTransport& http, const std::string& url, const std::string& key) {
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = Call(http, "GET", url, key);
    auto doc = ParseJson(got.body);
    status = doc ? JsonString(*doc, "status").value_or("") : "";
    if (status == "delivered" || status == "failed" || status == "expired") return status;
    std::this_thread::sleep_for(50ms);
  }
  return status;
}

// graphpost_secret_days_left{connection="<connection>"} from /metrics once the engine has
// loaded the connection (it polls connections every few seconds); -1 if it never shows. Bounded.
double WaitSecretDaysLeft(http::CurlTransport& http, const std::string& url,
                          const std::string& connection) {
  const std::string sample = "graphpost_secret_days_left{connection=\"" + connection + "\"} ";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = Call(http, "GET", url, "").body;
    if (auto at = text.find(sample); at != std::string::npos) {
      return std::stod(text.substr(at + sample.size()));
    }
    std::this_thread::sleep_for(100ms);
  }
  return -1;
}

TEST(ServeDemoE2eTest, PrintedCurlDeliversToTheRecipientsInbox) {
  TempDir dir;
  const auto data = dir.path() / "data";
  GatewayProcess serve(data, {"--demo", "--port", "0", "--demo-scenario",
                              std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json"});
  auto listening = serve.WaitListening();
  ASSERT_TRUE(listening.is_object());
  const std::string base = JsonString(listening, "baseUrl").value_or("");
  const std::string key = ReadAll(JsonString(listening, "demoKeyFile").value_or(""));
  ASSERT_FALSE(key.empty());
  EXPECT_NE(serve.printed().find("curl -sS " + base + "/v1/messages"), std::string::npos);
  EXPECT_NE(serve.printed().find("$(cat "), std::string::npos);
  EXPECT_EQ(serve.printed().find(key), std::string::npos);
  http::CurlTransport http;

  auto sent = Call(http, "POST", base + "/v1/messages", key,
                   JsonString(listening, "demoMessage").value_or(""));

  ASSERT_EQ(sent.status, 202) << sent.body;
  const std::string id = JsonString(*ParseJson(sent.body), "id").value_or("");
  EXPECT_EQ(WaitFinal(http, base + "/v1/messages/" + id, key), "delivered") << serve.log();
  auto inbox = RunGraphpost({"sandbox", "--json", "--state-dir",
                             JsonString(listening, "demoSandboxDir").value_or(""), "mailbox",
                             "pat@company.com"});
  EXPECT_EQ(inbox.exit_code, 0) << inbox.out;
  EXPECT_NE(inbox.out.find("Hello from graphpost"), std::string::npos) << inbox.out;
  auto queue = RunGraphpost({"--data-dir", data.string(), "queue", "--json", "show", id});
  EXPECT_EQ(queue.exit_code, 0) << queue.out;
  EXPECT_NE(queue.out.find("\"delivered\""), std::string::npos) << queue.out;
  EXPECT_EQ(serve.log().find(key), std::string::npos);
  // The demo connection carries the expiry of the secret the sandbox generated (12 months).
  const double days = WaitSecretDaysLeft(http, base + "/metrics", "demo");
  EXPECT_GT(days, 300) << days;
  EXPECT_LT(days, 400) << days;

  const int status = serve.Signal(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << serve.log();
}

// A second `serve --demo` on the same data directory is refused while the first runs, with
// wording that fits whichever graphpost process holds the demo sandbox.
TEST(ServeDemoE2eTest, ASecondDemoOnTheSameDataDirNamesTheHolderAndExitsUnavailable) {
  TempDir dir;
  const auto data = dir.path() / "data";
  const std::vector<std::string> args{
      "--demo", "--port", "0", "--demo-scenario",
      std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json"};
  GatewayProcess first(data, args);
  ASSERT_TRUE(first.WaitListening().is_object());

  std::vector<std::string> second_args{"--data-dir", data.string(), "serve"};
  second_args.insert(second_args.end(), args.begin(), args.end());
  auto second = RunGraphpost(second_args);

  EXPECT_EQ(second.exit_code, 5) << second.out;  // out: stdout and stderr
  EXPECT_NE(second.out.find("in use by another graphpost process (pid "), std::string::npos)
      << second.out;
  EXPECT_EQ(second.out.find("another `graphpost sandbox serve`"), std::string::npos) << second.out;
  const int status = first.Signal(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << first.log();
}

}  // namespace
}  // namespace graphpost::testing
