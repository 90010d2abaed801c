// Tests of the runbook (setup/runbook.hpp): which files a setup and a migration get, the
// connection lines (credential from a file, never argv), and WriteRunbook's permissions and its
// refusal to write into a folder holding other files.
#include "setup/runbook.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/files.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::setup {
namespace {

namespace fs = std::filesystem;

Plan TwoMailboxPlan(CredentialKind credential) {
  Answers a;
  a.tenant = "company.com";
  a.domains = {"company.com"};
  a.credential = credential;
  a.mailboxes = {{.address = "references@company.com", .kind = MailboxKind::kShared},
                 {.address = "news@company.com",
                  .kind = MailboxKind::kAlias,
                  .alias_of = "marketing@company.com"}};
  Result<Plan> plan = BuildSetupPlan(a);
  EXPECT_TRUE(plan) << plan.error().message;
  return plan ? *plan : Plan{};
}

std::vector<std::string> Names(const std::vector<RunbookFile>& files) {
  std::vector<std::string> names;
  for (const RunbookFile& f : files) names.push_back(f.name);
  return names;
}

unsigned Mode(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(SetupRunbook, HasTheScriptsAndTheCertificateOnlyInCertificateMode) {
  Plan plan = TwoMailboxPlan(CredentialKind::kClientSecret);
  EXPECT_EQ(Names(SetupRunbook(plan, {}, "")),
            (std::vector<std::string>{"README.md", "entra.ps1", "exchange.ps1", "connections.sh",
                                      "answers.toml"}));
  std::vector<RunbookFile> files = SetupRunbook(plan, {}, "PEM");
  EXPECT_EQ(files.back().name, "app-cert.pem");
  EXPECT_EQ(files.back().content, "PEM");
  for (const RunbookFile& f : files) {
    EXPECT_EQ(f.executable, f.name.ends_with(".ps1") || f.name.ends_with(".sh")) << f.name;
  }
}

TEST(RenderConnectionLines, SendAsThePrimaryAddressWithTheSecretFromAFile) {
  std::string lines = RenderConnectionLines(TwoMailboxPlan(CredentialKind::kClientSecret), {});
  EXPECT_NE(lines.find("graphpost connection add 'references' --tenant 'company.com' "
                       "--client-id \"$client_id\" --user-id 'references@company.com' "
                       "--secret-file 'client-secret.txt'"),
            std::string::npos)
      << lines;
  // The alias's connection sends as the mailbox's primary address, never as the alias.
  EXPECT_NE(lines.find("--user-id 'marketing@company.com'"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("--user-id 'news@company.com'"), std::string::npos) << lines;
  EXPECT_NE(lines.find("graphpost connection test 'marketing'"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("--secret "), std::string::npos);
}

// connections.sh run by /bin/sh with a stand-in `graphpost` on PATH that logs its arguments and
// fails the doctor of `references`: every connection is still added and tested, and the script
// fails at the end, naming how many failed.
TEST(RenderConnectionLines, ScriptTestsEveryConnectionAndFailsAtTheEndWhenOneFails) {
  testing::TempDir dir;
  const fs::path bin = dir.path() / "bin";
  fs::create_directories(bin);
  ASSERT_TRUE(WriteFileAtomic(bin / "graphpost",
                              "#!/bin/sh\n"
                              "echo \"$*\" >> \"$LOG\"\n"
                              "[ \"$2\" = show ] && exit 1\n"
                              "[ \"$2\" = test ] && [ \"$3\" = references ] && exit 7\n"
                              "exit 0\n",
                              fs::perms::owner_all));
  const fs::path script = dir.path() / "connections.sh";
  ASSERT_TRUE(WriteFileAtomic(
      script, RenderConnectionLines(TwoMailboxPlan(CredentialKind::kClientSecret), {}),
      fs::perms::owner_all));
  const fs::path log = dir.path() / "calls.log";
  const std::string command = "cd '" + dir.path().string() + "' && PATH='" + bin.string() +
                              ":/usr/bin:/bin' LOG='" + log.string() +
                              "' GRAPHPOST_CLIENT_ID=abc /bin/sh ./connections.sh 2>" +
                              (dir.path() / "err").string();

  int status = std::system(command.c_str());

  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream in(log);
  std::vector<std::string> calls;
  for (std::string line; std::getline(in, line);) calls.push_back(line.substr(0, line.find(" --")));
  EXPECT_EQ(calls,
            (std::vector<std::string>{"connection show references", "connection add references",
                                      "connection show marketing", "connection add marketing",
                                      "connection test references", "connection test marketing"}));
  std::ifstream err(dir.path() / "err");
  std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(message.find("1 connection(s) failed the doctor"), std::string::npos) << message;
}

TEST(RenderConnectionLines, CertificateModeNamesTheCertificateAndTheKeyFile) {
  ConnectionLineInputs inputs;
  inputs.private_key_file = "/data/setup-keys/it's.key";
  std::string lines = RenderConnectionLines(TwoMailboxPlan(CredentialKind::kCertificate), inputs);
  EXPECT_NE(
      lines.find("--certificate 'app-cert.pem' --private-key '/data/setup-keys/it'\\''s.key'"),
      std::string::npos)
      << lines;
  EXPECT_EQ(lines.find("--secret-file"), std::string::npos);
}

TEST(MigrationRunbook, HasAThirdScriptOnlyForAnAccessPolicy) {
  MigrationInput input;
  input.answers = TwoMailboxPlan(CredentialKind::kClientSecret).answers;
  input.app_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  input.granted_mail_roles = {"Mail.Send"};
  Result<Plan> plan = BuildMigrationPlan(input);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(
      Names(MigrationRunbook(*plan)),
      (std::vector<std::string>{"README.md", "migrate-1-exchange.ps1", "migrate-2-entra.ps1"}));
  input.has_access_policy = true;
  plan = BuildMigrationPlan(input);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(Names(MigrationRunbook(*plan)).back(), "migrate-3-exchange.ps1");
}

std::vector<RunbookFile> SomeFiles() {
  return {{"README.md", "read me\n", false}, {"exchange.ps1", "Write-Host 'x'\n", true}};
}

TEST(WriteRunbook, MakesTheFolderAndFilesOwnerOnly) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path() / "runbook";
  ASSERT_TRUE(WriteRunbook(dir, SomeFiles()));
  EXPECT_EQ(Mode(dir), 0700u);
  EXPECT_EQ(Mode(dir / "README.md"), 0600u);
  EXPECT_EQ(Mode(dir / "exchange.ps1"), 0700u);
  std::ifstream in(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "read me\n");
}

TEST(WriteRunbook, RewritesAnEarlierRunbookAndKeepsWhatTheScriptsMade) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path() / "runbook";
  ASSERT_TRUE(WriteRunbook(dir, SomeFiles()));
  std::ofstream(dir / "app-ids.json") << "{}";
  std::vector<RunbookFile> files = SomeFiles();
  files[0].content = "changed\n";
  ASSERT_TRUE(WriteRunbook(dir, files));
  std::ifstream in(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "changed\n");
  EXPECT_TRUE(fs::exists(dir / "app-ids.json"));
}

// A symbolic link under one of the runbook's names is replaced, not followed: the file it points
// at (anywhere, e.g. in a shared /tmp folder) keeps its content and mode.
TEST(WriteRunbook, ReplacesASymbolicLinkInsteadOfWritingThroughIt) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path() / "r", victim = tmp.path() / "victim";
  ASSERT_TRUE(WriteFileAtomic(
      victim, "precious", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  fs::create_directories(dir);
  fs::create_symlink(victim, dir / SomeFiles().front().name);

  ASSERT_TRUE(WriteRunbook(dir, SomeFiles()));

  EXPECT_EQ(ReadFileText(victim).value_or(""), "precious");
  EXPECT_EQ(fs::status(victim).permissions() & fs::perms::group_read, fs::perms::group_read);
  EXPECT_FALSE(fs::is_symlink(dir / SomeFiles().front().name));
  EXPECT_EQ(ReadFileText(dir / SomeFiles().front().name).value_or(""), SomeFiles().front().content);
}

TEST(WriteRunbook, RefusesAFolderHoldingOtherFiles) {
  testing::TempDir tmp;
  std::ofstream(tmp.path() / "thesis.tex") << "mine";
  Status written = WriteRunbook(tmp.path(), SomeFiles());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(written.error().message.find("thesis.tex"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp.path() / "README.md"));
}

TEST(WriteRunbook, RefusesAFileNameWithAPath) {
  testing::TempDir tmp;
  Status written = WriteRunbook(tmp.path() / "r", {{"../escape.txt", "x", false}});
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(tmp.path() / "escape.txt"));
}

}  // namespace
}  // namespace graphpost::setup
