// Done-when 4 of issue #10: `graphpost setup` asks its questions in a real terminal. The test runs
// the binary in a pseudo-terminal (forkpty), reads each question with a deadline, types answers
// (a bad tenant and an address outside the tenant's domains among them), and checks that each
// refusal is one clear line followed by the same question, and that the runbook's answers.toml
// holds what was typed.
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/clock.hpp"
#include "setup/answers.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kPerText = 20s;  // generous for a loaded machine; a healthy run takes milliseconds

// The binary on the child side of a pseudo-terminal; killed when the test ends early.
class PtyChild {
 public:
  ~PtyChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }

  // argv[0] is the program's path.
  bool Start(const std::vector<std::string>& argv) {
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    pid_ = ::forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    return pid_ > 0;
  }

  // Reads until `text` appears after what earlier calls consumed; false at the deadline or when
  // the child closed the terminal first.
  bool Expect(const std::string& text, std::chrono::milliseconds within = kPerText) {
    const auto deadline = clock_.MonotonicNow() + within;
    for (;;) {
      if (auto at = seen_.find(text, cursor_); at != std::string::npos) {
        cursor_ = at + text.size();
        return true;
      }
      if (!ReadSome(deadline)) return false;
    }
  }

  // Types one line and Enter, as a person would.
  void Type(const std::string& line) {
    const std::string keys = line + "\r";
    ASSERT_EQ(::write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }

  // Reads the rest of the output and waits for the exit code; -1 at the deadline.
  int Wait(std::chrono::milliseconds within = kPerText) {
    const auto deadline = clock_.MonotonicNow() + within;
    while (ReadSome(deadline)) {
    }
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (clock_.MonotonicNow() >= deadline) return -1;
      ::poll(nullptr, 0, 10);  // the terminal is closed: only the exit is left to wait for
    }
  }

  // Ctrl-D at the start of a line: the program reads end of input.
  void EndInput() { ASSERT_EQ(::write(master_, "\x04", 1), 1); }

  const std::string& Seen() const { return seen_; }

 private:
  // One read of whatever is there, waiting at most until `deadline`; false on timeout or EOF.
  bool ReadSome(std::chrono::steady_clock::time_point deadline) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.MonotonicNow());
    if (left <= 0ms) return false;
    pollfd p{.fd = master_, .events = POLLIN, .revents = 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) return true;
    if (ready <= 0) return false;
    char buf[4096];
    ssize_t n = ::read(master_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO: the child closed the terminal
    seen_.append(buf, static_cast<size_t>(n));
    return true;
  }

  SystemClock clock_;
  pid_t pid_ = -1;
  int master_ = -1;
  std::string seen_;
  size_t cursor_ = 0;
};

class SetupPromptsPtyE2e : public ::testing::Test {
 protected:
  fs::path runbook() const { return dir_.path() / "runbook"; }

  testing::TempDir dir_;
};

TEST_F(SetupPromptsPtyE2e, RefusesBadAnswersAndAsksAgainThenWritesTheRunbook) {
  const char* binary = std::getenv("GRAPHPOST_BINARY");
  ASSERT_NE(binary, nullptr) << "GRAPHPOST_BINARY is not set";
  PtyChild child;
  ASSERT_TRUE(child.Start({binary, "--data-dir", (dir_.path() / "data").string(), "setup", "--out",
                           runbook().string()}));
  auto expect = [&](const std::string& text) {
    EXPECT_TRUE(child.Expect(text)) << "waiting for: " << text << "\n--- terminal ---\n"
                                    << child.Seen();
    return !::testing::Test::HasFailure();
  };

  ASSERT_TRUE(expect("Tenant: "));
  child.Type("not a tenant");
  ASSERT_TRUE(
      expect("tenant: 'not a tenant' is neither a directory (tenant) ID (a GUID) nor a "
             "domain name like contoso.com\r\n"));
  ASSERT_TRUE(expect("Tenant: "));
  child.Type("company.com");
  ASSERT_TRUE(expect("Cloud: "));
  child.Type("");
  ASSERT_TRUE(expect("App name [graphpost mail sender]: "));
  child.Type("");
  ASSERT_TRUE(expect("Mailbox 1: "));
  child.Type("ceo@other.com");
  ASSERT_TRUE(
      expect("mailbox 'ceo@other.com': the domain other.com is not one of the tenant's "
             "domains (company.com)\r\n"));
  ASSERT_TRUE(expect("Mailbox 1: "));
  child.Type("references@company.com shared");
  ASSERT_TRUE(expect("Mailbox 2: "));
  child.Type("pat@company.com");
  ASSERT_TRUE(expect("Mailbox 3: "));
  child.Type("invoices@company.com alias billing@company.com");
  ASSERT_TRUE(expect("Mailbox 4: "));
  child.Type("");
  for (const char* question :
       {"Group of the sending mailboxes", "Credential: ", "Months ", "Mode: "}) {
    ASSERT_TRUE(expect(question));
    child.Type("");
  }
  ASSERT_TRUE(expect("invoices@company.com (alias of billing@company.com, connection billing)"));
  ASSERT_TRUE(expect("Write the runbook? [Y/n]: "));
  child.Type("y");
  ASSERT_EQ(child.Wait(), 0) << child.Seen();

  std::ifstream file(runbook() / "answers.toml");
  std::stringstream text;
  text << file.rdbuf();
  auto answers = setup::ParseAnswersToml(text.str(), "answers.toml");
  ASSERT_TRUE(answers) << answers.error().message << "\n" << text.str();
  EXPECT_EQ(answers->tenant, "company.com");
  EXPECT_EQ(answers->mode, setup::Mode::kRecommended);
  ASSERT_EQ(answers->mailboxes.size(), 3u);
  EXPECT_EQ(answers->mailboxes[0].address, "references@company.com");
  EXPECT_EQ(answers->mailboxes[0].kind, setup::MailboxKind::kShared);
  EXPECT_EQ(answers->mailboxes[1].address, "pat@company.com");
  EXPECT_EQ(answers->mailboxes[2].address, "invoices@company.com");
  EXPECT_EQ(answers->mailboxes[2].alias_of, "billing@company.com");
}

TEST_F(SetupPromptsPtyE2e, EndOfInputOnTheTerminalStopsWithTheOpenQuestion) {
  const char* binary = std::getenv("GRAPHPOST_BINARY");
  ASSERT_NE(binary, nullptr) << "GRAPHPOST_BINARY is not set";
  PtyChild child;
  ASSERT_TRUE(child.Start({binary, "--data-dir", (dir_.path() / "data").string(), "setup", "--out",
                           runbook().string()}));
  ASSERT_TRUE(child.Expect("Tenant: ")) << child.Seen();
  child.EndInput();
  EXPECT_NE(child.Wait(), 0) << child.Seen();
  EXPECT_NE(child.Seen().find("input ended before the tenant"), std::string::npos) << child.Seen();
  EXPECT_FALSE(fs::exists(runbook() / "answers.toml"));
}

}  // namespace
}  // namespace graphpost
