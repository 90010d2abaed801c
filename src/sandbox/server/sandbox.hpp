// sandbox/server/sandbox.hpp — the composition root of `graphpost sandbox serve`: it owns the
// World, the Entra, Exchange and Graph services, the admin API, the request log, the state
// directory and the HTTPS server, and routes each request to the service that serves it.
// Thread-safe: Handle() may be called from many server threads.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "http/http_server.hpp"
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
  // Opens the state directory, loads state (or the scenario), starts serving. Errors name the
  // file or setting at fault.
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
  [[nodiscard]] Status Save();
  // Stops serving, saves, removes endpoint.json. Idempotent.
  void Stop();

  World& world() { return *world_; }

 private:
  struct Services;
  Sandbox(Clock& clock, Random& random);
  [[nodiscard]] Status LoadState(const SandboxOptions& options);
  [[nodiscard]] Status LoadScenario(const std::filesystem::path& path);

  OffsetClock clock_;  // the Clock given to Start, moved forward by settings.clock_offset
  Random& random_;
  std::optional<StateDir> state_dir_;
  std::unique_ptr<World> world_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Server> server_;
  Endpoint endpoint_;
  std::string admin_key_;
  std::vector<WrittenSecret> written_secrets_;
  std::jthread saver_;
  std::atomic<bool> stopped_{false};
};

}  // namespace graphpost::sandbox
