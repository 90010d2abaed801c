// sandbox/graph/token_verifier.hpp — checks the bearer token of a Graph request the way Graph's
// front door does (protocol.md §2, §4.2): well-formed JWT, signed by the sandbox's token key,
// audience Graph, issuer Entra for the token's tenant, within its lifetime. Verified tokens are
// cached (token → claims, bounded), so the RSA check runs once per token, not once per request. The
// tenant in `tid` is checked by the caller. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time_format.hpp"
#include "sandbox/graph/graph_error.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::graph {

struct AccessClaims {
  std::string tenant_id;  // tid
  std::string app_id;     // appid (v1) or azp (v2)
  std::vector<std::string> roles;
  WallTime not_before{};
  WallTime expires{};
};

class TokenVerifier {
 public:
  // `key` must outlive the verifier (World::signing_key: set before serving, then immutable).
  explicit TokenVerifier(const SigningKey& key, std::size_t cache_capacity = 20000)
      : key_(key), capacity_(cache_capacity) {}

  // Checks the Authorization header value (nullopt when absent) at `now`. Errors are 401
  // InvalidAuthenticationToken with Graph's messages: "Access token is empty.", "IDX14100: JWT is
  // not well formed, there are no dots (.).", "Access token validation failure." (bad signature
  // or claims, including time claims beyond what a clock can hold), "Access token validation
  // failure. Invalid audience.", "Access token validation failure. Invalid issuer." (iss is not
  // Entra's issuer for the token's tid), "Lifetime validation failed, the token is expired."
  [[nodiscard]] GraphResult<AccessClaims> Verify(std::optional<std::string_view> authorization,
                                                 WallTime now);

 private:
  [[nodiscard]] GraphResult<AccessClaims> VerifyUncached(std::string_view token) const;
  std::optional<AccessClaims> Cached(std::string_view token);
  void Remember(std::string_view token, const AccessClaims& claims);

  const SigningKey& key_;
  std::size_t capacity_;
  std::mutex mu_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, AccessClaims, Hash, std::equal_to<>> cache_;  // Guarded by mu_.
};

}  // namespace graphpost::sandbox::graph
