// The server against clients that misbehave: deadlines, the connection cap, admission before the
// body, 100-continue ordering and Transfer-Encoding. Real loopback sockets (port 0) driven byte by
// byte; deadlines are configured short so each test waits on the server for well under a second.
// Waits are on socket events, bounded by kGuard (a failure guard, never an expected duration).
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/curl_transport.hpp"
#include "http/http_server.hpp"
#include "http/raw_test_client.hpp"
#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using testing::RawClient;
using testing::TlsServerOptions;

ServerLimits ShortLimits() {
  ServerLimits limits;
  limits.tls_handshake = 200ms;
  limits.request_header = 200ms;
  limits.body_progress_interval = 200ms;
  limits.body_min_bytes = 64;
  limits.keep_alive_idle = 200ms;
  limits.linger = 200ms;
  return limits;
}

ServerLimits LongLimits() {
  ServerLimits limits;
  limits.tls_handshake = 60s;
  limits.request_header = 60s;
  limits.body_progress_interval = 60s;
  limits.keep_alive_idle = 60s;
  limits.linger = 60s;
  return limits;
}

std::unique_ptr<Server> StartOrDie(ServerOptions options, Handler handler) {
  auto server = Server::Start(std::move(options), std::move(handler));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(*server) : nullptr;
}

Response Ok(const Request& request) {
  return MakeResponse(200, "text/plain", "ok " + std::to_string(request.body.size()));
}

ServerOptions Plain(ServerLimits limits, AdmissionHook admit = {}) {
  ServerOptions options;
  options.limits = limits;
  options.admit = std::move(admit);
  return options;
}

Response Unauthorized() {
  Response response = MakeResponse(401, "application/json", R"({"error":"no"})");
  response.headers.Set("WWW-Authenticate", "Bearer");
  return response;
}

// Refuses requests without "Authorization: yes"; admits the rest with 1,000 bytes.
Admission RequireAuthorization(const Request& head) {
  if (head.headers.Get("Authorization") != "yes") return Admission::Refuse(Unauthorized());
  return Admission::Accept(1000);
}

const std::string kPartialHead = "POST /x HTTP/1.1\r\nHost: a\r\nContent-";

// --- Deadlines ---

TEST(ServerLimitsTest, HeadThatNeverEndsGets408AndIsClosed) {
  auto server = StartOrDie(Plain(ShortLimits()), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(kPartialHead));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408")) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

TEST(ServerLimitsTest, ConnectionThatSendsNothingIsClosedSilently) {
  auto server = StartOrDie(Plain(ShortLimits()), Ok);
  RawClient client(server->port());

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  EXPECT_EQ(reply, "");
}

TEST(ServerLimitsTest, StalledBodyGets408AndIsClosed) {
  std::atomic<int> calls{0};
  auto server = StartOrDie(Plain(ShortLimits()), [&](const Request& r) {
    ++calls;
    return Ok(r);
  });
  RawClient client(server->port());
  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nabc"));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408")) << reply;
  EXPECT_EQ(calls.load(), 0);
}

TEST(ServerLimitsTest, IdleKeptAliveConnectionIsClosedAfterTheIdleDeadline) {
  auto server = StartOrDie(Plain(ShortLimits()), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  std::string first = client.ReadUntil("ok 0");
  ASSERT_TRUE(first.starts_with("HTTP/1.1 200")) << first;

  std::string more = client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  EXPECT_EQ(more, "");
}

TEST(ServerLimitsTest, ClientThatStopsReadingTheResponseIsClosed) {
  const std::size_t kLarge = 32 * 1024 * 1024;  // more than the socket buffers hold
  std::promise<void> ended;
  auto server = StartOrDie(Plain(ShortLimits()), [&](const Request&) {
    Response response = MakeResponse(200, "application/octet-stream", std::string(kLarge, 'x'));
    response.on_complete = [&] { ended.set_value(); };
    return response;
  });
  RawClient client(server->port());
  ASSERT_TRUE(client.Send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n"));

  // The client reads nothing until the server has given up on the response.
  ASSERT_EQ(ended.get_future().wait_for(testing::kGuard), std::future_status::ready);
  std::string received = client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  EXPECT_LT(received.size(), kLarge);
}

TEST(ServerLimitsTest, TlsHandshakeThatNeverEndsIsClosed) {
  ServerOptions options = TlsServerOptions();
  options.limits = ShortLimits();
  auto server = StartOrDie(options, Ok);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(std::string("\x16\x03\x01", 3)));  // a ClientHello that stops there

  client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
}

TEST(ServerLimitsTest, DeadlineThatIsNotPositiveIsRefusedByName) {
  ServerLimits limits;
  limits.keep_alive_idle = 0ms;

  auto server = Server::Start(Plain(limits), Ok);

  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(server.error().message.find("keep_alive_idle"), std::string::npos);
}

// --- The connection cap ---

TEST(ServerLimitsTest, ConnectionPastTheCapGets503WithRetryAfter) {
  ServerLimits limits = LongLimits();
  limits.max_connections = 2;
  auto server = StartOrDie(Plain(limits), Ok);
  RawClient a(server->port());
  RawClient b(server->port());
  RawClient c(server->port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

  std::string reply = c.ReadUntil("\r\n\r\n");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

TEST(ServerLimitsTest, ConnectionPastTheRefusalBudgetIsClosedAtOnceAndAcceptingGoesOn) {
  ServerLimits limits = LongLimits();
  limits.max_connections = 1;
  limits.max_refusing = 1;
  auto server = StartOrDie(Plain(limits), Ok);
  RawClient served(server->port());
  RawClient refused(server->port());  // lingers after its 503, holding the refusal budget
  ASSERT_TRUE(refused.ReadUntil("\r\n\r\n").starts_with("HTTP/1.1 503"));

  RawClient dropped(server->port());
  std::string dropped_reply = dropped.ReadUntilClosed();
  ASSERT_TRUE(served.Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  std::string served_reply = served.ReadUntil("ok 0");

  EXPECT_TRUE(dropped.closed());
  EXPECT_EQ(dropped_reply, "");
  EXPECT_TRUE(served_reply.starts_with("HTTP/1.1 200")) << served_reply;
}

TEST(ServerLimitsTest, TlsConnectionPastTheCapGets503AfterTheHandshake) {
  ServerOptions options = TlsServerOptions();
  options.limits = LongLimits();
  options.limits.max_connections = 1;
  auto server = StartOrDie(options, Ok);
  RawClient holder(server->port());  // takes the one slot, mid-handshake
  CurlOptions curl;
  curl.ca_file = testing::TestDataPath("tls_ca.pem");
  CurlTransport client(curl);
  ClientRequest request;
  request.method = "GET";
  request.url = "https://localhost:" + std::to_string(server->port()) + "/";

  auto reply = client.Send(request);

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 503);
  EXPECT_EQ(reply->headers.Get("Retry-After"), "1");
}

// --- Admission and 100-continue ---

TEST(ServerLimitsTest, AdmissionSeesTheHeadWithoutTheBody) {
  std::promise<Request> seen;
  auto server = StartOrDie(Plain(LongLimits(),
                                 [&](const Request& head) {
                                   seen.set_value(head);
                                   return Admission::Accept(100);
                                 }),
                           Ok);
  RawClient client(server->port());

  ASSERT_TRUE(client.Send(
      "PUT /a/b?c=d HTTP/1.1\r\nHost: a\r\nX-Thing: 1\r\nContent-Length: 5\r\n\r\nhello"));
  std::string reply = client.ReadUntil("ok 5");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  Request head = seen.get_future().get();
  EXPECT_EQ(head.method, "PUT");
  EXPECT_EQ(head.path, "/a/b");
  EXPECT_EQ(head.query, "c=d");
  EXPECT_EQ(head.headers.Get("x-thing"), "1");
  EXPECT_EQ(head.remote_address, "127.0.0.1");
  EXPECT_EQ(head.body, "");
}

TEST(ServerLimitsTest, RefusedRequestWithExpectContinueGetsTheRefusalAndNo100) {
  std::atomic<int> calls{0};
  auto server = StartOrDie(Plain(LongLimits(), RequireAuthorization), [&](const Request& r) {
    ++calls;
    return Ok(r);
  });
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n"));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 401")) << reply;
  EXPECT_EQ(reply.find("100 Continue"), std::string::npos) << reply;
  EXPECT_NE(reply.find(R"({"error":"no"})"), std::string::npos) << reply;
  EXPECT_TRUE(client.closed());
  EXPECT_EQ(calls.load(), 0);
}

TEST(ServerLimitsTest, AdmittedRequestWithExpectContinueGets100ThenTheAnswer) {
  auto server = StartOrDie(Plain(LongLimits(), RequireAuthorization), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(
      client.Send("POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nContent-Length: 3\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  std::string interim = client.ReadUntil("\r\n\r\n");
  ASSERT_TRUE(interim.starts_with("HTTP/1.1 100 Continue")) << interim;

  ASSERT_TRUE(client.Send("abc"));
  std::string reply = client.ReadUntil("ok 3");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
}

TEST(ServerLimitsTest, DeclaredBodyOverTheAdmittedLimitGets413Before100) {
  auto server = StartOrDie(Plain(LongLimits(), RequireAuthorization), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(
      client.Send("POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nContent-Length: 1001\r\n"
                  "Expect: 100-continue\r\n\r\n"));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
  EXPECT_TRUE(client.closed());
}

TEST(ServerLimitsTest, ChunkedBodyGrowingPastTheAdmittedLimitGets413) {
  auto server = StartOrDie(Plain(LongLimits(), RequireAuthorization), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3e8\r\n" +
      std::string(1000, 'a') + "\r\n1\r\nb\r\n"));

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
}

TEST(ServerLimitsTest, RefusedSmallBodyIsDiscardedAndTheConnectionServesTheNextRequest) {
  auto server = StartOrDie(Plain(LongLimits(), RequireAuthorization), Ok);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
  std::string refused = client.ReadUntil(R"({"error":"no"})");
  ASSERT_TRUE(refused.starts_with("HTTP/1.1 401")) << refused;

  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nContent-Length: 2\r\n\r\nhi"));
  std::string reply = client.ReadUntil("ok 2");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_FALSE(client.closed());
}

TEST(ServerLimitsTest, RefusedLargeBodyIsNotReadAndTheClientStillGetsTheAnswer) {
  std::atomic<int> calls{0};
  auto server = StartOrDie(Plain(ShortLimits(), RequireAuthorization), [&](const Request& r) {
    ++calls;
    return Ok(r);
  });
  RawClient client(server->port());
  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 104857600\r\n\r\n"));
  ASSERT_TRUE(client.Send(std::string(256 * 1024, 'x')));  // the body is on its way

  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 401")) << reply;
  EXPECT_NE(reply.find(R"({"error":"no"})"), std::string::npos) << reply;
  EXPECT_TRUE(client.closed());
  EXPECT_EQ(calls.load(), 0);
}

TEST(ServerLimitsTest, WithoutAHookBodiesAreLimitedByMaxBodyBytes) {
  ServerLimits limits = LongLimits();
  limits.max_body_bytes = 4;
  auto server = StartOrDie(Plain(limits), Ok);
  RawClient client(server->port());

  ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
  std::string reply = client.ReadUntilClosed();

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
}

// --- Transfer-Encoding ---

TEST(ServerLimitsTest, TransferEncodingOtherThanChunkedGets400) {
  for (std::string coding : {"gzip", "gzip, chunked", "chunked, identity", "identity"}) {
    std::atomic<int> calls{0};
    auto server = StartOrDie(Plain(LongLimits()), [&](const Request& r) {
      ++calls;
      return Ok(r);
    });
    RawClient client(server->port());
    ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding +
                            "\r\n\r\n0\r\n\r\n"));

    std::string reply = client.ReadUntilClosed();

    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << coding << ": " << reply;
    EXPECT_EQ(calls.load(), 0) << coding;
  }
}

TEST(ServerLimitsTest, Http11WithoutOneHostGets400) {
  for (std::string head :
       {"GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    std::atomic<int> calls{0};
    auto server = StartOrDie(Plain(LongLimits()), [&](const Request& r) {
      ++calls;
      return Ok(r);
    });
    RawClient client(server->port());
    ASSERT_TRUE(client.Send(head));

    std::string reply = client.ReadUntilClosed();

    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << head << ": " << reply;
    EXPECT_EQ(calls.load(), 0) << head;
  }
}

TEST(ServerLimitsTest, ChunkedBodyIsAccepted) {
  auto server = StartOrDie(Plain(LongLimits()), Ok);
  RawClient client(server->port());

  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  std::string reply = client.ReadUntil("ok 3");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
}

// --- The server's own answers (ServerOptions::error_body) ---

ErrorBody StatusBody(int status, std::string_view) {
  return {.content_type = "application/problem+json",
          .body = R"({"status":)" + std::to_string(status) + "}"};
}

// Each protocol error the server answers itself, as raw bytes, with the status it gets.
struct ProtocolError {
  std::string name;
  std::string request;
  int status;
};

std::vector<ProtocolError> ProtocolErrors() {
  const std::string chunked_head =
      "POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n";
  return {
      {"chunked body over the limit",
       chunked_head + "3e8\r\n" + std::string(1000, 'a') + "\r\n1\r\nb\r\n", 413},
      {"declared body over the limit",
       "POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: yes\r\nContent-Length: 5000\r\n\r\n", 413},
      {"Content-Length and Transfer-Encoding",
       "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
       "3\r\nabc\r\n0\r\n\r\n",
       400},
      {"bad Content-Length", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400},
      {"bad request line", "GET  / HTTP/9\r\nHost: a\r\n\r\n", 400},
      {"unsupported Transfer-Encoding",
       "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
      {"huge head",
       "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(70 * 1024, 'h') + "\r\n\r\n", 431},
      {"slow head", kPartialHead, 408},
  };
}

TEST(ServerLimitsTest, ProtocolErrorsCarryTheErrorBodyWhenOneIsSet) {
  for (const ProtocolError& error : ProtocolErrors()) {
    ServerOptions options = Plain(ShortLimits(), RequireAuthorization);
    options.error_body = StatusBody;
    auto server = StartOrDie(std::move(options), Ok);
    RawClient client(server->port());
    ASSERT_TRUE(client.Send(error.request)) << error.name;

    std::string reply = client.ReadUntilClosed();

    const std::string status = std::to_string(error.status);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 " + status)) << error.name << ": " << reply;
    EXPECT_NE(reply.find("Content-Type: application/problem+json"), std::string::npos)
        << error.name << ": " << reply;
    EXPECT_TRUE(reply.ends_with(R"({"status":)" + status + "}")) << error.name << ": " << reply;
  }
}

TEST(ServerLimitsTest, ProtocolErrorsHaveAnEmptyBodyWithoutAnErrorBody) {
  for (const ProtocolError& error : ProtocolErrors()) {
    auto server = StartOrDie(Plain(ShortLimits(), RequireAuthorization), Ok);
    RawClient client(server->port());
    ASSERT_TRUE(client.Send(error.request)) << error.name;

    std::string reply = client.ReadUntilClosed();

    EXPECT_TRUE(reply.starts_with("HTTP/1.1 " + std::to_string(error.status)))
        << error.name << ": " << reply;
    EXPECT_NE(reply.find("Content-Length: 0\r\n"), std::string::npos)
        << error.name << ": " << reply;
    EXPECT_EQ(reply.find("Content-Type"), std::string::npos) << error.name << ": " << reply;
  }
}

TEST(ServerLimitsTest, ConnectionPastTheCapGetsTheErrorBody) {
  ServerLimits limits = LongLimits();
  limits.max_connections = 1;
  ServerOptions options = Plain(limits);
  options.error_body = StatusBody;
  auto server = StartOrDie(std::move(options), Ok);
  RawClient a(server->port());
  RawClient b(server->port());
  ASSERT_TRUE(b.Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

  std::string reply = b.ReadUntil(R"({"status":503})");

  EXPECT_TRUE(reply.starts_with("HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Content-Type: application/problem+json"), std::string::npos) << reply;
}

}  // namespace
}  // namespace graphpost::http
