// sandbox/identity/discovery.hpp — the documents msal-node reads before it asks for a token:
// OpenID Connect metadata, the signing keys (JWKS) and cloud instance discovery (protocol.md §1.6),
// every URL pointing at the sandbox's base URL. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::identity {

// Metadata for a tenant. `tenant_segment` goes into the endpoint URLs (the tenant GUID for a
// resolved tenant; "common"/"organizations"/"consumers" for the multi-tenant authorities), and
// `issuer_tenant` into the issuer ("{tenantid}" for the multi-tenant ones, as Entra does).
boost::json::object OpenIdConfiguration(std::string_view base_url, std::string_view tenant_segment,
                                        std::string_view issuer_tenant);

// {"keys":[{kty, use, kid, x5t, n, e, x5c, issuer}]} for the token-signing key.
boost::json::object Jwks(const SigningKey& key, std::string_view issuer);

// The instance-discovery answer (api-version 1.1) naming the sandbox host:port as the only cloud.
// `authorization_endpoint` is the query parameter msal sends; its first path segment becomes the
// tenant of tenant_discovery_endpoint ("common" when absent).
boost::json::object InstanceDiscovery(std::string_view base_url,
                                      std::string_view authorization_endpoint);

// "localhost:8443" from "https://localhost:8443" (scheme and path dropped).
std::string_view HostAndPort(std::string_view base_url);

}  // namespace graphpost::sandbox::identity
