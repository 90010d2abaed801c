#include "sandbox/identity/access_token.hpp"

#include <boost/json/array.hpp>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "crypto/jwt.hpp"

namespace graphpost::sandbox::identity {
namespace {

long long Seconds(WallTime t) { return ToUnixSeconds(t); }

}  // namespace

boost::json::object AccessTokenClaims(const AccessTokenGrant& grant, Random& random) {
  std::string issuer = "https://sts.windows.net/" + grant.tenant_id + "/";
  long long issued = Seconds(grant.issued);
  long long backdated = issued - std::chrono::seconds(kIssuedAtBackdate).count();
  boost::json::object claims;
  claims["aud"] = kGraphResource;
  claims["iss"] = issuer;
  claims["iat"] = backdated;
  claims["nbf"] = backdated;
  claims["exp"] = issued + grant.lifetime.count();
  // aio and rh are opaque ESTS blobs; random bytes of a similar length stand in for them.
  claims["aio"] = Base64Encode(random.Bytes(60));
  claims["app_displayname"] = grant.app_display_name;
  claims["appid"] = grant.app_id;
  claims["appidacr"] = grant.authentication == ClientAuthentication::kCertificate ? "2" : "1";
  claims["idp"] = issuer;
  claims["idtyp"] = "app";
  claims["oid"] = grant.service_principal_id;
  claims["rh"] = "1.A" + Base64UrlEncode(random.Bytes(48)) + ".";
  if (!grant.roles.empty()) {
    boost::json::array roles;
    for (const std::string& role : grant.roles) roles.emplace_back(role);
    claims["roles"] = std::move(roles);
  }
  claims["sub"] = grant.service_principal_id;
  claims["tenant_region_scope"] = "WW";
  claims["tid"] = grant.tenant_id;
  claims["uti"] = Base64UrlEncode(random.Bytes(16));
  claims["ver"] = "1.0";
  return claims;
}

Result<std::string> MintAccessToken(const AccessTokenGrant& grant, const SigningKey& key,
                                    Random& random) {
  if (key.key.native() == nullptr) {
    return Fail(ErrorCode::kInternal, "the sandbox token-signing key is not loaded");
  }
  boost::json::object header;
  header["typ"] = "JWT";
  header["alg"] = "RS256";
  header["x5t"] = key.kid;
  header["kid"] = key.kid;
  return crypto::SignJwt(header, AccessTokenClaims(grant, random), key.key,
                         crypto::JwtAlgorithm::kRs256);
}

}  // namespace graphpost::sandbox::identity
