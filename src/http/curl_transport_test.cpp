// CurlTransport against the real Server on loopback: error mapping, methods, headers.
#include "http/curl_transport.hpp"

#include <atomic>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "http/http_server.hpp"
#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

using namespace std::chrono_literals;
using testing::TlsServerOptions;

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

std::unique_ptr<Server> StartOrDie(ServerOptions options, Handler handler) {
  auto server = Server::Start(std::move(options), std::move(handler));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(*server) : nullptr;
}

// Echoes the request line, the Content-Type and Expect headers, and the body.
Response Describe(const Request& r) {
  std::string text = r.method + " " + r.target + "\n";
  text += "content-type=" + std::string(r.headers.Get("Content-Type").value_or("(none)")) + "\n";
  text += "expect=" + std::string(r.headers.Get("Expect").value_or("(none)")) + "\n";
  return MakeResponse(200, "text/plain", text + r.body);
}

TEST(CurlTransportTest, MalformedUrlIsInvalidArgument) {
  CurlTransport client;

  auto reply = client.Send(Req("GET", "not a url"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kInvalidArgument);
}

TEST(CurlTransportTest, NonHttpSchemeIsInvalidArgument) {
  CurlTransport client;

  auto reply = client.Send(Req("GET", "ftp://127.0.0.1/file"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kInvalidArgument);
}

TEST(CurlTransportTest, RefusedConnectionIsUnavailableAndTheMessageHidesSecrets) {
  auto server = StartOrDie({}, Describe);
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  server->Stop();
  CurlTransport client;
  ClientRequest request = Req("POST", url, "secret-body");
  request.headers.Set("Authorization", "Bearer secret-token");

  auto reply = client.Send(request);

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(reply.error().message.find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(reply.error().message.find("secret"), std::string::npos);
}

TEST(CurlTransportTest, UntrustedCertificateIsUnavailable) {
  auto server = StartOrDie(TlsServerOptions(), Describe);
  CurlTransport client;  // system store: does not trust the test CA

  auto reply = client.Send(Req("GET", "https://localhost:" + std::to_string(server->port()) + "/"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
}

TEST(CurlTransportTest, TimeoutIsDeadlineExceeded) {
  auto server = StartOrDie(TlsServerOptions(), [](const Request&) {
    Response response;
    response.delay = 60s;  // Stop() abandons it
    return response;
  });
  CurlTransport client(TrustTestCa());

  ClientRequest request = Req("GET", "https://localhost:" + std::to_string(server->port()) + "/");
  request.timeout = 100ms;

  auto reply = client.Send(request);

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);
}

TEST(CurlTransportTest, ConnectToRedirectsAHostToTheLocalServer) {
  auto server = StartOrDie(TlsServerOptions(), Describe);
  CurlOptions options = TrustTestCa();
  options.connect_to = {"localhost:8443:127.0.0.1:" + std::to_string(server->port())};
  CurlTransport client(options);

  auto reply = client.Send(Req("GET", "https://localhost:8443/v1.0/me"));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body.substr(0, reply->body.find('\n')), "GET /v1.0/me");
}

TEST(CurlTransportTest, SendsNeitherExpectNorAFormContentTypeUnasked) {
  auto server = StartOrDie(TlsServerOptions(), Describe);
  CurlTransport client(TrustTestCa());
  const std::string url = "https://localhost:" + std::to_string(server->port()) + "/m";

  auto reply = client.Send(Req("POST", url, std::string(2 << 20, 'x')));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_NE(reply->body.find("content-type=(none)\nexpect=(none)\n"), std::string::npos);
}

TEST(CurlTransportTest, SendsTheMethodHeadersAndBodyGiven) {
  auto server = StartOrDie(TlsServerOptions(), Describe);
  CurlTransport client(TrustTestCa());
  const std::string url = "https://localhost:" + std::to_string(server->port()) + "/m?q=1";

  for (std::string method : {"PUT", "PATCH", "DELETE", "POST"}) {
    ClientRequest request = Req(method, url, "{}");
    request.headers.Set("Content-Type", "application/json");
    auto reply = client.Send(request);
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->body, method + " /m?q=1\ncontent-type=application/json\nexpect=(none)\n{}");
  }
}

TEST(CurlTransportTest, DeleteWithoutBodySendsNoBody) {
  auto server = StartOrDie(TlsServerOptions(), Describe);
  CurlTransport client(TrustTestCa());
  const std::string url = "https://localhost:" + std::to_string(server->port()) + "/x";

  auto reply = client.Send(Req("DELETE", url));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "DELETE /x\ncontent-type=(none)\nexpect=(none)\n");
}

TEST(CurlTransportTest, ReturnsErrorStatusesAndTheirHeaders) {
  auto server = StartOrDie(TlsServerOptions(), [](const Request&) {
    Response response = MakeResponse(429, "application/json", R"({"error":{}})");
    response.headers.Set("Retry-After", "7");
    return response;
  });
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("GET", "https://localhost:" + std::to_string(server->port()) + "/"));

  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 429);
  EXPECT_EQ(reply->headers.Get("retry-after"), "7");
  EXPECT_EQ(reply->body, R"({"error":{}})");
}

// Answers /warm with 200 (so the client keeps the connection) and drops the connection, without
// a response byte, on every other path after reading the whole request. Counts each request.
class DroppingServer {
 public:
  DroppingServer()
      : server_(StartOrDie(TlsServerOptions(), [this](const Request& r) {
          if (r.path == "/warm") return MakeResponse(200, "text/plain", "ok");
          ++dropped_;
          Response response;
          response.drop_connection = true;
          return response;
        })) {}
  std::string Url(const std::string& path) const {
    return "https://localhost:" + std::to_string(server_->port()) + path;
  }
  int dropped() const { return dropped_.load(); }

 private:
  std::atomic<int> dropped_{0};
  std::unique_ptr<Server> server_;
};

TEST(CurlTransportTest, APostOnAReusedConnectionThatDiesIsSentOnceAndIsDeadlineExceeded) {
  DroppingServer server;
  CurlTransport client(TrustTestCa());
  ASSERT_TRUE(client.Send(Req("GET", server.Url("/warm"))));

  auto reply = client.Send(Req("POST", server.Url("/sendMail"), R"({"message":{}})"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(server.dropped(), 1);  // libcurl's own retry on a fresh connection would make it 2
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);  // sent; outcome unknown
}

TEST(CurlTransportTest, AnEmptyPostOnAReusedConnectionThatDiesIsSentOnce) {
  DroppingServer server;
  CurlTransport client(TrustTestCa());
  ASSERT_TRUE(client.Send(Req("GET", server.Url("/warm"))));
  ClientRequest send = Req("POST", server.Url("/messages/1/send"));
  send.headers.Set("Content-Length", "0");

  auto reply = client.Send(send);

  ASSERT_FALSE(reply);
  EXPECT_EQ(server.dropped(), 1);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);
}

TEST(CurlTransportTest, AFreshConnectionDroppedAfterTheRequestIsDeadlineExceeded) {
  DroppingServer server;
  CurlTransport client(TrustTestCa());

  auto reply = client.Send(Req("POST", server.Url("/sendMail"), "{}"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(server.dropped(), 1);
  EXPECT_EQ(reply.error().code, ErrorCode::kDeadlineExceeded);
}

TEST(CurlTransportTest, ARefusedConnectionIsUnavailableSinceNothingWasSent) {
  auto server = StartOrDie({}, Describe);
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/sendMail";
  server->Stop();
  CurlTransport client;

  auto reply = client.Send(Req("POST", url, "{}"));

  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace graphpost::http
