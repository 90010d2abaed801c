// `graphpost smtp-account`: generated passwords, passwords from standard input, and the command
// line refusing a password in argv. (Against a running gateway: tests/e2e/smtp_account_e2e_test.)
#include "cli/smtp_account_commands.hpp"

#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/cli.hpp"
#include "cli/exit_codes.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

TEST(GeneratePasswordTest, Is24CharactersOfLowerCaseBase32) {
  SystemRandom random;

  const std::string password = GeneratePassword(random).Reveal();

  EXPECT_EQ(password.size(), 24u);
  EXPECT_EQ(password.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567"), std::string::npos)
      << password;
}

TEST(GeneratePasswordTest, EncodesEveryRandomBit) {
  testing::FakeRandom random;  // bytes 11, 48, 85, ...: RFC 4648 base32 of them

  EXPECT_EQ(GeneratePassword(random).Reveal(), "bmyfk6u7ytuq4m2ypwrmp3ar");
}

TEST(GeneratePasswordTest, DiffersEachTime) {
  SystemRandom random;
  std::set<std::string> seen;

  for (int i = 0; i < 100; ++i) seen.insert(GeneratePassword(random).Reveal());

  EXPECT_EQ(seen.size(), 100u);
}

TEST(ReadPasswordTest, DropsTheTrailingNewline) {
  std::istringstream in("correct horse battery\n");

  auto password = ReadPassword(in);

  ASSERT_TRUE(password) << password.error().message;
  EXPECT_EQ(password->Reveal(), "correct horse battery");
}

TEST(ReadPasswordTest, AShortPasswordIsRefusedWithoutRepeatingIt) {
  std::istringstream in("hunter2\n");

  auto password = ReadPassword(in);

  ASSERT_FALSE(password);
  EXPECT_EQ(password.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(password.error().message.find("hunter2"), std::string::npos);
}

TEST(ReadPasswordTest, NothingOnStandardInputIsRefused) {
  std::istringstream in("\n");

  EXPECT_FALSE(ReadPassword(in));
}

int RunArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "graphpost");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return Run(static_cast<int>(args.size()), argv.data());
}

TEST(SmtpAccountCommandLineTest, APasswordInArgvIsNotAnOption) {
  graphpost::testing::TempDir dir;
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "smtp-account", "add", "printer",
                      "--connection", "demo", "--password", "hunter2-long-enough"});

  ::testing::internal::GetCapturedStdout();
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitUsage);
}

TEST(SmtpAccountCommandLineTest, AddNeedsAConnection) {
  graphpost::testing::TempDir dir;
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();

  int code = RunArgs({"--data-dir", dir.path().string(), "smtp-account", "add", "printer"});

  ::testing::internal::GetCapturedStdout();
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitUsage);
}

}  // namespace
}  // namespace graphpost::cli
