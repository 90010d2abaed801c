// auth/token_store.hpp — the port through which TokenCache keeps access tokens beyond one process,
// so consecutive `graphpost send` runs reuse a valid token (as MSAL's persistent cache does). The
// implementation (app/sealed_token_store) seals tokens at rest; auth knows nothing of files or
// keys. Implementations are thread-safe and safe against other processes using the same store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::auth {

// A token as persisted: wall-clock times, since steady-clock time points do not survive a process.
struct StoredToken {
  Secret value;
  std::chrono::system_clock::time_point obtained_at;  // when the token request started
  std::chrono::system_clock::time_point expires_at;
  std::vector<std::string> roles;
  std::string tenant_id;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // The token last saved under `key` (TokenCache's credential key), or nullopt when there is none.
  // Errors (unreadable, corrupted, sealed with another key) are for diagnosis; TokenCache treats
  // them as a miss and asks the token endpoint.
  [[nodiscard]] virtual Result<std::optional<StoredToken>> Load(const std::string& key) = 0;
  // Saves `token` under `key`, replacing what was there; atomic for concurrent readers and writers.
  // TokenCache ignores failures (the token still serves this process).
  [[nodiscard]] virtual Status Save(const std::string& key, const StoredToken& token) = 0;
};

}  // namespace graphpost::auth
