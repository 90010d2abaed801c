// sandbox/identity/client_assertion.hpp — checks a certificate client assertion (RFC 7523
// private_key_jwt) the way Entra does: certificate found by x5t (SHA-1, RS256 style) or x5t#S256
// (SHA-256, PS256 style), signature, iss == sub == client_id, aud = this tenant's token endpoint,
// exp/nbf with 5 minutes of clock skew, and a jti replay cache.
// AssertionReplayCache is thread-safe; ValidateClientAssertion is pure apart from the cache.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sandbox/identity/ests_error.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::identity {

inline constexpr std::chrono::minutes kAssertionClockSkew{5};

// Remembers the jti of every accepted assertion until it expires.
//
// A jti presented again by a *different* assertion is a replay and is refused. The byte-identical
// assertion presented again is accepted: msal-node caches its signed assertion for its whole
// 10-minute life and re-sends it on every token request in that window (ClientAssertion.getJwt),
// and Entra accepts that, so refusing it would break unmodified msal-node (e.g. after a 503).
class AssertionReplayCache {
 public:
  explicit AssertionReplayCache(std::size_t max_entries = 100000) : max_entries_(max_entries) {}

  // Records `jti` of `client_id` for `assertion`, kept until `expiry`. False when the jti is
  // already recorded, unexpired, for a different assertion.
  bool Record(std::string_view client_id, std::string_view jti, std::string_view assertion,
              WallTime expiry, WallTime now);

 private:
  struct Entry {
    std::string assertion_sha256;
    WallTime expiry;
  };
  void PurgeExpired(WallTime now);  // requires mu_

  std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // "<client id>\n<jti>". Guarded by mu_.
};

struct AssertionCheck {
  std::string client_id;                     // the request's client_id
  const Application* application = nullptr;  // the app client_id names; not owned
  // Accepted `aud` values (compared ignoring case): every identifier of the tenant under every
  // accepted base URL, with /oauth2/v2.0/token and /oauth2/token.
  std::vector<std::string> audiences;
  WallTime now;
};

// nullopt when the assertion authenticates the client; otherwise the ESTS error (all 401
// invalid_client): 50027 malformed or no thumbprint or replayed jti, 700027 unknown or expired
// certificate or bad signature, 700021 iss/sub, 700023 aud, 700024 time range.
std::optional<EstsError> ValidateClientAssertion(std::string_view assertion,
                                                 const AssertionCheck& check,
                                                 AssertionReplayCache& replay_cache);

// The audiences ESTS accepts for a tenant: for each base URL and each tenant identifier,
// "<base>/<identifier>/oauth2/v2.0/token" and "<base>/<identifier>/oauth2/token".
std::vector<std::string> TokenEndpointAudiences(const std::vector<std::string>& base_urls,
                                                const std::vector<std::string>& identifiers);

}  // namespace graphpost::sandbox::identity
