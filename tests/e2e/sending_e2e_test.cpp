// Issue #6, "Done when" 3 and 4, end to end: the real `graphpost send` against a real sandbox with
// injected faults. Throttling is retried no sooner than Retry-After; dropped connections never
// deliver a message twice; a lost answer ends in "delivery unknown" (exit 8), never in a plain
// failure for a delivered message; and consecutive processes share one token through the sealed
// token cache. Counts come from the sandbox's own request log and mailboxes.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/time_format.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kSender[] = "references@company.com";
constexpr char kRecipient[] = "pat@company.com";
constexpr int kExitDeliveryUnknown = 8;

class SendingE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(std::getenv("GRAPHPOST_BINARY"), nullptr) << "run through ctest (GRAPHPOST_BINARY)";
    const std::string secret_file = (f_.state_dir() / "secret").string();
    int fd = ::open(secret_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    const std::string secret = f_.GuideSecret();
    ASSERT_EQ(::write(fd, secret.data(), secret.size()), static_cast<ssize_t>(secret.size()));
    ::close(fd);
    CliResult added =
        Client({"connection", "add", "references", "--tenant", kGuideTenant, "--client-id",
                kGuideClient, "--user-id", kSender, "--secret-file", secret_file, "--sandbox",
                "--sandbox-dir", (f_.state_dir() / "sandbox").string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  CliResult Client(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", (f_.state_dir() / "data").string()});
    return f_.Cli(args);
  }
  CliResult Send(const std::string& subject, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"send", "-c",    "references", "--to",  kRecipient,
                                  "-s",   subject, "--text",     "hello", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Client(args);
  }
  void AddFault(const std::string& spec) {
    CliResult r = f_.Cli({"sandbox", "faults", "add", spec});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void ClearFaults() { ASSERT_EQ(f_.Cli({"sandbox", "faults", "clear"}).exit_code, 0); }

  // Messages with `subject` in `mailbox`'s `folder`, through the admin API.
  std::size_t CountWithSubject(const std::string& mailbox, const std::string& subject,
                               const std::string& folder = "inbox") {
    CliResult r = f_.Cli({"sandbox", "--json", "mailbox", mailbox, "--folder", folder});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto doc = ParseJson(r.out);
    std::size_t n = 0;
    if (const json::array* items = doc ? JsonArray(*doc, "value") : nullptr) {
      for (const auto& m : *items) n += JsonString(m, "subject") == subject ? 1 : 0;
    }
    return n;
  }

  // The request log as `sandbox --json requests` prints it: (method, path, status, time).
  struct Logged {
    std::string method, path;
    int status = 0;
    WallTime time;
  };
  std::vector<Logged> Log() {
    CliResult r = f_.Cli({"sandbox", "--json", "requests", "--limit", "100000"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<Logged> out;
    auto doc = ParseJson(r.out);
    if (const json::array* entries = doc ? JsonArray(*doc, "requests") : nullptr) {
      for (const auto& e : *entries) {
        out.push_back({JsonString(e, "method").value_or(""), JsonString(e, "path").value_or(""),
                       static_cast<int>(JsonInt(e, "status").value_or(0)),
                       ParseIso8601(JsonString(e, "time").value_or("")).value_or(WallTime{})});
      }
    }
    return out;
  }
  static bool IsSendMail(const Logged& e) {
    return e.method == "POST" && e.path.ends_with("/sendMail");
  }

  SandboxFixture f_;
};

TEST_F(SendingE2eTest, ThrottledSendsSucceedAndWaitRetryAfterBetweenAttempts) {
  AddFault(R"({"errorRate":0.5,"errorStatus":429})");
  int throttled = 0;
  for (int i = 0; i < 10 && throttled == 0; ++i) {
    CliResult sent = Send("throttled " + std::to_string(i));
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
    auto doc = ParseJson(sent.out);
    ASSERT_TRUE(doc) << sent.out;
    EXPECT_EQ(JsonString(*doc, "status"), "accepted");
    EXPECT_EQ(JsonString(*doc, "messageId").value_or("").size(), 36u);
    for (const auto& e : Log()) throttled += IsSendMail(e) && e.status == 429 ? 1 : 0;
  }
  ASSERT_GT(throttled, 0) << "ten sends without one injected 429";

  const std::vector<Logged> log = Log();
  std::vector<Logged> sends;
  for (const auto& e : log) {
    if (IsSendMail(e)) sends.push_back(e);
  }
  for (std::size_t i = 0; i + 1 < sends.size(); ++i) {
    if (sends[i].status != 429) continue;  // sends are sequential: the next one is its retry
    EXPECT_GE(sends[i + 1].time - sends[i].time, 1s) << "attempt " << i + 1 << " retried early";
  }
}

TEST_F(SendingE2eTest, DroppedConnectionsNeverDeliverTwiceAndEndInDeliveryUnknown) {
  AddFault(R"({"dropRate":1})");

  CliResult sent = Send("dropped", {"--timeout", "5", "--sent-items-lookups", "2",
                                    "--sent-items-pause", "0.2", "--retry-for", "10"});

  EXPECT_EQ(sent.exit_code, kExitDeliveryUnknown) << sent.err;
  EXPECT_NE(sent.err.find("delivery unknown"), std::string::npos) << sent.err;
  auto doc = ParseJson(sent.out);
  ASSERT_TRUE(doc) << sent.out;
  EXPECT_EQ(JsonString(*doc, "status"), "delivery_unknown");
  const std::string id = JsonString(*doc, "messageId").value_or("");
  EXPECT_NE(sent.err.find("X-Graphpost-Id: " + id), std::string::npos) << sent.err;
  std::size_t posts = 0;
  for (const auto& e : Log()) posts += IsSendMail(e) ? 1 : 0;
  EXPECT_EQ(posts, 1u);  // neither graphpost nor libcurl sent it again
  ClearFaults();
  EXPECT_EQ(CountWithSubject(kRecipient, "dropped"), 0u);
}

TEST_F(SendingE2eTest, ALostAnswerForADeliveredMessageIsDeliveryUnknownNotAFailure) {
  AddFault(R"({"latencyMs":3000})");

  CliResult sent =
      Send("slow", {"--timeout", "1", "--sent-items-lookups", "2", "--sent-items-pause", "0.2"});

  EXPECT_EQ(sent.exit_code, kExitDeliveryUnknown) << sent.err;
  auto doc = ParseJson(sent.out);
  ASSERT_TRUE(doc) << sent.out;
  EXPECT_EQ(JsonString(*doc, "status"), "delivery_unknown");
  ClearFaults();
  // Graph did take it: exactly one copy, and the message id printed is the one to look for.
  EXPECT_EQ(CountWithSubject(kRecipient, "slow"), 1u);
  EXPECT_EQ(CountWithSubject(kSender, "slow", "sentitems"), 1u);
}

TEST_F(SendingE2eTest, ALostAnswerIsFoundInSentItemsOnceLookupsGetThrough) {
  // The sendMail and the first Sent Items lookup wait past the client's timeout; later lookups
  // get their answer.
  AddFault(R"({"latencyMs":3000,"requests":2})");

  CliResult sent =
      Send("found", {"--timeout", "1", "--sent-items-lookups", "8", "--sent-items-pause", "1"});

  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  auto doc = ParseJson(sent.out);
  ASSERT_TRUE(doc) << sent.out;
  EXPECT_EQ(JsonString(*doc, "status"), "found_in_sent_items");
  std::size_t posts = 0, lookups = 0;
  for (const auto& e : Log()) {
    posts += IsSendMail(e) ? 1 : 0;
    lookups += e.method == "GET" && e.path.find("/sentitems/") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(posts, 1u);
  EXPECT_GE(lookups, 2u) << "the first Sent Items lookup timed out, a later one answered";
  EXPECT_EQ(CountWithSubject(kRecipient, "found"), 1u);
}

TEST_F(SendingE2eTest, FiftyConsecutiveSendProcessesMakeOneTokenRequest) {
  for (int i = 0; i < 50; ++i) {
    CliResult sent = Send("token " + std::to_string(i));
    ASSERT_EQ(sent.exit_code, 0) << i << ": " << sent.err;
  }

  std::size_t tokens = 0, sends = 0;
  for (const auto& e : Log()) {
    tokens += e.method == "POST" && e.path.ends_with("/oauth2/v2.0/token") ? 1 : 0;
    sends += IsSendMail(e) && e.status == 202 ? 1 : 0;
  }
  EXPECT_EQ(tokens, 1u);
  EXPECT_EQ(sends, 50u);
}

TEST_F(SendingE2eTest, TheTokenCacheOnDiskIsSealedAndOwnerOnly) {
  ASSERT_EQ(Send("sealed").exit_code, 0);

  const auto dir = f_.state_dir() / "data" / "tokens";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    struct stat st {};
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(ReadAll(entry.path()).find("eyJ"), std::string::npos);  // no JWT in the clear
  }
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace graphpost::testing
