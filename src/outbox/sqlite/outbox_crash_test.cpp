// SqliteOutboxStore survives SIGKILL: a child process submits in a loop and reports each
// acknowledged message id on a pipe; the parent kills it at a random moment, reopens the store and
// checks that every acknowledged id is there. A few rounds on one file; no sleeps (the parent
// waits only on the pipe).
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "outbox/sqlite/outbox_test_support.hpp"

namespace graphpost::outbox {
namespace {

using test::SampleMessage;
using test::SampleSubmission;

constexpr int kRounds = 4;
constexpr int kChildThreads = 4;

// The child: submitters that write "<id>\n" to `out` for each message of an acknowledged
// submission. Never returns; exits 2 on any failure.
[[noreturn]] void RunChild(const std::filesystem::path& file, int round, int out) {
  // SQLite's temporary files go beside the database: a kill between a temporary file's creation
  // and its unlink would otherwise leave an empty etilqs_* file in /var/tmp.
  sqlite3_temp_directory = sqlite3_mprintf("%s", file.parent_path().c_str());
  graphpost::testing::FakeClock clock;
  auto store = SqliteOutboxStore::Open(file, {}, clock);
  if (!store) _exit(2);
  std::mutex write_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < kChildThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string prefix =
            "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(i);
        // Every third submission carries two messages: acknowledged together or not at all.
        std::vector<MessageRecord> messages{SampleMessage(prefix + "a", clock.WallNow())};
        if (i % 3 == 0) messages.push_back(SampleMessage(prefix + "b", clock.WallNow()));
        std::promise<bool> acked;
        (*store)->Submit(SampleSubmission(messages),
                         [&acked](Result<SubmitOutcome> r) { acked.set_value(r.has_value()); });
        if (!acked.get_future().get()) _exit(2);
        std::string lines;
        for (const auto& m : messages) lines += m.id + "\n";
        std::lock_guard lock(write_mu);
        if (::write(out, lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) {
          _exit(2);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  _exit(2);
}

// Reads lines from `fd` into `ids` until `want` have arrived (0: until end of file).
void ReadIds(int fd, std::size_t want, std::string& pending, std::vector<std::string>& ids) {
  char buf[4096];
  while (want == 0 || ids.size() < want) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return;
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      ids.push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
}

TEST(OutboxCrashTest, EveryAcknowledgedSubmissionSurvivesSigkill) {
  graphpost::testing::TempDir dir;
  std::filesystem::path file = dir.path() / "outbox.db";
  unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::vector<std::string> acknowledged;

  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      RunChild(file, round, fds[1]);
    }
    ::close(fds[1]);
    std::string pending;
    std::size_t before = acknowledged.size();
    ReadIds(fds[0], before + std::uniform_int_distribution<std::size_t>(1, 400)(random), pending,
            acknowledged);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ReadIds(fds[0], 0, pending, acknowledged);  // what was acknowledged before the kill landed
    ::close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child failed on its own (status " << status << ")";
    ASSERT_GT(acknowledged.size(), before);

    graphpost::testing::FakeClock clock;
    auto store = SqliteOutboxStore::Open(file, {}, clock);
    ASSERT_TRUE(store) << store.error().message;
    std::size_t missing = 0;
    for (const auto& id : acknowledged) missing += (*store)->Get(id, std::nullopt) ? 0 : 1;
    EXPECT_EQ(missing, 0u) << "round " << round << ": " << acknowledged.size() << " acknowledged";
  }
}

}  // namespace
}  // namespace graphpost::outbox
