// `graphpost setup --rehearse` end to end (issue #10, Done-when 1): the real binary
// ($GRAPHPOST_BINARY) with the example answers (3 mailboxes: shared, user, alias) writes the
// runbook, rehearses it on its own embedded blank sandbox and runs the doctor on each connection.
// Recommended mode ends with `permissions` passing and no warning; as-the-guide mode ends with the
// warning, exactly as the guide leaves a tenant. Each run is bounded (timeout 60 s).
#include <fcntl.h>
#include <spawn.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testing/temp_dir.hpp"

extern char** environ;

namespace graphpost::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct SetupRun {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SourceFile(const std::string& relative) {
  const char* dir = std::getenv("GRAPHPOST_SOURCE_DIR");
  return (fs::path(dir ? dir : GRAPHPOST_SOURCE_DIR) / relative).string();
}

class SetupRehearseE2e : public ::testing::Test {
 protected:
  fs::path runbook() const { return dir_.path() / "runbook"; }
  fs::path data_dir() const { return dir_.path() / "data"; }

  // `graphpost --data-dir D setup --answers <example> --out R --rehearse --json <extra>`, killed
  // after 60 s so a hung rehearsal fails the test instead of blocking the suite.
  SetupRun Setup(const std::vector<std::string>& extra) const {
    const char* binary = std::getenv("GRAPHPOST_BINARY");
    if (binary == nullptr) return {.err = "GRAPHPOST_BINARY is not set"};
    std::vector<std::string> argv{"timeout",
                                  "60",
                                  binary,
                                  "--data-dir",
                                  data_dir().string(),
                                  "setup",
                                  "--answers",
                                  SourceFile("scenarios/setup-answers-example.toml"),
                                  "--out",
                                  runbook().string(),
                                  "--rehearse",
                                  "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return Spawn(argv);
  }

  // Runs `argv` (argv[0] looked up in PATH), in `cwd` when given.
  SetupRun Spawn(std::vector<std::string> argv, const fs::path& cwd = {}) const {
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    const fs::path out = dir_.path() / "setup.out", err = dir_.path() / "setup.err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    SetupRun run;
    if (rc != 0) return {.err = "cannot start " + argv[0]};
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = Slurp(out);
    run.err = Slurp(err);
    return run;
  }

  // The JSON summary on stdout (a test failure, and null, when it is not JSON).
  static json::object Summary(const SetupRun& run) {
    boost::system::error_code ec;
    json::value v = json::parse(run.out, ec);
    EXPECT_FALSE(ec) << "stdout is not JSON: " << run.out << "\nstderr: " << run.err;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  static std::string Status(const json::object& report, std::string_view id) {
    for (const auto& check : report.at("checks").as_array()) {
      if (check.at("id").as_string() == id) return check.at("status").as_string().c_str();
    }
    return "missing";
  }

  std::set<std::string> RunbookFiles() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(runbook())) {
      if (e.is_regular_file()) names.insert(e.path().filename().string());
    }
    return names;
  }

  TempDir dir_;
};

const json::array& Reports(const json::object& summary) {
  static const json::array none;
  const auto* rehearsal = summary.if_contains("rehearsal");
  return rehearsal ? rehearsal->at("reports").as_array() : none;
}

TEST_F(SetupRehearseE2e, RecommendedModeEndsWithEveryConnectionPassingAndNoPermissionsWarning) {
  SetupRun run = Setup({});
  ASSERT_EQ(run.exit_code, 0) << run.out << "\n" << run.err;
  json::object summary = Summary(run);
  const auto& rehearsal = summary.at("rehearsal").as_object();
  EXPECT_TRUE(rehearsal.at("passed").as_bool());
  EXPECT_FALSE(rehearsal.contains("error"));
  EXPECT_EQ(rehearsal.at("connections"), (json::array{"references", "pat", "billing"}));
  ASSERT_EQ(Reports(summary).size(), 3u);
  for (const auto& r : Reports(summary)) {
    const auto& report = r.as_object();
    EXPECT_TRUE(report.at("canSend").as_bool()) << json::serialize(report);
    for (const auto& check : report.at("checks").as_array()) {
      EXPECT_NE(check.at("status").as_string(), "fail") << json::serialize(check);
    }
    EXPECT_EQ(Status(report, "permissions"), "pass") << json::serialize(report);
  }
  EXPECT_EQ(RunbookFiles(), (std::set<std::string>{"README.md", "entra.ps1", "exchange.ps1",
                                                   "connections.sh", "answers.toml"}));
  // The rehearsal's connections live in its own data directory, never the user's, and each sends
  // as a primary address: the alias's connection as the mailbox the alias belongs to.
  EXPECT_FALSE(fs::exists(data_dir() / "graphpost.db"));
  const char* binary = std::getenv("GRAPHPOST_BINARY");
  SetupRun list = Spawn({binary, "--data-dir", (runbook() / "rehearsal" / "data").string(),
                         "connection", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.out << list.err;
  std::map<std::string, std::string> user_ids;
  const json::object listed = Summary(list);
  for (const auto& c : listed.at("connections").as_array()) {
    user_ids[c.at("name").as_string().c_str()] = c.at("userId").as_string().c_str();
  }
  EXPECT_EQ(user_ids, (std::map<std::string, std::string>{{"references", "references@company.com"},
                                                          {"pat", "pat@company.com"},
                                                          {"billing", "billing@company.com"}}));
}

TEST_F(SetupRehearseE2e, AsTheGuideWithCertificateEndsWithThePermissionsWarning) {
  SetupRun run = Setup({"--mode", "as-the-guide", "--credential", "certificate"});
  ASSERT_EQ(run.exit_code, 0) << run.out << "\n" << run.err;
  json::object summary = Summary(run);
  EXPECT_TRUE(summary.at("rehearsal").at("passed").as_bool());
  ASSERT_EQ(Reports(summary).size(), 3u);
  for (const auto& r : Reports(summary)) {
    const auto& report = r.as_object();
    EXPECT_TRUE(report.at("canSend").as_bool()) << json::serialize(report);
    EXPECT_EQ(Status(report, "permissions"), "warn") << json::serialize(report);
  }
  EXPECT_EQ(RunbookFiles(),
            (std::set<std::string>{"README.md", "entra.ps1", "exchange.ps1", "connections.sh",
                                   "answers.toml", "app-cert.pem"}));
  EXPECT_NE(Slurp(runbook() / "app-cert.pem").find("BEGIN CERTIFICATE"), std::string::npos);
  // The private key is in the data directory, owner-only, and nowhere in the runbook folder (the
  // rehearsal's sandbox keeps keys of its own, its CA's and server's, which are no secret of the
  // app's).
  const fs::path key(summary.at("certificate").at("privateKey").as_string().c_str());
  EXPECT_EQ(key.parent_path(), data_dir() / "setup-keys");
  const std::string key_text = Slurp(key);
  ASSERT_NE(key_text.find("PRIVATE KEY"), std::string::npos);
  const std::string key_body = key_text.substr(key_text.find('\n') + 1, 64);
  for (const auto& e : fs::recursive_directory_iterator(runbook())) {
    if (!e.is_regular_file()) continue;
    const std::string text = Slurp(e.path());
    EXPECT_EQ(text.find(key_body), std::string::npos) << e.path();
    const bool sandbox_own = e.path().parent_path() == runbook() / "rehearsal" / "sandbox";
    if (!sandbox_own) {
      EXPECT_EQ(text.find("PRIVATE KEY"), std::string::npos) << e.path();
    }
  }
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0) << key;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SetupRehearseE2e, ANonEmptyFolderThatIsNotARunbookIsRefusedUnlessForced) {
  fs::create_directories(runbook());
  std::ofstream(runbook() / "notes.txt") << "mine\n";
  SetupRun run = Setup({"--credential", "certificate"});
  EXPECT_EQ(run.exit_code, 7) << run.out << "\n" << run.err;
  EXPECT_NE(run.err.find("notes.txt"), std::string::npos) << run.err;
  EXPECT_EQ(Slurp(runbook() / "notes.txt"), "mine\n");
  // No key is left behind for a certificate that no runbook holds.
  std::error_code ec;
  EXPECT_TRUE(fs::is_empty(data_dir() / "setup-keys", ec) || ec) << "a stray key in setup-keys";

  // --force writes the runbook into it anyway, leaving the other files alone.
  SetupRun forced = Setup({"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.out << "\n" << forced.err;
  EXPECT_TRUE(fs::exists(runbook() / "exchange.ps1"));
  EXPECT_EQ(Slurp(runbook() / "notes.txt"), "mine\n");
}

TEST_F(SetupRehearseE2e, ForPeopleItPrintsTheStepsTheReportsAndTheVerdictIntoTheDefaultFolder) {
  const fs::path cwd = dir_.path() / "work";
  fs::create_directories(cwd);
  SetupRun run = Spawn(
      {"timeout", "60", std::getenv("GRAPHPOST_BINARY"), "--data-dir", data_dir().string(), "setup",
       "--answers", SourceFile("scenarios/setup-answers-example.toml"), "--rehearse"},
      cwd);
  ASSERT_EQ(run.exit_code, 0) << run.out << "\n" << run.err;
  EXPECT_TRUE(fs::exists(cwd / "graphpost-setup-graphpost-mail-sender" / "exchange.ps1"));
  for (const char* line :
       {"Runbook written to", "Next:", "Create the management scope", "Connection references",
        "Connection pat", "Connection billing", "Rehearsal passed"}) {
    EXPECT_NE(run.out.find(line), std::string::npos) << line << " in:\n" << run.out;
  }
}

}  // namespace
}  // namespace graphpost::testing
