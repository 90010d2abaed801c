// Field sets copy the recorded ESTS documents of protocol.md §1.6, with the login host replaced
// by the sandbox's base URL.
#include "sandbox/identity/discovery.hpp"

#include <boost/json/array.hpp>

#include "core/base64.hpp"

namespace graphpost::sandbox::identity {
namespace {

namespace json = boost::json;

json::array Strings(std::initializer_list<std::string_view> items) {
  json::array out;
  for (std::string_view item : items) out.emplace_back(item);
  return out;
}

std::string TrimSlash(std::string_view base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url);
}

// The tenant segment of "https://host:port/<tenant>/oauth2/v2.0/authorize".
std::string TenantOfAuthorizationEndpoint(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return "common";
  std::string_view rest = url.substr(path + 1);
  std::string_view tenant = rest.substr(0, rest.find_first_of("/?#"));
  return tenant.empty() ? "common" : std::string(tenant);
}

void AddStaticMetadata(json::object& m) {
  m["token_endpoint_auth_methods_supported"] =
      Strings({"client_secret_post", "private_key_jwt", "client_secret_basic"});
  m["response_modes_supported"] = Strings({"query", "fragment", "form_post"});
  m["subject_types_supported"] = Strings({"pairwise"});
  m["id_token_signing_alg_values_supported"] = Strings({"RS256"});
  m["response_types_supported"] = Strings({"code", "id_token", "code id_token", "id_token token"});
  m["scopes_supported"] = Strings({"openid", "profile", "email", "offline_access"});
}

}  // namespace

std::string_view HostAndPort(std::string_view base_url) {
  std::size_t scheme = base_url.find("://");
  if (scheme != std::string_view::npos) base_url.remove_prefix(scheme + 3);
  return base_url.substr(0, base_url.find('/'));
}

json::object OpenIdConfiguration(std::string_view base_url, std::string_view tenant_segment,
                                 std::string_view issuer_tenant) {
  std::string base = TrimSlash(base_url);
  std::string tenant_base = base + "/" + std::string(tenant_segment);
  json::object m;
  m["token_endpoint"] = tenant_base + "/oauth2/v2.0/token";
  AddStaticMetadata(m);
  m["jwks_uri"] = tenant_base + "/discovery/v2.0/keys";
  m["issuer"] = base + "/" + std::string(issuer_tenant) + "/v2.0";
  m["request_uri_parameter_supported"] = false;
  m["userinfo_endpoint"] = "https://graph.microsoft.com/oidc/userinfo";
  m["authorization_endpoint"] = tenant_base + "/oauth2/v2.0/authorize";
  m["device_authorization_endpoint"] = tenant_base + "/oauth2/v2.0/devicecode";
  m["http_logout_supported"] = true;
  m["frontchannel_logout_supported"] = true;
  m["end_session_endpoint"] = tenant_base + "/oauth2/v2.0/logout";
  m["claims_supported"] =
      Strings({"sub", "iss", "cloud_instance_name", "cloud_instance_host_name",
               "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr",
               "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"});
  m["kerberos_endpoint"] = tenant_base + "/kerberos";
  m["tenant_region_scope"] = "WW";
  m["cloud_instance_name"] = "microsoftonline.com";
  m["cloud_graph_host_name"] = "graph.windows.net";
  m["msgraph_host"] = "graph.microsoft.com";
  m["rbac_url"] = "https://pas.windows.net";
  return m;
}

json::object Jwks(const SigningKey& key, std::string_view issuer) {
  json::object jwk;
  jwk["kty"] = "RSA";
  jwk["use"] = "sig";
  jwk["kid"] = key.kid;
  jwk["x5t"] = key.kid;
  bool loaded = key.key.native() != nullptr;
  jwk["n"] = loaded ? Base64UrlEncode(key.key.RsaModulus()) : "";
  jwk["e"] = loaded ? Base64UrlEncode(key.key.RsaExponent()) : "";
  // The signing key has no certificate; clients verify with n and e.
  jwk["x5c"] = json::array{};
  jwk["issuer"] = issuer;
  json::array keys;
  keys.emplace_back(std::move(jwk));
  return json::object{{"keys", std::move(keys)}};
}

json::object InstanceDiscovery(std::string_view base_url, std::string_view authorization_endpoint) {
  std::string base = TrimSlash(base_url);
  std::string_view host = HostAndPort(base);
  json::object cloud;
  cloud["preferred_network"] = host;
  cloud["preferred_cache"] = host;
  cloud["aliases"] = Strings({host});
  json::array metadata;
  metadata.emplace_back(std::move(cloud));
  json::object out;
  out["tenant_discovery_endpoint"] = base + "/" +
                                     TenantOfAuthorizationEndpoint(authorization_endpoint) +
                                     "/v2.0/.well-known/openid-configuration";
  out["api-version"] = "1.1";
  out["metadata"] = std::move(metadata);
  return out;
}

}  // namespace graphpost::sandbox::identity
