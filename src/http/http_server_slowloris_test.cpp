// 500 slow clients at once (issue #6, "Done when" 2): heads one byte per second, bodies one byte
// per second and TLS handshakes that never finish, over real loopback sockets, against servers with
// deadlines of one to two seconds. Each must be closed by its own deadline while ordinary requests
// are still served in under a second. The clients are paced by poll() on their sockets; the test
// runs for about three seconds.
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "http/curl_transport.hpp"
#include "http/http_server.hpp"
#include "http/raw_test_client.hpp"
#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::RawClient;

constexpr int kSlowHeads = 200;
constexpr int kSlowBodies = 200;
constexpr int kIdleHandshakes = 100;
constexpr auto kHeaderDeadline = 2s;
constexpr auto kBodyInterval = 1s;
constexpr auto kHandshakeDeadline = 2s;
constexpr auto kLateness = 2s;  // how late a close may come on a loaded machine
constexpr auto kGuard = 15s;    // the whole test's failure guard

enum class Kind { kSlowHead, kSlowBody, kIdleHandshake };

struct SlowClient {
  Kind kind;
  RawClient socket;
  std::size_t sent = 0;
  std::string received;
  Clock::duration closed_after{};
};

void RaiseFileLimit(rlim_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

ServerLimits SlowClientLimits() {
  ServerLimits limits;
  limits.request_header = kHeaderDeadline;
  limits.body_progress_interval = kBodyInterval;
  limits.body_min_bytes = 16;
  limits.tls_handshake = kHandshakeDeadline;
  limits.keep_alive_idle = 2s;
  limits.linger = 500ms;
  return limits;
}

// Each head or body client sends its next byte.
void Trickle(std::vector<SlowClient>& clients) {
  static const std::string kHead = "GET /slow HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
  for (auto& c : clients) {
    if (c.socket.closed() || c.kind == Kind::kIdleHandshake) continue;
    const char byte = c.kind == Kind::kSlowHead ? kHead[std::min(c.sent, kHead.size() - 1)] : 'b';
    (void)c.socket.Send(std::string_view(&byte, 1));
    ++c.sent;
  }
}

// Waits up to `wait` for closes and answers; records when each client was closed.
void Watch(std::vector<SlowClient>& clients, Clock::time_point start, Clock::duration wait) {
  std::vector<pollfd> fds;
  std::vector<SlowClient*> owners;
  for (auto& c : clients) {
    if (c.socket.closed()) continue;
    fds.push_back({c.socket.fd(), POLLIN, 0});
    owners.push_back(&c);
  }
  const int ms =
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
  if (fds.empty() || ::poll(fds.data(), fds.size(), std::max(ms, 0)) <= 0) return;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    owners[i]->socket.ReadAvailable(owners[i]->received);
    if (owners[i]->socket.closed()) owners[i]->closed_after = Clock::now() - start;
  }
}

bool AllClosed(const std::vector<SlowClient>& clients) {
  return std::all_of(clients.begin(), clients.end(),
                     [](const SlowClient& c) { return c.socket.closed(); });
}

// Sends one ordinary request and returns how long the answer took (or the guard on failure).
Clock::duration TimeOrdinaryRequest(CurlTransport& client, const std::string& url) {
  ClientRequest request;
  request.method = "GET";
  request.url = url;
  const auto start = Clock::now();
  auto reply = client.Send(request);
  EXPECT_TRUE(reply && reply->status == 200) << url;
  return reply ? Clock::now() - start : Clock::duration(kGuard);
}

TEST(ServerSlowClientsTest,
     FiveHundredSlowClientsAreEachClosedByTheirDeadlineWhileOthersAreServed) {
  RaiseFileLimit(4096);
  auto handler = [](const Request&) { return MakeResponse(200, "text/plain", "ok"); };
  ServerOptions plain_options;
  plain_options.limits = SlowClientLimits();
  ServerOptions tls_options = testing::TlsServerOptions();
  tls_options.limits = SlowClientLimits();
  auto plain = Server::Start(plain_options, handler);
  auto tls = Server::Start(tls_options, handler);
  ASSERT_TRUE(plain && tls);
  CurlOptions curl_options;
  curl_options.ca_file = testing::TestDataPath("tls_ca.pem");
  CurlTransport ordinary(curl_options);

  const auto start = Clock::now();
  std::vector<SlowClient> clients;
  clients.reserve(kSlowHeads + kSlowBodies + kIdleHandshakes);
  for (int i = 0; i < kSlowHeads; ++i) {
    clients.push_back({Kind::kSlowHead, RawClient((*plain)->port()), 0, "", {}});
  }
  for (int i = 0; i < kSlowBodies; ++i) {
    clients.push_back({Kind::kSlowBody, RawClient((*plain)->port()), 0, "", {}});
    (void)clients.back().socket.Send(
        "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n");
  }
  for (int i = 0; i < kIdleHandshakes; ++i) {
    clients.push_back({Kind::kIdleHandshake, RawClient((*tls)->port()), 0, "", {}});
    (void)clients.back().socket.Send(std::string("\x16\x03\x01", 3));  // a ClientHello, stalled
  }
  for (const auto& c : clients) ASSERT_TRUE(c.socket.connected());

  std::vector<Clock::duration> ordinary_latencies;
  auto next_byte = start;
  while (!AllClosed(clients) && Clock::now() - start < kGuard) {
    if (Clock::now() >= next_byte) {
      Trickle(clients);
      next_byte += 1s;
    }
    if (ordinary_latencies.empty() && Clock::now() - start > 1500ms) {
      const std::string port = std::to_string((*plain)->port());
      ordinary_latencies.push_back(TimeOrdinaryRequest(ordinary, "http://127.0.0.1:" + port));
      ordinary_latencies.push_back(TimeOrdinaryRequest(
          ordinary, "https://localhost:" + std::to_string((*tls)->port()) + "/"));
    }
    Watch(clients, start, std::min<Clock::duration>(next_byte - Clock::now(), 100ms));
  }

  ASSERT_EQ(ordinary_latencies.size(), 2u);
  for (auto latency : ordinary_latencies) EXPECT_LT(latency, 1s);
  int checked = 0;
  for (const auto& c : clients) {
    ASSERT_TRUE(c.socket.closed()) << "client " << checked << " was never closed";
    switch (c.kind) {
      case Kind::kSlowHead:
        EXPECT_GE(c.closed_after, kHeaderDeadline);
        EXPECT_LT(c.closed_after, kHeaderDeadline + kLateness);
        EXPECT_TRUE(c.received.starts_with("HTTP/1.1 408")) << c.received;
        break;
      case Kind::kSlowBody:
        EXPECT_GE(c.closed_after, kBodyInterval);
        EXPECT_LT(c.closed_after, kBodyInterval + kLateness);
        EXPECT_TRUE(c.received.starts_with("HTTP/1.1 408")) << c.received;
        break;
      case Kind::kIdleHandshake:
        EXPECT_GE(c.closed_after, kHandshakeDeadline);
        EXPECT_LT(c.closed_after, kHandshakeDeadline + kLateness);
        EXPECT_EQ(c.received, "");
        break;
    }
    ++checked;
  }
  EXPECT_EQ(checked, kSlowHeads + kSlowBodies + kIdleHandshakes);
}

}  // namespace
}  // namespace graphpost::http
