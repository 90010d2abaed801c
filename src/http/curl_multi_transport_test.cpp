// CurlMultiTransport against the real Server on loopback: the HttpTransport error contract holds
// for asynchronous requests, many requests share a few connections, and many are in flight at once.
#include "http/curl_multi_transport.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/http_server.hpp"
#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using testing::TlsServerOptions;

CurlMultiOptions TrustTestCa(int threads = 1) {
  return CurlMultiOptions{.threads = threads, .ca_file = testing::TestDataPath("tls_ca.pem")};
}

std::unique_ptr<Server> StartOrDie(ServerOptions options, Handler handler) {
  auto server = Server::Start(std::move(options), std::move(handler));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(*server) : nullptr;
}

std::string Url(const Server& server, const std::string& path) {
  return "https://localhost:" + std::to_string(server.port()) + path;
}

// Starts `request` and waits (bounded) for its outcome.
Result<ClientResponse> Call(AsyncHttpTransport& transport, ClientRequest request) {
  std::promise<Result<ClientResponse>> promise;
  auto future = promise.get_future();
  transport.Start(std::move(request),
                  [&promise](Result<ClientResponse> r) { promise.set_value(std::move(r)); });
  if (future.wait_for(20s) != std::future_status::ready) {
    ADD_FAILURE() << "no answer within 20 s";
    return Fail(ErrorCode::kInternal, "test: no answer");
  }
  return future.get();
}

TEST(CurlMultiTransportTest, MalformedUrlIsInvalidArgument) {
  CurlMultiTransport client;

  auto reply = Call(client, ClientRequest{.method = "GET", .url = "not a url"});

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kInvalidArgument);
}

TEST(CurlMultiTransportTest, SendsMethodHeadersAndBodyAndReturnsTheAnswer) {
  auto server = StartOrDie(TlsServerOptions(), [](const Request& r) {
    Response response = MakeResponse(429, "application/json",
                                     r.method + " " + r.target + " " + r.body + " " +
                                         std::string(r.headers.Get("X-A").value_or("")));
    response.headers.Set("Retry-After", "7");
    return response;
  });
  CurlMultiTransport client(TrustTestCa());
  ClientRequest request{.method = "POST", .url = Url(*server, "/v1.0/x?y=1"), .body = "hello"};
  request.headers.Set("X-A", "b");

  auto reply = Call(client, request);

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 429);
  EXPECT_EQ(reply->headers.Get("retry-after"), "7");
  EXPECT_EQ(reply->body, "POST /v1.0/x?y=1 hello b");
}

TEST(CurlMultiTransportTest, RefusedConnectionIsUnavailable) {
  auto server = StartOrDie({}, [](const Request&) { return MakeResponse(200, "text/plain", ""); });
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/sendMail";
  server->Stop();
  CurlMultiTransport client;

  auto reply = Call(client, ClientRequest{.method = "POST", .url = url, .body = "{}"});

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
}

TEST(CurlMultiTransportTest, ADroppedPostIsSentOnceAndIsDeadlineExceeded) {
  std::atomic<int> posts{0};
  auto server = StartOrDie(TlsServerOptions(), [&posts](const Request& r) {
    if (r.path == "/warm") return MakeResponse(200, "text/plain", "ok");
    ++posts;
    Response response;
    response.drop_connection = true;
    return response;
  });
  CurlMultiTransport client(TrustTestCa());
  ASSERT_TRUE(Call(client, ClientRequest{.method = "GET", .url = Url(*server, "/warm")}));

  auto reply =
      Call(client, ClientRequest{.method = "POST", .url = Url(*server, "/sendMail"), .body = "{}"});

  ASSERT_FALSE(reply);
  EXPECT_EQ(posts.load(), 1);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);
}

TEST(CurlMultiTransportTest, TimeoutIsDeadlineExceeded) {
  auto server = StartOrDie(TlsServerOptions(), [](const Request&) {
    Response response;
    response.delay = 60s;  // Stop() abandons it
    return response;
  });
  CurlMultiTransport client(TrustTestCa());

  auto reply =
      Call(client, ClientRequest{.method = "GET", .url = Url(*server, "/"), .timeout = 100ms});

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);
}

TEST(CurlMultiTransportTest, HoldsManyRequestsInFlightOnOneThreadAndReusesConnections) {
  constexpr int kRequests = 200;
  std::latch all_arrived(kRequests);
  auto server = StartOrDie(TlsServerOptions(), [&all_arrived](const Request&) {
    all_arrived.count_down();
    Response response = MakeResponse(202, "text/plain", "");
    response.delay = 50ms;  // a timer in the server, not a thread
    return response;
  });
  CurlMultiTransport client(TrustTestCa(1));
  std::atomic<int> accepted{0};
  std::latch done(kRequests);

  for (int round = 0; round < 2; ++round) {
    std::latch round_done(kRequests / 2);
    for (int i = 0; i < kRequests / 2; ++i) {
      client.Start(ClientRequest{.method = "POST", .url = Url(*server, "/s"), .body = "{}"},
                   [&](Result<ClientResponse> r) {
                     if (r && r->status == 202) ++accepted;
                     round_done.count_down();
                     done.count_down();
                   });
    }
    round_done.wait();
  }

  done.wait();
  EXPECT_EQ(accepted.load(), kRequests);
  EXPECT_LT(client.connections_opened(), static_cast<std::size_t>(kRequests));  // reused
  EXPECT_EQ(client.in_flight(), 0u);
}

}  // namespace
}  // namespace graphpost::http
