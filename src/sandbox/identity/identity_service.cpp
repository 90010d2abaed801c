#include "sandbox/identity/identity_service.hpp"

#include <vector>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "sandbox/identity/discovery.hpp"

namespace graphpost::sandbox::identity {
namespace {

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view piece : Split(path, '/')) {
    if (!piece.empty()) out.push_back(piece);
  }
  return out;
}

bool Matches(const std::vector<std::string_view>& segments,
             std::initializer_list<std::string_view> rest) {
  if (segments.size() != rest.size() + 1) return false;
  std::size_t i = 1;
  for (std::string_view expected : rest) {
    if (!AsciiIEquals(segments[i++], expected)) return false;
  }
  return true;
}

// Where the metadata documents of a tenant point: its GUID, or the multi-tenant alias itself.
struct MetadataTenant {
  std::optional<EstsError> error;
  std::string segment;        // used in endpoint URLs
  std::string issuer_tenant;  // used in the issuer
  std::string base_url;
};

MetadataTenant ResolveMetadataTenant(World& world, std::string_view tenant) {
  MetadataTenant out;
  TenantKind kind = ClassifyTenant(tenant);
  std::lock_guard lock(world.mu);
  out.base_url = world.settings.base_url;
  if (kind == TenantKind::kMalformed) {
    out.error = MalformedTenant(tenant);
  } else if (kind == TenantKind::kEmptyGuid) {
    out.error = EmptyGuidTenant();
  } else if (kind == TenantKind::kMultiTenant) {
    out.segment = AsciiLower(tenant);
    out.issuer_tenant = "{tenantid}";
  } else if (const Tenant* found = world.FindTenant(tenant)) {
    out.segment = found->id;
    out.issuer_tenant = found->id;
  } else {
    out.error = TenantNotFound(tenant);
  }
  return out;
}

http::Response JsonDocument(const json::object& body) {
  http::Response response =
      http::MakeResponse(200, "application/json; charset=utf-8", ToJson(body));
  response.headers.Set("Cache-Control", "max-age=86400, private");
  response.headers.Set("Access-Control-Allow-Origin", "*");
  return response;
}

std::string DecodeSegment(std::string_view segment) {
  auto decoded = PercentDecode(segment, false);
  return decoded ? *decoded : std::string(segment);
}

}  // namespace

IdentityService::IdentityService(World& world, Clock& clock, Random& random)
    : world_(world), clock_(clock), random_(random), token_endpoint_(world, clock, random) {}

std::optional<http::Response> IdentityService::Handle(const http::Request& request) {
  std::vector<std::string_view> segments = PathSegments(request.path);
  if (segments.size() < 2) return std::nullopt;
  std::string tenant = DecodeSegment(segments[0]);
  if (Matches(segments, {"oauth2", "v2.0", "token"})) {
    return token_endpoint_.Handle(request, tenant, TokenEndpointVersion::kV2);
  }
  if (Matches(segments, {"oauth2", "token"})) {
    return token_endpoint_.Handle(request, tenant, TokenEndpointVersion::kV1);
  }
  bool read = request.method == "GET" || request.method == "HEAD";
  if (read && Matches(segments, {"v2.0", ".well-known", "openid-configuration"})) {
    return OpenIdMetadata(request, tenant);
  }
  if (read && (Matches(segments, {"discovery", "v2.0", "keys"}) ||
               Matches(segments, {"discovery", "keys"}))) {
    return Keys(request, tenant);
  }
  if (read && AsciiIEquals(tenant, "common") && Matches(segments, {"discovery", "instance"})) {
    return Instance(request);
  }
  return std::nullopt;
}

http::Response IdentityService::MetadataError(const http::Request& request,
                                              const EstsError& error) {
  auto header = request.headers.Get("client-request-id");
  std::string correlation = header && IsGuid(*header) ? std::string(*header) : NewGuid(random_);
  return RenderEstsError(error,
                         EstsRequestContext{NewGuid(random_), correlation, clock_.WallNow()});
}

http::Response IdentityService::OpenIdMetadata(const http::Request& request,
                                               std::string_view tenant) {
  MetadataTenant resolved = ResolveMetadataTenant(world_, tenant);
  if (resolved.error) return MetadataError(request, *resolved.error);
  return JsonDocument(
      OpenIdConfiguration(resolved.base_url, resolved.segment, resolved.issuer_tenant));
}

http::Response IdentityService::Keys(const http::Request& request, std::string_view tenant) {
  MetadataTenant resolved = ResolveMetadataTenant(world_, tenant);
  if (resolved.error) return MetadataError(request, *resolved.error);
  std::string base = resolved.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // signing_key is immutable once serving starts, so it is read without World::mu.
  return JsonDocument(Jwks(world_.signing_key, base + "/" + resolved.issuer_tenant + "/v2.0"));
}

http::Response IdentityService::Instance(const http::Request& request) {
  auto query = ParseForm(request.query);
  const std::string* endpoint = query ? FindField(*query, "authorization_endpoint") : nullptr;
  std::string base_url;
  {
    std::lock_guard lock(world_.mu);
    base_url = world_.settings.base_url;
  }
  return JsonDocument(InstanceDiscovery(base_url, endpoint ? *endpoint : std::string()));
}

}  // namespace graphpost::sandbox::identity
