// sandbox/identity/identity_service.hpp — the Entra ID endpoints of every sandbox tenant, as
// unmodified @azure/msal-node calls them with authority https://localhost:PORT/<tenant>: the
// token endpoint (client credentials, secret or certificate), OpenID Connect metadata, the JWKS
// and cloud instance discovery. Thread-safe: locks World::mu around state access only.
#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "sandbox/identity/token_endpoint.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::identity {

class IdentityService {
 public:
  // `world`, `clock` and `random` must outlive the service. World::settings.base_url and
  // World::signing_key must be set before requests arrive.
  IdentityService(World& world, Clock& clock, Random& random);

  // nullopt when the request is not for an Entra endpoint. Handles:
  //   POST /{tenant}/oauth2/v2.0/token  (and /{tenant}/oauth2/token, v1 form with `resource=`)
  //   GET  /{tenant}/v2.0/.well-known/openid-configuration
  //   GET  /{tenant}/discovery/v2.0/keys   (and /{tenant}/discovery/keys)
  //   GET  /common/discovery/instance
  // Token responses carry X-Sandbox-Log-App: <client_id> for the server's request log.
  std::optional<http::Response> Handle(const http::Request& request);

 private:
  http::Response OpenIdMetadata(const http::Request& request, std::string_view tenant);
  http::Response Keys(const http::Request& request, std::string_view tenant);
  http::Response Instance(const http::Request& request);
  http::Response MetadataError(const http::Request& request, const EstsError& error);

  World& world_;
  Clock& clock_;
  Random& random_;
  TokenEndpoint token_endpoint_;
};

}  // namespace graphpost::sandbox::identity
