// The command line as a whole: where options may stand.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli.hpp"
#include "cli/exit_codes.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

using graphpost::testing::TempDir;

constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr char kClient[] = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

int RunArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "graphpost");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return Run(static_cast<int>(args.size()), argv.data());
}

TEST(CliTest, JsonIsAcceptedAfterAConnectionSubcommand) {
  TempDir dir;
  ::testing::internal::CaptureStdout();

  int code = RunArgs({"--data-dir", dir.path().string(), "connection", "list", "--json"});

  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitOk);
  EXPECT_EQ(out, "{\"connections\":[]}\n");
}

TEST(CliTest, CheckConfigRefusesARelayRangeNamingAConnectionThatDoesNotExist) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "serve", "--check-config", "--set",
                      "smtp.relay=10.0.0.0/8=nosuch"});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(code, kExitOk);
  EXPECT_NE(err.find("10.0.0.0/8"), std::string::npos) << err;
  EXPECT_NE(err.find("'nosuch'"), std::string::npos) << err;
}

TEST(CliTest, CheckConfigRefusesAMissingSmtpCertificateNamingItsPath) {
  TempDir dir;
  const std::string missing = (dir.path() / "smtp.pem").string();
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "serve", "--check-config", "--set",
                      "smtp.tls_cert=" + missing, "--set", "smtp.tls_key=" + missing});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(code, kExitOk);
  EXPECT_NE(err.find("smtp.tls_cert: " + missing), std::string::npos) << err;
}

TEST(CliTest, CheckConfigShowsTheConsoleOnUnlessNoConsoleIsGiven) {
  TempDir dir;
  ::testing::internal::CaptureStdout();
  int on = RunArgs({"--data-dir", dir.path().string(), "serve", "--check-config"});
  std::string on_out = ::testing::internal::GetCapturedStdout();
  ::testing::internal::CaptureStdout();

  int off = RunArgs({"--data-dir", dir.path().string(), "serve", "--check-config", "--no-console"});

  std::string off_out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(on, kExitOk);
  EXPECT_EQ(off, kExitOk);
  EXPECT_NE(on_out.find("[console]\nenabled = true\n"), std::string::npos) << on_out;
  EXPECT_NE(off_out.find("[console]\nenabled = false\n"), std::string::npos) << off_out;
}

TEST(CliTest, ConsoleResetTokenPrintsANewTokenOnceAndKeepsOnlyItsHash) {
  TempDir dir;
  ::testing::internal::CaptureStdout();
  int first = RunArgs({"--data-dir", dir.path().string(), "console", "reset-token", "--json"});
  std::string first_out = ::testing::internal::GetCapturedStdout();
  ::testing::internal::CaptureStdout();

  int second = RunArgs({"--data-dir", dir.path().string(), "console", "reset-token"});

  std::string second_out = ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(first, kExitOk);
  ASSERT_EQ(second, kExitOk);
  const auto start = first_out.find("gpc_");
  ASSERT_NE(start, std::string::npos);
  const std::string token = first_out.substr(start, first_out.find('"', start) - start);
  EXPECT_EQ(second_out.find(token), std::string::npos);  // a new one each time
  EXPECT_NE(second_out.find("gpc_"), std::string::npos);
  std::ifstream in(dir.path() / "console-token.sha256");
  std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!stored.empty() && stored.back() == '\n') stored.pop_back();
  EXPECT_EQ(stored.find("gpc_"), std::string::npos);
  EXPECT_EQ(stored.size(), 64u) << stored;  // the hex SHA-256 only
  EXPECT_EQ(std::filesystem::status(dir.path() / "console-token.sha256").permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(CliTest, JsonIsAcceptedAfterASandboxSubcommand) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"sandbox", "--state-dir", dir.path().string(), "status", "--json"});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitNotFound) << err;
  EXPECT_TRUE(err.starts_with("{\"error\":{\"code\":\"not_found\"")) << err;
}

TEST(CliTest, ExoArgumentsStayWithTheCmdlet) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"sandbox", "--state-dir", dir.path().string(), "--json", "exo", "Get-Mailbox",
                      "-Identity", "a@b.c", "-ResultSize", "5"});

  std::string err = ::testing::internal::GetCapturedStderr();
  // No sandbox runs there: the cmdlet got as far as looking for one, with all of its arguments.
  EXPECT_EQ(code, kExitNotFound) << err;
  EXPECT_EQ(err.find("not expected"), std::string::npos) << err;
}

// `connection add NAME` with the secret in environment variable `secret_env` (nothing is sent:
// add only saves).
int AddConnection(const TempDir& dir, const std::string& name, const std::string& secret_env) {
  return RunArgs({"--data-dir", dir.path().string(), "connection", "add", name, "--tenant", kTenant,
                  "--client-id", kClient, "--user-id", "sales@contoso.com", "--secret-env",
                  secret_env});
}

TEST(CliTest, AWhitespaceOnlySecretIsRefusedNamingTheVariable) {
  TempDir dir;
  ::unsetenv("GRAPHPOST_MASTER_KEY");
  ::setenv("GP_CLI_TEST_BLANK_SECRET", " \t\n", 1);
  ::testing::internal::CaptureStderr();

  int code = AddConnection(dir, "blank", "GP_CLI_TEST_BLANK_SECRET");

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitInvalidInput) << err;
  EXPECT_NE(err.find("secret from the environment variable GP_CLI_TEST_BLANK_SECRET "
                     "(--secret-env) is only whitespace"),
            std::string::npos)
      << err;
}

TEST(CliTest, AMissingMasterKeyWithSavedSecretsIsNotRecreated) {
  TempDir dir;
  ::unsetenv("GRAPHPOST_MASTER_KEY");
  ::setenv("GP_CLI_TEST_SECRET", "Qx8Q~cli.test-secret_value", 1);
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(AddConnection(dir, "sales", "GP_CLI_TEST_SECRET"), kExitOk);
  ::testing::internal::GetCapturedStdout();
  const std::filesystem::path key = dir.path() / "master.key";
  ASSERT_TRUE(std::filesystem::remove(key));
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "connection", "list"});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitConflict) << err;
  EXPECT_NE(err.find(key.string() + " is missing"), std::string::npos) << err;
  EXPECT_NE(err.find("from your backup"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(key));
}

TEST(CliTest, ADirectoryAsSecretFileGetsItsOwnMessage) {
  TempDir dir;
  ::unsetenv("GRAPHPOST_MASTER_KEY");
  ::setenv("GP_CLI_TEST_SECRET", "Qx8Q~cli.test-secret_value", 1);
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(AddConnection(dir, "sales", "GP_CLI_TEST_SECRET"), kExitOk);
  ::testing::internal::GetCapturedStdout();
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "connection", "rotate-secret", "sales",
                      "--secret-file", dir.path().string()});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitInvalidInput) << err;
  EXPECT_NE(err.find(dir.path().string() + " is a directory"), std::string::npos) << err;
}

TEST(CliTest, SettingsSetRefusesAValueThatIsNotANumber) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"sandbox", "--state-dir", dir.path().string(), "settings", "--set",
                      "clockOffsetSeconds=abc"});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitInvalidInput) << err;
  EXPECT_NE(err.find("clockOffsetSeconds expects a number, got 'abc'"), std::string::npos) << err;
}

TEST(CliTest, SettingsSetRefusesTrailingGarbageAndNan) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int garbage = RunArgs({"sandbox", "--state-dir", dir.path().string(), "settings", "--set",
                         "propagationDelaySeconds=12abc"});
  int nan = RunArgs({"sandbox", "--state-dir", dir.path().string(), "settings", "--set",
                     "propagationDelaySeconds=nan"});

  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(garbage, kExitInvalidInput);
  EXPECT_EQ(nan, kExitInvalidInput);
}

TEST(CliTest, ServeRefusesPortsAndThreadCountsOutOfRange) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int port = RunArgs({"sandbox", "--state-dir", dir.path().string(), "serve", "--port", "99999"});
  int no_threads =
      RunArgs({"sandbox", "--state-dir", dir.path().string(), "serve", "--threads", "0"});
  int many_threads =
      RunArgs({"sandbox", "--state-dir", dir.path().string(), "serve", "--threads", "100000"});

  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(port, kExitUsage);
  EXPECT_EQ(no_threads, kExitUsage);
  EXPECT_EQ(many_threads, kExitUsage);
}

TEST(CliTest, SendRefusesADirectoryAsAnAttachment) {
  TempDir dir;
  ::testing::internal::CaptureStderr();

  int code =
      RunArgs({"--data-dir", dir.path().string(), "send", "-c", "any", "--to", "pat@company.com",
               "-s", "x", "--text", "hi", "--attach", dir.path().string()});

  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitInvalidInput) << err;
  EXPECT_NE(err.find("is a directory"), std::string::npos) << err;
}

// After a clean stop gateway.json is gone; a stale one gives 5 too (nothing answers), so every
// command that talks to the gateway says "not running" the same way, whichever happened.
TEST(CliTest, EveryGatewayCommandExitsUnavailableWhenNoGatewayRuns) {
  TempDir dir;
  const std::string data = dir.path().string();
  std::ofstream(dir.path() / "rows.csv") << "email\npat@company.com\n";
  std::ofstream(dir.path() / "message.toml") << "connection = \"demo\"\nsubject = \"s\"\n"
                                                "text = \"hello\"\n";
  const std::vector<std::vector<std::string>> commands = {
      {"queue", "ls"},
      {"queue", "ls", "--recipient", "bob@fabrikam.com"},
      {"queue", "show", "m1"},
      {"queue", "retry", "m1"},
      {"queue", "cancel", "m1"},
      {"queue", "purge", "--older-than", "7d"},
      {"apikey", "create", "--name", "shop", "--connection", "demo"},
      {"apikey", "ls"},
      {"apikey", "revoke", "k1"},
      {"smtp-account", "add", "printer", "--connection", "demo"},
      {"smtp-account", "list"},
      {"smtp-account", "remove", "printer"},
      {"smtp-account", "set-password", "printer"},
      {"send", "--bulk", (dir.path() / "rows.csv").string(), "--template",
       (dir.path() / "message.toml").string()},
  };
  for (const auto& command : commands) {
    std::vector<std::string> args{"--data-dir", data};
    args.insert(args.end(), command.begin(), command.end());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();

    int code = RunArgs(args);

    ::testing::internal::GetCapturedStdout();
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, kExitUnavailable) << command[0] << " " << command[1] << ": " << err;
  }
}

}  // namespace
}  // namespace graphpost::cli
