// The command line as a whole: where options may stand.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli.hpp"
#include "cli/exit_codes.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

using graphpost::testing::TempDir;

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

}  // namespace
}  // namespace graphpost::cli
