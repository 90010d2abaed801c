// sandbox/server/state_dir.hpp — the sandbox's state directory: its CA and server certificate,
// token-signing key, admin key, persisted tenant and mail state, generated secrets, and the
// endpoint file through which the CLI finds a running sandbox. Files holding keys or secrets are
// created with mode 0600 and the directory with 0700. Not thread-safe; owned by one Sandbox.
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
  // Creates the directory (0700) when missing. kUnavailable when it cannot be created.
  [[nodiscard]] static Result<StateDir> Open(std::filesystem::path path);

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
  // Writes the state atomically (temp file + rename).
  [[nodiscard]] Status SaveState(const boost::json::value& state) const;

  // Writes a generated secret value to secrets/<name> (0600); returns the file path.
  [[nodiscard]] Result<std::string> WriteSecretFile(const std::string& name,
                                                    const std::string& value) const;

  [[nodiscard]] Status WriteEndpoint(const Endpoint& endpoint) const;
  void RemoveEndpoint() const;
  // Reads endpoint.json of a sandbox running on `dir`. kNotFound when none is running there.
  [[nodiscard]] static Result<Endpoint> ReadEndpoint(const std::filesystem::path& dir);

 private:
  explicit StateDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// Reads a whole file. kNotFound when missing, kUnavailable on other errors.
[[nodiscard]] Result<std::string> ReadFileText(const std::filesystem::path& path);
// Writes a file atomically with the given mode.
[[nodiscard]] Status WriteFileAtomic(const std::filesystem::path& path, std::string_view text,
                                     std::filesystem::perms mode);

}  // namespace graphpost::sandbox
