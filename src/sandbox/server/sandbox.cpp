#include "sandbox/server/sandbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <limits>

#include <boost/json.hpp>

#include "core/files.hpp"
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
  Services(World& world, OffsetClock& clock, Random& random, std::function<Status()> persist,
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

// A checkpoint is taken this often when the journal has grown; it bounds replay time at start.
constexpr auto kCheckpointInterval = std::chrono::seconds{30};
constexpr std::uint64_t kAllJournals = std::numeric_limits<std::uint64_t>::max();

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

Sandbox::Sandbox(Clock& clock, Random& random, const SandboxOptions& options)
    : clock_(clock), random_(random), log_(*options.log), world_(std::make_unique<World>()) {}

Sandbox::~Sandbox() { Stop(); }

Result<std::unique_ptr<Sandbox>> Sandbox::Start(SandboxOptions options, Clock& clock,
                                                Random& random) {
  std::unique_ptr<Sandbox> sb(new Sandbox(clock, random, options));
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
      *sb->world_, sb->clock_, random, [raw] { return raw->SaveOrReport("after an admin change"); },
      sb->admin_key_);
  if (auto s = sb->LoadState(options); !s) return Fail(s.error());
  if (!options.settings_patch.empty()) {
    SandboxSettings patched = sb->world_->settings;
    if (auto s = PatchSettings(patched, options.settings_patch); !s) return Fail(s.error());
    sb->world_->settings = patched;
  }
  sb->clock_.AdvanceTo(sb->world_->settings.clock_offset);
  if (auto s = sb->OpenJournal(options.durability); !s) return Fail(s.error());
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
    sb->saver_ = std::jthread([raw](std::stop_token stop) { raw->RunCheckpoints(stop); });
  }
  return sb;
}

Status Sandbox::LoadState(const SandboxOptions& options) {
  if (options.reset) RemoveJournalsBefore(state_dir_->path(), kAllJournals);
  auto saved =
      options.reset ? Result<std::optional<json::value>>(std::nullopt) : state_dir_->LoadState();
  if (!saved) return Fail(saved.error());
  if (saved->has_value()) return LoadSavedState(**saved);
  auto journals = ListJournalGenerations(state_dir_->path());
  if (!journals) return Fail(journals.error());
  if (!journals->empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "mail journal files without state.json in " + state_dir_->path().string() +
                    ": restore state.json, or start over with --reset");
  }
  if (options.scenario.empty()) return Ok();
  return LoadScenario(options.scenario);
}

Status Sandbox::LoadSavedState(const json::value& doc) {
  const std::string file = (state_dir_->path() / "state.json").string();
  if (auto key = UnknownKey(doc, {"tenants", "settings", "mail", "journalGeneration"})) {
    return Fail(ErrorCode::kInvalidArgument, file + ": " + *key + ": unknown key");
  }
  auto loaded = TenantsFromJson(doc, random_, clock_.WallNow());
  if (!loaded) return Fail(ErrorCode::kInvalidArgument, file + ": " + loaded.error().message);
  {
    std::lock_guard lock(world_->mu);
    world_->tenants = std::move(loaded->tenants);
    if (const json::object* settings = JsonObject(doc, "settings")) {
      if (auto s = PatchSettings(world_->settings, *settings); !s) {
        return Fail(ErrorCode::kInvalidArgument, file + ": settings: " + s.error().message);
      }
    }
    clock_.AdvanceTo(world_->settings.clock_offset);  // saved times were taken on this clock
    for (const auto& t : world_->tenants) {
      services_->authorizer.Snapshot(t, clock_.WallNow(), std::chrono::seconds{0});
    }
  }
  if (const json::value* mail = doc.as_object().if_contains("mail")) {
    if (auto s = services_->graph.LoadJson(*mail); !s) {
      return Fail(ErrorCode::kInvalidArgument, file + ": mail." + s.error().message);
    }
  }
  // Files saved before the journal existed have no generation: every journal file follows them.
  return ReplayJournals(
      static_cast<std::uint64_t>(std::max(0LL, JsonInt(doc, "journalGeneration").value_or(0))));
}

Status Sandbox::ReplayJournals(std::uint64_t from_generation) {
  auto generations = ListJournalGenerations(state_dir_->path());
  if (!generations) return Fail(generations.error());
  next_generation_ = from_generation + 1;
  for (std::uint64_t g : *generations) {
    if (g < from_generation) continue;  // covered by state.json; deleted at the checkpoint
    if (auto s = ReplayJournal(JournalPath(state_dir_->path(), g)); !s) return s;
    next_generation_ = g + 1;
  }
  return Ok();
}

Status Sandbox::ReplayJournal(const std::filesystem::path& path) {
  auto contents = ReadJournalFile(path);
  if (!contents) return Fail(contents.error());
  for (std::size_t i = 0; i < contents->records.size(); ++i) {
    std::string where = path.string() + " line " + std::to_string(i + 1) + ": ";
    auto record = ParseJson(contents->records[i]);
    if (!record) return Fail(ErrorCode::kInvalidArgument, where + record.error().message);
    if (auto s = services_->graph.Replay(*record); !s) {
      return Fail(ErrorCode::kInvalidArgument, where + s.error().message);
    }
  }
  if (contents->torn_tail) {
    log_ << "graphpost sandbox: " << path.string() << " ends in an incomplete record (a write cut "
         << "short by a crash, never confirmed to a client); it was ignored" << std::endl;
  }
  return Ok();
}

Status Sandbox::LoadScenario(const std::filesystem::path& path) {
  auto text = ReadFileText(path);
  if (!text) return Fail(text.error());
  auto doc = ParseJson(*text);
  if (!doc) return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + doc.error().message);
  if (auto key = UnknownKey(*doc, {"description", "tenants"})) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + *key + ": unknown key");
  }
  auto loaded = TenantsFromJson(*doc, random_, clock_.WallNow());
  if (!loaded)
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + loaded.error().message);
  for (const auto& secret : loaded->new_secrets) {
    std::string name = secret.file_hint.empty() ? secret.app_id + ".secret" : secret.file_hint;
    auto file = state_dir_->WriteSecretFile(name, secret.value);
    if (!file) return Fail(file.error());
    written_secrets_.push_back({secret.tenant_id, secret.app_id, *file});
  }
  std::lock_guard lock(world_->mu);
  world_->tenants = std::move(loaded->tenants);
  for (const auto& t : world_->tenants)
    services_->authorizer.Snapshot(t, clock_.WallNow(), std::chrono::seconds{0});
  ++world_->version;
  return Ok();  // OpenJournal() saves it
}

Status Sandbox::OpenJournal(JournalDurability durability) {
  std::lock_guard lock(save_mu_);
  if (auto s = WriteState(services_->graph.SaveJson(), next_generation_); !s) return s;
  RemoveJournalsBefore(state_dir_->path(), next_generation_);
  auto journal = FileMailJournal::Create(state_dir_->path(), next_generation_, durability, log_);
  if (!journal) return Fail(journal.error());
  journal_ = std::move(*journal);
  services_->graph.AttachJournal(*journal_);
  return Ok();
}

Status Sandbox::WriteState(json::value mail, std::uint64_t journal_generation) {
  json::value doc;
  {
    std::lock_guard lock(world_->mu);
    doc = TenantsToJson(world_->tenants);
    doc.as_object()["settings"] = SettingsToJson(world_->settings);
  }
  doc.as_object()["mail"] = std::move(mail);
  doc.as_object()["journalGeneration"] = journal_generation;
  return state_dir_->SaveState(doc);
}

Status Sandbox::Save() {
  std::lock_guard lock(save_mu_);
  if (!state_dir_ || !journal_) return Fail(ErrorCode::kUnavailable, "the sandbox is not running");
  auto checkpoint = services_->graph.Checkpoint();
  if (!checkpoint) return Fail(checkpoint.error());
  if (auto s = WriteState(std::move(checkpoint->mail), checkpoint->journal_generation); !s) {
    return s;  // state.json and the older journal files still hold everything
  }
  journal_->CheckpointSaved(checkpoint->journal_generation);
  return Ok();
}

Status Sandbox::SaveOrReport(std::string_view when) {
  Status saved = Save();
  if (!saved) {
    log_ << "graphpost sandbox: ERROR: state not saved " << when << ": " << saved.error().message
         << std::endl;
  }
  return saved;
}

void Sandbox::RunCheckpoints(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  while (!cv.wait_for(lock, stop, kCheckpointInterval, [&stop] { return stop.stop_requested(); })) {
    // Failures are reported on the log; the journal keeps every change meanwhile.
    if (journal_->bytes_in_generation() > 0) (void)SaveOrReport("at a periodic checkpoint");
  }
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
  // Only a sandbox that loaded its state may write it back (a failed start must not overwrite
  // the state.json it refused); a failure is reported on the log and the journal keeps the mail.
  if (journal_) (void)SaveOrReport("at shutdown");
  if (state_dir_ && server_) state_dir_->RemoveEndpoint();
  state_dir_.reset();  // releases the lock for the next sandbox
}

}  // namespace graphpost::sandbox
