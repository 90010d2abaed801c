// gateway/gateway_test_fixture.hpp — test-only: the Gateway over real parts (SQLite outbox and
// connection store in a temporary data directory with a connection "contoso" for a@contoso.com,
// the HTTP server and the SMTP listener on free ports, the REST API) with a stand-in delivery
// engine that records what it is asked.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "connections/sample_connections_test.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "gateway/gateway.hpp"
#include "gateway/stand_in_engine_test.hpp"
#include "http/curl_transport.hpp"
#include "log/capturing_logger.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::gateway {

class GatewayTest : public ::testing::Test {
 protected:
  Result<std::unique_ptr<Gateway>> StartGateway(std::uint64_t outbox_max_bytes = 0,
                                                std::filesystem::path tls_cert = {},
                                                std::filesystem::path tls_key = {}) {
    auto client =
        app::Client::Open({.data_dir = dir_.path()}, {.clock = &clock_, .random = &random_});
    EXPECT_TRUE(client) << client.error().message;
    auto& store = (*client)->connections();
    if (!store.Get("contoso")) {
      EXPECT_TRUE(store.Add(connections::test::SecretConnection("contoso", "a@contoso.com")));
    }
    GatewayConfig config = DefaultConfig(dir_.path());
    config.port = 0;
    config.shutdown_deadline = std::chrono::seconds(7);
    config.outbox_max_bytes = outbox_max_bytes;
    config.tls_cert = std::move(tls_cert);
    config.tls_key = std::move(tls_key);
    config.smtp.port = 0;  // never a fixed port in tests
    if (configure_) configure_(config);
    return Gateway::Start(config,
                          {.clock = clock_,
                           .random = random_,
                           .log = log_,
                           .client = std::move(*client),
                           .make_engine =
                               [this](delivery::EngineSetup setup) {
                                 engine_log_ = setup.log;
                                 return Result<std::unique_ptr<delivery::DeliveryEngine>>(
                                     std::make_unique<test::StandInEngine>(engine_, mu_, cv_));
                               },
                           .sandbox_admin = sandbox_admin_});
  }

  http::ClientResponse Call(const Gateway& gw, std::string method, std::string path,
                            std::string key = "", std::string body = "") {
    http::ClientRequest req{
        .method = std::move(method), .url = gw.endpoint().base_url + path, .body = std::move(body)};
    if (!key.empty()) req.headers.Set("Authorization", "Bearer " + key);
    if (!req.body.empty()) req.headers.Set("Content-Type", "application/json");
    auto resp = http_.Send(req);
    EXPECT_TRUE(resp) << resp.error().message;
    return resp ? *resp : http::ClientResponse{};
  }

  std::string OperatorKey() {
    return ReadOwnerOnlyFile(OperatorKeyFile(dir_.path()), 256).value_or("");
  }

  std::string MakeKey(const Gateway& gw) {
    auto created = Call(gw, "POST", "/v1/admin/apikeys", OperatorKey(),
                        R"({"name":"shop","connections":["contoso"]})");
    EXPECT_EQ(created.status, 201) << created.body;
    return JsonString(*ParseJson(created.body), "key").value_or("");
  }

  std::function<void(GatewayConfig&)> configure_;  // last word on the configuration
  console::SandboxAdmin sandbox_admin_;            // the console's Sandbox pages; none by default
  testing::TempDir dir_;
  SystemClock clock_;
  SystemRandom random_;
  log::CapturingLogger log_;
  http::CurlTransport http_;
  std::mutex mu_;
  std::condition_variable cv_;
  test::StandInEngine::Record engine_;
  log::Logger* engine_log_ = nullptr;  // what the gateway handed the engine
};

}  // namespace graphpost::gateway
