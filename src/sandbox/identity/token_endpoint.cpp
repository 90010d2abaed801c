// Check order (first failure wins): method, tenant syntax, body, injected outage, grant type,
// tenant existence, client_id, scope syntax, app lookup, client credential, app enabled, resource.
// ESTS's exact order is not documented; this one reports request-shape mistakes before anything
// that needs the directory, and never reveals more than a wrong credential would.
#include "sandbox/identity/token_endpoint.hpp"

#include <algorithm>

#include <boost/json/object.hpp>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "crypto/digest.hpp"

namespace graphpost::sandbox::identity {
namespace {

bool MatchesTenant(const FaultRule& rule, const Tenant* tenant) {
  if (rule.tenant_id.empty()) return true;
  return tenant != nullptr &&
         (AsciiIEquals(rule.tenant_id, tenant->id) || tenant->HasDomain(rule.tenant_id));
}

bool HasTokenOutage(const std::vector<FaultRule>& faults, const Tenant* tenant) {
  return std::any_of(faults.begin(), faults.end(), [&](const FaultRule& rule) {
    return rule.token_outage && MatchesTenant(rule, tenant);
  });
}

// Header values must not carry control characters (the server writes them verbatim).
bool IsSafeHeaderValue(std::string_view value) {
  return !value.empty() && value.size() <= 256 &&
         std::all_of(value.begin(), value.end(), [](char c) {
           auto u = static_cast<unsigned char>(c);
           return u >= 0x20 && u < 0x7f;
         });
}

std::string CorrelationId(const Result<TokenRequest>& parsed, const http::Request& request,
                          Random& random) {
  if (parsed && parsed->client_request_id && IsGuid(*parsed->client_request_id)) {
    return *parsed->client_request_id;
  }
  auto header = request.headers.Get("client-request-id");
  if (header && IsGuid(*header)) return std::string(*header);
  return NewGuid(random);
}

std::optional<EstsError> CheckGrant(const TokenRequest& request, TenantKind kind) {
  if (!request.grant_type) return MissingParameter("grant_type");
  if (*request.grant_type != "client_credentials") return UnsupportedGrantType(*request.grant_type);
  if (kind == TenantKind::kMultiTenant) return GrantNotSupportedOverCommon();
  return std::nullopt;
}

// v2 reads `scope`; v1 reads `resource` (UNCONFIRMED: the v1 error for a missing resource).
Expected<std::string, EstsError> RequestedResource(const TokenRequest& request,
                                                   TokenEndpointVersion version) {
  if (version == TokenEndpointVersion::kV2) return CheckScope(request.scope);
  if (!request.resource) return Unexpected(MissingParameter("resource"));
  return *request.resource;
}

std::optional<EstsError> CheckSecret(const Application& app, const std::string& secret,
                                     WallTime now) {
  std::string digest = crypto::HexLower(crypto::Sha256(secret));
  for (const PasswordCredential& credential : app.secrets) {
    if (!crypto::ConstantTimeEquals(AsciiLower(credential.value_sha256), digest)) continue;
    if (now > credential.end) return ExpiredClientSecret(app.app_id);
    if (now < credential.start) break;
    return std::nullopt;
  }
  return InvalidClientSecret(app.app_id);
}

http::Response TokenResponse(const std::string& access_token, std::chrono::seconds lifetime,
                             WallTime now, TokenEndpointVersion version) {
  json::object body;
  body["token_type"] = "Bearer";
  if (version == TokenEndpointVersion::kV2) {
    body["expires_in"] = lifetime.count();
    body["ext_expires_in"] = lifetime.count();
  } else {
    // The v1 endpoint sends numbers as strings and adds expires_on / not_before / resource.
    long long issued = ToUnixSeconds(now);
    body["expires_in"] = std::to_string(lifetime.count());
    body["ext_expires_in"] = std::to_string(lifetime.count());
    body["expires_on"] = std::to_string(issued + lifetime.count());
    body["not_before"] = std::to_string(issued - std::chrono::seconds(kIssuedAtBackdate).count());
    body["resource"] = kGraphResource;
  }
  body["access_token"] = access_token;
  http::Response response;
  response.status = 200;
  response.body = ToJson(body);
  return response;
}

}  // namespace

http::Response TokenEndpoint::Handle(const http::Request& request, std::string_view tenant_segment,
                                     TokenEndpointVersion version) {
  Result<TokenRequest> parsed = ParseTokenRequest(request);
  EstsRequestContext context{NewGuid(random_), CorrelationId(parsed, request, random_),
                             clock_.WallNow()};
  Outcome outcome = Serve(request, parsed, tenant_segment, version, context);
  http::Response response;
  if (auto* error = std::get_if<EstsError>(&outcome)) {
    response = RenderEstsError(*error, context);
  } else {
    response = std::move(std::get<http::Response>(outcome));
    SetEstsHeaders(response, context);
  }
  if (parsed && parsed->client_id && IsSafeHeaderValue(*parsed->client_id)) {
    response.headers.Set("X-Sandbox-Log-App", *parsed->client_id);
  }
  return response;
}

TokenEndpoint::Snapshot TokenEndpoint::Take(std::string_view tenant_segment,
                                            const std::optional<std::string>& client_id) {
  std::lock_guard lock(world_.mu);
  Snapshot s;
  s.base_url = world_.settings.base_url;
  s.tokens = world_.settings.tokens;
  const Tenant* tenant = world_.FindTenant(tenant_segment);
  s.outage = HasTokenOutage(world_.faults, tenant);
  if (tenant == nullptr) return s;
  s.tenant_found = true;
  s.tenant_id = tenant->id;
  s.tenant_name = tenant->display_name.empty() ? tenant->id : tenant->display_name;
  s.identifiers.push_back(tenant->id);
  s.identifiers.insert(s.identifiers.end(), tenant->domains.begin(), tenant->domains.end());
  if (client_id) {
    if (const Application* app = tenant->FindApplication(*client_id)) s.app = *app;
    if (const ServicePrincipal* sp = tenant->FindServicePrincipalByAppId(*client_id)) {
      s.service_principal = *sp;
    }
  }
  return s;
}

TokenEndpoint::Outcome TokenEndpoint::Serve(const http::Request& request,
                                            const Result<TokenRequest>& parsed,
                                            std::string_view tenant_segment,
                                            TokenEndpointVersion version,
                                            const EstsRequestContext& context) {
  if (request.method == "OPTIONS") return http::Response{};  // CORS preflight: nothing to say
  if (request.method != "POST") return MethodNotAllowed(request.method);
  TenantKind kind = ClassifyTenant(tenant_segment);
  if (kind == TenantKind::kMalformed) return MalformedTenant(tenant_segment);
  if (kind == TenantKind::kEmptyGuid) return EmptyGuidTenant();
  if (!parsed) return MalformedRequest();
  Snapshot snapshot = Take(tenant_segment, parsed->client_id);
  if (snapshot.outage) return TemporarilyUnavailable(kOutageRetryAfter);
  if (auto error = CheckGrant(*parsed, kind)) return *error;
  if (!snapshot.tenant_found) return TenantNotFound(tenant_segment);
  return ServeForTenant(*parsed, snapshot, version, context);
}

TokenEndpoint::Outcome TokenEndpoint::ServeForTenant(const TokenRequest& request,
                                                     const Snapshot& snapshot,
                                                     TokenEndpointVersion version,
                                                     const EstsRequestContext& context) {
  if (!request.client_id) return MissingParameter("client_id");
  auto resource = RequestedResource(request, version);
  if (!resource) return resource.error();
  if (!snapshot.app || !snapshot.service_principal) {
    return ApplicationNotFound(*request.client_id, snapshot.tenant_name);
  }
  auto authentication = Authenticate(request, snapshot, context.now);
  if (!authentication) return authentication.error();
  if (!snapshot.service_principal->enabled) {
    return ApplicationDisabled(snapshot.app->app_id, snapshot.app->display_name);
  }
  if (!IsGraphResource(*resource)) return ResourceNotFound(*resource, snapshot.tenant_name);
  return Issue(snapshot, *authentication, version, context);
}

Expected<ClientAuthentication, EstsError> TokenEndpoint::Authenticate(const TokenRequest& request,
                                                                      const Snapshot& snapshot,
                                                                      WallTime now) {
  // msal-node never sends both; when a client does, the assertion (the stronger proof) is used.
  if (request.client_assertion) return AuthenticateAssertion(request, snapshot, now);
  if (!request.client_secret) return Unexpected(MissingClientCredential());
  if (auto error = CheckSecret(*snapshot.app, *request.client_secret, now)) {
    return Unexpected(*error);
  }
  return ClientAuthentication::kSecret;
}

Expected<ClientAuthentication, EstsError> TokenEndpoint::AuthenticateAssertion(
    const TokenRequest& request, const Snapshot& snapshot, WallTime now) {
  if (!request.client_assertion_type) {
    return Unexpected(MissingParameter("client_assertion_type"));
  }
  if (*request.client_assertion_type != kJwtBearerAssertionType) {
    return Unexpected(InvalidAssertionType());
  }
  // The sandbox is this tenant's "realm", and so is the real login host a client may have kept.
  std::vector<std::string> bases{"https://login.microsoftonline.com"};
  if (!snapshot.base_url.empty()) bases.push_back(snapshot.base_url);
  AssertionCheck check{*request.client_id, &*snapshot.app,
                       TokenEndpointAudiences(bases, snapshot.identifiers), now};
  if (auto error = ValidateClientAssertion(*request.client_assertion, check, replay_cache_)) {
    return Unexpected(*error);
  }
  return ClientAuthentication::kCertificate;
}

TokenEndpoint::Outcome TokenEndpoint::Issue(const Snapshot& snapshot,
                                            ClientAuthentication authentication,
                                            TokenEndpointVersion version,
                                            const EstsRequestContext& context) {
  auto lo =
      static_cast<std::uint64_t>(std::max<long long>(1, snapshot.tokens.min_lifetime.count()));
  auto hi = static_cast<std::uint64_t>(
      std::max<long long>(static_cast<long long>(lo), snapshot.tokens.max_lifetime.count()));
  std::chrono::seconds lifetime(static_cast<long long>(random_.Uniform(lo, hi)));
  // Whole seconds, so that expires_in == exp - now exactly.
  WallTime now = std::chrono::floor<std::chrono::seconds>(context.now);
  AccessTokenGrant grant{snapshot.tenant_id,
                         snapshot.app->app_id,
                         snapshot.app->display_name,
                         snapshot.service_principal->object_id,
                         snapshot.service_principal->granted_app_roles,
                         authentication,
                         now,
                         lifetime};
  auto token = MintAccessToken(grant, world_.signing_key, random_);
  if (!token) return ServerError(token.error().message);
  return TokenResponse(*token, lifetime, now, version);
}

}  // namespace graphpost::sandbox::identity
