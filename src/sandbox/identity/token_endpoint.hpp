// sandbox/identity/token_endpoint.hpp — POST /{tenant}/oauth2/v2.0/token (and the v1
// /{tenant}/oauth2/token) for the client-credentials grant: validates the request in Entra's order,
// authenticates the client by secret or certificate assertion, and issues a Graph access token
// or the exact ESTS error. Thread-safe: World::mu is held only to copy what a request needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "sandbox/identity/access_token.hpp"
#include "sandbox/identity/client_assertion.hpp"
#include "sandbox/identity/ests_error.hpp"
#include "sandbox/identity/token_request.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::identity {

enum class TokenEndpointVersion { kV1, kV2 };

// Retry-After sent with an injected token outage (FaultRule::token_outage).
inline constexpr std::chrono::seconds kOutageRetryAfter{5};

class TokenEndpoint {
 public:
  // `world`, `clock` and `random` must outlive the endpoint.
  TokenEndpoint(World& world, Clock& clock, Random& random)
      : world_(world), clock_(clock), random_(random) {}

  // Answers a request whose path named `tenant_segment` (percent-decoded). Always a response:
  // 200 with a token, or an ESTS error. Sets X-Sandbox-Log-App to the client id when one was sent.
  http::Response Handle(const http::Request& request, std::string_view tenant_segment,
                        TokenEndpointVersion version);

 private:
  // What a request needs from the World, copied under World::mu.
  struct Snapshot {
    bool tenant_found = false;
    std::string tenant_id;
    std::string tenant_name;               // display name, else id
    std::vector<std::string> identifiers;  // id and domains
    std::optional<Application> app;
    std::optional<ServicePrincipal> service_principal;
    bool outage = false;
    std::string base_url;
    TokenSettings tokens;
  };
  using Outcome = std::variant<http::Response, EstsError>;

  Snapshot Take(std::string_view tenant_segment, const std::optional<std::string>& client_id);
  Outcome Serve(const http::Request& request, const Result<TokenRequest>& parsed,
                std::string_view tenant_segment, TokenEndpointVersion version,
                const EstsRequestContext& context);
  Outcome ServeForTenant(const TokenRequest& request, const Snapshot& snapshot,
                         TokenEndpointVersion version, const EstsRequestContext& context);
  Expected<ClientAuthentication, EstsError> Authenticate(const TokenRequest& request,
                                                         const Snapshot& snapshot, WallTime now);
  Expected<ClientAuthentication, EstsError> AuthenticateAssertion(const TokenRequest& request,
                                                                  const Snapshot& snapshot,
                                                                  WallTime now);
  // Every accepted resource is Graph, whose token audience is fixed, so it is not passed.
  Outcome Issue(const Snapshot& snapshot, ClientAuthentication authentication,
                TokenEndpointVersion version, const EstsRequestContext& context);

  World& world_;
  Clock& clock_;
  Random& random_;
  AssertionReplayCache replay_cache_;
};

}  // namespace graphpost::sandbox::identity
