// Server over real loopback sockets (port 0), driven through CurlTransport with the test CA.
#include "http/http_server.hpp"

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "http/curl_transport.hpp"
#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using testing::TlsServerOptions;

constexpr auto kGuard = 30s;  // failure guard for waits, never a expected duration

std::unique_ptr<Server> StartOrDie(ServerOptions options, Handler handler) {
  auto server = Server::Start(std::move(options), std::move(handler));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(*server) : nullptr;
}

CurlOptions TrustTestCa() {
  CurlOptions options;
  options.ca_file = testing::TestDataPath("tls_ca.pem");
  return options;
}

ClientRequest Req(std::string method, std::string url, std::string body = "") {
  ClientRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  return request;
}

std::string Url(const Server& server, const std::string& path) {
  return "https://localhost:" + std::to_string(server.port()) + path;
}

Response Echo(const Request& request) {
  return MakeResponse(200, "text/plain", request.method + " " + request.body);
}

TEST(ServerTest, GetRequestArrivesWithAllParts) {
  std::promise<Request> seen;
  auto server = StartOrDie(TlsServerOptions(), [&](const Request& r) {
    seen.set_value(r);
    Response response = MakeResponse(200, "application/json", R"({"ok":true})");
    response.headers.Set("request-id", "abc");
    return response;
  });
  CurlTransport client(TrustTestCa());
  ClientRequest request = Req("GET", Url(*server, "/v1.0/users/a%40b/x?$top=5&b=1"));
  request.headers.Set("X-Custom-Name", "value 1");

  auto reply = client.Send(request);

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"ok":true})");
  EXPECT_EQ(reply->headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(reply->headers.Get("request-id"), "abc");
  EXPECT_TRUE(reply->headers.Get("Date"));
  Request r = seen.get_future().get();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/v1.0/users/a%40b/x?$top=5&b=1");
  EXPECT_EQ(r.path, "/v1.0/users/a%40b/x");
  EXPECT_EQ(r.query, "$top=5&b=1");
  EXPECT_EQ(r.headers.Get("x-custom-name"), "value 1");
  bool original_case = false;
  for (const Header& h : r.headers.all()) original_case |= h.name == "X-Custom-Name";
  EXPECT_TRUE(original_case);
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  EXPECT_TRUE(r.body.empty());
}

TEST(ServerTest, PostBodyRoundTrips) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("POST", Url(*server, "/p"), "hello"));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "POST hello");
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());

  for (int i = 0; i < 50; ++i) {
    auto reply = client.Send(Req("POST", Url(*server, "/"), "x"));
    ASSERT_TRUE(reply) << reply.error().message;
  }

  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(ServerTest, ClientConnectionCloseEndsTheConnection) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());
  ClientRequest closing = Req("GET", Url(*server, "/"));
  closing.headers.Set("Connection", "close");

  ASSERT_TRUE(client.Send(closing));
  auto reply = client.Send(Req("GET", Url(*server, "/")));

  ASSERT_TRUE(reply);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(ServerTest, AcceptedWithEmptyBodyHasZeroLengthAndNoContentType) {
  auto server = StartOrDie(TlsServerOptions(), [](const Request&) {
    Response response;
    response.status = 202;
    return response;
  });
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("POST", Url(*server, "/sendMail"), "{}"));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 202);
  EXPECT_EQ(reply->headers.Get("Content-Length"), "0");
  EXPECT_FALSE(reply->headers.Get("Content-Type"));
  EXPECT_TRUE(reply->body.empty());
}

TEST(ServerTest, HeadResponseAnnouncesTheLengthButSendsNoBody) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());

  auto head = client.Send(Req("HEAD", Url(*server, "/")));
  auto next = client.Send(Req("POST", Url(*server, "/"), "after"));

  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->headers.Get("Content-Length"), "5");  // "HEAD "
  EXPECT_TRUE(head->body.empty());
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->body, "POST after");
  EXPECT_EQ(client.connections_opened(), 1u);
}

std::string Pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  return text;
}

TEST(ServerTest, FiveMegabyteUploadArrivesIntact) {
  const std::string body = Pattern(5 * 1024 * 1024 + 3);
  std::promise<bool> intact;
  auto server = StartOrDie(TlsServerOptions(), [&](const Request& r) {
    intact.set_value(r.body == body);
    return MakeResponse(200, "text/plain", std::to_string(r.body.size()));
  });
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("PUT", Url(*server, "/up"), body));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, std::to_string(body.size()));
  EXPECT_TRUE(intact.get_future().get());
}

TEST(ServerTest, LargeUploadWithExpectContinueIsAccepted) {
  const std::string body = Pattern(4 * 1024 * 1024);
  auto server = StartOrDie(TlsServerOptions(), [](const Request& r) {
    return MakeResponse(200, "text/plain", std::to_string(r.body.size()));
  });
  CurlTransport client(TrustTestCa());
  ClientRequest request = Req("POST", Url(*server, "/up"), body);
  request.headers.Set("Expect", "100-continue");

  auto reply = client.Send(request);

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, std::to_string(body.size()));
}

TEST(ServerTest, BodyOverLimitGets413AndTheHandlerIsNotCalled) {
  ServerOptions options = TlsServerOptions();
  options.limits.max_body_bytes = 1000;
  std::atomic<int> calls{0};
  auto server = StartOrDie(options, [&](const Request& r) {
    ++calls;
    return Echo(r);
  });
  CurlTransport client(TrustTestCa());

  auto too_big = client.Send(Req("POST", Url(*server, "/"), Pattern(1001)));
  auto fits = client.Send(Req("POST", Url(*server, "/"), Pattern(1000)));

  ASSERT_TRUE(too_big) << too_big.error().message;
  EXPECT_EQ(too_big->status, 413);
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->status, 200);
  EXPECT_EQ(calls.load(), 1);
}

TEST(ServerTest, BodyOverLimitWithExpectContinueGets413BeforeTheBodyIsSent) {
  ServerOptions options = TlsServerOptions();
  options.limits.max_body_bytes = 1000;
  auto server = StartOrDie(options, Echo);
  CurlTransport client(TrustTestCa());
  ClientRequest request = Req("POST", Url(*server, "/"), Pattern(2 << 20));
  request.headers.Set("Expect", "100-continue");

  auto reply = client.Send(request);

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 413);
}

TEST(ServerTest, DelayedResponseIsWrittenAfterTheDelayThenOnCompleteRuns) {
  SystemClock clock;
  std::promise<void> completed;
  auto server = StartOrDie(TlsServerOptions(), [&](const Request&) {
    Response response = MakeResponse(200, "text/plain", "late");
    response.delay = 50ms;
    response.on_complete = [&] { completed.set_value(); };
    return response;
  });
  CurlTransport client(TrustTestCa());
  const auto start = clock.MonotonicNow();

  auto reply = client.Send(Req("GET", Url(*server, "/")));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "late");
  EXPECT_GE(clock.MonotonicNow() - start, 50ms);
  EXPECT_EQ(completed.get_future().wait_for(kGuard), std::future_status::ready);
}

TEST(ServerTest, DelayDoesNotBlockOtherConnections) {
  ServerOptions options = TlsServerOptions();
  options.threads = 1;
  std::promise<void> slow_handled;
  auto server = StartOrDie(options, [&](const Request& r) {
    Response response = MakeResponse(200, "text/plain", "ok");
    if (r.path == "/slow") {
      response.delay = 60s;  // outlives the test; Stop() abandons it
      slow_handled.set_value();
    }
    return response;
  });
  CurlTransport client(TrustTestCa());
  auto slow = std::async(std::launch::async,
                         [&] { return client.Send(Req("GET", Url(*server, "/slow"))); });
  ASSERT_EQ(slow_handled.get_future().wait_for(kGuard), std::future_status::ready);

  auto fast = client.Send(Req("GET", Url(*server, "/fast")));

  ASSERT_TRUE(fast) << fast.error().message;
  EXPECT_EQ(fast->body, "ok");
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout);
  server->Stop();
  auto slow_reply = slow.get();
  ASSERT_FALSE(slow_reply);
  EXPECT_EQ(slow_reply.error().code, ErrorCode::kDeadlineExceeded);  // sent, never answered
}

TEST(ServerTest, DroppedConnectionIsDeadlineExceededToTheClient) {
  std::promise<void> completed;
  auto server = StartOrDie(TlsServerOptions(), [&](const Request&) {
    Response response;
    response.drop_connection = true;
    response.on_complete = [&] { completed.set_value(); };
    return response;
  });
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("POST", Url(*server, "/"), "x"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);  // sent; its outcome is unknown
  EXPECT_EQ(completed.get_future().wait_for(kGuard), std::future_status::ready);
}

TEST(ServerTest, ServesConcurrentClients) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());
  std::vector<std::future<int>> workers;

  for (int t = 0; t < 8; ++t) {
    workers.push_back(std::async(std::launch::async, [&, t] {
      int ok = 0;
      for (int i = 0; i < 25; ++i) {
        const std::string body = std::to_string(t) + "-" + std::to_string(i);
        auto reply = client.Send(Req("POST", Url(*server, "/"), body));
        ok += reply && reply->body == "POST " + body;
      }
      return ok;
    }));
  }

  for (auto& w : workers) EXPECT_EQ(w.get(), 25);
  EXPECT_LE(client.connections_opened(), 8u);
}

TEST(ServerTest, ServesPlainHttpWithoutCertificate) {
  auto server = StartOrDie({}, Echo);
  CurlTransport client;
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/plain";

  auto reply = client.Send(Req("PATCH", url, "b"));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "PATCH b");
}

TEST(ServerTest, ThrowingHandlerGets500) {
  auto server = StartOrDie(TlsServerOptions(),
                           [](const Request&) -> Response { throw std::runtime_error("bug"); });
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("GET", Url(*server, "/")));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 500);
}

TEST(ServerTest, StopIsIdempotentAndRefusesNewConnections) {
  auto server = StartOrDie(TlsServerOptions(), Echo);
  CurlTransport client(TrustTestCa());
  const std::string url = Url(*server, "/");
  ASSERT_TRUE(client.Send(Req("GET", url)));

  server->Stop();
  server->Stop();

  auto reply = client.Send(Req("GET", url));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
}

TEST(ServerTest, RejectsABadCertificate) {
  ServerOptions options = TlsServerOptions();
  options.cert_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";

  auto server = Server::Start(options, Echo);

  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
}

TEST(ServerTest, RejectsAKeyThatDoesNotMatch) {
  ServerOptions options = TlsServerOptions();
  options.cert_pem = testing::ReadTestData("tls_ca.pem");

  auto server = Server::Start(options, Echo);

  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
}

TEST(ServerTest, BusyPortIsUnavailable) {
  auto first = StartOrDie({}, Echo);
  ServerOptions options;
  options.port = first->port();

  auto second = Server::Start(options, Echo);

  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace graphpost::http
