// The server with a DeferredHandler: answers from other threads, later than the handler returns,
// after the client or the server went away, never, or too late; many waiting at once. Real
// loopback sockets (port 0); waits are on events and sockets, bounded by kGuard (a failure guard).
#include <poll.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/http_server.hpp"
#include "http/raw_test_client.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using testing::kGuard;
using testing::RawClient;

// Requests handed to the handler, with their Respond, in arrival order. Thread-safe.
class Inbox {
 public:
  void Put(Request request, Respond respond) {
    std::lock_guard lock(mu_);
    items_.push_back({std::move(request), std::move(respond)});
    cv_.notify_all();
  }
  // Waits until `n` requests arrived (or the guard ran out); true when they did.
  bool WaitFor(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kGuard, [&] { return items_.size() >= n; });
  }
  std::pair<Request, Respond> Take() {
    std::lock_guard lock(mu_);
    auto item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  std::size_t size() {
    std::lock_guard lock(mu_);
    return items_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<Request, Respond>> items_;  // Guarded by mu_.
};

std::unique_ptr<Server> StartDeferred(Inbox& inbox, ServerLimits limits = {}, int threads = 2) {
  ServerOptions options;
  options.limits = limits;
  options.threads = threads;
  auto server = Server::Start(std::move(options), DeferredHandler([&](Request r, Respond respond) {
                                inbox.Put(std::move(r), std::move(respond));
                              }));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(*server) : nullptr;
}

std::string Post(std::string_view body) {
  return "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

Response Text(std::string body) { return MakeResponse(200, "text/plain", std::move(body)); }

TEST(ServerDeferredTest, AnswerFromAnotherThreadReachesTheClient) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("hello")));
  ASSERT_TRUE(inbox.WaitFor(1));

  auto [request, respond] = inbox.Take();
  std::thread([respond = respond, body = request.body] { respond(Text("got " + body)); }).join();

  EXPECT_NE(client.ReadUntil("got hello").find("HTTP/1.1 200"), std::string::npos);
}

TEST(ServerDeferredTest, NextRequestOnTheConnectionWaitsForTheAnswer) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("one") + Post("two")));  // pipelined
  ASSERT_TRUE(inbox.WaitFor(1));
  EXPECT_EQ(client.ReadFor(100ms), "");
  EXPECT_EQ(inbox.size(), 1u);  // "two" is not read before "one" is answered

  inbox.Take().second(Text("first"));
  ASSERT_TRUE(inbox.WaitFor(1));
  inbox.Take().second(Text("second"));

  const std::string both = client.ReadUntil("second");
  ASSERT_NE(both.find("first"), std::string::npos);
  EXPECT_LT(both.find("first"), both.find("second"));
}

TEST(ServerDeferredTest, OnlyTheFirstAnswerCounts) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("x")));
  ASSERT_TRUE(inbox.WaitFor(1));

  auto [request, respond] = inbox.Take();
  respond(Text("first"));
  respond(Text("again"));
  ASSERT_TRUE(client.Send(Post("y")));
  ASSERT_TRUE(inbox.WaitFor(1));
  inbox.Take().second(Text("next"));

  const std::string all = client.ReadUntil("next");
  EXPECT_NE(all.find("first"), std::string::npos);
  EXPECT_EQ(all.find("again"), std::string::npos);
}

TEST(ServerDeferredTest, RespondDroppedWithoutACallAnswers500) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("x")));
  ASSERT_TRUE(inbox.WaitFor(1));

  inbox.Take();  // the request and its Respond are dropped here

  EXPECT_NE(client.ReadUntil("\r\n\r\n").find("HTTP/1.1 500"), std::string::npos);
}

TEST(ServerDeferredTest, HandlerTooSlowGets503AndItsLateAnswerIsDropped) {
  ServerLimits limits;
  limits.handler = 100ms;
  Inbox inbox;
  auto server = StartDeferred(inbox, limits);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("x")));
  ASSERT_TRUE(inbox.WaitFor(1));

  const std::string first = client.ReadUntil("\r\n\r\n");
  inbox.Take().second(Text("late"));
  ASSERT_TRUE(client.Send(Post("y")));
  ASSERT_TRUE(inbox.WaitFor(1));
  inbox.Take().second(Text("fresh"));

  EXPECT_NE(first.find("HTTP/1.1 503"), std::string::npos);
  EXPECT_NE(first.find("Retry-After: 1"), std::string::npos);
  const std::string second = client.ReadUntil("fresh");
  EXPECT_EQ(second.find("late"), std::string::npos);
  EXPECT_NE(second.find("fresh"), std::string::npos);
}

TEST(ServerDeferredTest, AnswerAfterTheClientWentAwayIsHarmless) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  {
    RawClient gone(server->port());
    ASSERT_TRUE(gone.Send(Post("x")));
    ASSERT_TRUE(inbox.WaitFor(1));
  }  // closed while its request waits

  inbox.Take().second(Text("nobody listens"));
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("y")));
  ASSERT_TRUE(inbox.WaitFor(1));
  inbox.Take().second(Text("still serving"));

  EXPECT_NE(client.ReadUntil("still serving").find("HTTP/1.1 200"), std::string::npos);
}

TEST(ServerDeferredTest, AnswerAfterTheServerStoppedIsHarmless) {
  Inbox inbox;
  auto server = StartDeferred(inbox);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(Post("x")));
  ASSERT_TRUE(inbox.WaitFor(1));
  auto [request, respond] = inbox.Take();

  server->Stop();
  server.reset();
  respond(Text("too late"));

  EXPECT_EQ(client.ReadUntilClosed().find("too late"), std::string::npos);
}

TEST(ServerDeferredTest, ManyWaitingRequestsOnTwoThreadsEachGetTheirOwnAnswer) {
  constexpr int kClients = 300;
  Inbox inbox;
  auto server = StartDeferred(inbox, {}, 2);
  std::vector<RawClient> clients;
  clients.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(server->port());
    ASSERT_TRUE(clients.back().Send(Post("n" + std::to_string(i) + ";")));
  }
  ASSERT_TRUE(inbox.WaitFor(kClients));

  // Answered from four threads, in no particular order.
  std::vector<std::pair<Request, Respond>> waiting;
  for (int i = 0; i < kClients; ++i) waiting.push_back(inbox.Take());
  std::vector<std::jthread> answerers;
  for (int t = 0; t < 4; ++t) {
    answerers.emplace_back([&, t] {
      for (int i = kClients - 1 - t; i >= 0; i -= 4) {
        waiting[i].second(Text("echo " + waiting[i].first.body));
      }
    });
  }
  answerers.clear();

  for (int i = 0; i < kClients; ++i) {
    const std::string expected = "echo n" + std::to_string(i) + ";";
    EXPECT_NE(clients[i].ReadUntil(expected).find(expected), std::string::npos) << i;
  }
}

}  // namespace
}  // namespace graphpost::http
