// Issue #7, "Done when" 1, end to end with the built binary: `graphpost serve --demo` starts the
// gateway on the embedded sandbox; the request its printed curl sends (the demo key read from its
// file) is accepted, delivered, and found in pat@company.com's Inbox through the sandbox; the
// operator CLI sees it; SIGTERM stops the gateway with exit 0.
#include <thread>

#include "core/base64.hpp"
#include "smtp/server/smtp_test_client.hpp"
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

// Issue #8: the SMTP account the demo made (its password read from its file) submits over SMTP;
// the 250 names the message's id, the message is delivered into pat@company.com's Inbox through
// the sandbox, and the operator's queue shows it as an SMTP message. The password never reaches
// the output or the log.
TEST(ServeDemoE2eTest, AMessageOverSmtpArrivesInTheRecipientsInbox) {
  TempDir dir;
  const auto data = dir.path() / "data";
  GatewayProcess serve(data, {"--demo", "--port", "0", "--demo-scenario",
                              std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json"});
  auto listening = serve.WaitListening();
  ASSERT_TRUE(listening.is_object());
  const std::string base = JsonString(listening, "baseUrl").value_or("");
  const auto smtp_port = static_cast<std::uint16_t>(JsonInt(listening, "smtpPort").value_or(0));
  ASSERT_NE(smtp_port, 0);
  const std::string password =
      ReadAll(JsonString(listening, "demoSmtpPasswordFile").value_or(""));
  ASSERT_FALSE(password.empty());
  EXPECT_NE(serve.printed().find("swaks --server 127.0.0.1:" + std::to_string(smtp_port)),
            std::string::npos);
  EXPECT_EQ(serve.printed().find(password), std::string::npos);
  smtp::testing::SmtpTestClient client(smtp_port);
  ASSERT_TRUE(client.ReadReply().starts_with("220"));
  ASSERT_TRUE(client.Command("EHLO e2e.example").starts_with("250"));
  ASSERT_TRUE(client.Command("AUTH PLAIN " + Base64Encode(std::string("\0demo\0", 6) + password))
                  .starts_with("235"));
  ASSERT_TRUE(client.Command("MAIL FROM:<references@company.com>").starts_with("250"));
  ASSERT_TRUE(client.Command("RCPT TO:<pat@company.com>").starts_with("250"));
  ASSERT_TRUE(client.Command("DATA").starts_with("354"));

  client.Send(
      "From: References <references@company.com>\r\nTo: Pat <pat@company.com>\r\n"
      "Subject: Scanned over SMTP\r\n\r\nThe scan is attached (not really).\r\n.\r\n");
  const std::string reply = client.ReadReply();

  ASSERT_TRUE(reply.starts_with("250 2.0.0 queued as ")) << reply << serve.log();
  const std::string id = reply.substr(20, reply.size() - 22);
  EXPECT_TRUE(client.Command("QUIT").starts_with("221"));
  const std::string operator_key = ReadAll(JsonString(listening, "operatorKeyFile").value_or(""));
  http::CurlTransport http;
  EXPECT_EQ(WaitFinal(http, base + "/v1/messages/" + id, operator_key), "delivered")
      << serve.log();
  auto inbox = RunGraphpost({"sandbox", "--json", "--state-dir",
                             JsonString(listening, "demoSandboxDir").value_or(""), "mailbox",
                             "pat@company.com"});
  EXPECT_NE(inbox.out.find("Scanned over SMTP"), std::string::npos) << inbox.out;
  auto queue = RunGraphpost({"--data-dir", data.string(), "queue", "--json", "show", id});
  EXPECT_NE(queue.out.find("\"source\":\"smtp\""), std::string::npos) << queue.out;
  EXPECT_NE(queue.out.find("\"principal\":\"account:demo\""), std::string::npos) << queue.out;
  EXPECT_NE(serve.log().find("\"msg\":\"smtp session ended\""), std::string::npos);
  EXPECT_EQ(serve.log().find(password), std::string::npos);

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
