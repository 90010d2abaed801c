// Start-up in dependency order, shutdown in reverse, with the outbox flushed while everything its
// callbacks reach is still alive.
#include "gateway/gateway.hpp"

#include <unistd.h>

#include <boost/json.hpp>

#include "core/files.hpp"
#include "core/json.hpp"
#include "gateway/key_files.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"

namespace graphpost::gateway {
namespace {

api::ApiOptions ApiOptionsOf(const GatewayConfig& c) {
  api::ApiOptions options;
  options.max_message_request_bytes = c.max_message_bytes;
  options.max_batch_request_bytes = c.max_batch_bytes;
  return options;
}

// Each lane's pacing, for clients that estimate delivery times (`graphpost send --bulk --wait`):
// {"messagesPerMinute": default, "connections": {"name": rate, ...}}.
json::object LanesOf(const delivery::EngineOptions& d) {
  json::object connections;
  for (const auto& [name, limits] : d.limits_by_connection) {
    connections[name] = limits.messages_per_minute;
  }
  return {{"messagesPerMinute", d.default_limits.messages_per_minute},
          {"connections", std::move(connections)}};
}

}  // namespace

std::filesystem::path EndpointFile(const std::filesystem::path& data_dir) {
  return data_dir / "gateway.json";
}

std::filesystem::path OperatorKeyFile(const std::filesystem::path& data_dir) {
  return data_dir / "operator.key";
}

Gateway::Gateway(GatewayConfig config, GatewayDeps deps)
    : config_(std::move(config)),
      clock_(deps.clock),
      random_(deps.random),
      log_(deps.log),
      make_engine_(std::move(deps.make_engine)),
      sandbox_admin_(std::move(deps.sandbox_admin)),
      client_(std::move(deps.client)) {}

Gateway::~Gateway() { Shutdown(); }

Result<std::unique_ptr<Gateway>> Gateway::Start(GatewayConfig config, GatewayDeps deps) {
  if (auto valid = ValidateConfig(config); !valid) return Fail(valid.error());
  std::unique_ptr<Gateway> gateway(new Gateway(std::move(config), std::move(deps)));
  if (auto s = gateway->OpenOutbox(); !s) return Fail(s.error());
  if (auto s = gateway->EnsureConsoleTokenFile(); !s) return Fail(s.error());
  if (auto s = gateway->StartEngine(); !s) return Fail(s.error());
  if (auto s = gateway->StartServer(); !s) return Fail(s.error());
  if (auto s = gateway->StartSmtp(); !s) return Fail(s.error());
  if (auto s = gateway->WriteEndpointFile(); !s) return Fail(s.error());
  gateway->log_.Info("gateway listening", {{"url", gateway->endpoint_.base_url},
                                           {"smtp_port", gateway->endpoint_.smtp_port},
                                           {"smtps_port", gateway->endpoint_.smtps_port},
                                           {"data_dir", gateway->config_.data_dir.string()}});
  return gateway;
}

Status Gateway::OpenOutbox() {
  if (auto dir = EnsureDirectory(config_.data_dir, std::filesystem::perms::owner_all); !dir) {
    return Fail(dir.error());
  }
  outbox::OutboxOptions options;
  options.max_bytes = static_cast<std::int64_t>(config_.outbox_max_bytes);
  auto store = outbox::SqliteOutboxStore::Open(config_.data_dir / "outbox.db", options, clock_);
  if (!store) return Fail(store.error().code, "outbox: " + store.error().message);
  outbox_ = std::move(*store);
  directory_ = std::make_unique<StoreConnectionDirectory>(client_->connections(), clock_);
  return EnsureOperatorKey();
}

// The operator's admin key, for `graphpost apikey` and `graphpost queue`.
Status Gateway::EnsureOperatorKey() {
  const auto file = OperatorKeyFile(config_.data_dir);
  auto made = EnsureKeyFile(*outbox_, clock_, random_, file, {.name = "operator", .admin = true});
  if (!made) return Fail(made.error());
  if (*made) log_.Info("operator key written", {{"file", file.string()}});
  return Ok();
}

Status Gateway::StartEngine() {
  delivery::EngineSetup setup{.clock = clock_,
                              .random = random_,
                              .outbox = *outbox_,
                              .connections = client_->connections(),
                              .token_dir = (config_.data_dir / "tokens").string(),
                              .options = config_.delivery,
                              .log = &log_};
  auto engine = make_engine_(std::move(setup));
  if (!engine) return Fail(engine.error().code, "delivery engine: " + engine.error().message);
  engine_ = std::move(*engine);
  if (auto started = engine_->Start(); !started) {
    return Fail(started.error().code, "delivery engine: " + started.error().message);
  }
  engine_started_ = true;
  return Ok();
}

Status Gateway::StartServer() {
  api_ = std::make_unique<api::Api>(
      api::ApiSetup{.outbox = *outbox_,
                    .clock = clock_,
                    .random = random_,
                    .connections = *directory_,
                    .notify =
                        [this](const std::vector<outbox::LaneKey>& lanes) {
                          if (!draining_) engine_->Notify(lanes);
                        },
                    .options = ApiOptionsOf(config_)});
  operator_ = std::make_unique<OperatorApi>(*outbox_, *directory_, clock_, random_);
  GatewayProbes probes{.store_readable = [this] { return StoreReadable(); },
                       .engine_started = [this] { return engine_started_.load(); },
                       .draining = [this] { return draining_.load(); },
                       .metrics = [this] { return Snapshot(); }};
  RouteTarget operator_routes{
      .admit = [this](const http::Request& head) { return operator_->Admit(head); },
      .handle =
          [this](http::Request r, http::Respond respond) {
            operator_->Handle(std::move(r), std::move(respond));
          }};
  RouteTarget api_routes{
      .admit = [this](const http::Request& head) { return api_->Admit(head); },
      .handle = [this](http::Request r,
                       http::Respond respond) { api_->Handle(std::move(r), std::move(respond)); }};
  routes_ = std::make_unique<GatewayRoutes>(std::move(probes), std::move(operator_routes),
                                            std::move(api_routes), StartConsole());
  http::ServerOptions options{
      .host = config_.host, .port = config_.port, .threads = config_.threads};
  options.limits.max_connections = config_.max_connections;
  if (!config_.tls_cert.empty()) {
    auto cert = ReadFileText(config_.tls_cert);
    auto key = cert ? ReadOwnerOnlyFile(config_.tls_key, 1 << 20) : Result<std::string>(cert);
    if (!key) return Fail(ErrorCode::kInvalidArgument, "tls: " + key.error().message);
    options.cert_pem = std::move(*cert);
    options.key_pem = std::move(*key);
  }
  options.admit = [this](const http::Request& head) { return routes_->Admit(head); };
  options.error_body = ProtocolProblemBody;
  auto server = http::Server::Start(
      std::move(options), http::DeferredHandler([this](http::Request r, http::Respond respond) {
        routes_->Handle(std::move(r), std::move(respond));
      }));
  if (!server) return Fail(server.error());
  server_ = std::move(*server);
  const bool tls = !config_.tls_cert.empty();
  const std::string host =
      config_.host.find(':') != std::string::npos ? "[" + config_.host + "]" : config_.host;
  endpoint_ = {.base_url = std::string(tls ? "https" : "http") + "://" + host + ":" +
                           std::to_string(server_->port()),
               .port = server_->port(),
               .tls = tls,
               .pid = static_cast<int>(::getpid())};
  return Ok();
}

Status Gateway::WriteEndpointFile() {
  json::object doc{{"baseUrl", endpoint_.base_url},
                   {"port", endpoint_.port},
                   {"tls", endpoint_.tls},
                   {"pid", endpoint_.pid},
                   {"smtp_port", endpoint_.smtp_port},
                   {"smtps_port", endpoint_.smtps_port},
                   {"lanes", LanesOf(config_.delivery)}};
  if (endpoint_.tls) doc["caPath"] = std::filesystem::absolute(config_.tls_cert).string();
  return WriteFileAtomic(EndpointFile(config_.data_dir), ToJson(doc) + "\n", kOwnerOnly);
}

Status Gateway::StoreReadable() {
  // Any read proves the store answers; an id that cannot exist keeps it cheap.
  auto probe = outbox_->Get("00000000-0000-0000-0000-000000000000", std::nullopt);
  if (probe || probe.error().code == ErrorCode::kNotFound) return Ok();
  return Fail(probe.error());
}

MetricsSnapshot Gateway::Snapshot() {
  MetricsSnapshot s;
  auto counts = outbox_->CountByState();
  s.outbox_readable = counts.has_value();
  if (counts) s.messages_by_state = std::move(*counts);
  s.engine = engine_->Stats();
  s.draining = draining_;
  if (smtp_server_ && intake_) {
    s.smtp = SmtpMetrics{.server = smtp_server_->Stats(), .principals = intake_->Counts()};
  }
  s.ready = s.outbox_readable && engine_started_ && !s.draining;
  return s;
}

void Gateway::Shutdown() {
  if (shut_down_.exchange(true)) return;
  draining_ = true;
  log_.Info("gateway shutting down",
            {{"deadline_ms", static_cast<std::int64_t>(config_.shutdown_deadline.count())}});
  // SMTP first: from here a submission gets 421 4.3.2; one already handed to the outbox still
  // gets its 250 (Stop waits a few seconds for it) before its session is closed.
  if (intake_) intake_->BeginShutdown();
  if (smtp_server_) smtp_server_->Stop();
  if (server_) server_->Stop();
  // Doctor runs still going answer now, while the console and the engine they read are alive.
  doctor_.reset();
  if (engine_ && engine_started_) engine_->Stop(config_.shutdown_deadline);
  // Finishes the AUTH checks still queued (their answers reach stopped sessions).
  authenticator_.reset();
  // Commits what is still queued; its callbacks may reach the API and the SMTP intake (whose
  // answers now go nowhere) and the engine, all still alive here.
  outbox_.reset();
  smtp_server_.reset();
  intake_.reset();
  access_.reset();
  smtp_tls_.reset();
  server_.reset();
  engine_.reset();
  routes_.reset();
  console_.reset();
  operator_.reset();
  api_.reset();
  directory_.reset();
  std::error_code ec;
  if (endpoint_.port != 0) std::filesystem::remove(EndpointFile(config_.data_dir), ec);
  log_.Info("gateway stopped", {});
}

}  // namespace graphpost::gateway
