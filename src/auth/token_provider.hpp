// auth/token_provider.hpp — the port through which the Graph client gets app-only access tokens.
// ClientCredentialsTokenProvider (client_credentials.hpp) is the real implementation; tests may
// use a fake. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::auth {

struct AccessToken {
  Secret value;  // the bearer token; only the Authorization header may Reveal() it
  std::chrono::steady_clock::time_point expires_at;
  // Decoded, NOT verified, from the JWT payload's "roles" claim: for diagnosis only (e.g. the
  // doctor saying "the token carries no Mail.Send"). Empty when absent or not a JWT.
  std::vector<std::string> roles;
  std::string tenant_id;  // the "tid" claim; empty when absent
};

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  // A token valid now (served from a cache when possible). Errors carry the ErrorCode of the
  // failure (kUnauthenticated for a wrong or expired credential, kThrottled / kUnavailable when
  // the token endpoint is busy or down, ...) and, for Entra failures, remote_code "AADSTS…".
  [[nodiscard]] virtual Result<AccessToken> GetToken() = 0;
  // Drops `rejected` from the cache if it is still the cached token (after a Graph 401), so the
  // next GetToken() asks for a new one. Does nothing for an older token.
  virtual void Invalidate(const Secret& rejected) = 0;
};

}  // namespace graphpost::auth
