// Issue #6, "Done when" 1, end to end: the real `graphpost sandbox serve` keeps every sendMail it
// answered 202 through a SIGKILL (all 200 in the recipient's Inbox and the sender's Sent Items,
// exactly once), and a second `serve` on the same state directory exits non-zero naming the
// running PID, leaving the first one's endpoint.json alone.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <map>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/form.hpp"
#include "core/unique_fd.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

// `graphpost sandbox --json --state-dir DIR serve ARGS...` as a child process.
class ServeProcess {
 public:
  ServeProcess(const std::filesystem::path& state_dir, const std::filesystem::path& out,
               std::vector<std::string> args)
      : out_(out) {
    std::vector<std::string> argv{std::getenv("GRAPHPOST_BINARY"),
                                  "sandbox",
                                  "--json",
                                  "--state-dir",
                                  state_dir.string(),
                                  "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int pipe_fds[2] = {-1, -1};
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, (out.string() + ".err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);  // the child holds the write end; EOF when it exits
    stdout_.Reset(pipe_fds[0]);
  }
  ~ServeProcess() {
    if (pid_ > 0) Kill(SIGKILL);
  }

  // The "listening" line's JSON, read from the child's stdout as it arrives (poll(2) wakes on
  // each write). Gives up after 30 s (a failure guard; start-up includes key generation) or when
  // the child closes its stdout.
  boost::json::value WaitListening() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    std::string text;
    while (pid_ > 0 && stdout_.valid()) {
      if (auto line = text.find("{\"event\":\"listening\""); line != std::string::npos) {
        auto end = text.find('\n', line);
        if (end != std::string::npos) {
          if (auto doc = ParseJson(text.substr(line, end - line))) return *doc;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd readable{.fd = stdout_.get(), .events = POLLIN};
      if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::read(stdout_.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    ADD_FAILURE() << "serve did not listen: " << text << ReadAll(out_.string() + ".err");
    return nullptr;
  }
  int Kill(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  std::filesystem::path out_;  // stderr goes to out_ + ".err"
  UniqueFd stdout_;
  pid_t pid_ = -1;
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
