// gateway/gateway.hpp — the composition root of `graphpost serve`: it owns, in dependency order,
// the client side (app::Client: the connection store), the outbox (outbox.db in the data
// directory), the connection directory, the delivery engine, the REST API, the operator routes,
// the web console (console.enabled; docs/console.md), the HTTP(S) server and the SMTP listener
// (with its authenticator, access policy and intake), and it writes gateway.json (where it
// listens) into the data directory.
// docs/gateway.md, "Running the gateway". Thread-safe: Shutdown() may be called from any thread
// except a server thread.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/api.hpp"
#include "app/client.hpp"
#include "console/console.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "delivery/delivery_engine.hpp"
#include "gateway/console_doctor.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/gateway_routes.hpp"
#include "gateway/operator_api.hpp"
#include "gateway/smtp_intake.hpp"
#include "gateway/store_connection_directory.hpp"
#include "http/http_server.hpp"
#include "http/tls_server_context.hpp"
#include "log/logger.hpp"
#include "outbox/outbox_store.hpp"
#include "smtp/access/account_authenticator.hpp"
#include "smtp/access/range_access_policy.hpp"
#include "smtp/server/smtp_server.hpp"

namespace graphpost::gateway {

// Builds the delivery engine: delivery::MakeDeliveryEngine in `graphpost serve`; tests may pass
// a small stand-in.
using EngineFactory =
    std::function<Result<std::unique_ptr<delivery::DeliveryEngine>>(delivery::EngineSetup setup)>;

// What the caller lends (clock, random, log: they outlive the gateway) and hands over.
struct GatewayDeps {
  Clock& clock;
  Random& random;
  log::Logger& log;
  // The client side's composition root: its connection store (sealed with the master key) is
  // the gateway's.
  std::unique_ptr<app::Client> client;
  EngineFactory make_engine;
  // The embedded sandbox's admin API (`serve --demo`), for the console's Sandbox pages; empty
  // when no sandbox runs in the process. What it calls must outlive the gateway.
  console::SandboxAdmin sandbox_admin;
};

// Where a running gateway listens, as gateway.json records it.
struct GatewayEndpoint {
  std::string base_url;  // "http://127.0.0.1:8480" (https with TLS)
  std::uint16_t port = 0;
  bool tls = false;
  int pid = 0;
  std::uint16_t smtp_port = 0;   // plain SMTP + STARTTLS; 0 when SMTP is off
  std::uint16_t smtps_port = 0;  // implicit TLS; 0 when off
};

class Gateway {
 public:
  // Opens the outbox, starts the delivery engine (which recovers what a previous process left
  // in flight), starts the HTTP server and (smtp.enabled) the SMTP listener, writes
  // gateway.json. Errors from each part, with its context ("outbox: ...", "delivery engine: ...",
  // "smtp: ..."); kInvalidArgument for TLS files that cannot be read; kUnavailable naming
  // host:port when a listener cannot bind.
  [[nodiscard]] static Result<std::unique_ptr<Gateway>> Start(GatewayConfig config,
                                                              GatewayDeps deps);
  ~Gateway();  // Shutdown()
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  const GatewayEndpoint& endpoint() const { return endpoint_; }
  outbox::OutboxStore& outbox() { return *outbox_; }

  // The console admin token made by this start (console.enabled and no
  // <data dir>/console-token.sha256 yet), handed out once for the caller to show the person who
  // started the gateway; empty afterwards, and when the token already existed. Never logged.
  Secret TakeNewConsoleToken();

  // Graceful stop: /readyz turns 503, SMTP submissions get 421 4.3.2 and the SMTP listener
  // closes its sessions, the HTTP server stops accepting and closes its connections,
  // the engine stops claiming and waits up to config.shutdown_deadline for in-flight sends, the
  // outbox commits what is queued and closes, gateway.json is removed. What was not sent stays
  // queued for the next start. Idempotent.
  void Shutdown();

  // The readiness and metrics the routes report (also for tests).
  [[nodiscard]] Status StoreReadable();
  MetricsSnapshot Snapshot();

 private:
  Gateway(GatewayConfig config, GatewayDeps deps);
  [[nodiscard]] Status OpenOutbox();
  [[nodiscard]] Status EnsureOperatorKey();
  [[nodiscard]] Status StartEngine();
  [[nodiscard]] Status EnsureConsoleTokenFile();  // gateway_console.cpp
  [[nodiscard]] RouteTarget StartConsole();       // gateway_console.cpp; {} when off
  [[nodiscard]] Status StartServer();
  [[nodiscard]] Status StartSmtp();  // gateway_smtp.cpp
  [[nodiscard]] Status WriteEndpointFile();

  const GatewayConfig config_;
  Clock& clock_;
  Random& random_;
  log::Logger& log_;
  EngineFactory make_engine_;
  console::SandboxAdmin sandbox_admin_;
  std::mutex token_mu_;
  Secret new_console_token_;  // Guarded by token_mu_.
  // Members in dependency order: each is destroyed before what it uses.
  std::unique_ptr<app::Client> client_;
  std::unique_ptr<outbox::OutboxStore> outbox_;
  std::unique_ptr<StoreConnectionDirectory> directory_;
  std::unique_ptr<delivery::DeliveryEngine> engine_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<OperatorApi> operator_;
  // The console's Test button and the console (null while console.enabled is false).
  std::unique_ptr<ConsoleDoctor> doctor_;
  std::unique_ptr<console::Console> console_;
  std::unique_ptr<GatewayRoutes> routes_;
  std::unique_ptr<http::Server> server_;
  // The SMTP listener and the ports it calls (null while smtp.enabled is false).
  std::unique_ptr<http::TlsServerContext> smtp_tls_;
  std::unique_ptr<smtp::access::AccountAuthenticator> authenticator_;
  std::unique_ptr<smtp::access::RangeAccessPolicy> access_;
  std::unique_ptr<SmtpIntake> intake_;
  std::unique_ptr<smtp::SmtpServer> smtp_server_;
  GatewayEndpoint endpoint_;
  std::atomic<bool> engine_started_{false};
  std::atomic<bool> draining_{false};
  std::atomic<bool> shut_down_{false};
};

// <data dir>/gateway.json, <data dir>/operator.key: where `graphpost apikey` and `graphpost
// queue` find the running gateway and the operator's admin key.
std::filesystem::path EndpointFile(const std::filesystem::path& data_dir);
std::filesystem::path OperatorKeyFile(const std::filesystem::path& data_dir);
// <data dir>/console-token.sha256: the console admin token's hash (console/console_token.hpp).
std::filesystem::path ConsoleTokenFile(const std::filesystem::path& data_dir);

}  // namespace graphpost::gateway
