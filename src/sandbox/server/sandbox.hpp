// sandbox/server/sandbox.hpp — the composition root of `graphpost sandbox serve`: it owns the
// World, the Entra, Exchange and Graph services, the admin API, the request log, the state
// directory and the HTTPS server, and routes each request to the service that serves it.
// Persistence: state.json holds tenants, settings and a checkpoint of the mail; the mail journal
// (journal-<N>.jsonl) holds every mail change since, each durable before it is answered; admin
// changes save state.json before they are answered. Thread-safe: Handle() may be called from
// many server threads.
#pragma once

#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "http/http_server.hpp"
#include "sandbox/server/file_mail_journal.hpp"
#include "sandbox/server/state_dir.hpp"
#include "sandbox/state/offset_clock.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox {

struct SandboxOptions {
  std::filesystem::path state_dir;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 2;
  // Loaded on first start (no saved state) or always with `reset`.
  std::filesystem::path scenario;
  bool reset = false;
  // Applied on top of the saved settings (same names as the admin API's settings).
  boost::json::object settings_patch;
  bool listen = true;  // false: no socket; tests call Handle() directly
  // Deadlines and caps of the HTTPS server (docs/sandbox.md); body limits come from Admit().
  http::ServerLimits server_limits;
  // How far an answered mail change survives (file_mail_journal.hpp).
  JournalDurability durability = JournalDurability::kProcessCrash;
  // Where failures to save state are reported, loudly (must outlive the sandbox).
  std::ostream* log = &std::cerr;
};

// A secret the scenario asked to generate, written once to a 0600 file.
struct WrittenSecret {
  std::string tenant_id;
  std::string app_id;
  std::string path;
};

class Sandbox {
 public:
  ~Sandbox();
  // Locks and opens the state directory, loads state.json and replays the mail journal (or loads
  // the scenario), checkpoints, starts serving. Errors name the file, line or setting at fault;
  // kUnavailable naming the running PID when another sandbox holds the state directory.
  [[nodiscard]] static Result<std::unique_ptr<Sandbox>> Start(SandboxOptions options, Clock& clock,
                                                              Random& random);

  const Endpoint& endpoint() const { return endpoint_; }
  const std::vector<WrittenSecret>& written_secrets() const { return written_secrets_; }
  const std::string& admin_key() const { return admin_key_; }

  // Serves one request (what the HTTPS server calls).
  http::Response Handle(const http::Request& request);
  // Decides from a request's head, before its body is read, how large a body to read, or
  // refuses it (the HTTPS server's admission hook): Graph and admin requests without valid
  // credentials are refused with the answer Handle() would give (logged as Handle() logs it);
  // Graph, upload, admin, token and other routes each get their own body limit.
  http::Admission Admit(const http::Request& head);
  // Saves tenants and mail to the state directory.
  // Checkpoints: saves tenants, settings and mail to state.json and starts a new journal file.
  // kUnavailable naming the file and the OS error.
  [[nodiscard]] Status Save();
  // Stops serving, saves, removes endpoint.json, releases the state directory. Idempotent.
  void Stop();

  World& world() { return *world_; }

 private:
  struct Services;
  Sandbox(Clock& clock, Random& random, const SandboxOptions& options);
  [[nodiscard]] Status LoadState(const SandboxOptions& options);
  [[nodiscard]] Status LoadSavedState(const boost::json::value& doc);
  [[nodiscard]] Status ReplayJournals(std::uint64_t from_generation);
  [[nodiscard]] Status ReplayJournal(const std::filesystem::path& path);
  [[nodiscard]] Status LoadScenario(const std::filesystem::path& path);
  // Checkpoints what was loaded and opens the journal that records every change from now on.
  [[nodiscard]] Status OpenJournal(JournalDurability durability);
  [[nodiscard]] Status WriteState(boost::json::value mail, std::uint64_t journal_generation);
  // Save(), reporting a failure on the log (`when`: "at shutdown", ...).
  [[nodiscard]] Status SaveOrReport(std::string_view when);
  void RunCheckpoints(std::stop_token stop);
  // One request of a $batch: served by Graph and logged like a direct request.
  http::Response HandleGraph(const http::Request& request);
  // Adds the request log entry for `response` (taking its X-Sandbox-Log-* headers off).
  http::Response Logged(const http::Request& request, http::Response response,
                        std::chrono::steady_clock::time_point start);

  OffsetClock clock_;  // the Clock given to Start, moved forward by settings.clock_offset
  Random& random_;
  std::ostream& log_;
  std::optional<StateDir> state_dir_;
  std::unique_ptr<World> world_;
  std::unique_ptr<FileMailJournal> journal_;  // outlives services_, which write to it
  std::uint64_t next_generation_ = 1;         // of the journal, when it is opened
  std::mutex save_mu_;                        // one checkpoint at a time
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Server> server_;
  Endpoint endpoint_;
  std::string admin_key_;
  std::vector<WrittenSecret> written_secrets_;
  std::jthread saver_;
  std::atomic<bool> stopped_{false};
};

}  // namespace graphpost::sandbox
