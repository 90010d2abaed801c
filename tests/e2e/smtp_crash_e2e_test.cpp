// Issue #8, "Done when" 3, end to end with the built binary: SMTP clients (several sessions, each
// sending message after message over one connection) submit to `graphpost serve` while it is
// SIGKILLed at random moments and restarted on the same data directory. SMTP has no idempotency
// key, so a message whose 250 never arrived is not resent: the client moves on to a new message.
// In the end the sandbox (in this process) counts each message's copies in the recipient's Inbox
// by its X-Crash-Id header: every message that got 250 exactly once, one that did not at most
// once (it may have been committed just before the kill), nothing else.
// GRAPHPOST_SMTP_CRASH_MESSAGES sets the count (default 1,000: ~20 s here).
#include <atomic>
#include <cstdio>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>

#include "core/unique_fd.hpp"
#include "testing/temp_dir.hpp"
#include "tests/e2e/crash_target.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 6;
constexpr int kSessions = 4;

int MessageCount() {
  const char* n = std::getenv("GRAPHPOST_SMTP_CRASH_MESSAGES");
  return n && std::atoi(n) > 0 ? std::atoi(n) : 1000;
}

using Target = CrashTarget<int>;

// A blocking SMTP client connection on loopback with a 10 s receive timeout.
class SmtpConnection {
 public:
  explicit SmtpConnection(int port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      fd_ = std::move(fd);
    }
  }
  bool ok() const { return fd_.valid(); }

  // Writes `text`; false when the connection is gone.
  bool Send(const std::string& text) {
    std::size_t sent = 0;
    while (ok() && sent < text.size()) {
      const ssize_t n = ::send(fd_.get(), text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return ok();
  }
  // The code of the next (possibly multi-line) reply; 0 when the connection is gone.
  int Reply() {
    while (ok()) {
      const auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        const std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        if (line.size() >= 4 && line[3] == '-') continue;
        return line.size() >= 3 ? std::atoi(line.substr(0, 3).c_str()) : 0;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
      if (n <= 0) return 0;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return 0;
  }
  int Command(const std::string& line) { return Send(line + "\r\n") ? Reply() : 0; }

 private:
  UniqueFd fd_;
  std::string buffer_;
};

std::string Message(const std::string& id) {
  return "From: References <references@company.com>\r\nTo: pat@company.com\r\n"
         "Subject: smtp crash " +
         id + "\r\nX-Crash-Id: " + id +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nmessage " + id +
         "\r\n.\r\n";
}

// One submitter: sessions of up to 20 messages, reconnecting to the current gateway after a kill.
// Ids it tried go to `tried`, ids answered 250 to `acked`.
void Submit(Target& target, int client, std::atomic<int>& next, int n, std::mutex& mu,
            std::set<std::string>& tried, std::set<std::string>& acked) {
  int sequence = 0;
  const auto deadline = std::chrono::steady_clock::now() + 240s;
  while (next.load() < n && std::chrono::steady_clock::now() < deadline) {
    const auto [port, generation] = target.Get();
    SmtpConnection smtp(port);
    if (!smtp.ok() || smtp.Reply() != 220 || smtp.Command("EHLO crash.test") != 250) {
      target.WaitNewerThan(generation, 20ms);
      continue;
    }
    for (int in_session = 0; in_session < 20 && next.load() < n; ++in_session) {
      const std::string id = "c" + std::to_string(client) + "-" + std::to_string(sequence++);
      {
        std::lock_guard lock(mu);
        tried.insert(id);
      }
      if (smtp.Command("MAIL FROM:<references@company.com>") != 250 ||
          smtp.Command("RCPT TO:<pat@company.com>") != 250 || smtp.Command("DATA") != 354 ||
          !smtp.Send(Message(id)) || smtp.Reply() != 250) {
        break;  // the gateway died (or refused): a new session, a new message
      }
      {
        std::lock_guard lock(mu);
        acked.insert(id);
      }
      ++next;
      target.CountAccepted();
    }
    smtp.Command("QUIT");
  }
}

// Copies in pat@company.com's Inbox per X-Crash-Id, from the sandbox.
std::map<std::string, int> InboxCounts(SandboxFixture& sandbox) {
  http::ClientRequest req{.url = sandbox.base_url() + "/_sandbox/deliveries?header=X-Crash-Id"};
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

// The SMTP port of the gateway that just printed its listening line (from gateway.json).
int SmtpPort(const std::filesystem::path& data) {
  auto doc = ParseJson(ReadAll(data / "gateway.json"));
  if (!doc || !doc->is_object() || !doc->as_object().contains("smtp_port")) return 0;
  return static_cast<int>(doc->as_object().at("smtp_port").to_number<double>());
}

std::vector<std::string> ServeArgs() {
  return {"--port", "0",
          "--set",  "smtp.port=0",
          "--set",  "smtp.relay=127.0.0.0/8=crash",
          "--set",  "lanes.messages_per_minute=1000000",
          "--set",  "lanes.recipients_per_day=1000000000",
          "--set",  "delivery.lease=2s",
          "--set",  "delivery.sent_items_delay=300ms",
          "--set",  "delivery.backoff_base=100ms",
          "--set",  "delivery.backoff_cap=1s"};
}

TEST(SmtpCrashE2eTest, EveryMessageAnswered250IsDeliveredExactlyOnceThroughSigkills) {
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
  ASSERT_TRUE(serve->WaitListening().is_object());
  target.Set(SmtpPort(data));
  ASSERT_NE(target.Get().first, 0)
      << "gateway.json has no smtp_port: " << ReadAll(data / "gateway.json");

  std::atomic<int> next{0};
  std::mutex mu;
  std::set<std::string> tried, acked;
  {
    std::vector<std::jthread> sessions;
    for (int c = 0; c < kSessions; ++c) {
      sessions.emplace_back([&, c] { Submit(target, c, next, n, mu, tried, acked); });
    }
    std::mt19937 random(std::random_device{}());
    for (int kill = 0; kill < kKills; ++kill) {
      const int wait_for =
          std::min(n, target.accepted() + static_cast<int>(random() % (n / kKills + 1)));
      target.WaitAccepted(wait_for, std::chrono::steady_clock::now() + 60s);
      serve->Signal(SIGKILL);
      serve = std::make_unique<GatewayProcess>(data, ServeArgs());
      ASSERT_TRUE(serve->WaitListening().is_object());
      target.Set(SmtpPort(data));
    }
  }
  ASSERT_GE(static_cast<int>(acked.size()), n);

  std::map<std::string, int> counts;
  const auto deadline = std::chrono::steady_clock::now() + 180s;
  while (std::chrono::steady_clock::now() < deadline) {
    counts = InboxCounts(sandbox);
    if (std::all_of(acked.begin(), acked.end(),
                    [&](const auto& id) { return counts.contains(id); })) {
      break;
    }
    // The gateway is another process and the sandbox has no delivery event: a bounded poll.
    std::this_thread::sleep_for(200ms);
  }
  int missing = 0, doubled = 0, strangers = 0, unacked_delivered = 0;
  for (const auto& id : acked) {
    auto it = counts.find(id);
    missing += it == counts.end() ? 1 : 0;
    doubled += it != counts.end() && it->second != 1 ? 1 : 0;
  }
  for (const auto& [id, count] : counts) {
    if (!tried.contains(id)) ++strangers;
    if (tried.contains(id) && !acked.contains(id)) {
      ++unacked_delivered;
      doubled += count > 1 ? 1 : 0;
    }
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(doubled, 0);
  EXPECT_EQ(strangers, 0);
  std::printf(
      "SMTP crash test: %zu answered 250, %zu cut off before their 250 (%d of those "
      "delivered, once each), %d kills\n",
      acked.size(), tried.size() - acked.size(), unacked_delivered, kKills);
  const int status = serve->Signal(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << serve->log();
}

}  // namespace
}  // namespace graphpost::testing
