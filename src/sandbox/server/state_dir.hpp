// sandbox/server/state_dir.hpp — the sandbox's state directory: its CA and server certificate,
// token-signing key, admin key, persisted tenant and mail state, generated secrets, and the
// endpoint file through which the CLI finds a running sandbox. Files holding keys or secrets are
// created with mode 0600 and the directory with 0700. An open StateDir holds an exclusive
// flock(2) on `sandbox.lock` (which names the holder's PID), so one sandbox at a time owns the
// directory; CLI commands that only read endpoint.json take no lock. Not thread-safe; owned by
// one Sandbox.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "crypto/keys.hpp"

namespace graphpost::sandbox {

struct TlsMaterial {
  std::string ca_path;         // PEM the clients trust (NODE_EXTRA_CA_CERTS, curl --cacert)
  std::string cert_chain_pem;  // server certificate + CA
  std::string key_pem;
};

// What a running sandbox publishes in endpoint.json.
struct Endpoint {
  std::string base_url;   // https://localhost:PORT
  std::string login_url;  // same host; tenants below it
  std::string graph_url;  // https://localhost:PORT/v1.0
  std::string ca_path;
  std::string admin_key_path;
  int port = 0;
  long pid = 0;
};

boost::json::value EndpointToJson(const Endpoint& endpoint);

class StateDir {
 public:
  // Creates the directory (0700) when missing and locks it. kUnavailable when it cannot be
  // created, or when another process holds the lock (the message names its PID).
  [[nodiscard]] static Result<StateDir> Open(std::filesystem::path path);
  StateDir(StateDir&& other) noexcept;
  StateDir& operator=(StateDir&& other) noexcept;
  ~StateDir();  // releases the lock

  const std::filesystem::path& path() const { return path_; }

  // Loads the CA and server certificate, creating them on first use (EC P-256, CA valid 10
  // years, server certificate for localhost, 127.0.0.1, ::1, login.microsoftonline.com and
  // graph.microsoft.com, renewed when it expires within 30 days).
  [[nodiscard]] Result<TlsMaterial> EnsureTls(Clock& clock);
  // The RSA key that signs access tokens, created on first use.
  [[nodiscard]] Result<crypto::Key> EnsureSigningKey();
  // The admin API key (random, 0600), created on first use.
  [[nodiscard]] Result<std::string> EnsureAdminKey(Random& random);

  // The persisted state, or nullopt when none was saved yet.
  [[nodiscard]] Result<std::optional<boost::json::value>> LoadState() const;
  // Writes the state atomically and durably (temp file, fsync, rename, fsync of the directory).
  // kUnavailable naming the file and the OS error.
  [[nodiscard]] Status SaveState(const boost::json::value& state) const;

  // Writes a generated secret value to secrets/<name> (0600); returns the file path.
  [[nodiscard]] Result<std::string> WriteSecretFile(const std::string& name,
                                                    const std::string& value) const;

  [[nodiscard]] Status WriteEndpoint(const Endpoint& endpoint) const;
  void RemoveEndpoint() const;
  // Reads endpoint.json of a sandbox running on `dir`. kNotFound when none is running there.
  [[nodiscard]] static Result<Endpoint> ReadEndpoint(const std::filesystem::path& dir);

 private:
  StateDir(std::filesystem::path path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}
  std::filesystem::path path_;
  int lock_fd_ = -1;  // holds the flock; -1 once moved from
};

}  // namespace graphpost::sandbox
