// Issue #6, "Done when" 1, end to end: the real `graphpost sandbox serve` keeps every sendMail it
// answered 202 through a SIGKILL (all 200 in the recipient's Inbox and the sender's Sent Items,
// exactly once), and a second `serve` on the same state directory exits non-zero naming the
// running PID, leaving the first one's endpoint.json alone.
#include <signal.h>

#include <chrono>
#include <map>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/form.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

// `graphpost sandbox --json --state-dir DIR serve ARGS...` as a child process; its stderr in
// `out` + ".err".
class ServeProcess : public ListeningProcess {
 public:
  ServeProcess(const std::filesystem::path& state_dir, const std::filesystem::path& out,
               const std::vector<std::string>& args)
      : ListeningProcess(SandboxServeArgv(state_dir, args), out.string() + ".err") {}
  int Kill(int signal) { return Signal(signal); }

 private:
  static std::vector<std::string> SandboxServeArgv(const std::filesystem::path& state_dir,
                                                   const std::vector<std::string>& args) {
    std::vector<std::string> argv{"sandbox", "--json", "--state-dir", state_dir.string(), "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

// The subjects in one folder, with how often each appears (admin API).
std::map<std::string, int> Subjects(http::CurlTransport& http, const std::string& base,
                                    const std::string& admin_key, const std::string& mailbox,
                                    const std::string& folder) {
  http::ClientRequest req{.url = base + "/_sandbox/tenants/company.com/mailboxes/" + mailbox +
                                 "/folders/" + folder};
  req.headers.Set("Authorization", "Bearer " + admin_key);
  auto resp = http.Send(req);
  std::map<std::string, int> out;
  if (!resp || resp->status != 200) {
    ADD_FAILURE() << "cannot list " << mailbox << " " << folder;
    return out;
  }
  boost::json::value doc = ParseJson(resp->body).value();
  for (const auto& m : doc.at("value").as_array()) ++out[JsonString(m, "subject").value_or("")];
  return out;
}

std::string AccessToken(http::CurlTransport& http, const std::string& base,
                        const std::filesystem::path& state_dir) {
  http::ClientRequest req{
      .method = "POST",
      .url = base + "/" + std::string(kGuideTenant) + "/oauth2/v2.0/token",
      .body = "grant_type=client_credentials&client_id=" + std::string(kGuideClient) +
              "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=" +
              PercentEncode(ReadAll(state_dir / "secrets" / "slapfive-email-automation.secret"))};
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  auto resp = http.Send(req);
  return resp ? JsonString(ParseJson(resp->body).value(), "access_token").value_or("") : "";
}

TEST(DurabilityE2eTest, TwoHundredAcceptedSendsSurviveSigkill) {
  TempDir dir;
  auto state = dir.path() / "sandbox";
  ServeProcess first(
      state, dir.path() / "first.out",
      {"--scenario", std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json", "--set",
       "requestsPerWindow=100000", "--set", "messagesPerMinutePerMailbox=100000"});
  auto listening = first.WaitListening();
  ASSERT_TRUE(listening.is_object());
  std::string base = JsonString(listening, "baseUrl").value();
  http::CurlTransport http({.ca_file = JsonString(listening, "caPath").value()});
  std::string token = AccessToken(http, base, state);
  ASSERT_FALSE(token.empty());

  for (int i = 0; i < 200; ++i) {
    http::ClientRequest req{
        .method = "POST",
        .url = base + "/v1.0/users/references@company.com/sendMail",
        .body = R"({"message":{"subject":"durable )" + std::to_string(i) +
                R"(","body":{"contentType":"Text","content":"x"},"toRecipients":[)"
                R"({"emailAddress":{"address":"pat@company.com"}}]}})"};
    req.headers.Set("Authorization", "Bearer " + token);
    req.headers.Set("Content-Type", "application/json");
    auto resp = http.Send(req);
    ASSERT_TRUE(resp && resp->status == 202) << "send " << i;
  }
  int status = first.Kill(SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));

  ServeProcess second(state, dir.path() / "second.out", {});
  auto again = second.WaitListening();
  ASSERT_TRUE(again.is_object()) << ReadAll(dir.path() / "second.out.err");
  std::string base2 = JsonString(again, "baseUrl").value();
  std::string admin_key = ReadAll(state / "admin.key");
  auto inbox = Subjects(http, base2, admin_key, "pat@company.com", "inbox");
  auto sent = Subjects(http, base2, admin_key, "references@company.com", "sentitems");

  EXPECT_EQ(inbox.size(), 200u);
  EXPECT_EQ(sent.size(), 200u);
  for (int i = 0; i < 200; ++i) {
    std::string subject = "durable " + std::to_string(i);
    EXPECT_EQ(inbox[subject], 1) << subject;
    EXPECT_EQ(sent[subject], 1) << subject;
  }
  second.Kill(SIGTERM);
}

TEST(DurabilityE2eTest, ASecondServeExitsNamingTheRunningPidAndLeavesItsEndpoint) {
  SandboxFixture f;
  std::string endpoint = ReadAll(f.state_dir() / "sandbox" / "endpoint.json");

  CliResult second = f.Cli({"sandbox", "serve"});
  CliResult status = f.Cli({"sandbox", "status"});

  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.err.find("(pid " + std::to_string(::getpid()) + ")"), std::string::npos)
      << second.err;
  EXPECT_EQ(ReadAll(f.state_dir() / "sandbox" / "endpoint.json"), endpoint);
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

}  // namespace
}  // namespace graphpost::testing
