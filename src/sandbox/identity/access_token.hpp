// sandbox/identity/access_token.hpp — the app-only access token Entra issues for Microsoft Graph:
// a v1.0 JWT (protocol.md §2) signed RS256 with the sandbox's signing key. Pure apart from the
// injected Random; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::identity {

enum class ClientAuthentication { kSecret, kCertificate };  // appidacr "1" / "2"

struct AccessTokenGrant {
  std::string tenant_id;
  std::string app_id;
  std::string app_display_name;
  std::string service_principal_id;  // oid and sub
  std::vector<std::string> roles;    // granted application permissions; may be empty
  ClientAuthentication authentication = ClientAuthentication::kSecret;
  WallTime issued;                      // when the request was served
  std::chrono::seconds lifetime{3600};  // exp = issued + lifetime (whole seconds)
};

// ESTS backdates iat/nbf by five minutes (a real Graph token shows exp - iat = 3900 s for an
// expires_in of ~3600 s), so clients with slow clocks accept the token at once.
inline constexpr std::chrono::minutes kIssuedAtBackdate{5};

// The claims, in the order Entra emits them. `roles` is omitted when empty, as Entra does for an
// app without admin consent.
boost::json::object AccessTokenClaims(const AccessTokenGrant& grant, Random& random);

// Signs the claims with `key` (header typ JWT, alg RS256, kid and x5t = key.kid).
// kInternal when signing fails (no key loaded).
[[nodiscard]] Result<std::string> MintAccessToken(const AccessTokenGrant& grant,
                                                  const SigningKey& key, Random& random);

}  // namespace graphpost::sandbox::identity
