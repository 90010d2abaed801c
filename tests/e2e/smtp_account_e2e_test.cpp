// Issue #8, SMTP accounts end to end with the built binary: `graphpost serve --demo` runs; the
// operator CLI adds an account (a generated password, printed once), lists it (never a hash),
// changes its password from standard input and removes it. Between the steps the account is
// checked where SMTP AUTH will check it: an AccountAuthenticator over the gateway's own outbox.db.
#include <fstream>
#include <future>

#include <sys/stat.h>

#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "smtp/access/account_authenticator.hpp"
#include "testing/temp_dir.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;

// Runs the built graphpost with `args` and `stdin_file` as its standard input; stdout and stderr.
CliResult RunWithStdin(const std::vector<std::string>& args, const std::filesystem::path& input) {
  std::string command = "'" + std::string(std::getenv("GRAPHPOST_BINARY")) + "'";
  for (const auto& a : args) command += " '" + a + "'";
  command += " < '" + input.string() + "' 2>&1";
  CliResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class SmtpAccountE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    serve_ = std::make_unique<GatewayProcess>(
        data_, std::vector<std::string>{
                   "--demo", "--port", "0", "--demo-scenario",
                   std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json"});
    ASSERT_TRUE(serve_->WaitListening().is_object());
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", data_.string(), "smtp-account", "--json"});
    return RunGraphpost(args);
  }

  // SMTP AUTH's answer for `name`/`password`, from the gateway's outbox.db (a second process
  // reading it, as the queue CLI does).
  Result<smtp::Principal> Login(const std::string& name, const std::string& password) {
    auto store = outbox::SqliteOutboxStore::Open(data_ / "outbox.db", {}, clock_);
    if (!store) return Fail(store.error());
    smtp::access::AccountAuthenticator auth(**store, clock_, random_);
    std::promise<Result<smtp::Principal>> answer;
    auth.Verify(smtp::Peer{.address = "127.0.0.1", .port = 1, .loopback = true}, name,
                Secret(password), [&](Result<smtp::Principal> r) { answer.set_value(r); });
    auto future = answer.get_future();
    if (future.wait_for(60s) != std::future_status::ready) {  // a failure guard
      return Fail(ErrorCode::kDeadlineExceeded, "no answer from the authenticator");
    }
    return future.get();
  }

  TempDir dir_;
  const std::filesystem::path data_ = dir_.path() / "data";
  SystemClock clock_;
  SystemRandom random_;
  std::unique_ptr<GatewayProcess> serve_;
};

TEST_F(SmtpAccountE2eTest, AddListSetPasswordRemove) {
  auto added = Cli({"add", "Printer-2F", "--connection", "demo", "--sender", "@company.com"});

  ASSERT_EQ(added.exit_code, 0) << added.out;
  auto doc = ParseJson(added.out);
  ASSERT_TRUE(doc) << added.out;
  const std::string password = JsonString(*doc, "password").value_or("");
  ASSERT_EQ(password.size(), 24u) << added.out;
  auto principal = Login("printer-2f", password);
  ASSERT_TRUE(principal) << principal.error().message;
  EXPECT_EQ(principal->connections, std::vector<std::string>{"demo"});
  EXPECT_EQ(principal->senders, std::vector<std::string>{"@company.com"});

  auto listed = Cli({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("\"Printer-2F\""), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("argon2id"), std::string::npos);
  EXPECT_EQ(listed.out.find(password), std::string::npos);

  const auto input = dir_.path() / "new-password";
  std::ofstream(input) << "a-new-password-for-the-printer\n";
  ::chmod(input.c_str(), 0600);
  auto changed = RunWithStdin({"--data-dir", data_.string(), "smtp-account", "set-password",
                               "printer-2f", "--password-stdin"},
                              input);
  ASSERT_EQ(changed.exit_code, 0) << changed.out;
  EXPECT_EQ(changed.out.find("a-new-password"), std::string::npos) << changed.out;
  EXPECT_TRUE(Login("Printer-2F", "a-new-password-for-the-printer"));
  EXPECT_EQ(Login("Printer-2F", password).error().code, ErrorCode::kUnauthenticated);

  auto removed = Cli({"remove", "PRINTER-2F"});
  ASSERT_EQ(removed.exit_code, 0) << removed.out;
  EXPECT_EQ(Login("Printer-2F", "a-new-password-for-the-printer").error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(Cli({"remove", "printer-2f"}).exit_code, 3);  // not found
  EXPECT_EQ(serve_->log().find(password), std::string::npos);
}

TEST_F(SmtpAccountE2eTest, RefusalsHaveTheirExitCodes) {
  ASSERT_EQ(Cli({"add", "scanner", "--connection", "demo"}).exit_code, 0);

  auto taken = Cli({"add", "SCANNER", "--connection", "demo"});
  auto unknown = Cli({"add", "copier", "--connection", "no-such-connection"});
  auto missing = Cli({"set-password", "ghost"});

  EXPECT_EQ(taken.exit_code, 7) << taken.out;      // conflict
  EXPECT_EQ(unknown.exit_code, 6) << unknown.out;  // invalid input
  EXPECT_NE(unknown.out.find("no-such-connection"), std::string::npos) << unknown.out;
  EXPECT_EQ(missing.exit_code, 3) << missing.out;  // not found
  EXPECT_EQ(missing.out.find("password\""), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace graphpost::testing
