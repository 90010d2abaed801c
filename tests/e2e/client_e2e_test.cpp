// Issue #3, "Done when" 4, end to end: graphpost's ClientRuntime against a real sandbox over
// HTTPS. Sending 1,000 messages over one connection makes exactly one token request, and so do
// 50 concurrent sends at start-up — counted by the sandbox's own request log, not by the client.
#include <atomic>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "app/client_runtime.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

// The sandbox's default of 4 concurrent requests per (app, mailbox) would throttle 50 threads.
boost::json::object RoomySettings() {
  return {{"concurrentRequestsPerAppMailbox", 1000}, {"requestsPerWindow", 1000000}};
}

graph::OutgoingMessage SmallMessage(int n) {
  graph::OutgoingMessage m;
  m.subject = "e2e #" + std::to_string(n);
  m.body = "hello " + std::to_string(n);
  m.to = {{"", "pat@company.com"}};
  m.save_to_sent_items = false;
  return m;
}

std::size_t CountSendMail(const std::vector<LoggedRequest>& log, int status) {
  std::size_t n = 0;
  for (const auto& r : log)
    n += (r.method == "POST" && r.path.ends_with("/sendMail") && r.status == status) ? 1 : 0;
  return n;
}

TEST(ClientE2eTest, ThousandSendsOverOneSessionMakeOneTokenRequest) {
  SandboxFixture f("scenarios/setup-guide.json", RoomySettings());
  SystemClock clock;
  SystemRandom random;
  app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(GuideConnection(f));
  ASSERT_TRUE(session) << session.error().message;

  int failures = 0;
  std::string first_error;
  for (int i = 0; i < 1000; ++i) {
    auto sent = (*session)->graph->SendMail("references@company.com", SmallMessage(i));
    if (!sent && failures++ == 0) first_error = sent.error().message;
  }

  EXPECT_EQ(failures, 0) << "first error: " << first_error;
  auto log = RequestLog(f);
  EXPECT_EQ(CountTokenRequests(log), 1u);
  EXPECT_EQ(CountSendMail(log, 202), 1000u);
  EXPECT_EQ(runtime.token_requests(), 1u);
}

TEST(ClientE2eTest, FiftyConcurrentSendsAtStartUpMakeOneTokenRequest) {
  SandboxFixture f("scenarios/setup-guide.json", RoomySettings());
  SystemClock clock;
  SystemRandom random;
  app::ClientRuntime runtime(clock, random);
  const connections::Connection connection = GuideConnection(f);
  constexpr int kThreads = 50;
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::string> errors(kThreads);

  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        // Every thread opens its own session of the same connection: they must still share one
        // cached token (one cache entry per credential, single flight).
        auto session = runtime.Open(connection);
        start.arrive_and_wait();
        auto sent = session ? (*session)->graph->SendMail(connection.user_id, SmallMessage(t))
                            : Status(Fail(session.error()));
        if (!sent) {
          ++failures;
          errors[t] = sent.error().message;
        }
      });
    }
  }

  std::string first_error;
  for (const auto& e : errors) {
    if (!e.empty()) first_error = e;
  }
  EXPECT_EQ(failures.load(), 0) << "an error: " << first_error;
  auto log = RequestLog(f);
  EXPECT_EQ(CountTokenRequests(log), 1u);
  EXPECT_EQ(CountSendMail(log, 202), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(runtime.token_requests(), 1u);
}

TEST(ClientE2eTest, ConnectionsSharingTheAppCredentialShareOneToken) {
  SandboxFixture f("scenarios/setup-guide.json", RoomySettings());
  SystemClock clock;
  SystemRandom random;
  app::ClientRuntime runtime(clock, random);
  connections::Connection references = GuideConnection(f);
  connections::Connection advocacy = references;
  advocacy.name = "advocacy";
  advocacy.user_id = "advocacy@company.com";
  auto a = runtime.Open(references);
  auto b = runtime.Open(advocacy);
  ASSERT_TRUE(a && b);

  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE((*a)->graph->SendMail(references.user_id, SmallMessage(i)));
    ASSERT_TRUE((*b)->graph->SendMail(advocacy.user_id, SmallMessage(i)));
  }

  EXPECT_EQ(CountTokenRequests(RequestLog(f)), 1u);
}

}  // namespace
}  // namespace graphpost::testing
