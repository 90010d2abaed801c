// Issue #7, "Done when" 2, end to end with the built binary: messages are submitted over the API
// by concurrent clients while the gateway (`graphpost serve`) is SIGKILLed at random moments at
// least 10 times and restarted on the same data directory. A submission that got no 202 (the
// gateway died under it) is retried with the same Idempotency-Key until it gets one, so in the end
// every message is accepted; the sandbox (in this process) then counts each message's copies in
// the recipient's Inbox by X-Graphpost-Id: every accepted id exactly once, nothing else.
// GRAPHPOST_CRASH_MESSAGES sets the count (default 10,000, as the issue asks: ~25 s here).
#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "testing/temp_dir.hpp"
#include "tests/e2e/crash_target.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 10;
constexpr int kClients = 8;

int MessageCount() {
  const char* n = std::getenv("GRAPHPOST_CRASH_MESSAGES");
  return n && std::atoi(n) > 0 ? std::atoi(n) : 10000;
}

using Target = CrashTarget<std::string>;

std::vector<std::string> ServeArgs() {
  return {"--port", "0",
          "--set",  "lanes.messages_per_minute=1000000",
          "--set",  "lanes.recipients_per_day=1000000000",
          "--set",  "delivery.lease=2s",
          "--set",  "delivery.sent_items_delay=300ms",
          "--set",  "delivery.backoff_base=100ms",
          "--set",  "delivery.backoff_cap=1s"};
}

// Submits message `index` until it gets a 202 (retrying with the same Idempotency-Key through
// crashes); returns its id.
std::string SubmitUntilAccepted(http::CurlTransport& http, Target& target, const std::string& key,
                                int index) {
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto [base, generation] = target.Get();
    http::ClientRequest req{
        .method = "POST",
        .url = base + "/v1/messages",
        .body = R"({"connection":"crash","to":["pat@company.com"],"subject":"crash )" +
                std::to_string(index) + R"(","text":"x"})"};
    req.headers.Set("Authorization", "Bearer " + key);
    req.headers.Set("Content-Type", "application/json");
    req.headers.Set("Idempotency-Key", "m-" + std::to_string(index));
    auto resp = http.Send(req);
    if (resp && resp->status == 202) {
      if (auto doc = ParseJson(resp->body)) return JsonString(*doc, "id").value_or("");
    }
    if (resp && resp->status != 503 && resp->status < 500) {
      ADD_FAILURE() << "submission " << index << " refused: " << resp->status << " " << resp->body;
      return "";
    }
    target.WaitNewerThan(generation, 20ms);  // the gateway died: wait for the next one
  }
  return "";
}

// Copies in pat@company.com's Inbox per X-Graphpost-Id, from the sandbox.
std::map<std::string, int> InboxCounts(SandboxFixture& sandbox) {
  http::ClientRequest req{.url = sandbox.base_url() + "/_sandbox/deliveries?header=X-Graphpost-Id"};
  req.headers.Set("Authorization", "Bearer " + sandbox.sandbox().admin_key());
  auto resp = sandbox.http().Send(req);
  std::map<std::string, int> counts;
  if (!resp) return counts;
  auto doc = ParseJson(resp->body);
  const auto* all = doc ? JsonObject(*doc, "counts") : nullptr;
  if (!all) return counts;
  for (const auto& [id, places] : *all) {
    counts[std::string(id)] = static_cast<int>(places.as_array().at(0).to_number<double>());
  }
  return counts;
}

TEST(GatewayCrashE2eTest, EveryAcceptedMessageIsDeliveredExactlyOnceThroughSigkills) {
  const int n = MessageCount();
  SandboxFixture sandbox("scenarios/setup-guide.json", {{"messagesPerMinutePerMailbox", 1000000},
                                                        {"recipientsPerDayPerMailbox", 1000000000},
                                                        {"requestsPerWindow", 1000000000}});
  TempDir dir;
  const auto data = dir.path() / "data";
  auto added = RunGraphpost(
      {"--data-dir", data.string(), "connection", "add", "crash", "--tenant", kGuideTenant,
       "--client-id", kGuideClient, "--user-id", "references@company.com", "--secret-file",
       (sandbox.state_dir() / "sandbox" / "secrets" / "slapfive-email-automation.secret").string(),
       "--sandbox", "--sandbox-dir", (sandbox.state_dir() / "sandbox").string()});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  auto serve = std::make_unique<GatewayProcess>(data, ServeArgs());
  Target target;
  target.Set(JsonString(serve->WaitListening(), "baseUrl").value_or(""));
  auto created = RunGraphpost({"--data-dir", data.string(), "apikey", "--json", "create", "--name",
                               "crash", "--connection", "crash"});
  ASSERT_EQ(created.exit_code, 0) << created.out;
  const std::string key = JsonString(*ParseJson(created.out), "key").value_or("");

  std::atomic<int> next{0};
  std::mutex ids_mu;
  std::set<std::string> ids;
  std::vector<std::jthread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      http::CurlTransport http;
      for (int i = next++; i < n; i = next++) {
        std::string id = SubmitUntilAccepted(http, target, key, i);
        std::lock_guard lock(ids_mu);
        if (!id.empty()) ids.insert(std::move(id));
        target.CountAccepted();
      }
    });
  }
  std::mt19937 random(std::random_device{}());
  for (int kill = 0; kill < kKills; ++kill) {
    // A random moment: after a random number of further acceptances (or while delivery goes on).
    const int wait_for =
        std::min(n, target.accepted() + static_cast<int>(random() % (n / kKills + 1)));
    target.WaitAccepted(wait_for, std::chrono::steady_clock::now() + 60s);
    serve->Signal(SIGKILL);
    serve = std::make_unique<GatewayProcess>(data, ServeArgs());
    target.Set(JsonString(serve->WaitListening(), "baseUrl").value_or(""));
  }
  clients.clear();
  ASSERT_EQ(static_cast<int>(ids.size()), n);

  std::map<std::string, int> counts;
  const auto deadline = std::chrono::steady_clock::now() + 180s;
  while (std::chrono::steady_clock::now() < deadline) {
    counts = InboxCounts(sandbox);
    if (static_cast<int>(counts.size()) >= n) break;
    // The gateway is another process and the sandbox has no delivery event: a bounded poll.
    std::this_thread::sleep_for(200ms);
  }
  int missing = 0, doubled = 0, strangers = 0;
  for (const auto& id : ids) {
    auto it = counts.find(id);
    if (it == counts.end()) {
      ++missing;
    } else if (it->second != 1) {
      ++doubled;
    }
  }
  for (const auto& [id, count] : counts) strangers += ids.contains(id) ? 0 : 1;
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(doubled, 0);
  EXPECT_EQ(strangers, 0);
  const int status = serve->Signal(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << serve->log();
}

}  // namespace
}  // namespace graphpost::testing
