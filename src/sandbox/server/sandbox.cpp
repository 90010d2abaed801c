#include "sandbox/server/sandbox.hpp"

#include <unistd.h>

#include <condition_variable>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "core/json.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/exchange/authorizer.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/identity/identity_service.hpp"
#include "sandbox/state/request_log.hpp"
#include "sandbox/state/settings_json.hpp"
#include "sandbox/state/state_json.hpp"

namespace graphpost::sandbox {
namespace json = boost::json;

struct Sandbox::Services {
  Services(World& world, OffsetClock& clock, Random& random, std::function<void()> persist,
           std::string admin_key)
      : identity(world, clock, random),
        graph(world, authorizer, clock, random),
        admin({world, authorizer, graph, log, clock, random, std::move(persist)},
              std::move(admin_key)) {}
  RequestLog log;
  exchange::Authorizer authorizer;
  identity::IdentityService identity;
  graph::GraphService graph;
  admin::AdminApi admin;
};

namespace {

http::Response RouteNotFound(const http::Request& req) {
  json::object error{{"code", "BadRequest"},
                     {"message", "Resource not found for the segment '" + req.path + "'."}};
  return http::MakeResponse(404, "application/json; charset=utf-8",
                            ToJson(json::object{{"error", error}}));
}

std::string TakeHeader(http::Response& r, std::string_view name) {
  auto v = r.headers.Get(name);
  std::string out = v ? std::string(*v) : std::string();
  r.headers.Remove(name);
  return out;
}

}  // namespace

Sandbox::Sandbox(Clock& clock, Random& random)
    : clock_(clock), random_(random), world_(std::make_unique<World>()) {}

Sandbox::~Sandbox() { Stop(); }

Result<std::unique_ptr<Sandbox>> Sandbox::Start(SandboxOptions options, Clock& clock,
                                                Random& random) {
  std::unique_ptr<Sandbox> sb(new Sandbox(clock, random));
  auto dir = StateDir::Open(options.state_dir);
  if (!dir) return Fail(dir.error());
  sb->state_dir_.emplace(std::move(*dir));
  auto tls = sb->state_dir_->EnsureTls(clock);
  if (!tls) return Fail(tls.error());
  auto signing = sb->state_dir_->EnsureSigningKey();
  if (!signing) return Fail(signing.error());
  auto admin_key = sb->state_dir_->EnsureAdminKey(random);
  if (!admin_key) return Fail(admin_key.error());
  sb->admin_key_ = *admin_key;
  sb->world_->signing_key = {
      crypto::Certificate::SelfSigned({.common_name = "graphpost sandbox token signing",
                                       .not_before = clock.WallNow(),
                                       .not_after = clock.WallNow() + std::chrono::days{3650}},
                                      *signing)
          .transform([](const crypto::Certificate& c) { return c.X5t(); })
          .value_or("sandbox-signing-key"),
      *signing};
  Sandbox* raw = sb.get();
  sb->services_ = std::make_unique<Services>(
      *sb->world_, sb->clock_, random, [raw] { (void)raw->Save(); }, sb->admin_key_);
  if (auto s = sb->LoadState(options); !s) return Fail(s.error());
  if (!options.settings_patch.empty()) {
    SandboxSettings patched = sb->world_->settings;
    if (auto s = PatchSettings(patched, options.settings_patch); !s) return Fail(s.error());
    sb->world_->settings = patched;
  }
  sb->clock_.AdvanceTo(sb->world_->settings.clock_offset);
  if (options.listen) {
    http::ServerOptions server_options{
        .host = options.host,
        .port = options.port,
        .cert_pem = tls->cert_chain_pem,
        .key_pem = tls->key_pem,
        .threads = options.threads,
        .limits = options.server_limits,
        .admit = [raw](const http::Request& head) { return raw->Admit(head); }};
    auto server = http::Server::Start(server_options,
                                      [raw](const http::Request& r) { return raw->Handle(r); });
    if (!server) return Fail(server.error());
    sb->server_ = std::move(*server);
  }
  int port = sb->server_ ? sb->server_->port() : options.port;
  std::string base = "https://localhost:" + std::to_string(port);
  sb->world_->settings.base_url = base;
  sb->services_->graph.ApplySettings();
  sb->endpoint_ = {base,
                   base,
                   base + "/v1.0",
                   tls->ca_path,
                   (sb->state_dir_->path() / "admin.key").string(),
                   port,
                   static_cast<long>(::getpid())};
  if (options.listen) {
    if (auto s = sb->state_dir_->WriteEndpoint(sb->endpoint_); !s) return Fail(s.error());
    sb->saver_ = std::jthread([raw](std::stop_token stop) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      // Mail changes with every request, so it is saved periodically rather than per change.
      while (!cv.wait_for(lock, stop, std::chrono::seconds{30},
                          [&stop] { return stop.stop_requested(); }))
        (void)raw->Save();
    });
  }
  return sb;
}

Status Sandbox::LoadState(const SandboxOptions& options) {
  auto saved =
      options.reset ? Result<std::optional<json::value>>(std::nullopt) : state_dir_->LoadState();
  if (!saved) return Fail(saved.error());
  if (!saved->has_value()) {
    if (options.scenario.empty()) return Ok();
    return LoadScenario(options.scenario);
  }
  const json::value& doc = **saved;
  auto loaded = TenantsFromJson(doc, random_, clock_.WallNow());
  if (!loaded) return Fail(ErrorCode::kInvalidArgument, "state.json: " + loaded.error().message);
  {
    std::lock_guard lock(world_->mu);
    world_->tenants = std::move(loaded->tenants);
    if (const json::object* settings = JsonObject(doc, "settings")) {
      if (auto s = PatchSettings(world_->settings, *settings); !s) return Fail(s.error());
    }
    clock_.AdvanceTo(world_->settings.clock_offset);  // saved times were taken on this clock
    for (const auto& t : world_->tenants) {
      services_->authorizer.Snapshot(t, clock_.WallNow(), std::chrono::seconds{0});
    }
  }
  if (const json::value* mail = doc.as_object().if_contains("mail")) {
    if (auto s = services_->graph.LoadJson(*mail); !s) {
      return Fail(ErrorCode::kInvalidArgument, "state.json mail: " + s.error().message);
    }
  }
  return Ok();
}

Status Sandbox::LoadScenario(const std::filesystem::path& path) {
  auto text = ReadFileText(path);
  if (!text) return Fail(text.error());
  auto doc = ParseJson(*text);
  if (!doc) return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + doc.error().message);
  auto loaded = TenantsFromJson(*doc, random_, clock_.WallNow());
  if (!loaded)
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + loaded.error().message);
  for (const auto& secret : loaded->new_secrets) {
    std::string name = secret.file_hint.empty() ? secret.app_id + ".secret" : secret.file_hint;
    auto file = state_dir_->WriteSecretFile(name, secret.value);
    if (!file) return Fail(file.error());
    written_secrets_.push_back({secret.tenant_id, secret.app_id, *file});
  }
  {
    std::lock_guard lock(world_->mu);
    world_->tenants = std::move(loaded->tenants);
    for (const auto& t : world_->tenants) {
      services_->authorizer.Snapshot(t, clock_.WallNow(), std::chrono::seconds{0});
    }
    ++world_->version;
  }
  return Save();
}

Status Sandbox::Save() {
  json::value mail = services_->graph.SaveJson();
  json::value doc;
  {
    std::lock_guard lock(world_->mu);
    doc = TenantsToJson(world_->tenants);
    doc.as_object()["settings"] = SettingsToJson(world_->settings);
  }
  doc.as_object()["mail"] = std::move(mail);
  return state_dir_->SaveState(doc);
}

http::Response Sandbox::Handle(const http::Request& req) {
  auto start = clock_.MonotonicNow();
  std::optional<http::Response> r = services_->admin.Handle(req);
  if (r) return std::move(*r);  // admin calls stay out of the request log
  r = services_->identity.Handle(req);
  if (!r) r = services_->graph.Handle(req);
  if (!r) r = RouteNotFound(req);
  RequestLogEntry entry{.time = clock_.WallNow(),
                        .method = req.method,
                        .path = req.path,
                        .status = r->drop_connection ? 0 : r->status,
                        .dropped = r->drop_connection,
                        .app = TakeHeader(*r, "X-Sandbox-Log-App"),
                        .mailbox = TakeHeader(*r, "X-Sandbox-Log-Mailbox"),
                        .duration = std::chrono::duration_cast<std::chrono::microseconds>(
                            clock_.MonotonicNow() - start + r->delay)};
  services_->log.Add(std::move(entry));
  return std::move(*r);
}

http::Admission Sandbox::Admit(const http::Request& head) {
  // Entra's token endpoint, discovery and unknown routes take small form or empty bodies.
  constexpr std::size_t kSmallBodyBytes = 64 * 1024;
  if (auto admission = services_->admin.Admit(head)) return std::move(*admission);
  auto admission = services_->graph.AdmitHead(head);
  if (!admission) return http::Admission::Accept(kSmallBodyBytes);
  if (admission->refusal) {
    services_->log.Add({.time = clock_.WallNow(),
                        .method = head.method,
                        .path = head.path,
                        .status = admission->refusal->status});
  }
  return std::move(*admission);
}

void Sandbox::Stop() {
  if (stopped_.exchange(true)) return;
  if (saver_.joinable()) {
    saver_.request_stop();
    saver_.join();
  }
  if (server_) server_->Stop();
  if (state_dir_ && services_) (void)Save();
  if (state_dir_ && server_) state_dir_->RemoveEndpoint();
}

}  // namespace graphpost::sandbox
